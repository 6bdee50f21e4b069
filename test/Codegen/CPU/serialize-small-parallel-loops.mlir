// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-serialize-small-parallel-loops{report=true}))" -verify-diagnostics | FileCheck %s
// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-serialize-small-parallel-loops{min-work=0}))" | FileCheck %s --check-prefix=NONE
// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-serialize-small-parallel-loops{min-work=100000000}))" | FileCheck %s --check-prefix=HIGH

func.func private @mod_cpu_matmul(memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>)
func.func private @opaque(index)

// 4 rows x (4 x (load, mul, store, yield) + the loop's reduce) = 68 ops.
// CHECK-LABEL: func.func @few_rows
// CHECK-NOT:     scf.parallel
// CHECK:         scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c16
// CHECK:             vector.load
// CHECK:             arith.mulf
// CHECK:             vector.store
// NONE-LABEL:  func.func @few_rows
// NONE:          scf.parallel
// HIGH-LABEL:  func.func @few_rows
// HIGH-NOT:      scf.parallel
func.func @few_rows(%m: memref<4x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  // expected-remark @below {{parallel loop runs on the calling thread: estimated work 68 < min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.for %j = %c0 to %c64 step %c16 {
      %v = vector.load %m[%i, %j] : memref<4x64xf32>, vector<16xf32>
      %w = arith.mulf %v, %v : vector<16xf32>
      vector.store %w, %m[%i, %j] : memref<4x64xf32>, vector<16xf32>
    }
    scf.reduce
  }
  return
}

// 1024 rows x (64 x 4 + 1) ops: threads pay off.
// CHECK-LABEL: func.func @many_rows
// CHECK:         scf.parallel
// HIGH-LABEL:  func.func @many_rows
// HIGH-NOT:      scf.parallel
func.func @many_rows(%m: memref<1024x1024xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c1024 = arith.constant 1024 : index
  // expected-remark @below {{parallel loop stays parallel: estimated work 263168 >= min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    scf.for %j = %c0 to %c1024 step %c16 {
      %v = vector.load %m[%i, %j] : memref<1024x1024xf32>, vector<16xf32>
      %w = arith.mulf %v, %v : vector<16xf32>
      vector.store %w, %m[%i, %j] : memref<1024x1024xf32>, vector<16xf32>
    }
    scf.reduce
  }
  return
}

// A vector of 8 x 16 lanes counts 8 per op: 512 x (3 x 8 + 1) ops.
// CHECK-LABEL: func.func @wide_vectors
// CHECK:         scf.parallel
func.func @wide_vectors(%m: memref<512x8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %p = ub.poison : f32
  // expected-remark @below {{parallel loop stays parallel: estimated work 12800 >= min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c512) step (%c1) {
    %v = vector.transfer_read %m[%i, %c0, %c0], %p {in_bounds = [true, true]} : memref<512x8x16xf32>, vector<8x16xf32>
    %w = arith.mulf %v, %v : vector<8x16xf32>
    vector.transfer_write %w, %m[%i, %c0, %c0] {in_bounds = [true, true]} : vector<8x16xf32>, memref<512x8x16xf32>
    scf.reduce
  }
  return
}

// Trip count unknown at compile time: stays parallel.
// CHECK-LABEL: func.func @dynamic_rows
// CHECK:         scf.parallel
// HIGH-LABEL:  func.func @dynamic_rows
// HIGH:          scf.parallel
func.func @dynamic_rows(%m: memref<?x16xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-remark @below {{parallel loop stays parallel: its work cannot be bounded statically}}
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = vector.load %m[%i, %c0] : memref<?x16xf32>, vector<16xf32>
    vector.store %v, %m[%i, %c0] : memref<?x16xf32>, vector<16xf32>
    scf.reduce
  }
  return
}

// A call we know nothing about: stays parallel.
// CHECK-LABEL: func.func @opaque_call
// CHECK:         scf.parallel
func.func @opaque_call() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  // expected-remark @below {{parallel loop stays parallel: its work cannot be bounded statically}}
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    func.call @opaque(%i) : (index) -> ()
    scf.reduce
  }
  return
}

