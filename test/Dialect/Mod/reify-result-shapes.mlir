// ReifyRankedShapedTypeOpInterface: tensor.dim of a mod op's result is
// resolved to its destination's (or, for mod.router, its input's) size by
// upstream's --resolve-ranked-shaped-type-result-dims.
// RUN: mod-opt %s --resolve-ranked-shaped-type-result-dims --cse | FileCheck %s

// CHECK-LABEL: func.func @dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x16x8xf32>, %[[I:.*]]: tensor<?x4xi64>, %[[W:.*]]: tensor<8xf32>, %[[G:.*]]: tensor<?x4x8xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[GB:.*]] = tensor.dim %[[G]], %[[C0]]
// CHECK-DAG: %[[XB:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK: return %[[GB]], %[[XB]], %[[XB]]
func.func @dims(%x: tensor<?x16x8xf32>, %i: tensor<?x4xi64>, %w: tensor<8xf32>, %g0: tensor<?x4x8xf32>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %g = mod.gather %x[%i] outs(%g0) : tensor<?x16x8xf32>, tensor<?x4xi64> -> tensor<?x4x8xf32>
  %y = mod.scatter_add %g into %x[%i] : tensor<?x4x8xf32> into tensor<?x16x8xf32>, tensor<?x4xi64>
  %r = mod.router %x, %w : tensor<?x16x8xf32>, tensor<8xf32> -> tensor<?x16xf32>
  %d0 = tensor.dim %g, %c0 : tensor<?x4x8xf32>
  %d1 = tensor.dim %y, %c0 : tensor<?x16x8xf32>
  %d2 = tensor.dim %r, %c0 : tensor<?x16xf32>
  return %d0, %d1, %d2 : index, index, index
}
