//===- ModTransformOps.td - Transform dialect ops of mod-mlir -*- tablegen -*-===//
//
// Transform dialect extension: what upstream's transform ops do not offer
// for the mod ops (consumer fusion: a mod.scatter_add fused into the tiles
// of the loop that produces its updates).
//
//===----------------------------------------------------------------------===//

#ifndef MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_TD
#define MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_TD

include "mlir/Dialect/Transform/IR/TransformDialect.td"
include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.td"
include "mlir/Dialect/Transform/IR/TransformTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

def FuseConsumerIntoLoopsOp : Op<Transform_Dialect,
    "mod.fuse_consumer_into_loops",
    [DeclareOpInterfaceMethods<TransformOpInterface>,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "fuses a consumer into the tiles of the loop nest producing "
                "its operand";
  let description = [{
    `consumer` is an op implementing `TilingInterface` (e.g. `mod.scatter_add`,
    any linalg op) that uses a result of the outermost loop of `loops`, a
    loop nest made by tiling (`transform.structured.tile_using_for` or
    `tile_using_forall`, outermost first, one loop per handle). The consumer
    is tiled to the tile its operand has inside the innermost loop and moved
    there (upstream `scf::tileAndFuseConsumer`); its destination becomes a
    loop-carried value. Used to fuse the gated scatter-add of a routed block
    into the tiles of the GEMM that computes its updates.

    Consumes the consumer handle and returns the fused consumer (one tiled
    op per consumer). The loops are rewritten in place (they gain the
    consumer's destination as a loop-carried value); their handles follow
    the rewritten loops. A consumer that
    cannot be fused (its operand tile does not map to one tile of its
    iteration space) is a silenceable failure naming the op.
  }];
  let arguments = (ins TransformHandleTypeInterface:$consumer,
                       Variadic<TransformHandleTypeInterface>:$loops);
  let results = (outs TransformHandleTypeInterface:$fused_consumer);
  let assemblyFormat = [{
    $consumer `into` $loops attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_TD
