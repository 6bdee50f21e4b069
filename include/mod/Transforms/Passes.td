//===- Passes.td - mod-mlir passes -------------------------*- tablegen -*-===//

#ifndef MOD_TRANSFORMS_PASSES_TD
#define MOD_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ModRoutingReport : Pass<"mod-routing-report", "ModuleOp"> {
  let summary = "Prints what every mod.routed_block keeps: shape, capacity, k, "
                "gate and the share of tokens and FLOPs";
  let description = [{
    An analysis pass (the IR is left unchanged) that prints one line per
    `mod.routed_block` to standard output, followed by a summary:

    ```
    mod-routing-report: 1 routed block(s) in 1 function(s)
      @layer  block #0: B=2 S=16 D=32 capacity=0.25 k=4 gate=raw  tokens kept 25.0%  (linear FLOPs x0.250, attention FLOPs x0.062)
    ```

    The FLOP ratios are those of MOD_SEMANTICS.md section 3: the linear part
    of a layer scales with k/S and attention with (k/S)^2. It also counts the
    primitive ops (`mod.router`, `mod.topk`, `mod.gather`, `mod.scatter_add`)
    so that expanded IR can be inspected the same way.
  }];
}

#endif // MOD_TRANSFORMS_PASSES_TD
