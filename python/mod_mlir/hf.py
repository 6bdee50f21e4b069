"""Hugging Face `transformers` models (or any causal-LM `torch.nn.Module`)
-> torch-mlir -> Mixture-of-Depths routing -> compiled CPU code.

    from mod_mlir import hf
    compiled = hf.compile(model, input_ids, capacity=0.125)       # every=2 offset=1 gate="raw"
    logits = compiled(input_ids)                                   # numpy [B, S, V]
    compiled.router_weights      # {layer: [D] float32}, random (seeded) unless given
    compiled.routed_layers       # [1, 3, ...]
    print(compiled.report)       # mod-route-dense's per-layer report

What `compile` does:

1. Exports a wrapper module `input_ids -> logits` (use_cache=False, and an
   all-ones `attention_mask` when the forward takes one) through torch-mlir's
   FX importer (`torch_mlir.fx.export_and_import(..., "linalg-on-tensors")`),
   in eval mode, under the math SDPA backend, with the model's
   non-persistent buffers made persistent for the export (all restored
   afterwards: the user's model is left as it was). Why each of these:
   docs/Python.md, "Hugging Face models".
2. Parses the IR with our MLIR 22 and runs
   `mod-route-dense{capacity= gate= every= offset= | layers= report=true}`;
   the router weights become function arguments `{mod.router = layer}`.
   Every selected layer must really be routed: a layer the pass left dense
   is a `RoutingError` naming the layer and the pass's remark.
3. Compiles with `pipeline` (default `mod-cpu-pipeline`) through the
   in-process JIT.

`capacity=None` or `layers=()` compiles the dense model (no routing).
Shapes are static: the compiled model takes input_ids of exactly the
example's shape [B, S].
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np

from .compiler import JIT, MLIRError, Module

__all__ = ["compile", "compile_decoder", "CompiledDecoder", "CompiledModel", "RoutingError", "export", "route"]

GATES = ("raw", "sigmoid", "none")
DEFAULT_PIPELINE = "mod-cpu-pipeline"


class RoutingError(ValueError):
    """A layer selected for routing was left dense by mod-route-dense."""


# -- export ----------------------------------------------------------------------------------------------

def _torch():
    try:
        import torch
    except ImportError as e:
        raise ImportError("mod_mlir.hf needs torch >= 2.4, torch-mlir and (for HF models) transformers: "
                          "bash scripts/install-hf-venv.sh installs them into build/hf-venv") from e
    return torch


class _LogitsOnly:
    """Built lazily (needs torch): a module `input_ids -> logits`."""

    @staticmethod
    def make(model, pass_mask: bool):
        torch = _torch()
        from .hf_reference import logits_of

        try:
            params = inspect.signature(model.forward).parameters
        except (TypeError, ValueError):
            params = {}
        var_kw = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values())
        takes = {name: (name in params or var_kw) for name in ("use_cache", "attention_mask", "input_ids")}

        class LogitsOnly(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids):
                kwargs = {}
                if takes["use_cache"]:
                    kwargs["use_cache"] = False
                if pass_mask and takes["attention_mask"]:
                    kwargs["attention_mask"] = torch.ones_like(input_ids)
                if takes["input_ids"]:
                    return logits_of(self.inner(input_ids=input_ids, **kwargs))
                return logits_of(self.inner(input_ids, **kwargs))

        return LogitsOnly(model)


@contextlib.contextmanager
def _export_ready(model):
    """Eval mode and persistent buffers, for the export only; restored after."""
    training = [(m, m.training) for m in model.modules()]
    made_persistent = []
    for m in model.modules():
        names = getattr(m, "_non_persistent_buffers_set", None)
        if names:
            for name in list(names):
                names.discard(name)
                made_persistent.append((m, name))
    model.eval()
    try:
        yield
    finally:
        for m, name in made_persistent:
            m._non_persistent_buffers_set.add(name)
        for m, was in training:
            m.training = was


def _math_sdpa():
    """The math SDPA backend (decomposable by the exporter), where torch has the switch."""
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel
    except ImportError:  # pragma: no cover - torch < 2.3
        return contextlib.nullcontext()
    return sdpa_kernel(SDPBackend.MATH)


def _as_torch_ids(input_ids):
    torch = _torch()
    if isinstance(input_ids, torch.Tensor):
        ids = input_ids
    else:
        ids = torch.as_tensor(np.asarray(input_ids))
    if ids.dim() != 2:
        raise ValueError(f"input_ids must be [batch, seq], got shape {tuple(ids.shape)}")
    if ids.dtype.is_floating_point or ids.dtype == torch.bool:
        raise ValueError(f"input_ids must hold integer token ids, got {ids.dtype}")
    return ids.to(torch.long)


BACKENDS = ("linalg-on-tensors", "tosa")


def export(model, input_ids, *, attention_mask: bool = True, func_name: str = "model",
           backend: str = "linalg-on-tensors") -> str:
    """torch-mlir's linalg-on-tensors text of `input_ids -> logits` for the
    model (see the module docstring). `backend`: torch-mlir's lowering to
    linalg ("linalg-on-tensors"), or its TOSA backend followed by upstream
    MLIR's tosa-to-linalg passes ("tosa": other IR for the same model:
    [1, B*S, D] matmuls, linalg.reduce, gathers over flattened indices;
    `torch_import.tosa_to_linalg`). ValueError when the export fails."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    torch = _torch()
    try:
        from torch_mlir import fx
    except ImportError as e:
        raise ImportError("mod_mlir.hf needs torch-mlir (bash scripts/install-hf-venv.sh)") from e
    from .torch_import import decomposition_table, module_text, tosa_to_linalg
    ids = _as_torch_ids(input_ids)
    wrapper = _LogitsOnly.make(model, attention_mask)
    with _export_ready(model), _math_sdpa(), torch.no_grad():
        try:
            mlir = fx.export_and_import(wrapper, ids, output_type=backend, func_name=func_name,
                                        decomposition_table=decomposition_table())
        except Exception as e:  # torch.export and the importer fail with many exception types
            msg = str(e).strip().splitlines()
            raise ValueError(f"torch-mlir could not export {type(model).__name__} ({backend}): "
                             f"{type(e).__name__}: {msg[0] if msg else ''}" + (" ..." if len(msg) > 1 else "")) from e
    return tosa_to_linalg(mlir) if backend == "tosa" else module_text(mlir)


