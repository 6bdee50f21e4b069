//===- Passes.h - mod-mlir conversion passes --------------------*- C++ -*-===//
//
// All conversion passes of mod-mlir (one header per conversion) and their
// registration, `registerModConversionPasses()`.
//
//===----------------------------------------------------------------------===//
#ifndef MOD_CONVERSION_PASSES_H
#define MOD_CONVERSION_PASSES_H

#include "mod/Conversion/ModToGPU/ModToGPU.h"
#include "mod/Conversion/ModToLinalg/ModToLinalg.h"
#include "mod/Conversion/TMTensorToLinalg/TMTensorToLinalg.h"

namespace mlir {
namespace mod {

#define GEN_PASS_REGISTRATION
#include "mod/Conversion/Passes.h.inc"

} // namespace mod
} // namespace mlir

#endif // MOD_CONVERSION_PASSES_H
