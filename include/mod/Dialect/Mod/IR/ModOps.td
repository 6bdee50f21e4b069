//===- ModOps.td - Mixture-of-Depths operations -----------*- tablegen -*-===//

#ifndef MOD_DIALECT_MOD_IR_MODOPS_TD
#define MOD_DIALECT_MOD_IR_MODOPS_TD

include "mod/Dialect/Mod/IR/ModDialect.td"
include "mod/Dialect/Mod/IR/ModAttributes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/TilingInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Mod_PositionsTensor : 2DTensorOf<[I64]> {
  let summary = "rank-2 tensor [B, k] of i64 positions";
}

//===----------------------------------------------------------------------===//
// mod.routed_block
//===----------------------------------------------------------------------===//

def Mod_RoutedBlockOp : Mod_Op<"routed_block", [
    RecursiveMemoryEffects, RecursivelySpeculatable,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a transformer block applied only to the top-k routed tokens";
  let description = [{
    Applies the block in its region to the `k = clamp(ceil(C * S - 1e-9), 1, S)`
    tokens of each sequence with the largest router logits and adds the gated
    result back into the residual stream; all other tokens pass through
    unchanged.

    Operands: `input` is the residual stream `[B, S, D]`, `router_weight` the
    router vector `[D]` and the optional `router_bias` a scalar `tensor<T>`.
    The region has one block with arguments `(%xs: [B, k, D], %pos: [B, k] i64)`
    — the selected tokens and their original positions, ascending per row — and
    yields the block update `f(xs, pos) : [B, k, D]` (without the residual).

    Semantics (docs/Semantics.md section 1):

    ```
    r = x . w (+ b)                     [B, S]
    I = top-k(r) sorted ascending       [B, k], ties to the lower position
    y = x; y[b, I[b,j]] += g(r[b, I[b,j]]) * f(x[b, I], I)[b, j]
    ```

    `gate` selects `g` (a `GateKind` attribute, printed and parsed in the
    contract's form `gate = "raw"`; `#mod<gate raw>` parses too): `raw`
    (identity, the default when absent), `sigmoid` or `none` (g = 1). With `capacity = 1.0` and `gate = "none"`
    the op equals the dense layer `x + f(x)`.

    **Causal routing** (docs/Semantics.md section 2, for autoregressive
    sampling): with a `threshold` attribute the selection is
    `I = mod.causal_select(r) {threshold, k_max = k}` instead of top-k: a
    token is routed iff its logit is greater than the threshold, at most `k`
    per row (if more pass, the k highest logits, ties to the lower position;
    only then does a row's selection depend on later tokens). Rows with fewer
    routed tokens are padded: padding slots have position `S` in `%pos`
    (so a causal mask `pos_i >= pos_j` never lets a real token see them) and
    zero rows in `%xs`, and their results are dropped.

    **Predictor routing** (the paper's auxiliary predictor): an optional
    second region after the keyword `predictor` maps the block input
    `(%x: [B, S, D])` to decision logits `[B, S]` (`mod.yield`); with it the
    causal selection thresholds the predictor's logits instead of the
    router's, and the gate still uses the router logits. It requires
    `threshold`.

    ```mlir
    %y = mod.routed_block(%x, %w) {capacity = 0.5 : f64, threshold = 0.0 : f64}
           : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
    ^bb0(%xs: tensor<2x8x32xf32>, %pos: tensor<2x8xi64>):
      ...
    } predictor {
    ^bb0(%tokens: tensor<2x16x32xf32>):
      %p = ... : tensor<2x16xf32>           // e.g. a small MLP of the tokens
      mod.yield %p : tensor<2x16xf32>
    }
    ```

    Example:

    ```mlir
    %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw"}
           : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
    ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
      %f = ... : tensor<2x4x32xf32>
      mod.yield %f : tensor<2x4x32xf32>
    }
    ```
  }];

  let arguments = (ins AnyRankedTensor:$input,
                       AnyRankedTensor:$router_weight,
                       Optional<AnyRankedTensor>:$router_bias,
                       F64Attr:$capacity,
                       OptionalAttr<Mod_GateKindAttr>:$gate,
                       OptionalAttr<F64Attr>:$threshold);
  let results = (outs AnyRankedTensor:$result);
  let regions = (region SizedRegion<1>:$body, AnyRegion:$predictor);

  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;

  let builders = [
    // Builds the op with an entry block (%xs, %pos) whose types follow from
    // the input type and the capacity; the caller fills in the body.
    OpBuilder<(ins "Value":$input, "Value":$routerWeight,
                   "Value":$routerBias, "double":$capacity,
                   "StringRef":$gate)>
  ];

  let extraClassDeclaration = [{
    /// The number of routed tokens per row: clamp(ceil(C*S - 1e-9), 1, S).
    /// Only meaningful when the sequence length is static.
    int64_t getK();
    /// The gate, with the default `raw` when the attribute is absent.
    ::mlir::mod::GateKind getGateKind();
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    ::mlir::BlockArgument getSelectedTokens() { return getBodyBlock().getArgument(0); }
    ::mlir::BlockArgument getPositions() { return getBodyBlock().getArgument(1); }
    /// Whether a predictor region decides the (causal) routing.
    bool hasPredictor() { return !getPredictor().empty(); }
    /// Checks the predictor region (called by verifyRegions).
    ::mlir::LogicalResult verifyPredictor();
    /// The expected types of the region arguments.
    ::mlir::RankedTensorType getSelectedTokensType();
    ::mlir::RankedTensorType getPositionsType();
  }];
}

def Mod_YieldOp : Mod_Op<"yield", [Pure, ReturnLike, Terminator,
                                   HasParent<"RoutedBlockOp">]> {
  let summary = "yields the block update (or the predictor's logits) of a mod.routed_block";
  let description = [{
    Terminates the body of `mod.routed_block` with the update `f(xs, pos)` of
    type `[B, k, D]`; the enclosing op adds it, gated, to the residual stream.
    In the optional predictor region it yields the decision logits `[B, S]`.
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

//===----------------------------------------------------------------------===//
// Primitive ops
//===----------------------------------------------------------------------===//

def Mod_RouterOp : Mod_Op<"router", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>]> {
  let summary = "router logits: a dot product of every token with a vector";
  let description = [{
    `r[b, s] = sum_d input[b, s, d] * weight[d] (+ bias)`: the router logits of
    a Mixture-of-Depths layer, `[B, S, D] x [D] (+ scalar) -> [B, S]`.

    ```mlir
    %r = mod.router %x, %w bias(%b : tensor<f32>)
           : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$weight,
                       Optional<AnyRankedTensor>:$bias);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `:` type($bias) `)`)? attr-dict
    `:` type($input) `,` type($weight) `->` type($result)
  }];
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "Value":$input, "Value":$weight, "Value":$bias)>
  ];
}

def Mod_TopKOp : Mod_Op<"topk", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<TilingInterface, [
        "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
        "getResultTilePosition", "generateResultTileValue",
        "getIterationDomainTileFromResultTile"]>,
    AllTypesMatch<["values_init", "values"]>,
    AllTypesMatch<["indices_init", "indices"]>]> {
  let summary = "capacity-bounded top-k along the last axis, in position order";
  let description = [{
    Selects the `k` largest elements along the last axis of `scores`. Ties are
    broken towards the lower position; the selected `indices` are returned
    sorted ascending by position (not by value) and `values` are aligned with
    them: `values[..., j] = scores[..., indices[..., j]]`. NaN ranks below
    every number.

    Destination style: `values_init` and `indices_init` give the results
    their shapes and buffers (every element is overwritten).
    `TilingInterface`: the iteration space is the leading (row) axes, all
    parallel; a tile selects in whole rows.

    ```mlir
    %vals, %idx = mod.topk %scores outs(%v0, %i0) {k = 4 : i64}
        : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$scores,
                       AnyRankedTensor:$values_init,
                       AnyRankedTensor:$indices_init,
                       ConfinedAttr<I64Attr, [IntPositive]>:$k);
  let results = (outs AnyRankedTensor:$values, AnyRankedTensor:$indices);
  let assemblyFormat = [{
    $scores `outs` `(` $values_init `,` $indices_init `)` attr-dict `:`
    type($scores) `->` type($values) `,` type($indices)
  }];
  let hasVerifier = 1;
  let builders = [
    // Selects into new tensor.empty destinations.
    OpBuilder<(ins "Value":$scores, "int64_t":$k)>
  ];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getOperation(), 1, 2);
    }
  }];
}

def Mod_CausalSelectOp : Mod_Op<"causal_select", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<TilingInterface, [
        "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
        "getResultTilePosition", "generateResultTileValue",
        "getIterationDomainTileFromResultTile"]>,
    AllTypesMatch<["indices_init", "indices"]>,
    AllTypesMatch<["count_init", "count"]>]> {
  let summary = "causal routing: the positions whose router logit passes a "
                "threshold, at most k_max per row, packed";
  let description = [{
    Per row of `logits` (`[B, S]`: rows of sequence positions): the
    positions `s` with `logits[b, s] > threshold` (NaN never passes),
    ascending, written to the first `count` slots of `indices`; the other
    `k_max - count` slots hold the padding index `S`. If more than `k_max`
    positions pass, the `k_max` with the largest logits are kept (ties to
    the lower position), still in ascending order. Without overflow a
    position's selection depends only on its own logit, i.e. the decision is
    causal (docs/Semantics.md section 2).

    Destination style (`indices_init`, `count_init`); `TilingInterface` over
    the rows (parallel).

    ```mlir
    %idx, %count = mod.causal_select %r outs(%i0, %c0)
        {threshold = 0.0 : f64, k_max = 4 : i64}
        : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
    ```

    `mod.gather` reads padding slots as zero rows and `mod.scatter_add` skips
    them.
  }];
  let arguments = (ins 2DTensorOf<[AnyFloat]>:$logits,
                       AnyRankedTensor:$indices_init,
                       AnyRankedTensor:$count_init,
                       F64Attr:$threshold,
                       ConfinedAttr<I64Attr, [IntPositive]>:$k_max);
  let results = (outs AnyRankedTensor:$indices, AnyRankedTensor:$count);
  let assemblyFormat = [{
    $logits `outs` `(` $indices_init `,` $count_init `)` attr-dict `:`
    type($logits) `->` type($indices) `,` type($count)
  }];
  let hasVerifier = 1;
  let builders = [
    // Selects into new tensor.empty destinations.
    OpBuilder<(ins "Value":$logits, "double":$threshold, "int64_t":$kMax)>
  ];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getOperation(), 1, 2);
    }
  }];
}

