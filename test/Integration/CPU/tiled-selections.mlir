// mod.topk and mod.causal_select tiled by rows (TilingInterface, upstream
// tile_using_forall) compute what the untiled ops compute. Expected values
// by hand from the scores below (docs/Semantics.md: top-k keeps the k
// largest, ties to the lower position, indices ascending; causal selection
// keeps logits > 0, at most k_max, pads with S = 8).
//   row 0: 0.5 -1 2 0.5 -3 1 -0.5 0.25 -> top-3 {2, 5, 0} (0.5 at 0 and 3 tie:
//          the lower position) -> [0, 2, 5]; > 0: {0, 2, 3, 5, 7}, 5 > k_max = 4:
//          the 4 largest {2, 5, 0, 3} -> [0, 2, 3, 5], count 4
//   row 1: -1 -2 3 -4 -5 -6 -7 1 -> top-3 [0, 2, 7]; > 0: [2, 7, 8, 8], count 2
//   row 2: all -1 -> top-3 [0, 1, 2] (ties); > 0: none -> [8, 8, 8, 8], count 0
// RUN: mod-opt %s --mod-cpu-pipeline | %mlir_runner_cpu | FileCheck %s
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-selections-forall.mlir --transform-interpreter | FileCheck %s --check-prefix=TILED
// RUN: mod-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/tile-selections-forall.mlir --transform-interpreter --mod-cpu-pipeline | %mlir_runner_cpu | FileCheck %s

// TILED: scf.forall
// TILED: mod.topk {{.*}} : tensor<1x8xf32> -> tensor<1x3xf32>, tensor<1x3xi64>
// TILED: scf.forall
// TILED: mod.causal_select {{.*}} : tensor<1x8xf32> -> tensor<1x4xi64>, tensor<1xi64>

// CHECK: [0, 2, 5],
// CHECK-NEXT: [0, 2, 7],
// CHECK-NEXT: [0, 1, 2]]
// CHECK: [0, 2, 3, 5],
// CHECK-NEXT: [2, 7, 8, 8],
// CHECK-NEXT: [8, 8, 8, 8]]
// CHECK: [4, 2, 0]

func.func @select(%s: tensor<3x8xf32>) -> (tensor<3x3xi64>, tensor<3x4xi64>, tensor<3xi64>) {
  %v0 = tensor.empty() : tensor<3x3xf32>
  %i0 = tensor.empty() : tensor<3x3xi64>
  %v, %i = mod.topk %s outs(%v0, %i0) {k = 3 : i64} : tensor<3x8xf32> -> tensor<3x3xf32>, tensor<3x3xi64>
  %p0 = tensor.empty() : tensor<3x4xi64>
  %c0 = tensor.empty() : tensor<3xi64>
  %p, %c = mod.causal_select %s outs(%p0, %c0) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<3x8xf32> -> tensor<3x4xi64>, tensor<3xi64>
  return %i, %p, %c : tensor<3x3xi64>, tensor<3x4xi64>, tensor<3xi64>
}

func.func @main() {
  %s = arith.constant dense<[[0.5, -1.0, 2.0, 0.5, -3.0, 1.0, -0.5, 0.25],
                             [-1.0, -2.0, 3.0, -4.0, -5.0, -6.0, -7.0, 1.0],
                             [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]]> : tensor<3x8xf32>
  %i, %p, %c = call @select(%s) : (tensor<3x8xf32>) -> (tensor<3x3xi64>, tensor<3x4xi64>, tensor<3xi64>)
  %ui = tensor.cast %i : tensor<3x3xi64> to tensor<*xi64>
  %up = tensor.cast %p : tensor<3x4xi64> to tensor<*xi64>
  %uc = tensor.cast %c : tensor<3xi64> to tensor<*xi64>
  call @printMemrefI64(%ui) : (tensor<*xi64>) -> ()
  call @printMemrefI64(%up) : (tensor<*xi64>) -> ()
  call @printMemrefI64(%uc) : (tensor<*xi64>) -> ()
  return
}
func.func private @printMemrefI64(tensor<*xi64>)
