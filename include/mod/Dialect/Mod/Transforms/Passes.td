//===- Passes.td - mod dialect transformations -*- tablegen -*-===//
//
// Passes on the mod dialect: rewriting dense layers into routed blocks,
// expanding routed blocks into the primitive ops, reporting.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_DIALECT_MOD_TRANSFORMS_PASSES_TD
#define MOD_DIALECT_MOD_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ModRoutingReport : Pass<"mod-routing-report", "ModuleOp"> {
  let summary = "Prints what every mod.routed_block keeps: shape, capacity, k, "
                "gate and the share of tokens and FLOPs";
  let description = [{
    An analysis pass (the IR is left unchanged) that prints one line per
    `mod.routed_block` to standard error (the IR output stays clean),
    followed by a summary:

    ```
    mod-routing-report: 1 routed block(s) in 1 function(s)
      @layer  block #0: B=2 S=16 D=32 capacity=0.25 k=4 gate=raw  tokens kept 25.0%  (linear FLOPs x0.250, attention FLOPs x0.062)
    ```

    The FLOP ratios are those of docs/Semantics.md section 3: the linear part
    of a layer scales with k/S and attention with (k/S)^2. It also counts the
    primitive ops (`mod.router`, `mod.topk`, `mod.gather`, `mod.scatter_add`)
    so that expanded IR can be inspected the same way.
  }];
}

def ModExpandRoutedBlocks : Pass<"mod-expand-routed-blocks"> {
  let summary = "Expands mod.routed_block into router, top-k, gather, the "
                "inlined body and a gated scatter-add";
  let description = [{
    Rewrites every `mod.routed_block` into the primitive ops of the dialect:

    ```
    %r          = mod.router %x, %w [bias(%b)]        // [B, S]
    %vals, %idx = mod.topk %r outs(...) {k = K}       // k from the capacity
    %xs         = mod.gather %x[%idx] outs(...)       // [B, k, D]
    ... the body, inlined with %xs and %pos = %idx ...
    %g          = gate(%vals)                         // raw: %vals; sigmoid: 1/(1+e^-v)
    %y          = mod.scatter_add %f into %x[%idx] [weights(%g)] {in_bounds}
                                                      // none: unweighted
    ```

    With a `threshold` (causal routing) the selection is
    `mod.causal_select` instead of `mod.topk`, the gate values are gathered
    from the logits, and the scatter-add has no `in_bounds` (padding).

    The body's operations move unchanged; the positions handed to the body
    are the selected original positions, ascending per row.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModRouteDense : Pass<"mod-route-dense", "ModuleOp"> {
  let summary = "Turns chosen layers of a dense transformer (linalg on "
                "tensors) into mod.routed_blocks";
  let description = [{
    For every function, finds the residual stream `x_{i+1} = x_i + g_i(x_i)`
    (elementwise adds whose other operand depends on the residual; an add on
    a flattened `[B*S, D]` view of the stream that is viewed back to
    `[B, S, D]`, as OPT's MLP does, is first rewritten as the same add on
    `[B, S, D]`; a gather whose indices are aranges or constants, torch's
    advanced indexing such as Falcon's `qkv[..., [-2], :]`, is first
    rewritten as the `tensor.extract_slice` it is, and so is an ONNX Gather
    with a constant index; in a post-LayerNorm transformer the stream goes
    on from `LN(x_i + g_i(x_i))`, a per-token computation of the sum that
    nothing else reads, and the last sub-block's norm is recognized as the
    same ops as the norm before it), groups
    the sub-blocks into layers (a token-mixing sub-block, i.e. attention,
    followed by per-token ones, i.e. the MLP), and rewrites the selected
    layers into `mod.routed_block`s:

    - the body is the layer re-typed from S to k tokens (`B*S` to `B*k` where
      batch and sequence are flattened), found by a token-axis analysis that
      follows collapse/expand_shape, transposes, extract_slice, matmul,
      batch_matmul, generic indexing maps and reductions;
    - values from outside the layer that carry a token axis (causal or
      padding masks, rotary tables, per-token inputs) are gathered by the
      selected positions along each such axis; `linalg.index` on a token
      axis (computed causal masks) reads the original position from `%pos`;
      shape-only values (`tensor.empty`, fills, splats) are re-created at k;
    - the body yields the layer's update as the sum of its sub-block
      branches (no `out - x` cancellation); for post-LayerNorm layers,
      whose output is no such sum, as `out - x`;
    - router weights: the function argument with `{mod.router = L : i64}`
      for layer L (0-based), or a new trailing argument `tensor<DxT>
      {mod.router = L : i64}` (an error if the function has callers).

    A layer the analysis cannot prove is left dense with a remark naming the
    op that stopped it. With `report`, prints per layer whether it was
    routed (or why not), S, k and the contraction FLOPs dense vs routed,
    and totals for the function (docs/Semantics.md section 3).
  }];
  let options = [
    Option<"capacity", "capacity", "double", /*default=*/"0.125",
           "Fraction of tokens a routed layer processes, in (0, 1]">,
    Option<"gate", "gate", "std::string", /*default=*/"\"raw\"",
           "Router gate: raw, sigmoid or none">,
    Option<"every", "every", "int64_t", /*default=*/"2",
           "Route every n-th layer (with offset)">,
    Option<"offset", "offset", "int64_t", /*default=*/"1",
           "Index of the first routed layer (with every)">,
    ListOption<"layers", "layers", "int64_t",
               "Explicit 0-based layer indices to route (overrides every/offset)">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Print a per-layer routing and FLOPs report to stderr">,
    Option<"threshold", "threshold", "double", /*default=*/"std::nan(\"\")",
           "Causal routing: a token is routed iff its router logit > threshold, "
           "at most ceil(capacity*S) per row (default: top-k routing)">
  ];
  let dependentDialects = ["::mlir::mod::ModDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // MOD_DIALECT_MOD_TRANSFORMS_PASSES_TD
