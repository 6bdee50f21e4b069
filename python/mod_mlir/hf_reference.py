"""An independent PyTorch reference of a Mixture-of-Depths model built from a
Hugging Face `transformers` causal LM (docs/Semantics.md section 1).

    logits = mod_forward(model, input_ids, {1: (0.25, "raw", w1), 3: (0.25, "raw", w3)})

It runs the model's own code: its forward computes the embeddings, the mask,
the rotary tables, every decoder layer, the final norm and the LM head as
transformers does. Only the forward of each routed decoder layer is replaced
(for the duration of the call) by the MoD form of that layer:

    r    = x . w                        router logits, float32          [B, S]
    k    = capacity_k(C, S)             (mod_mlir.reference)
    I    = top-k of r per row, ties to the lower position, ascending    [B, k]
    xs   = x[b, I[b]]                                                   [B, k, D]
    out  = layer(xs) on the selected tokens only, with their ORIGINAL
           positions: position_ids gathered by I, position_embeddings
           recomputed by the model's rotary module at those positions,
           the attention mask gathered by I along both token axes (for
           transformers' causal mask this is the causal mask over the
           compacted sequence; sliding windows stay windows in original
           positions)
    y    = x;  y[b, I[b, j]] += g(r[b, I[b, j]]) * (out - xs)[b, j]

A second formulation checks the first (`formulation="checked"`, the
default): the layer's own forward on ALL tokens, with every key that is not
selected masked out of the attention mask (so positions, rotary tables and
position biases are those of the full sequence), read at the selected rows.
The two agree for a layer that sees the sequence only through its
arguments (where only one applies, e.g. a per-token argument the first
cannot restrict, or a mask the second cannot, that one is the result);
where they differ (a layer that windows its own mask by the
number of keys it is given, as GPT-Neo's local attention does) the call is
a ValueError naming the layer, and `formulation="masked"` (original
positions throughout) or `"compact"` picks one.

Nothing here calls the compiler: it is the expected value for
`mod_mlir.hf.compile`. Works for any model whose decoder layers take the
hidden states first and otherwise only arguments it knows how to compact
(`attention_mask`, `position_ids`, `position_embeddings`, `cache_position`,
caches that are None, flags); any other per-token tensor argument is an
error naming it (such a family needs a small adapter here).
"""

from __future__ import annotations

import contextlib
import inspect
from typing import Iterator, Mapping, Optional

import numpy as np

from .reference import capacity_k

try:
    import torch
except ImportError as e:  # pragma: no cover - exercised where torch is absent
    raise ImportError("mod_mlir.hf_reference needs PyTorch") from e

from .torch_reference import topk

__all__ = ["decoder_layers", "rotary_module", "mod_forward", "causal_mod_forward", "logits_of"]


def decoder_layers(model: "torch.nn.Module") -> tuple[str, "torch.nn.ModuleList"]:
    """(qualified name, ModuleList) of the model's decoder layers: the
    outermost ModuleList of same-class modules whose length is
    `config.num_hidden_layers` (any such list when the model has no config)."""
    n = getattr(getattr(model, "config", None), "num_hidden_layers", None)
    best = None
    for name, m in model.named_modules():
        if not isinstance(m, torch.nn.ModuleList) or len(m) == 0:
            continue
        if len({type(c) for c in m}) != 1:
            continue
        if n is not None and len(m) != n:
            continue
        if best is None:
            best = (name, m)
    if best is None:
        raise ValueError(f"cannot find the decoder layers of {type(model).__name__} (a ModuleList of "
                         f"{n if n is not None else 'same-class'} layers)")
    return best


def rotary_module(model: "torch.nn.Module") -> Optional["torch.nn.Module"]:
    """The model-level rotary embedding module (class name ending in
    'RotaryEmbedding', outside the decoder layers), or None."""
    layers_name, _ = decoder_layers(model)
    for name, m in model.named_modules():
        if type(m).__name__.endswith("RotaryEmbedding") and not name.startswith(layers_name + "."):
            return m
    return None


def logits_of(output) -> "torch.Tensor":
    """The logits of a model's output (a ModelOutput with .logits, a tuple, or a tensor)."""
    if isinstance(output, torch.Tensor):
        return output
    if getattr(output, "logits", None) is not None:
        return output.logits
    if isinstance(output, (tuple, list)) and output:
        return output[0]
    raise TypeError(f"cannot find logits in a model output of type {type(output).__name__}")