// The runtime GEMM counts its multiply-adds / 16 (shapes from before the
// casts): 2 x (2x64x144 / 16 + 1 + subview, cast, reduce) is small (a
// decode step's attention tile), 8 x 64x64x64 / 16 is not.
// CHECK-LABEL: func.func @gemm_tiles
// CHECK:         scf.for
// CHECK:           call @mod_cpu_matmul
// CHECK:         scf.parallel
// CHECK:           call @mod_cpu_matmul
func.func @gemm_tiles(%a: memref<1x2x144xf32>, %b: memref<1x144x64xf32>, %c: memref<1x2x64xf32>,
                      %x: memref<1x64x64xf32>, %y: memref<1x64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %a1 = memref.cast %a : memref<1x2x144xf32> to memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %b1 = memref.cast %b : memref<1x144x64xf32> to memref<1x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %c1m = memref.cast %c : memref<1x2x64xf32> to memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>
  // expected-remark @below {{parallel loop runs on the calling thread: estimated work 2312 < min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %s = memref.subview %a[0, 0, 0] [1, 2, 144] [1, 1, 1] : memref<1x2x144xf32> to memref<1x2x144xf32, strided<[288, 144, 1]>>
    %s1 = memref.cast %s : memref<1x2x144xf32, strided<[288, 144, 1]>> to memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>
    func.call @mod_cpu_matmul(%s1, %b1, %c1m) : (memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>) -> ()
    scf.reduce
  }
  %x1 = memref.cast %x : memref<1x64x64xf32> to memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %x2 = memref.cast %x : memref<1x64x64xf32> to memref<1x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %y1 = memref.cast %y : memref<1x64x64xf32> to memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>
  // expected-remark @below {{parallel loop stays parallel: estimated work 131088 >= min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    func.call @mod_cpu_matmul(%x1, %x2, %y1) : (memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<1x?x?xf32, strided<[?, ?, 1], offset: ?>>) -> ()
    scf.reduce
  }
  return
}

// Nested parallel loops go with their small parent: none is left to fork
// once per outer iteration.
// CHECK-LABEL: func.func @nested
// CHECK-NOT:     scf.parallel
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             memref.store
func.func @nested(%m: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  // expected-remark @below {{parallel loop runs on the calling thread: estimated work 68 < min-work 8192}}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.parallel (%j) = (%c0) to (%c8) step (%c1) {
      memref.store %f, %m[%i, %j] : memref<4x8xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// A reduction: left to convert-scf-to-openmp.
// CHECK-LABEL: func.func @reduction
// CHECK:         scf.parallel
func.func @reduction(%m: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  // expected-remark @below {{parallel loop stays parallel: a loop in it has reductions (estimated work 32)}}
  %r = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%z) -> f32 {
    %v = memref.load %m[%i] : memref<8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}

// A copy counts the elements it moves / 16 (a transpose of 12 heads x 128
// rows of 64 floats, as bufferization leaves it): 1536 x (2 subviews + 64 /
// 16 + 1 + reduce) = 12288 stays parallel; the same loop over 4 rows
// (4 x 12 x 8 = 384) runs on the calling thread; a copy of a dynamic
// shape cannot be bounded.
// CHECK-LABEL: func.func @copy_rows
// CHECK:         scf.parallel
// CHECK:           memref.copy
// CHECK:         scf.for
// CHECK:           memref.copy
// CHECK:         scf.parallel
// CHECK:           memref.copy
func.func @copy_rows(%src: memref<128x12x64xf32>, %dst: memref<12x128x64xf32>, %d: memref<?xf32>, %e: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c12 = arith.constant 12 : index
  %c128 = arith.constant 128 : index
  // expected-remark @below {{parallel loop stays parallel: estimated work 12288 >= min-work 8192}}
  scf.parallel (%h, %r) = (%c0, %c0) to (%c12, %c128) step (%c1, %c1) {
    %s = memref.subview %src[%r, %h, 0] [1, 1, 64] [1, 1, 1] : memref<128x12x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    %t = memref.subview %dst[%h, %r, 0] [1, 1, 64] [1, 1, 1] : memref<12x128x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    memref.copy %s, %t : memref<64xf32, strided<[1], offset: ?>> to memref<64xf32, strided<[1], offset: ?>>
    scf.reduce
  }
  // expected-remark @below {{parallel loop runs on the calling thread: estimated work 384 < min-work 8192}}
  scf.parallel (%h, %r) = (%c0, %c0) to (%c12, %c4) step (%c1, %c1) {
    %s = memref.subview %src[%r, %h, 0] [1, 1, 64] [1, 1, 1] : memref<128x12x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    %t = memref.subview %dst[%h, %r, 0] [1, 1, 64] [1, 1, 1] : memref<12x128x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    memref.copy %s, %t : memref<64xf32, strided<[1], offset: ?>> to memref<64xf32, strided<[1], offset: ?>>
    scf.reduce
  }
  // expected-remark @below {{parallel loop stays parallel: its work cannot be bounded statically}}
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    memref.copy %d, %e : memref<?xf32> to memref<?xf32>
    scf.reduce
  }
  return
}
