// Builds a routed block with the C++ API, verifies it, prints it, and runs
// a mod pass through a PassManager built from a pipeline string.
#include "mod/Dialect/Mod/IR/ModDialect.h"
#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/InitMod.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

int main() {
  DialectRegistry registry;
  registry.insert<func::FuncDialect>();
  mod::registerModDialects(registry);
  mod::registerModAllPasses();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  ModuleOp module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto xType = RankedTensorType::get({1, 10, 8}, b.getF32Type());
  auto wType = RankedTensorType::get({8}, b.getF32Type());
  auto fn = func::FuncOp::create(b, loc, "layer",
                                 b.getFunctionType({xType, wType}, {xType}));
  Block *entry = fn.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  auto routed = mod::RoutedBlockOp::create(b, loc, entry->getArgument(0),
                                           entry->getArgument(1), Value(),
                                           /*capacity=*/0.3, "sigmoid");
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&routed.getBodyBlock());
    mod::YieldOp::create(b, loc, ValueRange{routed.getSelectedTokens()});
  }
  func::ReturnOp::create(b, loc, routed.getResult());

  if (failed(verify(module))) {
    llvm::errs() << "consumer: verification failed\n";
    return 1;
  }
  llvm::outs() << "consumer: k = " << routed.getK() << "\n";
  module.print(llvm::outs());
  llvm::outs() << "\n";
  llvm::outs().flush(); // the pass reports on stderr

  // Passes are reachable both by constructor and by pipeline string.
  PassManager pm(&context);
  pm.addPass(mod::createModRoutingReport());
  if (failed(parsePassPipeline("mod-routing-report", pm)) ||
      failed(pm.run(module))) {
    llvm::errs() << "consumer: pipeline failed\n";
    return 1;
  }
  module->erase();
  return 0;
}
