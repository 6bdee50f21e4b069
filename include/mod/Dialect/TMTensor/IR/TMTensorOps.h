//===- TMTensorOps.h - tm_tensor operations ---------------------*- C++ -*-===//
#ifndef MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_H
#define MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mod/Dialect/TMTensor/IR/TMTensorDialect.h"

#define GET_OP_CLASSES
#include "mod/Dialect/TMTensor/IR/TMTensorOps.h.inc"

#endif // MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_H
