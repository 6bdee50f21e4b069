//===- GpuPipeline.cpp - tensor-level mod IR -> NVVM cubins + host code ---===//
//
//   tm_tensor ops  -> linalg/scf/tensor (torch-mlir output)
//   mod ops        -> top-k kernel (gpu.launch), linalg for the rest
//   bufferize      -> memrefs; constants staged into managed memory
//   GEMMs          -> runtime cuBLAS calls (optional)
//   other linalg   -> scf.parallel -> tiled and mapped -> gpu.launch
//   host buffers   -> gpu.alloc host_shared (CUDA managed memory)
//   kernels        -> outlined, NVVM, gpu.binary (ptxas for bin/fatbin)
//   host code      -> LLVM dialect calling the mgpu* runtime functions
//
//===----------------------------------------------------------------------===//

#include "mod/Pipelines/Pipelines.h"
#include "PipelineSteps.h"
#include "mod/Conversion/Passes.h"
#include "mod/Codegen/GPU/GpuTarget.h"
#include "mod/Codegen/CPU/Passes.h"
#include "mod/Codegen/Common/Passes.h"
#include "mod/Codegen/GPU/Passes.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/OptimizeForNVVM.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
/// Fails the pipeline with `message` (bad option values of the pipeline
/// itself, which a pipeline builder cannot report).
struct PipelineOptionError
    : PassWrapper<PipelineOptionError, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(PipelineOptionError)
  explicit PipelineOptionError(std::string message)
      : message(std::move(message)) {}
  StringRef getArgument() const final { return "mod-gpu-pipeline-option-error"; }
  void runOnOperation() override {
    getOperation().emitError(message);
    signalPassFailure();
  }
  std::string message;
};
} // namespace

void mlir::mod::buildModGpuPipeline(OpPassManager &pm,
                                    const ModGpuPipelineOptions &options) {
  // torch-mlir's tm_tensor ops first, so that its output compiles directly.
  if (options.emulate != "none" && options.emulate != "cpu") {
    pm.addPass(std::make_unique<PipelineOptionError>(
        "mod-gpu-pipeline: unknown emulate='" + options.emulate +
        "': expected none (NVVM) or cpu (run the kernels on the CPU)"));
    return;
  }
  if (options.emulateChecks != "none" && options.emulateChecks != "bounds") {
    pm.addPass(std::make_unique<PipelineOptionError>(
        "mod-gpu-pipeline: unknown emulate-checks='" + options.emulateChecks +
        "': expected none or bounds"));
    return;
  }
  pm.addPass(createTMTensorToLinalg());
  const bool emulate = options.emulate == "cpu";
  ModGpuCheckTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  // Emulation produces no binary: no ptxas/CUDA toolkit lookup.
  target.format = emulate ? std::string("isa") : std::string(options.format);
  target.toolkit = options.toolkit;
  pm.addPass(createModGpuCheckTarget(target));

  // 1. mod -> top-k kernel + linalg/scf/tensor.
  pm.addPass(createModExpandRoutedBlocks());
  pm.addPass(createCanonicalizerPass());
  ConvertModTopKToGPUOptions declareOnly;
  declareOnly.kernelBody = false;
  pm.addPass(createConvertModTopKToGPU(declareOnly));
  pm.addPass(createConvertModToLinalg());
  detail::addLinalgCleanupAndFusion(pm, /*fuse=*/true);

  // 2. Bufferize; its copies become linalg.copy (kernels), constants are
  //    staged into managed memory.
  detail::addOneShotBufferize(pm);
  ModGpuDeviceMemoryOptions stage;
  stage.stageGlobals = true;
  pm.addPass(createModGpuDeviceMemory(stage));
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createConvertModTopKToGPU()); // now define the top-k kernel

  // 3. GEMMs to cuBLAS; everything else to mapped parallel loops.
  if (options.cublas) {
    ModMatmulToLibraryOptions gemm;
    gemm.callee = "mod_gpu_matmul";
    gemm.library = options.emulate.getValue() == "cpu" ? "mod_cpu_runtime"
                                                       : "mod_cuda_runtime";
    pm.addPass(createModMatmulToLibrary(gemm));
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
  pm.addPass(createCanonicalizerPass());
  ModGpuMapParallelLoopsOptions map;
  map.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(createModGpuMapParallelLoops(map));
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createModGpuDeviceMemory());
  ModGpuCheckTargetOptions resources = target;
  resources.checkSharedMemory = true;
  pm.addPass(createModGpuCheckTarget(resources));

  // 4. Kernels to NVVM and a gpu.binary; host code to the LLVM dialect.
  // Constants and index arithmetic move into the kernels (otherwise they
  // become kernel parameters and PTX cannot fold them).
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  // Launches, frees and device allocations of a function chain on one
  // stream; the host waits only where it touches memory or calls out.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(createModGpuDeviceMemory());

  // 4'. emulate=cpu: the kernels as they would go to NVVM run on the CPU.
  if (emulate) {
    ModGpuEmulateOnCpuOptions emu;
    emu.boundsChecks = options.emulateChecks == "bounds";
    pm.addPass(createModGpuEmulateOnCpu(emu));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    detail::addLowerToLLVM(pm, /*openmp=*/true);
    return;
  }
  // From here on these are the steps of upstream's GPU-to-NVVM pipeline
  // (buildLowerToNVVMPassPipeline in mlir/lib/Dialect/GPU/Pipelines/
  // GPUToNVVMPipeline.cpp, common passes + GPU module + host post-pipeline),
  // spelled out because we need our own options and passes in between
  // (target chip/features, ptxas toolkit lookup, the runtime's math).
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions attach;
  attach.chip = options.chip;
  attach.features = options.features;
  attach.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(attach));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  pm.addNestedPass<gpu::GPUModuleOp>(createStripDebugInfoPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps());
  pm.addNestedPass<gpu::GPUModuleOp>(LLVM::createNVVMOptimizeForTargetPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = findCudaToolkit(options.toolkit);
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}
