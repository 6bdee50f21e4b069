// After One-Shot Bufferize the scatter-add updates the residual buffer in
// place: no new [B, S, D] buffer and no full copy when the base is dead.
// RUN: mod-opt %s --convert-mod-to-linalg \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --cse --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @scatter_into_dead_base
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<2x16x32xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK: scf.forall
// CHECK: memref.subview %[[X]]
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK: return %[[X]]
func.func @scatter_into_dead_base(%f: tensor<2x4x32xf32>, %x: tensor<2x16x32xf32>, %i: tensor<2x4xi64>, %g: tensor<2x4xf32>) -> tensor<2x16x32xf32> {
  %y = mod.scatter_add %f into %x[%i] weights(%g : tensor<2x4xf32>) : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x32xf32>
}

// When the base is still used afterwards, bufferization must copy it once.
// CHECK-LABEL: func.func @scatter_base_still_live
// CHECK: memref.alloc() {{.*}}: memref<2x16x32xf32>
// CHECK: memref.copy
func.func @scatter_base_still_live(%f: tensor<2x4x32xf32>, %x: tensor<2x16x32xf32>, %i: tensor<2x4xi64>) -> (tensor<2x16x32xf32>, tensor<2x16x32xf32>) {
  %y = mod.scatter_add %f into %x[%i] : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  return %y, %x : tensor<2x16x32xf32>, tensor<2x16x32xf32>
}
