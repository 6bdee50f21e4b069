"""mod_mlir.hf.compile_decoder: a decode step exported from the user's
`transformers` model (functional static cache), compiled by mod-cpu-pipeline,
and its `generate` loop, against `transformers`' own `generate`.

Families (small random-init float32 configs, initializer_range 0.1 so that
logits are not near ties): GPT-2, LLaMA (GQA), Qwen2 (qkv bias), Mistral
(sliding window 6, shorter than the text), GPT-NeoX (parallel residual,
partial rotary). B = 3 prompts of different lengths (left padding), greedy:
the tokens must be equal; the compiled step's logits must match the
model's own forward on the same prefix.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hf_testing import require, seed

torch, _, transformers = require("torch", "torch_mlir", "transformers")

from mod_mlir import hf  # noqa: E402
from mod_mlir import hf_reference as hr  # noqa: E402
from mod_mlir import hf_decode  # noqa: E402

VOCAB = 100
MAX_LEN = 24
NEW = 12
_GQA = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
            vocab_size=VOCAB, max_position_embeddings=128, initializer_range=0.1, num_hidden_layers=2,
            bos_token_id=None, eos_token_id=None, pad_token_id=None)
FAMILIES = {
    "gpt2": ("gpt2", dict(n_embd=64, n_head=4, vocab_size=VOCAB, n_positions=128, n_layer=2,
                          initializer_range=0.1, bos_token_id=None, eos_token_id=None)),
    "llama": ("llama", _GQA),
    "qwen2": ("qwen2", _GQA),
    "mistral": ("mistral", dict(_GQA, sliding_window=6)),
    "gpt-neox": ("gpt_neox", dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, vocab_size=VOCAB,
                                  max_position_embeddings=128, num_hidden_layers=2, rotary_pct=0.25,
                                  use_parallel_residual=True, initializer_range=0.1, bos_token_id=None,
                                  eos_token_id=None)),
    # Parallel residual with one shared LayerNorm, rotary on part of each head,
    # sin/cos as two views of one tensor.
    "gptj": ("gptj", dict(n_embd=64, n_head=4, rotary_dim=8, vocab_size=VOCAB, n_positions=128, n_layer=2,
                          initializer_range=0.1, bos_token_id=None, eos_token_id=None)),
    # ALiBi position biases ([B * heads, 1, T]), a layer that returns a tuple.
    "bloom": ("bloom", dict(hidden_size=64, n_head=4, vocab_size=VOCAB, n_layer=2, initializer_range=0.1,
                            bos_token_id=None, eos_token_id=None)),
    # Learned positions offset by 2; the MLP adds its residual on [B*S, D].
    "opt": ("opt", dict(hidden_size=64, ffn_dim=128, num_attention_heads=4, vocab_size=VOCAB,
                        max_position_embeddings=128, num_hidden_layers=2, word_embed_proj_dim=64, init_std=0.1,
                        bos_token_id=None, eos_token_id=None)),
    # OPT-350m's layout: post-LayerNorm layers (no residual stream for
    # mod-route-dense, but routed decoding wraps whole layers), 32-wide
    # embeddings projected to the layers' 64 (the router's width).
    "opt-postln": ("opt", dict(hidden_size=64, ffn_dim=128, num_attention_heads=4, vocab_size=VOCAB,
                               max_position_embeddings=128, num_hidden_layers=2, word_embed_proj_dim=32,
                               do_layer_norm_before=False, init_std=0.1, bos_token_id=None, eos_token_id=None)),
    # Multi-query attention (dense decoding only: see test_falcon_routed_decoding_is_refused).
    "falcon": ("falcon", dict(hidden_size=64, num_attention_heads=4, vocab_size=VOCAB, num_hidden_layers=2,
                              initializer_range=0.1, new_decoder_architecture=False, multi_query=True,
                              bos_token_id=None, eos_token_id=None)),
}
_MODELS: dict = {}
_DECODERS: dict = {}


def model(family: str):
    if family not in _MODELS:
        model_type, kwargs = FAMILIES[family]
        torch.manual_seed(seed(family, "decode"))
        config = transformers.AutoConfig.for_model(model_type, **kwargs)
        _MODELS[family] = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    return _MODELS[family]


def decoder(family: str, batch: int = 3) -> hf.CompiledDecoder:
    key = (family, batch)
    if key not in _DECODERS:
        _DECODERS[key] = hf.compile_decoder(model(family), batch=batch, max_len=MAX_LEN)
    return _DECODERS[key]


def prompts(family: str, lengths=(7, 3, 5)) -> tuple[np.ndarray, np.ndarray]:
    """Left-padded [B, P] ids (padding id 0) and attention mask."""
    rng = np.random.default_rng(seed(family, lengths))
    width = max(lengths)
    ids = np.zeros((len(lengths), width), np.int64)
    mask = np.zeros((len(lengths), width), np.int64)
    for b, n in enumerate(lengths):
        ids[b, width - n:] = rng.integers(1, VOCAB, n)
        mask[b, width - n:] = 1
    return ids, mask


def transformers_generate(family, ids, mask, new=NEW):
    with torch.no_grad():
        out = model(family).generate(torch.tensor(ids), attention_mask=torch.tensor(mask), max_new_tokens=new,
                                     do_sample=False, pad_token_id=0)
    return out.numpy()


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in FAMILIES])
def test_greedy_generate_equals_transformers(family):
    ids, mask = prompts(family)
    want = transformers_generate(family, ids, mask)
    got = decoder(family).generate(ids, NEW, attention_mask=mask)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in ("llama", "gpt-neox")])
def test_step_logits_equal_the_models_forward(family):
    """Each step's logits are the model's own logits for that prefix (no
    cache: the full left-padded prefix in one forward)."""
    ids, mask = prompts(family)
    dec = decoder(family)
    caches = dec.new_caches()
    slots = np.zeros((dec.batch, dec.max_len), np.int64)
    slots[:, :ids.shape[1]] = mask
    m = model(family)
    for t in range(ids.shape[1]):
        position = np.where(slots[:, t] == 1, slots[:, :t + 1].sum(axis=1) - 1, 1)
        logits, caches = dec.step(ids[:, t], slots, position, t, caches)
        with torch.no_grad():
            pos = torch.tensor(np.maximum(np.cumsum(mask[:, :t + 1], axis=1) - 1, 0))
            want = m(input_ids=torch.tensor(ids[:, :t + 1]), attention_mask=torch.tensor(mask[:, :t + 1]),
                     position_ids=pos).logits[:, -1].numpy()
        real = mask[:, t] == 1  # padding rows' logits are not used
        err = np.abs(logits[real] - want[real]).max() / np.abs(want[real]).max()
        assert err <= 1e-4, (t, err)


@pytest.mark.xdist_group("llama")
def test_list_of_prompts_and_batch_one():
    family = "llama"
    ids, mask = prompts(family)
    rows = [ids[b, mask[b] == 1] for b in range(ids.shape[0])]
    np.testing.assert_array_equal(decoder(family).generate(rows, NEW), decoder(family).generate(ids, NEW,
                                                                                                attention_mask=mask))
    one = decoder(family, batch=1).generate(rows[1][None], 5)
    np.testing.assert_array_equal(one, transformers_generate(family, rows[1][None], np.ones((1, len(rows[1])),
                                                                                             np.int64), 5))


@pytest.mark.xdist_group("llama")
def test_sampling_is_seeded_and_plausible():
    family = "llama"
    ids, mask = prompts(family)
    dec = decoder(family)
    a = dec.generate(ids, NEW, do_sample=True, seed=3, attention_mask=mask)
    b = dec.generate(ids, NEW, do_sample=True, seed=3, attention_mask=mask)
    c = dec.generate(ids, NEW, do_sample=True, seed=4, attention_mask=mask)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    np.testing.assert_array_equal(a[:, :ids.shape[1]], ids)
    assert ((a >= 0) & (a < VOCAB)).all()
    # A very low temperature is greedy.
    cold = dec.generate(ids, NEW, do_sample=True, seed=5, attention_mask=mask, temperature=1e-4)
    np.testing.assert_array_equal(cold, dec.generate(ids, NEW, attention_mask=mask))


@pytest.mark.xdist_group("gpt2")
def test_end_of_sequence_pads_finished_rows_like_transformers():
    """With an eos token that greedy decoding emits, finished rows are padded
    and generation stops when all rows are done, as in transformers."""
    family = "gpt2"
    ids, mask = prompts(family)
    free = decoder(family).generate(ids, NEW, attention_mask=mask)
    eos = int(free[0, ids.shape[1] + 2])  # row 0 emits it at its third new token
    m = model(family)
    saved = (m.generation_config.eos_token_id, m.generation_config.pad_token_id)
    m.generation_config.eos_token_id, m.generation_config.pad_token_id = eos, 0
    try:
        dec = hf.compile_decoder(m, batch=3, max_len=MAX_LEN)
        with torch.no_grad():
            want = m.generate(torch.tensor(ids), attention_mask=torch.tensor(mask), max_new_tokens=NEW,
                              do_sample=False).numpy()
        np.testing.assert_array_equal(dec.generate(ids, NEW, attention_mask=mask), want)
    finally:
        m.generation_config.eos_token_id, m.generation_config.pad_token_id = saved


@pytest.mark.xdist_group("llama")
def test_bad_arguments_are_clear_errors():
    dec = decoder("llama")
    ids, mask = prompts("llama")
    with pytest.raises(ValueError, match="compiled for batch 3"):
        dec.generate(ids[:2], 3)
    with pytest.raises(ValueError, match="exceeds the compiled max_len"):
        dec.generate(ids, MAX_LEN)
    with pytest.raises(ValueError, match="left-padded"):
        dec.generate(ids, 3, attention_mask=mask[:, ::-1])
    with pytest.raises(ValueError, match="integer token ids"):
        dec.generate(ids.astype(np.float32), 3)
    with pytest.raises(ValueError, match="out of range"):
        hf.compile_decoder(model("llama"), routed_layers=(2,))
    with pytest.raises(ValueError, match="gate must be"):
        hf.compile_decoder(model("llama"), routed_layers=(1,), gate="relu")
    with pytest.raises(ValueError, match="threshold"):
        hf.compile_decoder(model("llama"), routed_layers=(1,), threshold=float("nan"))
    with pytest.raises(ValueError, match="router_weights"):
        hf.compile_decoder(model("llama"), routed_layers=(1,), router_weights={1: np.zeros(3, np.float32)})
    with pytest.raises(ValueError, match="batch and max_len"):
        hf.compile_decoder(model("llama"), batch=0)
    half = copy.deepcopy(model("llama")).half()
    with pytest.raises(ValueError, match="compiles float32 models.*float16 parameters"):
        hf.compile_decoder(half)


# -- causally routed decoding -----------------------------------------------------------------------------

# family -> (routed layers, gate, threshold); every gate, one and two layers.
ROUTED = {"gpt2": ((1,), "raw", 0.0), "llama": ((0, 1), "sigmoid", 0.0), "qwen2": ((1,), "none", 0.5),
          "mistral": ((0,), "raw", -0.5), "gpt-neox": ((0, 1), "sigmoid", 0.0), "gptj": ((0, 1), "raw", 0.0),
          "bloom": ((0, 1), "raw", 0.0), "opt": ((1,), "sigmoid", 0.0), "opt-postln": ((0, 1), "raw", 0.0)}


def router_weights(family: str) -> dict:
    rng = np.random.default_rng(seed(family, "router"))
    return {l: rng.standard_normal(64).astype(np.float32) for l in range(2)}


def reference_generate(family, ids, mask, routing, threshold, new=NEW, log=None):
    """Greedy decoding with the independent full-sequence reference
    (mod_mlir.hf_reference.causal_mod_forward, no cache) on the whole
    prefix at every step."""
    seq, m = ids.copy(), mask.copy()
    for _ in range(new):
        pos = torch.tensor(np.where(m == 1, np.cumsum(m, axis=1) - 1, 1))
        logits = hr.causal_mod_forward(model(family), seq, routing, threshold, log=log,
                                       attention_mask=torch.tensor(m), position_ids=pos)
        token = logits[:, -1].argmax(-1).numpy()
        seq = np.concatenate([seq, token[:, None]], axis=1)
        m = np.concatenate([m, np.ones((m.shape[0], 1), np.int64)], axis=1)
    return seq


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in ROUTED])
def test_routed_generate_equals_the_causal_routing_reference(family):
    layers, gate, threshold = ROUTED[family]
    weights = router_weights(family)
    ids, mask = prompts(family)
    dec = hf.compile_decoder(model(family), routed_layers=layers, threshold=threshold, gate=gate,
                             router_weights=weights, batch=3, max_len=MAX_LEN)
    assert dec.routed_layers == list(layers)
    got = dec.generate(ids, NEW, attention_mask=mask)
    log = {}
    want = reference_generate(family, ids, mask, {l: (gate, weights[l]) for l in layers}, threshold, log=log)
    np.testing.assert_array_equal(got, want)
    # The routing is a real one: some tokens go through each routed layer, some do not.
    for l in layers:
        counts = [len(i) for i in log[l]]
        assert 0 < sum(counts) < want.shape[0] * (want.shape[1] - 1), (l, counts)
    # ... and it changes the output.
    assert not np.array_equal(got, decoder(family).generate(ids, NEW, attention_mask=mask))


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in ("llama", "gpt2")])
def test_every_token_routed_with_gate_none_is_the_dense_model(family):
    ids, mask = prompts(family)
    dec = hf.compile_decoder(model(family), routed_layers=(0, 1), threshold=-np.inf, gate="none",
                             batch=3, max_len=MAX_LEN)
    np.testing.assert_array_equal(dec.generate(ids, NEW, attention_mask=mask), transformers_generate(family, ids, mask))


@pytest.mark.xdist_group("llama")
def test_routed_validity_records_the_routed_slots():
    """A routed layer's validity marks exactly the slots whose token went
    through it: the real tokens with router logit > threshold (padding
    slots are never attended, whatever they hold)."""
    family = "llama"
    layers, gate, threshold = ROUTED[family]
    weights = router_weights(family)
    ids, mask = prompts(family)
    dec = hf.compile_decoder(model(family), routed_layers=layers, threshold=threshold, gate=gate,
                             router_weights=weights, batch=3, max_len=MAX_LEN)
    caches = dec.new_caches()
    slots = np.zeros((3, MAX_LEN), np.int64)
    slots[:, :ids.shape[1]] = mask
    for t in range(ids.shape[1]):
        position = np.where(slots[:, t] == 1, slots[:, :t + 1].sum(axis=1) - 1, 1)
        _, caches = dec.step(ids[:, t], slots, position, t, caches)
    log = {}
    pos = torch.tensor(np.where(mask == 1, np.cumsum(mask, axis=1) - 1, 1))
    hr.causal_mod_forward(model(family), ids, {l: (gate, weights[l]) for l in layers}, threshold, log=log,
                          attention_mask=torch.tensor(mask), position_ids=pos)
    n = len(dec.cache_shapes)
    for i, l in enumerate(layers):
        valid = caches[n + i]
        assert not valid[:, ids.shape[1]:].any()
        for b in range(3):
            real = set(np.nonzero(mask[b])[0])
            assert set(np.nonzero(valid[b])[0]) & real == set(log[l][b].tolist()) & real, (l, b)


@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xdist_group(f)) for f in ("llama", "gpt-neox")])
def test_prefill_equals_slot_by_slot(family):
    """Differential: the prompt in one call (prefill: every token through a
    routed layer, masked to the routed ones) and one slot per step (the
    per-row branch) give the same logits, the same keys/values and validity
    at the real tokens' slots, and the same tokens."""
    layers, gate, threshold = ROUTED[family]
    ids, mask = prompts(family)
    dec = hf.compile_decoder(model(family), routed_layers=layers, threshold=threshold, gate=gate,
                             router_weights=router_weights(family), batch=3, max_len=MAX_LEN)
    prompt = ids.shape[1]
    slots = np.zeros((3, MAX_LEN), np.int64)
    slots[:, :prompt] = mask
    position = np.where(mask == 1, np.cumsum(mask, axis=1) - 1, 1)
    first, pre = dec.prefill(ids, slots, position, dec.new_caches())
    caches = dec.new_caches()
    for t in range(prompt):
        logits, caches = dec.step(ids[:, t], slots, position[:, t], t, caches)
    np.testing.assert_allclose(first, logits, rtol=1e-4, atol=1e-4)
    n = len(dec.cache_shapes)
    real = mask == 1
    for i, l in enumerate(dec.routed_layers):
        np.testing.assert_array_equal(pre[n + i][:, :prompt][real], caches[n + i][:, :prompt][real])
        kept = real & (caches[n + i][:, :prompt] == 1)
        assert 0 < kept.sum() < real.sum(), (l, kept.sum())  # a real routing of the prompt
    for c, (a, b) in enumerate(zip(pre[:n], caches[:n])):
        layer = c // 2
        keep = real & (caches[n + dec.routed_layers.index(layer)][:, :prompt] == 1) if layer in dec.routed_layers \
            else real
        np.testing.assert_allclose(a[:, :, :prompt].transpose(0, 2, 1, 3)[keep],
                                   b[:, :, :prompt].transpose(0, 2, 1, 3)[keep], rtol=1e-4, atol=1e-5)
    got = dec.generate(ids, NEW, attention_mask=mask)
    dec.prefill_prompts = False
    np.testing.assert_array_equal(dec.generate(ids, NEW, attention_mask=mask), got)


