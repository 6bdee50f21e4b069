//===- GpuEmulateOnCpu.cpp - run the outlined GPU kernels on the CPU ------===//
//
// mod-gpu-pipeline{emulate=cpu}: the kernels exactly as they would go to
// NVVM (outlined gpu.funcs, async host code, device memory) are rewritten
// into CPU code. A kernel becomes a function looping over its grid; a block
// with barriers runs as an OpenMP team of blockDim threads (gpu.barrier ->
// omp.barrier), a block without barriers as a sequential loop over its
// threads. Host-side GPU calls become host memory operations in program
// (= stream) order. See the pass description in Passes.td and docs/GPU.md.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODGPUEMULATEONCPU
#include "mod/Codegen/GPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {

/// Declares (once) a private function `name` of the given type in `module`.
func::FuncOp declareFunc(ModuleOp module, StringRef name, FunctionType type) {
  if (auto f = module.lookupSymbol<func::FuncOp>(name))
    return f;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto f = func::FuncOp::create(b, module.getLoc(), name, type);
  f.setPrivate();
  return f;
}

struct ThreadIds {
  Value block[3];
  Value thread[3];
  Value blockDim[3];
  Value gridDim[3];
};

class KernelEmulator {
public:
  KernelEmulator(ModuleOp module, bool boundsChecks)
      : module(module), boundsChecks(boundsChecks) {}

