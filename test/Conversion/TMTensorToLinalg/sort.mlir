// tm_tensor.sort -> per line along the dimension (scf.for over the other
// dims), a stable insertion sort: element i is taken out, an scf.while moves
// every element it must precede (comparator false) one slot right, and it
// is put back; all operands move together, the comparator is inlined with
// (left, right) = (t[j-1], x).
// RUN: mod-opt %s --tm-tensor-to-linalg --canonicalize --cse | FileCheck %s

// torch.topk(x, 3) as torch-mlir prints it: a descending sort of the values
// with their positions.
// CHECK-LABEL: func.func @sort_desc_with_positions
// CHECK-SAME: (%[[V:.*]]: tensor<2x6xf32>, %[[P:.*]]: tensor<2x6xi64>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[R:.*]]:2 = scf.for %[[ROW:.*]] = %[[C0]] to %[[C2]] step %[[C1]] iter_args(%[[TV:.*]] = %[[V]], %[[TP:.*]] = %[[P]])
// CHECK:   scf.for %[[I:.*]] = %[[C1]] to %[[C6]] step %[[C1]] iter_args(%[[LV:.*]] = %[[TV]], %[[LP:.*]] = %[[TP]])
// CHECK:     %[[XV:.*]] = tensor.extract %[[LV]][%[[ROW]], %[[I]]] : tensor<2x6xf32>
// CHECK:     %[[XP:.*]] = tensor.extract %[[LP]][%[[ROW]], %[[I]]] : tensor<2x6xi64>
// CHECK:     %[[W:.*]]:3 = scf.while (%[[J:.*]] = %[[I]], %[[WV:.*]] = %[[LV]], %[[WP:.*]] = %[[LP]])
// CHECK:       %[[POS:.*]] = arith.cmpi sgt, %[[J]], %[[C0]] : index
// CHECK:       %[[JM1:.*]] = arith.subi %[[J]], %[[C1]] : index
// CHECK:       %[[SAFE:.*]] = arith.select %[[POS]], %[[JM1]], %[[C0]] : index
// CHECK:       %[[PREV:.*]] = tensor.extract %[[WV]][%[[ROW]], %[[SAFE]]] : tensor<2x6xf32>
// CHECK:       %[[INORDER:.*]] = arith.cmpf oge, %[[PREV]], %[[XV]] : f32
// CHECK:       %[[OUT:.*]] = arith.xori %[[INORDER]], %{{.*}} : i1
// CHECK:       %[[CONT:.*]] = arith.andi %[[POS]], %[[OUT]] : i1
// CHECK:       scf.condition(%[[CONT]]) %[[J]], %[[WV]], %[[WP]]
// CHECK:     } do {
// CHECK:     ^bb0(%[[J2:.*]]: index, %[[AV:.*]]: tensor<2x6xf32>, %[[AP:.*]]: tensor<2x6xi64>):
// CHECK:       %[[J2M1:.*]] = arith.subi %[[J2]], %[[C1]] : index
// CHECK:       %[[MV:.*]] = tensor.extract %[[AV]][%[[ROW]], %[[J2M1]]]
// CHECK:       %[[SV:.*]] = tensor.insert %[[MV]] into %[[AV]][%[[ROW]], %[[J2]]]
// CHECK:       %[[MP:.*]] = tensor.extract %[[AP]][%[[ROW]], %[[J2M1]]]
// CHECK:       %[[SP:.*]] = tensor.insert %[[MP]] into %[[AP]][%[[ROW]], %[[J2]]]
// CHECK:       scf.yield %[[J2M1]], %[[SV]], %[[SP]]
// CHECK:     tensor.insert %[[XV]] into %[[W]]#1[%[[ROW]], %[[W]]#0]
// CHECK:     tensor.insert %[[XP]] into %[[W]]#2[%[[ROW]], %[[W]]#0]
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @sort_desc_with_positions(%v: tensor<2x6xf32>, %p: tensor<2x6xi64>) -> (tensor<2x6xf32>, tensor<2x6xi64>) {
  %2:2 = tm_tensor.sort dimension(1) outs(%v, %p : tensor<2x6xf32>, tensor<2x6xi64>) {
  ^bb0(%arg1: f32, %arg2: f32, %arg3: i64, %arg4: i64):
    %3 = arith.cmpf oge, %arg1, %arg2 : f32
    tm_tensor.yield %3 : i1
  } -> tensor<2x6xf32>, tensor<2x6xi64>
  return %2#0, %2#1 : tensor<2x6xf32>, tensor<2x6xi64>
}

// A 1-D dynamic sort needs no outer loop.
// CHECK-LABEL: func.func @sort_1d_dynamic
// CHECK: %[[N:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?xf32>
// CHECK-NEXT: %[[R:.*]] = scf.for %{{.*}} = %{{.*}} to %[[N]]
// CHECK: scf.while
// CHECK: arith.cmpf ole
// CHECK: return %[[R]]
func.func @sort_1d_dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tm_tensor.sort dimension(0) outs(%x : tensor<?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %le = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %le : i1
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