# -- routing ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _captured_stderr(sink: list):
    """Collects what native code writes to file descriptor 2 (the pass reports)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            sink.append(tmp.read().decode(errors="replace"))


_LAYER_LINE = re.compile(r"^\s*layer (\d+): (routed|dense)\b.*?(?:\[(.*)\])?\s*$")


def _parse_report(report: str) -> dict[int, tuple[bool, str]]:
    out = {}
    for line in report.splitlines():
        m = _LAYER_LINE.match(line)
        if m:
            out[int(m.group(1))] = (m.group(2) == "routed", m.group(3) or "")
    return out


def router_arguments(module: Module, func_name: str = "model") -> list[tuple[int, int]]:
    """[(argument position, layer)] of the {mod.router = layer} arguments of @func_name."""
    text = str(module)
    m = re.search(r"func\.func @" + re.escape(func_name) + r"\((.*?)\)\s*->", text)
    if not m:
        raise MLIRError(f"no function @{func_name} in the routed module")
    args = re.findall(r"%arg(\d+): [^{,]+(?:\{([^}]*)\})?", m.group(1))
    out = []
    for pos, attrs in args:
        r = re.search(r"mod\.router = (\d+)", attrs or "")
        if r:
            out.append((int(pos), int(r.group(1))))
    return out


def route(module: Module, *, capacity: float, gate: str = "raw", every: int = 2, offset: int = 1,
          layers: Optional[Sequence[int]] = None, threshold: Optional[float] = None) -> str:
    """Runs mod-route-dense on `module` in place; returns its report."""
    opts = [f"capacity={capacity!r}", f"gate={gate}"]
    if layers is not None:
        opts.append("layers=" + ",".join(str(int(l)) for l in layers))
    else:
        opts += [f"every={int(every)}", f"offset={int(offset)}"]
    if threshold is not None:
        opts.append(f"threshold={threshold!r}")
    sink: list[str] = []
    with _captured_stderr(sink):
        module.run_pipeline("mod-route-dense{" + " ".join(opts) + " report=true}")
    return sink[0]


# -- the compiled model ----------------------------------------------------------------------------------

@dataclass
class CompiledModel:
    """A compiled (dense or MoD) model: `compiled(input_ids) -> logits` (numpy)."""

    jit: JIT
    input_shape: tuple[int, int]
    routed_layers: list[int]
    router_weights: dict[int, np.ndarray]
    report: str
    module: Module                      # the routed module (before lowering)
    pipeline: str
    num_layers: Optional[int] = None
    remarks: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)   # export/route/compile seconds
    func_name: str = "model"
    exported: str = ""                  # torch-mlir's text (reusable: compile(..., exported=...))
    _router_order: list[int] = field(default_factory=list)

    @property
    def dense(self) -> bool:
        return not self.routed_layers

    def __call__(self, input_ids, router_weights: Optional[Mapping[int, Any]] = None) -> np.ndarray:
        """Logits [B, S, V] (numpy, the model's float type) for input_ids (numpy or torch,
        shape exactly [B, S] as compiled); `router_weights` overrides the
        compiled model's for this call (layer -> [D])."""
        ids = input_ids
        if hasattr(ids, "detach"):  # a torch tensor
            ids = ids.detach().cpu().numpy()
        ids = np.asarray(ids)
        if ids.shape != self.input_shape:
            raise ValueError(f"input_ids must have the compiled shape {self.input_shape}, got {ids.shape} "
                             f"(shapes are static: compile again for another shape)")
        if not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"input_ids must hold integer token ids, got {ids.dtype}")
        first = self.router_weights[self.routed_layers[0]] if self.routed_layers else np.zeros(0, np.float32)
        weights = self.router_weights if router_weights is None else _router_weights(
            router_weights, self.routed_layers, first.shape[0], dtype=first.dtype)
        args = [ids.astype(np.int64)] + [weights[l] for l in self._router_order]
        logits, = self.jit.invoke(self.func_name, *args)
        return logits


