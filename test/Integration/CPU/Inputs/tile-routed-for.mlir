// Schedule for tiled-routed-layer.mlir: the GEMM tiled with scf.for over
// (batch, token), the gather fused into its tiles as a producer and the
// scatter-add as a consumer (each tile scatters its own rows).
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.batch_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tm, %l0, %l1 = transform.structured.tile_using_for %mm tile_sizes [1, 1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %g = transform.structured.match ops{["mod.gather"]} in %root : (!transform.any_op) -> !transform.any_op
    %fg, %loop = transform.structured.fuse_into_containing_op %g into %l1 : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %s = transform.structured.match ops{["mod.scatter_add"]} in %root : (!transform.any_op) -> !transform.any_op
    %fs = transform.mod.fuse_consumer_into_loops %s into %l0, %l1 : (!transform.any_op, !transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
