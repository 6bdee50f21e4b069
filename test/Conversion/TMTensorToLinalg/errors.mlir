// What tm-tensor-to-linalg cannot lower is an error naming the op, and the
// pass (and mod-cpu-pipeline, whose first step it is) fails with exit code 1
// instead of crashing (`not` fails on a crash).
// RUN: mod-opt %s -split-input-file --tm-tensor-to-linalg -verify-diagnostics
// RUN: not mod-opt %s -split-input-file --tm-tensor-to-linalg 2>&1 | FileCheck %s
// RUN: not mod-opt %s -split-input-file --mod-cpu-pipeline 2>&1 | FileCheck %s

// CHECK: error: 'tm_tensor.scan' op cannot be lowered by tm-tensor-to-linalg: only the tensor form (before bufferization) is supported, this one works on memrefs
func.func @scan_on_buffers(%x: memref<8xf32>, %o: memref<8xf32>, %a: memref<f32>) {
  // expected-error @+1 {{'tm_tensor.scan' op cannot be lowered by tm-tensor-to-linalg: only the tensor form (before bufferization) is supported, this one works on memrefs}}
  tm_tensor.scan dimension(0) inclusive(true) ins(%x : memref<8xf32>) outs(%o, %a : memref<8xf32>, memref<f32>) {
  ^bb0(%p: f32, %s: f32):
    %t = arith.addf %p, %s : f32
    tm_tensor.yield %t : f32
  }
  return
}

// -----

// CHECK: error: 'tm_tensor.attention' op cannot be lowered by tm-tensor-to-linalg
func.func @attention_on_buffers(%q: memref<1x4x4xf32>, %r: memref<1x4x4xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op cannot be lowered by tm-tensor-to-linalg}}
  tm_tensor.attention ins(%q, %q, %q : memref<1x4x4xf32>, memref<1x4x4xf32>, memref<1x4x4xf32>) outs(%r : memref<1x4x4xf32>)
  return
}
