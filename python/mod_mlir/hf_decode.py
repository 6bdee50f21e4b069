"""Autoregressive decoding of Hugging Face `transformers` causal LMs through
our compiler: one decode step is exported from the user's model and
compiled; `generate` runs it token by token.

    from mod_mlir import hf
    dec = hf.compile_decoder(model, batch=2, max_len=64)
    out = dec.generate(input_ids, max_new_tokens=20)          # greedy; [B, P + new]
    out = dec.generate(input_ids, 20, do_sample=True, seed=0)  # sampling

How the step is made (no hand-written copy of any model family):

* A wrapper module `step(ids [B,1], attention_mask [B,T], position_ids [B,1],
  slot [], K_0, V_0, ..., K_{L-1}, V_{L-1}) -> (logits [B,V], K_0', V_0', ...)`
  calls the model's own forward with a *functional static cache*: a
  `transformers` `Cache` whose layers hold `[B, H_kv, T, d]` key/value
  tensors that are the step's arguments and whose `update` writes the new
  token's keys/values at `slot` out of place (`index_copy`), so the updated
  caches are the step's results. The model builds its masks the way it does
  for its own static cache (`T` keys, causality by slot), so sliding windows
  and padding behave as in `transformers`.
* torch-mlir exports the wrapper (the same path as `hf.export`: eval mode,
  math SDPA, persistent buffers, all restored) to linalg-on-tensors; the
  cache writes become `tm_tensor.scatter`, which `mod-cpu-pipeline` lowers.
* `generate` left-pads the prompts (as `transformers` does for decoder-only
  models), feeds the prompt one slot at a time (so one compiled function
  serves prefill and decode), and keeps the position ids, the padding mask
  and end-of-sequence handling of `transformers`' `generate`
  (`generation_config.eos_token_id` / `pad_token_id`: a finished row is
  padded, generation stops when every row is finished).

Greedy tokens equal `transformers`' `generate` (python/tests/hf/test_hf_decode.py:
GPT-2, LLaMA, Qwen2, Mistral with a sliding window shorter than the text,
GPT-NeoX with parallel residual; B > 1 with prompts of different lengths).

Not yet: routed (Mixture-of-Depths) layers in the step (`routed_layers`
must be empty), caches resident in the compiled code (each step passes
them in and gets them back), GPU.
"""

from __future__ import annotations

import inspect
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np

from .compiler import JIT

DEFAULT_PIPELINE = "mod-cpu-pipeline"


def _functional_cache_layer_class():
    from transformers.cache_utils import StaticLayer

    class FunctionalStaticLayer(StaticLayer):
        """A static cache layer whose tensors are given (step arguments) and
        whose update is out of place (step results)."""

        def __init__(self, keys, values, slot):
            super().__init__(max_cache_len=keys.shape[2])
            self.keys, self.values = keys, values
            self.cumulative_length = slot
            self.is_initialized = True
            self.device = keys.device
            self.batch_size, self.num_heads = keys.shape[:2]
            self.k_head_dim, self.v_head_dim = keys.shape[-1], values.shape[-1]

        def update(self, key_states, value_states, *args, **kwargs):
            import torch
            index = torch.arange(key_states.shape[-2], device=key_states.device) + self.cumulative_length
            self.keys = self.keys.index_copy(2, index, key_states)
            self.values = self.values.index_copy(2, index, value_states)
            return self.keys, self.values

    return FunctionalStaticLayer


def _step_module(model, num_layers: int):
    """The wrapper module whose forward is one decode step (see the module docstring)."""
    import torch
    from transformers.cache_utils import Cache

    from .hf_reference import logits_of

    layer_class = _functional_cache_layer_class()
    params = inspect.signature(model.forward).parameters
    cache_kw = "cache" if "cache" in params else "past_key_values"

    class DecodeStep(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, attention_mask, position_ids, slot, *kv):
            layers = [layer_class(kv[2 * l], kv[2 * l + 1], slot) for l in range(num_layers)]
            cache = Cache(layers=layers)
            out = self.inner(input_ids=ids, attention_mask=attention_mask, position_ids=position_ids,
                             use_cache=True, cache_position=torch.arange(1) + slot, **{cache_kw: cache})
            results = [logits_of(out)[:, -1]]
            for layer in layers:
                results += [layer.keys, layer.values]
            return tuple(results)

    return DecodeStep(model)


