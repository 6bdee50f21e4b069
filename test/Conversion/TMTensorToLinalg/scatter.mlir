// tm_tensor.scatter -> scf.for over the updates (in order, so repeated
// indices combine sequentially) and over the update slice; each element is
// tensor.extract'ed, combined by the region (update, original) and
// tensor.insert'ed. Negative indices count from the end of their dimension
// (PyTorch); destinations still outside the original are skipped.
// RUN: mod-opt %s -split-input-file --tm-tensor-to-linalg --canonicalize --cse | FileCheck %s

// torch.index_put(x, (idx,), v, accumulate=True) as torch-mlir prints it:
// the update slice [1, 3] covers both original dims, dim 0 is offset by idx.
// CHECK-LABEL: func.func @index_put_accumulate
// CHECK-SAME: (%[[UPD:.*]]: tensor<3x1x3xf32>, %[[IDX:.*]]: tensor<3x1xi64>, %[[ORIG:.*]]: tensor<5x3xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[R:.*]] = scf.for %[[N:.*]] = %[[C0]] to %[[C3]] step %{{.*}} iter_args(%[[RES:.*]] = %[[ORIG]]) -> (tensor<5x3xf32>) {
// CHECK:   %[[RAW:.*]] = tensor.extract %[[IDX]][%[[N]], %[[C0]]] : tensor<3x1xi64>
// CHECK:   %[[IDX:.*]] = arith.index_cast %[[RAW]] : i64 to index
// CHECK:   %[[NEG:.*]] = arith.cmpi slt, %[[IDX]], %[[C0]] : index
// CHECK:   %[[FROMEND:.*]] = arith.addi %[[IDX]], %[[C5]] : index
// CHECK:   %[[I:.*]] = arith.select %[[NEG]], %[[FROMEND]], %[[IDX]] : index
// CHECK:   scf.for %[[J:.*]] = %[[C0]] to %[[C3]] step %{{.*}} iter_args(%[[RES2:.*]] = %[[RES]])
// CHECK:     %[[GE:.*]] = arith.cmpi sge, %[[I]], %[[C0]] : index
// CHECK:     %[[LT:.*]] = arith.cmpi slt, %[[I]], %[[C5]] : index
// CHECK:     %[[OK:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:     scf.if %[[OK]] -> (tensor<5x3xf32>) {
// CHECK:       %[[CUR:.*]] = tensor.extract %[[RES2]][%[[I]], %[[J]]] : tensor<5x3xf32>
// CHECK:       %[[U:.*]] = tensor.extract %[[UPD]][%[[N]], %[[C0]], %[[J]]] : tensor<3x1x3xf32>
// CHECK:       %[[SUM:.*]] = arith.addf %[[CUR]], %[[U]] : f32
// CHECK:       %[[INS:.*]] = tensor.insert %[[SUM]] into %[[RES2]][%[[I]], %[[J]]] : tensor<5x3xf32>
// CHECK:       scf.yield %[[INS]]
// CHECK:     } else {
// CHECK:       scf.yield %[[RES2]]
// CHECK: return %[[R]]
func.func @index_put_accumulate(%upd: tensor<3x1x3xf32>, %idx: tensor<3x1xi64>, %orig: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %0 = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(false) ins(%upd, %idx : tensor<3x1x3xf32>, tensor<3x1xi64>) outs(%orig : tensor<5x3xf32>) {
  ^bb0(%arg3: f32, %arg4: f32):
    %1 = arith.addf %arg4, %arg3 : f32
    tm_tensor.yield %1 : f32
  } -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// Scalar updates at (i, j) with dimension_map = [1, 0] (column index first),
// plain assignment.
// CHECK-LABEL: func.func @points_swapped_map
// CHECK-SAME: (%[[UPD:.*]]: tensor<2xf32>, %[[IDX:.*]]: tensor<2x2xi32>, %[[ORIG:.*]]: tensor<4x6xf32>)
// CHECK: scf.for %[[N:.*]] = {{.*}} iter_args(%[[RES:.*]] = %[[ORIG]])
// CHECK:   %[[RAW0:.*]] = tensor.extract %[[IDX]][%[[N]], %c0] : tensor<2x2xi32>
// CHECK:   %[[COL0:.*]] = arith.index_cast %[[RAW0]] : i32 to index
// CHECK:   %[[COL:.*]] = arith.select %{{.*}}, %{{.*}}, %[[COL0]] : index
// CHECK:   %[[RAW1:.*]] = tensor.extract %[[IDX]][%[[N]], %c1] : tensor<2x2xi32>
// CHECK:   %[[ROW0:.*]] = arith.index_cast %[[RAW1]] : i32 to index
// CHECK:   %[[ROW:.*]] = arith.select %{{.*}}, %{{.*}}, %[[ROW0]] : index
// CHECK:   scf.if %{{.*}} -> (tensor<4x6xf32>) {
// CHECK:     %[[U:.*]] = tensor.extract %[[UPD]][%[[N]]] : tensor<2xf32>
// CHECK:     tensor.insert %[[U]] into %[[RES]][%[[ROW]], %[[COL]]] : tensor<4x6xf32>
func.func @points_swapped_map(%upd: tensor<2xf32>, %idx: tensor<2x2xi32>, %orig: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = tm_tensor.scatter {dimension_map = array<i64: 1, 0>} unique_indices(true) ins(%upd, %idx : tensor<2xf32>, tensor<2x2xi32>) outs(%orig : tensor<4x6xf32>) {
  ^bb0(%u: f32, %o: f32):
    tm_tensor.yield %u : f32
  } -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}
