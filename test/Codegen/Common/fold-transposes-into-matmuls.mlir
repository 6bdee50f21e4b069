// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-fold-transposes-into-matmuls,canonicalize))" | FileCheck %s
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$BKM:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-DAG: #[[$BNK:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[$BMN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// torch-mlir's nn.Linear: x @ transpose(W). The matmul reads W through a
// transposed map and the transpose (a copy of W per call) is gone.
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: tensor<8x16xf32>, %[[W:.*]]: tensor<4x16xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         linalg.matmul indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]] ins(%[[X]], %[[W]] : tensor<8x16xf32>, tensor<4x16xf32>)
func.func @linear(%x: tensor<8x16xf32>, %w: tensor<4x16xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<16x4xf32>
  %wt = linalg.transpose ins(%w : tensor<4x16xf32>) outs(%e : tensor<16x4xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%x, %wt : tensor<8x16xf32>, tensor<16x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// Batched, both operands transposed; a transpose that is still used
// elsewhere stays for that use.
// CHECK-LABEL: func.func @batched_both
// CHECK:         %[[T:.*]] = linalg.transpose
// CHECK:         linalg.batch_matmul indexing_maps = [#[[$BKM]], #[[$BNK]], #[[$BMN]]] ins(%arg0, %arg1 : tensor<2x16x8xf32>, tensor<2x4x16xf32>)
// CHECK:         return {{.*}}, %[[T]]
func.func @batched_both(%at: tensor<2x16x8xf32>, %b: tensor<2x4x16xf32>, %c: tensor<2x8x4xf32>) -> (tensor<2x8x4xf32>, tensor<2x8x16xf32>) {
  %ea = tensor.empty() : tensor<2x8x16xf32>
  %a = linalg.transpose ins(%at : tensor<2x16x8xf32>) outs(%ea : tensor<2x8x16xf32>) permutation = [0, 2, 1]
  %eb = tensor.empty() : tensor<2x16x4xf32>
  %bt = linalg.transpose ins(%b : tensor<2x4x16xf32>) outs(%eb : tensor<2x16x4xf32>) permutation = [0, 2, 1]
  %r = linalg.batch_matmul ins(%a, %bt : tensor<2x8x16xf32>, tensor<2x16x4xf32>) outs(%c : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %r, %a : tensor<2x8x4xf32>, tensor<2x8x16xf32>
}

// A transpose that moves the batch dim is no matrix transpose: left alone.
// CHECK-LABEL: func.func @batch_moved
// CHECK:         linalg.transpose
// CHECK:         linalg.batch_matmul ins
func.func @batch_moved(%a: tensor<2x8x16xf32>, %b: tensor<16x2x4xf32>, %c: tensor<2x8x4xf32>) -> tensor<2x8x4xf32> {
  %eb = tensor.empty() : tensor<2x16x4xf32>
  %bt = linalg.transpose ins(%b : tensor<16x2x4xf32>) outs(%eb : tensor<2x16x4xf32>) permutation = [1, 0, 2]
  %r = linalg.batch_matmul ins(%a, %bt : tensor<2x8x16xf32>, tensor<2x16x4xf32>) outs(%c : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %r : tensor<2x8x4xf32>
}


// torch-mlir's attention scores: q @ collapse(transpose(k) * s), with the
// [B, H] dims collapsed into the batch dim and the scale a rank-0 tensor.
// The scale and the collapse move to k's side (contiguous), the transpose
// folds into B's map.
// CHECK-LABEL: func.func @scaled_keys
// CHECK-SAME:    (%[[Q:.*]]: tensor<6x1x8xf32>, %[[K:.*]]: tensor<2x3x5x8xf32>, %[[S:.*]]: tensor<f32>
// CHECK-NOT:     linalg.transpose
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3x5x8xf32>
// CHECK:         %[[KS:.*]] = linalg.generic {{.*}} ins(%[[K]], %[[S]] : tensor<2x3x5x8xf32>, tensor<f32>) outs(%[[E]] : tensor<2x3x5x8xf32>)
// CHECK:           arith.mulf
// CHECK:         %[[KC:.*]] = tensor.collapse_shape %[[KS]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x5x8xf32> into tensor<6x5x8xf32>
// CHECK:         linalg.batch_matmul indexing_maps = [#[[$BMK:.*]], #[[$BNK]], #[[$BMN]]] ins(%[[Q]], %[[KC]] : tensor<6x1x8xf32>, tensor<6x5x8xf32>)
func.func @scaled_keys(%q: tensor<6x1x8xf32>, %k: tensor<2x3x5x8xf32>, %s: tensor<f32>, %c: tensor<6x1x5xf32>) -> tensor<6x1x5xf32> {
  %e = tensor.empty() : tensor<2x3x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<2x3x5x8xf32>) outs(%e : tensor<2x3x8x5xf32>) permutation = [0, 1, 3, 2]
  %ks = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%kt, %s : tensor<2x3x8x5xf32>, tensor<f32>) outs(%e : tensor<2x3x8x5xf32>) {
  ^bb0(%in: f32, %scale: f32, %out: f32):
    %m = arith.mulf %in, %scale : f32
    linalg.yield %m : f32
  } -> tensor<2x3x8x5xf32>
  %kc = tensor.collapse_shape %ks [[0, 1], [2], [3]] : tensor<2x3x8x5xf32> into tensor<6x8x5xf32>
  %r = linalg.batch_matmul ins(%q, %kc : tensor<6x1x8xf32>, tensor<6x8x5xf32>) outs(%c : tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  return %r : tensor<6x1x5xf32>
}

// The scaled transpose is also returned: moving the scale would compute it
// twice, so nothing changes.
// CHECK-LABEL: func.func @scaled_keys_used_twice
// CHECK:         linalg.transpose
// CHECK:         linalg.batch_matmul ins
func.func @scaled_keys_used_twice(%q: tensor<6x1x8xf32>, %k: tensor<6x5x8xf32>, %c: tensor<6x1x5xf32>) -> (tensor<6x1x5xf32>, tensor<6x8x5xf32>) {
  %e = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %ks = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%kt : tensor<6x8x5xf32>) outs(%e : tensor<6x8x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<6x8x5xf32>
  %r = linalg.batch_matmul ins(%q, %ks : tensor<6x1x8xf32>, tensor<6x8x5xf32>) outs(%c : tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  return %r, %ks : tensor<6x1x5xf32>, tensor<6x8x5xf32>
}

// Elementwise in name only: the body reads the init, or the index. A
// collapse that merges a matrix dim does not commute with the transpose.
// CHECK-LABEL: func.func @not_elementwise
// CHECK-COUNT-3: linalg.transpose
// CHECK-NOT:     linalg.batch_matmul indexing_maps
func.func @not_elementwise(%q: tensor<6x1x8xf32>, %k: tensor<6x5x8xf32>, %c: tensor<6x1x5xf32>, %k2: tensor<6x1x5x8xf32>, %c2: tensor<6x1x5xf32>) -> (tensor<6x1x5xf32>, tensor<6x1x5xf32>, tensor<6x1x5xf32>) {
  %e = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%kt : tensor<6x8x5xf32>) outs(%kt : tensor<6x8x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.addf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<6x8x5xf32>
  %r1 = linalg.batch_matmul ins(%q, %acc : tensor<6x1x8xf32>, tensor<6x8x5xf32>) outs(%c : tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  %kt2 = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %idx = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%kt2 : tensor<6x8x5xf32>) outs(%e : tensor<6x8x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %m = arith.mulf %in, %f : f32
    linalg.yield %m : f32
  } -> tensor<6x8x5xf32>
  %r2 = linalg.batch_matmul ins(%q, %idx : tensor<6x1x8xf32>, tensor<6x8x5xf32>) outs(%c : tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  %e2 = tensor.empty() : tensor<6x1x8x5xf32>
  %kt3 = linalg.transpose ins(%k2 : tensor<6x1x5x8xf32>) outs(%e2 : tensor<6x1x8x5xf32>) permutation = [0, 1, 3, 2]
  %merged = tensor.collapse_shape %kt3 [[0], [1, 2], [3]] : tensor<6x1x8x5xf32> into tensor<6x8x5xf32>
  %r3 = linalg.batch_matmul ins(%q, %merged : tensor<6x1x8xf32>, tensor<6x8x5xf32>) outs(%c2 : tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  return %r1, %r2, %r3 : tensor<6x1x5xf32>, tensor<6x1x5xf32>, tensor<6x1x5xf32>
}