@pytest.mark.xdist_group("qwen2")
def test_routed_rows_run_as_one_batch_of_the_next_power_of_two():
    """B = 5: the routed rows of a step are gathered into a batch of 1 or 2
    rows; with 3 or more routed rows the layer runs on all 5 rows and the
    rows not routed keep their input. Greedy output equals the reference,
    and steps with 1, 2 (gathered) and 3 (all rows) routed rows do occur."""
    family = "qwen2"
    # (threshold 2.0: between 1 and 4 of the 5 rows routed per step)
    layers, gate, threshold = (1,), "sigmoid", 2.0
    weights = router_weights(family)
    ids, mask = prompts(family, lengths=(6, 2, 4, 5, 3))
    dec = hf.compile_decoder(model(family), routed_layers=layers, threshold=threshold, gate=gate,
                             router_weights=weights, batch=5, max_len=MAX_LEN)
    got = dec.generate(ids, NEW, attention_mask=mask)
    want = reference_generate(family, ids, mask, {l: (gate, weights[l]) for l in layers}, threshold)
    np.testing.assert_array_equal(got, want)
    caches = dec.new_caches()
    slots = np.ones((5, MAX_LEN), np.int64)
    slots[:, :ids.shape[1]] = mask
    for t in range(got.shape[1] - 1):
        position = np.where(slots[:, t] == 1, slots[:, :t + 1].sum(axis=1) - 1, 1)
        _, caches = dec.step(got[:, t], slots, position, t, caches)
    counts = caches[len(dec.cache_shapes)][:, ids.shape[1]:got.shape[1] - 1].sum(axis=0)
    assert {1, 2, 3} <= set(counts.tolist()), counts


