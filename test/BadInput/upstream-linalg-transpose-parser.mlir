// Known upstream bug (MLIR 22.1.8, found by tools/mod-fuzz): linalg.transpose's
// parser dereferences a null attribute when `permutation =` has no value, and
// crashes stock mlir-opt and mod-opt alike. Not ours to patch; this test
// records it and will report XPASS once the upstream parser is fixed.
// XFAIL: *
// RUN: %python %S/../Tools/Inputs/expect_exit.py 1 mod-opt %s -o /dev/null
func.func @f(%x: tensor<2x4xf32>, %i: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %t = linalg.transpose ins(%x : tensor<2x4xf32>) outs(%i : tensor<4x2xf32>) permutation = 
  return %t : tensor<4x2xf32>
}
