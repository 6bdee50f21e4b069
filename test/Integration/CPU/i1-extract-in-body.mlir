// Regression test of a silent miscompile: a generic whose body reads an i1
// tensor with tensor.extract at the iteration's own position (a boolean
// attention mask read by masked_fill-style code). The vectorizer made the
// read a contiguous vector<Nxi1> load, which takes bits, while the buffer
// holds one byte per i1: row 0 came out 1 0 0 0 0 0 0 0. Such generics are
// now left to the loop lowering. Expected values: the mask itself (x = 1),
// written in the constant below.
// RUN: mod-opt --mod-cpu-pipeline %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="threads=2" %s | %mlir_runner_omp | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="vectorize=false" %s | %mlir_runner_cpu | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @mask_rows(%m: tensor<2x8xi1>, %x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %z = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = tensor.extract %m[%i, %j] : tensor<2x8xi1>
    %s = arith.select %k, %in, %z : f32
    linalg.yield %s : f32
  } -> tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

func.func @main() {
  %m = arith.constant dense<[[true, false, true, true, false, false, true, false], [false, true, true, false, true, false, false, true]]> : tensor<2x8xi1>
  %x = arith.constant dense<1.0> : tensor<2x8xf32>
  %r = call @mask_rows(%m, %x) : (tensor<2x8xi1>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %u = tensor.cast %r : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
// CHECK: [1,   0,   1,   1,   0,   0,   1,   0]
// CHECK: [0,   1,   1,   0,   1,   0,   0,   1]
