"""Another lowering's IR: Hugging Face `transformers` models exported by
torch-mlir's TOSA backend and lowered by upstream MLIR's tosa-to-linalg
passes (`hf.export(..., backend="tosa")`, `torch_import.tosa_to_linalg`).
That IR differs from torch-mlir's own linalg lowering: every projection a
[1, B*S, D] x [1, D, N] batch_matmul, reductions as `linalg.reduce`,
embedding and index ops as gathers over flattened indices, casts and pads
of their own. It goes through the same `hf.compile` (mod-route-dense,
mod-cpu-pipeline): dense logits against the model itself, routed against
the reference (`mod_mlir.hf_reference`).

Families: GPT-2, LLaMA (GQA, RoPE), Mistral (sliding window), GPT-NeoX
(parallel residual), BLOOM (ALiBi) and OLMo 2, whose first layer has no
input norm: its first projection reads the embedding in TOSA's
[1, B*S, D] form while the residual sum reads it reshaped to [B, S, D];
mod-route-dense took layer 0 to be layer 0's MLP alone and the routed
model differed from the reference by 1.1 (relative), silently.
"""

from __future__ import annotations

import numpy as np
import pytest
from hf_testing import rel_err, require, seed

torch, _, transformers = require("torch", "torch_mlir", "transformers")

from mod_mlir import hf  # noqa: E402
from mod_mlir import hf_reference as hr  # noqa: E402
from mod_mlir.torch_import import tosa_to_linalg  # noqa: E402

TOL = 1e-3
VOCAB = 100
_GQA = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
            vocab_size=VOCAB, max_position_embeddings=128, initializer_range=0.1, num_hidden_layers=2)
_BOTH = dict(every=1, offset=0)
# name -> (model_type, config kwargs, (B, S), routed case (capacity, gate, selection))
FAMILIES = {
    "gpt2": ("gpt2", dict(n_embd=64, n_head=4, vocab_size=VOCAB, n_positions=128, n_layer=2, initializer_range=0.1),
             (2, 24), (0.5, "raw", _BOTH)),
    "llama": ("llama", _GQA, (1, 40), (0.125, "sigmoid", dict(layers=(0,)))),
    "mistral": ("mistral", dict(_GQA, sliding_window=8), (2, 24), (0.5, "sigmoid", _BOTH)),
    "gpt_neox": ("gpt_neox", dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, vocab_size=VOCAB,
                                  num_hidden_layers=2, initializer_range=0.1), (2, 24), (0.5, "raw", _BOTH)),
    "bloom": ("bloom", dict(hidden_size=64, n_head=4, vocab_size=VOCAB, n_layer=2, initializer_range=0.1),
              (2, 24), (0.5, "raw", _BOTH)),
    "olmo2": ("olmo2", _GQA, (2, 24), (0.5, "sigmoid", dict(layers=(0,)))),
}
_MODELS: dict = {}
_EXPORTS: dict = {}


def model(family: str):
    if family not in _MODELS:
        model_type, kwargs, _, _ = FAMILIES[family]
        torch.manual_seed(seed(family, "tosa"))
        config = transformers.AutoConfig.for_model(model_type, attn_implementation="eager", **kwargs)
        _MODELS[family] = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    return _MODELS[family]


def input_ids(family: str) -> np.ndarray:
    b, s = FAMILIES[family][2]
    return np.random.default_rng(seed(family, b, s)).integers(0, VOCAB, (b, s)).astype(np.int64)


def exported(family: str) -> str:
    if family not in _EXPORTS:
        _EXPORTS[family] = hf.export(model(family), input_ids(family), backend="tosa")
    return _EXPORTS[family]


def router_weights(family: str) -> dict:
    rng = np.random.default_rng(seed(family, "router"))
    return {l: rng.standard_normal(64).astype(np.float32) for l in range(2)}


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f"tosa-{f}")) for f in FAMILIES])
def test_tosa_export_dense_and_routed(family):
    text = exported(family)
    # TOSA's forms, lowered: no TOSA op is left, projections are batch_matmuls.
    assert "tosa." not in text and "linalg.batch_matmul" in text and "linalg.reduce" in text
    ids = input_ids(family)
    with torch.no_grad():
        want = hr.logits_of(model(family)(input_ids=torch.tensor(ids), use_cache=False)).numpy()
    dense = hf.compile(model(family), ids, capacity=None, exported=text)
    assert rel_err(dense(ids), want) <= TOL
    cap, gate, sel = FAMILIES[family][3]
    w = router_weights(family)
    routed = hf.compile(model(family), ids, capacity=cap, gate=gate, router_weights=w, exported=text, **sel)
    layers = sorted(sel["layers"]) if "layers" in sel else [0, 1]
    assert routed.routed_layers == layers, routed.report
    ref = hr.mod_forward(model(family), ids, {l: (cap, gate, w[l]) for l in layers}).numpy()
    assert rel_err(routed(ids), ref) <= TOL
    assert rel_err(want, ref) > 20 * TOL  # routing changes the logits: the comparison discriminates


def test_compile_takes_the_tosa_backend():
    """`hf.compile(..., backend="tosa")` exports through TOSA itself; the
    same routed model as the reference, and the same numbers as the
    linalg-on-tensors export (another lowering of the same model)."""
    family = "gpt2"
    ids = input_ids(family)
    w = router_weights(family)
    via_tosa = hf.compile(model(family), ids, capacity=0.25, gate="raw", router_weights=w, layers=(1,),
                          backend="tosa")
    assert "linalg.reduce" in via_tosa.exported
    direct = hf.compile(model(family), ids, capacity=0.25, gate="raw", router_weights=w, layers=(1,))
    ref = hr.mod_forward(model(family), ids, {1: (0.25, "raw", w[1])}).numpy()
    got = via_tosa(ids)
    assert rel_err(got, ref) <= TOL
    assert rel_err(got, direct(ids)) <= TOL


def test_tosa_errors_are_clear():
    with pytest.raises(ValueError, match="backend must be one of"):
        hf.export(model("gpt2"), input_ids("gpt2"), backend="stablehlo")
    with pytest.raises(ValueError, match="backend must be one of"):
        hf.compile(model("gpt2"), input_ids("gpt2"), capacity=None, backend="onnx")
    with pytest.raises(ValueError, match="could not lower TOSA to linalg"):
        tosa_to_linalg("func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> { %y = tosa.bogus %x }")
    # TOSA text from elsewhere (here: a two-op function) is lowered too.
    text = tosa_to_linalg("func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {\n"
                          "  %z = tosa.add %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>\n"
                          "  %t = tosa.tanh %z : (tensor<4xf32>) -> tensor<4xf32>\n"
                          "  return %t : tensor<4xf32>\n}")
    assert "tosa." not in text and "math.tanh" in text and "arith.addf" in text
