// RUN: mod-opt %s --mod-matmul-to-library --split-input-file -verify-diagnostics
// RUN: not mod-opt %s --mod-matmul-to-library=callee= 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: mod-matmul-to-library: callee= is empty (use mod_cpu_matmul or mod_gpu_matmul)

// A symbol of the callee's name with another type is an error.
// expected-error @+1 {{mod-matmul-to-library: symbol @mod_gpu_matmul exists but is not a function of type}}
func.func private @mod_gpu_matmul(memref<4xf32>)
func.func @clash(%a: memref<8x16xf32>, %b: memref<16x4xf32>, %c: memref<8x4xf32>) {
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x4xf32>) outs(%c : memref<8x4xf32>)
  return
}
