// RUN: mod-opt %s --mod-gpu-device-memory="stage-globals=true" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=STAGE
// RUN: mod-opt %s --mod-gpu-device-memory --split-input-file -verify-diagnostics | FileCheck %s

memref.global "private" constant @w : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// STAGE-LABEL: func.func @buffers
// Constants are read through a managed copy made by the host ...
// STAGE:         %[[G:.*]] = memref.get_global @w : memref<4xf32>
// STAGE:         %[[C:.*]] = memref.alloc() : memref<4xf32>
// STAGE:         memref.copy %[[G]], %[[C]]
// ... and bufferization's copies become linalg.copy (kernels later).
// STAGE:         linalg.copy ins(%[[C]] : memref<4xf32>) outs(%{{.*}} : memref<4xf32>)
// STAGE-NOT:     memref.copy

// Host buffers become CUDA managed memory; frees go through a stream.
// CHECK-LABEL: func.func @buffers
// CHECK:         %[[B:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:         %[[T0:.*]] = gpu.wait async
// CHECK:         %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[B]] : memref<4xf32>
// CHECK:         gpu.wait [%[[T1]]]
// CHECK-NOT:     memref.alloc
func.func @buffers() -> memref<4xf32> {
  %g = memref.get_global @w : memref<4xf32>
  %a = memref.alloc() : memref<4xf32>
  memref.copy %g, %a : memref<4xf32> to memref<4xf32>
  %r = memref.alloc() : memref<4xf32>
  memref.copy %a, %r : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return %r : memref<4xf32>
}

// -----

func.func @stack_buffer_in_kernel() {
  %c1 = arith.constant 1 : index
  %f = arith.constant 0.0 : f32
  // expected-error @+1 {{mod-gpu-device-memory: a host stack buffer (memref.alloca) is used by a GPU kernel; allocate it with memref.alloc}}
  %a = memref.alloca() : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    memref.store %f, %a[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}

// -----

// A buffer only kernels (and views of it, and callees that only hand it to
// kernels) touch is plain device memory, allocated and freed on a stream
// after gpu-async-region; one the host reads stays managed.
// CHECK-LABEL: func.func @device_only
// CHECK:         %[[D:.*]] = gpu.alloc  () : memref<8xf32>
// CHECK:         %[[H:.*]] = gpu.alloc  host_shared () : memref<8xf32>
// CHECK:         memref.load %[[H]]
func.func @device_only() -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  %d = memref.alloc() : memref<8xf32>
  %h = memref.alloc() : memref<8xf32>
  %v = memref.subview %d[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %w = %c1, %q = %c1) {
    memref.store %f, %v[%tx] : memref<4xf32, strided<[1]>>
    %r = memref.load %d[%tx] : memref<8xf32>
    memref.store %r, %h[%tx] : memref<8xf32>
    gpu.terminator
  }
  func.call @only_kernels(%d) : (memref<8xf32>) -> ()
  %r = memref.load %h[%c0] : memref<8xf32>
  return %r : f32
}

func.func private @only_kernels(%b: memref<8xf32>) {
  %c1 = arith.constant 1 : index
  %f = arith.constant 2.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %w = %c1, %q = %c1) {
    memref.store %f, %b[%tx] : memref<8xf32>
    gpu.terminator
  }
  return
}
