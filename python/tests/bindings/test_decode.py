"""Decoding with causally routed MoD layers and per-layer KV caches
(mod_mlir.decode): the compiled decode step against the numpy decode
reference, which itself equals the full-sequence causal-routed reference."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mod_mlir import decode, gpt
from mod_mlir.compiler import MLIRError

CFG = gpt.GPTConfig(layers=4, dim=32, heads=4, ffn=64, seq=32, batch=4, vocab=24, rotary=False)


def tokens(seed, t=32):
    return np.random.default_rng(seed).standard_normal((CFG.batch, t, CFG.dim)).astype(np.float32)


@pytest.mark.parametrize("routed,thr", [({1: "raw", 3: "raw"}, 0.0), ({0: "sigmoid", 2: "none"}, 0.1)])
def test_decode_32_tokens_matches_prefill_reference(routed, thr):
    w = gpt.init_weights(CFG, 31)
    xs = tokens(32)
    # The numpy decode (explicit caches) equals the full-sequence causal routing.
    dec, caches = decode.decode_reference(CFG, w, xs, routed, thr)
    pre = gpt.forward(CFG, w, xs, {l: (1.0, g) for l, g in routed.items()}, threshold=thr)
    np.testing.assert_allclose(dec, pre, rtol=1e-6, atol=1e-6)
    # Sequences route differently (the cache lengths differ per sequence).
    lens = {l: caches.n[l] for l in routed}
    assert any(len(set(n.tolist())) > 1 for n in lens.values()), lens
    # The compiled decode step, 32 steps for B = 4.
    sess = decode.DecodeSession(CFG, w, 32, routed, thr)
    out = np.stack([sess.step(xs[:, t]) for t in range(32)], axis=1)
    np.testing.assert_allclose(out, dec, rtol=1e-4, atol=1e-4)
    # Cache contents: lengths, and the keys/values of the routed tokens only.
    for l in range(CFG.layers):
        k, v, pc, n = sess.caches[4 * l: 4 * l + 4]
        np.testing.assert_array_equal(n, caches.n[l])
        for b in range(CFG.batch):
            np.testing.assert_allclose(k[b, :n[b]], caches.k[l][b, :n[b]], rtol=1e-4, atol=1e-4)
            np.testing.assert_allclose(v[b, :n[b]], caches.v[l][b, :n[b]], rtol=1e-4, atol=1e-4)
            assert not k[b, n[b]:].any()  # nothing written past the entries
            np.testing.assert_array_equal(pc[b, :n[b]], caches.p[l][b, :n[b]])  # original positions kept
            assert (np.diff(pc[b, :n[b]]) > 0).all()


def test_decode_is_causal():
    w = gpt.init_weights(CFG, 33)
    xs = tokens(34, 12)
    a = decode.DecodeSession(CFG, w, 12, {1: "raw"}, 0.0)
    b = decode.DecodeSession(CFG, w, 12, {1: "raw"}, 0.0)
    xs2 = xs.copy()
    xs2[:, 8:] = tokens(35, 4)
    la = [a.step(xs[:, t]) for t in range(12)]
    lb = [b.step(xs2[:, t]) for t in range(12)]
    for t in range(8):
        np.testing.assert_array_equal(la[t], lb[t])


def test_routed_cache_overflow_stops_routing():
    w = gpt.init_weights(CFG, 36)
    xs = tokens(37, 16)
    dec, caches = decode.decode_reference(CFG, w, xs, {1: "raw"}, -1.0, routed_capacity=3)
    assert (caches.n[1] == 3).all()  # full: later tokens skip the layer
    sess = decode.DecodeSession(CFG, w, 16, {1: "raw"}, -1.0, routed_capacity=3)
    out = np.stack([sess.step(xs[:, t]) for t in range(16)], axis=1)
    np.testing.assert_allclose(out, dec, rtol=1e-4, atol=1e-4)
    assert sess.caches[7].tolist() == [3] * CFG.batch
    with pytest.raises(ValueError, match="position overflow"):
        sess.step(xs[:, 0])


def test_rotary_decode_matches_prefill_reference():
    cfg = gpt.GPTConfig(layers=3, dim=32, heads=4, ffn=64, seq=12, batch=3, vocab=24, rotary=True)
    w = gpt.init_weights(cfg, 41)
    xs = np.random.default_rng(42).standard_normal((3, 12, 32)).astype(np.float32)
    dec, _ = decode.decode_reference(cfg, w, xs, {1: "raw"}, 0.0)
    pre = gpt.forward(cfg, w, xs, {1: (1.0, "raw")}, threshold=0.0)
    np.testing.assert_allclose(dec, pre, rtol=1e-6, atol=1e-6)
    sess = decode.DecodeSession(cfg, w, 12, {1: "raw"}, 0.0)
    out = np.stack([sess.step(xs[:, t]) for t in range(12)], axis=1)
    np.testing.assert_allclose(out, dec, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="outside the rotary tables"):
        decode.DecodeSession(cfg, w, 12, {1: "raw"}, 0.0).step(xs[:, 0], np.array([0, 12, 0]))


def test_bad_decode_configurations():
    w = gpt.init_weights(CFG, 1)
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        decode.DecodeSession(CFG, w, 4, {1: "raw"}, float("nan"))
    with pytest.raises(ValueError, match="routed_capacity must be in"):
        decode.build_decode_ir(CFG, 4, {1: "raw"}, 0.0, routed_capacity=9)
    with pytest.raises(ValueError, match="gates"):
        decode.build_decode_ir(CFG, 4, {1: "softmax"})
    # The dialect's own check, for IR written by hand.
    with pytest.raises(MLIRError, match="threshold must be a finite number"):
        from mod_mlir.compiler import Module
        Module.parse(decode.build_decode_ir(CFG, 4, {1: "raw"}, 0.0)[0].replace(
            "threshold = 0.00000000000000000e+00", "threshold = 0x7FF8000000000000"))


def test_parallel_residual_decode_matches_prefill_reference():
    # GPT-J/NeoX residual: x + attn(ln1(x)) + mlp(ln2(x)). It used to be
    # ignored by the decode step (the sequential residual, ~0.5 off).
    cfg = gpt.GPTConfig(layers=3, dim=32, heads=4, ffn=64, seq=10, batch=3, vocab=24, rotary=True, parallel=True)
    w = gpt.init_weights(cfg, 43)
    xs = np.random.default_rng(44).standard_normal((3, 10, 32)).astype(np.float32)
    dec, _ = decode.decode_reference(cfg, w, xs, {1: "raw"}, 0.0)
    pre = gpt.forward(cfg, w, xs, {1: (1.0, "raw")}, threshold=0.0)
    np.testing.assert_allclose(dec, pre, rtol=1e-6, atol=1e-6)
    seq = gpt.forward(dataclasses.replace(cfg, parallel=False), w, xs, {1: (1.0, "raw")}, threshold=0.0)
    assert np.abs(seq - pre).max() > 1e-2  # the two residual forms differ here
    sess = decode.DecodeSession(cfg, w, 10, {1: "raw"}, 0.0)
    out = np.stack([sess.step(xs[:, t]) for t in range(10)], axis=1)
    np.testing.assert_allclose(out, dec, rtol=1e-4, atol=1e-4)
