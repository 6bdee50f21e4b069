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
  models), feeds the prompt in one call (see below; `prefill=False`: one
  slot per step), and keeps the position ids, the padding mask
  and end-of-sequence handling of `transformers`' `generate`
  (`generation_config.eos_token_id` / `pad_token_id`: a finished row is
  padded, generation stops when every row is finished).

* Routed layers (`routed_layers`, causal routing, docs/Semantics.md
  section 2): during the export, each routed decoder layer's forward is
  wrapped (`_RoutedDecodeLayer`, restored afterwards): router logit
  r = x . w per row (w a step argument); the row goes through the layer iff
  r > threshold, y = x + g(r) (layer(x) - x), else y = x. In the decode
  step the layer runs once on the routed rows only, gathered into a batch
  of the next power of two, chosen at run time by `torch.cond`s (`scf.if`
  in the compiled step, see `torch_import.enable_cond_import`); with more
  than half the batch routed, on every row without gathers (the rows not
  routed keep x). A per-layer validity
  vector [B, T] (a step argument and result) records which slots hold
  tokens that went through the layer; the layer's attention mask is
  restricted to them, so a routed token attends to the earlier routed
  tokens and itself, at their original positions (RoPE applied when the
  keys were cached).
* The caches stay resident: the step updates the caller's arrays in place
  (`JIT(update_in_place=True)`, `mod-update-arguments-in-place`).
* `generate` feeds each prompt in one call (a prefill for P tokens, the same
  wrapper with [B, P] ids, compiled on first use per width).

Greedy tokens equal `transformers`' `generate` for the dense model and the
independent full-sequence causal-routing reference
(`hf_reference.causal_mod_forward`) for routed ones
(python/tests/hf/test_hf_decode.py: GPT-2, LLaMA, Qwen2, Mistral with a
sliding window shorter than the text, GPT-NeoX with parallel residual; B > 1
with prompts of different lengths).

