// The report names each routed block with its shape, k and gate, and leaves
// the IR unchanged.
// RUN: mod-opt %s --mod-routing-report -o %t.mlir 2>&1 | FileCheck %s
// RUN: mod-opt %s -o %t.ref.mlir && diff %t.ref.mlir %t.mlir

// CHECK: mod-routing-report: 2 routed block(s) in 1 function(s)
// CHECK-NEXT: @two_layers  block #0: B=3 S=64 D=8 f32 capacity=0.125 k=8 gate=raw bias=no body-ops=0  tokens kept 12.5%  (linear FLOPs x0.125, attention FLOPs x0.016)
// CHECK-NEXT: @two_layers  block #1: B=3 S=64 D=8 f32 capacity=0.3 k=20 gate=sigmoid bias=yes body-ops=1  tokens kept 31.2%  (linear FLOPs x0.312, attention FLOPs x0.098)
// CHECK-NEXT: primitive ops: 0 mod.router, 0 mod.topk, 0 mod.gather, 0 mod.scatter_add
func.func @two_layers(%x: tensor<3x64x8xf32>, %w: tensor<8xf32>, %b: tensor<f32>) -> tensor<3x64x8xf32> {
  %0 = mod.routed_block(%x, %w) {capacity = 0.125 : f64} : (tensor<3x64x8xf32>, tensor<8xf32>) -> tensor<3x64x8xf32> {
  ^bb0(%xs: tensor<3x8x8xf32>, %pos: tensor<3x8xi64>):
    mod.yield %xs : tensor<3x8x8xf32>
  }
  %1 = mod.routed_block(%0, %w, %b) {capacity = 0.3 : f64, gate = "sigmoid"} : (tensor<3x64x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<3x64x8xf32> {
  ^bb0(%xs: tensor<3x20x8xf32>, %pos: tensor<3x20xi64>):
    %t = math.tanh %xs : tensor<3x20x8xf32>
    mod.yield %t : tensor<3x20x8xf32>
  }
  return %1 : tensor<3x64x8xf32>
}
