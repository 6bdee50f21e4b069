// RUN: mod-opt %s --mod-lower-topk-to-gpu --split-input-file -verify-diagnostics

func.func @f16_scores(%s: tensor<2x16xf16>) -> tensor<2x4xi64> {
  // expected-error @+1 {{'mod.topk' op cannot be lowered by mod-lower-topk-to-gpu: the GPU kernel takes f32 scores, got 'f16' (convert the router logits to f32)}}
  %v, %i = mod.topk %s {k = 4 : i64} : tensor<2x16xf16> -> tensor<2x4xf16>, tensor<2x4xi64>
  return %i : tensor<2x4xi64>
}

// -----

func.func @dynamic(%s: tensor<?x16xf32>) -> tensor<?x4xi64> {
  // expected-error @+1 {{'mod.topk' op cannot be lowered by mod-lower-topk-to-gpu: it needs static shapes, got 'tensor<?x4xf32>'}}
  %v, %i = mod.topk %s {k = 4 : i64} : tensor<?x16xf32> -> tensor<?x4xf32>, tensor<?x4xi64>
  return %i : tensor<?x4xi64>
}