Not yet: GPU.
"""

from __future__ import annotations

import contextlib
import gc
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


class _RowCache:
    """What a decoder layer sees of the cache inside a branch of a routed
    layer: its own layer's keys/values of the gathered rows ([m, H_kv, T,
    d]), written at `slot` out of place; the written key/value states are kept
    (`written`), so the branch can return them and the step writes them
    into the full cache."""

    def __init__(self, layer_idx: int, keys, values, slot):
        self.layer_idx, self.keys, self.values, self.slot = layer_idx, keys, values, slot
        self.written = None

    def update(self, key_states, value_states, layer_idx, *args, **kwargs):
        if layer_idx != self.layer_idx:
            raise ValueError(f"routed layer {self.layer_idx} updated the cache of layer {layer_idx}")
        if key_states.shape[-2] != 1:
            raise ValueError(f"routed layer {self.layer_idx}: a decode step writes one slot, got "
                             f"{key_states.shape[-2]}")
        index = self.slot.reshape(1)
        self.written = (key_states, value_states)
        return self.keys.index_copy(2, index, key_states), self.values.index_copy(2, index, value_states)


def _shares_storage(a, b) -> bool:
    """Whether tensors `a` and `b` are views of one storage."""
    import torch
    return torch._C._is_alias_of(a, b)  # also on the export's fake tensors


class _BatchSplit:
    """A layer call's arguments with every tensor replaced by a branch
    operand (passed whole); in the branch, `rebuild` takes the chosen rows
    of those whose leading dim is the batch (or n entries per batch row), and puts a `_RowCache` in the
    transformers Cache's place; everything else stays a constant."""

    class Leaf:
        def __init__(self, i, group):
            # group: 0, no batch dim; n >= 1, the leading dim holds n
            # consecutive entries per batch row (BLOOM's ALiBi bias is
            # [B * heads, 1, T]).
            self.i, self.group = i, group

    class CacheSlot:
        pass

    def __init__(self, arguments: dict, batch: int):
        from transformers.cache_utils import Cache
        self.operands = []
        self.cache = None

        def split(value):
            import torch
            if isinstance(value, torch.Tensor):
                lead = value.shape[0] if value.dim() >= 1 else 0
                per_row = lead // batch if lead and lead % batch == 0 else 0
                # torch.cond refuses operands that alias each other (GPT-J
                # passes one position tensor under two names): the same
                # tensor is one operand, a view of another's storage a copy.
                for i, seen in enumerate(self.operands):
                    if seen is value:
                        return _BatchSplit.Leaf(i, per_row)
                if any(_shares_storage(value, seen) for seen in self.operands):
                    value = value.clone()
                self.operands.append(value)
                return _BatchSplit.Leaf(len(self.operands) - 1, per_row)
            if isinstance(value, Cache):
                self.cache = value
                return _BatchSplit.CacheSlot()
            if isinstance(value, (tuple, list)):
                return type(value)(split(v) for v in value)
            if isinstance(value, dict):
                return {k: split(v) for k, v in value.items()}
            return value

        self.template = {k: split(v) for k, v in arguments.items()}

    def rebuild(self, operands, rows, row_cache) -> dict:
        """`rows` None: every row, as passed (no gather)."""
        def build(t):
            if isinstance(t, _BatchSplit.Leaf):
                value = operands[t.i]
                if not t.group or rows is None:
                    return value
                if t.group == 1:
                    return value.index_select(0, rows)
                rest = value.shape[1:]
                grouped = value.reshape(value.shape[0] // t.group, t.group, *rest).index_select(0, rows)
                return grouped.reshape(rows.shape[0] * t.group, *rest)
            if isinstance(t, _BatchSplit.CacheSlot):
                return row_cache
            if isinstance(t, (tuple, list)):
                return type(t)(build(v) for v in t)
            if isinstance(t, dict):
                return {k: build(v) for k, v in t.items()}
            return t
        return {k: build(v) for k, v in self.template.items()}


class _RoutedDecodeLayer:
    """The causally routed form of one decoder layer's forward in a decode
    step (docs/Semantics.md section 2), traced into the export: per row, the
    token goes through the layer iff its router logit r = x . w > threshold.
    The layer runs once, on the routed rows gathered into a batch of the
    next power of two (`torch.cond`s on their number: `scf.if`s in the
    compiled step), on their own keys/values (a `_RowCache`), and y = x +
    g(r) (layer(x) - x); a row that is not routed costs nothing (y = x). The keys/values the
    routed rows computed are written into the layer's cache at the slot
    (zeros for the others), and the layer's own validity vector [B, T] (a
    step argument and result) records which slots hold routed tokens, so
    the layer attends only to the earlier routed tokens and itself."""

    def __init__(self, layer, index: int, threshold: float, gate: str):
        self.forward = layer.forward  # the original (bound) forward
        self.signature = inspect.signature(self.forward)
        self.index, self.threshold, self.gate = index, threshold, gate
        self.inputs = None   # (router weight [D], validity [B, T], slot), set per trace
        self.validity = None  # the updated validity [B, T]
        self.extra_outputs = None  # outputs after the hidden states (a tuple-returning layer)

    def _mask(self, mask, valid, positions):
        """The layer's attention mask restricted to routed keys; `positions`
        [P]: the slots of this call's tokens (the queries)."""
        import torch
        keep = valid.to(torch.bool)[:, None, None, :]
        if mask is None:  # the model let SDPA be causal by itself: make it explicit
            return keep & (torch.arange(valid.shape[1])[None, :] <= positions[:, None])[None, None]
        if not isinstance(mask, torch.Tensor) or mask.dim() != 4:
            raise ValueError(f"layer {self.index}: cannot restrict an attention mask of type "
                             f"{type(mask).__name__} to routed tokens (a 4-d tensor was expected)")
        if mask.dtype == torch.bool:
            return mask & keep
        return mask.masked_fill(~keep, torch.finfo(mask.dtype).min)

    def _routed_rows(self, split: _BatchSplit, size: int):
        """The branch for 1..size routed rows: the layer on `size` rows (the
        routed ones first, then repeats of the first: they compute and
        write the same values), results put back at those rows;
        (y [B, 1, D], written keys, written values [B, H, 1, d], zero at
        rows that are not routed)."""
        import torch

        def through(x, gate, keys, values, slot, order, count, rows_at, chosen, *operands):
            rows = torch.where(rows_at[:size] < count, order[:size], order[:1])
            xs = x.index_select(0, rows)
            out, k, v = self._layer(split, operands, rows, xs, keys.index_select(0, rows),
                                    values.index_select(0, rows), slot)
            y = x.index_copy(0, rows, xs + (out - xs) * gate.index_select(0, rows).unsqueeze(-1))
            zeros = keys.new_zeros(keys.shape[:2] + (1,) + keys.shape[3:])
            return y, zeros.index_copy(0, rows, k), zeros.index_copy(0, rows, v)
        return through

    def _layer(self, split: _BatchSplit, operands, rows, x, keys, values, slot):
        """The original forward on `x` (the rows `rows` of the batch, None:
        all) with its cache `keys`/`values` of those rows: (output, the
        keys and values it wrote)."""
        cache = _RowCache(self.index, keys, values, slot)
        arguments = split.rebuild(operands, rows, cache)
        arguments[list(self.signature.parameters)[0]] = x
        bound = inspect.BoundArguments(self.signature, arguments)
        out = self._hidden(self.forward(*bound.args, **bound.kwargs))
        if cache.written is None:
            raise ValueError(f"layer {self.index} did not write its keys/values into the cache")
        return (out, *cache.written)

    def _all_rows(self, split: _BatchSplit):
        """The branch for more routed rows than the largest gathered batch:
        the layer on every row as it stands (no gather of rows, operands or
        caches: the gathers cost more than the rows they would save), y = x
        + g(r) (layer(x) - x) at the routed rows and x elsewhere; written
        keys/values zero at rows that are not routed."""
        import torch

        def through(x, gate, keys, values, slot, order, count, rows_at, chosen, *operands):
            out, k, v = self._layer(split, operands, None, x, keys, values, slot)
            y = torch.where(chosen[:, None, None], x + (out - x) * gate.unsqueeze(-1), x)
            keep = chosen[:, None, None, None]
            # Contiguous like the other branches' results (torch.cond wants
            # the same strides on both sides).
            def dense(t):
                return t.clone(memory_format=torch.contiguous_format)
            return dense(y), dense(torch.where(keep, k, 0.0)), dense(torch.where(keep, v, 0.0))
        return through

    def _hidden(self, out):
        """The hidden states of a layer's output: the tensor, or the first
        element of a tuple (BLOOM returns (hidden, attention weights);
        __call__ returns a tuple of the same length, the rest None: a
        decode step asks for no attention weights)."""
        import torch
        if isinstance(out, (tuple, list)) and out and isinstance(out[0], torch.Tensor):
            out = out[0]
        if not isinstance(out, torch.Tensor):
            raise ValueError(f"layer {self.index} returns {type(out).__name__}; routed decoding needs "
                             f"decoder layers that return the hidden states (a tensor or a tuple starting "
                             f"with it)")
        return out

    def _like_layer(self, y):
        """`y` in the structure of the layer's own output."""
        return y if self.extra_outputs is None else (y,) + (None,) * self.extra_outputs

    @staticmethod
    def _no_rows(x, gate, keys, values, *operands):
        """The branch when no row is routed: y = x, nothing written."""
        zeros = keys.new_zeros(keys.shape[:2] + (1,) + keys.shape[3:])
        return x.clone(), zeros, zeros.clone()

    def __call__(self, *args, **kwargs):
        import torch

        from .hf_reference import _apply_gate
        weight, valid, slot = self.inputs
        bound = self.signature.bind(*args, **kwargs)
        names = list(self.signature.parameters)
        x = bound.arguments[names[0]]  # [B, P, D]
        r = x.to(torch.float32) @ weight  # [B, P]
        routed = r > self.threshold
        positions = torch.arange(x.shape[1]) + slot
        self.validity = valid.index_copy(1, positions, routed.to(valid.dtype))
        if "attention_mask" in self.signature.parameters:
            bound.arguments["attention_mask"] = self._mask(bound.arguments.get("attention_mask"), self.validity,
                                                           positions)
        else:
            kw = next((n for n in names if self.signature.parameters[n].kind == inspect.Parameter.VAR_KEYWORD), None)
            if kw is None:
                raise ValueError(f"layer {self.index}: its forward takes no attention_mask")
            extra = dict(bound.arguments.get(kw, {}))
            extra["attention_mask"] = self._mask(extra.get("attention_mask"), self.validity, positions)
            bound.arguments[kw] = extra
        gate = _apply_gate(r, self.gate).to(x.dtype)  # [B, P]
        if x.shape[1] > 1:
            # A prefill: every token through the layer (exact: the mask keeps
            # each routed token to the routed ones; the others keep x).
            out = self._hidden(self.forward(*bound.args, **bound.kwargs))
            return self._like_layer(torch.where(routed.unsqueeze(-1), x + (out - x) * gate.unsqueeze(-1), x))
        arguments = dict(bound.arguments)
        del arguments[names[0]]
        batch = x.shape[0]
        split = _BatchSplit(arguments, batch)
        if split.cache is None:
            raise ValueError(f"layer {self.index}: its forward gets no transformers Cache")
        layer_cache = split.cache.layers[self.index]
        # The layer runs once on the routed rows only, gathered into a batch
        # of the next power of two up to B/2, else on all rows (one compiled branch
        # each, chosen at run time; torch.cond is scf.if in the step).
        chosen = routed[:, 0]
        count = chosen.sum()
        # The row indices, routed rows first (each group in row order).
        before = torch.cumsum(chosen.to(torch.int64), 0)
        place = torch.where(chosen, before - 1, count + torch.arange(batch) - before)
        order = torch.zeros(batch, dtype=torch.int64).index_copy(0, place, torch.arange(batch))
        operands = (x, gate, layer_cache.keys, layer_cache.values, torch.as_tensor(slot), order, count,
                    torch.arange(batch), chosen, *split.operands)
        # Gathered batches of 1, 2, 4, .. rows up to half the batch; more
        # routed rows than that run the layer on every row (_all_rows).
        sizes = [1 << i for i in range(batch.bit_length()) if 2 << i <= batch]

        def from_size(i):
            if i == len(sizes):
                return self._all_rows(split)
            return lambda *ops: torch.cond(ops[6] <= sizes[i], self._routed_rows(split, sizes[i]),
                                           from_size(i + 1), ops)  # ops[6]: the count
        y, written_k, written_v = torch.cond(count == 0, self._no_rows, from_size(0), operands)
        # The routed rows' keys/values at the slot (zeros elsewhere: the
        # validity vector keeps them out of every later attention).
        layer_cache.update(written_k, written_v)
        return self._like_layer(y)


def _step_module(model, num_layers: int, routed: dict, tokens: int = 1):
    """The wrapper module whose forward is one decode step of `tokens`
    tokens per row (1; more for a prefill: see the module docstring);
    `routed`: layer -> _RoutedDecodeLayer, patched in by the caller."""
    import torch
    from transformers.cache_utils import Cache

    from .hf_reference import logits_of

    layer_class = _functional_cache_layer_class()
    params = inspect.signature(model.forward).parameters
    cache_kw = "cache" if "cache" in params else "past_key_values"
    order = sorted(routed)

    class DecodeStep(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, attention_mask, position_ids, slot, *rest):
            kv = rest[:2 * num_layers]
            routing = rest[2 * num_layers:]  # per routed layer: router weight [D], validity [B, T]
            for i, l in enumerate(order):
                routed[l].inputs = (routing[2 * i], routing[2 * i + 1], slot)
            layers = [layer_class(kv[2 * l], kv[2 * l + 1], slot) for l in range(num_layers)]
            cache = Cache(layers=layers)
            out = self.inner(input_ids=ids, attention_mask=attention_mask, position_ids=position_ids,
                             use_cache=True, cache_position=torch.arange(tokens) + slot, **{cache_kw: cache})
            results = [logits_of(out)[:, -1]]
            for layer in layers:
                results += [layer.keys, layer.values]
            results += [routed[l].validity for l in order]
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


# Prompt length of the static-cache check (at most max_len - 1): long enough
# to cross the windows of small configs, short enough to cost little next
# to the compile.
_CHECK_TOKENS = 64


def _check_static_cache(model, shapes, max_len: int) -> None:
    """ValueError unless the model's own forward over the functional static
    cache (the step's formulation: `T` = max_len key slots, causality and
    windows by slot) gives the logits of its full forward: a prefill of up
    to _CHECK_TOKENS random tokens and one step after it, batch 1, eager.
    A family whose attention reads the number of keys it is given, not
    their positions (GPT-Neo's local attention slices its window out of a
    [max_positions]^2 table by key count), would decode silently wrong."""
    import torch

    from .hf import _export_ready, _math_sdpa
    from .hf_reference import logits_of
    tokens = min(max_len - 1, _CHECK_TOKENS)
    if tokens < 1:
        return
    layers = len(shapes) // 2
    vocab = int(model.get_input_embeddings().num_embeddings)
    ids = torch.randint(0, vocab, (1, tokens + 1), generator=torch.Generator().manual_seed(0))
    slots = torch.zeros(1, max_len, dtype=torch.long)
    slots[:, :tokens + 1] = 1
    caches = [torch.zeros((1,) + tuple(s[1:])) for s in shapes]
    with _export_ready(model), _math_sdpa(), torch.no_grad():
        want = logits_of(model(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=False))[0, -2:]
        first = slots.clone()
        first[:, tokens] = 0
        try:
            out = _step_module(model, layers, {}, tokens)(ids[:, :tokens], first, torch.arange(tokens)[None],
                                                          torch.tensor(0), *caches)
            last = _step_module(model, layers, {}, 1)(ids[:, tokens:], slots, torch.tensor([[tokens]]),
                                                      torch.tensor(tokens), *out[1:])
        except Exception as e:  # the model's own code, any exception type
            raise ValueError(f"{type(model).__name__}'s forward does not run over a static key/value cache "
                             f"(the decode step's formulation): {type(e).__name__}: {e}") from e
    got = torch.stack([out[0][0], last[0][0]])
    err = float((got - want).abs().max()) / max(float(want.abs().max()), 1e-30)
    if not err <= 1e-3:
        raise ValueError(
            f"{type(model).__name__} does not decode through a static key/value cache of {max_len} slots: its "
            f"forward with the cache as step arguments gives other logits than its full forward (relative "
            f"error {err:.2g} after {tokens} tokens), so compiled decoding would be wrong. Its attention "
            f"depends on the number of cached keys, not only on their positions (e.g. GPT-Neo's local "
            f"attention windows by key count: it decodes correctly only with max_len <= its window_size)")


def _layer_width(model, layers, index: int) -> int:
    """The width D of the hidden states decoder layer `index` takes (the
    router weight's size), from one eager token: not always the embedding
    width (OPT-350m projects its 512-wide embeddings to 1024)."""
    import torch
    width = []

    def record(module, args, kwargs):
        x = args[0] if args else next(iter(kwargs.values()))
        width.append(int(x.shape[-1]))
    hook = layers[index].register_forward_pre_hook(record, with_kwargs=True)
    try:
        with torch.no_grad():
            model(input_ids=torch.zeros((1, 1), dtype=torch.long), use_cache=False)
    finally:
        hook.remove()
    return width[0]


def _layer_extra_outputs(model, layers, indices) -> dict:
    """Per decoder layer in `indices`: None if it returns the hidden
    states tensor, else the number of outputs after them in its tuple
    (BLOOM: (hidden, attention weights)). Learnt from one eager forward of
    one token (the routed step's branches cannot record it: torch.cond
    allows no side effects)."""
    import torch
    extra, hooks = {}, []
    if not indices:
        return extra

    def hook(index):
        def record(module, args, out):
            extra[index] = len(out) - 1 if isinstance(out, (tuple, list)) else None
        return record
    try:
        for l in indices:
            hooks.append(layers[l].register_forward_hook(hook(l)))
        with torch.no_grad():
            model(input_ids=torch.zeros((1, 1), dtype=torch.long), use_cache=False)
    finally:
        for h in hooks:
            h.remove()
    return {l: extra.get(l) for l in indices}


@contextlib.contextmanager
def _routed_decode_layers(model, routed_layers, threshold, gate):
    """Patches the routed decoder layers' forward (restored on exit); yields
    layer -> _RoutedDecodeLayer."""
    from .hf_reference import decoder_layers
    _, layers = decoder_layers(model)
    extra = _layer_extra_outputs(model, layers, routed_layers)
    patched = {}
    try:
        for l in routed_layers:
            patched[l] = _RoutedDecodeLayer(layers[l], l, threshold, gate)
            patched[l].extra_outputs = extra[l]
            layers[l].forward = patched[l]
        yield patched
    finally:
        for l in patched:
            del layers[l].forward


def export_step(model, *, batch: int, max_len: int, routed_layers: Sequence[int] = (), threshold: float = 0.0,
                gate: str = "raw", dim: int = 0, func_name: str = "step", tokens: int = 1) -> tuple[str, list]:
    """torch-mlir's linalg-on-tensors text of one decode step of `model`,
    and the cache shapes ([B, H_kv, T, d], keys and values per layer).
    `tokens` > 1: a prefill of that many tokens per row (ids and position
    ids [B, tokens], written at slots slot .. slot + tokens - 1; the logits
    of the last one); routed layers then run every token (the routed ones
    keep their update; see _RoutedDecodeLayer).
    With `routed_layers`, those layers are causally routed (threshold on
    the router logit, `gate`); the step then also takes and returns, per
    routed layer in increasing order, its router weight [dim] (taken only)
    and its validity [B, T]. ValueError when the model cannot be exported
    this way."""
    import torch
    from torch_mlir import fx

    from .hf import _export_ready, _math_sdpa
    from .torch_import import decomposition_table, enable_cond_import, module_text
    enable_cond_import()  # routed layers are torch.cond per row
    shapes = _cache_shapes(model, batch, max_len)
    routing_args = []
    for _ in routed_layers:
        routing_args += [torch.zeros(dim), torch.zeros(batch, max_len, dtype=torch.long)]
    args = (torch.zeros(batch, tokens, dtype=torch.long), torch.ones(batch, max_len, dtype=torch.long),
            torch.zeros(batch, tokens, dtype=torch.long), torch.tensor(0),
            *[torch.zeros(s) for s in shapes], *routing_args)
    # The routed layers first: they run the model once eagerly, and a
    # forward may re-register a buffer as non-persistent (CTRL assigns
    # `self.pos_encoding = self.pos_encoding.to(...)`, an nn.Buffer that
    # keeps persistent=False), undoing _export_ready's change.
    with _routed_decode_layers(model, routed_layers, threshold, gate) as routed, _export_ready(model), \
            _math_sdpa(), torch.no_grad():
        step = _step_module(model, len(shapes) // 2, routed, tokens)
        try:
            text = module_text(fx.export_and_import(step, *args, output_type="linalg-on-tensors",
                                                    func_name=func_name, decomposition_table=decomposition_table()))
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
    threshold: float = 0.0
    gate: str = "raw"
    timings: dict[str, float] = field(default_factory=dict)  # export/compile seconds
    exported: str = ""
    func_name: str = "step"
    model: Any = None  # for the prefills, exported on first use
    dim: int = 0  # router weight length
    jit_options: dict = field(default_factory=dict)  # pipeline, opt_level, shared_libs
    prefill_prompts: bool = True  # generate: the prompt in one call
    prefill_jits: dict = field(default_factory=dict)  # tokens -> JIT

    def new_caches(self) -> list[np.ndarray]:
        """Zero key/value caches, then per routed layer a zero validity [B, T]."""
        return ([np.zeros(s, np.float32) for s in self.cache_shapes]
                + [np.zeros((self.batch, self.max_len), np.int64) for _ in self.routed_layers])

    def step(self, ids, attention_mask, position_ids, slot: int, caches: Sequence[np.ndarray]):
        """One token per row at cache slot `slot`: (logits [B, V], updated
        caches). `caches` as `new_caches()` lays them out; for a routed
        layer, validity[b, j] = 1 iff slot j of row b went through it.
        The compiled step updates the key/value caches in place (they are
        the same arrays in the returned list: nothing is copied per step);
        state it returns as new arrays (e.g. validity) replaces the old."""
        return self._call(self.jit, self.func_name, 1, ids, attention_mask, position_ids, slot, caches)

    def prefill(self, ids, attention_mask, position_ids, caches: Sequence[np.ndarray]):
        """The first P tokens of every row ([B, P] ids and position ids) in
        one call, at slots 0 .. P-1: (logits of the last one [B, V], updated
        caches), as P calls of `step` would give them. The prefill for P
        tokens is exported and compiled on first use (`prefill_jits`)."""
        tokens = int(np.shape(ids)[1])
        if tokens not in self.prefill_jits:
            t0 = time.perf_counter()
            text, _ = export_step(self.model, batch=self.batch, max_len=self.max_len,
                                  routed_layers=self.routed_layers, threshold=self.threshold, gate=self.gate,
                                  dim=self.dim, func_name="prefill", tokens=tokens)
            self.prefill_jits[tokens] = JIT(text, update_in_place=True, **self.jit_options)
            self.timings[f"prefill {tokens} compile"] = time.perf_counter() - t0
        return self._call(self.prefill_jits[tokens], "prefill", tokens, ids, attention_mask, position_ids, 0,
                          caches)

    def _call(self, jit, func_name, tokens, ids, attention_mask, position_ids, slot, caches):
        n = len(self.cache_shapes)
        routing = []
        for i, l in enumerate(self.routed_layers):
            routing += [self.router_weights[l], caches[n + i]]
        results = jit.invoke(func_name, np.asarray(ids, np.int64).reshape(self.batch, tokens),
                             np.asarray(attention_mask, np.int64), np.asarray(position_ids, np.int64)
                             .reshape(self.batch, tokens), np.array(slot, np.int64), *caches[:n], *routing)
        # Step arguments holding state, in the order of `caches`; those not
        # updated in place come back as results, in that order.
        state_args = list(range(4, 4 + n)) + [4 + n + 2 * i + 1 for i in range(len(self.routed_layers))]
        in_place = jit.in_place_args[func_name]
        returned = [k for k, a in enumerate(state_args) if a not in in_place]
        if len(results) != 1 + len(returned):
            raise RuntimeError(f"the compiled step returned {len(results)} results, expected "
                               f"{1 + len(returned)} (logits and the state not updated in place)")
        new = list(caches)
        for k, value in zip(returned, results[1:]):
            new[k] = value
        return results[0], new

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
        # No cyclic garbage collection during the loop: with torch and
        # transformers loaded, its periodic full passes over the heap took
        # a quarter of a B=4 step (the loop's objects are freed by their
        # reference counts; collection resumes afterwards).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._generate(ids, mask, max_new_tokens, do_sample, temperature, rng)
        finally:
            if collecting:
                gc.enable()

    def _generate(self, ids, mask, max_new_tokens, do_sample, temperature, rng):
        prompt = ids.shape[1]
        caches = self.new_caches()
        slots = np.zeros((self.batch, self.max_len), np.int64)
        slots[:, :prompt] = mask
        tokens = [ids[:, t] for t in range(prompt)]
        finished = np.zeros(self.batch, bool)
        out = []
        t0 = time.perf_counter()
        first, pending = 0, None  # pending: logits of slot `first`, already computed
        if max_new_tokens == 0:
            first = prompt  # nothing to compute
        elif self.prefill_prompts and prompt > 1:
            # The whole prompt in one call (slots 0 .. prompt - 1); the
            # loop goes on from the first new token.
            # transformers: position = number of real tokens before, 1 for padding
            position = np.where(mask == 1, np.cumsum(mask, axis=1) - 1, 1)
            pending, caches = self.prefill(ids, slots, position, caches)
            first = prompt - 1
        for t in range(first, prompt + max_new_tokens - 1):
            if t >= prompt:
                slots[:, t] = 1
            if pending is None:
                position = np.where(slots[:, t] == 1, slots[:, :t + 1].sum(axis=1) - 1, 1)
                logits, caches = self.step(tokens[t], slots, position, t, caches)
            else:
                logits, pending = pending, None
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
                    shared_libs: Optional[Sequence[str]] = None, seed: int = 0,
                    prefill: bool = True) -> CompiledDecoder:
    """A decode step of `model` (a `transformers` causal LM with a key/value
    cache) compiled for `batch` rows and `max_len` cache slots, with
    `.generate(...)`. `routed_layers=()` is the dense model; otherwise those
    decoder layers are causally routed: a token goes through one iff its
    router logit x . w > `threshold` (docs/Semantics.md section 2), the
    update weighted by `gate` (raw, sigmoid, none). `router_weights`: layer
    -> [D] (random with `seed` unless given; `.router_weights` has them).
    `prefill=True`: `generate` feeds each prompt in one call (a prefill
    function per prompt width, exported and compiled on first use);
    False: one slot per step. ValueError for bad arguments and models that
    cannot be exported."""
    from .hf import GATES, _router_weights, _torch
    from .hf_reference import decoder_layers
    torch = _torch()
    dtypes = {p.dtype for p in model.parameters() if p.is_floating_point()}
    if dtypes - {torch.float32}:
        raise ValueError(f"compile_decoder compiles float32 models; {type(model).__name__} has "
                         f"{', '.join(sorted(str(d).replace('torch.', '') for d in dtypes - {torch.float32}))} "
                         f"parameters (decode model.float(); hf.compile takes float16 and float64 models too)")
    if batch < 1 or max_len < 1:
        raise ValueError(f"batch and max_len must be >= 1, got batch={batch} max_len={max_len}")
    if gate not in GATES:
        raise ValueError(f"gate must be one of {GATES}, got {gate!r}")
    threshold = float(threshold)
    if np.isnan(threshold):
        raise ValueError("threshold must be a number (-inf routes every token, +inf none), got nan")
    routed = sorted({int(l) for l in routed_layers})
    dim = 0
    if routed:
        layers = decoder_layers(model)[1]
        num_layers = len(layers)
        bad = [l for l in routed if not 0 <= l < num_layers]
        if bad:
            raise ValueError(f"routed_layers {bad} out of range: {type(model).__name__} has {num_layers} "
                             f"decoder layers")
        dim = _layer_width(model, layers, routed[0])
    weights = _router_weights(router_weights, routed, dim, seed) if routed else {}
    timings = {}
    t0 = time.perf_counter()
    _check_static_cache(model, _cache_shapes(model, 1, max_len), max_len)
    timings["check"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    text, shapes = export_step(model, batch=batch, max_len=max_len, routed_layers=routed, threshold=threshold,
                               gate=gate, dim=dim)
    timings["export"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipeline = pipeline or DEFAULT_PIPELINE
    jit_options = dict(pipeline=pipeline, opt_level=opt_level,
                       shared_libs=list(shared_libs) if shared_libs is not None else None)
    jit = JIT(text, update_in_place=True, **jit_options)
    timings["compile"] = time.perf_counter() - t0
    gen = getattr(model, "generation_config", None)
    eos = getattr(gen, "eos_token_id", None)
    eos = [] if eos is None else ([int(eos)] if np.isscalar(eos) else [int(e) for e in eos])
    pad = getattr(gen, "pad_token_id", None)
    pad = int(pad) if pad is not None else (eos[0] if eos else None)
    return CompiledDecoder(jit=jit, batch=batch, max_len=max_len, cache_shapes=shapes, eos_token_id=eos,
                           pad_token_id=pad, pipeline=pipeline, routed_layers=routed, router_weights=weights,
                           threshold=threshold, gate=gate, timings=timings, exported=text, model=model, dim=dim,
                           jit_options=jit_options, prefill_prompts=prefill)
