#map = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func @cumsum_i64(%arg0: tensor<1x6xi64>) -> tensor<1x6xi64> {
    %c1_i64 = arith.constant 1 : i64
    %c0_i64 = arith.constant 0 : i64
    %0 = tensor.empty() : tensor<1x6xi64>
    %1 = linalg.fill ins(%c0_i64 : i64) outs(%0 : tensor<1x6xi64>) -> tensor<1x6xi64>
    %2 = tensor.empty() : tensor<1xi64>
    %3 = linalg.fill ins(%c0_i64 : i64) outs(%2 : tensor<1xi64>) -> tensor<1xi64>
    %4:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%arg0 : tensor<1x6xi64>) outs(%1, %3 : tensor<1x6xi64>, tensor<1xi64>) {
    ^bb0(%arg1: i64, %arg2: i64):
      %6 = arith.addi %arg1, %arg2 : i64
      tm_tensor.yield %6 : i64
    } -> tensor<1x6xi64>, tensor<1xi64>
    %5 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%4#0 : tensor<1x6xi64>) outs(%0 : tensor<1x6xi64>) {
    ^bb0(%in: i64, %out: i64):
      %6 = arith.subi %in, %c1_i64 : i64
      linalg.yield %6 : i64
    } -> tensor<1x6xi64>
    return %5 : tensor<1x6xi64>
  }
}
