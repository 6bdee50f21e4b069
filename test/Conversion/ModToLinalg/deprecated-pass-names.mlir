// The pass names before the upstream-style layout still work for one
// release (README "Pass names"): mod-lower-to-linalg runs
// convert-mod-to-linalg, mod-lower-topk-to-gpu runs convert-mod-topk-to-gpu.
// RUN: mod-opt %s --mod-lower-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: mod-opt %s --convert-mod-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: mod-opt %s --mod-lower-topk-to-gpu="kernel-body=false" | FileCheck %s --check-prefix=GPU
// RUN: mod-opt %s --convert-mod-topk-to-gpu="kernel-body=false" | FileCheck %s --check-prefix=GPU

// LINALG-LABEL: func.func @topk
// LINALG-NOT: mod.topk
// LINALG: scf.parallel
// GPU-LABEL: func.func @topk
// GPU-NOT: mod.topk
// GPU: call @__mod_gpu_topk_f32
// GPU: func.func private @__mod_gpu_topk_f32
func.func @topk(%s: tensor<2x16xf32>) -> tensor<2x4xi64> {
  %v0 = tensor.empty() : tensor<2x4xf32>
  %i0 = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v0, %i0) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  return %i : tensor<2x4xi64>
}
