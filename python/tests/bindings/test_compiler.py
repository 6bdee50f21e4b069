"""The Python bindings (libModCAPI.so through ctypes): parse/print, pass
pipelines, JIT execution with numpy, and errors as Python exceptions."""

from __future__ import annotations

import numpy as np
import pytest

from mod_mlir import gpt
from mod_mlir import reference as ref
from mod_mlir.compiler import JIT, MLIRError, Module, version

ROUTED = """
func.func @layer(%x: tensor<{B}x{S}x8xf32>, %w: tensor<8xf32>) -> tensor<{B}x{S}x8xf32> {{
  %y = mod.routed_block(%x, %w) {{capacity = {C} : f64, gate = "{G}"}}
         : (tensor<{B}x{S}x8xf32>, tensor<8xf32>) -> tensor<{B}x{S}x8xf32> {{
  ^bb0(%xs: tensor<{B}x{K}x8xf32>, %pos: tensor<{B}x{K}xi64>):
    %t = math.tanh %xs : tensor<{B}x{K}x8xf32>
    mod.yield %t : tensor<{B}x{K}x8xf32>
  }}
  return %y : tensor<{B}x{S}x8xf32>
}}
"""

TOPK = """
func.func @topk(%s: tensor<3x10xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>) {
  %v_init = tensor.empty() : tensor<3x4xf32>
  %i_init = tensor.empty() : tensor<3x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<3x10xf32> -> tensor<3x4xf32>, tensor<3x4xi64>
  return %v, %i : tensor<3x4xf32>, tensor<3x4xi64>
}
"""


def routed_text(b, s, cap, gate):
    return ROUTED.format(B=b, S=s, C=cap, G=gate, K=ref.capacity_k(cap, s))


def test_version():
    assert version() == "0.1.0"


def test_parse_print_roundtrip_and_signature():
    m = Module.parse(routed_text(2, 16, 0.25, "raw"))
    text = str(m)
    assert "mod.routed_block" in text and "capacity = 0.25 : f64" in text
    assert Module.parse(text).function_names() == ["layer"]
    ins, outs = m.signature("layer")
    assert [i.shape for i in ins] == [(2, 16, 8), (8,)]
    assert outs[0].shape == (2, 16, 8) and outs[0].dtype == np.float32


@pytest.mark.parametrize("b,s,cap,gate", [(1, 1, 0.5, "raw"), (2, 16, 0.25, "raw"), (3, 7, 0.5, "sigmoid"),
                                          (2, 64, 0.125, "none"), (2, 10, 1.0, "raw")])
def test_jit_routed_block_matches_reference(b, s, cap, gate):
    rng = np.random.default_rng(b * 100 + s)
    x = rng.standard_normal((b, s, 8)).astype(np.float32)
    w = rng.standard_normal(8).astype(np.float32)
    x_before = x.copy()
    y, = JIT(routed_text(b, s, cap, gate)).invoke("layer", x, w)
    want = ref.routed_block(x.astype(np.float64), w.astype(np.float64), lambda xs, pos: np.tanh(xs), cap, gate)
    np.testing.assert_allclose(y, want, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(x, x_before)  # inputs are never updated in place


def test_jit_multiple_results_of_two_types():
    s = np.random.default_rng(1).integers(0, 4, size=(3, 10)).astype(np.float32)  # many ties
    vals, idx = JIT(TOPK).invoke("topk", s)
    want_vals, want_idx = ref.topk(s, 4)
    assert idx.dtype == np.int64 and vals.dtype == np.float32
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(vals, want_vals)


@pytest.mark.parametrize("pipeline", ["mod-cpu-pipeline", "mod-cpu-pipeline{portable=true}",
                                      "mod-cpu-pipeline{vectorize=false}"])
def test_route_dense_gpt_through_bindings(pipeline):
    cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True)
    w = gpt.init_weights(cfg, 5)
    x = np.random.default_rng(6).standard_normal((2, 16, 32)).astype(np.float32)
    m = Module.parse(gpt.build_model_ir(cfg, w))
    m.run_pipeline("mod-route-dense{capacity=0.5 every=1 offset=0}")
    assert str(m).count("mod.routed_block") == 2
    routers = [w[f"router{l}"] for l in range(cfg.layers)]
    logits, = JIT(m, pipeline=pipeline).invoke("model", x, *routers)
    want = gpt.forward(cfg, w, x, {0: (0.5, "raw"), 1: (0.5, "raw")})
    np.testing.assert_allclose(logits, want, rtol=1e-4, atol=1e-4)


def test_parse_errors_carry_diagnostics():
    with pytest.raises(MLIRError) as e:
        Module.parse("func.func @f( {")
    assert "does not parse" in str(e.value) and "error:" in e.value.diagnostics[0]
    with pytest.raises(MLIRError) as e:
        Module.parse("func.func @f(%a: i32) -> i64 { return %a : i32 }")
    assert "doesn't match function result type" in str(e.value)
    with pytest.raises(MLIRError) as e:  # our verifier
        Module.parse(routed_text(2, 16, 0.25, "raw").replace('gate = "raw"', 'gate = "softmax"'))
    assert "gate" in str(e.value)


