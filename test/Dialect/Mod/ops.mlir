// Round-trip of every mod op: custom form -> print -> parse -> print, and the
// generic form parses back to the same custom form.
// RUN: mod-opt %s | mod-opt | FileCheck %s
// RUN: mod-opt %s --mlir-print-op-generic | mod-opt | FileCheck %s

// The syntax of the contract, with named values; capacity prints as written.
// CHECK-LABEL: func.func @routed_block_contract_syntax
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x32xf32>, %[[W:.*]]: tensor<32xf32>)
// CHECK: %[[Y:.*]] = mod.routed_block(%[[X]], %[[W]]) {capacity = 0.25 : f64, gate = "raw"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
// CHECK-NEXT: ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
// CHECK-NEXT:   mod.yield %xs : tensor<2x4x32xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @routed_block_contract_syntax(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw"}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// Bias operand, sigmoid gate, non-integer C*S: k = ceil(0.3 * 10) = 3 (the
// f64 product is 3.0000000000000004; the epsilon keeps k at 3).
// CHECK-LABEL: func.func @routed_block_bias_sigmoid
// CHECK: mod.routed_block(%{{.*}}, %{{.*}}, %{{.*}}) {capacity = 0.3 : f64, gate = "sigmoid"} : (tensor<1x10x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<1x10x8xf32>
// CHECK-NEXT: ^bb0(%xs: tensor<1x3x8xf32>, %pos: tensor<1x3xi64>):
func.func @routed_block_bias_sigmoid(%x: tensor<1x10x8xf32>, %w: tensor<8xf32>, %b: tensor<f32>) -> tensor<1x10x8xf32> {
  %y = mod.routed_block(%x, %w, %b) {capacity = 0.3 : f64, gate = "sigmoid"}
         : (tensor<1x10x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<1x10x8xf32> {
  ^bb0(%xs: tensor<1x3x8xf32>, %pos: tensor<1x3xi64>):
    %t = math.tanh %xs : tensor<1x3x8xf32>
    mod.yield %t : tensor<1x3x8xf32>
  }
  return %y : tensor<1x10x8xf32>
}

// Gate absent (means "raw") stays absent; capacity 1.0 gives k = S; a tiny
// capacity gives k = 1; a discardable attribute survives; dynamic batch.
// CHECK-LABEL: func.func @routed_block_defaults
// CHECK: mod.routed_block(%{{.*}}, %{{.*}}) {capacity = 1.0 : f64} : (tensor<3x7x4xf16>, tensor<4xf16>) -> tensor<3x7x4xf16>
// CHECK-NEXT: ^bb0(%xs: tensor<3x7x4xf16>, %pos: tensor<3x7xi64>):
// CHECK: mod.routed_block(%{{.*}}, %{{.*}}) {capacity = 0.001 : f64, gate = "none", mod.layer = 3 : i64} : (tensor<?x7x4xf16>, tensor<4xf16>) -> tensor<?x7x4xf16>
// CHECK-NEXT: ^bb0(%xs: tensor<?x1x4xf16>, %pos: tensor<?x1xi64>):
func.func @routed_block_defaults(%x: tensor<3x7x4xf16>, %w: tensor<4xf16>, %d: tensor<?x7x4xf16>) -> (tensor<3x7x4xf16>, tensor<?x7x4xf16>) {
  %y = mod.routed_block(%x, %w) {capacity = 1.0 : f64}
         : (tensor<3x7x4xf16>, tensor<4xf16>) -> tensor<3x7x4xf16> {
  ^bb0(%xs: tensor<3x7x4xf16>, %pos: tensor<3x7xi64>):
    mod.yield %xs : tensor<3x7x4xf16>
  }
  %z = mod.routed_block(%d, %w) {capacity = 0.001 : f64, gate = #mod<gate none>, mod.layer = 3 : i64}
         : (tensor<?x7x4xf16>, tensor<4xf16>) -> tensor<?x7x4xf16> {
  ^bb0(%xs: tensor<?x1x4xf16>, %pos: tensor<?x1xi64>):
    mod.yield %xs : tensor<?x1x4xf16>
  }
  return %y, %z : tensor<3x7x4xf16>, tensor<?x7x4xf16>
}

// CHECK-LABEL: func.func @primitives
// CHECK: %[[R:.*]] = mod.router %{{.*}}, %{{.*}} : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
// CHECK: mod.router %{{.*}}, %{{.*}} bias(%{{.*}} : tensor<f32>) : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
// CHECK: %[[V:.*]], %[[I:.*]] = mod.topk %[[R]] outs(%{{.*}}, %{{.*}}) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
// CHECK: %[[G:.*]] = mod.gather %{{.*}}[%[[I]]] outs(%{{.*}}) : tensor<2x16x32xf32>, tensor<2x4xi64> -> tensor<2x4x32xf32>
// CHECK: mod.scatter_add %[[G]] into %{{.*}}[%[[I]]] weights(%[[V]] : tensor<2x4xf32>) : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
// CHECK: mod.scatter_add %[[G]] into %{{.*}}[%[[I]]] : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
func.func @primitives(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %b: tensor<f32>) -> (tensor<2x16x32xf32>, tensor<2x16x32xf32>, tensor<2x16xf32>) {
  %r = mod.router %x, %w : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
  %rb = mod.router %x, %w bias(%b : tensor<f32>) : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
  %v_init = tensor.empty() : tensor<2x4xf32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %r outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  %g_init = tensor.empty() : tensor<2x4x32xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<2x16x32xf32>, tensor<2x4xi64> -> tensor<2x4x32xf32>
  %y = mod.scatter_add %g into %x[%i] weights(%v : tensor<2x4xf32>) : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  %z = mod.scatter_add %g into %x[%i] : tensor<2x4x32xf32> into tensor<2x16x32xf32>, tensor<2x4xi64>
  return %y, %z, %rb : tensor<2x16x32xf32>, tensor<2x16x32xf32>, tensor<2x16xf32>
}

// Top-k over a rank-1 and a rank-3 score tensor (the last axis is selected),
// gather of rank-2 and rank-4 sources (e.g. a mask row or per-head values).
// CHECK-LABEL: func.func @other_ranks
// CHECK: mod.topk %{{.*}} outs(%{{.*}}, %{{.*}}) {k = 16 : i64} : tensor<16xf32> -> tensor<16xf32>, tensor<16xi64>
// CHECK: mod.topk %{{.*}} outs(%{{.*}}, %{{.*}}) {k = 1 : i64} : tensor<2x3x5xf32> -> tensor<2x3x1xf32>, tensor<2x3x1xi64>
// CHECK: mod.gather %{{.*}}[%{{.*}}] outs(%{{.*}}) : tensor<2x16xf32>, tensor<2x4xi64> -> tensor<2x4xf32>
// CHECK: mod.gather %{{.*}}[%{{.*}}] outs(%{{.*}}) : tensor<2x16x4x8xf32>, tensor<2x4xi64> -> tensor<2x4x4x8xf32>
func.func @other_ranks(%s1: tensor<16xf32>, %s3: tensor<2x3x5xf32>, %m: tensor<2x16xf32>, %h: tensor<2x16x4x8xf32>, %i: tensor<2x4xi64>) {
  %v1_init = tensor.empty() : tensor<16xf32>
  %i1_init = tensor.empty() : tensor<16xi64>
  %v1, %i1 = mod.topk %s1 outs(%v1_init, %i1_init) {k = 16 : i64} : tensor<16xf32> -> tensor<16xf32>, tensor<16xi64>
  %v3_init = tensor.empty() : tensor<2x3x1xf32>
  %i3_init = tensor.empty() : tensor<2x3x1xi64>
  %v3, %i3 = mod.topk %s3 outs(%v3_init, %i3_init) {k = 1 : i64} : tensor<2x3x5xf32> -> tensor<2x3x1xf32>, tensor<2x3x1xi64>
  %g2_init = tensor.empty() : tensor<2x4xf32>
  %g2 = mod.gather %m[%i] outs(%g2_init) : tensor<2x16xf32>, tensor<2x4xi64> -> tensor<2x4xf32>
  %g4_init = tensor.empty() : tensor<2x4x4x8xf32>
  %g4 = mod.gather %h[%i] outs(%g4_init) : tensor<2x16x4x8xf32>, tensor<2x4xi64> -> tensor<2x4x4x8xf32>
  return
}

// CHECK-LABEL: func.func @causal
// CHECK: mod.causal_select %{{.*}} outs(%{{.*}}, %{{.*}}) {k_max = 4 : i64, threshold = 5.000000e-01 : f64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
// CHECK: mod.routed_block(%{{.*}}, %{{.*}}) {capacity = 0.25 : f64, gate = "raw", threshold = 0.5 : f64}
func.func @causal(%r: tensor<2x16xf32>, %x: tensor<2x16x8xf32>, %w: tensor<8xf32>) -> (tensor<2x4xi64>, tensor<2xi64>, tensor<2x16x8xf32>) {
  %i_init = tensor.empty() : tensor<2x4xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.5 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "raw", threshold = 0.5 : f64} : (tensor<2x16x8xf32>, tensor<8xf32>) -> tensor<2x16x8xf32> {
  ^bb0(%xs: tensor<2x4x8xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x8xf32>
  }
  return %i, %c, %y : tensor<2x4xi64>, tensor<2xi64>, tensor<2x16x8xf32>
}