@pytest.mark.xdist_group("falcon")
def test_falcon_routed_decoding_is_refused():
    """Falcon's routed decode step cannot be exported (its linear layers use
    `weight.T`, which torch.cond's branches capture as separate inputs that
    alias each other): a clear ValueError, not a wrong step."""
    with pytest.raises(ValueError, match="could not export a decode step of FalconForCausalLM"):
        hf.compile_decoder(model("falcon"), routed_layers=(1,), router_weights=router_weights("falcon"),
                           batch=2, max_len=MAX_LEN)


@pytest.mark.xdist_group("mpt")
def test_mpt_decoding_is_refused():
    """MPT's decode step does not export (torch.export meets a
    data-dependent guard): a clear ValueError, not a wrong step."""
    torch.manual_seed(seed("mpt", "decode"))
    config = transformers.AutoConfig.for_model("mpt", d_model=64, n_heads=4, n_layers=2, vocab_size=VOCAB,
                                               max_seq_len=128, initializer_range=0.1)
    mpt = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    with pytest.raises(ValueError, match="could not export a decode step of MptForCausalLM"):
        hf.compile_decoder(mpt, batch=2, max_len=MAX_LEN)


def test_reference_check_ignores_left_padding_rows():
    """The reference checks its two formulations on the rows that attend to
    something: a left-padding query attends to no key, and eager attention
    then averages over however many keys the formulation has (its output is
    read by no real token). Padding routed, real tokens partly: no error,
    and the routed real tokens' logits are the compact formulation's."""
    torch.manual_seed(seed("llama-eager", "reference"))
    config = transformers.AutoConfig.for_model("llama", attn_implementation="eager", **_GQA)
    llama = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    ids, mask = prompts("llama", lengths=(12, 7))
    pad = llama.get_input_embeddings().weight[0].detach().numpy()
    rng = np.random.default_rng(3)
    weights = {l: (pad / np.linalg.norm(pad) * 50 + rng.standard_normal(64)).astype(np.float32) for l in (0, 1)}
    routing = {l: ("none", weights[l]) for l in (0, 1)}
    pos = torch.tensor(np.where(mask == 1, np.cumsum(mask, axis=1) - 1, 1))
    kw = dict(attention_mask=torch.tensor(mask), position_ids=pos)
    log = {}
    checked = hr.causal_mod_forward(llama, ids, routing, 0.0, log=log, **kw)
    assert set(range(5)) <= set(log[0][1].tolist())  # the padding slots of row 1 are routed ...
    assert 0 < len(log[0][0]) < 12  # ... and some real tokens, not all
    compact = hr.causal_mod_forward(llama, ids, routing, 0.0, formulation="compact", **kw)
    real = torch.tensor(mask).bool()
    assert torch.equal(checked[real], compact[real])


