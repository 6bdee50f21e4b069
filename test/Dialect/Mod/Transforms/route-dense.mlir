// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 report=true" 2>&1 | FileCheck %s
// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5" | mod-opt --mod-cpu-pipeline -o /dev/null

// Two layers on the residual stream [2, 4, 8]: token mixing (scores with a
// computed causal mask plus a constant [S, S] bias) then a per-token MLP.
// The default options route layer 1 (every=2, offset=1); layer 0 stays dense.

// CHECK: mod-route-dense: @two_layers: 2 layer(s), B=2 S=4 D=8, capacity=0.5 (k=2), gate=raw
// CHECK-NEXT: layer 0: dense  S=4 k=4 {{.*}}[not selected]
// CHECK-NEXT: layer 1: routed S=4 k=2
// CHECK-NEXT: total contraction FLOPs

// A router-weight argument is appended for layer 1.
// CHECK-LABEL: func.func @two_layers
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8xf32>, %[[W:.*]]: tensor<8xf32> {mod.router = 1 : i64})
// Layer 0 is unchanged.
// CHECK: %[[R0:.*]] = linalg.add
// CHECK: %[[L0:.*]] = linalg.add
// CHECK: %[[Y:.*]] = mod.routed_block(%[[L0]], %[[W]]) {capacity = 0.5 : f64, gate = "raw"} : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32> {
// CHECK-NEXT: ^bb0(%xs: tensor<2x2x8xf32>, %pos: tensor<2x2xi64>):
// Scores on k tokens.
// CHECK: linalg.batch_matmul ins(%xs, %{{.*}} : tensor<2x2x8xf32>, tensor<2x8x2xf32>)
// The constant bias [S, S] is gathered by position along both token axes into [B, k, k].
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2x2xf32>)
// CHECK: tensor.extract %pos
// CHECK: tensor.extract %pos
// CHECK: tensor.extract %{{.*}} : tensor<4x4xf32>
// The computed causal mask reads the original positions.
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[BIAS]] : tensor<2x2x2xf32>, tensor<2x2x2xf32>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %pos[%{{.*}}, %[[I]]] : tensor<2x2xi64>
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: tensor.extract %pos[%{{.*}}, %[[J]]] : tensor<2x2xi64>
// CHECK: arith.cmpi uge
// The MLP on the flattened [B*k, D] tokens.
// CHECK: tensor.collapse_shape {{.*}} : tensor<2x2x8xf32> into tensor<4x8xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<4x8xf32>
// CHECK: tensor.expand_shape {{.*}} output_shape [2, 2, 8] : tensor<4x8xf32> into tensor<2x2x8xf32>
// The update is the sum of the two branches (no out - x).
// CHECK: %[[U:.*]] = linalg.add ins(%{{.*}}, %{{.*}} : tensor<2x2x8xf32>, tensor<2x2x8xf32>)
// CHECK-NEXT: mod.yield %[[U]] : tensor<2x2x8xf32>
// CHECK: return %[[Y]]

func.func @two_layers(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %bias = arith.constant dense<[[0.0, -1.0, -2.0, -3.0], [1.0, 0.0, -1.0, -2.0], [2.0, 1.0, 0.0, -1.0], [3.0, 2.0, 1.0, 0.0]]> : tensor<4x4xf32>
  %w = arith.constant dense<0.125> : tensor<8x8xf32>
  %l0 = call @layer(%x, %bias, %w) : (tensor<2x4x8xf32>, tensor<4x4xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer(%l0, %bias, %w) : (tensor<2x4x8xf32>, tensor<4x4xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  return %l1 : tensor<2x4x8xf32>
}

// The same layer, for the test above after inlining.
func.func private @layer(%x: tensor<2x4x8xf32>, %bias: tensor<4x4xf32>, %w: tensor<8x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %te = tensor.empty() : tensor<2x8x4xf32>
  %t = linalg.transpose ins(%x : tensor<2x4x8xf32>) outs(%te : tensor<2x8x4xf32>) permutation = [0, 2, 1]
  %se = tensor.empty() : tensor<2x4x4xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %s = linalg.batch_matmul ins(%x, %t : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%sz : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (i, j)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %bias : tensor<2x4x4xf32>, tensor<4x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%sv: f32, %bv: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %ok = arith.cmpi uge, %i, %j : index
    %v = arith.addf %sv, %bv : f32
    %r = arith.select %ok, %v, %ninf : f32
    linalg.yield %r : f32
  } -> tensor<2x4x4xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %oz = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %o = linalg.batch_matmul ins(%m, %x : tensor<2x4x4xf32>, tensor<2x4x8xf32>) outs(%oz : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %flat = tensor.collapse_shape %r1 [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %fe = tensor.empty() : tensor<8x8xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%fe : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mm = linalg.matmul ins(%flat, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%fz : tensor<8x8xf32>) -> tensor<8x8xf32>
  %th = math.tanh %mm : tensor<8x8xf32>
  %f = tensor.expand_shape %th [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %f : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}