  /// Checks that the kernel only uses ops the emulation supports.
  LogicalResult check(gpu::GPUFuncOp kernel) {
    WalkResult r = kernel.walk([&](Operation *op) {
      if (op == kernel.getOperation())
        return WalkResult::advance();
      if (isa<gpu::ThreadIdOp, gpu::BlockIdOp, gpu::BlockDimOp, gpu::GridDimOp,
              gpu::GlobalIdOp, gpu::BarrierOp, gpu::ReturnOp>(op))
        return WalkResult::advance();
      if (isa<gpu::GPUDialect>(op->getDialect())) {
        op->emitError("mod-gpu-emulate-on-cpu: '")
            << op->getName()
            << "' is not supported by the CPU emulation (warp/subgroup-level "
               "and other device-only ops have no emulation yet)";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      return failure();
    for (Value v : kernel.getWorkgroupAttributions())
      if (!cast<MemRefType>(v.getType()).hasStaticShape())
        return kernel.emitError("mod-gpu-emulate-on-cpu: dynamic workgroup "
                                "attribution");
    return success();
  }

  /// Rewrites `kernel` into a func.func in the top-level module.
  func::FuncOp emulate(gpu::GPUModuleOp gpuModule, gpu::GPUFuncOp kernel) {
    Location loc = kernel.getLoc();
    std::string name =
        ("__mod_emu_" + gpuModule.getName() + "_" + kernel.getName()).str();
    unsigned nArgs = kernel.getNumArguments();
    SmallVector<Type> inputs(kernel.getArgumentTypes());
    IndexType index = IndexType::get(module.getContext());
    inputs.append(6, index);
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto func = func::FuncOp::create(
        b, loc, name, FunctionType::get(module.getContext(), inputs, {}));
    func->setAttr("mod.emulated_kernel",
                  b.getStringAttr((gpuModule.getName() + "::" +
                                   kernel.getName()).str()));
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
    ThreadIds ids;
    for (int d = 0; d < 3; ++d) {
      ids.gridDim[d] = entry->getArgument(nArgs + d);
      ids.blockDim[d] = entry->getArgument(nArgs + 3 + d);
    }
    bool barriers = false;
    kernel.walk([&](gpu::BarrierOp) { barriers = true; });

    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    Value nThreads = arith::MulIOp::create(
        b, loc, arith::MulIOp::create(b, loc, ids.blockDim[0], ids.blockDim[1]),
        ids.blockDim[2]);
    Value xy = arith::MulIOp::create(b, loc, ids.blockDim[0], ids.blockDim[1]);
    if (barriers) {
      // Threads waiting at a barrier must sleep (a block has more threads
      // than the machine has cores).
      auto setBlocktime = declareFunc(
          module, "kmp_set_blocktime",
          FunctionType::get(module.getContext(), {b.getI32Type()}, {}));
      Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
      func::CallOp::create(b, loc, setBlocktime, ValueRange{zero});
    }
    // Grid: z, y, x.
    Value *blk = ids.block;
    auto forZ = scf::ForOp::create(b, loc, c0, ids.gridDim[2], c1);
    func::ReturnOp::create(b, loc);
    b.setInsertionPointToStart(forZ.getBody());
    blk[2] = forZ.getInductionVar();
    auto forY = scf::ForOp::create(b, loc, c0, ids.gridDim[1], c1);
    b.setInsertionPointToStart(forY.getBody());
    blk[1] = forY.getInductionVar();
    auto forX = scf::ForOp::create(b, loc, c0, ids.gridDim[0], c1);
    b.setInsertionPointToStart(forX.getBody());
    blk[0] = forX.getInductionVar();

    // Workgroup memory of this block.
    SmallVector<Value> shared;
    for (Value v : kernel.getWorkgroupAttributions()) {
      auto type = cast<MemRefType>(v.getType());
      auto plain = MemRefType::get(type.getShape(), type.getElementType(),
                                   type.getLayout());
      shared.push_back(memref::AllocOp::create(b, loc, plain));
    }

    Region *body;
    Value tid;
    Operation *threadOp;
    if (barriers) {
      omp::ParallelOperands clauses;
      clauses.numThreads =
          arith::IndexCastOp::create(b, loc, b.getI32Type(), nThreads);
      auto par = omp::ParallelOp::create(b, loc, clauses);
      threadOp = par;
      body = &par.getRegion();
    } else {
      auto forT = scf::ForOp::create(b, loc, c0, nThreads, c1);
      threadOp = forT;
      b.setInsertionPointToStart(forT.getBody());
      tid = forT.getInductionVar();
      auto exec = scf::ExecuteRegionOp::create(b, loc, TypeRange{});
      body = &exec.getRegion();
    }
    b.setInsertionPointAfter(threadOp);
    for (Value s : shared)
      memref::DeallocOp::create(b, loc, s);

    // The kernel body becomes the thread's body.
    body->takeBody(kernel.getBody());
    Block &kEntry = body->front();
    b.setInsertionPointToStart(&kEntry);
    if (barriers) {
      auto i32 = b.getI32Type();
      auto threadNum = declareFunc(module, "omp_get_thread_num",
                                   FunctionType::get(b.getContext(), {}, {i32}));
      auto numThreads = declareFunc(module, "omp_get_num_threads",
                                    FunctionType::get(b.getContext(), {}, {i32}));
      auto teamError = declareFunc(
          module, "mod_emu_team_error",
          FunctionType::get(b.getContext(), {LLVM::LLVMPointerType::get(b.getContext()), index, index}, {}));
      Value t = func::CallOp::create(b, loc, threadNum, ValueRange{}).getResult(0);
      tid = arith::IndexCastOp::create(b, loc, index, t);
      Value n = func::CallOp::create(b, loc, numThreads, ValueRange{}).getResult(0);
      Value nIdx = arith::IndexCastOp::create(b, loc, index, n);
      Value bad = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, nIdx,
                                        nThreads);
      auto ifBad = scf::IfOp::create(b, loc, bad, /*withElse=*/false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifBad.thenBlock());
      func::CallOp::create(b, loc, teamError,
                           ValueRange{kernelName(b, loc, func), nIdx, nThreads});
    }
    // Thread ids (x fastest, as CUDA linearizes them), after the team check.
    ids.thread[0] = arith::RemUIOp::create(b, loc, tid, ids.blockDim[0]);
    ids.thread[1] = arith::RemUIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, tid, ids.blockDim[0]),
        ids.blockDim[1]);
    ids.thread[2] = arith::DivUIOp::create(b, loc, tid, xy);

    // Block arguments: kernel arguments, workgroup, private attributions.
    unsigned nWorkgroup = kernel.getNumWorkgroupAttributions();
    SmallVector<Value> replacements;
    for (unsigned i = 0; i < nArgs; ++i)
      replacements.push_back(entry->getArgument(i));
    replacements.append(shared.begin(), shared.end());
    for (unsigned i = nArgs + nWorkgroup; i < kEntry.getNumArguments(); ++i) {
      auto type = cast<MemRefType>(kEntry.getArgument(i).getType());
      auto plain = MemRefType::get(type.getShape(), type.getElementType(),
                                   type.getLayout());
      replacements.push_back(memref::AllocaOp::create(b, loc, plain));
    }
    for (auto [arg, v] : llvm::zip(kEntry.getArguments(), replacements))
      arg.replaceAllUsesWith(v);
    kEntry.eraseArguments(0, kEntry.getNumArguments());

    // GPU ops of the body.
    SmallVector<Operation *> gpuOps;
    body->walk([&](Operation *op) {
      if (isa<gpu::GPUDialect>(op->getDialect()))
        gpuOps.push_back(op);
    });
    for (Operation *op : gpuOps) {
      b.setInsertionPoint(op);
      Location l = op->getLoc();
      auto dimOf = [](gpu::Dimension d) { return static_cast<int>(d); };
      Value repl;
      if (auto o = dyn_cast<gpu::ThreadIdOp>(op))
        repl = ids.thread[dimOf(o.getDimension())];
      else if (auto o = dyn_cast<gpu::BlockIdOp>(op))
        repl = ids.block[dimOf(o.getDimension())];
      else if (auto o = dyn_cast<gpu::BlockDimOp>(op))
        repl = ids.blockDim[dimOf(o.getDimension())];
      else if (auto o = dyn_cast<gpu::GridDimOp>(op))
        repl = ids.gridDim[dimOf(o.getDimension())];
      else if (auto o = dyn_cast<gpu::GlobalIdOp>(op)) {
        int d = dimOf(o.getDimension());
        repl = arith::AddIOp::create(
            b, l, arith::MulIOp::create(b, l, ids.block[d], ids.blockDim[d]),
            ids.thread[d]);
      } else if (isa<gpu::BarrierOp>(op)) {
        omp::BarrierOp::create(b, l);
      } else if (isa<gpu::ReturnOp>(op)) {
        if (barriers)
          omp::TerminatorOp::create(b, l);
        else
          scf::YieldOp::create(b, l);
      }
      if (repl)
        op->getResult(0).replaceAllUsesWith(repl);
      op->erase();
    }

    if (boundsChecks)
      addBoundsChecks(*body, func, ids);
    return func;
  }

private:
  /// A pointer to a NUL-terminated global holding the kernel's name.
  Value kernelName(OpBuilder &b, Location loc, func::FuncOp func) {
    std::string sym = (func.getName() + "_name").str();
    auto global = module.lookupSymbol<LLVM::GlobalOp>(sym);
    if (!global) {
      OpBuilder gb = OpBuilder::atBlockBegin(module.getBody());
      std::string text =
          cast<StringAttr>(func->getAttr("mod.emulated_kernel")).str();
      text.push_back('\0');
      auto type = LLVM::LLVMArrayType::get(gb.getI8Type(), text.size());
      global = LLVM::GlobalOp::create(gb, loc, type, /*isConstant=*/true,
                                      LLVM::Linkage::Internal, sym,
                                      gb.getStringAttr(text));
    }
    return LLVM::AddressOfOp::create(b, loc, global);
  }

