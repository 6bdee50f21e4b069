"""Hugging Face `transformers` models through mod_mlir.hf: torch-mlir export
-> mod-route-dense -> mod-cpu-pipeline -> JIT, against
- the model itself (dense; every layer routed at capacity 1 with gate none),
- the independent PyTorch MoD reference mod_mlir.hf_reference (routed).

Families (small random-init float32 configs, hidden 64, 4 heads): FAMILIES
below (GPT-2 eager and sdpa, LLaMA, Qwen2, Mistral, GPT-NeoX, GPT-J, BLOOM,
OPT, Falcon with and without ALiBi, MPT, GPT-Neo, and the post-LayerNorm
GPT-1 and OPT-350m layouts).
Tolerance: max |ours - expected| <= 1e-3 * max |expected|.

Every test that uses a family's model is in that family's xdist group, so
`pytest -n 2 --dist loadgroup` (test/Python/hf-models.test) spreads the
families over two processes and each process still exports and compiles a
family's models once.

Needs torch, torch-mlir and transformers (scripts/install-hf-venv.sh puts
them into build/hf-venv); skipped without them, except where
MOD_MLIR_HF_REQUIRED=1 (scripts/test.sh sets it): then missing packages
fail. Exports and compiles are cached per module, so each model is exported
once per shape and each routing compiled once per pipeline.
"""

from __future__ import annotations

import copy
import time

import numpy as np
import pytest
from hf_testing import rel_err, require, seed

torch, _, transformers = require("torch", "torch_mlir", "transformers")

from mod_mlir import hf  # noqa: E402
from mod_mlir import hf_reference as hr  # noqa: E402
from mod_mlir.reference import capacity_k  # noqa: E402

TOL = 1e-3
VOCAB = 100
PIPELINES = {"default": None, "threads2": "mod-cpu-pipeline{threads=2}", "portable": "mod-cpu-pipeline{portable=true}"}

_GQA = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
            vocab_size=VOCAB, max_position_embeddings=128, initializer_range=0.1)
_GPT2 = dict(n_embd=64, n_head=4, vocab_size=VOCAB, n_positions=128, bos_token_id=0, eos_token_id=0,
             initializer_range=0.1)

