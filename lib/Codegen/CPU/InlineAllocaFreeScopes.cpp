//===- InlineAllocaFreeScopes.cpp - drop alloca scopes that free nothing --===//
//
// convert-scf-to-openmp wraps every parallel loop body in a
// memref.alloca_scope. Upstream's canonicalization inlines such a scope only
// when it can prove the body allocates nothing on the stack, and a call (to
// the runtime's GEMM) defeats that proof. The scope then stays, and once
// scf-to-cf turns loops inside it into blocks, it is no longer the single
// block an alloca_scope must be. Our generated code allocates buffers on the
// heap (memref.alloc) and the runtime's functions free their own stack, so a
// scope whose body holds no stack allocation of its own has nothing to free:
// this pass inlines those.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODINLINEALLOCAFREESCOPES
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

/// True if `scope` itself (not a nested allocation scope) holds a stack
/// allocation.
static bool allocatesOnStack(memref::AllocaScopeOp scope) {
  WalkResult result =
      scope.getBodyRegion().walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (op != scope.getOperation() &&
            op->hasTrait<OpTrait::AutomaticAllocationScope>())
          return WalkResult::skip();
        if (isa<memref::AllocaOp, LLVM::AllocaOp>(op))
          return WalkResult::interrupt();
        return WalkResult::advance();
      });
  return result.wasInterrupted();
}

namespace {
struct ModInlineAllocaFreeScopesPass
    : public mod::impl::ModInlineAllocaFreeScopesBase<
          ModInlineAllocaFreeScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation().walk([&](memref::AllocaScopeOp scope) {
      if (!allocatesOnStack(scope))
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : scopes) {
      Block *body = &scope.getBodyRegion().front();
      auto ret = cast<memref::AllocaScopeReturnOp>(body->getTerminator());
      SmallVector<Value> results(ret.getResults());
      rewriter.eraseOp(ret);
      rewriter.inlineBlockBefore(body, scope);
      rewriter.replaceOp(scope, results);
    }
  }
};
} // namespace
