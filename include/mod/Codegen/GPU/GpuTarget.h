//===- GpuTarget.h - NVIDIA target helpers of mod-gpu-pipeline --*- C++ -*-===//
#ifndef MOD_TRANSFORMS_GPUTARGET_H
#define MOD_TRANSFORMS_GPUTARGET_H

#include "mlir/Support/LLVM.h"
#include <string>

namespace mlir {
class Operation;
namespace mod {

/// The CUDA toolkit directory holding bin/ptxas: `requested` if given (empty
/// result when it has no ptxas), else $CUDA_HOME, $CUDA_PATH, the directory
/// above the ptxas on $PATH, /usr/local/cuda. Empty when none is found.
std::string findCudaToolkit(StringRef requested);

/// Checks chip, PTX features, format and (for bin/fatbin) ptxas; emits an
/// error on `anchor` naming the bad option.
LogicalResult checkGpuTarget(Operation *anchor, StringRef chip,
                             StringRef features, StringRef format,
                             StringRef toolkit);

} // namespace mod
} // namespace mlir

#endif // MOD_TRANSFORMS_GPUTARGET_H
