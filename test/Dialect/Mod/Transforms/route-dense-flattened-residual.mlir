// A residual add on a flattened [B*S, D] view of the stream, viewed back to
// [B, S, D] (OPT's MLP: hidden.reshape(-1, D), residual added there, then
// .view(B, S, D)): mod-route-dense lifts it to an add on [B, S, D], so the
// sub-block is a step of the residual stream and the layer it belongs to is
// routed whole. Without the lift the stream ends at the flattened add and
// the second sub-block would stay outside every layer.
// RUN: mod-opt %s --mod-route-dense="every=1 offset=0 capacity=0.5 report=true" 2>&1 | FileCheck %s

// CHECK: mod-route-dense: @flat: 1 layer(s), B=2 S=4 D=8
// CHECK: layer 0: routed S=4 k=2
// CHECK: mod-route-dense: @not_residual: 1 layer(s)
// CHECK-LABEL: func.func @flat
// CHECK:         %[[Y:.*]] = mod.routed_block(%arg0, %{{.*}})
// CHECK:           linalg.matmul ins(%{{.*}}, %arg1 : tensor<4x8xf32>, tensor<8x8xf32>)
// CHECK:           linalg.matmul ins(%{{.*}}, %arg2 : tensor<4x8xf32>, tensor<8x8xf32>)
// The update is the sum of both sub-blocks' branches, on [B, k, D].
// CHECK:           %[[U:.*]] = linalg.add ins(%{{.*}}, %{{.*}} : tensor<2x2x8xf32>, tensor<2x2x8xf32>)
// CHECK:           mod.yield %[[U]]
// CHECK-NOT:     linalg.matmul
// CHECK:         return %[[Y]] : tensor<2x4x8xf32>
func.func @flat(%x: tensor<2x4x8xf32>, %w1: tensor<8x8xf32>, %w2: tensor<8x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  // Sub-block 1 on [B, S, D].
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p1 = linalg.matmul ins(%xf, %w1 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %p1e = tensor.expand_shape %p1 [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %t1 = math.tanh %p1e : tensor<2x4x8xf32>
  %x1 = linalg.add ins(%x, %t1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  // Sub-block 2 and its residual add on [B*S, D].
  %c = tensor.collapse_shape %x1 [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p2 = linalg.matmul ins(%c, %w2 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %t2 = math.tanh %p2 : tensor<8x8xf32>
  %h = linalg.add ins(%c, %t2 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %y = tensor.expand_shape %h [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// A flattened add whose other operand does not come from the stream value
// is no residual add: nothing is lifted, the [8, 8] add stays.
// CHECK-LABEL: func.func @not_residual
// CHECK:         %[[R:.*]] = mod.routed_block
// CHECK:         %[[F:.*]] = tensor.collapse_shape %[[R]]
// CHECK:         linalg.add ins(%[[F]], %arg2 : tensor<8x8xf32>, tensor<8x8xf32>)
func.func @not_residual(%x: tensor<2x4x8xf32>, %w1: tensor<8x8xf32>, %b: tensor<8x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p1 = linalg.matmul ins(%xf, %w1 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %p1e = tensor.expand_shape %p1 [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %t1 = math.tanh %p1e : tensor<2x4x8xf32>
  %x1 = linalg.add ins(%x, %t1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %c = tensor.collapse_shape %x1 [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %h = linalg.add ins(%c, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %y = tensor.expand_shape %h [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}
