"""Causal routing (MOD_SEMANTICS.md section 2), prefill form: `mod.causal_select`
and `mod.routed_block {threshold}` compiled and run against the numpy
reference, including cap overflow and causality."""

from __future__ import annotations

import numpy as np
import pytest

from mod_mlir import gpt
from mod_mlir import reference as ref
from mod_mlir.compiler import JIT, MLIRError, Module

SELECT = """
func.func @select(%r: tensor<{B}x{S}xf32>) -> (tensor<{B}x{K}xi64>, tensor<{B}xi64>) {{
  %i, %c = mod.causal_select %r {{threshold = {T} : f64, k_max = {K} : i64}}
      : tensor<{B}x{S}xf32> -> tensor<{B}x{K}xi64>, tensor<{B}xi64>
  return %i, %c : tensor<{B}x{K}xi64>, tensor<{B}xi64>
}}
"""


@pytest.mark.parametrize("b,s,k,t,seed", [(3, 16, 16, 0.0, 1), (3, 16, 4, 0.0, 2), (2, 40, 7, 0.5, 3),
                                          (4, 9, 1, -0.2, 4), (1, 64, 8, 3.0, 5)])
def test_causal_select_matches_reference(b, s, k, t, seed):
    rng = np.random.default_rng(seed)
    r = rng.standard_normal((b, s)).astype(np.float32)
    r[rng.random((b, s)) < 0.1] = np.nan          # NaN never passes
    r[:, ::5] = np.float32(t)                     # exactly at the threshold: not routed
    idx, count = JIT(SELECT.format(B=b, S=s, K=k, T=t)).invoke("select", r)
    want_idx, want_count = ref.causal_select(r, t, k)
    np.testing.assert_array_equal(count, want_count)
    np.testing.assert_array_equal(idx, want_idx)


def test_cap_overflow_keeps_the_highest_logits():
    r = np.array([[0.5, 3.0, 1.0, 2.0, 0.7, -1.0]], dtype=np.float32)
    idx, count = JIT(SELECT.format(B=1, S=6, K=3, T=0.0)).invoke("select", r)
    assert count.tolist() == [3] and idx.tolist() == [[1, 2, 3]]  # 5 pass, the 3 highest, by position
    idx, count = JIT(SELECT.format(B=1, S=6, K=3, T=2.5)).invoke("select", r)
    assert count.tolist() == [1] and idx.tolist() == [[1, 6, 6]]  # padded with S = 6


def test_verifier_rejects_bad_causal_options():
    with pytest.raises(MLIRError, match="threshold must be a finite number"):
        Module.parse(SELECT.format(B=1, S=6, K=3, T="0x7FF8000000000000"))
    with pytest.raises(MLIRError, match="k_max = 7 exceeds the 6 positions"):
        Module.parse(SELECT.format(B=1, S=6, K=7, T=0.0).replace("tensor<1x7xi64>", "tensor<1x7xi64>"))


@pytest.mark.parametrize("cap,threshold,gate,rotary", [(0.5, 0.0, "raw", True), (0.25, 0.0, "sigmoid", False),
                                                       (0.125, -0.3, "raw", True), (1.0, 0.2, "none", False)])
def test_causally_routed_gpt_matches_reference(cap, threshold, gate, rotary):
    cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=3, vocab=20, rotary=rotary)
    w = gpt.init_weights(cfg, 11)
    x = np.random.default_rng(12).standard_normal((3, 16, 32)).astype(np.float32)
    m = Module.parse(gpt.build_model_ir(cfg, w))
    m.run_pipeline(f"mod-route-dense{{capacity={cap} gate={gate} threshold={threshold} every=1 offset=0}}")
    assert "threshold" in str(m)
    y, = JIT(m).invoke("model", x, *[w[f"router{l}"] for l in range(2)])
    routing = {l: (cap, gate) for l in range(2)}
    want = gpt.forward(cfg, w, x, routing, threshold=threshold)
    np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-4)


def test_prefill_is_causal_without_overflow():
    """Changing later tokens changes no earlier output (cap large enough)."""
    cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=20, rotary=True)
    w = gpt.init_weights(cfg, 13)
    m = Module.parse(gpt.build_model_ir(cfg, w))
    m.run_pipeline("mod-route-dense{capacity=1.0 threshold=0.0 every=1 offset=0}")
    jit = JIT(m)
    routers = [w[f"router{l}"] for l in range(2)]
    x = np.random.default_rng(14).standard_normal((2, 16, 32)).astype(np.float32)
    y1, = jit.invoke("model", x, *routers)
    x2 = x.copy()
    x2[:, 10:] = np.random.default_rng(15).standard_normal((2, 6, 32))
    y2, = jit.invoke("model", x2, *routers)
    np.testing.assert_allclose(y1[:, :10], y2[:, :10], rtol=1e-5, atol=1e-5)
    assert not np.allclose(y1[:, 10:], y2[:, 10:])
