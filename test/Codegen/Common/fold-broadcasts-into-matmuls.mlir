// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-fold-broadcasts-into-matmuls,canonicalize))" | FileCheck %s

#bcast_in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#scalar4 = affine_map<(d0, d1, d2, d3) -> ()>

// transformers' grouped-query attention as torch-mlir writes it, one
// decode token (M = 1), 2 rows, 2 key/value heads, 2 query heads each:
// scores = q @ (repeat_kv(k) * s)^T and out = p @ repeat_kv(v). The
// repeats are gone: the scale runs on k as stored, each product takes the
// 2 query heads of a group as 2 rows against the group's own k or v.
// CHECK-LABEL: func.func @grouped_query_attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<8x1x4xf32>, %[[K:.*]]: tensor<2x2x6x4xf32>, %[[V:.*]]: tensor<2x2x6x4xf32>, %[[S:.*]]: tensor<f32>, %[[P:.*]]: tensor<8x1x6xf32>
// CHECK:         %[[KS:.*]] = linalg.generic {{.*}} ins(%[[K]], %[[S]] : tensor<2x2x6x4xf32>, tensor<f32>) outs(%{{.*}} : tensor<2x2x6x4xf32>)
// CHECK:           arith.mulf
// CHECK-DAG:     %[[KG:.*]] = tensor.collapse_shape %[[KS]] {{\[}}[0, 1], [2], [3]] : tensor<2x2x6x4xf32> into tensor<4x6x4xf32>
// CHECK-DAG:     %[[QG:.*]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [4, 2, 1, 4]
// CHECK-DAG:     %[[QR:.*]] = tensor.collapse_shape %[[QG]] {{\[}}[0], [1, 2], [3]] : tensor<4x2x1x4xf32> into tensor<4x2x4xf32>
// CHECK:         %[[SC:.*]] = linalg.batch_matmul indexing_maps = [{{.*}}] ins(%[[QR]], %[[KG]] : tensor<4x2x4xf32>, tensor<4x6x4xf32>) outs(%{{.*}} : tensor<4x2x6xf32>)
// CHECK:         %[[SE:.*]] = tensor.expand_shape %[[SC]] {{\[}}[0], [1, 2], [3]] output_shape [4, 2, 1, 6]
// CHECK:         %[[SCORES:.*]] = tensor.collapse_shape %[[SE]] {{\[}}[0, 1], [2], [3]] : tensor<4x2x1x6xf32> into tensor<8x1x6xf32>
// CHECK-DAG:     %[[VG:.*]] = tensor.collapse_shape %[[V]] {{\[}}[0, 1], [2], [3]] : tensor<2x2x6x4xf32> into tensor<4x6x4xf32>
// CHECK-DAG:     %[[PG:.*]] = tensor.expand_shape %[[P]] {{\[}}[0, 1], [2], [3]] output_shape [4, 2, 1, 6]
// CHECK-DAG:     %[[PR:.*]] = tensor.collapse_shape %[[PG]] {{\[}}[0], [1, 2], [3]] : tensor<4x2x1x6xf32> into tensor<4x2x6xf32>
// CHECK:         %[[O:.*]] = linalg.batch_matmul ins(%[[PR]], %[[VG]] : tensor<4x2x6xf32>, tensor<4x6x4xf32>) outs(%{{.*}} : tensor<4x2x4xf32>)
// CHECK:         %[[OE:.*]] = tensor.expand_shape %[[O]]
// CHECK:         %[[OUT:.*]] = tensor.collapse_shape %[[OE]] {{\[}}[0, 1], [2], [3]] : tensor<4x2x1x4xf32> into tensor<8x1x4xf32>
// CHECK:         return %[[SCORES]], %[[OUT]]
// CHECK-NOT:     tensor<2x2x2x6x4xf32>
func.func @grouped_query_attention(%q: tensor<8x1x4xf32>, %k: tensor<2x2x6x4xf32>, %v: tensor<2x2x6x4xf32>, %s: tensor<f32>, %p: tensor<8x1x6xf32>) -> (tensor<8x1x6xf32>, tensor<8x1x4xf32>) {
  %e5 = tensor.empty() : tensor<2x2x2x6x4xf32>
  %kr = linalg.generic {indexing_maps = [#bcast_in, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%k : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %kh = tensor.collapse_shape %kr [[0], [1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<2x4x6x4xf32>
  %e4 = tensor.empty() : tensor<2x4x6x4xf32>
  %ks = linalg.generic {indexing_maps = [#id4, #scalar4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%kh, %s : tensor<2x4x6x4xf32>, tensor<f32>) outs(%e4 : tensor<2x4x6x4xf32>) {
  ^bb0(%in: f32, %scale: f32, %out: f32):
    %m = arith.mulf %in, %scale : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6x4xf32>
  %kb = tensor.collapse_shape %ks [[0, 1], [2], [3]] : tensor<2x4x6x4xf32> into tensor<8x6x4xf32>
  %z = arith.constant 0.0 : f32
  %es = tensor.empty() : tensor<8x1x6xf32>
  %fs = linalg.fill ins(%z : f32) outs(%es : tensor<8x1x6xf32>) -> tensor<8x1x6xf32>
  %scores = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %kb : tensor<8x1x4xf32>, tensor<8x6x4xf32>) outs(%fs : tensor<8x1x6xf32>) -> tensor<8x1x6xf32>
  %vr = linalg.generic {indexing_maps = [#bcast_in, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%v : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %vb = tensor.collapse_shape %vr [[0, 1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<8x6x4xf32>
  %eo = tensor.empty() : tensor<8x1x4xf32>
  %fo = linalg.fill ins(%z : f32) outs(%eo : tensor<8x1x4xf32>) -> tensor<8x1x4xf32>
  %out = linalg.batch_matmul ins(%p, %vb : tensor<8x1x6xf32>, tensor<8x6x4xf32>) outs(%fo : tensor<8x1x4xf32>) -> tensor<8x1x4xf32>
  return %scores, %out : tensor<8x1x6xf32>, tensor<8x1x4xf32>
}

// The repeated values are also returned, A is read transposed, or the
// broadcast is along a head dim that is not the last batch dim: unchanged.
// CHECK-LABEL: func.func @not_grouped
// CHECK-NOT:     tensor.expand_shape
// CHECK:         linalg.batch_matmul
// CHECK-NOT:     tensor.expand_shape
// CHECK:         linalg.batch_matmul
// CHECK-NOT:     tensor.expand_shape
// CHECK:         linalg.batch_matmul
// CHECK-NOT:     tensor.expand_shape
func.func @not_grouped(%p: tensor<8x1x6xf32>, %v: tensor<2x2x6x4xf32>, %pt: tensor<8x6x1xf32>, %c: tensor<8x1x4xf32>) -> (tensor<8x1x4xf32>, tensor<2x2x2x6x4xf32>, tensor<8x1x4xf32>, tensor<8x1x4xf32>) {
  %e5 = tensor.empty() : tensor<2x2x2x6x4xf32>
  %vr = linalg.generic {indexing_maps = [#bcast_in, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%v : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %vb = tensor.collapse_shape %vr [[0, 1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<8x6x4xf32>
  %o1 = linalg.batch_matmul ins(%p, %vb : tensor<8x1x6xf32>, tensor<8x6x4xf32>) outs(%c : tensor<8x1x4xf32>) -> tensor<8x1x4xf32>
  %vr2 = linalg.generic {indexing_maps = [#bcast_in, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%v : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %vb2 = tensor.collapse_shape %vr2 [[0, 1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<8x6x4xf32>
  %o2 = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%pt, %vb2 : tensor<8x6x1xf32>, tensor<8x6x4xf32>) outs(%c : tensor<8x1x4xf32>) -> tensor<8x1x4xf32>
  %vr3 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d4)>, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%v : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %vb3 = tensor.collapse_shape %vr3 [[0, 1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<8x6x4xf32>
  %o3 = linalg.batch_matmul ins(%p, %vb3 : tensor<8x1x6xf32>, tensor<8x6x4xf32>) outs(%c : tensor<8x1x4xf32>) -> tensor<8x1x4xf32>
  return %o1, %vr, %o2, %o3 : tensor<8x1x4xf32>, tensor<2x2x2x6x4xf32>, tensor<8x1x4xf32>, tensor<8x1x4xf32>
}

// An elementwise op after a broadcast that feeds no matmul stays where it is.
// CHECK-LABEL: func.func @elementwise_no_matmul
// CHECK:         %[[B:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x2x6x4xf32>) outs(%{{.*}} : tensor<2x2x2x6x4xf32>)
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[B]]
// CHECK:         linalg.generic {{.*}} ins(%[[C]] : tensor<2x4x6x4xf32>)
// CHECK:           math.exp
func.func @elementwise_no_matmul(%k: tensor<2x2x6x4xf32>) -> tensor<2x4x6x4xf32> {
  %e5 = tensor.empty() : tensor<2x2x2x6x4xf32>
  %kr = linalg.generic {indexing_maps = [#bcast_in, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%k : tensor<2x2x6x4xf32>) outs(%e5 : tensor<2x2x2x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x2x2x6x4xf32>
  %kh = tensor.collapse_shape %kr [[0], [1, 2], [3], [4]] : tensor<2x2x2x6x4xf32> into tensor<2x4x6x4xf32>
  %e4 = tensor.empty() : tensor<2x4x6x4xf32>
  %x = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%kh : tensor<2x4x6x4xf32>) outs(%e4 : tensor<2x4x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = math.exp %in : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6x4xf32>
  return %x : tensor<2x4x6x4xf32>
}