  void addBoundsChecks(Region &body, func::FuncOp func, const ThreadIds &ids) {
    MLIRContext *ctx = module.getContext();
    IndexType index = IndexType::get(ctx);
    SmallVector<Type> args{LLVM::LLVMPointerType::get(ctx)};
    args.append(9, index);
    auto report = declareFunc(module, "mod_emu_bounds_error",
                              FunctionType::get(ctx, args, {}));
    SmallVector<Operation *> accesses;
    body.walk([&](Operation *op) {
      if (isa<memref::LoadOp, memref::StoreOp, memref::AtomicRMWOp,
              memref::GenericAtomicRMWOp>(op))
        accesses.push_back(op);
    });
    for (Operation *op : accesses) {
      Value mem;
      ValueRange indices;
      if (auto o = dyn_cast<memref::LoadOp>(op)) {
        mem = o.getMemRef();
        indices = o.getIndices();
      } else if (auto o = dyn_cast<memref::StoreOp>(op)) {
        mem = o.getMemRef();
        indices = o.getIndices();
      } else if (auto o = dyn_cast<memref::AtomicRMWOp>(op)) {
        mem = o.getMemref();
        indices = o.getIndices();
      } else {
        auto g = cast<memref::GenericAtomicRMWOp>(op);
        mem = g.getMemref();
        indices = g.getIndices();
      }
      OpBuilder b(op);
      Location loc = op->getLoc();
      for (auto [d, idx] : llvm::enumerate(indices)) {
        Value size = memref::DimOp::create(b, loc, mem, d);
        Value bad = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                          idx, size);
        auto ifBad = scf::IfOp::create(b, loc, bad, /*withElse=*/false);
        OpBuilder tb = OpBuilder::atBlockBegin(ifBad.thenBlock());
        Value dim = arith::ConstantIndexOp::create(tb, loc, d);
        func::CallOp::create(
            tb, loc, report,
            ValueRange{kernelName(tb, loc, func), ids.block[0], ids.block[1],
                       ids.block[2], ids.thread[0], ids.thread[1],
                       ids.thread[2], dim, idx, size});
      }
    }
  }

  ModuleOp module;
  bool boundsChecks;
};