# name -> (model_type, config kwargs)
FAMILIES = {
    "gpt2-eager": ("gpt2", dict(_GPT2, n_layer=2, attn_implementation="eager")),
    "gpt2-sdpa": ("gpt2", dict(_GPT2, n_layer=2, attn_implementation="sdpa")),
    "llama": ("llama", dict(_GQA, num_hidden_layers=4)),
    "qwen2": ("qwen2", dict(_GQA, num_hidden_layers=2)),
    "mistral": ("mistral", dict(_GQA, num_hidden_layers=2, sliding_window=24)),
    "gpt-neox": ("gpt_neox", dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, vocab_size=VOCAB,
                                  max_position_embeddings=128, num_hidden_layers=2, rotary_pct=0.25,
                                  use_parallel_residual=True, initializer_range=0.1)),
    "gptj": ("gptj", dict(n_embd=64, n_head=4, rotary_dim=8, vocab_size=VOCAB, n_positions=128, n_layer=2,
                          initializer_range=0.1)),
    # ALiBi position biases instead of position embeddings.
    "bloom": ("bloom", dict(hidden_size=64, n_head=4, vocab_size=VOCAB, n_layer=2, initializer_range=0.1)),
    # Learned positions offset by 2; the MLP adds its residual on [B*S, D].
    "opt": ("opt", dict(hidden_size=64, ffn_dim=128, num_attention_heads=4, vocab_size=VOCAB,
                        max_position_embeddings=128, num_hidden_layers=2, word_embed_proj_dim=64, init_std=0.1)),
    # Multi-query attention, k/v picked from the fused QKV by advanced indexing with aranges.
    "falcon": ("falcon", dict(hidden_size=64, num_attention_heads=4, vocab_size=VOCAB, num_hidden_layers=2,
                              initializer_range=0.1, new_decoder_architecture=False, multi_query=True)),
    # Falcon with ALiBi ([B, H, 1, S] biases) and multi-head attention.
    "falcon-alibi": ("falcon", dict(hidden_size=64, num_attention_heads=4, vocab_size=VOCAB, num_hidden_layers=2,
                                    initializer_range=0.1, new_decoder_architecture=False, multi_query=False,
                                    alibi=True)),
    # ALiBi as a [H, 1, max_seq_len] `position_bias` shared by the batch rows, fused QKV split by chunk.
    "mpt": ("mpt", dict(d_model=64, n_heads=4, n_layers=2, vocab_size=VOCAB, max_seq_len=128, initializer_range=0.1)),
    # Post-LayerNorm layers: h = LN(x + attn(x)), y = LN(h + mlp(h)); no final norm.
    "gpt1": ("openai-gpt", dict(n_embd=64, n_head=4, n_layer=2, vocab_size=VOCAB, n_positions=128,
                                initializer_range=0.1)),
    # OPT-350m's layout: post-LayerNorm, 32-wide embeddings projected to the layers' 64 and back.
    "opt-postln": ("opt", dict(hidden_size=64, ffn_dim=128, num_attention_heads=4, vocab_size=VOCAB,
                               max_position_embeddings=128, num_hidden_layers=2, word_embed_proj_dim=32,
                               do_layer_norm_before=False, init_std=0.1)),
    # Global, then local attention (a window of 8 keys cut from a table by key count); no attention scaling.
    "gpt-neo": ("gpt_neo", dict(hidden_size=64, num_heads=4, num_layers=2, attention_types=[[["global", "local"], 1]],
                                window_size=8, vocab_size=VOCAB, max_position_embeddings=128,
                                initializer_range=0.1)),
}

# The reference's formulation per family (hf_reference: "checked" unless
# its two formulations legitimately differ). GPT-Neo's local layers window
# their mask by the number of keys they are given, so the layer run on the
# selected tokens alone windows by rank among them; MoD keeps original
# positions (docs/Semantics.md), which the masked formulation does.
FORMULATION = {"gpt-neo": "masked"}

