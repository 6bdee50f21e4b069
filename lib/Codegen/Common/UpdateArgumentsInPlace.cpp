//===- UpdateArgumentsInPlace.cpp - results that update an argument -------===//
//
// A decode step takes its key/value caches as tensor arguments and returns
// them with one slot written. As values, each call copies every cache into
// a fresh buffer (and the caller copies the result back). This pass changes
// the calling convention so that the caller's buffers are updated instead:
// a result that is an update of an argument (computed from it through ops
// that write into their destination) is dropped, and the argument becomes
// a memref that the function reads through a `restrict writable`
// `bufferization.to_tensor` and writes with
// `bufferization.materialize_in_destination`. One-Shot Bufferize then does
// the update in the caller's buffer.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/Common/Passes.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODUPDATEARGUMENTSINPLACE
#include "mod/Codegen/Common/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

static constexpr llvm::StringLiteral kUpdatedInPlace = "mod.updated_in_place";

/// The argument of `func` whose buffer `v` is an update of, if any: the
/// chain from `v` through destination operands (destination-style ops) or
/// the single aliasing operand of a bufferizable op, back to an entry block
/// argument. Null with `why` set otherwise.
static BlockArgument updatedArgument(Value v, func::FuncOp func,
                                     const bufferization::AnalysisState &state,
                                     std::string &why) {
  const bufferization::BufferizationOptions &options = state.getOptions();
  while (true) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner() == &func.getBody().front())
        return arg;
      why = "it is a block argument of a nested region";
      return {};
    }
    auto result = cast<OpResult>(v);
    Operation *op = result.getOwner();
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op)) {
      v = dps.getTiedOpOperand(result)->get();
      continue;
    }
    // A loop's result is carried from its init (scf.for iter_args).
    if (auto loop = dyn_cast<LoopLikeOpInterface>(op)) {
      std::optional<ResultRange> results = loop.getLoopResults();
      if (results && !results->empty()) {
        v = loop.getInitsMutable()[result.getResultNumber()].get();
        continue;
      }
    }
    if (bufferization::BufferizableOpInterface bufferizable =
            options.dynCastBufferizableOp(op)) {
      bufferization::AliasingOpOperandList aliases =
          bufferizable.getAliasingOpOperands(result, state);
      if (aliases.getNumAliases() == 1 && aliases.begin()->isDefinite) {
        v = aliases.begin()->opOperand->get();
        continue;
      }
    }
    why = ("it is a new value: its chain of destinations starts at '" +
           op->getName().getStringRef() + "', not at an argument")
              .str();
    return {};
  }
}

namespace {
struct UpdateArgumentsInPlace
    : public mod::impl::ModUpdateArgumentsInPlaceBase<UpdateArgumentsInPlace> {
  using Base::Base;

  void runOnOperation() override {
    bufferization::BufferizationOptions options;
    bufferization::AnalysisState state(options);
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        rewrite(func, state);
  }

  void rewrite(func::FuncOp func, const bufferization::AnalysisState &state) {
    auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
    // result index -> argument index it updates
    SmallVector<std::pair<unsigned, unsigned>> updates;
    llvm::SmallDenseSet<unsigned> taken;
    SmallString<256> kept;
    llvm::raw_svector_ostream keptOs(kept);
    for (OpOperand &operand : ret->getOpOperands()) {
      unsigned r = operand.getOperandNumber();
      auto type = dyn_cast<RankedTensorType>(operand.get().getType());
      if (!type)
        continue;
      std::string why;
      BlockArgument arg = updatedArgument(operand.get(), func, state, why);
      if (arg && arg.getType() != type)
        why = "the argument it updates has another type";
      else if (arg && taken.contains(arg.getArgNumber()))
        why = "argument #" + std::to_string(arg.getArgNumber()) +
              " is already updated by an earlier result";
      if (!why.empty() || !arg) {
        keptOs << "\n  result #" << r << " stays a result: " << why;
        continue;
      }
      taken.insert(arg.getArgNumber());
      updates.push_back({r, arg.getArgNumber()});
    }
    if (report) {
      SmallString<256> msg;
      llvm::raw_svector_ostream os(msg);
      os << "@" << func.getSymName() << ": " << updates.size()
         << " result(s) now update arguments in place";
      for (auto [r, a] : updates)
        os << "\n  result #" << r << " -> argument #" << a;
      os << kept;
      func.emitRemark(msg);
    }
    if (updates.empty())
      return;

    OpBuilder b(func.getContext());
    Block &entry = func.getBody().front();
    b.setInsertionPointToStart(&entry);
    llvm::BitVector dropped(ret->getNumOperands());
    SmallVector<std::pair<Value, BlockArgument>> writes;
    for (auto [r, a] : updates) {
      BlockArgument arg = func.getArgument(a);
      auto tensorType = cast<RankedTensorType>(arg.getType());
      auto memrefType =
          MemRefType::get(tensorType.getShape(), tensorType.getElementType());
      arg.setType(memrefType);
      auto read = bufferization::ToTensorOp::create(
          b, arg.getLoc(), tensorType, arg, /*restrict=*/true,
          /*writable=*/true);
      arg.replaceAllUsesExcept(read.getResult(), read);
      func.removeArgAttr(a, bufferization::BufferizationDialect::
                                kWritableAttrName);
      func.setArgAttr(a, kUpdatedInPlace, b.getUnitAttr());
      writes.push_back({ret.getOperand(r), arg});
      dropped.set(r);
    }
    b.setInsertionPoint(ret);
    for (auto [value, arg] : writes) {
      bufferization::MaterializeInDestinationOp::create(
          b, ret.getLoc(), TypeRange{}, value, arg, /*restrict=*/false,
          /*writable=*/true);
    }
    ret->eraseOperands(dropped);
    if (failed(func.eraseResults(dropped))) // also their attributes
      return signalPassFailure();
    SmallVector<Type> inputs(entry.getArgumentTypes());
    func.setType(FunctionType::get(func.getContext(), inputs,
                                   func.getResultTypes()));
  }
};
} // namespace
