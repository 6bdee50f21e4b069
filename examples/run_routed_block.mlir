// A routed block in the contract syntax with a main() that runs it:
//   mod-opt --mod-cpu-pipeline examples/run_routed_block.mlir \
//     | mlir-runner -e main -entry-point-result=void \
//         -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so
//
// One sequence of S = 8 tokens with D = 4 features; the router reads feature
// 0, so the logits are x[:, 0] = [1, 2, 3, 0.5, 5, -1, 3, 0]. Capacity 0.5
// keeps k = 4 tokens: positions 1, 2, 4, 6 (5 > 3 = 3 > 2; the tie between
// positions 2 and 6 keeps both). The body is tanh, the gate sigmoid, so a
// routed token becomes x + sigmoid(r) * tanh(x); the others pass unchanged.
func.func @layer(%x: tensor<1x8x4xf32>, %w: tensor<4xf32>) -> tensor<1x8x4xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.5 : f64, gate = "sigmoid"}
         : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32> {
  ^bb0(%xs: tensor<1x4x4xf32>, %pos: tensor<1x4xi64>):
    %t = math.tanh %xs : tensor<1x4x4xf32>
    mod.yield %t : tensor<1x4x4xf32>
  }
  return %y : tensor<1x8x4xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[1.0, 0.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0],
                              [0.5, 0.0, 0.0, 0.0], [5.0, 0.0, 0.0, 0.0], [-1.0, 0.0, 0.0, 0.0],
                              [3.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]]> : tensor<1x8x4xf32>
  %w = arith.constant dense<[1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %y = call @layer(%x, %w) : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32>
  %u = tensor.cast %y : tensor<1x8x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
