// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 every=1 offset=0 report=true" 2>&1 | FileCheck %s
// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 every=1 offset=0" | mod-opt --mod-cpu-pipeline -o /dev/null

// A post-LayerNorm stack (GPT-1, OPT-350m): each sub-block's sum is
// normalized per token, h = norm(x + attn(x)), y = norm(h + mlp(h)), and the
// stream goes on from the norms. mod-route-dense follows the stream through
// a norm that nothing else reads, and takes the last layer's final norm
// (followed by the head, not by another layer) because it is the same ops
// as the other norms. The routed block computes the whole layer, norms
// included, and yields output - x (no sum of branches to yield).

// CHECK: mod-route-dense: @post_norm: 2 layer(s), B=2 S=4 D=8, capacity=0.5 (k=2), gate=raw
// CHECK-NEXT: layer 0: routed S=4 k=2
// CHECK-NEXT: layer 1: routed S=4 k=2

// CHECK-LABEL: func.func @post_norm
// CHECK: %[[Y0:.*]] = mod.routed_block(%{{.*}}, %{{.*}})
// CHECK: ^bb0(%[[XS:.*]]: tensor<2x2x8xf32>, %{{.*}}: tensor<2x2xi64>):
// CHECK: linalg.batch_matmul ins(%[[XS]]
// Both norms of the layer are inside the block: two mean-square reductions.
// CHECK-COUNT-2: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: %[[OUT:.*]] = linalg.generic
// CHECK: %[[U:.*]] = linalg.sub ins(%[[OUT]], %[[XS]] : tensor<2x2x8xf32>, tensor<2x2x8xf32>)
// CHECK-NEXT: mod.yield %[[U]]
// CHECK: %[[Y1:.*]] = mod.routed_block(%[[Y0]], %{{.*}})
// CHECK-COUNT-2: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: linalg.sub
// CHECK: mod.yield
// Nothing of the last layer's norm is left outside: the head reads the block.
// CHECK-NOT: "reduction"
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<8x8xf32>, tensor<8x8xf32>)
// CHECK: return

// The last layer followed by other ops than the norms before it (a scale,
// then the head): they are not taken as its norm. The last layer's second
// sub-block ends at its sum (its only reduction is its first norm's), and
// the scale stays after the block.
// CHECK-LABEL: func.func @other_final_op
// CHECK: mod.routed_block
// CHECK-COUNT-2: "reduction"
// CHECK: mod.yield
// CHECK: %[[B:.*]] = mod.routed_block
// CHECK: "reduction"
// CHECK-NOT: "reduction"
// CHECK: %[[U:.*]] = linalg.sub
// CHECK-NEXT: mod.yield %[[U]]
// CHECK: linalg.generic {{.*}} ins(%[[B]] : tensor<2x4x8xf32>)
// CHECK: arith.mulf

