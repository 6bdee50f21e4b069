#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
#map2 = affine_map<(d0) -> (d0)>
module {
  func.func @kthvalue(%arg0: tensor<2x6xf32>) -> (tensor<2xf32>, tensor<2xi64>) {
    %cst = arith.constant 0x7F800000 : f32
    %cst_0 = arith.constant 0xFF800000 : f32
    %c2147483647_i32 = arith.constant 2147483647 : i32
    %c0_i64 = arith.constant 0 : i64
    %c0_i32 = arith.constant 0 : i32
    %0 = tensor.empty() : tensor<2x2xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<2x2xf32>) -> tensor<2x2xf32>
    %2 = tensor.empty() : tensor<2x2xi32>
    %3 = linalg.fill ins(%c2147483647_i32 : i32) outs(%2 : tensor<2x2xi32>) -> tensor<2x2xi32>
    %4:2 = tm_tensor.topk dimension(1) ins(%arg0 : tensor<2x6xf32>) outs(%1, %3 : tensor<2x2xf32>, tensor<2x2xi32>) {
    ^bb0(%arg1: f32, %arg2: f32):
      %14 = arith.cmpf olt, %arg1, %arg2 : f32
      tm_tensor.yield %14 : i1
    } -> tensor<2x2xf32>, tensor<2x2xi32>
    %5 = tensor.empty() : tensor<2xf32>
    %6 = linalg.fill ins(%cst_0 : f32) outs(%5 : tensor<2xf32>) -> tensor<2xf32>
    %7 = tensor.empty() : tensor<2xi64>
    %8 = linalg.fill ins(%c0_i64 : i64) outs(%7 : tensor<2xi64>) -> tensor<2xi64>
    %9:2 = linalg.generic {indexing_maps = [#map, #map1, #map1], iterator_types = ["parallel", "reduction"]} ins(%4#0 : tensor<2x2xf32>) outs(%6, %8 : tensor<2xf32>, tensor<2xi64>) {
    ^bb0(%in: f32, %out: f32, %out_1: i64):
      %14 = linalg.index 1 : index
      %15 = arith.index_cast %14 : index to i64
      %16 = arith.maximumf %in, %out : f32
      %17 = arith.cmpf ogt, %in, %out : f32
      %18 = arith.select %17, %15, %out_1 : i64
      linalg.yield %16, %18 : f32, i64
    } -> (tensor<2xf32>, tensor<2xi64>)
    %10 = tensor.empty() : tensor<2xi32>
    %11 = linalg.fill ins(%c0_i32 : i32) outs(%10 : tensor<2xi32>) -> tensor<2xi32>
    %12 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%9#1 : tensor<2xi64>) outs(%11 : tensor<2xi32>) {
    ^bb0(%in: i64, %out: i32):
      %14 = arith.index_cast %in : i64 to index
      %15 = linalg.index 0 : index
      %extracted = tensor.extract %4#1[%15, %14] : tensor<2x2xi32>
      linalg.yield %extracted : i32
    } -> tensor<2xi32>
    %13 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%12 : tensor<2xi32>) outs(%8 : tensor<2xi64>) {
    ^bb0(%in: i32, %out: i64):
      %14 = arith.index_cast %in : i32 to index
      %15 = arith.index_cast %14 : index to i64
      linalg.yield %15 : i64
    } -> tensor<2xi64>
    return %9#0, %13 : tensor<2xf32>, tensor<2xi64>
  }
}