def _apply_gate(values: "torch.Tensor", gate: str) -> "torch.Tensor":
    if gate == "raw":
        return values
    if gate == "sigmoid":
        return torch.sigmoid(values)
    if gate == "none":
        return torch.ones_like(values)
    raise ValueError(f"gate must be raw, sigmoid or none, got {gate!r}")


def _needs_more_than_positions(rotary) -> bool:
    """Whether the rotary module's forward needs arguments besides (x,
    position_ids) (Gemma 3: the layer type, sliding or full attention); the
    reference then gathers the per-token tables the layer was given."""
    params = list(inspect.signature(rotary.forward).parameters.values())[2:]
    return any(p.default is inspect.Parameter.empty and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                                    inspect.Parameter.KEYWORD_ONLY)
               for p in params)


def _per_batch(t: "torch.Tensor", batch: int) -> "torch.Tensor":
    return t.expand(batch, *t.shape[1:]) if t.shape[0] == 1 and batch != 1 else t


def _gather_tokens(t: "torch.Tensor", idx: "torch.Tensor", dim: int) -> "torch.Tensor":
    """t[b, ..., idx[b, j] (at dim), ...] for a tensor whose dim 0 is the batch."""
    t = _per_batch(t, idx.shape[0])
    shape = [idx.shape[0]] + [1] * (t.dim() - 1)
    shape[dim] = idx.shape[1]
    index = idx.reshape(shape).expand(*[t.shape[d] if d != dim else idx.shape[1] for d in range(t.dim())])
    return torch.gather(t, dim, index)


def _is_shared_key_bias(value, seq: int) -> bool:
    """Whether `value` is a key-position bias shared by the batch rows,
    [H, 1, L] with L >= seq (MPT's `position_bias`)."""
    return (isinstance(value, torch.Tensor) and value.dim() == 3 and value.shape[1] == 1
            and value.shape[-1] >= seq)


FORMULATIONS = ("checked", "compact", "masked")

# Relative tolerance within which the two formulations count as the same
# layer output (they differ by float32 rounding only: ~1e-7).
_FORMULATIONS_AGREE = 1e-4


def _true_allows(mask: "torch.Tensor") -> Optional[bool]:
    """For a boolean causal mask [.., S, S]: whether True means "may attend"
    (transformers' masks) or "masked" (some families', MPT's); None if it
    cannot tell. The last query may attend to itself and the first one not
    to the last key, in any causal mask."""
    if mask.shape[-1] < 2:
        return None
    if bool(mask[..., -1, -1].all()) and not bool(mask[..., 0, -1].any()):
        return True
    if not bool(mask[..., -1, -1].any()) and bool(mask[..., 0, -1].all()):
        return False
    return None


def _keys_restricted(mask, keys: "torch.Tensor", dtype, index: int):
    """The attention mask `mask` (None, [B, S] padding, or [B|1, 1|H, S, S]
    boolean or additive) with every key not in `keys` [B, S] masked out:
    the mask for a layer run on all tokens of which only the `keys` may be
    attended to (causal by position; the model's own mask kept)."""
    b, s = keys.shape
    allowed = torch.tril(torch.ones(s, s, dtype=torch.bool))[None, None] & keys[:, None, None, :]
    if mask is None:
        return torch.where(allowed, torch.zeros((), dtype=dtype), torch.tensor(torch.finfo(dtype).min, dtype=dtype))
    if isinstance(mask, torch.Tensor) and mask.dim() == 2 and mask.shape[-1] == s:
        return mask * keys.to(mask.dtype)
    if isinstance(mask, torch.Tensor) and mask.dim() == 4 and tuple(mask.shape[-2:]) == (s, s):
        if mask.dtype != torch.bool:  # additive: 0 where allowed, the dtype's minimum where not
            return torch.where(allowed, mask, torch.finfo(mask.dtype).min)
        true_allows = _true_allows(mask)
        if true_allows is not None:
            return mask & allowed if true_allows else mask | ~allowed
    raise NotImplementedError(f"layer {index}: attention_mask "
                              f"{type(mask).__name__ if not isinstance(mask, torch.Tensor) else tuple(mask.shape)}")


