// The CPU pipeline lowers a routed block in the contract syntax to the LLVM
// dialect only (no mod, linalg, tensor, scf, vector or memref ops remain).
// RUN: mod-opt %s --mod-cpu-pipeline | FileCheck %s
// RUN: mod-opt %s --pass-pipeline="builtin.module(mod-cpu-pipeline{vectorize=false})" | FileCheck %s

// CHECK-LABEL: llvm.func @layer
// CHECK-NOT: {{mod\.|linalg\.|tensor\.|scf\.|vector\.|memref\.|bufferization\.}}
// CHECK: llvm.return
func.func @layer(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw"}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    %t = math.tanh %xs : tensor<2x4x32xf32>
    mod.yield %t : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

