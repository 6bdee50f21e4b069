"""Causal routing (docs/Semantics.md section 2), prefill form: `mod.causal_select`
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
  %i0 = tensor.empty() : tensor<{B}x{K}xi64>
  %c0 = tensor.empty() : tensor<{B}xi64>
  %i, %c = mod.causal_select %r outs(%i0, %c0) {{threshold = {T} : f64, k_max = {K} : i64}}
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


PREDICTED = """
func.func @layer(%x: tensor<2x16x8xf32>, %w: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<2x16x8xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.5 : f64, gate = "raw", threshold = 0.1 : f64}
         : (tensor<2x16x8xf32>, tensor<8xf32>) -> tensor<2x16x8xf32> {
  ^bb0(%xs: tensor<2x8x8xf32>, %pos: tensor<2x8xi64>):
    %t = math.tanh %xs : tensor<2x8x8xf32>
    mod.yield %t : tensor<2x8x8xf32>
  } predictor {
  ^bb0(%tokens: tensor<2x16x8xf32>):
    %z = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x16xf32>
    %init = linalg.fill ins(%z : f32) outs(%e : tensor<2x16xf32>) -> tensor<2x16xf32>
    %p = linalg.generic {indexing_maps = [affine_map<(b, s, d) -> (b, s, d)>, affine_map<(b, s, d) -> (d)>,
                                          affine_map<(b, s, d) -> (b, s)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%tokens, %v : tensor<2x16x8xf32>, tensor<8xf32>) outs(%init : tensor<2x16xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %th = math.tanh %a : f32
      %m = arith.mulf %th, %b : f32
      %r = arith.addf %m, %o : f32
      linalg.yield %r : f32
    } -> tensor<2x16xf32>
    mod.yield %p : tensor<2x16xf32>
  }
  return %y : tensor<2x16x8xf32>
}
"""


def test_predictor_region_decides_and_router_gates():
    m = Module.parse(PREDICTED)
    assert "} predictor {" in str(m) and "%tokens" in str(m)
    assert Module.parse(str(m)).function_names() == ["layer"]  # round trip
    rng = np.random.default_rng(40)
    x = rng.standard_normal((2, 16, 8)).astype(np.float32)
    w, v = rng.standard_normal(8).astype(np.float32), rng.standard_normal(8).astype(np.float32)
    y, = JIT(m).invoke("layer", x, w, v)
    x64 = x.astype(np.float64)
    want = ref.routed_block(x64, w.astype(np.float64), lambda xs, pos: np.tanh(xs), 0.5, "raw", threshold=0.1,
                            predictor=lambda t: np.tanh(t) @ v.astype(np.float64))
    np.testing.assert_allclose(y, want, rtol=1e-5, atol=1e-5)
    # The router alone would have chosen differently: the predictor matters.
    router_only = ref.routed_block(x64, w.astype(np.float64), lambda xs, pos: np.tanh(xs), 0.5, "raw",
                                   threshold=0.1)
    assert not np.allclose(want, router_only)


def test_predictor_verifier_errors():
    with pytest.raises(MLIRError, match="a predictor region decides causal routing: it needs a threshold"):
        Module.parse(PREDICTED.replace(", threshold = 0.1 : f64", ""))
    with pytest.raises(MLIRError, match=r"predictor must yield one value of type 'tensor<2x16xf32>'"):
        Module.parse(PREDICTED.replace("mod.yield %p : tensor<2x16xf32>", "mod.yield %tokens : tensor<2x16x8xf32>"))
