//===- TMTensorOps.td - tm_tensor operations ---------------*- tablegen -*-===//
//
// The ops of torch-mlir's `tm_tensor` dialect as mod-mlir defines them. The
// operands, attributes, regions and assembly formats reproduce the textual
// form torch-mlir prints; the semantics are stated in each description and
// implemented by --tm-tensor-to-linalg.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_TD
#define MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_TD

include "mod/Dialect/TMTensor/IR/TMTensorDialect.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

/// A destination-style tm_tensor op: `inputs` are read, `outputs` are the
/// inits of the results (tensors) or are updated in place (memrefs).
class TMTensor_Op<string mnemonic, list<Trait> traits = []>
    : Op<TMTensor_Dialect, mnemonic, !listconcat(traits, [
        AttrSizedOperandSegments,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
        DestinationStyleOpInterface])> {
  let hasVerifier = 1;
  code commonDeclarations = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getOutputsMutable();
    }
    /// True if every operand is a tensor and there is one result per output.
    bool hasTensorOperands();
  }];
  let extraClassDeclaration = commonDeclarations;
}

/// A tm_tensor op with one single-block region terminated by tm_tensor.yield.
class TMTensor_RegionOp<string mnemonic, list<Trait> traits = []>
    : TMTensor_Op<mnemonic, !listconcat(traits, [
        SingleBlockImplicitTerminator<"::mlir::mod::tm_tensor::YieldOp">])>;

//===----------------------------------------------------------------------===//
// tm_tensor.scan
//===----------------------------------------------------------------------===//

def TMTensor_ScanOp : TMTensor_RegionOp<"scan"> {
  let summary = "inclusive or exclusive scan (e.g. cumsum) along one dimension";
  let description = [{
    Scans `input` along `dimension` with the binary combiner in the region,
    `^bb0(%acc: T, %x: T)` -> `tm_tensor.yield %next : T`, whose first
    argument is the running value and whose second is the input element.
    With `n` the size of `dimension` and `f` the combiner, for every index
    of the other dimensions:

    ```
    inclusive(true):   out[0] = in[0]     out[i] = f(out[i-1], in[i])
    inclusive(false):  out[0] = acc0      out[i] = f(out[i-1], in[i-1])
    ```

    Operands: `ins(%input)`, `outs(%output, %accumulator)` where the output
    has the input's shape and the accumulator the input's shape without
    `dimension`; `acc0` is the accumulator's initial value. Results: the
    scanned tensor and the final accumulator, `out[n-1]` (or `acc0` when
    `n` = 0). torch-mlir emits it for `torch.cumsum` (combiner `arith.addf`
    / `arith.addi`, accumulator zeros) and `torch.cumprod`.

    ```mlir
    %0:2 = tm_tensor.scan dimension(1) inclusive(true)
             ins(%x : tensor<1x8xi64>) outs(%init, %acc : tensor<1x8xi64>, tensor<1xi64>) {
    ^bb0(%a: i64, %b: i64):
      %s = arith.addi %a, %b : i64
      tm_tensor.yield %s : i64
    } -> tensor<1x8xi64>, tensor<1xi64>
    ```
  }];
  let arguments = (ins Variadic<TMTensor_RankedTensorOrMemRef>:$inputs,
                       Variadic<TMTensor_RankedTensorOrMemRef>:$outputs,
                       I64Attr:$dimension,
                       BoolAttr:$inclusive);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = [{
    `dimension` `(` $dimension `)`
    `inclusive` `(` $inclusive `)`
    attr-dict
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $outputs `:` type($outputs) `)`
    $region (`->` type($results)^)?
  }];
  let extraClassDeclaration = commonDeclarations # [{
    ::mlir::Value getInput() { return getInputs()[0]; }
    ::mlir::Value getOutput() { return getOutputs()[0]; }
    ::mlir::Value getAccumulator() { return getOutputs()[1]; }
  }];
}

//===----------------------------------------------------------------------===//
// tm_tensor.scatter
//===----------------------------------------------------------------------===//

