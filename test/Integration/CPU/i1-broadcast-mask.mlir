// Regression test of issue 13's silent miscompile: transformers' causal mask
// as torch-mlir writes it (an i1 compare through size-1 broadcast maps, then
// a select consumer). The producer is a scalar loop writing one byte per i1;
// the consumer used to be vectorized and read the buffer as bit-packed
// vector<Nxi1> (1988 of 4096 entries wrong at S = 64). Expected values come
// from the definition: mask[q][kv] = (kv <= q).
// RUN: mod-opt --mod-cpu-pipeline %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="fuse=false" %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="threads=2" %s | %mlir_runner_omp | FileCheck %s

#kv = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, d3)>
#q  = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0) -> (d0)>

func.func @causal_mask(%a: tensor<1x1x1x64xi64>, %b: tensor<1x1x64x1xi64>) -> tensor<1x1x64x64xf32> {
  %e = tensor.empty() : tensor<1x1x64x64xi1>
  %m = linalg.generic {indexing_maps = [#kv, #q, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a, %b : tensor<1x1x1x64xi64>, tensor<1x1x64x1xi64>) outs(%e : tensor<1x1x64x64xi1>) {
  ^bb0(%in: i64, %in_1: i64, %out: i1):
    %c = arith.cmpi sle, %in, %in_1 : i64
    linalg.yield %c : i1
  } -> tensor<1x1x64x64xi1>
  %e2 = tensor.empty() : tensor<1x1x64x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%m : tensor<1x1x64x64xi1>) outs(%e2 : tensor<1x1x64x64xf32>) {
  ^bb0(%in: i1, %out: f32):
    %one = arith.constant 1.0 : f32
    %zero = arith.constant 0.0 : f32
    %s = arith.select %in, %one, %zero : f32
    linalg.yield %s : f32
  } -> tensor<1x1x64x64xf32>
  return %r : tensor<1x1x64x64xf32>
}

func.func @main() {
  %e = tensor.empty() : tensor<64xi64>
  %iota = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel"]} outs(%e : tensor<64xi64>) {
  ^bb0(%out: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<64xi64>
  %a = tensor.expand_shape %iota [[0, 1, 2, 3]] output_shape [1, 1, 1, 64] : tensor<64xi64> into tensor<1x1x1x64xi64>
  %b = tensor.expand_shape %iota [[0, 1, 2, 3]] output_shape [1, 1, 64, 1] : tensor<64xi64> into tensor<1x1x64x1xi64>
  %mask = call @causal_mask(%a, %b) : (tensor<1x1x1x64xi64>, tensor<1x1x64x1xi64>) -> tensor<1x1x64x64xf32>
  // Row sums must be 1, 2, ..., 64 (q + 1 ones in row q); print rows 0, 1,
  // 7, 8, 31, 62, 63 and the total 64 * 65 / 2 = 2080.
  %m2 = tensor.collapse_shape %mask [[0, 1, 2], [3]] : tensor<1x1x64x64xf32> into tensor<64x64xf32>
  %z = arith.constant 0.0 : f32
  %se = tensor.empty() : tensor<64xf32>
  %s0 = linalg.fill ins(%z : f32) outs(%se : tensor<64xf32>) -> tensor<64xf32>
  %sums = linalg.reduce ins(%m2 : tensor<64x64xf32>) outs(%s0 : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %u = tensor.cast %sums : tensor<64xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  %slice = tensor.extract_slice %m2[6, 0] [3, 10] [1, 1] : tensor<64x64xf32> to tensor<3x10xf32>
  %us = tensor.cast %slice : tensor<3x10xf32> to tensor<*xf32>
  call @printMemrefF32(%us) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)

// CHECK: [1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,  14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,  64]
// CHECK:      [1,   1,   1,   1,   1,   1,   1,   0,   0,   0],
// CHECK-NEXT: [1,   1,   1,   1,   1,   1,   1,   1,   0,   0],
// CHECK-NEXT: [1,   1,   1,   1,   1,   1,   1,   1,   1,   0]]