def _router_weights(given: Optional[Mapping[int, Any]], layers: Iterable[int], dim: int,
                    seed: int = 0, dtype=np.float32) -> dict[int, np.ndarray]:
    """The routers' [dim] weights in `dtype` (the routed model's element
    type: float32, or float16 / float64 for models in those types)."""
    layers = list(layers)
    if given is None:
        rng = np.random.default_rng(seed)
        return {l: (rng.standard_normal(dim) / np.sqrt(dim)).astype(dtype) for l in layers}
    out = {}
    for l in layers:
        if l not in given:
            raise ValueError(f"router_weights has no entry for routed layer {l} (routed layers: {layers})")
        w = given[l]
        if hasattr(w, "detach"):
            w = w.detach().cpu().numpy()
        w = np.asarray(w, dtype=dtype)
        if w.shape != (dim,):
            raise ValueError(f"router_weights[{l}] must have shape ({dim},), got {w.shape}")
        out[l] = w
    return out


def _check_dtype(model) -> None:
    """bfloat16 models are refused before the export: the compiled
    function's arguments and logits would be bfloat16, which numpy (the
    JIT's interface) has no type for."""
    params = getattr(model, "parameters", None)
    dtypes = {p.dtype for p in params() if p.is_floating_point()} if callable(params) else set()
    torch = _torch()
    if torch.bfloat16 in dtypes:
        raise ValueError(f"{type(model).__name__} has bfloat16 parameters, which the compiled function's numpy "
                         f"interface cannot pass (numpy has no bfloat16): compile model.float() (float32), "
                         f"model.half() (float16) or model.double() (float64)")


