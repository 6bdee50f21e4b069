// difftest reproducer, fixed in 8e84e23 (differential-reproducers.test):
// upstream's linalg vectorizer mishandles a reduction whose reduced value
// reads no input element. Here an iota (linalg.index) producer fused into a
// max-reduction consumer, so the fused body reduces
// `index_cast(linalg.index 1)` only: mod-tile-and-vectorize vectorized it
// into a 32-wide transfer_write into a 1-element row slice -- wrong results
// and a heap buffer overflow after bufferization; with fuse=false the IR did
// not verify. Expected: every row 31.
//   python3 -m mod_mlir.difftest file test/Integration/CPU/Inputs/difftest/reduce-of-iota.mlir
func.func @fn(%x: tensor<4x32xf32>) -> tensor<4xi64> {
  %e = tensor.empty() : tensor<4x32xi64>
  %iota = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x32xf32>) outs(%e : tensor<4x32xi64>) {
  ^bb0(%in: f32, %out: i64):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i64
    linalg.yield %ii : i64
  } -> tensor<4x32xi64>
  %min = arith.constant -9223372036854775808 : i64
  %e2 = tensor.empty() : tensor<4xi64>
  %init = linalg.fill ins(%min : i64) outs(%e2 : tensor<4xi64>) -> tensor<4xi64>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%iota : tensor<4x32xi64>) outs(%init : tensor<4xi64>) {
  ^bb0(%in: i64, %out: i64):
    %m = arith.maxsi %in, %out : i64
    linalg.yield %m : i64
  } -> tensor<4xi64>
  return %r : tensor<4xi64>
}
