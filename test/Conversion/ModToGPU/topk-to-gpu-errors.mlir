// RUN: mod-opt %s --convert-mod-topk-to-gpu --split-input-file -verify-diagnostics

func.func @f16_scores(%s: tensor<2x16xf16>) -> tensor<2x4xi64> {
  // expected-error @+3 {{'mod.topk' op cannot be lowered by convert-mod-topk-to-gpu: the GPU kernel takes f32 scores, got 'f16' (convert the router logits to f32)}}
  %v_init = tensor.empty() : tensor<2x4xf16>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf16> -> tensor<2x4xf16>, tensor<2x4xi64>
  return %i : tensor<2x4xi64>
}

// -----

func.func @dynamic(%s: tensor<?x16xf32>) -> tensor<?x4xi64> {
  // expected-error @+5 {{'mod.topk' op cannot be lowered by convert-mod-topk-to-gpu: it needs static shapes, got 'tensor<?x4xf32>'}}
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %s, %c0 : tensor<?x16xf32>
  %v_init = tensor.empty(%rows) : tensor<?x4xf32>
  %i_init = tensor.empty(%rows) : tensor<?x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<?x16xf32> -> tensor<?x4xf32>, tensor<?x4xi64>
  return %i : tensor<?x4xi64>
}