def _cache_shapes(model, batch: int, max_len: int) -> list[tuple[int, ...]]:
    """[B, H_kv, T, d] of each layer's keys and values, read off one eager
    token through the model's own dynamic cache."""
    import torch
    with torch.no_grad():
        out = model(input_ids=torch.zeros(batch, 1, dtype=torch.long), use_cache=True)
    cache = getattr(out, "past_key_values", None)
    layers = getattr(cache, "layers", None)
    if not layers or any(getattr(l, "keys", None) is None for l in layers):
        raise ValueError(f"{type(model).__name__} does not return a transformers key/value cache "
                         f"(use_cache=True gave {type(cache).__name__}); compile_decoder needs one")
    shapes = []
    for layer in layers:
        for t in (layer.keys, layer.values):
            if t.dim() != 4:
                raise ValueError(f"{type(model).__name__}'s cache holds {t.dim()}-d tensors; compile_decoder "
                                 f"needs [batch, heads, length, head_dim]")
            shapes.append((batch, t.shape[1], max_len, t.shape[3]))
    return shapes


def export_step(model, *, batch: int, max_len: int, func_name: str = "step") -> tuple[str, list]:
    """torch-mlir's linalg-on-tensors text of one decode step of `model`,
    and the cache shapes ([B, H_kv, T, d], keys and values per layer).
    ValueError when the model cannot be exported this way."""
    import torch
    from torch_mlir import fx

    from .hf import _export_ready, _math_sdpa
    shapes = _cache_shapes(model, batch, max_len)
    step = _step_module(model, len(shapes) // 2)
    args = (torch.zeros(batch, 1, dtype=torch.long), torch.ones(batch, max_len, dtype=torch.long),
            torch.zeros(batch, 1, dtype=torch.long), torch.tensor(0),
            *[torch.zeros(s) for s in shapes])
    with _export_ready(model), _math_sdpa(), torch.no_grad():
        try:
            text = str(fx.export_and_import(step, *args, output_type="linalg-on-tensors", func_name=func_name))
        except Exception as e:  # torch.export and the importer fail with many exception types
            msg = str(e).strip().splitlines()
            raise ValueError(f"torch-mlir could not export a decode step of {type(model).__name__}: "
                             f"{type(e).__name__}: {msg[0] if msg else ''}" + (" ..." if len(msg) > 1 else "")) from e
    return text, shapes


@dataclass
class CompiledDecoder:
    """A compiled decode step of a causal LM and a `generate` loop on it."""

    jit: JIT
    batch: int
    max_len: int
    cache_shapes: list
    eos_token_id: list[int]
    pad_token_id: Optional[int]
    pipeline: str
    routed_layers: list[int] = field(default_factory=list)
    router_weights: dict[int, np.ndarray] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # export/compile seconds
    exported: str = ""
    func_name: str = "step"

    def new_caches(self) -> list[np.ndarray]:
        return [np.zeros(s, np.float32) for s in self.cache_shapes]

    def step(self, ids, attention_mask, position_ids, slot: int, caches: Sequence[np.ndarray]):
        """One token per row at cache slot `slot`: (logits [B, V], updated caches)."""
        results = self.jit.invoke(self.func_name, np.asarray(ids, np.int64).reshape(self.batch, 1),
                                  np.asarray(attention_mask, np.int64), np.asarray(position_ids, np.int64)
                                  .reshape(self.batch, 1), np.array(slot, np.int64), *caches)
        return results[0], results[1:]

    def _left_padded(self, input_ids, attention_mask):
        if isinstance(input_ids, (list, tuple)) and input_ids and not np.isscalar(input_ids[0]):
            rows = [np.asarray(r.detach().cpu().numpy() if hasattr(r, "detach") else r).reshape(-1)
                    for r in input_ids]
            if attention_mask is not None:
                raise ValueError("attention_mask goes with a [B, P] input_ids array, not a list of prompts")
            width = max(len(r) for r in rows)
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for b, r in enumerate(rows):
                if len(r):
                    ids[b, width - len(r):] = r
                    mask[b, width - len(r):] = 1
        else:
            ids = input_ids.detach().cpu().numpy() if hasattr(input_ids, "detach") else np.asarray(input_ids)
            if ids.ndim != 2:
                raise ValueError(f"input_ids must be [batch, length] or a list of prompts, got shape {ids.shape}")
            mask = np.ones(ids.shape, np.int64) if attention_mask is None else np.asarray(
                attention_mask.detach().cpu().numpy() if hasattr(attention_mask, "detach") else attention_mask)
            if mask.shape != ids.shape:
                raise ValueError(f"attention_mask {mask.shape} must have the shape of input_ids {ids.shape}")
            if (np.diff(mask, axis=1) < 0).any():
                raise ValueError("prompts must be left-padded (attention_mask 0s before 1s in every row)")
        if not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"input_ids must hold integer token ids, got {ids.dtype}")
        if ids.shape[0] != self.batch:
            raise ValueError(f"compiled for batch {self.batch}, got {ids.shape[0]} prompts "
                             f"(compile_decoder(..., batch={ids.shape[0]}))")
        if (mask.sum(axis=1) == 0).any():
            raise ValueError("every prompt needs at least one token")
        return ids.astype(np.int64), mask.astype(np.int64)

    def generate(self, input_ids, max_new_tokens: int, do_sample: bool = False, seed: Optional[int] = None,
                 attention_mask=None, temperature: float = 1.0) -> np.ndarray:
        """Prompt followed by up to `max_new_tokens` new tokens per row
        ([B, P + n], left-padded like the input), as `transformers`'
        `generate` returns them. `input_ids`: [B, P] (with an optional
        left-padded `attention_mask`) or a list of B prompts of any lengths.
        Greedy by default; `do_sample=True` samples from softmax(logits /
        temperature) with numpy's generator seeded by `seed`."""
        if max_new_tokens < 0:
            raise ValueError(f"max_new_tokens must be >= 0, got {max_new_tokens}")
        if do_sample and not temperature > 0:
            raise ValueError(f"temperature must be > 0, got {temperature}")
        ids, mask = self._left_padded(input_ids, attention_mask)
        prompt = ids.shape[1]
        if prompt + max_new_tokens > self.max_len + 1:
            raise ValueError(f"prompt length {prompt} + max_new_tokens {max_new_tokens} exceeds the compiled "
                             f"max_len {self.max_len} (+1: the last token needs no cache slot)")
        rng = np.random.default_rng(seed)
        caches = self.new_caches()
        slots = np.zeros((self.batch, self.max_len), np.int64)
        slots[:, :prompt] = mask
        tokens = [ids[:, t] for t in range(prompt)]
        finished = np.zeros(self.batch, bool)
        out = []
        t0 = time.perf_counter()
        for t in range(prompt + max_new_tokens - 1):
            if t >= prompt:
                slots[:, t] = 1
            # transformers: position = number of real tokens before, 1 for padding
            position = np.where(slots[:, t] == 1, slots[:, :t + 1].sum(axis=1) - 1, 1)
            logits, caches = self.step(tokens[t], slots, position, t, caches)
            if t < prompt - 1:
                continue
            token = self._next_token(logits, do_sample, temperature, rng)
            if self.eos_token_id:
                if self.pad_token_id is not None:
                    token = np.where(finished, self.pad_token_id, token)
                finished |= np.isin(token, self.eos_token_id)
            tokens.append(token)
            out.append(token)
            if self.eos_token_id and finished.all():
                break
        self.timings["generate"] = time.perf_counter() - t0
        if max_new_tokens == 0:
            return ids
        return np.concatenate([ids, np.stack(out, axis=1)], axis=1)

    @staticmethod
    def _next_token(logits, do_sample, temperature, rng):
        if not do_sample:
            return logits.argmax(axis=-1).astype(np.int64)
        z = logits.astype(np.float64) / temperature
        z -= z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=-1, keepdims=True)
        return np.array([rng.choice(p.shape[-1], p=row) for row in p], np.int64)


