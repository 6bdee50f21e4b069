// RUN: mod-opt %s --split-input-file --mod-update-arguments-in-place | FileCheck %s
// RUN: mod-opt %s --split-input-file --mod-update-arguments-in-place="report=true" --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// The bufferized form: the cache update is written into the caller's buffer.
// RUN: mod-opt %s --split-input-file --mod-update-arguments-in-place --tm-tensor-to-linalg --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --canonicalize 2>&1 | FileCheck %s --check-prefix=BUF

// A decode step: the cache is written at a slot (as torch-mlir's
// index_copy, a tm_tensor.scatter) and then read by the attention; the new
// cache becomes an in-place update of argument #0, the logits stay the
// result.
// REMARK: remark: @step: 1 result(s) now update arguments in place
// REMARK-NEXT:  result #1 -> argument #0
// REMARK-NEXT:  result #0 stays a result: it is a new value: its chain of destinations starts at 'tensor.empty', not at an argument
// CHECK-LABEL: func.func @step
// CHECK-SAME:    (%[[C:.*]]: memref<4x8xf32> {mod.updated_in_place}, %[[K:.*]]: tensor<1x8xf32>, %[[S:.*]]: tensor<1x1xi64>) -> tensor<8xf32>
// CHECK:         %[[T:.*]] = bufferization.to_tensor %[[C]] restrict writable
// CHECK:         %[[NEW:.*]] = tm_tensor.scatter {{.*}} ins(%[[K]], %[[S]] : {{.*}}) outs(%[[T]] : tensor<4x8xf32>)
// CHECK:         %[[R:.*]] = linalg.reduce ins(%[[NEW]]
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in writable %[[C]]
// CHECK-NEXT:    return %[[R]] : tensor<8xf32>

// BUF-LABEL: func.func @step
// BUF-SAME:    (%[[C:.*]]: memref<4x8xf32> {mod.updated_in_place}
// BUF-NOT:     memref.alloc() {{.*}} : memref<4x8xf32>
// BUF-NOT:     memref.copy {{.*}} : memref<4x8xf32> to memref<4x8xf32>
// BUF:         return
func.func @step(%cache: tensor<4x8xf32>, %k: tensor<1x8xf32>, %slot: tensor<1x1xi64>) -> (tensor<8xf32>, tensor<4x8xf32>) {
  %new = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(false)
      ins(%k, %slot : tensor<1x8xf32>, tensor<1x1xi64>) outs(%cache : tensor<4x8xf32>) {
  ^bb0(%u: f32, %o: f32):
    tm_tensor.yield %u : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %sum = linalg.reduce ins(%new : tensor<4x8xf32>) outs(%init : tensor<8xf32>) dimensions = [0]
    (%a: f32, %b: f32) {
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    }
  return %sum, %new : tensor<8xf32>, tensor<4x8xf32>
}

// -----

// Through tensor.insert_slice and scf.for (bufferizable ops with one
// aliasing operand); a read-only argument loses its writable = false.
// REMARK: remark: @loop: 1 result(s) now update arguments in place
// REMARK-NEXT:  result #0 -> argument #0
// CHECK-LABEL: func.func @loop
// CHECK-SAME:    (%{{.*}}: memref<4x8xf32> {mod.updated_in_place}, %{{.*}}: tensor<8xf32>)
// CHECK-NOT:     -> tensor
// CHECK:         scf.for
// CHECK:         bufferization.materialize_in_destination
// CHECK-NEXT:    return{{$}}
func.func @loop(%a: tensor<4x8xf32> {bufferization.writable = false}, %row: tensor<8xf32>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %a) -> tensor<4x8xf32> {
    %u = tensor.insert_slice %row into %acc[%i, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %u : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}

// -----

// What stays a result: a new tensor (not an update), a second update of
// the same argument, an update of another type. Private functions are
// left alone (their callers are in the module).
// REMARK: remark: @kept: 1 result(s) now update arguments in place
// REMARK-NEXT:  result #1 -> argument #0
// REMARK-NEXT:  result #0 stays a result: it is a new value: its chain of destinations starts at 'tensor.empty', not at an argument
// REMARK-NEXT:  result #2 stays a result: argument #0 is already updated by an earlier result
// REMARK-NEXT:  result #3 stays a result: the argument it updates has another type
// CHECK-LABEL: func.func @kept
// CHECK-SAME:    (%{{.*}}: memref<4xf32> {mod.updated_in_place}, %{{.*}}: tensor<2x2xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK-LABEL: func.func private @private
// CHECK-SAME:    (%{{.*}}: tensor<4xf32>) -> tensor<4xf32>
func.func @kept(%a: tensor<4xf32>, %b: tensor<2x2xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c1 = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f1 = linalg.fill ins(%c1 : f32) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  %f2 = linalg.fill ins(%c1 : f32) outs(%f1 : tensor<4xf32>) -> tensor<4xf32>
  %flat = tensor.collapse_shape %b [[0, 1]] : tensor<2x2xf32> into tensor<4xf32>
  %f3 = linalg.fill ins(%c1 : f32) outs(%flat : tensor<4xf32>) -> tensor<4xf32>
  return %e, %f1, %f2, %f3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
func.func private @private(%a: tensor<4xf32>) -> tensor<4xf32> {
  %c1 = arith.constant 1.0 : f32
  %f = linalg.fill ins(%c1 : f32) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  return %f : tensor<4xf32>
}
