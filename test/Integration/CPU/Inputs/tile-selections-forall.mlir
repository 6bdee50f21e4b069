// Schedule for tiled-selections.mlir: top-k and causal selection tiled by
// rows with scf.forall (one row per tile).
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %t = transform.structured.match ops{["mod.topk"]} in %root : (!transform.any_op) -> !transform.any_op
    %tt, %f0 = transform.structured.tile_using_forall %t tile_sizes [1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %c = transform.structured.match ops{["mod.causal_select"]} in %root : (!transform.any_op) -> !transform.any_op
    %tc, %f1 = transform.structured.tile_using_forall %c tile_sizes [1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
