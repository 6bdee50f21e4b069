// RUN: mod-opt %s --convert-mod-to-linalg --split-input-file | FileCheck %s

// Router: a reduction over D initialised with the bias.
// CHECK-LABEL: func.func @router
// CHECK: %[[B:.*]] = tensor.extract %{{.*}}[] : tensor<f32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[B]] : f32) outs(%{{.*}} : tensor<2x16xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x16x8xf32>, tensor<8xf32>) outs(%[[INIT]] : tensor<2x16xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @router(%x: tensor<2x16x8xf32>, %w: tensor<8xf32>, %b: tensor<f32>) -> tensor<2x16xf32> {
  %r = mod.router %x, %w bias(%b : tensor<f32>) : tensor<2x16x8xf32>, tensor<8xf32> -> tensor<2x16xf32>
  return %r : tensor<2x16xf32>
}

// -----

// Gather: a parallel generic over [B, k, D] reading the source at the index;
// the padding index S = 16 (mod.causal_select) reads zero.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x8xf32>, %[[I:.*]]: tensor<2x4xi64>)
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<2x4xi64>) outs(%{{.*}} : tensor<2x4x8xf32>)
// CHECK: ^bb0(%[[IDX:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[P:.*]] = arith.index_cast %[[IDX]] : i64 to index
// CHECK: %[[PAD:.*]] = arith.cmpi sgt, %[[P]], %c15
// CHECK: %[[B:.*]] = linalg.index 0 : index
// CHECK: %[[PC:.*]] = arith.minsi %[[P]], %c15
// CHECK: %[[D:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[B]], %[[PC]], %[[D]]] : tensor<2x16x8xf32>
// CHECK: arith.select %[[PAD]], %{{.*}}, %[[V]] : f32
func.func @gather(%x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>) -> tensor<2x4x8xf32> {
  %g_init = tensor.empty() : tensor<2x4x8xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<2x16x8xf32>, tensor<2x4xi64> -> tensor<2x4x8xf32>
  return %g : tensor<2x4x8xf32>
}

// -----

