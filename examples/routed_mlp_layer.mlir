// A Mixture-of-Depths layer in mod form, using every op of the dialect.
//
// @routed_layer: the structured form. Of the S = 16 tokens of each of the
// B = 2 sequences, only the top k = ceil(0.25 * 16) = 4 by router logit go
// through the MLP in the body; the others skip it.
//
// @expanded_layer: the same computation written with the primitive ops, as
// `mod-expand-routed-blocks` produces it: router -> top-k -> gather -> body
// -> gated scatter-add into the residual stream.
module {
  func.func @routed_layer(%arg0: tensor<2x16x32xf32>, %arg1: tensor<32xf32>, %arg2: tensor<32x64xf32>, %arg3: tensor<64x32xf32>) -> tensor<2x16x32xf32> {
    %0 = mod.routed_block(%arg0, %arg1) {capacity = 0.25 : f64, gate = "raw"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
    ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
      %1 = func.call @mlp(%xs, %arg2, %arg3) : (tensor<2x4x32xf32>, tensor<32x64xf32>, tensor<64x32xf32>) -> tensor<2x4x32xf32>
      mod.yield %1 : tensor<2x4x32xf32>
    }
    return %0 : tensor<2x16x32xf32>
  }
  func.func @expanded_layer(%arg0: tensor<2x16x32xf32>, %arg1: tensor<32xf32>, %arg2: tensor<f32>, %arg3: tensor<32x64xf32>, %arg4: tensor<64x32xf32>) -> tensor<2x16x32xf32> {
    %0 = mod.router %arg0, %arg1 bias(%arg2 : tensor<f32>) : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
    %1 = tensor.empty() : tensor<2x4xf32>
    %2 = tensor.empty() : tensor<2x4xi64>
    %values, %indices = mod.topk %0 outs(%1, %2) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
    %3 = tensor.empty() : tensor<2x4x32xf32>
    %4 = mod.gather %arg0[%indices] outs(%3) : tensor<2x16x32xf32>, tensor<2x4xi64> -> tensor<2x4x32xf32>
    %5 = call @mlp(%4, %arg3, %arg4) : (tensor<2x4x32xf32>, tensor<32x64xf32>, tensor<64x32xf32>) -> tensor<2x4x32xf32>
    %6 = mod.scatter_add %5 into %arg0[%indices] weights(%values : tensor<2x4xf32>) {in_bounds} : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
    return %6 : tensor<2x16x32xf32>
  }
  func.func private @mlp(%arg0: tensor<2x4x32xf32>, %arg1: tensor<32x64xf32>, %arg2: tensor<64x32xf32>) -> tensor<2x4x32xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %collapsed = tensor.collapse_shape %arg0 [[0, 1], [2]] : tensor<2x4x32xf32> into tensor<8x32xf32>
    %0 = tensor.empty() : tensor<8x64xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x64xf32>) -> tensor<8x64xf32>
    %2 = linalg.matmul ins(%collapsed, %arg1 : tensor<8x32xf32>, tensor<32x64xf32>) outs(%1 : tensor<8x64xf32>) -> tensor<8x64xf32>
    %3 = math.tanh %2 : tensor<8x64xf32>
    %4 = tensor.empty() : tensor<8x32xf32>
    %5 = linalg.fill ins(%cst : f32) outs(%4 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %6 = linalg.matmul ins(%3, %arg2 : tensor<8x64xf32>, tensor<64x32xf32>) outs(%5 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded = tensor.expand_shape %6 [[0, 1], [2]] output_shape [2, 4, 32] : tensor<8x32xf32> into tensor<2x4x32xf32>
    return %expanded : tensor<2x4x32xf32>
  }
}
