// difftest reproducer, fixed in 8e84e23 (differential-reproducers.test):
// upstream's linalg vectorizer mishandles a reduction whose reduced value
// reads no input element. Here a constant (e.g. counting: a sum of 1 over a
// dimension): the vectorizer broadcast it to the output shape only and
// dropped the reduction, so every element was -0.5 instead of
// 16 x -0.5 = -8.0 (default pipeline; right with vectorize=false).
//   python3 -m mod_mlir.difftest file test/Integration/CPU/Inputs/difftest/reduce-of-constant.mlir
func.func @fn(%x: tensor<16xi64>) -> tensor<2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<16xi64>) outs(%init : tensor<2xf32>) {
  ^bb0(%in: i64, %out: f32):
    %k = arith.constant -0.5 : f32
    %a = arith.addf %k, %out : f32
    linalg.yield %a : f32
  } -> tensor<2xf32>
  return %r : tensor<2xf32>
}
