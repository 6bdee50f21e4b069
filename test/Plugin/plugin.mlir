// Stock mlir-opt (Debian's, same LLVM version) loads our dialect and passes
// from the plugin, parses mod ops, prints them back and runs our passes.
// (An ASan/UBSan build of the plugin cannot load into an uninstrumented host.)
// UNSUPPORTED: sanitized
// RUN: mlir-opt %s --load-dialect-plugin=%mod_plugin --load-pass-plugin=%mod_plugin \
// RUN:   --pass-pipeline="builtin.module(mod-routing-report)" 2>&1 | FileCheck %s
// RUN: mlir-opt %s --load-dialect-plugin=%mod_plugin | FileCheck %s --check-prefix=ROUNDTRIP
// Without the plugin, stock mlir-opt rejects the dialect (the test can fail).
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: mod-routing-report: 1 routed block(s) in 1 function(s)
// CHECK: block #0: B=1 S=8 D=4 f32 capacity=0.5 k=4 gate=none
// CHECK: mod.routed_block(%arg0, %arg1) {capacity = 0.5 : f64, gate = "none"}

// ROUNDTRIP: %[[Y:.*]] = mod.routed_block(%arg0, %arg1) {capacity = 0.5 : f64, gate = "none"} : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32> {
// ROUNDTRIP-NEXT: ^bb0(%xs: tensor<1x4x4xf32>, %pos: tensor<1x4xi64>):

// NOPLUGIN: Dialect `mod' not found for custom op 'mod.routed_block'

func.func @layer(%x: tensor<1x8x4xf32>, %w: tensor<4xf32>) -> tensor<1x8x4xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.5 : f64, gate = "none"} : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32> {
  ^bb0(%xs: tensor<1x4x4xf32>, %pos: tensor<1x4xi64>):
    mod.yield %xs : tensor<1x4x4xf32>
  }
  return %y : tensor<1x8x4xf32>
}