// Scatter-add of in_bounds indices (top-k: never padding): an scf.forall over (b, j)
// with the base as shared output; each iteration reads one row at the
// selected position, adds w * update and writes it back in place.
// CHECK-LABEL: func.func @scatter_add
// CHECK-SAME: (%[[F:.*]]: tensor<2x4x32xf32>, %[[X:.*]]: tensor<2x16x32xf32>, %[[S:.*]]: tensor<2x16xf32>)
// CHECK: scf.forall (%[[B:.*]], %[[J:.*]]) in (2, 4) shared_outs(%[[ACC:.*]] = %[[X]]) -> (tensor<2x16x32xf32>)
// CHECK: %[[P64:.*]] = tensor.extract %{{.*}}[%[[B]], %[[J]]]
// CHECK: %[[P:.*]] = arith.index_cast %[[P64]]
// CHECK: %[[ROW:.*]] = tensor.extract_slice %[[ACC]][%[[B]], %[[P]], 0] [1, 1, 32] [1, 1, 1] : tensor<2x16x32xf32> to tensor<32xf32>
// CHECK: %[[UPD:.*]] = tensor.extract_slice %[[F]][%[[B]], %[[J]], 0] [1, 1, 32] [1, 1, 1] : tensor<2x4x32xf32> to tensor<32xf32>
// CHECK: %[[W:.*]] = tensor.extract %{{.*}}[%[[B]], %[[J]]]
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[UPD]] : tensor<32xf32>) outs(%[[ROW]] : tensor<32xf32>)
// CHECK: arith.mulf %[[W]]
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %[[NEW]] into %[[ACC]][%[[B]], %[[P]], 0] [1, 1, 32] [1, 1, 1]
func.func @scatter_add(%f: tensor<2x4x32xf32>, %x: tensor<2x16x32xf32>, %s: tensor<2x16xf32>) -> tensor<2x16x32xf32> {
  %g_init = tensor.empty() : tensor<2x4xf32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %g, %i = mod.topk %s outs(%g_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  %y = mod.scatter_add %f into %x[%i] weights(%g : tensor<2x4xf32>) {in_bounds} : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x32xf32>
}

// -----

// Scatter-add of indices that may hold the padding index S = 16 (any other
// producer, e.g. mod.causal_select): one scf.forall iteration per batch row
// owns that row of the base and adds its k updates in order, skipping
// padding, so no two iterations write the same rows.
// CHECK-LABEL: func.func @scatter_add_padded
// CHECK-SAME: (%[[F:.*]]: tensor<2x4x32xf32>, %[[X:.*]]: tensor<2x16x32xf32>, %[[I:.*]]: tensor<2x4xi64>)
// CHECK: scf.forall (%[[B:.*]]) in (2) shared_outs(%[[ACC:.*]] = %[[X]]) -> (tensor<2x16x32xf32>)
// CHECK: %[[MINE:.*]] = tensor.extract_slice %[[ACC]][%[[B]], 0, 0] [1, 16, 32] [1, 1, 1] : tensor<2x16x32xf32> to tensor<1x16x32xf32>
// CHECK: %[[ROWS:.*]] = scf.for %[[J:.*]] = %c0 to %c4 step %c1 iter_args(%[[CUR:.*]] = %[[MINE]])
// CHECK: %[[P:.*]] = arith.index_cast
// CHECK: %[[VALID:.*]] = arith.cmpi slt, %[[P]], %c16
// CHECK: scf.if %[[VALID]] -> (tensor<1x16x32xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[CUR]][%c0, %[[P]], 0] [1, 1, 32] [1, 1, 1]
// CHECK: } else {
// CHECK: scf.yield %[[CUR]]
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %[[ROWS]] into %[[ACC]][%[[B]], 0, 0] [1, 16, 32] [1, 1, 1]
func.func @scatter_add_padded(%f: tensor<2x4x32xf32>, %x: tensor<2x16x32xf32>, %i: tensor<2x4xi64>) -> tensor<2x16x32xf32> {
  %y = mod.scatter_add %f into %x[%i] : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x32xf32>
}

// -----

// Causal select: failing logits become NaN, a top-k_max picks the highest,
// a per-row scan packs the passing ones and pads with S = 16.
// CHECK-LABEL: func.func @causal_select
// CHECK: linalg.generic
// CHECK: arith.cmpf ogt
// CHECK: arith.select %{{.*}}, %{{.*}}, %cst{{.*}} : f32
// CHECK: scf.parallel
// CHECK: scf.for {{.*}} iter_args
// CHECK: arith.cmpf ord
// CHECK: scf.for
// CHECK: memref.store %c16_i64
func.func @causal_select(%r: tensor<2x16xf32>) -> (tensor<2x4xi64>, tensor<2xi64>) {
  %i_init = tensor.empty() : tensor<2x4xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
  return %i, %c : tensor<2x4xi64>, tensor<2xi64>
}

// -----

// Top-k: per row (scf.parallel), heap of k positions initialised with 0..k-1
// and heapified, then positions k..S-1 enter only if they beat the root; the
// chosen positions are marked and emitted in ascending order.
// CHECK-LABEL: func.func @topk
// CHECK: %[[S:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<2x16xf32> to memref<2x16xf32>
// CHECK-DAG: %[[VALS:.*]] = memref.alloc() : memref<2x4xf32>
// CHECK-DAG: %[[IDX:.*]] = memref.alloc() : memref<2x4xi64>
// CHECK-DAG: %[[HEAP:.*]] = memref.alloc() : memref<2x4xindex>
// CHECK-DAG: %[[FLAGS:.*]] = memref.alloc() : memref<2x16xi8>
// CHECK: scf.parallel (%[[ROW:.*]]) =
// CHECK: scf.for
// CHECK: scf.while
// Later positions are compared against the root (the current k-th best).
// CHECK: scf.for %[[POS:.*]] = %c4 to %c16
// CHECK: %[[ROOT:.*]] = memref.load %[[HEAP]][%[[ROW]], %{{.*}}] : memref<2x4xindex>
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi ult, %[[POS]], %[[ROOT]] : index
// CHECK: scf.if
// CHECK: scf.while
// The ordered scan writes values and i64 indices.
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.store %{{.*}}, %[[VALS]]
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: memref.store %{{.*}}, %[[IDX]]
// CHECK: bufferization.to_tensor %[[VALS]] restrict writable
// CHECK: bufferization.to_tensor %[[IDX]] restrict writable
func.func @topk(%s: tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x4xi64>) {
  %v_init = tensor.empty() : tensor<2x4xf32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  return %v, %i : tensor<2x4xf32>, tensor<2x4xi64>
}
