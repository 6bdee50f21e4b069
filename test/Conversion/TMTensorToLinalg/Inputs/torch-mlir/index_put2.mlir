module {
  func.func @index_put2(%arg0: tensor<4x5xf32>, %arg1: tensor<2xi64>, %arg2: tensor<2xi64>, %arg3: tensor<2xf32>) -> tensor<4x5xf32> {
    %expanded = tensor.expand_shape %arg1 [[0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
    %expanded_0 = tensor.expand_shape %arg2 [[0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
    %concat = tensor.concat dim(1) %expanded, %expanded_0 : (tensor<2x1xi64>, tensor<2x1xi64>) -> tensor<2x2xi64>
    %expanded_1 = tensor.expand_shape %arg3 [[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
    %0 = tm_tensor.scatter {dimension_map = array<i64: 0, 1>} unique_indices(true) ins(%expanded_1, %concat : tensor<2x1x1xf32>, tensor<2x2xi64>) outs(%arg0 : tensor<4x5xf32>) {
    ^bb0(%arg4: f32, %arg5: f32):
      tm_tensor.yield %arg4 : f32
    } -> tensor<4x5xf32>
    return %0 : tensor<4x5xf32>
  }
}