# Per family: the dense shape (also used by case "a") and two routed cases;
# (B, S, capacity, gate, selection), selection = dict(every=, offset=) or dict(layers=).
# Together they cover B in {1, 2}, S in {16, 24, 40, 64}, capacities 0.125/0.5,
# every gate, every/offset and layers= selections.
CASES = {
    "gpt2-eager": {"dense": (2, 16), "a": (2, 16, 0.5, "raw", dict(every=2, offset=1)),
                   "b": (1, 40, 0.125, "sigmoid", dict(layers=(0, 1)))},
    "gpt2-sdpa": {"dense": (2, 64), "a": (2, 64, 0.125, "raw", dict(every=1, offset=0)),
                  "b": (1, 24, 0.5, "none", dict(layers=(1,)))},
    "llama": {"dense": (2, 64), "a": (2, 64, 0.125, "raw", dict(every=2, offset=1)),
              "b": (1, 40, 0.5, "sigmoid", dict(layers=(0, 2)))},
    "qwen2": {"dense": (1, 24), "a": (1, 24, 0.5, "sigmoid", dict(every=1, offset=0)),
              "b": (2, 64, 0.125, "none", dict(layers=(1,)))},
    "mistral": {"dense": (2, 64), "a": (2, 64, 0.5, "raw", dict(every=2, offset=0)),
                "b": (2, 16, 0.125, "sigmoid", dict(layers=(0, 1)))},
    "gpt-neox": {"dense": (2, 40), "a": (2, 40, 0.125, "none", dict(every=2, offset=1)),
                 "b": (1, 64, 0.5, "raw", dict(layers=(0, 1)))},
    "gptj": {"dense": (2, 24), "a": (2, 24, 0.5, "sigmoid", dict(every=1, offset=0)),
             "b": (1, 40, 0.125, "raw", dict(layers=(1,)))},
    "bloom": {"dense": (2, 40), "a": (2, 40, 0.125, "raw", dict(every=1, offset=0)),
              "b": (1, 24, 0.5, "none", dict(layers=(0,)))},
    "opt": {"dense": (2, 24), "a": (2, 24, 0.5, "raw", dict(every=2, offset=1)),
            "b": (1, 40, 0.125, "sigmoid", dict(layers=(0, 1)))},
    "falcon": {"dense": (1, 40), "a": (2, 24, 0.5, "none", dict(every=1, offset=0)),
               "b": (2, 40, 0.125, "raw", dict(layers=(1,)))},
    "falcon-alibi": {"dense": (2, 24), "a": (2, 24, 0.5, "sigmoid", dict(every=1, offset=0)),
                     "b": (1, 40, 0.125, "raw", dict(layers=(0,)))},
    "mpt": {"dense": (2, 40), "a": (2, 24, 0.5, "raw", dict(every=1, offset=0)),
            "b": (1, 40, 0.125, "sigmoid", dict(layers=(1,)))},
    "gpt1": {"dense": (2, 24), "a": (2, 24, 0.5, "sigmoid", dict(every=1, offset=0)),
             "b": (1, 40, 0.125, "raw", dict(layers=(1,)))},
    "opt-postln": {"dense": (2, 40), "a": (1, 24, 0.5, "none", dict(every=2, offset=1)),
                   "b": (2, 40, 0.125, "raw", dict(layers=(0, 1)))},
    "gpt-neo": {"dense": (2, 24), "a": (2, 24, 0.5, "raw", dict(every=1, offset=0)),
                "b": (1, 64, 0.125, "sigmoid", dict(layers=(1,)))},
}

# Case "a" of every family on the default pipeline, and on threads=2 / portable=true
# for some (the JIT's LLVM codegen costs ~4-5 s of CPU per decoder layer, so
# the matrix is kept sparse; LLaMA gets both).
THREADS2 = ("llama", "mistral")
PORTABLE = ("llama", "qwen2", "gpt-neox")
ROUTED = ([(f, "a", "default") for f in FAMILIES] + [(f, "a", "threads2") for f in THREADS2]
          + [(f, "a", "portable") for f in PORTABLE] + [(f, "b", "default") for f in FAMILIES])

_MODELS: dict = {}
_EXPORTS: dict = {}
_EXPORT_SECONDS = [0.0]
_COMPILED: dict = {}
ERRORS: dict = {}  # (family, what) -> relative max error, printed at the end


def by_family(families):
    """Parameters, each in its family's xdist group."""
    return [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in families]


def model(family: str):
    if family not in _MODELS:
        model_type, kwargs = FAMILIES[family]
        torch.manual_seed(seed(family))
        config = transformers.AutoConfig.for_model(model_type, **kwargs)
        _MODELS[family] = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    return _MODELS[family]


def input_ids(family: str, b: int, s: int) -> np.ndarray:
    return np.random.default_rng(seed(family, b, s)).integers(0, VOCAB, (b, s)).astype(np.int64)


def router_weights(family: str, dim: int = 64) -> dict:
    """One [D] router weight per decoder layer; N(0, 1) so that router
    logits are of order 1 (the residual stream is ~N(0, 0.1^2) per element)
    and raw and sigmoid gates weigh the updates visibly."""
    rng = np.random.default_rng(seed(family, "router"))
    kwargs = FAMILIES[family][1]
    n = next(kwargs[k] for k in ("num_hidden_layers", "n_layer", "n_layers", "num_layers") if k in kwargs)
    return {l: rng.standard_normal(dim).astype(np.float32) for l in range(n)}


def exported(family: str, b: int, s: int) -> str:
    key = (family, b, s)
    if key not in _EXPORTS:
        t0 = time.perf_counter()
        _EXPORTS[key] = hf.export(model(family), input_ids(family, b, s))
        _EXPORT_SECONDS[0] += time.perf_counter() - t0
    return _EXPORTS[key]


