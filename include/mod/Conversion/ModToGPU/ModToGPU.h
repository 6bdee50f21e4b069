//===- ModToGPU.h - mod.topk to a GPU kernel --------------------*- C++ -*-===//
#ifndef MOD_CONVERSION_MODTOGPU_MODTOGPU_H
#define MOD_CONVERSION_MODTOGPU_MODTOGPU_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace mod {

#define GEN_PASS_DECL_CONVERTMODTOPKTOGPU
#define GEN_PASS_DECL_MODLOWERTOPKTOGPU
#include "mod/Conversion/Passes.h.inc"

} // namespace mod
} // namespace mlir

#endif // MOD_CONVERSION_MODTOGPU_MODTOGPU_H