def TMTensor_ScatterOp : TMTensor_RegionOp<"scatter"> {
  let summary = "combines update slices into the original at given indices";
  let description = [{
    `ins(%updates, %indices) outs(%original)`: `%indices` is `[N, depth]`
    (integers, static `depth`), `%updates` is `[N, u_1 .. u_s]` (one update
    slice of rank `s` per index row) and `%original` has rank `r` with
    `r - s <= depth`. `dimension_map` (length `depth`, distinct dims of the
    original) says which original dimension each index column addresses.

    For update `n` and slice position `(j_1 .. j_s)` the destination is the
    original position `p` with `p[r-s+t] = j_t` (the slice covers the last
    `s` dims) and, for each index column `c`,
    `p[dimension_map[c]] += indices[n, c]` (a dim that is both indexed and
    covered by the slice is offset by the index). As in PyTorch, an index
    `i` < 0 counts from the end of its dimension (`i + size`; torch-mlir
    passes `index_put`'s indices through unchanged); destinations that are
    still outside the original are skipped. The region,
    `^bb0(%update: T, %current: T)` -> `tm_tensor.yield %new : T`,
    computes the new value (`arith.addf` for `index_put(accumulate=True)`,
    the update itself for plain assignment). Updates are applied in the
    order of `n`, so repeated indices (`unique_indices(false)`) combine
    sequentially; with `unique_indices(true)` the producer promises none.

    ```mlir
    %0 = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(false)
           ins(%upd, %idx : tensor<3x4xf32>, tensor<3x1xi32>) outs(%orig : tensor<5x4xf32>) {
    ^bb0(%u: f32, %o: f32):
      %s = arith.addf %o, %u : f32
      tm_tensor.yield %s : f32
    } -> tensor<5x4xf32>
    ```
  }];
  let arguments = (ins Variadic<TMTensor_RankedTensorOrMemRef>:$inputs,
                       Variadic<TMTensor_RankedTensorOrMemRef>:$outputs,
                       DenseI64ArrayAttr:$dimension_map,
                       DefaultValuedAttr<BoolAttr, "true">:$unique_indices);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = [{
    attr-dict `unique_indices` `(` $unique_indices `)`
    (`ins` `(` $inputs^ `:` type($inputs) `)`)?
    `outs` `(` $outputs `:` type($outputs) `)`
    $region (`->` type($results)^)?
  }];
  let extraClassDeclaration = commonDeclarations # [{
    ::mlir::Value getUpdates() { return getInputs()[0]; }
    ::mlir::Value getIndices() { return getInputs()[1]; }
    ::mlir::Value getOriginal() { return getOutputs()[0]; }
  }];
}

//===----------------------------------------------------------------------===//
// tm_tensor.sort
//===----------------------------------------------------------------------===//