@pytest.mark.xdist_group("ctrl")
def test_routed_step_exports_when_the_forward_reassigns_a_buffer():
    """CTRL's forward assigns `self.pos_encoding = self.pos_encoding.to(...)`,
    an nn.Buffer that keeps persistent=False: an eager forward inside the
    export's context (the routed layers learn their outputs from one)
    re-registered it as non-persistent and torch-mlir's importer failed
    ("Could not find state mapping for buffer"). The routed step exports."""
    torch.manual_seed(seed("ctrl", "decode"))
    config = transformers.AutoConfig.for_model("ctrl", n_embd=64, dff=128, n_head=4, n_layer=2, vocab_size=VOCAB,
                                               n_positions=128, initializer_range=0.1)
    ctrl = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    text, shapes = hf_decode.export_step(ctrl, batch=2, max_len=MAX_LEN, routed_layers=(1,), dim=64)
    assert "scf.if" in text and len(shapes) == 4
    assert ctrl.transformer._non_persistent_buffers_set == {"pos_encoding"}  # restored


@pytest.mark.xdist_group("gpt-neo")
def test_gpt_neo_decodes_only_within_its_local_window():
    """GPT-Neo's local attention slices its window out of a table by the
    number of keys it is given (not by their positions), so over a static
    cache longer than the window it would attend to the wrong slots:
    compile_decoder refuses that (its static-cache check against the
    model's full forward), and decodes exactly where max_len <= window."""
    window = 16
    torch.manual_seed(seed("gpt-neo", "decode"))
    config = transformers.AutoConfig.for_model(
        "gpt_neo", hidden_size=64, num_heads=4, num_layers=2, attention_types=[[["global", "local"], 1]],
        window_size=window, vocab_size=VOCAB, max_position_embeddings=128, initializer_range=0.1,
        bos_token_id=None, eos_token_id=None)
    neo = transformers.AutoModelForCausalLM.from_config(config).float().eval()
    with pytest.raises(ValueError, match="GPTNeoForCausalLM does not decode through a static key/value cache"):
        hf.compile_decoder(neo, batch=3, max_len=MAX_LEN)
    ids, mask = prompts("gpt-neo")
    new = window + 1 - ids.shape[1]
    got = hf.compile_decoder(neo, batch=3, max_len=window).generate(ids, new, attention_mask=mask)
    with torch.no_grad():
        want = neo.generate(torch.tensor(ids), attention_mask=torch.tensor(mask), max_new_tokens=new,
                            do_sample=False, pad_token_id=0).numpy()
    np.testing.assert_array_equal(got, want)


@pytest.mark.xdist_group("llama")
def test_decode_steps_through_the_gpu_pipeline_emulated():
    """The same decode steps compiled by mod-gpu-pipeline (kernels outlined,
    cuBLAS-style GEMM calls, device memory) and run by its CPU emulation
    with bounds checks: dense equals transformers' generate, routed equals
    the causal routing reference."""
    family = "llama"
    pipeline = "mod-gpu-pipeline{emulate=cpu emulate-checks=bounds}"
    ids, mask = prompts(family)
    dense = hf.compile_decoder(model(family), batch=3, max_len=MAX_LEN, pipeline=pipeline)
    np.testing.assert_array_equal(dense.generate(ids, NEW, attention_mask=mask), transformers_generate(family, ids, mask))
    layers, gate, threshold = ROUTED[family]
    weights = router_weights(family)
    routed = hf.compile_decoder(model(family), routed_layers=layers, threshold=threshold, gate=gate,
                                router_weights=weights, batch=3, max_len=MAX_LEN, pipeline=pipeline)
    want = reference_generate(family, ids, mask, {l: (gate, weights[l]) for l in layers}, threshold)
    np.testing.assert_array_equal(routed.generate(ids, NEW, attention_mask=mask), want)
