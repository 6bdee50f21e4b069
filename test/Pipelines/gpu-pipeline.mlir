// The GPU pipeline lowers a routed block to host code in the LLVM dialect
// plus gpu.binary ops holding the kernels (format=isa: PTX, so no ptxas is
// needed here): the top-k kernel, a kernel per elementwise/gather/scatter
// loop nest, launches chained on one stream, no tensor/linalg/scf left.
// RUN: mod-opt %s --mod-gpu-pipeline="chip=sm_90 format=isa" -o %t.mlir
// RUN: FileCheck %s < %t.mlir
// RUN: FileCheck %s --check-prefix=BIN < %t.mlir
// RUN: mod-opt %s --pass-pipeline="builtin.module(mod-gpu-pipeline{chip=sm_80 features=+ptx70 format=isa block-size=128})" | FileCheck %s --check-prefix=SM80

// BIN-DAG: gpu.binary @__mod_gpu_topk_f32_kernel  [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">, {{.*}}assembly = "
// BIN-DAG: gpu.binary @layer_kernel
// CHECK-LABEL: llvm.func @layer
// CHECK-NOT: {{mod\.|linalg\.|tensor\.|scf\.|memref\.|bufferization\.}}
// CHECK: llvm.call @mgpuStreamCreate
// CHECK: llvm.call @__mod_gpu_topk_f32
// CHECK: gpu.launch_func <%{{.*}} : !llvm.ptr> @layer_kernel
// CHECK: llvm.call @mgpuStreamSynchronize
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @__mod_gpu_topk_f32
// CHECK: gpu.launch_func <%{{.*}} : !llvm.ptr> @__mod_gpu_topk_f32_kernel::@__mod_gpu_topk_f32_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}})
// SM80: #nvvm.target<O = 3, chip = "sm_80", features = "+ptx70">
// block-size=128: the [2, 4, 32] gather/body loops get 32 x 4 thread blocks.
// SM80: maxntid 32, 4, 1
func.func @layer(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw"}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    %t = math.tanh %xs : tensor<2x4x32xf32>
    mod.yield %t : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}
