// overwrite-callee: a matmul whose output was just filled with +0.0 calls
// the C = A x B entry point, and the fill (or bufferization's copy of a
// zero-filled buffer) goes. Anything else keeps C += A x B.
// RUN: mod-opt %s --mod-matmul-to-library="callee=mod_cpu_matmul overwrite-callee=mod_cpu_matmul_overwrite" | FileCheck %s
// RUN: mod-opt %s --mod-matmul-to-library="callee=mod_cpu_matmul" | FileCheck %s --check-prefix=OFF
// OFF-NOT: mod_cpu_matmul_overwrite

// CHECK-DAG: func.func private @mod_cpu_matmul_overwrite(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @fill_then_matmul
// CHECK-NOT:     linalg.fill
// CHECK:         call @mod_cpu_matmul_overwrite(
// CHECK-NEXT:    return
func.func @fill_then_matmul(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  return
}

// One zero-filled buffer copied into two outputs, then reused by a third
// matmul (as bufferization leaves a shared fill): the two copies go, the
// third matmul still accumulates into the zeros, so the fill stays.
// CHECK-LABEL: func.func @shared_zeros
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[Z:.*]] : memref<8x4xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         call @mod_cpu_matmul_overwrite(
// CHECK-NOT:     memref.copy
// CHECK:         call @mod_cpu_matmul_overwrite(
// CHECK:         call @mod_cpu_matmul(
// CHECK:         memref.dealloc %[[Z]]
func.func @shared_zeros(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c1: memref<8x4xf32>, %c2: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %z = memref.alloc() : memref<8x4xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<8x4xf32>)
  memref.copy %z, %c1 : memref<8x4xf32> to memref<8x4xf32>
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c1 : memref<8x4xf32>)
  memref.copy %z, %c2 : memref<8x4xf32> to memref<8x4xf32>
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c2 : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%z : memref<8x4xf32>)
  memref.dealloc %z : memref<8x4xf32>
  return
}

// A zero buffer only copied: it goes entirely, with its fill.
// CHECK-LABEL: func.func @only_copied
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     linalg.fill
// CHECK:         call @mod_cpu_matmul_overwrite(
// CHECK-NOT:     memref.dealloc
func.func @only_copied(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %z = memref.alloc() : memref<8x4xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<8x4xf32>)
  memref.copy %z, %c : memref<8x4xf32> to memref<8x4xf32>
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  memref.dealloc %z : memref<8x4xf32>
  return
}

// Kept as C += A x B: a fill of 1.0, of -0.0, an op between the fill and
// the matmul, a fill of another buffer, and (last) a copy of a buffer that
// a matmul wrote after its fill (that matmul itself overwrites).
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-4: call @mod_cpu_matmul(
// CHECK:         call @mod_cpu_matmul_overwrite(
// CHECK:         memref.copy %{{.*}}, %arg3
// CHECK:         call @mod_cpu_matmul(
func.func @kept(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>, %d: memref<8x4xf32>, %x: memref<8x4xf32>) {
  %one = arith.constant 1.0 : f32
  %mzero = arith.constant -0.0 : f32
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  linalg.fill ins(%mzero : f32) outs(%c : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  linalg.fill ins(%zero : f32) outs(%c : memref<8x4xf32>)
  memref.copy %c, %x : memref<8x4xf32> to memref<8x4xf32>
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  linalg.fill ins(%zero : f32) outs(%d : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  %z = memref.alloc() : memref<8x4xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<8x4xf32>)
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%z : memref<8x4xf32>)
  memref.copy %z, %d : memref<8x4xf32> to memref<8x4xf32>
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%d : memref<8x4xf32>)
  memref.dealloc %z : memref<8x4xf32>
  return
}
