//===- CpuPipeline.cpp - tensor-level mod IR -> LLVM dialect for CPUs -----===//

#include "mod/Pipelines/Pipelines.h"
#include "PipelineSteps.h"
#include "mod/Conversion/Passes.h"
#include "mod/Codegen/CPU/Passes.h"
#include "mod/Codegen/Common/Passes.h"
#include "mod/Codegen/GPU/Passes.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::mod::detail::addLinalgCleanupAndFusion(OpPassManager &pm,
                                                  bool fuse) {
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Elementwise chains into one loop nest / kernel (matmuls stay named ops).
  if (fuse) {
    pm.addNestedPass<func::FuncOp>(createModFuseElementwise());
    pm.addPass(createCanonicalizerPass());
  }
}

void mlir::mod::detail::addOneShotBufferize(OpPassManager &pm) {
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCSEPass()); // merges the twin subviews of in-place updates
  pm.addPass(createCanonicalizerPass()); // ... so their self-copies fold away
}

void mlir::mod::buildModToLinalgPipeline(OpPassManager &pm) {
  // torch-mlir's tm_tensor ops first, so that its output compiles directly.
  pm.addPass(createTMTensorToLinalg());
  pm.addPass(createModExpandRoutedBlocks());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertModToLinalg());
}

void mlir::mod::buildModCpuPipeline(OpPassManager &pm,
                                    const ModCpuPipelineOptions &options) {
  // 1. mod -> linalg/scf/tensor, still on tensors.
  buildModToLinalgPipeline(pm);
  detail::addLinalgCleanupAndFusion(pm, options.fuse);

  bool libraryGemms = options.gemmMode() == CpuGemmMode::Library;
  unsigned loopThreads = options.loopThreads();
  bool openmp = loopThreads != 1;

  // nn.Linear's transposed weights read through the matmul's maps, not
  // copied on every call.
  pm.addNestedPass<func::FuncOp>(createModFoldTransposesIntoMatmuls());
  // Grouped-query attention: repeated key/value heads read as extra rows.
  pm.addNestedPass<func::FuncOp>(createModFoldBroadcastsIntoMatmuls());
  pm.addPass(createCanonicalizerPass());

  // 2. Code generation on tensors: tile contractions, vectorize.
  if (options.fuseAttention) {
    ModFuseAttentionOptions fa;
    fa.parallel = openmp;
    fa.scoreTileBytes = options.attentionTileBytes;
    pm.addNestedPass<func::FuncOp>(createModFuseAttention(fa));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass()); // one tiled producer per fused op
  }
  if (options.vectorize) {
    ModTileAndVectorizeOptions tv;
    tv.tileSizes = llvm::to_vector(options.tileSizes);
    tv.parallel = openmp;
    tv.matmuls = !libraryGemms;
    pm.addNestedPass<func::FuncOp>(createModTileAndVectorize(tv));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  // 3. Bufferize (in place where possible, e.g. the scatter into the
  //    residual buffer) and insert deallocations.
  detail::addOneShotBufferize(pm);
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createConvertBufferizationToMemRefPass());
  if (libraryGemms) {
    ModMatmulToLibraryOptions gemm;
    gemm.callee = "mod_cpu_matmul";
    gemm.overwriteCallee = "mod_cpu_matmul_overwrite";
    gemm.library = "mod_cpu_runtime";
    pm.addPass(createModMatmulToLibrary(gemm));
  }
  if (options.vectorize) {
    pm.addNestedPass<func::FuncOp>(createModHoistVectorTransfers());
    pm.addPass(createCanonicalizerPass());
  }

  // 4. Loops: remaining linalg ops, vector transfers, foralls.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Reduction tiles are one row (parallel extent 1, the reduced dims whole):
  // a horizontal reduction (a shuffle tree) per row, not one scalar op per
  // element (the InnerParallel default on a [1, N] -> [1] reduction).
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMultiReductionPass(
      vector::VectorMultiReductionLowering::InnerReduction));
  // Fully unrolled transfers need no stack buffers: buffered lowering puts
  // an alloca in every loop iteration and overflows the stack on big loops.
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass(vectorToSCF));
  pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
  if (openmp) {
    // Whole-buffer copies (bufferization's) as parallel row copies.
    pm.addNestedPass<func::FuncOp>(createModSplitLargeCopies());
    // A fork and join cost more than a loop over a few rows computes.
    ModSerializeSmallParallelLoopsOptions serialize;
    serialize.minWork = options.parallelMinWork;
    pm.addNestedPass<func::FuncOp>(
        createModSerializeSmallParallelLoops(serialize));
    ConvertSCFToOpenMPPassOptions omp;
    omp.numThreads = loopThreads; // 0: no num_threads clause
    pm.addPass(createConvertSCFToOpenMPPass(omp));
    pm.addNestedPass<func::FuncOp>(createModInlineAllocaFreeScopes());
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // 5. To the LLVM dialect. Unless portable, buffers come from the runtime's
  //    allocator (and GEMMs may call it): record the library.
  if (!options.portable) {
    ModRequireRuntimeLibraryOptions runtime;
    runtime.library = "mod_cpu_runtime";
    pm.addPass(createModRequireRuntimeLibrary(runtime));
  }
  if (openmp) {
    ModRequireRuntimeLibraryOptions runtime;
    runtime.library = "omp";
    pm.addPass(createModRequireRuntimeLibrary(runtime));
  }
  if (options.approximateMath)
    pm.addNestedPass<func::FuncOp>(createModApproximateMath());
  detail::addLowerToLLVM(pm, openmp,
                         /*runtimeAllocator=*/!options.portable);
}

void mlir::mod::detail::addLowerToLLVM(OpPassManager &pm, bool openmp,
                                       bool runtimeAllocator) {
  pm.addNestedPass<func::FuncOp>(math::createMathExpandOpsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Math before vectors: math ops without an LLVM intrinsic (erf, as in
  // GELU) go to libm calls, which unrolls vector operands into
  // vector.extract/from_elements that the vector conversion must still see.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering = vector::VectorContractLowering::OuterProduct;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = runtimeAllocator;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::mod::registerModPipelines() {
  PassPipelineRegistration<ModCpuPipelineOptions>(
      "mod-cpu-pipeline",
      "Lowers tensor-level mod + linalg IR to the LLVM dialect for CPUs "
      "(torch-mlir tm_tensor ops, expand routed blocks, lower mod ops, tile + vectorize, bufferize, "
      "LLVM); run the result with mlir-runner -shared-libs=<the runner utils>,"
      "<mod-mlir's lib>/libmod_cpu_runtime.so (the module's "
      "mod.runtime_libraries attribute lists what it needs; portable=true "
      "needs only the runner utils)",
      buildModCpuPipeline);
  PassPipelineRegistration<ModGpuPipelineOptions>(
      "mod-gpu-pipeline",
      "Lowers tensor-level mod + linalg IR to NVIDIA GPU code: top-k radix "
      "select kernel, cuBLAS GEMMs, mapped loop kernels, NVVM -> gpu.binary "
      "(ptxas) and host code calling the mgpu* runtime "
      "(runtime/libmod_cuda_runtime.so)",
      buildModGpuPipeline);
  PassPipelineRegistration<>(
      "mod-to-linalg",
      "Lowers tm_tensor ops, expands routed blocks and lowers mod ops to linalg/scf/tensor "
      "(tensor level; the front of mod-cpu-pipeline)",
      buildModToLinalgPipeline);
}
