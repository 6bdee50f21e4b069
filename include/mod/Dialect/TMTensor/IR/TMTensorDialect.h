//===- TMTensorDialect.h - torch-mlir's tm_tensor dialect -------*- C++ -*-===//
//
// mod-mlir's own definition of the `tm_tensor` dialect, compatible with the
// textual form torch-mlir prints (docs/TorchMlir.md).
//
//===----------------------------------------------------------------------===//
#ifndef MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_H
#define MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_H

#include "mlir/IR/Dialect.h"

#include "mod/Dialect/TMTensor/IR/TMTensorOpsDialect.h.inc"

#endif // MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_H
