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

