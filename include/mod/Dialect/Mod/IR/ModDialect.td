//===- ModDialect.td - Mixture-of-Depths dialect -----------*- tablegen -*-===//
//
// The `mod` dialect: tensor-level operations for Mixture-of-Depths routing.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_DIALECT_MOD_IR_MODDIALECT_TD
#define MOD_DIALECT_MOD_IR_MODDIALECT_TD

include "mlir/IR/OpBase.td"

def Mod_Dialect : Dialect {
  let name = "mod";
  let cppNamespace = "::mlir::mod";
  let summary = "Mixture-of-Depths routing at the tensor level";
  let description = [{
    A Mixture-of-Depths (MoD) layer lets only the top `k = ceil(C * S)` tokens
    of each sequence, ranked by a learned router score, pass through a
    transformer block; the remaining tokens skip it along the residual stream.
    Shapes stay static because `k` is fixed at compile time by the capacity
    `C`.

    The dialect has one structured op, `mod.routed_block`, which states the
    whole mechanism (router, capacity-bounded top-k, gather, block body on the
    selected tokens and their original positions, gated scatter-add), and the
    primitive ops it expands into: `mod.router`, `mod.topk`, `mod.gather` and
    `mod.scatter_add`. The binding semantics are those of docs/Semantics.md
    section 1: top-k ties go to the lower position and selected positions are
    kept in ascending order, so causal order survives compaction.
  }];
  // Builders of the destination-style ops create `tensor.empty`
  // destinations.
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  // #mod<gate ...> (GateKind).
  let useDefaultAttributePrinterParser = 1;
  // `mod.router = <layer>` on function arguments (read by mod-route-dense).
  let hasRegionArgAttrVerify = 1;
}

class Mod_Op<string mnemonic, list<Trait> traits = []>
    : Op<Mod_Dialect, mnemonic, traits>;

#endif // MOD_DIALECT_MOD_IR_MODDIALECT_TD
