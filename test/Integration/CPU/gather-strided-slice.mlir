// Regression test of a silent miscompile found on MPT (routed layers gather
// the ALiBi bias of the selected keys from a slice of the bias table): a
// gather (tensor.extract at a loaded index) from a slice that is not one
// contiguous run of its table. mod-tile-and-vectorize used to let the
// vectorizer turn it into a vector.gather whose indices were linearized over
// the slice's own shape [4, 1, 8] (h * 8 + k) while bufferization made the
// slice a strided view of the [4, 1, 32] table (row stride 32), so heads
// 1..3 read the wrong elements. Expected values from the definition: the
// table holds its linear index h * 32 + c, the slice starts at column 24,
// pos reverses the 8 keys: out[h][k] = h * 32 + 24 + (7 - k).
// RUN: mod-opt --mod-cpu-pipeline %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="fuse=false" %s | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt --mod-cpu-pipeline="threads=2" %s | %mlir_runner_omp | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @gather_keys(%table: tensor<4x1x32xf32>, %pos: tensor<1x8xi64>) -> tensor<1x4x1x8xf32> {
  %s = tensor.extract_slice %table[0, 0, 24] [4, 1, 8] [1, 1, 1] : tensor<4x1x32xf32> to tensor<4x1x8xf32>
  %e = tensor.empty() : tensor<1x4x1x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(b, h, q, k) -> (b, h, q, k)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%e : tensor<1x4x1x8xf32>) {
  ^bb0(%out: f32):
    %b = linalg.index 0 : index
    %h = linalg.index 1 : index
    %q = linalg.index 2 : index
    %k = linalg.index 3 : index
    %p = tensor.extract %pos[%b, %k] : tensor<1x8xi64>
    %pi = arith.index_cast %p : i64 to index
    %v = tensor.extract %s[%h, %q, %pi] : tensor<4x1x8xf32>
    linalg.yield %v : f32
  } -> tensor<1x4x1x8xf32>
  return %r : tensor<1x4x1x8xf32>
}

// The table's elements are their linear index, computed at run time.
func.func @iota_table() -> tensor<4x1x32xf32> {
  %e = tensor.empty() : tensor<4x1x32xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(h, q, c) -> (h, q, c)>],
                       iterator_types = ["parallel", "parallel", "parallel"]} outs(%e : tensor<4x1x32xf32>) {
  ^bb0(%out: f32):
    %h = linalg.index 0 : index
    %c = linalg.index 2 : index
    %c32 = arith.constant 32 : index
    %hc = arith.muli %h, %c32 : index
    %l = arith.addi %hc, %c : index
    %li = arith.index_cast %l : index to i64
    %f = arith.sitofp %li : i64 to f32
    linalg.yield %f : f32
  } -> tensor<4x1x32xf32>
  return %t : tensor<4x1x32xf32>
}

func.func @main() {
  %t = call @iota_table() : () -> tensor<4x1x32xf32>
  %pos = arith.constant dense<[[7, 6, 5, 4, 3, 2, 1, 0]]> : tensor<1x8xi64>
  %r = call @gather_keys(%t, %pos) : (tensor<4x1x32xf32>, tensor<1x8xi64>) -> tensor<1x4x1x8xf32>
  %u = tensor.cast %r : tensor<1x4x1x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
// CHECK: [31,{{ +}}30,{{ +}}29,{{ +}}28,{{ +}}27,{{ +}}26,{{ +}}25,{{ +}}24]
// CHECK: [63,{{ +}}62,{{ +}}61,{{ +}}60,{{ +}}59,{{ +}}58,{{ +}}57,{{ +}}56]
// CHECK: [95,{{ +}}94,{{ +}}93,{{ +}}92,{{ +}}91,{{ +}}90,{{ +}}89,{{ +}}88]
// CHECK: [127,{{ +}}126,{{ +}}125,{{ +}}124,{{ +}}123,{{ +}}122,{{ +}}121,{{ +}}120]
