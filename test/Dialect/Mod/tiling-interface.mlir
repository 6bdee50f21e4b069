// TilingInterface of mod.gather and mod.scatter_add, driven by upstream's
// transform ops (and transform.mod.fuse_consumer_into_loops). Numbers:
// test/Integration/CPU/tiled-routed-layer.mlir.
// RUN: mod-opt %s --split-input-file --transform-interpreter --canonicalize --verify-diagnostics | FileCheck %s

// A gather tile reads its indices tile and the source rows of its batch
// (the whole sequence axis: rows are data-dependent) and feature ranges.
// CHECK-LABEL: func.func @tile_gather
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x8xf32>, %[[I:.*]]: tensor<2x4xi64>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4x8xf32>
// CHECK: scf.for %[[B:.*]] = %c0 to %c2 step %c1 iter_args(%[[A0:.*]] = %[[E]])
// CHECK: scf.for %[[J:.*]] = %c0 to %c4 step %c2 iter_args(%[[A1:.*]] = %[[A0]])
// CHECK: scf.for %[[F:.*]] = %c0 to %c8 step %c4 iter_args(%[[A2:.*]] = %[[A1]])
// CHECK: %[[XS:.*]] = tensor.extract_slice %[[X]][%[[B]], 0, %[[F]]] [1, 16, 4] [1, 1, 1]
// CHECK: %[[IS:.*]] = tensor.extract_slice %[[I]][%[[B]], %[[J]]] [1, 2] [1, 1]
// CHECK: %[[OS:.*]] = tensor.extract_slice %[[A2]][%[[B]], %[[J]], %[[F]]] [1, 2, 4] [1, 1, 1]
// CHECK: %[[G:.*]] = mod.gather %[[XS]][%[[IS]]] outs(%[[OS]]) : tensor<1x16x4xf32>, tensor<1x2xi64> -> tensor<1x2x4xf32>
// CHECK: tensor.insert_slice %[[G]] into %[[A2]][%[[B]], %[[J]], %[[F]]] [1, 2, 4] [1, 1, 1]
func.func @tile_gather(%x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>) -> tensor<2x4x8xf32> {
  %e = tensor.empty() : tensor<2x4x8xf32>
  %g = mod.gather %x[%i] outs(%e) : tensor<2x16x8xf32>, tensor<2x4xi64> -> tensor<2x4x8xf32>
  return %g : tensor<2x4x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %g = transform.structured.match ops{["mod.gather"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l:3 = transform.structured.tile_using_for %g tile_sizes [1, 2, 4] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// The gather fused into the tiles of its consumer (a per-token GEMM).
// CHECK-LABEL: func.func @fuse_gather_into_gemm
// CHECK: scf.forall (%[[B:.*]], %[[J:.*]]) in (2, 4)
// CHECK: %[[G:.*]] = mod.gather %{{.*}}[%{{.*}}] outs(%{{.*}}) : tensor<1x16x8xf32>, tensor<1x1xi64> -> tensor<1x1x8xf32>
// CHECK: linalg.batch_matmul ins(%[[G]], %{{.*}} : tensor<1x1x8xf32>, tensor<1x8x6xf32>)
// CHECK-NOT: mod.gather %
func.func @fuse_gather_into_gemm(%x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>, %w: tensor<2x8x6xf32>) -> tensor<2x4x6xf32> {
  %e = tensor.empty() : tensor<2x4x8xf32>
  %g = mod.gather %x[%i] outs(%e) : tensor<2x16x8xf32>, tensor<2x4xi64> -> tensor<2x4x8xf32>
  %z = arith.constant 0.0 : f32
  %oe = tensor.empty() : tensor<2x4x6xf32>
  %o = linalg.fill ins(%z : f32) outs(%oe : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %m = linalg.batch_matmul ins(%g, %w : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%o : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  return %m : tensor<2x4x6xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.batch_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tm, %forall = transform.structured.tile_using_forall %mm tile_sizes [1, 1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %g = transform.structured.match ops{["mod.gather"]} in %root : (!transform.any_op) -> !transform.any_op
    %fg, %loop = transform.structured.fuse_into_containing_op %g into %forall : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A scatter tile writes into the destination rows of its batch (whole
// sequence axis); along k, tiles accumulate one after the other.
// CHECK-LABEL: func.func @tile_scatter
// CHECK-SAME: (%[[U:.*]]: tensor<2x4x8xf32>, %[[X:.*]]: tensor<2x16x8xf32>, %[[I:.*]]: tensor<2x4xi64>, %[[W:.*]]: tensor<2x4xf32>)
// CHECK: scf.for %[[B:.*]] = %c0 to %c2 step %c1 iter_args(%[[A0:.*]] = %[[X]])
// CHECK: scf.for %[[J:.*]] = %c0 to %c4 step %c2 iter_args(%[[A1:.*]] = %[[A0]])
// CHECK: %[[US:.*]] = tensor.extract_slice %[[U]][%[[B]], %[[J]], 0] [1, 2, 8] [1, 1, 1]
// CHECK: %[[IS:.*]] = tensor.extract_slice %[[I]][%[[B]], %[[J]]] [1, 2] [1, 1]
// CHECK: %[[WS:.*]] = tensor.extract_slice %[[W]][%[[B]], %[[J]]] [1, 2] [1, 1]
// CHECK: %[[XS:.*]] = tensor.extract_slice %[[A1]][%[[B]], 0, 0] [1, 16, 8] [1, 1, 1]
// CHECK: %[[S:.*]] = mod.scatter_add %[[US]] into %[[XS]][%[[IS]]] weights(%[[WS]] : tensor<1x2xf32>) {in_bounds} : tensor<1x2x8xf32> into tensor<1x16x8xf32>, tensor<1x2xi64>
// CHECK: tensor.insert_slice %[[S]] into %[[A1]][%[[B]], 0, 0] [1, 16, 8] [1, 1, 1]
func.func @tile_scatter(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>, %w: tensor<2x4xf32>) -> tensor<2x16x8xf32> {
  %y = mod.scatter_add %u into %x[%i] weights(%w : tensor<2x4xf32>) {in_bounds} : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %s = transform.structured.match ops{["mod.scatter_add"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l:2 = transform.structured.tile_using_for %s tile_sizes [1, 2] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Tiling the scatter's k loop in parallel is not thread safe (tiles write
// data-dependent rows): upstream's tiling says so.
func.func @forall_scatter_k(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>) -> tensor<2x16x8xf32> {
  // expected-warning @+1 {{tiling is not thread safe at axis #1}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %s = transform.structured.match ops{["mod.scatter_add"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %f = transform.structured.tile_using_forall %s tile_sizes [1, 2] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// The scatter-add fused into the tiles of the GEMM producing its updates:
// each tile scatters its rows; the destination is carried by the loops.
// CHECK-LABEL: func.func @fuse_scatter_into_gemm
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x16x8xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[D0:.*]] = %[[X]]) -> (tensor<2x4x8xf32>, tensor<2x16x8xf32>)
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[D1:.*]] = %[[D0]]) -> (tensor<2x4x8xf32>, tensor<2x16x8xf32>)
// CHECK: %[[M:.*]] = linalg.batch_matmul {{.*}} -> tensor<1x2x8xf32>
// CHECK: %[[DS:.*]] = tensor.extract_slice %[[D1]]
// CHECK: mod.scatter_add %[[M]] into %[[DS]][%{{.*}}] weights(%{{.*}} : tensor<1x2xf32>) {in_bounds} : tensor<1x2x8xf32> into tensor<1x16x8xf32>, tensor<1x2xi64>
// CHECK-NOT: mod.scatter_add %
func.func @fuse_scatter_into_gemm(%xs: tensor<2x4x8xf32>, %w: tensor<2x8x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>, %g: tensor<2x4xf32>) -> tensor<2x16x8xf32> {
  %z = arith.constant 0.0 : f32
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %o = linalg.fill ins(%z : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m = linalg.batch_matmul ins(%xs, %w : tensor<2x4x8xf32>, tensor<2x8x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %y = mod.scatter_add %m into %x[%i] weights(%g : tensor<2x4xf32>) {in_bounds} : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.batch_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tm, %l0, %l1 = transform.structured.tile_using_for %mm tile_sizes [1, 2] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %s = transform.structured.match ops{["mod.scatter_add"]} in %root : (!transform.any_op) -> !transform.any_op
    %fs = transform.mod.fuse_consumer_into_loops %s into %l0, %l1 : (!transform.any_op, !transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

// A consumer that does not use the loop nest's result cannot be fused.
func.func @not_a_consumer(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>, %w: tensor<2x8x8xf32>) -> (tensor<2x4x8xf32>, tensor<2x16x8xf32>) {
  %z = arith.constant 0.0 : f32
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %o = linalg.fill ins(%z : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m = linalg.batch_matmul ins(%u, %w : tensor<2x4x8xf32>, tensor<2x8x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return %m, %y : tensor<2x4x8xf32>, tensor<2x16x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.batch_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tm, %l0, %l1 = transform.structured.tile_using_for %mm tile_sizes [1, 2] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %s = transform.structured.match ops{["mod.scatter_add"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @+1 {{could not fuse 'mod.scatter_add' into the loop nest}}
    %fs = transform.mod.fuse_consumer_into_loops %s into %l0, %l1 : (!transform.any_op, !transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

// Top-k and causal selection tile by rows: a tile selects within whole rows.
// CHECK-LABEL: func.func @tile_selections
// CHECK: scf.forall (%[[R:.*]]) in (3)
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[%[[R]], 0] [1, 16] [1, 1] : tensor<3x16xf32> to tensor<1x16xf32>
// CHECK: mod.topk %[[S]] outs(%{{.*}}, %{{.*}}) {k = 4 : i64} : tensor<1x16xf32> -> tensor<1x4xf32>, tensor<1x4xi64>
// CHECK: scf.forall (%[[Q:.*]]) in (3)
// CHECK: %[[L:.*]] = tensor.extract_slice %{{.*}}[%[[Q]], 0] [1, 16] [1, 1] : tensor<3x16xf32> to tensor<1x16xf32>
// CHECK: mod.causal_select %[[L]] outs(%{{.*}}, %{{.*}}) {k_max = 4 : i64, threshold = 0.000000e+00 : f64} : tensor<1x16xf32> -> tensor<1x4xi64>, tensor<1xi64>
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[Q]]] [1] [1] : tensor<1xi64> into tensor<3xi64>
func.func @tile_selections(%s: tensor<3x16xf32>) -> (tensor<3x4xi64>, tensor<3x4xi64>, tensor<3xi64>) {
  %v0 = tensor.empty() : tensor<3x4xf32>
  %i0 = tensor.empty() : tensor<3x4xi64>
  %v, %i = mod.topk %s outs(%v0, %i0) {k = 4 : i64} : tensor<3x16xf32> -> tensor<3x4xf32>, tensor<3x4xi64>
  %p0 = tensor.empty() : tensor<3x4xi64>
  %c0 = tensor.empty() : tensor<3xi64>
  %p, %c = mod.causal_select %s outs(%p0, %c0) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<3x16xf32> -> tensor<3x4xi64>, tensor<3xi64>
  return %i, %p, %c : tensor<3x4xi64>, tensor<3x4xi64>, tensor<3xi64>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %t = transform.structured.match ops{["mod.topk"]} in %root : (!transform.any_op) -> !transform.any_op
    %tt, %f0 = transform.structured.tile_using_forall %t tile_sizes [1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %c = transform.structured.match ops{["mod.causal_select"]} in %root : (!transform.any_op) -> !transform.any_op
    %tc, %f1 = transform.structured.tile_using_forall %c tile_sizes [1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
