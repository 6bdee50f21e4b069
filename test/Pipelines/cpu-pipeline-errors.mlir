// The CPU pipeline on IR it cannot lower fails with an error naming the op;
// verifier errors surface before any lowering. Exit code 1, no crash.
// RUN: %python %S/../Tools/Inputs/expect_exit.py 1 mod-opt %s --mod-cpu-pipeline --split-input-file | FileCheck %s --check-prefix=ERR


// ERR: error: 'mod.topk' op cannot be lowered by convert-mod-to-linalg: it needs static shapes, got 'tensor<?x16xf32>'
func.func @dynamic(%s: tensor<?x16xf32>) -> tensor<?x4xi64> {
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %s, %c0 : tensor<?x16xf32>
  %v_init = tensor.empty(%rows) : tensor<?x4xf32>
  %i_init = tensor.empty(%rows) : tensor<?x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<?x16xf32> -> tensor<?x4xf32>, tensor<?x4xi64>
  return %i : tensor<?x4xi64>
}

// -----

// ERR: error: 'mod.routed_block' op capacity must be in (0, 1], got 0
func.func @bad_capacity(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.0 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x1x32xf32>, %pos: tensor<2x1xi64>):
    mod.yield %xs : tensor<2x1x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}