def TMTensor_SortOp : TMTensor_RegionOp<"sort"> {
  let summary = "stable sort of one or more same-shaped tensors along a dim";
  let description = [{
    Sorts all `outs` operands together along `dimension` (no `ins`). The
    region receives two elements of every operand, the left one first,
    `^bb0(%l0: T0, %r0: T0, %l1: T1, %r1: T1, ...)`, and yields an `i1`
    that is true when `l` may stay before `r`. The result is the stable
    sort: afterwards the comparator holds for every adjacent pair and
    elements the comparator keeps in order (`cmp(a, b)` true) keep their
    input order. torch-mlir emits `arith.cmpf ole`/`oge` (`arith.cmpi
    sle`/`sge`) on the first operand for `torch.sort` (ascending /
    descending), with the positions as a second operand.

    ```mlir
    %0:2 = tm_tensor.sort dimension(1) outs(%v, %i : tensor<2x8xf32>, tensor<2x8xi64>) {
    ^bb0(%a: f32, %b: f32, %c: i64, %d: i64):
      %le = arith.cmpf ole, %a, %b : f32
      tm_tensor.yield %le : i1
    } -> tensor<2x8xf32>, tensor<2x8xi64>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$inputs,
                       Variadic<TMTensor_RankedTensorOrMemRef>:$outputs,
                       I64Attr:$dimension);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = [{
    attr-dict
    `dimension` `(` $dimension `)`
    (`ins` `(` $inputs^ `:` type($inputs) `)`)?
    `outs` `(` $outputs `:` type($outputs) `)`
    $region (`->` type($results)^)?
  }];
}

//===----------------------------------------------------------------------===//
// tm_tensor.topk
//===----------------------------------------------------------------------===//

def TMTensor_TopkOp : TMTensor_RegionOp<"topk"> {
  let summary = "the k best elements along a dimension, with their indices";
  let description = [{
    `ins(%values [, %indices]) outs(%out_values, %out_indices)`: along
    `dimension`, `%out_values`/`%out_indices` (size `k` there, i32 indices)
    start as a list ordered by the comparator and every input element in
    turn is inserted into it: it takes the first slot whose value it beats
    and pushes the rest down, the last falling off. The region
    `^bb0(%new: T, %old: T)` yields `i1` true when `new` beats `old`
    (`arith.cmpf ogt` for top-k, `olt` for bottom-k); between elements
    neither of which beats the other the lower index comes first. The index
    of an input element is its position along `dimension`, or the matching
    element of `%indices` when given. torch-mlir initialises the outputs
    with the worst value (`-inf` for top-k) so that the result is the
    sorted top-k of the input (it emits the op for `torch.kthvalue`).

    ```mlir
    %0:2 = tm_tensor.topk dimension(1) ins(%x : tensor<2x8xf32>)
             outs(%v, %i : tensor<2x3xf32>, tensor<2x3xi32>) {
    ^bb0(%a: f32, %b: f32):
      %gt = arith.cmpf ogt, %a, %b : f32
      tm_tensor.yield %gt : i1
    } -> tensor<2x3xf32>, tensor<2x3xi32>
    ```
  }];
  let arguments = (ins Variadic<TMTensor_RankedTensorOrMemRef>:$inputs,
                       Variadic<TMTensor_RankedTensorOrMemRef>:$outputs,
                       I64Attr:$dimension);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = [{
    attr-dict
    `dimension` `(` $dimension `)`
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $outputs `:` type($outputs) `)`
    $region (`->` type($results)^)?
  }];
}

//===----------------------------------------------------------------------===//
// tm_tensor.attention
//===----------------------------------------------------------------------===//

def TMTensor_AttentionOp : TMTensor_Op<"attention"> {
  let summary = "scaled dot-product attention, softmax(Q K^T * scale + M) V";
  let description = [{
    `ins(%q, %k, %v [, %mask]) outs(%init)` with `Q: [..., M, E]`,
    `K: [..., L, E]`, `V: [..., L, Ev]`, the optional `mask: [..., M, L]`
    and the result `[..., M, Ev]` (equal leading batch dims; torch-mlir
    collapses them to one):

    ```
    S = (Q K^T) * scale            scale = the `scale` attribute, else 1/sqrt(E)
    S = S + mask                   float mask: added
    S = mask ? S : -inf            i1 mask: true = may attend (PyTorch)
    P = softmax(S) along L         rows whose scores are all -inf give 0
    result = P V
    ```

    This is `torch.nn.functional.scaled_dot_product_attention` without
    dropout (torch-mlir materialises `is_causal` as a mask). The `outs`
    operand only gives the result's shape.
  }];
  let arguments = (ins Variadic<TMTensor_RankedTensorOrMemRef>:$inputs,
                       Variadic<TMTensor_RankedTensorOrMemRef>:$outputs,
                       OptionalAttr<F64Attr>:$scale);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    attr-dict
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $outputs `:` type($outputs) `)`
    (`->` type($result)^)?
  }];
}

//===----------------------------------------------------------------------===//
// tm_tensor.yield
//===----------------------------------------------------------------------===//

def TMTensor_YieldOp : Op<TMTensor_Dialect, "yield", [
    Pure, ReturnLike, Terminator,
    ParentOneOf<["ScanOp", "ScatterOp", "SortOp", "TopkOp"]>]> {
  let summary = "terminates the region of a tm_tensor op";
  let description = [{
    Yields the scalar the region computes: the combined value (scan,
    scatter) or the comparison result `i1` (sort, topk).
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let builders = [OpBuilder<(ins), [{ /* no operands */ }]>];
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
}

#endif // MOD_DIALECT_TMTENSOR_IR_TMTENSOROPS_TD