struct GpuEmulateOnCpu
    : mod::impl::ModGpuEmulateOnCpuBase<GpuEmulateOnCpu> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    KernelEmulator emulator(module, boundsChecks);

    // 1. Kernels.
    llvm::StringMap<func::FuncOp> emulated; // "module::kernel" -> func
    SmallVector<gpu::GPUModuleOp> gpuModules(module.getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp gm : gpuModules) {
      for (Operation &op : gm.getBody()->getOperations()) {
        if (auto kernel = dyn_cast<gpu::GPUFuncOp>(op)) {
          if (!kernel.isKernel()) {
            kernel.emitError("mod-gpu-emulate-on-cpu: device functions "
                             "(non-kernel gpu.func) are not supported");
            return signalPassFailure();
          }
          continue;
        }
        if (op.hasTrait<OpTrait::IsTerminator>())
          continue;
        op.emitError("mod-gpu-emulate-on-cpu: unsupported op in gpu.module "
                     "(only kernels are emulated)");
        return signalPassFailure();
      }
      for (auto kernel : gm.getOps<gpu::GPUFuncOp>())
        if (failed(emulator.check(kernel)))
          return signalPassFailure();
    }
    for (gpu::GPUModuleOp gm : gpuModules)
      for (auto kernel : llvm::make_early_inc_range(gm.getOps<gpu::GPUFuncOp>()))
        emulated[(gm.getName() + "::" + kernel.getName()).str()] =
            emulator.emulate(gm, kernel);

    // 2. Host code.
    SmallVector<Operation *> hostOps;
    module.walk([&](Operation *op) {
      if (op->getParentOfType<gpu::GPUModuleOp>() || isa<gpu::GPUModuleOp>(op))
        return;
      if (isa<gpu::GPUDialect>(op->getDialect()))
        hostOps.push_back(op);
    });
    Type tokenType = gpu::AsyncTokenType::get(&getContext());
    for (Operation *op : hostOps) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      for (Value r : op->getResults())
        if (r.getType() == tokenType)
          for (Operation *user : r.getUsers())
            if (!isa<gpu::GPUDialect>(user->getDialect())) {
              user->emitError("mod-gpu-emulate-on-cpu: a GPU async token used "
                              "outside GPU ops is not supported");
              return signalPassFailure();
            }
      if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op)) {
        if (launch.getDynamicSharedMemorySize()) {
          launch.emitError("mod-gpu-emulate-on-cpu: dynamic shared memory is "
                           "not supported");
          return signalPassFailure();
        }
        std::string key = (launch.getKernelModuleName().getValue() + "::" +
                           launch.getKernelName().getValue())
                              .str();
        auto it = emulated.find(key);
        if (it == emulated.end()) {
          launch.emitError("mod-gpu-emulate-on-cpu: no kernel ") << key;
          return signalPassFailure();
        }
        SmallVector<Value> operands(launch.getKernelOperands());
        gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
        gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
        operands.append({grid.x, grid.y, grid.z, block.x, block.y, block.z});
        func::CallOp::create(b, loc, it->second, operands);
      } else if (auto alloc = dyn_cast<gpu::AllocOp>(op)) {
        auto type = alloc.getMemref().getType();
        auto plain = MemRefType::get(type.getShape(), type.getElementType(),
                                     type.getLayout());
        Value m = memref::AllocOp::create(b, loc, plain,
                                          alloc.getDynamicSizes(),
                                          alloc.getSymbolOperands());
        if (plain != type)
          m = memref::MemorySpaceCastOp::create(b, loc, type, m);
        alloc.getMemref().replaceAllUsesWith(m);
      } else if (auto dealloc = dyn_cast<gpu::DeallocOp>(op)) {
        memref::DeallocOp::create(b, loc, dealloc.getMemref());
      } else if (auto copy = dyn_cast<gpu::MemcpyOp>(op)) {
        memref::CopyOp::create(b, loc, copy.getSrc(), copy.getDst());
      } else if (!isa<gpu::WaitOp>(op)) {
        op->emitError("mod-gpu-emulate-on-cpu: host op not supported by the "
                      "CPU emulation");
        return signalPassFailure();
      }
    }
    for (Operation *op : hostOps)
      op->dropAllUses();
    for (Operation *op : llvm::reverse(hostOps))
      op->erase();
    for (gpu::GPUModuleOp gm : gpuModules)
      gm.erase();
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());

    // 3. The runtime GEMM: cuBLAS -> CPU BLAS (same memref contract).
    if (auto gemm = module.lookupSymbol<func::FuncOp>("mod_gpu_matmul")) {
      if (module.lookupSymbol("mod_cpu_matmul")) {
        if (failed(SymbolTable::replaceAllSymbolUses(
                gemm, StringAttr::get(&getContext(), "mod_cpu_matmul"),
                module)))
          return signalPassFailure();
        gemm.erase();
      } else {
        if (failed(SymbolTable::replaceAllSymbolUses(
                gemm, StringAttr::get(&getContext(), "mod_cpu_matmul"),
                module)))
          return signalPassFailure();
        gemm.setName("mod_cpu_matmul");
      }
    }

    // 4. Memory spaces (workgroup/private attributions, casts) are gone.
    AttrTypeReplacer replacer;
    replacer.addReplacement([](MemRefType t) -> std::optional<Type> {
      if (!t.getMemorySpace())
        return std::nullopt;
      return MemRefType::get(t.getShape(), t.getElementType(), t.getLayout());
    });
    replacer.addReplacement([](UnrankedMemRefType t) -> std::optional<Type> {
      if (!t.getMemorySpace())
        return std::nullopt;
      return UnrankedMemRefType::get(t.getElementType(), Attribute());
    });
    replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                          /*replaceLocs=*/false,
                                          /*replaceTypes=*/true);
    // memory_space_cast between now-equal types folds away.
    SmallVector<memref::MemorySpaceCastOp> casts;
    module.walk([&](memref::MemorySpaceCastOp c) { casts.push_back(c); });
    for (auto c : casts)
      if (c.getSource().getType() == c.getType()) {
        c.getResult().replaceAllUsesWith(c.getSource());
        c.erase();
      }
  }
};

} // namespace
