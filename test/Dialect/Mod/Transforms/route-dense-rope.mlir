// What real models do along non-token axes inside a layer, as torch-mlir
// emits it (issue 13): RoPE's rotate_half as extract_slice halves + negate +
// tensor.concat along head_dim, or as insert_slice into an empty tensor;
// padding of the feature axis. None of these mixes tokens: the layer is
// routed, every op re-typed from S to k tokens, and the per-token rotary
// table (an outside value with a token axis) gathered by the positions.
// RUN: mod-opt %s --split-input-file --mod-route-dense="every=1 offset=0 capacity=0.5" | FileCheck %s

#x3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#t2 = affine_map<(d0, d1, d2) -> (d1, d2)>

// CHECK-LABEL: func.func @rotate_half_concat
// CHECK: mod.routed_block
// CHECK-NEXT: ^bb0(%xs: tensor<2x2x8xf32>, %pos: tensor<2x2xi64>):
// CHECK: tensor.extract_slice %xs[0, 0, 0] [2, 2, 4] [1, 1, 1] : tensor<2x2x8xf32> to tensor<2x2x4xf32>
// CHECK: tensor.extract_slice %xs[0, 0, 4] [2, 2, 4] [1, 1, 1] : tensor<2x2x8xf32> to tensor<2x2x4xf32>
// CHECK: tensor.concat dim(2) %{{.*}}, %{{.*}} : (tensor<2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<2x2x8xf32>
// The rotary table [S, 8] is gathered by the positions to [2, k, 8].
// CHECK: tensor.extract %{{.*}} : tensor<4x8xf32>
// CHECK: mod.yield
func.func @rotate_half_concat(%x: tensor<2x4x8xf32>, %cos: tensor<4x8xf32>) -> tensor<2x4x8xf32> {
  %x1 = tensor.extract_slice %x[0, 0, 0] [2, 4, 4] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4x4xf32>
  %x2 = tensor.extract_slice %x[0, 0, 4] [2, 4, 4] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4x4xf32>
  %n2 = arith.negf %x2 : tensor<2x4x4xf32>
  %rot = tensor.concat dim(2) %n2, %x1 : (tensor<2x4x4xf32>, tensor<2x4x4xf32>) -> tensor<2x4x8xf32>
  %e = tensor.empty() : tensor<2x4x8xf32>
  %f = linalg.generic {indexing_maps = [#x3, #t2, #x3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%rot, %cos : tensor<2x4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<2x4x8xf32>) {
  ^bb0(%r: f32, %c: f32, %o: f32):
    %m = arith.mulf %r, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x8xf32>
  %y = linalg.add ins(%x, %f : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// rotate_half written as two insert_slices into an empty tensor.
// CHECK-LABEL: func.func @rotate_half_insert_slice
// CHECK: mod.routed_block
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x2x8xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0, 0] [2, 2, 4] [1, 1, 1] : tensor<2x2x4xf32> into tensor<2x2x8xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[A]][0, 0, 4] [2, 2, 4] [1, 1, 1] : tensor<2x2x4xf32> into tensor<2x2x8xf32>
// CHECK: mod.yield
func.func @rotate_half_insert_slice(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %x1 = tensor.extract_slice %x[0, 0, 0] [2, 4, 4] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4x4xf32>
  %x2 = tensor.extract_slice %x[0, 0, 4] [2, 4, 4] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4x4xf32>
  %n2 = arith.negf %x2 : tensor<2x4x4xf32>
  %e = tensor.empty() : tensor<2x4x8xf32>
  %a = tensor.insert_slice %n2 into %e[0, 0, 0] [2, 4, 4] [1, 1, 1] : tensor<2x4x4xf32> into tensor<2x4x8xf32>
  %rot = tensor.insert_slice %x1 into %a[0, 0, 4] [2, 4, 4] [1, 1, 1] : tensor<2x4x4xf32> into tensor<2x4x8xf32>
  %t = math.tanh %rot : tensor<2x4x8xf32>
  %y = linalg.add ins(%x, %t : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// Partial rotary (GPT-NeoX): the rotated part padded back to the full
// feature width; a rank-reducing insert of one feature column.
// CHECK-LABEL: func.func @pad_features
// CHECK: mod.routed_block
// CHECK: tensor.pad %{{.*}} low[0, 0, 0] high[0, 0, 4]
// CHECK: : tensor<2x2x4xf32> to tensor<2x2x8xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 7] [2, 2, 1] [1, 1, 1] : tensor<2x2xf32> into tensor<2x2x8xf32>
// CHECK: mod.yield
func.func @pad_features(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %x1 = tensor.extract_slice %x[0, 0, 0] [2, 4, 4] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4x4xf32>
  %p = tensor.pad %x1 low[0, 0, 0] high[0, 0, 4] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<2x4x4xf32> to tensor<2x4x8xf32>
  %col = tensor.extract_slice %x[0, 0, 0] [2, 4, 1] [1, 1, 1] : tensor<2x4x8xf32> to tensor<2x4xf32>
  %q = tensor.insert_slice %col into %p[0, 0, 7] [2, 4, 1] [1, 1, 1] : tensor<2x4xf32> into tensor<2x4x8xf32>
  %e = tensor.empty() : tensor<2x4x8xf32>
  %y = linalg.add ins(%x, %q : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}