def test_pipeline_errors():
    m = Module.parse(routed_text(2, 16, 0.25, "raw"))
    with pytest.raises(MLIRError, match="does not refer to a registered pass"):
        m.run_pipeline("no-such-pass")
    with pytest.raises(MLIRError, match="does not parse"):
        m.run_pipeline("mod-cpu-pipeline{threads=")
    with pytest.raises(MLIRError, match="failed") as e:
        m.run_pipeline("mod-route-dense{capacity=2.0}")
    assert any("capacity" in d for d in e.value.diagnostics)


def test_remarks_are_collected():
    m = Module.parse("""
    func.func @f(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
      %c = arith.constant 1.0 : f32
      %e = tensor.empty() : tensor<2x4x8xf32>
      %f = linalg.fill ins(%c : f32) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
      return %f : tensor<2x4x8xf32>
    }""")
    m.run_pipeline("mod-route-dense")
    assert any("remark: mod-route-dense: no residual stream" in r for r in m.remarks), m.remarks


def test_bad_arguments_raise_type_errors():
    jit = JIT(routed_text(2, 16, 0.25, "raw"))
    x = np.zeros((2, 16, 8), np.float32)
    w = np.zeros(8, np.float32)
    with pytest.raises(TypeError, match=r"argument 0 of @layer: expected float32 array of shape \(2, 16, 8\), "
                                        r"got float64 array"):
        jit.invoke("layer", x.astype(np.float64), w)
    with pytest.raises(TypeError, match="shape"):
        jit.invoke("layer", np.zeros((2, 8, 8), np.float32), w)
    with pytest.raises(TypeError, match="takes 2 argument"):
        jit.invoke("layer", x)
    with pytest.raises(TypeError, match="numpy array"):
        jit.invoke("layer", [1, 2], w)
    with pytest.raises(KeyError, match="no function @nope"):
        jit.invoke("nope", x, w)


def test_dynamic_shapes_are_rejected_clearly():
    with pytest.raises(MLIRError, match="dynamic shape"):
        JIT("func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> { return %x : tensor<?xf32> }")


def test_results_sharing_one_buffer_are_copied_before_it_is_freed(monkeypatch):
    """Results that are views of one allocation (here a reshape and a folded
    1x1 transpose of the same tensor) must all be read before that buffer is
    freed; reading the second after free() returned heap garbage whenever the
    allocation's data sat in the bytes free() reuses (found by the
    differential test, python/mod_mlir/difftest.py)."""
    from mod_mlir import compiler
    text = """
    func.func @f(%a: tensor<1x1xi64>, %b: tensor<1x1xi64>) -> (tensor<1x1xi1>, tensor<1x1x1xi64>, tensor<1x1xi64>) {
      %e1 = tensor.empty() : tensor<1x1xi1>
      %m = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>,
                                            affine_map<(d0, d1) -> (d0, d1)>],
                           iterator_types = ["parallel", "parallel"]}
          ins(%a, %b : tensor<1x1xi64>, tensor<1x1xi64>) outs(%e1 : tensor<1x1xi1>) {
      ^bb0(%x: i64, %y: i64, %o: i1):
        %c = arith.cmpi eq, %x, %y : i64
        linalg.yield %c : i1
      } -> tensor<1x1xi1>
      %e2 = tensor.empty() : tensor<1x1xi1>
      %mt = linalg.transpose ins(%m : tensor<1x1xi1>) outs(%e2 : tensor<1x1xi1>) permutation = [1, 0]
      %w = arith.extui %mt : tensor<1x1xi1> to tensor<1x1xi64>
      %r = tensor.expand_shape %w [[0], [1, 2]] output_shape [1, 1, 1] : tensor<1x1xi64> into tensor<1x1x1xi64>
      %e3 = tensor.empty() : tensor<1x1xi64>
      %t = linalg.transpose ins(%w : tensor<1x1xi64>) outs(%e3 : tensor<1x1xi64>) permutation = [1, 0]
      return %m, %r, %t : tensor<1x1xi1>, tensor<1x1x1xi64>, tensor<1x1xi64>
    }
    """
    events = []
    real_free, real_to_numpy = compiler._libc.free, compiler.ranked_memref_to_numpy

    class Libc:
        @staticmethod
        def free(ptr):
            events.append(("free", ptr))
            real_free(ptr)

    def to_numpy(d, dtype):
        events.append(("read", d.allocated))
        return real_to_numpy(d, dtype)

    monkeypatch.setattr(compiler, "_libc", Libc)
    monkeypatch.setattr(compiler, "ranked_memref_to_numpy", to_numpy)
    jit = JIT(text)
    m, r, t = jit.invoke("f", np.array([[3]], dtype=np.int64), np.array([[3]], dtype=np.int64))
    assert m.tolist() == [[True]] and r.tolist() == [[[1]]] and t.tolist() == [[1]]
    reads = [p for e, p in events if e == "read"]
    assert len(set(reads)) < len(reads), "the results no longer share a buffer: the test needs another program"
    freed = set()
    for event, ptr in events:
        assert not (event == "read" and ptr in freed), "a result was read after its buffer was freed"
        assert not (event == "free" and ptr in freed), "a buffer was freed twice"
        if event == "free":
            freed.add(ptr)


