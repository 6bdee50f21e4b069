//===- TMTensorToLinalg.h - tm_tensor -> linalg/scf/tensor ------*- C++ -*-===//
//
// --tm-tensor-to-linalg: lowers torch-mlir's tm_tensor ops on tensors to
// upstream ops that bufferize (see include/mod/Conversion/Passes.td).
//
//===----------------------------------------------------------------------===//
#ifndef MOD_CONVERSION_TMTENSORTOLINALG_TMTENSORTOLINALG_H
#define MOD_CONVERSION_TMTENSORTOLINALG_TMTENSORTOLINALG_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
class RewriterBase;
class Operation;
namespace mod {

#define GEN_PASS_DECL_TMTENSORTOLINALG
#include "mod/Conversion/Passes.h.inc"

/// Lowers one tm_tensor op (tensor form) in place of `op`; on failure
/// reports an error naming the op and leaves it unchanged.
LogicalResult lowerTMTensorOp(RewriterBase &rewriter, Operation *op);

} // namespace mod
} // namespace mlir

#endif // MOD_CONVERSION_TMTENSORTOLINALG_TMTENSORTOLINALG_H
