//===- TMTensorDialect.td - torch-mlir's tm_tensor ops, our definition ----===//
//
// mod-mlir's own definition of the `tm_tensor` dialect that torch-mlir's
// linalg-on-tensors output contains (torch.cumsum -> tm_tensor.scan,
// index_put -> tm_tensor.scatter, sort/topk/kthvalue -> tm_tensor.sort and
// tm_tensor.topk, scaled_dot_product_attention -> tm_tensor.attention).
// The ops parse and print torch-mlir's textual form; their lowering is
// --tm-tensor-to-linalg (include/mod/Conversion/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_TD
#define MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_TD

include "mlir/IR/OpBase.td"

def TMTensor_Dialect : Dialect {
  let name = "tm_tensor";
  let cppNamespace = "::mlir::mod::tm_tensor";
  let summary = "torch-mlir's tm_tensor ops (scan, scatter, sort, topk, "
                "attention), accepted in torch-mlir's textual form";
  let description = [{
    torch-mlir lowers a few PyTorch operators that have no good linalg form
    to its own `tm_tensor` dialect, and its `linalg-on-tensors` output keeps
    them. This is mod-mlir's own definition of that dialect: the same
    dialect name, op names, operands, attributes, regions and custom
    assembly, so that the IR torch-mlir prints parses unchanged in `mod-opt`
    and, through the plugin, in a stock `mlir-opt`; the verifiers state the
    invariants below.

    All ops are in destination style: `ins(...)` are read, `outs(...)` give
    the initial values of the results (one result per `outs` operand, of the
    same type) on tensors. With memref operands the ops have no results and
    update the `outs` buffers; that form parses and verifies but only the
    tensor form is lowered (`--tm-tensor-to-linalg`).
  }];
}

/// A ranked tensor or a memref (the operands of every tm_tensor op).
def TMTensor_RankedTensorOrMemRef : ShapedContainerType<[AnyType],
    Or<[IsMemRefTypePred, And<[IsTensorTypePred, HasRankPred]>]>,
    "ranked tensor or memref", "::mlir::ShapedType">;

#endif // MOD_DIALECT_TMTENSOR_IR_TMTENSORDIALECT_TD