def compiled(family: str, case: str, pipeline: str = "default") -> hf.CompiledModel:
    key = (family, case, pipeline)
    if key not in _COMPILED:
        m = model(family)
        if case == "dense":
            b, s = CASES[family]["dense"]
            kw = dict(capacity=None)
        elif case == "full":
            b, s = CASES[family]["dense"]
            kw = dict(capacity=1.0, gate="none", every=1, offset=0, router_weights=router_weights(family))
        else:
            b, s, cap, gate, sel = CASES[family][case]
            kw = dict(capacity=cap, gate=gate, router_weights=router_weights(family), **sel)
        _COMPILED[key] = hf.compile(m, input_ids(family, b, s), pipeline=PIPELINES[pipeline],
                                    exported=exported(family, b, s), **kw)
    return _COMPILED[key]


def hf_logits(family: str, ids: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return hr.logits_of(model(family)(input_ids=torch.tensor(ids), use_cache=False)).numpy()


def reference(family: str, ids: np.ndarray, routing: dict) -> np.ndarray:
    """hf_reference.mod_forward's logits (layer -> (capacity, gate, w))."""
    return hr.mod_forward(model(family), ids, routing, formulation=FORMULATION.get(family, "checked")).numpy()


def expected_layers(family: str, case: str) -> list[int]:
    n = model(family).config.num_hidden_layers
    sel = CASES[family][case][4]
    if "layers" in sel:
        return sorted(sel["layers"])
    return [l for l in range(n) if l >= sel["offset"] and (l - sel["offset"]) % sel["every"] == 0]


# -- dense and capacity 1 against the model itself ------------------------------------------------------

@pytest.mark.parametrize("family", by_family(FAMILIES))
def test_dense_matches_transformers(family):
    c = compiled(family, "dense")
    assert c.dense and c.routed_layers == [] and c.router_weights == {}
    ids = input_ids(family, *CASES[family]["dense"])
    err = ERRORS[(family, "dense")] = rel_err(c(ids), hf_logits(family, ids))
    assert err <= TOL


@pytest.mark.parametrize("family", by_family(FAMILIES))
def test_every_layer_at_capacity_1_gate_none_matches_transformers(family):
    c = compiled(family, "full")
    n = model(family).config.num_hidden_layers
    assert c.routed_layers == list(range(n)), c.report
    assert str(c.module).count("mod.routed_block") == n
    ids = input_ids(family, *CASES[family]["dense"])
    err = ERRORS[(family, "C=1 none")] = rel_err(c(ids), hf_logits(family, ids))
    assert err <= TOL


@pytest.mark.parametrize("family", by_family(FAMILIES))
def test_reference_at_capacity_1_gate_none_is_the_model(family):
    """The reference's plumbing (gather, positions, masks, rotary) is exact when nothing is dropped."""
    m = model(family)
    ids = input_ids(family, *CASES[family]["dense"])
    got = hr.mod_forward(m, ids, {l: (1.0, "none", w) for l, w in router_weights(family).items()})  # checked
    assert rel_err(got.numpy(), hf_logits(family, ids)) <= 1e-5


# -- routed against the independent reference ------------------------------------------------------------

@pytest.mark.parametrize("family,case,pipeline", [pytest.param(*r, marks=pytest.mark.xdist_group(r[0]),
                                                                id="-".join(r)) for r in ROUTED])
def test_routed_matches_reference(family, case, pipeline):
    b, s, cap, gate, sel = CASES[family][case]
    c = compiled(family, case, pipeline)
    layers = expected_layers(family, case)
    assert c.routed_layers == layers, c.report
    assert f"k={capacity_k(cap, s)})" in c.report
    ids = input_ids(family, b, s)
    w = router_weights(family)
    for l in layers:
        np.testing.assert_array_equal(c.router_weights[l], w[l])
    want = reference(family, ids, {l: (cap, gate, w[l]) for l in layers})
    got = c(torch.tensor(ids)) if pipeline == "default" else c(ids)  # torch and numpy input
    err = ERRORS[(family, f"routed {case} {pipeline}")] = rel_err(got, want)
    assert err <= TOL
    # The comparison discriminates: routing changes the logits, and another
    # selection (negated router weights) would not match.
    assert rel_err(hf_logits(family, ids), want) > 20 * TOL
    other = reference(family, ids, {l: (cap, gate, -w[l]) for l in layers})
    assert rel_err(got, other) > 20 * TOL


@pytest.mark.xdist_group("gpt2-eager")
def test_router_weights_per_call_and_random_default():
    family = "gpt2-eager"
    b, s, cap, gate, sel = CASES[family]["a"]
    c = compiled(family, "a")
    ids = input_ids(family, b, s)
    w2 = {l: np.random.default_rng(l).standard_normal(64).astype(np.float32) for l in c.routed_layers}
    want = hr.mod_forward(model(family), ids, {l: (cap, gate, w2[l]) for l in c.routed_layers}).numpy()
    assert rel_err(c(ids, router_weights={l: torch.tensor(v) for l, v in w2.items()}), want) <= TOL
    # Without router_weights: random, seeded, [D] float32 (opt_level 0: this is about the weights).
    r = hf.compile(model(family), ids, capacity=cap, gate=gate, exported=exported(family, b, s), opt_level=0,
                   seed=3, **sel)
    assert sorted(r.router_weights) == c.routed_layers
    assert all(v.shape == (64,) and v.dtype == np.float32 for v in r.router_weights.values())
    want = hr.mod_forward(model(family), ids, {l: (cap, gate, r.router_weights[l]) for l in r.routed_layers})
    assert rel_err(r(ids), want.numpy()) <= TOL


# -- the reference against a second formulation ----------------------------------------------------------

@pytest.mark.parametrize("family", by_family(["gpt2-eager", "llama", "mistral", "gpt-neox", "bloom"]))
def test_reference_equals_the_masked_dense_layer(family):
    """MoD's f(x_I, I) at the selected rows equals the dense layer run on all
    tokens with every non-selected key masked out (same positions, same
    rotary, same causal/window mask): a second, independent formulation."""
    m = model(family)
    b, s = 2, 40
    ids = input_ids(family, b, s)
    layer_index = 1
    _, layers = hr.decoder_layers(m)
    layer = layers[layer_index]
    captured = {}

    def capture(*args, **kwargs):
        captured["args"], captured["kwargs"] = args, kwargs
        return forward(*args, **kwargs)

    forward = layer.forward
    layer.forward = capture
    try:
        with torch.no_grad():
            m(input_ids=torch.tensor(ids), use_cache=False)
    finally:
        del layer.forward
    sig = hr.inspect.signature(forward)
    bound = sig.bind(*captured["args"], **captured["kwargs"])
    names = list(sig.parameters)
    x = bound.arguments[names[0]]
    w = torch.tensor(router_weights(family)[layer_index])
    k = capacity_k(0.25, s)
    vals, idx = hr.topk(x @ w, k)
    sel = torch.zeros(b, s, dtype=torch.bool)
    sel.scatter_(1, idx, True)

    # (1) the reference's routed layer
    log = {}
    routed = hr._RoutedLayer(layer, layer_index, 0.25, "sigmoid", w.numpy(), hr.rotary_module(m), log,
                             formulation="compact")
    with torch.no_grad():
        y_ref = routed(*captured["args"], **captured["kwargs"])
    y_ref = y_ref if isinstance(y_ref, torch.Tensor) else y_ref[0]  # BLOOM: (hidden, attention weights)
    assert torch.equal(log[layer_index], idx)

    # (2) the dense layer with non-selected keys masked (the model's own mask, if any, kept)
    base = bound.arguments.get("attention_mask")
    allowed = torch.tril(torch.ones(s, s, dtype=torch.bool))[None, None] & sel[:, None, None, :]
    if base is not None:
        base = base.expand(b, -1, -1, -1)
        allowed = allowed & (base if base.dtype == torch.bool else base == 0)
    bound.arguments["attention_mask"] = torch.where(allowed, 0.0, torch.finfo(torch.float32).min)
    with torch.no_grad():
        out = forward(*bound.args, **bound.kwargs)
    out = out if isinstance(out, torch.Tensor) else out[0]
    gate = torch.sigmoid(torch.gather(x @ w, 1, idx))
    y_alt = x.clone()
    for bb in range(b):
        y_alt[bb, idx[bb]] += gate[bb, :, None] * (out[bb, idx[bb]] - x[bb, idx[bb]])
    assert float((y_ref - y_alt).abs().max()) <= 1e-5 * float(y_alt.abs().max())


@pytest.mark.xdist_group("gpt-neo")
def test_reference_formulations_disagree_on_gpt_neo_local_attention():
    """The reference checks its two formulations against each other: on
    GPT-Neo's local layer (a window cut by key count) they differ, which is
    a ValueError naming the layer unless a formulation is chosen; on its
    global layer they agree."""
    family = "gpt-neo"
    b, s, cap, gate, _ = CASES[family]["a"]
    ids = input_ids(family, b, s)
    w = router_weights(family)
    with pytest.raises(ValueError, match=r"layer 1 \(GPTNeoBlock\): the reference's two formulations differ"):
        hr.mod_forward(model(family), ids, {1: (cap, gate, w[1])})
    with pytest.raises(ValueError, match="layer 1 .* formulations differ"):
        hr.causal_mod_forward(model(family), ids, {1: (gate, w[1])}, 0.0)
    compact = hr.mod_forward(model(family), ids, {1: (cap, gate, w[1])}, formulation="compact").numpy()
    masked = hr.mod_forward(model(family), ids, {1: (cap, gate, w[1])}, formulation="masked").numpy()
    assert rel_err(compact, masked) > 20 * TOL
    checked = hr.mod_forward(model(family), ids, {0: (cap, gate, w[0])}).numpy()
    assert rel_err(hr.mod_forward(model(family), ids, {0: (cap, gate, w[0])}, formulation="compact").numpy(),
                   checked) <= 1e-5


# -- errors -----------------------------------------------------------------------------------------------

def test_a_model_the_exporter_cannot_handle_is_a_clear_value_error():
    class DataDependent(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(10, 8)

        def forward(self, input_ids):
            x = self.emb(input_ids)
            if x.sum() > 0:  # data-dependent control flow: torch.export refuses it
                return x * 2
            return x

    with pytest.raises(ValueError, match="torch-mlir could not export DataDependent"):
        hf.compile(DataDependent(), np.zeros((1, 4), np.int64), capacity=0.5)


class _TokenShift(torch.nn.Module):
    """A toy LM whose layers mix tokens by shifting them (a concat along the
    token axis): mod-route-dense cannot prove how, so it leaves them dense."""

    def __init__(self, layers=2, dim=16, vocab=20):
        super().__init__()
        self.emb = torch.nn.Embedding(vocab, dim)
        self.mix = torch.nn.ModuleList(torch.nn.Linear(dim, dim) for _ in range(layers))
        self.head = torch.nn.Linear(dim, vocab, bias=False)

    def forward(self, input_ids):
        x = self.emb(input_ids)
        for lin in self.mix:
            h = torch.tanh(lin(x))
            x = x + torch.cat([torch.zeros_like(h[:, :1]), h[:, :-1]], dim=1)
        return self.head(x)


def test_a_selected_layer_left_dense_is_a_routing_error_naming_it():
    torch.manual_seed(0)
    m = _TokenShift().eval()
    ids = np.arange(8, dtype=np.int64).reshape(1, 8)
    with pytest.raises(hf.RoutingError, match=r"layer 1 of _TokenShift .*left it dense.*remark"):
        hf.compile(m, ids, capacity=0.5, layers=(1,))
    dense = hf.compile(m, ids, capacity=None)  # dense still works: any nn.Module
    with torch.no_grad():
        assert rel_err(dense(ids), m(torch.tensor(ids)).numpy()) <= TOL


@pytest.mark.xdist_group("gpt2-eager")
def test_bad_arguments_are_value_errors():
    family = "gpt2-eager"
    m = model(family)
    b, s = CASES[family]["dense"]
    ids = input_ids(family, b, s)
    text = exported(family, b, s)
    with pytest.raises(ValueError, match="gate must be"):
        hf.compile(m, ids, capacity=0.5, gate="relu", exported=text)
    with pytest.raises(ValueError, match="capacity must be"):
        hf.compile(m, ids, capacity=1.5, exported=text)
    with pytest.raises(ValueError, match=r"layers \[5\] out of range"):
        hf.compile(m, ids, capacity=0.5, layers=(5,), exported=text)
    with pytest.raises(ValueError, match="no entry for routed layer 1"):
        hf.compile(m, ids, capacity=0.5, router_weights={0: np.zeros(64, np.float32)}, exported=text)
    with pytest.raises(ValueError, match=r"must have shape \(64,\)"):
        hf.compile(m, ids, capacity=0.5, router_weights={1: np.zeros(8, np.float32)}, exported=text)
    empty = hf.compile(m, ids, capacity=0.5, layers=(), exported=text, opt_level=0)  # layers=(): dense
    assert empty.dense and "layers=()" in empty.report
    assert rel_err(empty(ids), hf_logits(family, ids)) <= TOL
    c = compiled(family, "dense")
    with pytest.raises(ValueError, match="compiled shape"):
        c(ids[:, :8])
    with pytest.raises(ValueError, match="input_ids must be"):
        hf.compile(m, ids[0], capacity=None)
    with pytest.raises(ValueError, match=r"routing needs sequences of at least 2 tokens, got input_ids of shape \(2, 1\)"):
        hf.compile(m, ids[:, :1], capacity=0.5)


@pytest.mark.xdist_group("llama")
def test_the_users_model_is_left_as_it_was():
    m = model("llama")
    m.train()
    buffers = {n for mod in m.modules() for n in getattr(mod, "_non_persistent_buffers_set", ())}
    keys = set(m.state_dict())
    try:
        b, s = 1, 16
        hf.export(m, input_ids("llama", b, s))
        assert m.training and all(mod.training for mod in m.modules())
        assert {n for mod in m.modules() for n in getattr(mod, "_non_persistent_buffers_set", ())} == buffers
        assert "inv_freq" in buffers and set(m.state_dict()) == keys
    finally:
        m.eval()


@pytest.mark.xdist_group("llama-dtypes")
@pytest.mark.parametrize("dtype", ["float64", "float16"])
def test_float64_and_float16_models(dtype):
    """Models in float64 and float16 compile in their own type, dense and
    routed (router weights in that type: they were float32 arrays, a
    TypeError at the call). float64: against the model (and the reference)
    in float64. float16: against the same weights in float32, within 4x
    PyTorch's own float16 error: torch-mlir's IR accumulates a float16
    matmul in float16 (its `outs` type) and we compile it so, while
    PyTorch's kernels accumulate in float32 (measured: 2.7x PyTorch's
    error routed, 1.3x dense)."""
    kind = getattr(torch, dtype)
    torch.manual_seed(seed("llama", dtype))
    config = transformers.AutoConfig.for_model("llama", attn_implementation="eager", **_GQA, num_hidden_layers=2)
    m = transformers.AutoModelForCausalLM.from_config(config).to(kind).eval()
    exact = copy.deepcopy(m).to(torch.float64 if dtype == "float64" else torch.float32)
    ids = input_ids("llama", 2, 16)
    rng = np.random.default_rng(seed("llama", dtype, "router"))
    w = {l: torch.tensor(rng.standard_normal(64), dtype=kind) for l in range(2)}
    routing = {l: (0.5, "raw", w[l]) for l in range(2)}
    with torch.no_grad():
        own = hr.logits_of(m(input_ids=torch.tensor(ids), use_cache=False)).double().numpy()
        want = hr.logits_of(exact(input_ids=torch.tensor(ids), use_cache=False)).double().numpy()
    ref_own = hr.mod_forward(m, ids, routing).double().numpy()
    ref = hr.mod_forward(exact, ids, {l: (c, g, v.to(exact.dtype)) for l, (c, g, v) in routing.items()})
    ref = ref.double().numpy()
    bound = TOL if dtype == "float64" else 4 * rel_err(own, want)
    bound_routed = TOL if dtype == "float64" else 4 * rel_err(ref_own, ref)
    dense = hf.compile(m, ids, capacity=None)
    got = dense(ids)
    assert got.dtype == np.dtype(dtype)
    assert rel_err(got.astype(np.float64), want) <= bound
    routed = hf.compile(m, ids, capacity=0.5, router_weights={l: v.numpy() for l, v in w.items()}, every=1,
                        offset=0, exported=dense.exported)
    assert routed.router_weights[0].dtype == np.dtype(dtype)
    assert rel_err(routed(ids).astype(np.float64), ref) <= bound_routed
    assert rel_err(want, ref) > 20 * max(bound_routed, TOL)


def test_bfloat16_models_are_refused_clearly():
    config = transformers.AutoConfig.for_model("llama", attn_implementation="eager", **_GQA, num_hidden_layers=1)
    m = transformers.AutoModelForCausalLM.from_config(config).to(torch.bfloat16).eval()
    with pytest.raises(ValueError, match="bfloat16 parameters.*model.float"):
        hf.compile(m, input_ids("llama", 1, 8), capacity=None)


@pytest.mark.xdist_group("llama")
def test_report():
    c = compiled("llama", "a")
    assert "mod-route-dense: @model: 4 layer(s), B=2 S=64 D=64, capacity=0.125 (k=8), gate=raw" in c.report
    assert "layer 1: routed" in c.report and "layer 3: routed" in c.report
    assert "layer 0: dense" in c.report and "[not selected]" in c.report
    assert set(c.timings) == {"export", "route", "compile"}


@pytest.mark.xdist_group("gpt2-eager")
def test_export_without_attention_mask_goes_through_tm_tensor():
    """Without the all-ones mask transformers traces its packed-sequence
    check (a cumsum over position_ids: tm_tensor.scan); that compiles too."""
    family = "gpt2-eager"
    b, s, cap, gate, sel = CASES[family]["a"]
    ids = input_ids(family, b, s)
    c = hf.compile(model(family), ids, capacity=cap, gate=gate, router_weights=router_weights(family),
                   attention_mask=False, **sel)
    assert "tm_tensor.scan" in c.exported
    want = hr.mod_forward(model(family), ids, {l: (cap, gate, router_weights(family)[l]) for l in c.routed_layers})
    err = ERRORS[(family, "routed a, no mask")] = rel_err(c(ids), want.numpy())
    assert err <= TOL


def test_zz_summary(capsys):
    """Prints the measured errors and where the time went (runs last in file
    order; under xdist only the workers see it)."""
    with capsys.disabled():
        print("\nmax |ours - expected| / max |expected|:")
        for (family, what), err in sorted(ERRORS.items()):
            print(f"  {family:11} {what:22} {err:.2e}")
        total = {k: sum(c.timings.get(k, 0.0) for c in _COMPILED.values()) for k in ("route", "compile")}
        print(f"{len(_EXPORTS)} exports {_EXPORT_SECONDS[0]:.0f} s, {len(_COMPILED)} compiles: route {total['route']:.0f} s, "
              f"JIT compile {total['compile']:.0f} s (wall)")
