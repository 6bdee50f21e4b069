// mod-gpu-pipeline{emulate=cpu}: the top-k kernel and the loop kernels end as
// CPU functions in the LLVM dialect (OpenMP team for the barrier kernel), no
// GPU ops, binaries or CUDA runtime calls; no ptxas needed.
// RUN: mod-opt %s --mod-gpu-pipeline="emulate=cpu" | FileCheck %s
// RUN: not mod-opt %s --mod-gpu-pipeline="emulate=gpu" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not mod-opt %s --mod-gpu-pipeline="emulate=cpu emulate-checks=race" 2>&1 | FileCheck %s --check-prefix=BADCHECK

// CHECK-NOT: gpu.
// CHECK-NOT: mgpu
// CHECK: llvm.func @__mod_emu___mod_gpu_topk_f32_kernel___mod_gpu_topk_f32_kernel(
// CHECK: llvm.call @kmp_set_blocktime(
// CHECK: omp.parallel num_threads(
// CHECK: omp.barrier
// CHECK: omp.terminator
// CHECK-NOT: gpu.
// CHECK-NOT: mgpu
// BAD: error: mod-gpu-pipeline: unknown emulate='gpu': expected none (NVVM) or cpu
// BADCHECK: error: mod-gpu-pipeline: unknown emulate-checks='race': expected none or bounds

func.func @main(%s: tensor<3x40xf32>) -> (tensor<3x5xf32>, tensor<3x5xi64>) {
  %v_init = tensor.empty() : tensor<3x5xf32>
  %i_init = tensor.empty() : tensor<3x5xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 5 : i64} : tensor<3x40xf32> -> tensor<3x5xf32>, tensor<3x5xi64>
  return %v, %i : tensor<3x5xf32>, tensor<3x5xi64>
}