def _attending_rows(mask, b: int, s: int) -> "torch.Tensor":
    """[B, S]: the query rows that may attend to some key under the model's
    mask. The others (left padding: every key masked) get an output that
    depends on the implementation (softmax over equal minima, over however
    many keys there are), which no later real token reads."""
    rows = torch.ones(b, s, dtype=torch.bool)
    if isinstance(mask, torch.Tensor) and mask.dim() == 2 and tuple(mask.shape) == (b, s):
        return mask != 0
    if not (isinstance(mask, torch.Tensor) and mask.dim() == 4 and tuple(mask.shape[-2:]) == (s, s)):
        return rows
    if mask.dtype != torch.bool:
        allowed = mask > torch.finfo(mask.dtype).min / 2
    else:
        true_allows = _true_allows(mask)
        if true_allows is None:
            return rows
        allowed = mask if true_allows else ~mask
    return rows & allowed.any(-1).any(1)


def _close(a: "torch.Tensor", b: "torch.Tensor", rows: "torch.Tensor") -> tuple[bool, float]:
    """Whether a and b ([B, S, ...]) agree at the rows `rows` [B, S]."""
    a, b = a[rows], b[rows]
    if a.numel() == 0:
        return True, 0.0
    scale = max(float(a.abs().max()), float(b.abs().max()), 1e-30)
    err = float((a - b).abs().max()) / scale
    return err <= _FORMULATIONS_AGREE, err


