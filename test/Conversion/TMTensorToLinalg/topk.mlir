// tm_tensor.topk -> per line (scf.for over the other dims), every input
// element (value, index) walks down the k output slots: it takes a slot when
// the region says it beats the kept element, or when neither beats the other
// and its index is lower, and carries the displaced element on.
// RUN: mod-opt %s --tm-tensor-to-linalg --canonicalize --cse | FileCheck %s

// torch.kthvalue's tm_tensor.topk (bottom-k, indices from positions).
// CHECK-LABEL: func.func @kthvalue_topk
// CHECK-SAME: (%[[X:.*]]: tensor<2x6xf32>, %[[V:.*]]: tensor<2x2xf32>, %[[I:.*]]: tensor<2x2xi32>)
// CHECK: %[[R:.*]]:2 = scf.for %[[ROW:.*]] = {{.*}} iter_args(%[[RV:.*]] = %[[V]], %[[RI:.*]] = %[[I]])
// CHECK:   scf.for %[[N:.*]] = {{.*}} iter_args(%[[NV:.*]] = %[[RV]], %[[NI:.*]] = %[[RI]])
// CHECK:     %[[XV:.*]] = tensor.extract %[[X]][%[[ROW]], %[[N]]] : tensor<2x6xf32>
// CHECK:     %[[XI:.*]] = arith.index_cast %[[N]] : index to i32
// CHECK:     scf.for %[[S:.*]] = {{.*}} iter_args(%[[SV:.*]] = %[[NV]], %[[SI:.*]] = %[[NI]], %[[CV:.*]] = %[[XV]], %[[CI:.*]] = %[[XI]]) -> (tensor<2x2xf32>, tensor<2x2xi32>, f32, i32)
// CHECK:       %[[KV:.*]] = tensor.extract %[[SV]][%[[ROW]], %[[S]]] : tensor<2x2xf32>
// CHECK:       %[[KI:.*]] = tensor.extract %[[SI]][%[[ROW]], %[[S]]] : tensor<2x2xi32>
// CHECK:       %[[NEW:.*]] = arith.cmpf olt, %[[CV]], %[[KV]] : f32
// CHECK:       %[[OLD:.*]] = arith.cmpf olt, %[[KV]], %[[CV]] : f32
// CHECK:       %[[EITHER:.*]] = arith.ori %[[NEW]], %[[OLD]] : i1
// CHECK:       %[[TIE:.*]] = arith.xori %[[EITHER]], %{{.*}} : i1
// CHECK:       %[[LOWER:.*]] = arith.cmpi slt, %[[CI]], %[[KI]] : i32
// CHECK:       %[[TIEWIN:.*]] = arith.andi %[[TIE]], %[[LOWER]] : i1
// CHECK:       %[[TAKE:.*]] = arith.ori %[[NEW]], %[[TIEWIN]] : i1
// CHECK:       %[[SLOTV:.*]] = arith.select %[[TAKE]], %[[CV]], %[[KV]] : f32
// CHECK:       %[[SLOTI:.*]] = arith.select %[[TAKE]], %[[CI]], %[[KI]] : i32
// CHECK:       %[[CARV:.*]] = arith.select %[[TAKE]], %[[KV]], %[[CV]] : f32
// CHECK:       %[[CARI:.*]] = arith.select %[[TAKE]], %[[KI]], %[[CI]] : i32
// CHECK:       %[[WV:.*]] = tensor.insert %[[SLOTV]] into %[[SV]][%[[ROW]], %[[S]]]
// CHECK:       %[[WI:.*]] = tensor.insert %[[SLOTI]] into %[[SI]][%[[ROW]], %[[S]]]
// CHECK:       scf.yield %[[WV]], %[[WI]], %[[CARV]], %[[CARI]]
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @kthvalue_topk(%arg0: tensor<2x6xf32>, %v: tensor<2x2xf32>, %i: tensor<2x2xi32>) -> (tensor<2x2xf32>, tensor<2x2xi32>) {
  %4:2 = tm_tensor.topk dimension(1) ins(%arg0 : tensor<2x6xf32>) outs(%v, %i : tensor<2x2xf32>, tensor<2x2xi32>) {
  ^bb0(%arg1: f32, %arg2: f32):
    %14 = arith.cmpf olt, %arg1, %arg2 : f32
    tm_tensor.yield %14 : i1
  } -> tensor<2x2xf32>, tensor<2x2xi32>
  return %4#0, %4#1 : tensor<2x2xf32>, tensor<2x2xi32>
}

// Input indices are read instead of positions.
// CHECK-LABEL: func.func @topk_input_indices
// CHECK-SAME: (%[[X:.*]]: tensor<6x3xf32>, %[[XI:.*]]: tensor<6x3xi32>,
// CHECK: tensor.extract %[[XI]][%[[N:.*]], %[[COL:.*]]] : tensor<6x3xi32>
// CHECK-NOT: arith.index_cast
// CHECK: arith.cmpf ogt
func.func @topk_input_indices(%x: tensor<6x3xf32>, %xi: tensor<6x3xi32>, %v: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %0:2 = tm_tensor.topk dimension(0) ins(%x, %xi : tensor<6x3xf32>, tensor<6x3xi32>) outs(%v, %i : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
}
