// tm_tensor.scan -> scf.for along the dimension carrying (output, running
// value); each step is a linalg.generic over the other dims whose body is the
// combiner with (running, input element). After One-Shot Bufferize the
// running value lives in one buffer (no allocation inside the loop).
// RUN: mod-opt %s -split-input-file --tm-tensor-to-linalg --canonicalize --cse | FileCheck %s
// RUN: mod-opt %s -split-input-file --tm-tensor-to-linalg --canonicalize --cse \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   | FileCheck %s --check-prefix=BUF

// torch.cumsum(x, dim=1) as torch-mlir prints it.
// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>, %[[O:.*]]: tensor<2x5xf32>, %[[A:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0] [2, 1] [1, 1] : tensor<2x5xf32> to tensor<2xf32>
// CHECK: %[[O0:.*]] = tensor.insert_slice %[[X0]] into %[[O]][0, 0] [2, 1] [1, 1]
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %[[C1]] to %[[C5]] step %[[C1]] iter_args(%[[OUT:.*]] = %[[O0]], %[[RV:.*]] = %[[X0]]) -> (tensor<2x5xf32>, tensor<2xf32>) {
// CHECK:   %[[XI:.*]] = tensor.extract_slice %[[X]][0, %[[I]]] [2, 1] [1, 1]
// CHECK:   %[[NEXT:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[XI]] : tensor<2xf32>) outs(%[[RV]] : tensor<2xf32>) {
// CHECK:   ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:     %[[S:.*]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK:     linalg.yield %[[S]] : f32
// CHECK:   %[[UPD:.*]] = tensor.insert_slice %[[NEXT]] into %[[OUT]][0, %[[I]]] [2, 1] [1, 1]
// CHECK:   scf.yield %[[UPD]], %[[NEXT]]
// CHECK: return %[[R]]#0, %[[R]]#1
// CHECK-NOT: tm_tensor
// BUF-LABEL: func.func @cumsum
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF: return
func.func @cumsum(%arg0: tensor<2x5xf32>, %o: tensor<2x5xf32>, %a: tensor<2xf32>) -> (tensor<2x5xf32>, tensor<2xf32>) {
  %4:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%arg0 : tensor<2x5xf32>) outs(%o, %a : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%arg1: f32, %arg2: f32):
    %5 = arith.addf %arg1, %arg2 : f32
    tm_tensor.yield %5 : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return %4#0, %4#1 : tensor<2x5xf32>, tensor<2xf32>
}

// -----

// Exclusive, rank 1: out[0] = acc0, then out[i] = f(out[i-1], x[i-1]); the
// combiner's operand order is kept (a non-commutative subtraction).
// CHECK-LABEL: func.func @exclusive
// CHECK-SAME: (%[[X:.*]]: tensor<8xi64>, %[[O:.*]]: tensor<8xi64>, %[[A:.*]]: tensor<i64>)
// CHECK: %[[O0:.*]] = tensor.insert_slice %[[A]] into %[[O]][0] [1] [1] : tensor<i64> into tensor<8xi64>
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:.*]] = %[[O0]], %[[RV:.*]] = %[[A]])
// CHECK:   %[[IM1:.*]] = arith.subi %[[I]], %{{.*}} : index
// CHECK:   %[[XI:.*]] = tensor.extract_slice %[[X]][%[[IM1]]] [1] [1] : tensor<8xi64> to tensor<i64>
// CHECK:   linalg.generic {{.*}} iterator_types = []} ins(%[[XI]] : tensor<i64>) outs(%[[RV]] : tensor<i64>)
// CHECK:   ^bb0(%[[IN:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK:     arith.subi %[[ACC]], %[[IN]] : i64
func.func @exclusive(%x: tensor<8xi64>, %o: tensor<8xi64>, %a: tensor<i64>) -> (tensor<8xi64>, tensor<i64>) {
  %0:2 = tm_tensor.scan dimension(0) inclusive(false) ins(%x : tensor<8xi64>) outs(%o, %a : tensor<8xi64>, tensor<i64>) {
  ^bb0(%p: i64, %q: i64):
    %s = arith.subi %p, %q : i64
    tm_tensor.yield %s : i64
  } -> tensor<8xi64>, tensor<i64>
  return %0#0, %0#1 : tensor<8xi64>, tensor<i64>
}

// -----

// A dynamic scanned dimension: the scan runs only when it is not empty.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[O:.*]]: tensor<?x4xf32>, %[[A:.*]]: tensor<4xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[N]], %{{.*}} : index
// CHECK: %[[R:.*]]:2 = scf.if %[[NONEMPTY]] -> (tensor<?x4xf32>, tensor<4xf32>) {
// CHECK:   scf.for %{{.*}} = %{{.*}} to %[[N]]
// CHECK: } else {
// CHECK:   scf.yield %[[O]], %[[A]] : tensor<?x4xf32>, tensor<4xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @dynamic(%x: tensor<?x4xf32>, %o: tensor<?x4xf32>, %a: tensor<4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>) {
  %0:2 = tm_tensor.scan dimension(0) inclusive(true) ins(%x : tensor<?x4xf32>) outs(%o, %a : tensor<?x4xf32>, tensor<4xf32>) {
  ^bb0(%p: f32, %q: f32):
    %s = arith.addf %p, %q : f32
    tm_tensor.yield %s : f32
  } -> tensor<?x4xf32>, tensor<4xf32>
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<4xf32>
}

// -----

// An empty scanned dimension: the results are the inits.
// CHECK-LABEL: func.func @empty
// CHECK-SAME: (%{{.*}}: tensor<3x0xf32>, %[[O:.*]]: tensor<3x0xf32>, %[[A:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[O]], %[[A]]
func.func @empty(%x: tensor<3x0xf32>, %o: tensor<3x0xf32>, %a: tensor<3xf32>) -> (tensor<3x0xf32>, tensor<3xf32>) {
  %0:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%x : tensor<3x0xf32>) outs(%o, %a : tensor<3x0xf32>, tensor<3xf32>) {
  ^bb0(%p: f32, %q: f32):
    %s = arith.addf %p, %q : f32
    tm_tensor.yield %s : f32
  } -> tensor<3x0xf32>, tensor<3xf32>
  return %0#0, %0#1 : tensor<3x0xf32>, tensor<3xf32>
}
