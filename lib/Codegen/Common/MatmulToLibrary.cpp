//===- MatmulToLibrary.cpp - linalg matmuls -> a BLAS entry point ---------===//
//
// The dense GEMMs dominate a layer. On the GPU path the runtime's cuBLAS call
// (runtime/CudaRuntime.cpp, `mod_gpu_matmul`) reaches the vendor's peak,
// which naive one-thread-per-output loops are far from; on CPUs the same
// call shape goes to a CPU BLAS (runtime/CpuBlas.cpp, `mod_cpu_matmul`). The
// call takes rank-3 strided memref descriptors (C interface) so one entry
// point covers matmul and batch_matmul with any row/column-major views.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/Common/LibraryMatmul.h"
#include "mod/Codegen/Common/Passes.h"
#include "mod/Codegen/Common/RuntimeLibraries.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODMATMULTOLIBRARY
#include "mod/Codegen/Common/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

static MemRefType genericRank3(MLIRContext *ctx) {
  int64_t d = ShapedType::kDynamic;
  return MemRefType::get(
      {d, d, d}, Float32Type::get(ctx),
      StridedLayoutAttr::get(ctx, d, ArrayRef<int64_t>{d, d, d}));
}

/// Why `op` cannot become a cuBLAS call, or an empty string.
static std::string whyNot(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics())
    return "it is not on buffers";
  if (!mod::getLibraryMatmulTransposes(op))
    return "its indexing maps are not the default ones up to transposed "
           "operands";
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    auto type = dyn_cast<MemRefType>(v.getType());
    if (!type || !type.getElementType().isF32())
      return "its operands are not all f32 memrefs";
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(type.getStridesAndOffset(strides, offset)))
      return "an operand has a non-strided layout";
    int64_t rank = type.getRank();
    bool lastUnit = strides[rank - 1] == 1;
    bool prevUnit = strides[rank - 2] == 1;
    if (i == 2 ? !lastUnit : !(lastUnit || prevUnit))
      return "an operand has no unit stride in its matrix dimensions "
             "(cuBLAS needs row- or column-major matrices)";
  }
  return "";
}

/// `v` viewed as memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>.
static FailureOr<Value> asRank3(OpBuilder &b, Location loc, Value v) {
  auto type = cast<MemRefType>(v.getType());
  if (type.getRank() == 2) {
    SmallVector<int64_t> shape{1, type.getDimSize(0), type.getDimSize(1)};
    SmallVector<ReassociationIndices> reassoc{{0, 1}, {2}};
    FailureOr<MemRefType> expanded =
        memref::ExpandShapeOp::computeExpandedType(type, shape, reassoc);
    if (failed(expanded) || !type.hasStaticShape())
      return failure();
    v = memref::ExpandShapeOp::create(b, loc, *expanded, v, reassoc);
  }
  return memref::CastOp::create(b, loc, genericRank3(b.getContext()), v)
      .getResult();
}

