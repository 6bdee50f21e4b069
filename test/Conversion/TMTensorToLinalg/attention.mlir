// tm_tensor.attention -> linalg.generic ops: S = Q K^T (reduction over the
// head dim), S * scale then the mask (i1: select with -inf; float: add), row
// max, exp(S - max) (0 where the whole row is -inf), row sum, division (0
// for an all-zero row), P V (reduction over the key length).
// RUN: mod-opt %s -split-input-file --tm-tensor-to-linalg --canonicalize --cse | FileCheck %s

// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[S:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-LABEL: func.func @bool_mask_scale
// CHECK-SAME: (%[[QA:.*]]: tensor<2x4x8xf32>, %[[KA:.*]]: tensor<2x5x8xf32>, %[[VA:.*]]: tensor<2x5x6xf32>, %[[MA:.*]]: tensor<2x4x5xi1>
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 3.000000e-01 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[QK:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[QA]], %[[KA]] : tensor<2x4x8xf32>, tensor<2x5x8xf32>)
// CHECK: %[[MASKED:.*]] = linalg.generic {{.*}} ins(%[[QK]], %[[MA]] : tensor<2x4x5xf32>, tensor<2x4x5xi1>)
// CHECK:   %[[SC:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:   arith.select %{{.*}}, %[[SC]], %[[NEGINF]] : f32
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[MASKED]]
// CHECK:   arith.maximumf
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[MASKED]], %[[MAX]]
// CHECK:   %[[DEAD:.*]] = arith.cmpf oeq, %[[M:.*]], %[[NEGINF]] : f32
// CHECK:   %[[EXP:.*]] = math.exp
// CHECK:   arith.select %[[DEAD]], %[[ZERO]], %[[EXP]] : f32
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[E]]
// CHECK:   arith.addf
// CHECK: %[[P:.*]] = linalg.generic {{.*}} ins(%[[E]], %[[SUM]]
// CHECK:   arith.divf
// CHECK: %[[PV:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[V]], #[[S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[P]], %[[VA]] : tensor<2x4x5xf32>, tensor<2x5x6xf32>) outs(%{{.*}} : tensor<2x4x6xf32>)
// CHECK: return %[[PV]] : tensor<2x4x6xf32>
func.func @bool_mask_scale(%q: tensor<2x4x8xf32>, %k: tensor<2x5x8xf32>, %v: tensor<2x5x6xf32>, %m: tensor<2x4x5xi1>, %o: tensor<2x4x6xf32>) -> tensor<2x4x6xf32> {
  %0 = tm_tensor.attention {scale = 3.000000e-01 : f64} ins(%q, %k, %v, %m : tensor<2x4x8xf32>, tensor<2x5x8xf32>, tensor<2x5x6xf32>, tensor<2x4x5xi1>) outs(%o : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// Default scale 1/sqrt(E) = 1/sqrt(16); an additive float mask.
// CHECK-LABEL: func.func @float_mask_default_scale
// CHECK: %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK:   %[[SC:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:   arith.addf %[[SC]], %{{.*}} : f32
func.func @float_mask_default_scale(%q: tensor<1x3x16xf32>, %k: tensor<1x3x16xf32>, %v: tensor<1x3x16xf32>, %m: tensor<1x3x3xf32>, %o: tensor<1x3x16xf32>) -> tensor<1x3x16xf32> {
  %0 = tm_tensor.attention ins(%q, %k, %v, %m : tensor<1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x3xf32>) outs(%o : tensor<1x3x16xf32>) -> tensor<1x3x16xf32>
  return %0 : tensor<1x3x16xf32>
}

// -----

// A dynamic head dimension: the default scale is computed at run time.
// CHECK-LABEL: func.func @dynamic_head_dim
// CHECK: %[[E:.*]] = tensor.dim %arg0, %{{.*}} : tensor<2x3x?xf32>
// CHECK: %[[EI:.*]] = arith.index_cast %[[E]] : index to i64
// CHECK: %[[EF:.*]] = arith.sitofp %[[EI]] : i64 to f32
// CHECK: %[[ROOT:.*]] = math.sqrt %[[EF]] : f32
// CHECK: %[[SCALE:.*]] = arith.divf %{{.*}}, %[[ROOT]] : f32
// CHECK: arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK-NOT: tm_tensor
func.func @dynamic_head_dim(%q: tensor<2x3x?xf32>, %k: tensor<2x3x?xf32>, %v: tensor<2x3x4xf32>, %o: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tm_tensor.attention ins(%q, %k, %v : tensor<2x3x?xf32>, tensor<2x3x?xf32>, tensor<2x3x4xf32>) outs(%o : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
