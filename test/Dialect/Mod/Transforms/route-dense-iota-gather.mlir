// torch-mlir's advanced indexing with aranges (Falcon's multi-query
// qkv[..., [-2], :], x[arange(B)[:, None], arange(S), ...]) is a gather whose
// body reads the source with tensor.extract at indices taken from iota
// tensors and constants (negative ones wrapped by select). mod-route-dense
// first rewrites such gathers into tensor.extract_slice, which the
// token-axis analysis follows, so the layer is routed instead of left dense.
// The ONNX importer's Gather with a constant index (BLOOM's and Falcon's
// fused-QKV split) indexes the other dims with linalg.index itself and reads
// the index from a constant input: the same slice.
// RUN: mod-opt %s --mod-route-dense="every=1 offset=0 capacity=0.5 report=true" 2>&1 | FileCheck %s

#bcast0 = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, 0)>
#bcast1 = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
#bcast2 = affine_map<(d0, d1, d2, d3) -> (0, 0)>
#bcast3 = affine_map<(d0, d1, d2, d3) -> (d3)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#id1 = affine_map<(d0) -> (d0)>

// CHECK: mod-route-dense: @pick_head: 1 layer(s), B=2 S=4 D=8
// CHECK: layer 0: routed S=4 k=2
// CHECK: remark: mod-route-dense: layer 0 left dense: cannot prove how 'linalg.generic' mixes tokens
// CHECK: mod-route-dense: @any_index: 1 layer(s)
// CHECK: layer 0: dense
// CHECK: mod-route-dense: @onnx_gather: 1 layer(s)
// CHECK: layer 0: routed S=4 k=2
// CHECK: remark: mod-route-dense: layer 0 left dense: cannot prove how 'linalg.generic' mixes tokens
// CHECK: mod-route-dense: @swapped_dims: 1 layer(s)
// CHECK: layer 0: dense
// CHECK-LABEL: func.func @pick_head
// CHECK:         mod.routed_block
// CHECK:           tensor.extract_slice %{{.*}}[0, 0, 2, 0] [2, 2, 1, 2] [1, 1, 1, 1] : tensor<2x2x4x2xf32> to tensor<2x2x1x2xf32>
// CHECK-NOT:       tensor.extract %
// CHECK:           mod.yield
func.func @pick_head(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>, %w2: tensor<2x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %neg2 = arith.constant dense<-2> : tensor<1x1xi64>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p = linalg.matmul ins(%xf, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %heads = tensor.expand_shape %p [[0, 1], [2, 3]] output_shape [2, 4, 4, 2] : tensor<8x8xf32> into tensor<2x4x4x2xf32>
  // aranges: batch [2], tokens [4], lanes [2]
  %eb = tensor.empty() : tensor<2xi64>
  %ab = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%eb : tensor<2xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<2xi64>
  %es = tensor.empty() : tensor<4xi64>
  %as = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%es : tensor<4xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<4xi64>
  %ed = tensor.empty() : tensor<2xi64>
  %ad = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%ed : tensor<2xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<2xi64>
  %ab4 = tensor.expand_shape %ab [[0, 1, 2, 3]] output_shape [2, 1, 1, 1] : tensor<2xi64> into tensor<2x1x1x1xi64>
  %as3 = tensor.expand_shape %as [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xi64> into tensor<4x1x1xi64>
  %eg = tensor.empty() : tensor<2x4x1x2xf32>
  %g = linalg.generic {indexing_maps = [#bcast0, #bcast1, #bcast2, #bcast3, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ab4, %as3, %neg2, %ad : tensor<2x1x1x1xi64>, tensor<4x1x1xi64>, tensor<1x1xi64>, tensor<2xi64>) outs(%eg : tensor<2x4x1x2xf32>) {
  ^bb0(%i0: i64, %i1: i64, %i2: i64, %i3: i64, %o: f32):
    %n2 = arith.cmpi slt, %i2, %c0 : i64
    %wrapped = arith.addi %i2, %c4 : i64
    %s2 = arith.select %n2, %wrapped, %i2 : i64
    %x0 = arith.index_cast %i0 : i64 to index
    %x1 = arith.index_cast %i1 : i64 to index
    %x2 = arith.index_cast %s2 : i64 to index
    %x3 = arith.index_cast %i3 : i64 to index
    %v = tensor.extract %heads[%x0, %x1, %x2, %x3] : tensor<2x4x4x2xf32>
    linalg.yield %v : f32
  } -> tensor<2x4x1x2xf32>
  // Project the picked head back to D and add it to the residual.
  %gc = tensor.collapse_shape %g [[0, 1], [2, 3]] : tensor<2x4x1x2xf32> into tensor<8x2xf32>
  %q = linalg.matmul ins(%gc, %w2 : tensor<8x2xf32>, tensor<2x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %qe = tensor.expand_shape %q [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %r = linalg.add ins(%x, %qe : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r : tensor<2x4x8xf32>
}

// The token index read from an argument (any values, e.g. a permutation):
// not provably the token's own position. The gather stays and the layer
// is left dense with a remark naming it.
// CHECK-LABEL: func.func @any_index
// CHECK-NOT:     mod.routed_block
// CHECK:         tensor.extract %
func.func @any_index(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>, %w2: tensor<2x8xf32>, %idx: tensor<4x1x1xi64>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %neg2 = arith.constant dense<-2> : tensor<1x1xi64>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p = linalg.matmul ins(%xf, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %heads = tensor.expand_shape %p [[0, 1], [2, 3]] output_shape [2, 4, 4, 2] : tensor<8x8xf32> into tensor<2x4x4x2xf32>
  // aranges: batch [2], tokens [4], lanes [2]
  %eb = tensor.empty() : tensor<2xi64>
  %ab = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%eb : tensor<2xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<2xi64>
  %es = tensor.empty() : tensor<4xi64>
  %as = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%es : tensor<4xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<4xi64>
  %ed = tensor.empty() : tensor<2xi64>
  %ad = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%ed : tensor<2xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<2xi64>
  %ab4 = tensor.expand_shape %ab [[0, 1, 2, 3]] output_shape [2, 1, 1, 1] : tensor<2xi64> into tensor<2x1x1x1xi64>
  %as3 = tensor.expand_shape %as [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xi64> into tensor<4x1x1xi64>
  %eg = tensor.empty() : tensor<2x4x1x2xf32>
  %g = linalg.generic {indexing_maps = [#bcast0, #bcast1, #bcast2, #bcast3, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ab4, %idx, %neg2, %ad : tensor<2x1x1x1xi64>, tensor<4x1x1xi64>, tensor<1x1xi64>, tensor<2xi64>) outs(%eg : tensor<2x4x1x2xf32>) {
  ^bb0(%i0: i64, %i1: i64, %i2: i64, %i3: i64, %o: f32):
    %n2 = arith.cmpi slt, %i2, %c0 : i64
    %wrapped = arith.addi %i2, %c4 : i64
    %s2 = arith.select %n2, %wrapped, %i2 : i64
    %x0 = arith.index_cast %i0 : i64 to index
    %x1 = arith.index_cast %i1 : i64 to index
    %x2 = arith.index_cast %s2 : i64 to index
    %x3 = arith.index_cast %i3 : i64 to index
    %v = tensor.extract %heads[%x0, %x1, %x2, %x3] : tensor<2x4x4x2xf32>
    linalg.yield %v : f32
  } -> tensor<2x4x1x2xf32>
  // Project the picked head back to D and add it to the residual.
  %gc = tensor.collapse_shape %g [[0, 1], [2, 3]] : tensor<2x4x1x2xf32> into tensor<8x2xf32>
  %q = linalg.matmul ins(%gc, %w2 : tensor<8x2xf32>, tensor<2x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %qe = tensor.expand_shape %q [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %r = linalg.add ins(%x, %qe : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r : tensor<2x4x8xf32>
}

// CHECK-LABEL: func.func @onnx_gather
// CHECK:         mod.routed_block
// CHECK:           tensor.extract_slice %{{.*}}[0, 0, 1, 0] [2, 2, 1, 2] [1, 1, 1, 1] : tensor<2x2x4x2xf32> to tensor<2x2x1x2xf32>
// CHECK-NOT:       tensor.extract %
// CHECK:           mod.yield
#onnx_idx = affine_map<(d0, d1, d2, d3) -> (d2)>
func.func @onnx_gather(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>, %w2: tensor<2x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant dense<1> : tensor<1xi64>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p = linalg.matmul ins(%xf, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %heads = tensor.expand_shape %p [[0, 1], [2, 3]] output_shape [2, 4, 4, 2] : tensor<8x8xf32> into tensor<2x4x4x2xf32>
  %eg = tensor.empty() : tensor<2x4x1x2xf32>
  %g = linalg.generic {indexing_maps = [#onnx_idx, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%one : tensor<1xi64>) outs(%eg : tensor<2x4x1x2xf32>) {
  ^bb0(%i: i64, %o: f32):
    %h = arith.index_cast %i : i64 to index
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i3 = linalg.index 3 : index
    %v = tensor.extract %heads[%i0, %i1, %h, %i3] : tensor<2x4x4x2xf32>
    linalg.yield %v : f32
  } -> tensor<2x4x1x2xf32>
  %gc = tensor.collapse_shape %g [[0, 1], [2, 3]] : tensor<2x4x1x2xf32> into tensor<8x2xf32>
  %q = linalg.matmul ins(%gc, %w2 : tensor<8x2xf32>, tensor<2x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %qe = tensor.expand_shape %q [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %r = linalg.add ins(%x, %qe : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r : tensor<2x4x8xf32>
}

// linalg.index of another dim (a transposition of tokens and lanes, not a
// slice): the gather stays and the layer is left dense.
// CHECK-LABEL: func.func @swapped_dims
// CHECK-NOT:     mod.routed_block
// CHECK:         tensor.extract %
func.func @swapped_dims(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>, %w2: tensor<2x8xf32>) -> tensor<2x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant dense<1> : tensor<1xi64>
  %e2 = tensor.empty() : tensor<8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %xf = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %p = linalg.matmul ins(%xf, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %heads = tensor.expand_shape %p [[0, 1], [2, 3]] output_shape [2, 4, 4, 2] : tensor<8x8xf32> into tensor<2x4x4x2xf32>
  %eg = tensor.empty() : tensor<2x2x1x4xf32>
  %g = linalg.generic {indexing_maps = [#onnx_idx, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%one : tensor<1xi64>) outs(%eg : tensor<2x2x1x4xf32>) {
  ^bb0(%i: i64, %o: f32):
    %h = arith.index_cast %i : i64 to index
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i3 = linalg.index 3 : index
    %v = tensor.extract %heads[%i0, %i3, %h, %i1] : tensor<2x4x4x2xf32>
    linalg.yield %v : f32
  } -> tensor<2x2x1x4xf32>
  %gc = tensor.collapse_shape %g [[0, 1, 2], [3]] : tensor<2x2x1x4xf32> into tensor<4x4xf32>
  %ge = tensor.expand_shape %gc [[0, 1], [2]] output_shape [2, 2, 4] : tensor<4x4xf32> into tensor<2x2x4xf32>
  %gt = tensor.empty() : tensor<2x4x2xf32>
  %gtt = linalg.transpose ins(%ge : tensor<2x2x4xf32>) outs(%gt : tensor<2x4x2xf32>) permutation = [0, 2, 1]
  %gf = tensor.collapse_shape %gtt [[0, 1], [2]] : tensor<2x4x2xf32> into tensor<8x2xf32>
  %q = linalg.matmul ins(%gf, %w2 : tensor<8x2xf32>, tensor<2x8xf32>) outs(%z2 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %qe = tensor.expand_shape %q [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %e3 = tensor.empty() : tensor<2x4x8xf32>
  %r = linalg.add ins(%x, %qe : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%e3 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r : tensor<2x4x8xf32>
}