namespace {
/// Whether `op`'s output buffer `c` holds +0.0 everywhere when `op` runs,
/// because of the op right before it; returns that op (to erase): a
/// linalg.fill of +0.0 into `c`, or a memref.copy into `c` from an
/// allocation that one earlier +0.0 fill in the same block writes and
/// nothing else touches before the copy but other copies reading it
/// (bufferization's copies of a zero-filled tensor shared by several
/// matmuls; the last of them may reuse the buffer itself, after them).
static Operation *zeroInitOf(linalg::LinalgOp op, Value c) {
  auto isPositiveZeroFill = [](linalg::FillOp fill) {
    FloatAttr value;
    return fill.hasPureBufferSemantics() &&
           matchPattern(fill.getDpsInputOperand(0)->get(),
                        m_Constant(&value)) &&
           value.getValue().isPosZero();
  };
  Operation *prev = op->getPrevNode();
  if (auto fill = dyn_cast_or_null<linalg::FillOp>(prev))
    return fill.getDpsInitOperand(0)->get() == c && isPositiveZeroFill(fill)
               ? fill.getOperation()
               : nullptr;
  auto copy = dyn_cast_or_null<memref::CopyOp>(prev);
  if (!copy || copy.getTarget() != c ||
      !copy.getSource().getDefiningOp<memref::AllocOp>())
    return nullptr;
  Value zeros = copy.getSource();
  Block *block = copy->getBlock();
  linalg::FillOp writer;
  for (Operation *user : zeros.getUsers()) {
    auto read = dyn_cast<memref::CopyOp>(user);
    if ((read && read.getSource() == zeros && read.getTarget() != zeros) ||
        isa<memref::DeallocOp>(user))
      continue;
    // Any other use (a write, a view) must come after this copy.
    Operation *at = block->findAncestorOpInBlock(*user);
    if (at && copy->isBeforeInBlock(at))
      continue;
    auto fill = dyn_cast<linalg::FillOp>(user);
    if (writer || !fill || fill->getBlock() != block ||
        fill.getDpsInitOperand(0)->get() != zeros || !isPositiveZeroFill(fill))
      return nullptr;
    writer = fill;
  }
  if (!writer || !writer->isBeforeInBlock(copy))
    return nullptr;
  return copy;
}

struct ModMatmulToLibraryPass
    : public mod::impl::ModMatmulToLibraryBase<ModMatmulToLibraryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op.getOperation()))
        return;
      std::string why = whyNot(op);
      if (why.empty())
        ops.push_back(op);
      else
        op->emitRemark("mod-matmul-to-library: left as a "
                       "linalg op: ")
            << why;
    });
    if (ops.empty())
      return;
    if (callee.empty()) {
      module.emitError("mod-matmul-to-library: callee= is empty (use "
                       "mod_cpu_matmul or mod_gpu_matmul)");
      return signalPassFailure();
    }

    MLIRContext *ctx = &getContext();
    Type argType = genericRank3(ctx);
    auto gemmType = FunctionType::get(ctx, {argType, argType, argType}, {});
    // The callee's declaration (created on first use).
    auto declare = [&](StringRef name) -> func::FuncOp {
      Operation *existing = module.lookupSymbol(name);
      auto decl = dyn_cast_or_null<func::FuncOp>(existing);
      if (existing && (!decl || decl.getFunctionType() != gemmType)) {
        existing->emitError("mod-matmul-to-library: symbol @")
            << name << " exists but is not a function of type " << gemmType;
        return nullptr;
      }
      if (!decl) {
        OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
        decl = func::FuncOp::create(b, module.getLoc(), name, gemmType);
        decl.setPrivate();
        decl->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(ctx));
      }
      return decl;
    };
    func::FuncOp decl = declare(callee);
    if (!decl)
      return signalPassFailure();
    func::FuncOp overwriteDecl;
    SetVector<Value> zeroBuffers;
    IRRewriter rewriter(ctx);
    bool calls = false;
    for (linalg::LinalgOp op : ops) {
      // Before the operand views below are inserted in front of `op`.
      Operation *zeroInit = overwriteCallee.empty()
                                ? nullptr
                                : zeroInitOf(op, op->getOperand(2));
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      SmallVector<Value> args;
      mod::MatmulTransposes transposes = *mod::getLibraryMatmulTransposes(op);
      for (auto [i, v] : llvm::enumerate(op->getOperands())) {
        // A transposed operand: the same buffer seen with its matrix
        // strides swapped (the GEMM reads column-major operands).
        if ((i == 0 && transposes.a) || (i == 1 && transposes.b)) {
          int64_t rank = cast<MemRefType>(v.getType()).getRank();
          SmallVector<unsigned> perm;
          for (int64_t d = 0; d < rank - 2; ++d)
            perm.push_back(d);
          perm.push_back(rank - 1);
          perm.push_back(rank - 2);
          v = memref::TransposeOp::create(
              rewriter, loc, v,
              AffineMapAttr::get(AffineMap::getPermutationMap(
                  perm, rewriter.getContext())));
        }
        FailureOr<Value> view = asRank3(rewriter, loc, v);
        if (failed(view))
          break;
        args.push_back(*view);
      }
      if (args.size() != 3) {
        op->emitRemark("mod-matmul-to-library: left as a "
                       "linalg op: an operand cannot be viewed as a batch "
                       "of one matrix");
        continue;
      }
      // C = A x B where the output was just zero-filled: the fill (or
      // the copy of a zero-filled buffer) goes, the callee overwrites C.
      func::FuncOp target = decl;
      if (zeroInit) {
        if (!overwriteDecl && !(overwriteDecl = declare(overwriteCallee)))
          return signalPassFailure();
        if (auto copy = dyn_cast<memref::CopyOp>(zeroInit))
          zeroBuffers.insert(copy.getSource());
        rewriter.eraseOp(zeroInit);
        target = overwriteDecl;
      }
      func::CallOp::create(rewriter, loc, target, args);
      rewriter.eraseOp(op);
      calls = true;
    }
    // Zero-filled buffers nothing reads any more: gone with their fill.
    for (Value zeros : zeroBuffers) {
      if (!llvm::all_of(zeros.getUsers(), [](Operation *user) {
            return isa<linalg::FillOp, memref::DeallocOp>(user);
          }))
        continue;
      for (Operation *user : llvm::make_early_inc_range(zeros.getUsers()))
        rewriter.eraseOp(user);
      rewriter.eraseOp(zeros.getDefiningOp());
    }
    if (calls && !library.empty())
      mod::recordRuntimeLibrary(module, library);
  }
};
} // namespace
