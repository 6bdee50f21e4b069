//===- ModDialect.h - Mixture-of-Depths dialect -----------------*- C++ -*-===//
#ifndef MOD_DIALECT_MOD_IR_MODDIALECT_H
#define MOD_DIALECT_MOD_IR_MODDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "mod/Dialect/Mod/IR/ModOpsDialect.h.inc"
#include "mod/Dialect/Mod/IR/ModEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "mod/Dialect/Mod/IR/ModAttributes.h.inc"

#endif // MOD_DIALECT_MOD_IR_MODDIALECT_H