def compile(model, input_ids, *, capacity: Optional[float], every: int = 2, offset: int = 1,
            layers: Optional[Sequence[int]] = None, gate: str = "raw",
            router_weights: Optional[Mapping[int, Any]] = None, pipeline: Optional[str] = None,
            seed: int = 0, attention_mask: bool = True, threshold: Optional[float] = None,
            shared_libs: Optional[Sequence[str]] = None, func_name: str = "model",
            exported: Optional[str] = None, opt_level: int = 3,
            backend: str = "linalg-on-tensors") -> CompiledModel:
    """Exports, routes and compiles `model` for input_ids of the example's
    shape. Routed layers: `layers` (decoder-layer indices) or every `every`
    from `offset`; `capacity=None` or `layers=()` gives the dense model.
    Extra options: `seed` (random router weights), `attention_mask`
    (export with an all-ones mask, default True), `threshold` (causal
    routing), `shared_libs` and `opt_level` (JIT), `func_name`, `exported`
    (the torch-mlir text of an earlier compile of the same model and shape,
    `compiled.exported`, to skip the export), `backend` (torch-mlir's
    lowering the export goes through: "linalg-on-tensors" or "tosa", see
    `export`).
    Raises ValueError when the export fails, RoutingError when a selected
    layer stays dense, MLIRError for compiler failures."""
    if gate not in GATES:
        raise ValueError(f"gate must be one of {GATES}, got {gate!r}")
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    if capacity is not None and not 0.0 < float(capacity) <= 1.0:
        raise ValueError(f"capacity must be in (0, 1], got {capacity}")
    pipeline = pipeline or DEFAULT_PIPELINE
    ids = _as_torch_ids(input_ids)
    _check_dtype(model)
    num_layers = None
    try:
        from .hf_reference import decoder_layers
        num_layers = len(decoder_layers(model)[1])
    except (ValueError, ImportError):
        pass
    dense = capacity is None or (layers is not None and len(layers) == 0)
    if not dense and ids.shape[1] < 2:
        raise ValueError(f"routing needs sequences of at least 2 tokens, got input_ids of shape "
                         f"{tuple(ids.shape)}: mod-route-dense tells a decoder layer's attention from its MLP by "
                         f"how they mix tokens, which one token does not do (compile with capacity=None, or "
                         f"generate with hf.compile_decoder)")
    if not dense and layers is not None and num_layers is not None:
        bad = [l for l in layers if not 0 <= int(l) < num_layers]
        if bad:
            raise ValueError(f"layers {bad} out of range: {type(model).__name__} has {num_layers} decoder layers")

    timings = {}
    t0 = time.perf_counter()
    text = exported if exported is not None else export(model, ids, attention_mask=attention_mask,
                                                          func_name=func_name, backend=backend)
    timings["export"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    module = Module.parse(text)
    routed_layers: list[int] = []
    if dense:
        report = "dense: no layer routed (" + ("capacity=None" if capacity is None else "layers=()") + ")\n"
    else:
        report = route(module, capacity=float(capacity), gate=gate, every=every, offset=offset,
                       layers=layers, threshold=threshold)
        status = _parse_report(report)
        if num_layers is not None and status and len(status) != num_layers:
            raise RoutingError(f"mod-route-dense found {len(status)} layer(s) in {type(model).__name__}, which has "
                               f"{num_layers} decoder layers, so its layer indices do not name the model's "
                               f"layers; report:\n{report}")
        for layer, (is_routed, why) in sorted(status.items()):
            if is_routed:
                routed_layers.append(layer)
            elif why != "not selected":
                remark = next((r for r in module.remarks if f"layer {layer} left dense" in r), why)
                raise RoutingError(f"layer {layer} of {type(model).__name__} was selected for routing but "
                                   f"mod-route-dense left it dense: {remark}")
        if not routed_layers:
            raise RoutingError(f"no layer of {type(model).__name__} was selected for routing "
                               f"(layers={layers}, every={every}, offset={offset}); report:\n{report}")
    timings["route"] = time.perf_counter() - t0
    order = router_arguments(module, func_name) if routed_layers else []
    if sorted(l for _, l in order) != routed_layers:
        raise MLIRError(f"router arguments {order} do not match the routed layers {routed_layers}")
    router_order = [l for _, l in sorted(order)]
    dim, dtype = 0, np.float32
    if routed_layers:
        ins, _ = module.signature(func_name)
        dim, dtype = ins[order[0][0]].shape[0], ins[order[0][0]].dtype
    weights = _router_weights(router_weights, routed_layers, dim, seed, dtype) if routed_layers else {}

    t0 = time.perf_counter()
    jit = JIT(module, pipeline=pipeline, opt_level=opt_level,
              shared_libs=list(shared_libs) if shared_libs is not None else None)
    timings["compile"] = time.perf_counter() - t0
    return CompiledModel(jit=jit, input_shape=tuple(ids.shape), routed_layers=routed_layers,
                         router_weights=weights, report=report, module=module, pipeline=pipeline,
                         num_layers=num_layers, remarks=list(module.remarks), timings=timings,
                         func_name=func_name, exported=text, _router_order=router_order)


from .hf_decode import CompiledDecoder, compile_decoder  # noqa: E402  (uses the helpers above)
