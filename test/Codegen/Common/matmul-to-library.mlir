// RUN: mod-opt %s --mod-matmul-to-library --split-input-file -verify-diagnostics | FileCheck %s
// RUN: mod-opt %s --mod-matmul-to-library=callee=mod_cpu_matmul --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=CPU
// CPU: func.func private @mod_cpu_matmul(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CPU: call @mod_cpu_matmul(

// library=NAME records the runtime library a module that now calls the
// callee needs (once, beside names already there); a module with no call
// gets nothing.
// RUN: mod-opt %s --mod-matmul-to-library="callee=mod_cpu_matmul library=mod_cpu_runtime" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LIB
// LIB: module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]}
// LIB-NOT: mod.runtime_libraries
// LIB: module attributes {mod.runtime_libraries = ["other", "mod_cpu_runtime"]}
// LIB: module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]}
// LIB: module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]}

// 2-D matmuls get a unit batch dimension; every operand is passed as a
// rank-3 strided descriptor to the runtime's GEMM entry point (cuBLAS by
// default).
// CHECK:       func.func private @mod_gpu_matmul(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    (%[[A:.*]]: memref<8x16xf32>, %[[B:.*]]: memref<16x4xf32>, %[[C:.*]]: memref<8x4xf32>)
// CHECK:         %[[A3:.*]] = memref.expand_shape %[[A]] {{\[\[}}0, 1], [2]] output_shape [1, 8, 16] : memref<8x16xf32> into memref<1x8x16xf32>
// CHECK:         %[[AC:.*]] = memref.cast %[[A3]] : memref<1x8x16xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK:         %[[B3:.*]] = memref.expand_shape %[[B]]
// CHECK:         %[[BC:.*]] = memref.cast %[[B3]]
// CHECK:         %[[C3:.*]] = memref.expand_shape %[[C]]
// CHECK:         %[[CC:.*]] = memref.cast %[[C3]]
// CHECK:         call @mod_gpu_matmul(%[[AC]], %[[BC]], %[[CC]])
// CHECK-NOT:     linalg.matmul
func.func @matmul(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  return
}

// A batch_matmul on a transposed view (unit stride in the row dimension:
// column-major for cuBLAS) is passed as it is.
// CHECK-LABEL: func.func @batch_matmul_strided
// CHECK:         memref.cast %{{.*}} : memref<2x8x16xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK:         memref.cast %{{.*}} : memref<2x16x4xf32, strided<[64, 1, 16]>> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK:         call @mod_gpu_matmul
func.func @batch_matmul_strided(%a: memref<2x8x16xf32>, %b: memref<2x16x4xf32, strided<[64, 1, 16]>>, %c: memref<2x8x4xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x8x16xf32>, memref<2x16x4xf32, strided<[64, 1, 16]>>) outs(%c : memref<2x8x4xf32>)
  return
}

// -----

// What cuBLAS cannot take stays a linalg op, with a remark saying why.
// CHECK-LABEL: func.func @left_alone
// CHECK:         linalg.matmul
// CHECK:         linalg.matmul
// CHECK:         linalg.matmul
// CHECK-NOT:     call @mod_gpu_matmul
func.func @left_alone(%a: memref<8x16xf16>, %b: memref<16x4xf16>, %c: memref<8x4xf16>,
                      %x: memref<8x16xf32, strided<[32, 2]>>, %y: memref<16x4xf32>, %z: memref<8x4xf32>,
                      %x2: memref<4x16xf32>, %z2: memref<4x4xf32>) {
  // expected-remark @+1 {{mod-matmul-to-library: left as a linalg op: its operands are not all f32 memrefs}}
  linalg.matmul ins(%a, %b : memref<8x16xf16>, memref<16x4xf16>) outs(%c : memref<8x4xf16>)
  // expected-remark @+1 {{left as a linalg op: an operand has no unit stride in its matrix dimensions (cuBLAS needs row- or column-major matrices)}}
  linalg.matmul ins(%x, %y : memref<8x16xf32, strided<[32, 2]>>, memref<16x4xf32>) outs(%z : memref<8x4xf32>)
  // expected-remark @+1 {{left as a linalg op: its indexing maps are not the default ones up to transposed operands}}
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>]
      ins(%x2, %y : memref<4x16xf32>, memref<16x4xf32>) outs(%z2 : memref<4x4xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @recorded_beside_other
// CHECK:         call @mod_gpu_matmul
module attributes {mod.runtime_libraries = ["other"]} {
  func.func @recorded_beside_other(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
    linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
    return
  }
}

// -----

// CHECK-LABEL: func.func @recorded_once
// CHECK:         call @mod_gpu_matmul
module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]} {
  func.func @recorded_once(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
    linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
    return
  }
}

// -----

// Transposed A or B (the maps mod-fold-transposes-into-matmuls writes): the
// same buffers passed as views with swapped matrix strides.
// CHECK-LABEL: func.func @transposed_operands
// CHECK-SAME:    (%[[AT:.*]]: memref<16x8xf32>, %[[B:.*]]: memref<16x4xf32>, %[[C:.*]]: memref<8x4xf32>, %[[W:.*]]: memref<2x4x16xf32>, %[[X:.*]]: memref<2x8x16xf32>, %[[Y:.*]]: memref<2x8x4xf32>)
// CHECK:         %[[ATV:.*]] = memref.transpose %[[AT]] (d0, d1) -> (d1, d0) : memref<16x8xf32> to memref<8x16xf32, strided<[1, 8]>>
// CHECK:         memref.expand_shape %[[ATV]]
// CHECK:         call @mod_gpu_matmul
// CHECK:         %[[WV:.*]] = memref.transpose %[[W]] (d0, d1, d2) -> (d0, d2, d1) : memref<2x4x16xf32> to memref<2x16x4xf32, strided<[64, 1, 16]>>
// CHECK:         memref.cast %[[WV]]
// CHECK:         call @mod_gpu_matmul
// CHECK-NOT:     linalg.
func.func @transposed_operands(%at: memref<16x8xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>,
                               %w: memref<2x4x16xf32>, %x: memref<2x8x16xf32>, %y: memref<2x8x4xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%at, %b : memref<16x8xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
      ins(%x, %w : memref<2x8x16xf32>, memref<2x4x16xf32>) outs(%y : memref<2x8x4xf32>)
  return
}
