// The gather -> GEMM -> gated scatter-add of a routed layer, tiled and fused
// by upstream's transform ops through the TilingInterface of mod.gather and
// mod.scatter_add (and transform.mod.fuse_consumer_into_loops), must compute
// what the untiled ops compute. Batch row 1 holds a padding slot (index S):
// it gathers a zero row and is skipped by the scatter.
// Expected values by hand: x[b, s, d] = 100 b + 10 s + d, the GEMM doubles
// (w = 2 I), the gate is 0.5, so a selected row becomes 2 x and each printed
// row sum is (400 b + 40 s + 6), doubled where s is selected
// (row 0: {1, 4, 6}; row 1: {0, 2} and padding).
// RUN: mod-opt %s --mod-cpu-pipeline | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-routed-forall.mlir --transform-interpreter | FileCheck %s --check-prefix=FORALL
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-routed-forall.mlir --transform-interpreter --mod-cpu-pipeline | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-routed-for.mlir --transform-interpreter | FileCheck %s --check-prefix=FOR
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-routed-for.mlir --transform-interpreter --mod-cpu-pipeline | %mlir_runner_cpu | FileCheck %s

// FORALL-LABEL: func.func @routed
// FORALL: scf.forall
// FORALL: mod.gather {{.*}} : tensor<1x8x4xf32>, tensor<1x1xi64> -> tensor<1x1x4xf32>
// FORALL: linalg.batch_matmul {{.*}} -> tensor<1x1x4xf32>
// FORALL: scf.forall.in_parallel
// FORALL: mod.scatter_add {{.*}} : tensor<2x3x4xf32> into tensor<2x8x4xf32>

// FOR-LABEL: func.func @routed
// FOR: scf.for
// FOR: scf.for
// FOR: mod.gather {{.*}} : tensor<1x8x4xf32>, tensor<1x1xi64> -> tensor<1x1x4xf32>
// FOR: linalg.batch_matmul {{.*}} -> tensor<1x1x4xf32>
// FOR: mod.scatter_add {{.*}} : tensor<1x1x4xf32> into tensor<1x8x4xf32>, tensor<1x1xi64>
// FOR: scf.yield
// FOR-NOT: mod.scatter_add

// CHECK: [6, 92, 86, 126, 332, 206, 492, 286],
// CHECK-NEXT: [812, 446, 972, 526, 566, 606, 646, 686]]

#id3 = affine_map<(b, s, d) -> (b, s, d)>
#id2 = affine_map<(b, s) -> (b, s)>

func.func @routed(%x: tensor<2x8x4xf32>, %idx: tensor<2x3xi64>, %w: tensor<2x4x4xf32>, %gate: tensor<2x3xf32>) -> tensor<2x8x4xf32> {
  %ge = tensor.empty() : tensor<2x3x4xf32>
  %xs = mod.gather %x[%idx] outs(%ge) : tensor<2x8x4xf32>, tensor<2x3xi64> -> tensor<2x3x4xf32>
  %z = arith.constant 0.0 : f32
  %oe = tensor.empty() : tensor<2x3x4xf32>
  %o = linalg.fill ins(%z : f32) outs(%oe : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %f = linalg.batch_matmul ins(%xs, %w : tensor<2x3x4xf32>, tensor<2x4x4xf32>) outs(%o : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %y = mod.scatter_add %f into %x[%idx] weights(%gate : tensor<2x3xf32>) : tensor<2x3x4xf32> into tensor<2x8x4xf32>, tensor<2x3xi64>
  return %y : tensor<2x8x4xf32>
}

func.func @main() {
  %xe = tensor.empty() : tensor<2x8x4xf32>
  %x = linalg.generic {indexing_maps = [#id3], iterator_types = ["parallel", "parallel", "parallel"]} outs(%xe : tensor<2x8x4xf32>) {
  ^bb0(%out: f32):
    %b = linalg.index 0 : index
    %s = linalg.index 1 : index
    %d = linalg.index 2 : index
    %c100 = arith.constant 100 : index
    %c10 = arith.constant 10 : index
    %b100 = arith.muli %b, %c100 : index
    %s10 = arith.muli %s, %c10 : index
    %t = arith.addi %b100, %s10 : index
    %v = arith.addi %t, %d : index
    %i = arith.index_cast %v : index to i64
    %fv = arith.sitofp %i : i64 to f32
    linalg.yield %fv : f32
  } -> tensor<2x8x4xf32>
  %idx = arith.constant dense<[[1, 4, 6], [0, 2, 8]]> : tensor<2x3xi64>
  %we = tensor.empty() : tensor<2x4x4xf32>
  %w = linalg.generic {indexing_maps = [#id3], iterator_types = ["parallel", "parallel", "parallel"]} outs(%we : tensor<2x4x4xf32>) {
  ^bb0(%out: f32):
    %r = linalg.index 1 : index
    %c = linalg.index 2 : index
    %eq = arith.cmpi eq, %r, %c : index
    %two = arith.constant 2.0 : f32
    %zero = arith.constant 0.0 : f32
    %v = arith.select %eq, %two, %zero : f32
    linalg.yield %v : f32
  } -> tensor<2x4x4xf32>
  %gate = arith.constant dense<0.5> : tensor<2x3xf32>
  %y = call @routed(%x, %idx, %w, %gate) : (tensor<2x8x4xf32>, tensor<2x3xi64>, tensor<2x4x4xf32>, tensor<2x3xf32>) -> tensor<2x8x4xf32>
  %ze = arith.constant 0.0 : f32
  %se = tensor.empty() : tensor<2x8xf32>
  %s0 = linalg.fill ins(%ze : f32) outs(%se : tensor<2x8xf32>) -> tensor<2x8xf32>
  %sums = linalg.reduce ins(%y : tensor<2x8x4xf32>) outs(%s0 : tensor<2x8xf32>) dimensions = [2]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %u = tensor.cast %sums : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
