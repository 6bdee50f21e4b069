// RUN: mod-opt %s --mod-expand-routed-blocks --split-input-file --allow-unregistered-dialect | FileCheck %s

// The body is inlined on the gathered tokens with %pos bound to the top-k
// indices; the raw gate scales the update by the selected logits.
// CHECK-LABEL: func.func @raw_gate
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x32xf32>, %[[W:.*]]: tensor<32xf32>)
// CHECK: %[[R:.*]] = mod.router %[[X]], %[[W]] : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
// CHECK: %[[V:.*]], %[[I:.*]] = mod.topk %[[R]] outs(%{{.*}}, %{{.*}}) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
// CHECK: %[[XS:.*]] = mod.gather %[[X]][%[[I]]] outs(%{{.*}}) : tensor<2x16x32xf32>, tensor<2x4xi64> -> tensor<2x4x32xf32>
// CHECK: %[[F:.*]] = "test.body"(%[[XS]], %[[I]])
// CHECK: %[[Y:.*]] = mod.scatter_add %[[F]] into %[[X]][%[[I]]] weights(%[[V]] : tensor<2x4xf32>) {in_bounds}
// CHECK-NOT: mod.routed_block
// CHECK: return %[[Y]]
func.func @raw_gate(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    %f = "test.body"(%xs, %pos) : (tensor<2x4x32xf32>, tensor<2x4xi64>) -> tensor<2x4x32xf32>
    mod.yield %f : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

// Sigmoid gate: 1 / (1 + exp(-v)) on the selected logits; bias goes to the router.
// CHECK-LABEL: func.func @sigmoid_gate_with_bias
// CHECK: %[[R:.*]] = mod.router %{{.*}}, %{{.*}} bias(%{{.*}} : tensor<f32>)
// CHECK: %[[V:.*]], %[[I:.*]] = mod.topk %[[R]] outs(%{{.*}}, %{{.*}}) {k = 3 : i64} : tensor<1x10xf32> -> tensor<1x3xf32>, tensor<1x3xi64>
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%[[V]] : tensor<1x3xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: mod.scatter_add %{{.*}} into %{{.*}}[%[[I]]] weights(%[[G]] : tensor<1x3xf32>)
func.func @sigmoid_gate_with_bias(%x: tensor<1x10x8xf32>, %w: tensor<8xf32>, %b: tensor<f32>) -> tensor<1x10x8xf32> {
  %y = mod.routed_block(%x, %w, %b) {capacity = 0.3 : f64, gate = "sigmoid"} : (tensor<1x10x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<1x10x8xf32> {
  ^bb0(%xs: tensor<1x3x8xf32>, %pos: tensor<1x3xi64>):
    %t = math.tanh %xs : tensor<1x3x8xf32>
    mod.yield %t : tensor<1x3x8xf32>
  }
  return %y : tensor<1x10x8xf32>
}

// -----

// Gate none: an unweighted scatter-add; a body that yields %xs directly.
// CHECK-LABEL: func.func @no_gate
// CHECK: %[[V:.*]], %[[I:.*]] = mod.topk %{{.*}} outs(%{{.*}}, %{{.*}}) {k = 7 : i64}
// CHECK: %[[XS:.*]] = mod.gather %[[X:.*]][%[[I]]]
// CHECK: mod.scatter_add %[[XS]] into %[[X]][%[[I]]] {in_bounds} : tensor<3x7x4xf32> into tensor<3x7x4xf32>, tensor<3x7xi64>
func.func @no_gate(%x: tensor<3x7x4xf32>, %w: tensor<4xf32>) -> tensor<3x7x4xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 1.0 : f64, gate = "none"} : (tensor<3x7x4xf32>, tensor<4xf32>) -> tensor<3x7x4xf32> {
  ^bb0(%xs: tensor<3x7x4xf32>, %pos: tensor<3x7xi64>):
    mod.yield %xs : tensor<3x7x4xf32>
  }
  return %y : tensor<3x7x4xf32>
}

// -----

// Two routed layers in sequence: the second routes the output of the first.
// CHECK-LABEL: func.func @two_layers
// CHECK: %[[Y1:.*]] = mod.scatter_add
// CHECK: mod.router %[[Y1]]
// CHECK: mod.scatter_add %{{.*}} into %[[Y1]]
func.func @two_layers(%x: tensor<1x8x4xf32>, %w: tensor<4xf32>) -> tensor<1x8x4xf32> {
  %y1 = mod.routed_block(%x, %w) {capacity = 0.5 : f64} : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32> {
  ^bb0(%xs: tensor<1x4x4xf32>, %pos: tensor<1x4xi64>):
    mod.yield %xs : tensor<1x4x4xf32>
  }
  %y2 = mod.routed_block(%y1, %w) {capacity = 0.25 : f64} : (tensor<1x8x4xf32>, tensor<4xf32>) -> tensor<1x8x4xf32> {
  ^bb0(%xs: tensor<1x2x4xf32>, %pos: tensor<1x2xi64>):
    mod.yield %xs : tensor<1x2x4xf32>
  }
  return %y2 : tensor<1x8x4xf32>
}

// -----

// Causal routing: threshold selection capped at k (padding index S), the
// gate reads the logits at the selected positions.
// CHECK-LABEL: func.func @causal
// CHECK: %[[R:.*]] = mod.router
// CHECK: %[[I:.*]], %{{.*}} = mod.causal_select %[[R]] outs(%{{.*}}, %{{.*}}) {k_max = 4 : i64, threshold = 0.000000e+00 : f64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
// CHECK: %[[V:.*]] = mod.gather %[[R]][%[[I]]] outs(%{{.*}}) : tensor<2x16xf32>, tensor<2x4xi64> -> tensor<2x4xf32>
// CHECK: %[[XS:.*]] = mod.gather %{{.*}}[%[[I]]]
// Causal selections hold padding: no in_bounds promise.
// CHECK: mod.scatter_add %{{.*}} into %{{.*}}[%[[I]]] weights(%[[V]] : tensor<2x4xf32>) : tensor<2x4x32xf32>
func.func @causal(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, threshold = 0.0 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

// Predictor routing: the predictor region is inlined on the block input and
// its logits feed mod.causal_select; the router's logits still gate.
// CHECK-LABEL: func.func @predictor
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x32xf32>, %[[W:.*]]: tensor<32xf32>, %[[V:.*]]: tensor<32xf32>)
// CHECK: %[[R:.*]] = mod.router %[[X]], %[[W]]
// CHECK: %[[P:.*]] = mod.router %[[X]], %[[V]]
// CHECK: %[[I:.*]], %{{.*}} = mod.causal_select %[[P]]
// CHECK: %[[G:.*]] = mod.gather %[[R]][%[[I]]]
// CHECK: mod.scatter_add %{{.*}} weights(%[[G]] : tensor<2x4xf32>)
func.func @predictor(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %v: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, threshold = 0.0 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  } predictor {
  ^bb0(%tokens: tensor<2x16x32xf32>):
    %p = mod.router %tokens, %v : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
    mod.yield %p : tensor<2x16xf32>
  }
  return %y : tensor<2x16x32xf32>
}