def Mod_GatherOp : Mod_Op<"gather", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<TilingInterface, [
        "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
        "getResultTilePosition", "generateResultTileValue",
        "getIterationDomainTileFromResultTile"]>,
    AllTypesMatch<["init", "result"]>]> {
  let summary = "gathers rows along axis 1 by per-batch indices";
  let description = [{
    `result[b, j, ...] = source[b, indices[b, j], ...]` for `source : [B, S, ...]`
    and `indices : [B, k] i64`, giving `[B, k, ...]`, written into the
    destination `init` (destination style: `init` only gives the result its
    shape and buffer; every element is overwritten). The index `S` is a
    padding slot (from `mod.causal_select`) and reads as a zero row; other
    indices out of `[0, S]` are undefined behaviour.

    The op implements `TilingInterface`: its iteration space is the result's
    `[B, k, ...]`, all parallel; a tile reads the indices and the source rows
    of its batch and feature ranges (the whole sequence axis), so the upstream
    transform ops (`transform.structured.tile_using_for`,
    `tile_using_forall`, `fuse_into_containing_op`) tile it and fuse it into
    the tiles of its consumer.

    ```mlir
    %init = tensor.empty() : tensor<2x4x32xf32>
    %xs = mod.gather %x[%idx] outs(%init)
        : tensor<2x16x32xf32>, tensor<2x4xi64> -> tensor<2x4x32xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$source, Mod_PositionsTensor:$indices,
                       AnyRankedTensor:$init);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` `outs` `(` $init `)` attr-dict `:` type($source)
    `,` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
  let builders = [
    // Gathers into a new tensor.empty destination (built at the insertion
    // point, before the op).
    OpBuilder<(ins "Value":$source, "Value":$indices)>
  ];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

def Mod_ScatterAddOp : Mod_Op<"scatter_add", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<TilingInterface, [
        "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
        "getResultTilePosition", "getIterationDomainTileFromOperandTiles",
        "getTiledImplementationFromOperandTiles"]>,
    AllTypesMatch<["base", "result"]>]> {
  let summary = "adds (optionally weighted) rows into a base at indices";
  let description = [{
    `result = base; result[b, indices[b, j], ...] += weights[b, j] * updates[b, j, ...]`
    for `base : [B, S, ...]`, `indices : [B, k] i64`, `updates : [B, k, ...]`
    and optional per-row `weights : [B, k]` (of the base element type). By
    contract the indices of one row are unique, so every element has at most
    one writer and the op is parallel over `(b, j)` without atomics. The
    padding index `S` (from `mod.causal_select`, possibly repeated) is
    skipped. The unit attribute `in_bounds` promises that no index is
    padding (every index is a position in `[0, S)`, as after `mod.topk`);
    lowerings then use the fully parallel `(b, j)` form. Without it the
    indices may hold padding and lowerings own one batch row per parallel
    iteration (safe for any indices, slower). `mod-expand-routed-blocks`
    sets it for top-k routing.

    Destination style: `base` is the destination (`into`). The op implements
    `TilingInterface` over the updates' `[B, k, ...]`: batch and feature
    loops are parallel, the `k` loop is a reduction into the destination
    (its tiles write data-dependent rows, so tiles along `k` must run one
    after the other, as in `tile_using_for`). A tile of the updates maps to
    one tile of the iteration space, so the scatter fuses into the tiles of
    the op producing its updates (`transform.test.fuse_consumer`-style
    consumer fusion, `scf::tileAndFuseConsumerOfSlices`).

    ```mlir
    %y = mod.scatter_add %f into %x[%idx] weights(%g : tensor<2x4xf32>)
        : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$updates, AnyRankedTensor:$base,
                       Mod_PositionsTensor:$indices,
                       Optional<AnyRankedTensor>:$weights,
                       UnitAttr:$in_bounds);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $updates `into` $base `[` $indices `]`
    (`weights` `(` $weights^ `:` type($weights) `)`)? attr-dict
    `:` type($updates) `into` type($base) `,` type($indices)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getBaseMutable(); }
  }];
}

#endif // MOD_DIALECT_MOD_IR_MODOPS_TD
