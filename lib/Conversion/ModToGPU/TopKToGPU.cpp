//===- TopKToGPU.cpp - mod.topk -> radix-select GPU kernel ----------------===//
//
// The kernel itself is MLIR source (Kernels/TopKRadixSelect.mlir), embedded
// at build time and cloned into the module on first use; this pass reshapes
// the scores to rows, hands the buffers to the kernel function and wraps the
// results back into tensors.
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/Conversion/ModToGPU/ModToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_CONVERTMODTOPKTOGPU
#define GEN_PASS_DEF_MODLOWERTOPKTOGPU
#include "mod/Conversion/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;

/// The kernel source, `kTopKRadixSelectSource` (generated from
/// Kernels/TopKRadixSelect.mlir).
#include "TopKRadixSelect.inc"

static constexpr llvm::StringLiteral kKernelName = "__mod_gpu_topk_f32";

static LogicalResult checkLowerable(TopKOp op) {
  auto scores = cast<RankedTensorType>(op.getScores().getType());
  for (Type t : op->getResultTypes())
    if (!cast<ShapedType>(t).hasStaticShape())
      return op.emitOpError("cannot be lowered by convert-mod-topk-to-gpu: it "
                            "needs static shapes, got ")
             << t;
  if (!scores.hasStaticShape())
    return op.emitOpError("cannot be lowered by convert-mod-topk-to-gpu: it "
                          "needs static shapes, got ")
           << scores;
  if (!scores.getElementType().isF32())
    return op.emitOpError("cannot be lowered by convert-mod-topk-to-gpu: the "
                          "GPU kernel takes f32 scores, got ")
           << scores.getElementType() << " (convert the router logits to f32)";
  int64_t rows = 1;
  for (int64_t d : scores.getShape().drop_back())
    if (llvm::MulOverflow(rows, d, rows) || rows > (int64_t(1) << 31) - 1)
      return op.emitOpError("cannot be lowered by convert-mod-topk-to-gpu: more "
                            "than 2^31-1 rows (one thread block per row)");
  return success();
}

/// Reassociation that flattens all leading dims into one, or for rank 1
/// adds a unit row dimension.
static Value toRows(OpBuilder &b, Location loc, Value t) {
  auto type = cast<RankedTensorType>(t.getType());
  int64_t rank = type.getRank();
  ArrayRef<int64_t> shape = type.getShape();
  if (rank == 2)
    return t;
  if (rank == 1)
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1, shape[0]}, type.getElementType()), t,
        ArrayRef<ReassociationIndices>{{0, 1}});
  int64_t rows = 1;
  for (int64_t d : shape.drop_back())
    rows *= d;
  ReassociationIndices lead;
  for (int64_t i = 0; i + 1 < rank; ++i)
    lead.push_back(i);
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({rows, shape.back()}, type.getElementType()),
      t, ArrayRef<ReassociationIndices>{lead, {rank - 1}});
}

static Value fromRows(OpBuilder &b, Location loc, Value rows,
                      RankedTensorType type) {
  int64_t rank = type.getRank();
  if (rank == 2)
    return rows;
  if (rank == 1)
    return tensor::CollapseShapeOp::create(b, loc, type, rows,
                                           ArrayRef<ReassociationIndices>{{0, 1}});
  ReassociationIndices lead;
  for (int64_t i = 0; i + 1 < rank; ++i)
    lead.push_back(i);
  return tensor::ExpandShapeOp::create(
      b, loc, type, rows, ArrayRef<ReassociationIndices>{lead, {rank - 1}});
}

namespace {
template <typename BaseT>
struct ConvertModTopKToGPUImpl : public BaseT {
  using BaseT::BaseT;

  /// Returns the kernel function, declaring it on first use.
  func::FuncOp getOrDeclareKernel(ModuleOp module) {
    if (auto f = module.lookupSymbol<func::FuncOp>(kKernelName))
      return f;
    MLIRContext *ctx = &this->getContext();
    int64_t d = ShapedType::kDynamic;
    Type f32 = Float32Type::get(ctx), i64 = IntegerType::get(ctx, 64);
    auto type = FunctionType::get(
        ctx,
        {MemRefType::get({d, d}, f32), MemRefType::get({d, d}, f32),
         MemRefType::get({d, d}, i64)},
        {});
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto f = func::FuncOp::create(b, module.getLoc(), kKernelName, type);
    f.setPrivate();
    return f;
  }

