// Ops the lowering cannot handle get an error naming the op; the IR is left unchanged.
// RUN: mod-opt %s --convert-mod-to-linalg --split-input-file -verify-diagnostics

func.func @dynamic_batch(%s: tensor<?x16xf32>) -> tensor<?x4xi64> {
  // expected-error @+5 {{'mod.topk' op cannot be lowered by convert-mod-to-linalg: it needs static shapes, got 'tensor<?x16xf32>'}}
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %s, %c0 : tensor<?x16xf32>
  %v_init = tensor.empty(%rows) : tensor<?x4xf32>
  %i_init = tensor.empty(%rows) : tensor<?x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<?x16xf32> -> tensor<?x4xf32>, tensor<?x4xi64>
  return %i : tensor<?x4xi64>
}

// -----

func.func @fp8(%x: tensor<2x16x8xf8E4M3FN>, %w: tensor<8xf8E4M3FN>) -> tensor<2x16xf8E4M3FN> {
  // expected-error @+1 {{'mod.router' op cannot be lowered by convert-mod-to-linalg: element type 'f8E4M3FN' is not supported (use f16, bf16, f32 or f64)}}
  %r = mod.router %x, %w : tensor<2x16x8xf8E4M3FN>, tensor<8xf8E4M3FN> -> tensor<2x16xf8E4M3FN>
  return %r : tensor<2x16xf8E4M3FN>
}