def test_arguments_updated_by_the_code_are_not_changed_for_the_caller():
    """The JIT marks tensor arguments bufferization.writable = false and
    passes the caller's arrays without a copy: code that updates an argument
    (an insert into a cache, an elementwise op computed into its input's
    buffer) works on its own copy."""
    text = """
    func.func @upd(%c: tensor<4x8xf32>, %x: tensor<1x8xf32>, %i: index) -> (tensor<4x8xf32>, tensor<1x8xf32>) {
      %r = tensor.insert_slice %x into %c[%i, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<4x8xf32>
      %two = arith.constant 2.0 : f32
      %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                           iterator_types = ["parallel", "parallel"]} ins(%x : tensor<1x8xf32>) outs(%x : tensor<1x8xf32>) {
      ^bb0(%a: f32, %o: f32):
        %m = arith.mulf %a, %two : f32
        linalg.yield %m : f32
      } -> tensor<1x8xf32>
      return %r, %y : tensor<4x8xf32>, tensor<1x8xf32>
    }
    """
    jit = JIT(text)
    c = np.zeros((4, 8), np.float32)
    x = np.arange(8, dtype=np.float32).reshape(1, 8)
    r, y = jit.invoke("upd", c, x, 2)
    want = np.zeros((4, 8), np.float32)
    want[2] = x[0]
    np.testing.assert_array_equal(r, want)
    np.testing.assert_array_equal(y, 2 * x)
    np.testing.assert_array_equal(c, 0)
    np.testing.assert_array_equal(x, np.arange(8, dtype=np.float32).reshape(1, 8))
    # Strided (non-contiguous) arguments are fine too.
    r2, _ = jit.invoke("upd", np.zeros((4, 16), np.float32)[:, ::2], x, 1)
    np.testing.assert_array_equal(r2[1], x[0])


def test_memref_arguments_the_code_writes_are_copied():
    """Already-bufferized functions (memref arguments) are not marked
    read-only, so invoke passes them a copy: the caller's array stays."""
    text = """
    func.func @w(%m: memref<4xf32>) -> f32 {
      %c0 = arith.constant 0 : index
      %one = arith.constant 1.0 : f32
      memref.store %one, %m[%c0] : memref<4xf32>
      %v = memref.load %m[%c0] : memref<4xf32>
      return %v : f32
    }
    """
    m = np.zeros(4, np.float32)
    r, = JIT(text).invoke("w", m)
    assert float(r) == 1.0
    np.testing.assert_array_equal(m, 0)


def test_update_in_place_writes_the_callers_array():
    """JIT(update_in_place=True): a result that updates an argument (a
    cache written at a row) is no longer returned; the caller's array is
    updated instead, on every call (also when another array comes), and an
    array that cannot be updated in place is a clear TypeError."""
    text = """
    func.func @upd(%c: tensor<4x8xf32>, %x: tensor<1x8xf32>, %i: index) -> (tensor<8xf32>, tensor<4x8xf32>) {
      %r = tensor.insert_slice %x into %c[%i, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<4x8xf32>
      %zero = arith.constant 0.0 : f32
      %e = tensor.empty() : tensor<8xf32>
      %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
      %s = linalg.reduce ins(%r : tensor<4x8xf32>) outs(%z : tensor<8xf32>) dimensions = [0]
        (%a: f32, %b: f32) {
          %t = arith.addf %a, %b : f32
          linalg.yield %t : f32
        }
      return %s, %r : tensor<8xf32>, tensor<4x8xf32>
    }
    """
    jit = JIT(text, update_in_place=True)
    assert jit.in_place_args["upd"] == {0}
    assert len(jit.signatures["upd"][1]) == 1  # the cache is no longer a result
    c = np.zeros((4, 8), np.float32)
    x = np.arange(8, dtype=np.float32).reshape(1, 8)
    for row in range(3):
        s, = jit.invoke("upd", c, x + row, row)
        want = np.zeros((4, 8), np.float32)
        for r in range(row + 1):
            want[r] = x[0] + r
        np.testing.assert_array_equal(c, want)
        np.testing.assert_array_equal(s, want.sum(axis=0))
    other = np.ones((4, 8), np.float32)
    jit.invoke("upd", other, x, 3)
    np.testing.assert_array_equal(other[3], x[0])
    np.testing.assert_array_equal(c[3], 0)  # the earlier array is left alone
    with pytest.raises(TypeError, match="updated in place: pass a C-contiguous, writeable array"):
        jit.invoke("upd", np.zeros((4, 16), np.float32)[:, ::2], x, 0)
