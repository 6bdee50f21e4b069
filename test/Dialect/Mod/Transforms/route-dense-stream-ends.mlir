// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 every=1 offset=0 report=true" -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT
// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 every=1 offset=0" -split-input-file 2>/dev/null | FileCheck %s
// RUN: mod-opt %s --inline --mod-route-dense="capacity=0.5 every=1 offset=0" -split-input-file | mod-opt --mod-cpu-pipeline -split-input-file -o /dev/null

// Where the residual stream starts and ends: a sub-block the stream does
// not recognize at either end must not leave a part of a layer to route.

// The first layer's branch reads the stream through another shape: the
// embedding is a [1, B*S, D] tensor (TOSA's gather), reshaped to [B, S, D]
// for the residual sum, while the first projection reads the [1, B*S, D]
// tensor itself (the canonicalizer folded its reshape back to it). Without
// relating the two, the stream began at the first sum and "layer 0" was
// layer 0's MLP alone (a routed OLMo 2 through TOSA differed from the
// model by 1.1). mod-route-dense reads the branch's input back from the
// stream value (collapse + expand: the same values), so layer 0 is the
// whole layer.

// REPORT: mod-route-dense: @reshaped_embedding: 2 layer(s), B=2 S=4 D=8, capacity=0.5 (k=2), gate=raw
// REPORT-NEXT: layer 0: routed S=4 k=2 FLOPs dense=[[FLOPS:[0-9.e+]+]]
// REPORT-NEXT: layer 1: routed S=4 k=2 FLOPs dense=[[FLOPS]]
// CHECK-LABEL: func.func @reshaped_embedding
// CHECK: %[[X0:.*]] = tensor.expand_shape %{{.*}} output_shape [2, 4, 8]
// CHECK: mod.routed_block(%[[X0]], %{{.*}})
// CHECK: ^bb0(%[[XS:.*]]: tensor<2x2x8xf32>, %{{.*}}: tensor<2x2xi64>):
// The projection reads the selected tokens, reshaped to the [1, N, D] form.
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[XS]] {{\[}}[0, 1], [2]] : tensor<2x2x8xf32> into tensor<4x8xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[C]] {{\[}}[0, 1], [2]] output_shape [1, 4, 8]
// CHECK: linalg.batch_matmul ins(%[[E]], %{{.*}} : tensor<1x4x8xf32>, tensor<1x8x8xf32>)
// CHECK: mod.yield
// CHECK: mod.routed_block
// CHECK: mod.yield

