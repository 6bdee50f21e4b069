"""Another importer's IR: Hugging Face `transformers` models exported to ONNX
(`torch.onnx.export`: the TorchScript exporter at opset 17, and the
torch.export-based one at opset 18 for some) and imported by
torch-mlir's ONNX importer and its onnx-to-torch and torch-to-linalg
pipelines (`mod_mlir.torch_import.import_onnx`). That IR differs from the
FX importer's: ONNX MatMul/Gather/Where/Softmax patterns, masks folded into
constants, gathers that index with `linalg.index`. It goes through the
same `hf.compile` (mod-route-dense, mod-cpu-pipeline): dense logits
against the model itself, routed against the reference
(`mod_mlir.hf_reference`).

Families: GPT-2 (eager), LLaMA (GQA, RoPE), Mistral (a sliding window
shorter than the text: a folded boolean mask constant), BLOOM (ALiBi, its
fused QKV split by ONNX Gathers with constant indices).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hf_testing import rel_err, require, seed

# onnxscript: torch.onnx.export(dynamo=True) needs it
torch, _, _, _, transformers = require("torch", "torch_mlir", "onnx", "onnxscript", "transformers")

from mod_mlir import hf  # noqa: E402
from mod_mlir import hf_reference as hr  # noqa: E402
from mod_mlir.torch_import import import_onnx  # noqa: E402

TOL = 1e-3
VOCAB = 100
_GQA = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
            vocab_size=VOCAB, max_position_embeddings=128, initializer_range=0.1, num_hidden_layers=2)
# name -> (model_type, config kwargs, (B, S), routed case (capacity, gate, selection))
FAMILIES = {
    "gpt2": ("gpt2", dict(n_embd=64, n_head=4, vocab_size=VOCAB, n_positions=128, n_layer=2, initializer_range=0.1),
             (2, 24), (0.5, "raw", dict(every=1, offset=0))),
    "llama": ("llama", _GQA, (1, 40), (0.125, "sigmoid", dict(layers=(1,)))),
    "mistral": ("mistral", dict(_GQA, sliding_window=8), (2, 24), (0.5, "sigmoid", dict(every=1, offset=0))),
    "bloom": ("bloom", dict(hidden_size=64, n_head=4, vocab_size=VOCAB, n_layer=2, initializer_range=0.1),
              (2, 24), (0.5, "raw", dict(every=1, offset=0))),
}
_MODELS: dict = {}
_IMPORTS: dict = {}


def model(family: str):
    if family not in _MODELS:
        model_type, kwargs, _, _ = FAMILIES[family]
        torch.manual_seed(seed(family, "onnx"))
        config = transformers.AutoConfig.for_model(model_type, attn_implementation="eager", **kwargs)
        _MODELS[family] = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    return _MODELS[family]


def input_ids(family: str) -> np.ndarray:
    b, s = FAMILIES[family][2]
    return np.random.default_rng(seed(family, b, s)).integers(0, VOCAB, (b, s)).astype(np.int64)


class _Logits(torch.nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, ids):
        return hr.logits_of(self.inner(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=False))


def imported(family: str, exporter: str, tmp_path_factory) -> str:
    """linalg-on-tensors text of the family's model through ONNX. A deep
    copy is exported: torch.onnx.export's TorchScript tracing changed the
    transformers model object it traced (OPT's logits afterwards differed
    from a fresh copy with the same weights by 1.5)."""
    key = (family, exporter)
    if key not in _IMPORTS:
        path = tmp_path_factory.mktemp("onnx") / f"{family}-{exporter}.onnx"
        options = (dict(dynamo=False, opset_version=17) if exporter == "torchscript"
                   else dict(dynamo=True, opset_version=18, external_data=False))
        with torch.no_grad():
            torch.onnx.export(_Logits(copy.deepcopy(model(family))), (torch.tensor(input_ids(family)),), str(path),
                              **options)
        _IMPORTS[key] = import_onnx(path)
    return _IMPORTS[key]


def router_weights(family: str) -> dict:
    rng = np.random.default_rng(seed(family, "router"))
    return {l: rng.standard_normal(64).astype(np.float32) for l in range(2)}


CASES = [(f, "torchscript") for f in FAMILIES] + [("llama", "dynamo"), ("bloom", "dynamo")]


@pytest.mark.parametrize("family,exporter", [pytest.param(f, e, marks=pytest.mark.xdist_group(f"onnx-{f}"),
                                                          id=f"{f}-{e}") for f, e in CASES])
def test_onnx_import_dense_and_routed(family, exporter, tmp_path_factory):
    text = imported(family, exporter, tmp_path_factory)
    assert "func.func @main_graph" in text and "torch." not in text
    ids = input_ids(family)
    with torch.no_grad():
        want = _Logits(model(family))(torch.tensor(ids)).numpy()
    dense = hf.compile(model(family), ids, capacity=None, exported=text, func_name="main_graph")
    assert rel_err(dense(ids), want) <= TOL
    cap, gate, sel = FAMILIES[family][3]
    w = router_weights(family)
    routed = hf.compile(model(family), ids, capacity=cap, gate=gate, router_weights=w, exported=text,
                        func_name="main_graph", **sel)
    layers = sorted(sel["layers"]) if "layers" in sel else [0, 1]
    assert routed.routed_layers == layers, routed.report
    ref = hr.mod_forward(model(family), ids, {l: (cap, gate, w[l]) for l in layers}).numpy()
    assert rel_err(routed(ids), ref) <= TOL
    assert rel_err(want, ref) > 20 * TOL  # routing changes the logits: the comparison discriminates
