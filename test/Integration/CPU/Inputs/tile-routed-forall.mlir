// Schedule for tiled-routed-layer.mlir: the GEMM tiled with scf.forall
// (one token per tile), the gather fused into its tiles.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.batch_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tm, %forall = transform.structured.tile_using_forall %mm tile_sizes [1, 1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %g = transform.structured.match ops{["mod.gather"]} in %root : (!transform.any_op) -> !transform.any_op
    %fg, %loop = transform.structured.fuse_into_containing_op %g into %forall : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