func.func @reshaped_embedding(%emb: tensor<1x8x8xf32>) -> tensor<2x4x8xf32> {
  %w = arith.constant dense<0.125> : tensor<1x8x8xf32>
  %zero = arith.constant 0.0 : f32
  %flat = tensor.collapse_shape %emb [[0, 1], [2]] : tensor<1x8x8xf32> into tensor<8x8xf32>
  %x0 = tensor.expand_shape %flat [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  // Layer 0: the projection reads %emb, not %x0.
  %pe = tensor.empty() : tensor<1x8x8xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.batch_matmul ins(%emb, %w : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%pz : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %pf = tensor.collapse_shape %p [[0, 1], [2]] : tensor<1x8x8xf32> into tensor<8x8xf32>
  %q = tensor.expand_shape %pf [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %o = call @mix(%q) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x0, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %m1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer(%r2) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %l1 : tensor<2x4x8xf32>
}

// Causal attention-like token mixing: softmax-free (s = x x^T, masked
// causally, then s x).
func.func private @mix(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
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
  return %o : tensor<2x4x8xf32>
}

// tanh(x W) on the tokens flattened to [1, B*S, D], as TOSA's matmul has it.
func.func private @mlp(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %w = arith.constant dense<0.25> : tensor<1x8x8xf32>
  %zero = arith.constant 0.0 : f32
  %f = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %a = tensor.expand_shape %f [[0, 1], [2]] output_shape [1, 8, 8] : tensor<8x8xf32> into tensor<1x8x8xf32>
  %e = tensor.empty() : tensor<1x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %mm = linalg.batch_matmul ins(%a, %w : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%z : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %th = math.tanh %mm : tensor<1x8x8xf32>
  %g = tensor.collapse_shape %th [[0, 1], [2]] : tensor<1x8x8xf32> into tensor<8x8xf32>
  %y = tensor.expand_shape %g [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// x + mix(x), then h + mlp(h).
func.func private @layer(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %w = arith.constant dense<0.125> : tensor<1x8x8xf32>
  %zero = arith.constant 0.0 : f32
  %f = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %a = tensor.expand_shape %f [[0, 1], [2]] output_shape [1, 8, 8] : tensor<8x8xf32> into tensor<1x8x8xf32>
  %pe = tensor.empty() : tensor<1x8x8xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.batch_matmul ins(%a, %w : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%pz : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %pf = tensor.collapse_shape %p [[0, 1], [2]] : tensor<1x8x8xf32> into tensor<8x8xf32>
  %q = tensor.expand_shape %pf [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %o = call @mix(%q) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %m1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}

// -----

// The first branch reads the stream through a value that is not a reshape
// of it (here the stream is 2 e, the branch reads e): the stream starts at the first sum, and its
// first layer has no token-mixing sub-block while the other one has. That
// "layer" is part of a layer: it stays dense, with a remark (layer 1 is
// whole, and routed).

// REPORT: remark: mod-route-dense: layer 0 left dense: it has no token-mixing sub-block (attention) while the other layers start with one
// REPORT: mod-route-dense: @scaled_stream: 2 layer(s), B=2 S=4 D=8
// REPORT-NEXT: layer 0: dense S=4 k=4 FLOPs dense=1024
// REPORT-NEXT: layer 1: routed S=4 k=2 FLOPs dense=2048
// CHECK-LABEL: func.func @scaled_stream
// CHECK-COUNT-1: mod.routed_block
// CHECK-NOT: mod.routed_block

func.func @scaled_stream(%e: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %two = arith.constant 2.0 : f32
  %ce = tensor.empty() : tensor<2x4x8xf32>
  %x0 = linalg.generic {indexing_maps = [affine_map<(b, s, d) -> (b, s, d)>, affine_map<(b, s, d) -> (b, s, d)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%e : tensor<2x4x8xf32>) outs(%ce : tensor<2x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %y = arith.mulf %v, %two : f32
    linalg.yield %y : f32
  } -> tensor<2x4x8xf32>
  %o = call @mix(%e) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x0, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %m1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer(%r2) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %l1 : tensor<2x4x8xf32>
}

func.func private @mix(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
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
  return %o : tensor<2x4x8xf32>
}

func.func private @mlp(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %w = arith.constant dense<0.25> : tensor<8x8xf32>
  %zero = arith.constant 0.0 : f32
  %f = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mm = linalg.matmul ins(%f, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z : tensor<8x8xf32>) -> tensor<8x8xf32>
  %th = math.tanh %mm : tensor<8x8xf32>
  %y = tensor.expand_shape %th [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

func.func private @layer(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %o = call @mix(%x) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %m1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}

// -----

// The last sub-block's sum in a form that is not an add (x - (-m)): the
// stream ends one sub-block early, and the last layer has one sub-block
// where the others have two. That layer stays dense, with a remark; the
// others are routed.

// REPORT: remark: mod-route-dense: layer 2 left dense: it has 1 sub-block(s) while every other layer has 2: the sum of its last sub-block was not recognized
// REPORT: mod-route-dense: @unrecognized_last_sum: 3 layer(s), B=2 S=4 D=8
// REPORT-NEXT: layer 0: routed S=4 k=2
// REPORT-NEXT: layer 1: routed S=4 k=2
// REPORT-NEXT: layer 2: dense S=4 k=4
// CHECK-LABEL: func.func @unrecognized_last_sum
// CHECK-COUNT-2: mod.routed_block
// CHECK-NOT: mod.routed_block

func.func @unrecognized_last_sum(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %l0 = call @layer(%x) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %l1 = call @layer(%l0) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %o = call @mix(%l1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%l1, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %neg = linalg.negf ins(%m1 : tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.sub ins(%r1, %neg : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}

func.func private @mix(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %zero = arith.constant 0.0 : f32
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
  return %o : tensor<2x4x8xf32>
}

func.func private @mlp(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %w = arith.constant dense<0.25> : tensor<8x8xf32>
  %zero = arith.constant 0.0 : f32
  %f = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x4x8xf32> into tensor<8x8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mm = linalg.matmul ins(%f, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%z : tensor<8x8xf32>) -> tensor<8x8xf32>
  %th = math.tanh %mm : tensor<8x8xf32>
  %y = tensor.expand_shape %th [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

func.func private @layer(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> attributes {llvm.linkage = #llvm.linkage<internal>} {
  %o = call @mix(%x) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %m1 = call @mlp(%r1) : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r2 = linalg.add ins(%r1, %m1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r2 : tensor<2x4x8xf32>
}