  /// Gives a declared kernel function its body (the embedded source).
  LogicalResult defineKernel(ModuleOp module) {
    auto decl = module.lookupSymbol<func::FuncOp>(kKernelName);
    if (!decl || !decl.isDeclaration())
      return success();
    ParserConfig config(&this->getContext());
    OwningOpRef<ModuleOp> parsed = parseSourceString<ModuleOp>(
        kTopKRadixSelectSource, config, "TopKRadixSelect.mlir");
    func::FuncOp src =
        parsed ? parsed->lookupSymbol<func::FuncOp>(kKernelName) : nullptr;
    if (!src || src.getFunctionType() != decl.getFunctionType())
      return module.emitError("convert-mod-topk-to-gpu: internal error: the "
                              "embedded top-k kernel does not parse or does "
                              "not match its declaration");
    decl.getBody().takeBody(src.getBody());
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = this->getOperation();
    SmallVector<TopKOp> ops;
    bool ok = true;
    module.walk([&](TopKOp op) {
      ok &= succeeded(checkLowerable(op));
      ops.push_back(op);
    });
    if (!ok)
      return this->signalPassFailure();
    if (!ops.empty())
      lowerAll(ops, getOrDeclareKernel(module));
    if (this->kernelBody && failed(defineKernel(module)))
      this->signalPassFailure();
  }

  void lowerAll(ArrayRef<TopKOp> ops, func::FuncOp kernel) {

    IRRewriter rewriter(&this->getContext());
    for (TopKOp op : ops) {
      Location loc = op.getLoc();
      rewriter.setInsertionPoint(op);
      Value scores = toRows(rewriter, loc, op.getScores());
      auto scoresType = cast<RankedTensorType>(scores.getType());
      int64_t rows = scoresType.getDimSize(0), seq = scoresType.getDimSize(1);
      int64_t k = op.getK();
      Type f32 = rewriter.getF32Type(), i64 = rewriter.getI64Type();
      Value scoresBuf = bufferization::ToBufferOp::create(
          rewriter, loc, MemRefType::get({rows, seq}, f32), scores,
          /*read_only=*/true);
      auto valuesBufType = MemRefType::get({rows, k}, f32);
      auto indicesBufType = MemRefType::get({rows, k}, i64);
      Value values = memref::AllocOp::create(rewriter, loc, valuesBufType);
      Value indices = memref::AllocOp::create(rewriter, loc, indicesBufType);
      auto dyn = [&](Value v, Type elt) -> Value {
        return memref::CastOp::create(
            rewriter, loc,
            MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic}, elt),
            v);
      };
      func::CallOp::create(rewriter, loc, kernel,
                           ValueRange{dyn(scoresBuf, f32), dyn(values, f32),
                                      dyn(indices, i64)});
      Value valuesT = bufferization::ToTensorOp::create(
          rewriter, loc, RankedTensorType::get({rows, k}, f32), values,
          /*restrict=*/true, /*writable=*/true);
      Value indicesT = bufferization::ToTensorOp::create(
          rewriter, loc, RankedTensorType::get({rows, k}, i64), indices,
          /*restrict=*/true, /*writable=*/true);
      rewriter.replaceOp(
          op, ValueRange{fromRows(rewriter, loc, valuesT,
                                  cast<RankedTensorType>(op.getValues().getType())),
                         fromRows(rewriter, loc, indicesT,
                                  cast<RankedTensorType>(op.getIndices().getType()))});
    }
  }
};

struct ConvertModTopKToGPUPass
    : ConvertModTopKToGPUImpl<
          mod::impl::ConvertModTopKToGPUBase<ConvertModTopKToGPUPass>> {
  using ConvertModTopKToGPUImpl::ConvertModTopKToGPUImpl;
};
struct ModLowerTopKToGPUPass
    : ConvertModTopKToGPUImpl<
          mod::impl::ModLowerTopKToGPUBase<ModLowerTopKToGPUPass>> {
  using ConvertModTopKToGPUImpl::ConvertModTopKToGPUImpl;
};
} // namespace
