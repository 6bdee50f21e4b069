//===- ModTransformOps.cpp - Transform dialect ops of mod-mlir ------------===//

#include "mod/Dialect/Mod/TransformOps/ModTransformOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

using namespace mlir;

LogicalResult transform::FuseConsumerIntoLoopsOp::verify() {
  if (getLoops().empty())
    return emitOpError("needs at least one loop handle");
  return success();
}

void transform::FuseConsumerIntoLoopsOp::getEffects(
    SmallVectorImpl<MemoryEffects::EffectInstance> &effects) {
  consumesHandle(getConsumerMutable(), effects);
  onlyReadsHandle(getLoopsMutable(), effects);
  producesHandle(getOperation()->getOpResults(), effects);
  modifiesPayload(effects);
}

DiagnosedSilenceableFailure transform::FuseConsumerIntoLoopsOp::apply(
    transform::TransformRewriter &rewriter, transform::TransformResults &results,
    transform::TransformState &state) {
  SmallVector<LoopLikeOpInterface> loops;
  for (Value handle : getLoops()) {
    auto payload = llvm::to_vector(state.getPayloadOps(handle));
    if (payload.size() != 1)
      return emitDefiniteFailure()
             << "expects each loop handle to map to exactly one loop, got "
             << payload.size() << " payload ops";
    auto loop = dyn_cast<LoopLikeOpInterface>(payload.front());
    if (!loop)
      return emitSilenceableError()
             << "expects loops, got '" << payload.front()->getName() << "'";
    loops.push_back(loop);
  }

  SmallVector<Operation *> fused;
  for (Operation *consumer : state.getPayloadOps(getConsumer())) {
    rewriter.setInsertionPoint(consumer);
    FailureOr<scf::SCFFuseConsumerOfSliceResult> result =
        scf::tileAndFuseConsumer(rewriter, consumer, loops);
    if (failed(result) || result->tiledOps.empty())
      return emitSilenceableError()
             << "could not fuse '" << consumer->getName()
             << "' into the loop nest: it must use a result of the outermost "
                "loop, and the tile of that operand must map to one tile of "
                "its iteration space";
    fused.push_back(result->tiledOps.front());
    if (consumer->use_empty())
      rewriter.eraseOp(consumer);
  }
  results.set(cast<OpResult>(getFusedConsumer()), fused);
  return DiagnosedSilenceableFailure::success();
}

#define GET_OP_CLASSES
#include "mod/Dialect/Mod/TransformOps/ModTransformOps.cpp.inc"

namespace {
class ModTransformDialectExtension
    : public transform::TransformDialectExtension<
          ModTransformDialectExtension> {
public:
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ModTransformDialectExtension)
  using Base::Base;

  void init() {
    declareGeneratedDialect<scf::SCFDialect>();
    declareGeneratedDialect<tensor::TensorDialect>();
    registerTransformOps<
#define GET_OP_LIST
#include "mod/Dialect/Mod/TransformOps/ModTransformOps.cpp.inc"
        >();
  }
};
} // namespace

void mlir::mod::registerTransformDialectExtension(DialectRegistry &registry) {
  registry.addExtensions<ModTransformDialectExtension>();
}
