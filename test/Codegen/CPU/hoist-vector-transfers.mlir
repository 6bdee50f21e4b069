// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-hoist-vector-transfers))" | FileCheck %s

// The accumulator tile is read before and written after the reduction loop,
// and carried in registers (iter_args) inside it.
// CHECK-LABEL: func.func @accumulate
// CHECK: %[[ACC:.*]] = vector.transfer_read %{{.*}}[%c0, %c0]
// CHECK: %[[R:.*]] = scf.for {{.*}} iter_args(%[[V:.*]] = %[[ACC]]) -> (vector<4x16xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK: scf.yield
// CHECK: vector.transfer_write %[[R]], %{{.*}}[%c0, %c0]
func.func @accumulate(%c: memref<4x16xf32>, %a: memref<64x4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c64 step %c1 {
    %acc = vector.transfer_read %c[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x16xf32>, vector<4x16xf32>
    %x = vector.transfer_read %a[%k, %c0, %c0], %pad {in_bounds = [true, true]} : memref<64x4x16xf32>, vector<4x16xf32>
    %s = arith.addf %acc, %x : vector<4x16xf32>
    vector.transfer_write %s, %c[%c0, %c0] {in_bounds = [true, true]} : vector<4x16xf32>, memref<4x16xf32>
  }
  return
}
