//===- RoutingReport.cpp - Summarise the routing in a module --------------===//
//
// Prints, for every mod.routed_block, the shape it routes, its capacity, k,
// gate, and the compute it keeps (docs/Semantics.md section 3).
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODROUTINGREPORT
#include "mod/Dialect/Mod/Transforms/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;

namespace {
struct ModRoutingReportPass
    : public mod::impl::ModRoutingReportBase<ModRoutingReportPass> {
  void runOnOperation() override;
};
} // namespace

/// The symbol name of the closest enclosing symbol (function), or "<module>".
static StringRef enclosingSymbolName(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp())
    if (auto name = parent->getAttrOfType<StringAttr>(
            SymbolTable::getSymbolAttrName()))
      return name.getValue();
  return "<module>";
}

void ModRoutingReportPass::runOnOperation() {
  llvm::raw_ostream &os = llvm::errs();
  SmallVector<RoutedBlockOp> blocks;
  getOperation().walk([&](RoutedBlockOp op) { blocks.push_back(op); });
  unsigned numRouters = 0, numTopK = 0, numGathers = 0, numScatters = 0;
  getOperation().walk([&](Operation *op) {
    numRouters += isa<RouterOp>(op);
    numTopK += isa<TopKOp>(op);
    numGathers += isa<GatherOp>(op);
    numScatters += isa<ScatterAddOp>(op);
  });
  unsigned numFuncs = 0;
  getOperation().walk([&](func::FuncOp) { ++numFuncs; });

  os << "mod-routing-report: " << blocks.size() << " routed block(s) in "
     << numFuncs << " function(s)\n";
  unsigned index = 0;
  for (RoutedBlockOp op : blocks) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    int64_t seqLen = type.getDimSize(1);
    int64_t k = op.getK();
    double kept = static_cast<double>(k) / static_cast<double>(seqLen);
    unsigned bodyOps = 0;
    op.getBodyBlock().walk([&](Operation *) { ++bodyOps; });
    os << "  @" << enclosingSymbolName(op) << "  block #" << index++ << ": B=";
    if (type.isDynamicDim(0))
      os << "?";
    else
      os << type.getDimSize(0);
    os << " S=" << seqLen << " D=" << type.getDimSize(2) << " "
       << type.getElementType() << " capacity="
       << llvm::format("%g", op.getCapacity().convertToDouble()) << " k=" << k
       << " gate=" << stringifyGateKind(op.getGateKind())
       << (op.getRouterBias() ? " bias=yes" : " bias=no")
       << " body-ops=" << bodyOps - 1 // the walk counts the terminator too
       << llvm::format("  tokens kept %.1f%%", 100.0 * kept)
       << llvm::format("  (linear FLOPs x%.3f, attention FLOPs x%.3f)\n", kept,
                       kept * kept);
  }
  os << "  primitive ops: " << numRouters << " mod.router, " << numTopK
     << " mod.topk, " << numGathers << " mod.gather, " << numScatters
     << " mod.scatter_add\n";
  markAllAnalysesPreserved();
}
