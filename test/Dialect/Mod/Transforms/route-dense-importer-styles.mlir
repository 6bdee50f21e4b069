// Importer styles: a projection as batch_matmul with a weight broadcast over
// the batch; the weight has a batch axis but no token axis, so the routed
// body uses it as it is (no gather, no copy).
// RUN: mod-opt %s --mod-route-dense="every=1 offset=0 capacity=0.5" | FileCheck %s
// CHECK-LABEL: func.func @bcast
// CHECK: %[[WB:.*]] = linalg.broadcast
// CHECK: mod.routed_block
// CHECK-NEXT: ^bb0(%xs: tensor<2x2x8xf32>, %pos: tensor<2x2xi64>):
// CHECK-NOT: tensor.extract
// CHECK: linalg.batch_matmul ins(%xs, %[[WB]] : tensor<2x2x8xf32>, tensor<2x8x8xf32>)
// CHECK: mod.yield
func.func @bcast(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %be = tensor.empty() : tensor<2x8x8xf32>
  %wb = linalg.broadcast ins(%w : tensor<8x8xf32>) outs(%be : tensor<2x8x8xf32>) dimensions = [0]
  %e = tensor.empty() : tensor<2x4x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %p = linalg.batch_matmul ins(%x, %wb : tensor<2x4x8xf32>, tensor<2x8x8xf32>) outs(%z : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %t = math.tanh %p : tensor<2x4x8xf32>
  %r = linalg.add ins(%x, %t : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r : tensor<2x4x8xf32>
}
