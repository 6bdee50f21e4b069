// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-split-large-copies))" | FileCheck %s
// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-split-large-copies{min-bytes=1000000000}))" | FileCheck %s --check-prefix=HIGH

// A 3 MiB copy (a layer's residual stream): one row copy per (b, s).
// CHECK-LABEL: func.func @stream
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1024:.*]] = arith.constant 1024 : index
// CHECK:         scf.parallel (%[[B:.*]], %[[S:.*]]) = (%[[C0]], %[[C0]]) to (%{{.*}}, %[[C1024]]) step
// CHECK:           %[[FROM:.*]] = memref.subview %arg0[%[[B]], %[[S]], 0] [1, 1, 768] [1, 1, 1] : memref<1x1024x768xf32> to memref<768xf32, strided<[1], offset: ?>>
// CHECK:           %[[TO:.*]] = memref.subview %arg1[%[[B]], %[[S]], 0] [1, 1, 768] [1, 1, 1] : memref<1x1024x768xf32> to memref<768xf32, strided<[1], offset: ?>>
// CHECK:           memref.copy %[[FROM]], %[[TO]]
// CHECK-NOT:     memref.copy
// HIGH-LABEL:  func.func @stream
// HIGH-NOT:      scf.parallel
// HIGH:          memref.copy %arg0, %arg1 : memref<1x1024x768xf32> to memref<1x1024x768xf32>
func.func @stream(%a: memref<1x1024x768xf32>, %b: memref<1x1024x768xf32>) {
  memref.copy %a, %b : memref<1x1024x768xf32> to memref<1x1024x768xf32>
  return
}

// Left alone: small (64 KiB), short rows, strided layouts, dynamic shapes.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.parallel
// CHECK-COUNT-4: memref.copy
func.func @left_alone(%a: memref<64x256xf32>, %b: memref<64x256xf32>,
                      %c: memref<65536x4xf32>, %d: memref<65536x4xf32>,
                      %e: memref<512x1024xf32, strided<[2048, 1]>>, %f: memref<512x1024xf32>,
                      %g: memref<?x1024xf32>, %h: memref<?x1024xf32>) {
  memref.copy %a, %b : memref<64x256xf32> to memref<64x256xf32>
  memref.copy %c, %d : memref<65536x4xf32> to memref<65536x4xf32>
  memref.copy %e, %f : memref<512x1024xf32, strided<[2048, 1]>> to memref<512x1024xf32>
  memref.copy %g, %h : memref<?x1024xf32> to memref<?x1024xf32>
  return
}