func.func @post_norm(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %w = arith.constant dense<0.125> : tensor<8x8xf32>
  %l0 = call @layer(%x, %w) : (tensor<2x4x8xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer(%l0, %w) : (tensor<2x4x8xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  %zero = arith.constant 0.0 : f32
  %flat = tensor.collapse_shape %l1 [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %fe = tensor.empty() : tensor<8x8xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%fe : tensor<8x8xf32>) -> tensor<8x8xf32>
  %head = linalg.matmul ins(%flat, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%fz : tensor<8x8xf32>) -> tensor<8x8xf32>
  %out = tensor.expand_shape %head [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %out : tensor<2x4x8xf32>
}

func.func @other_final_op(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %w = arith.constant dense<0.125> : tensor<8x8xf32>
  %l0 = call @layer(%x, %w) : (tensor<2x4x8xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer_then(%l0, %w) : (tensor<2x4x8xf32>, tensor<8x8xf32>) -> tensor<2x4x8xf32>
  %half = arith.constant 0.5 : f32
  %e = tensor.empty() : tensor<2x4x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(b, s, d) -> (b, s, d)>, affine_map<(b, s, d) -> (b, s, d)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%l1 : tensor<2x4x8xf32>) outs(%e : tensor<2x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %y = arith.mulf %v, %half : f32
    linalg.yield %y : f32
  } -> tensor<2x4x8xf32>
  return %scaled : tensor<2x4x8xf32>
}

// x / sqrt(mean(x^2) + eps) per token.
func.func private @norm(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  %d = arith.constant 8.0 : f32
  %se = tensor.empty() : tensor<2x4xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4xf32>) -> tensor<2x4xf32>
  %ss = linalg.generic {indexing_maps = [affine_map<(b, s, d) -> (b, s, d)>, affine_map<(b, s, d) -> (b, s)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<2x4x8xf32>) outs(%sz : tensor<2x4xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %sq = arith.mulf %v, %v : f32
    %a = arith.addf %acc, %sq : f32
    linalg.yield %a : f32
  } -> tensor<2x4xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %n = linalg.generic {indexing_maps = [affine_map<(b, s, d) -> (b, s, d)>, affine_map<(b, s, d) -> (b, s)>, affine_map<(b, s, d) -> (b, s, d)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %ss : tensor<2x4x8xf32>, tensor<2x4xf32>) outs(%oe : tensor<2x4x8xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %mean = arith.divf %s, %d : f32
    %me = arith.addf %mean, %eps : f32
    %r = math.rsqrt %me : f32
    %y = arith.mulf %v, %r : f32
    linalg.yield %y : f32
  } -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// Post-norm layer: h = norm(x + mix(x)), y = norm(h + tanh(h W)).
func.func private @layer(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %te = tensor.empty() : tensor<2x8x4xf32>
  %t = linalg.transpose ins(%x : tensor<2x4x8xf32>) outs(%te : tensor<2x8x4xf32>) permutation = [0, 2, 1]
  %se = tensor.empty() : tensor<2x4x4xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %s = linalg.batch_matmul ins(%x, %t : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%sz : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<2x4x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%sv: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %ok = arith.cmpi uge, %i, %j : index
    %r = arith.select %ok, %sv, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x4x4xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %oz = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %o = linalg.batch_matmul ins(%m, %x : tensor<2x4x4xf32>, tensor<2x4x8xf32>) outs(%oz : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %h = call @norm(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %flat = tensor.collapse_shape %h [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %fe = tensor.empty() : tensor<8x8xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%fe : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mm = linalg.matmul ins(%flat, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%fz : tensor<8x8xf32>) -> tensor<8x8xf32>
  %th = math.tanh %mm : tensor<8x8xf32>
  %f = tensor.expand_shape %th [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %r2 = linalg.add ins(%h, %f : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %y = call @norm(%r2) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// The layer without its last norm: h = norm(x + mix(x)), h + tanh(h W).
func.func private @layer_then(%x: tensor<2x4x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %te = tensor.empty() : tensor<2x8x4xf32>
  %t = linalg.transpose ins(%x : tensor<2x4x8xf32>) outs(%te : tensor<2x8x4xf32>) permutation = [0, 2, 1]
  %se = tensor.empty() : tensor<2x4x4xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %s = linalg.batch_matmul ins(%x, %t : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%sz : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<2x4x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%sv: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %ok = arith.cmpi uge, %i, %j : index
    %r = arith.select %ok, %sv, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x4x4xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %oz = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %o = linalg.batch_matmul ins(%m, %x : tensor<2x4x4xf32>, tensor<2x4x8xf32>) outs(%oz : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %h = call @norm(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %flat = tensor.collapse_shape %h [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %fe = tensor.empty() : tensor<8x8xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%fe : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mm = linalg.matmul ins(%flat, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%fz : tensor<8x8xf32>) -> tensor<8x8xf32>
  %th = math.tanh %mm : tensor<8x8xf32>
  %f = tensor.expand_shape %th [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %r2 = linalg.add ins(%h, %f : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}
