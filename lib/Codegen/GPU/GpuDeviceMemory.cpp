//===- GpuDeviceMemory.cpp - host buffers that GPU kernels can reach ------===//
//
// mod-gpu-pipeline keeps every host-side buffer in CUDA managed memory
// (`gpu.alloc host_shared`): kernels, the runtime's cuBLAS call and the host
// (printing, returned results, copies of constants) all see the same
// pointer, and the driver migrates pages on demand.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODGPUDEVICEMEMORY
#include "mod/Codegen/GPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

static bool inKernel(Operation *op) {
  return op->getParentOfType<gpu::LaunchOp>() ||
         op->getParentOfType<gpu::GPUModuleOp>();
}

namespace {
/// Decides whether a buffer is only ever touched by the device (kernels,
/// the runtime's GEMM) or also by host code: device-only buffers can be
/// plain, stream-ordered device memory; the others must be managed.
class DeviceOnlyAnalysis {
public:
  explicit DeviceOnlyAnalysis(ModuleOp module) : module(module) {}

  bool isDeviceOnly(Value buffer) {
    SmallVector<Value> work{buffer};
    llvm::SmallPtrSet<Value, 8> seen;
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (!seen.insert(v).second)
        continue;
      for (OpOperand &use : v.getUses()) {
        Operation *user = use.getOwner();
        if (isa<gpu::LaunchOp, gpu::LaunchFuncOp>(user) || inKernel(user) ||
            isa<memref::DeallocOp, gpu::DeallocOp, memref::DimOp,
                memref::ExtractAlignedPointerAsIndexOp>(user))
          continue;
        if (isa<ViewLikeOpInterface, memref::ExtractStridedMetadataOp>(user)) {
          work.push_back(user->getResult(0));
          continue;
        }
        if (auto call = dyn_cast<func::CallOp>(user)) {
          if (call.getCallee() == "mod_gpu_matmul")
            continue;
          auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
          if (callee && !callee.isDeclaration() &&
              argIsDeviceOnly(callee, use.getOperandNumber()))
            continue;
        }
        return false;
      }
    }
    return true;
  }

private:
  bool argIsDeviceOnly(func::FuncOp f, unsigned i) {
    auto key = std::make_pair(f.getOperation(), i);
    auto it = memo.find(key);
    if (it != memo.end())
      return it->second;
    memo[key] = false; // recursion: assume the worst
    bool result = isDeviceOnly(f.getArgument(i));
    memo[key] = result;
    return result;
  }

  ModuleOp module;
  llvm::DenseMap<std::pair<Operation *, unsigned>, bool> memo;
};
} // namespace

namespace {
struct ModGpuDeviceMemoryPass
    : public mod::impl::ModGpuDeviceMemoryBase<ModGpuDeviceMemoryPass> {
  using Base::Base;

  /// Host stack buffers are not reachable from a kernel.
  LogicalResult checkAllocas() {
    bool ok = true;
    getOperation().walk([&](memref::AllocaOp alloca) {
      if (inKernel(alloca))
        return;
      for (Operation *user : alloca->getUsers())
        if (isa<gpu::LaunchOp>(user) || user->getParentOfType<gpu::LaunchOp>()) {
          alloca.emitError("mod-gpu-device-memory: a host stack buffer "
                           "(memref.alloca) is used by a GPU kernel; "
                           "allocate it with memref.alloc");
          ok = false;
          return;
        }
    });
    return success(ok);
  }

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    if (failed(checkAllocas()))
      return signalPassFailure();
    if (stageGlobals) {
      // Buffer copies made by bufferization run on the device: linalg.copy
      // becomes a parallel loop kernel later.
      SmallVector<memref::CopyOp> copies;
      getOperation().walk([&](memref::CopyOp op) {
        if (!inKernel(op))
          copies.push_back(op);
      });
      for (memref::CopyOp op : copies) {
        rewriter.setInsertionPoint(op);
        rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                    op.getTarget());
      }
      // Constants live in the host image (read-only pages the driver cannot
      // map): read them through a managed copy.
      SmallVector<memref::GetGlobalOp> globals;
      getOperation().walk([&](memref::GetGlobalOp op) {
        if (!inKernel(op))
          globals.push_back(op);
      });
      for (memref::GetGlobalOp op : globals) {
        rewriter.setInsertionPointAfter(op);
        auto type = cast<MemRefType>(op.getType());
        if (!type.getLayout().isIdentity() || !type.hasStaticShape()) {
          op.emitError("mod-gpu-device-memory: cannot stage global of type ")
              << type << " for the GPU (needs a static identity layout)";
          return signalPassFailure();
        }
        Value copy = memref::AllocOp::create(rewriter, op.getLoc(), type);
        rewriter.replaceAllUsesWith(op.getResult(), copy);
        memref::CopyOp::create(rewriter, op.getLoc(), op.getResult(), copy);
      }
      return;
    }

    // After gpu-async-region: managed allocations cannot be stream-ordered
    // (gpu-to-llvm rejects `gpu.alloc async host_shared`); allocate them
    // synchronously and pass the dependency on.
    SmallVector<gpu::AllocOp> asyncShared;
    getOperation().walk([&](gpu::AllocOp op) {
      if (op.getHostShared() && op.getAsyncToken())
        asyncShared.push_back(op);
    });
    for (gpu::AllocOp op : asyncShared) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      auto sync = gpu::AllocOp::create(
          rewriter, loc, op.getMemref().getType(), Type(), ValueRange(),
          op.getDynamicSizes(), op.getSymbolOperands(), /*hostShared=*/true);
      Type token = gpu::AsyncTokenType::get(&getContext());
      Value after =
          gpu::WaitOp::create(rewriter, loc, token, op.getAsyncDependencies())
              .getAsyncToken();
      rewriter.replaceOp(op, ValueRange{sync.getMemref(), after});
    }

    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::DeallocOp>(op) && !inKernel(op))
        ops.push_back(op);
    });
    DeviceOnlyAnalysis analysis(getOperation());
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        bool shared = !analysis.isDeviceOnly(alloc.getResult());
        auto gpuAlloc = gpu::AllocOp::create(
            rewriter, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
            /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
            alloc.getSymbolOperands(), /*hostShared=*/shared);
        rewriter.replaceOp(alloc, gpuAlloc.getMemref());
      } else {
        auto dealloc = cast<memref::DeallocOp>(op);
        // gpu-to-llvm lowers only the async form: free on a stream, wait.
        Location loc = dealloc.getLoc();
        Type token = gpu::AsyncTokenType::get(&getContext());
        Value stream = gpu::WaitOp::create(rewriter, loc, token, ValueRange())
                           .getAsyncToken();
        Value freed = gpu::DeallocOp::create(rewriter, loc, token,
                                             ValueRange{stream},
                                             dealloc.getMemref())
                          .getAsyncToken();
        gpu::WaitOp::create(rewriter, loc, Type(), ValueRange{freed});
        rewriter.eraseOp(dealloc);
      }
    }
  }
};
} // namespace
