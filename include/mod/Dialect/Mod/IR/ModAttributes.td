//===- ModAttributes.td - mod dialect attributes ------------*- tablegen -*-===//

#ifndef MOD_DIALECT_MOD_IR_MODATTRIBUTES_TD
#define MOD_DIALECT_MOD_IR_MODATTRIBUTES_TD

include "mod/Dialect/Mod/IR/ModDialect.td"
include "mlir/IR/EnumAttr.td"

def Mod_GateKind : I32EnumAttr<"GateKind",
    "the router-weight gate g of a routed block", [
      I32EnumAttrCase<"raw", 0>,     // g(r) = r (the paper's choice)
      I32EnumAttrCase<"sigmoid", 1>, // g(r) = 1 / (1 + exp(-r))
      I32EnumAttrCase<"none", 2>     // g = 1
    ]> {
  let cppNamespace = "::mlir::mod";
  let genSpecializedAttr = 0;
}

def Mod_GateKindAttr : EnumAttr<Mod_Dialect, Mod_GateKind, "gate"> {
  let summary = "router-weight gate: raw, sigmoid or none";
}

#endif // MOD_DIALECT_MOD_IR_MODATTRIBUTES_TD