def compile_decoder(model, *, routed_layers: Sequence[int] = (), threshold: float = 0.0,
                    router_weights: Optional[dict] = None, gate: str = "raw", batch: int = 1,
                    max_len: int = 256, pipeline: Optional[str] = None, opt_level: int = 3,
                    shared_libs: Optional[Sequence[str]] = None) -> CompiledDecoder:
    """A decode step of `model` (a `transformers` causal LM with a key/value
    cache) compiled for `batch` rows and `max_len` cache slots, with
    `.generate(...)`. `routed_layers=()` is the dense model; routed decode
    (`routed_layers`, `threshold`, `router_weights`, `gate`) is not
    implemented yet and raises NotImplementedError. ValueError for bad
    arguments and models that cannot be exported."""
    if routed_layers:
        raise NotImplementedError(
            "compile_decoder: routed (Mixture-of-Depths) layers in a transformers decode step are not "
            "implemented yet (issue 16); routed_layers=() compiles the dense model. Our own GPT decodes "
            "with routed layers through mod_mlir.decode.DecodeSession.")
    if batch < 1 or max_len < 1:
        raise ValueError(f"batch and max_len must be >= 1, got batch={batch} max_len={max_len}")
    del threshold, router_weights, gate  # used once routed decode exists
    timings = {}
    t0 = time.perf_counter()
    text, shapes = export_step(model, batch=batch, max_len=max_len)
    timings["export"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipeline = pipeline or DEFAULT_PIPELINE
    jit = JIT(text, pipeline=pipeline, opt_level=opt_level,
              shared_libs=list(shared_libs) if shared_libs is not None else None)
    timings["compile"] = time.perf_counter() - t0
    gen = getattr(model, "generation_config", None)
    eos = getattr(gen, "eos_token_id", None)
    eos = [] if eos is None else ([int(eos)] if np.isscalar(eos) else [int(e) for e in eos])
    pad = getattr(gen, "pad_token_id", None)
    pad = int(pad) if pad is not None else (eos[0] if eos else None)
    return CompiledDecoder(jit=jit, batch=batch, max_len=max_len, cache_shapes=shapes, eos_token_id=eos,
                           pad_token_id=pad, pipeline=pipeline, timings=timings, exported=text)
