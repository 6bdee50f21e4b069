// A vectorized math op without an LLVM intrinsic (math.erf, exact GELU as in
// GPT-NeoX) lowers to libm calls: they unroll the vector operand, so the math
// conversions must run before the vector conversion (else an
// unrealized_conversion_cast of vector<1x1x64xf32> is left and the module
// does not translate). Expected values: erf(-1) = -0.8427008,
// erf(0.5) = 0.5204999, erf(2) = 0.9953223, erf(0) = 0.
// RUN: mod-opt --mod-cpu-pipeline %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="vectorize=false" %s | %mlir_runner_cpu | FileCheck %s

#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#last = affine_map<(d0, d1, d2) -> (d2)>
func.func @erf(%x: tensor<1x2x64xf32>) -> tensor<1x2x64xf32> {
  %e = tensor.empty() : tensor<1x2x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x64xf32>) outs(%e : tensor<1x2x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.erf %in : f32
    linalg.yield %v : f32
  } -> tensor<1x2x64xf32>
  return %r : tensor<1x2x64xf32>
}

func.func @main() {
  %xs = arith.constant dense<[-1.0, 0.5, 2.0, 0.0]> : tensor<4xf32>
  %e = tensor.empty() : tensor<1x2x64xf32>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel"]} outs(%e : tensor<1x2x64xf32>) {
  ^bb0(%out: f32):
    %j = linalg.index 2 : index
    %c4 = arith.constant 4 : index
    %i = arith.remui %j, %c4 : index
    %v = tensor.extract %xs[%i] : tensor<4xf32>
    linalg.yield %v : f32
  } -> tensor<1x2x64xf32>
  %r = call @erf(%x) : (tensor<1x2x64xf32>) -> tensor<1x2x64xf32>
  %s = tensor.extract_slice %r[0, 1, 56] [1, 1, 8] [1, 1, 1] : tensor<1x2x64xf32> to tensor<8xf32>
  %u = tensor.cast %s : tensor<8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
// CHECK: [-0.842701,  0.5205,  0.995322,  0,  -0.842701,  0.5205,  0.995322,  0]