class _RoutedLayer:
    """The MoD replacement of one decoder layer's forward."""

    def __init__(self, layer, index: int, capacity: float, gate: str, weight, rotary, log,
                 formulation: str = "checked"):
        if formulation not in FORMULATIONS:
            raise ValueError(f"formulation must be one of {FORMULATIONS}, got {formulation!r}")
        self.layer, self.index = layer, index
        self.capacity, self.gate = capacity, gate
        self.weight = torch.as_tensor(np.asarray(weight, dtype=np.float32))
        self.rotary = rotary
        self.forward = layer.forward  # the original (bound) forward
        self.signature = inspect.signature(self.forward)
        self.log = log
        self.formulation = formulation

    def _mask_slot(self) -> Optional[str]:
        """Where the layer takes its attention mask: None for its own
        parameter, else the name of its **kwargs parameter."""
        if "attention_mask" in self.signature.parameters:
            return None
        kw = next((n for n, p in self.signature.parameters.items() if p.kind == inspect.Parameter.VAR_KEYWORD), None)
        if kw is None:
            raise NotImplementedError(f"layer {self.index}: its forward takes no attention_mask")
        return kw

    def _mask_of(self, arguments: dict):
        kw = self._mask_slot()
        return (arguments if kw is None else arguments.get(kw, {})).get("attention_mask")

    def _masked_forward(self, arguments: dict, keys: "torch.Tensor"):
        """The original forward on all tokens (every argument as given)
        with the attention mask restricted to the keys `keys` [B, S]."""
        x = arguments[next(iter(self.signature.parameters))]
        mask = _keys_restricted(self._mask_of(arguments), keys, x.dtype, self.index)
        new = dict(arguments)
        kw = self._mask_slot()
        if kw is None:
            new["attention_mask"] = mask
        else:
            new[kw] = dict(arguments.get(kw, {}), attention_mask=mask)
        call = inspect.BoundArguments(self.signature, new)
        return self.forward(*call.args, **call.kwargs)

    def _mismatch(self, err: float) -> ValueError:
        return ValueError(
            f"layer {self.index} ({type(self.layer).__name__}): the reference's two formulations differ "
            f"(relative {err:.2g}): the layer on the selected tokens alone vs on all tokens with the other keys "
            f"masked out. The layer's output depends on more than its arguments say (e.g. GPT-Neo's local "
            f"attention windows its own mask by the number of keys); pass formulation='masked' (positions, "
            f"windows and biases of the full sequence) or 'compact'")

    def _compact(self, name: str, value, idx: "torch.Tensor", seq: int, xs: "torch.Tensor", bound):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if name == "position_ids":
            return _gather_tokens(value, idx, 1)
        if name == "cache_position":
            return None  # only used to update a KV cache (none here)
        if name == "position_embeddings":
            if self.rotary is not None and not _needs_more_than_positions(self.rotary):
                pos = bound.get("position_ids")
                pos = (_gather_tokens(pos, idx, 1) if isinstance(pos, torch.Tensor)
                       else idx)
                return self.rotary(xs, position_ids=pos)
            return tuple(_gather_tokens(t, idx, 1) for t in value)
        if name == "attention_mask":
            if not isinstance(value, torch.Tensor):
                raise NotImplementedError(f"layer {self.index}: attention_mask of type "
                                          f"{type(value).__name__} (the reference gathers tensors only)")
            if value.dim() == 2:  # [B, S] padding mask
                return _gather_tokens(value, idx, 1)
            if value.dim() == 4 and value.shape[-2] == seq and value.shape[-1] == seq:
                return _gather_tokens(_gather_tokens(value, idx, 2), idx, 3)
            raise NotImplementedError(f"layer {self.index}: attention_mask of shape {tuple(value.shape)}")
        if name == "alibi" and isinstance(value, torch.Tensor) and value.dim() == 3 and value.shape[-1] == seq:
            # BLOOM's ALiBi bias [B * H, 1, S] (slope x key position): the
            # selected keys keep their original positions' biases.
            b = idx.shape[0]
            per_row = value.reshape(b, value.shape[0] // b, 1, seq)
            return _gather_tokens(per_row, idx, 3).reshape(value.shape[0], 1, idx.shape[1])
        if (name == "alibi" and isinstance(value, torch.Tensor) and value.dim() == 4
                and value.shape[-2] == 1 and value.shape[-1] == seq):
            # Falcon's ALiBi bias (alibi=True) [B, H, 1, S]: the selected keys'.
            return _gather_tokens(value, idx, 3)
        if name == "position_bias" and _is_shared_key_bias(value, seq):
            # MPT's ALiBi bias [H, 1, L] (slope x key position), of which
            # the layer adds its last `keys` columns to every row's scores:
            # the selected keys' columns of the last `seq`, so that they
            # keep their original positions' biases (one row at a time:
            # the bias has no batch dim).
            if idx.shape[0] != 1:
                raise NotImplementedError(f"layer {self.index}: position_bias for {idx.shape[0]} rows at once")
            return value[..., value.shape[-1] - seq:][..., idx[0]]
        if isinstance(value, torch.Tensor):
            raise NotImplementedError(f"layer {self.index}: the MoD reference does not know how to restrict the "
                                      f"argument '{name}' (shape {tuple(value.shape)}) to the selected tokens; "
                                      f"this model family needs an adapter in mod_mlir.hf_reference")
        return value  # caches (None in use), configs, other objects

    def _forward_on(self, arguments: dict, xs: "torch.Tensor", idx: "torch.Tensor", seq: int):
        """The original forward on the tokens `idx` [B', k] of a sequence of
        `seq`: the hidden states `xs`, every other argument compacted."""
        new = {}
        first = next(iter(self.signature.parameters))
        for name, value in arguments.items():
            kind = self.signature.parameters[name].kind
            if name == first:
                new[name] = xs
            elif kind == inspect.Parameter.VAR_KEYWORD:
                new[name] = {kn: self._compact(kn, kv, idx, seq, xs, arguments | value) for kn, kv in value.items()}
            elif kind == inspect.Parameter.VAR_POSITIONAL:
                if any(isinstance(v, torch.Tensor) for v in value):
                    raise NotImplementedError(f"layer {self.index}: positional *args tensors")
                new[name] = value
            else:
                new[name] = self._compact(name, value, idx, seq, xs, arguments)
        call = inspect.BoundArguments(self.signature, new)
        return self.forward(*call.args, **call.kwargs)

    def __call__(self, *args, **kwargs):
        bound = self.signature.bind(*args, **kwargs)
        names = list(self.signature.parameters)
        x = bound.arguments[names[0]]
        b, s, d = x.shape
        k = capacity_k(self.capacity, s)
        r = x.to(torch.float32) @ self.weight
        vals, idx = topk(r, k)
        if self.log is not None:
            self.log[self.index] = idx.clone()
        rows = idx.unsqueeze(-1).expand(b, k, d)
        xs = torch.gather(x, 1, rows)
        weight = _apply_gate(vals, self.gate).unsqueeze(-1).to(x.dtype)
        keys = torch.zeros(b, s, dtype=torch.bool).scatter_(1, idx, True)
        y, extra = self._formulations(
            bound.arguments, keys,
            lambda hidden: x.scatter_add(1, rows, (torch.gather(hidden, 1, rows) - xs) * weight),
            lambda: self._compact_call(bound, x, xs, idx, rows, weight))
        return y if extra is None else (y,) + extra

    def _formulations(self, arguments: dict, keys: "torch.Tensor", from_all, compact):
        """(y, the layer's outputs after the hidden states or None) by
        `self.formulation`: `from_all(hidden states of the layer run on all
        tokens with only `keys` [B, S] attended)` -> y, or `compact()` ->
        (y, extra); "checked" computes both and raises where they differ,
        or takes the one that applies (the other NotImplementedError)."""
        masked = extra_masked = None
        if self.formulation != "compact":
            try:
                out = self._masked_forward(arguments, keys)
            except NotImplementedError:
                if self.formulation == "masked":
                    raise
            else:
                masked = from_all(out if isinstance(out, torch.Tensor) else out[0])
                extra_masked = None if isinstance(out, torch.Tensor) else tuple(out[1:])
                if self.formulation == "masked":
                    return masked, extra_masked
        try:
            y, extra = compact()
        except NotImplementedError:
            if masked is None:
                raise
            return masked, extra_masked
        if masked is not None:
            same, err = _close(y, masked, _attending_rows(self._mask_of(arguments), *y.shape[:2]))
            if not same:
                raise self._mismatch(err)
        return y, extra

    def _compact_call(self, bound, x, xs, idx, rows, weight):
        """The layer on the selected tokens only: (y, the layer's outputs
        after the hidden states, or None)."""
        b, s = x.shape[:2]
        if b > 1 and _is_shared_key_bias(bound.arguments.get("position_bias"), s):
            # A bias without a batch dim cannot hold each row's selected
            # keys: the layer runs one row at a time.
            outs = [self._forward_on({n: _CausalRoutedLayer._row(v, row, b, n)
                                      for n, v in bound.arguments.items()},
                                     xs[row:row + 1], idx[row:row + 1], s) for row in range(b)]
            out = (torch.cat(outs) if isinstance(outs[0], torch.Tensor)
                   else (torch.cat([o[0] for o in outs]),) + tuple(outs[0][1:]))
        else:
            out = self._forward_on(bound.arguments, xs, idx, s)
        hidden = out if isinstance(out, torch.Tensor) else out[0]
        return (x.scatter_add(1, rows, (hidden - xs) * weight),
                None if isinstance(out, torch.Tensor) else tuple(out[1:]))


class _CausalRoutedLayer(_RoutedLayer):
    """The causally routed (threshold) replacement of one decoder layer's
    forward (docs/Semantics.md section 2): token s of row b goes through the
    layer iff r[b, s] > threshold; per row, the layer runs on that row's
    routed tokens only (original positions, mask gathered), so a routed
    token attends to the earlier routed tokens and itself."""

    def __init__(self, layer, index: int, threshold: float, gate: str, weight, rotary, log,
                 formulation: str = "checked"):
        super().__init__(layer, index, 1.0, gate, weight, rotary, log, formulation)
        self.threshold = threshold

    def __call__(self, *args, **kwargs):
        bound = self.signature.bind(*args, **kwargs)
        names = list(self.signature.parameters)
        x = bound.arguments[names[0]]
        b, s, d = x.shape
        r = x.to(torch.float32) @ self.weight
        routed = r > self.threshold
        if self.log is not None:
            self.log[self.index] = [torch.nonzero(routed[row]).reshape(-1) for row in range(b)]
        weight = _apply_gate(r, self.gate).unsqueeze(-1).to(x.dtype)
        y, extra = self._formulations(
            bound.arguments, routed,
            lambda hidden: torch.where(routed.unsqueeze(-1), x + (hidden - x) * weight, x),
            lambda: self._compact_call(bound, x, r, routed, args, kwargs))
        return y if extra is None else (y,) + extra

    def _compact_call(self, bound, x, r, routed, args, kwargs):
        """Per row, the layer on that row's routed tokens only: (y, the
        layer's outputs after the hidden states, or None)."""
        b, s, _ = x.shape
        y = x.clone()
        extra = None
        routed_any = False
        for row in range(b):
            idx = torch.nonzero(routed[row]).reshape(1, -1)
            if idx.shape[1] == 0:
                continue
            routed_any = True
            xs = x[row:row + 1, idx[0]]
            row_args = {name: self._row(value, row, b, name) for name, value in bound.arguments.items()}
            out = self._forward_on(row_args, xs, idx, s)
            hidden = out if isinstance(out, torch.Tensor) else out[0]
            extra = None if isinstance(out, torch.Tensor) else tuple(out[1:])
            update = (hidden - xs) * _apply_gate(r[row:row + 1, idx[0]], self.gate).unsqueeze(-1).to(x.dtype)
            y[row, idx[0]] += update[0]
        if extra is None and not routed_any:
            # No token routed: the layer's output structure still decides ours.
            out = self.forward(*args, **kwargs)
            extra = None if isinstance(out, torch.Tensor) else tuple(out[1:])
        return y, extra

    @staticmethod
    def _row(value, row: int, batch: int, name: str = ""):
        """`value` restricted to batch row `row` (tensors and tuples of tensors with a batch dim)."""
        if name == "position_bias" and _is_shared_key_bias(value, 0):
            return value  # MPT's key-position bias [H, 1, L]: no batch dim
        if name == "alibi" and isinstance(value, torch.Tensor) and value.dim() and value.shape[0] % batch == 0:
            # BLOOM's ALiBi bias: [B * H, 1, S], H entries per row.
            heads = value.shape[0] // batch
            return value[row * heads:(row + 1) * heads]
        if isinstance(value, torch.Tensor):
            return value[row:row + 1] if value.dim() and value.shape[0] == batch and batch != 1 else value
        if isinstance(value, tuple) and value and all(isinstance(v, torch.Tensor) for v in value):
            return tuple(_CausalRoutedLayer._row(v, row, batch) for v in value)
        if isinstance(value, dict):
            return {k: _CausalRoutedLayer._row(v, row, batch) for k, v in value.items()}
        return value


@contextlib.contextmanager
def _patched_layers(model: "torch.nn.Module", routing: Mapping[int, tuple], make) -> Iterator[None]:
    """Within the block, decoder layer `index`'s forward is
    make(layer, index, spec, rotary) for each (index, spec) of `routing`."""
    _, layers = decoder_layers(model)
    rotary = rotary_module(model)
    patched = []
    try:
        for index, spec in sorted(routing.items()):
            if not 0 <= index < len(layers):
                raise ValueError(f"layer {index} out of range: the model has {len(layers)} decoder layers")
            layer = layers[index]
            layer.forward = make(layer, index, spec, rotary)
            patched.append(layer)
        yield
    finally:
        for layer in patched:
            del layer.forward  # back to the class's forward


def routed(model: "torch.nn.Module", routing: Mapping[int, tuple], log: Optional[dict] = None,
           formulation: str = "checked"):
    """Within the block, model(...) runs the MoD model: `routing` maps a
    decoder-layer index to (capacity, gate, router weight [D]);
    `formulation`: see the module docstring."""
    return _patched_layers(model, routing, lambda layer, index, spec, rotary:
                           _RoutedLayer(layer, index, spec[0], spec[1], spec[2], rotary, log, formulation))


def causally_routed(model: "torch.nn.Module", routing: Mapping[int, tuple], threshold: float,
                    log: Optional[dict] = None, formulation: str = "checked"):
    """Within the block, model(...) runs the causally routed MoD model:
    `routing` maps a decoder-layer index to (gate, router weight [D]); a
    token goes through a routed layer iff its router logit > `threshold`."""
    return _patched_layers(model, routing, lambda layer, index, spec, rotary:
                           _CausalRoutedLayer(layer, index, threshold, spec[0], spec[1], rotary, log,
                                              formulation))


def causal_mod_forward(model: "torch.nn.Module", input_ids, routing: Mapping[int, tuple], threshold: float, *,
                       log: Optional[dict] = None, formulation: str = "checked",
                       **forward_kwargs) -> "torch.Tensor":
    """Logits of the causally routed MoD form of `model` on the whole
    sequence (no cache); `routing`: layer -> (gate, weight [D]); `log`, if
    given, receives layer -> per row the routed positions; `formulation`:
    see the module docstring."""
    ids = torch.as_tensor(np.asarray(input_ids) if not isinstance(input_ids, torch.Tensor) else input_ids)
    with torch.no_grad(), causally_routed(model, routing, threshold, log, formulation):
        return logits_of(model(input_ids=ids.to(torch.long), use_cache=False, **forward_kwargs))


def mod_forward(model: "torch.nn.Module", input_ids, routing: Mapping[int, tuple], *,
                log: Optional[dict] = None, formulation: str = "checked",
                **forward_kwargs) -> "torch.Tensor":
    """Logits of the MoD form of `model` on `input_ids` (no grad, eval mode
    required of the caller); `log`, if given, receives layer -> selected
    positions [B, k]; `formulation`: see the module docstring."""
    ids = torch.as_tensor(np.asarray(input_ids) if not isinstance(input_ids, torch.Tensor) else input_ids)
    with torch.no_grad(), routed(model, routing, log, formulation):
        return logits_of(model(input_ids=ids.to(torch.long), use_cache=False, **forward_kwargs))
