// RUN: mod-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(func.func(mod-fuse-attention{score-tile-bytes=64 report=true},canonicalize,cse))" | FileCheck %s
// RUN: mod-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(func.func(mod-fuse-attention{score-tile-bytes=64 parallel=false report=true},canonicalize,cse))" | FileCheck %s --check-prefix=SERIAL

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>

// Our GPT builder's spelling: Q x K^T, scale + causal mask from
// linalg.index, max / exp / sum / divide, P x V. 8 keys x 4 bytes = 32 bytes
// per score row, so 64 bytes are 2 rows: 2 heads x 4 row blocks, each
// computing its own 2x8 scores (no 2x8x8 score tensor outside the loop).
// CHECK-LABEL: func.func @builder_form
// CHECK:         scf.forall (%[[H:.*]], %[[R:.*]]) = (0, 0) to (2, 8) step (1, 2)
// CHECK:           %[[Q:.*]] = tensor.extract_slice %{{.*}}[%[[H]], %[[R]], 0] [1, 2, 4]
// CHECK:           linalg.batch_matmul ins(%[[Q]], %{{.*}} : tensor<1x2x4xf32>, tensor<1x4x8xf32>) {{.*}} -> tensor<1x2x8xf32>
// CHECK:           linalg.index 1
// CHECK:           arith.maximumf
// CHECK:           math.exp
// CHECK:           arith.addf
// CHECK:           arith.divf
// CHECK:           linalg.batch_matmul ins({{.*}} : tensor<1x2x8xf32>, tensor<1x8x4xf32>) {{.*}} -> tensor<1x2x4xf32>
// CHECK:           tensor.parallel_insert_slice {{.*}}[%[[H]], %[[R]], 0] [1, 2, 4]
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return
// SERIAL-LABEL: func.func @builder_form
// SERIAL-NOT:     scf.forall
// SERIAL:         scf.for
// SERIAL:           scf.for
// SERIAL:             linalg.batch_matmul {{.*}} -> tensor<1x2x8xf32>
// SERIAL:             linalg.batch_matmul {{.*}} -> tensor<1x2x4xf32>
func.func @builder_form(%q: tensor<2x8x4xf32>, %kt: tensor<2x4x8xf32>, %v: tensor<2x8x4xf32>) -> tensor<2x8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %scale = arith.constant 0.5 : f32
  %e3 = tensor.empty() : tensor<2x8x8xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x8x4xf32>, tensor<2x4x8xf32>) outs(%z3 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %m = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x8x8xf32>) outs(%e3 : tensor<2x8x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %v0 = arith.mulf %a, %scale : f32
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %ok = arith.cmpi uge, %i, %j : index
    %r = arith.select %ok, %v0, %ninf : f32
    linalg.yield %r : f32
  } -> tensor<2x8x8xf32>
  %e2 = tensor.empty() : tensor<2x8xf32>
  %n2 = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %mx = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%m : tensor<2x8x8xf32>) outs(%n2 : tensor<2x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.maximumf %a, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x8xf32>
  %ex = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%m, %mx : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%e3 : tensor<2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    %r = math.exp %d : f32
    linalg.yield %r : f32
  } -> tensor<2x8x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%ex : tensor<2x8x8xf32>) outs(%z2 : tensor<2x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.addf %a, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x8xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%e3 : tensor<2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.divf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<2x8x8xf32>
  %eo = tensor.empty() : tensor<2x8x4xf32>
  %zo = linalg.fill ins(%zero : f32) outs(%eo : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  // expected-remark @+1 {{attention fused in row blocks of 2 (scores 2x8}}
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x8x8xf32>, tensor<2x8x4xf32>) outs(%zo : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %o : tensor<2x8x4xf32>
}

// -----

#m4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#keep = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#mask = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>

// torch-mlir's spelling (from a transformers LLaMA export): [B*H, S, S]
// scores expanded to [B, H, S, S], an additive mask broadcast over heads,
// keepdim reductions through (.., 0) output maps, the safe-softmax guard
// (rows that are all -inf give 0), collapsed back for P x V. The fusion
// goes through the reshapes (a tile of one (b, h) delinearizes its index)
// and the unit dims are dropped first.
// CHECK-LABEL: func.func @torch_mlir_form
// CHECK:         scf.forall (%[[BH:.*]], %[[R:.*]]) = (0, 0) to (4, 8) step (1, 2)
// CHECK:           affine.delinearize_index %[[BH]] into (2, 2)
// CHECK:           linalg.batch_matmul {{.*}} -> tensor<1x2x8xf32>
// CHECK-DAG:       arith.andi
// CHECK-DAG:       arith.maximumf
// CHECK-DAG:       math.exp
// CHECK:           linalg.batch_matmul {{.*}} -> tensor<1x2x4xf32>
// CHECK:           tensor.parallel_insert_slice
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return
func.func @torch_mlir_form(%q: tensor<4x8x4xf32>, %kt: tensor<4x4x8xf32>, %v: tensor<4x8x4xf32>, %mask: tensor<2x1x8x8xf32>) -> tensor<4x8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %ninf64 = arith.constant 0xFFF0000000000000 : f64
  %true = arith.constant true
  %e3 = tensor.empty() : tensor<4x8x8xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<4x8x4xf32>, tensor<4x4x8xf32>) outs(%z3 : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [2, 2, 8, 8] : tensor<4x8x8xf32> into tensor<2x2x8x8xf32>
  %e4 = tensor.empty() : tensor<2x2x8x8xf32>
  %sm = linalg.generic {indexing_maps = [#m4, #mask, #m4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s4, %mask : tensor<2x2x8x8xf32>, tensor<2x1x8x8xf32>) outs(%e4 : tensor<2x2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x8xf32>
  %ek = tensor.empty() : tensor<2x2x8x1xf32>
  %nk = linalg.fill ins(%ninf : f32) outs(%ek : tensor<2x2x8x1xf32>) -> tensor<2x2x8x1xf32>
  %mx = linalg.generic {indexing_maps = [#m4, #keep], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%sm : tensor<2x2x8x8xf32>) outs(%nk : tensor<2x2x8x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.maximumf %a, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x1xf32>
  %ex = linalg.generic {indexing_maps = [#m4, #keep, #m4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sm, %mx : tensor<2x2x8x8xf32>, tensor<2x2x8x1xf32>) outs(%e4 : tensor<2x2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    %r = math.exp %d : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x8xf32>
  %zk = linalg.fill ins(%zero : f32) outs(%ek : tensor<2x2x8x1xf32>) -> tensor<2x2x8x1xf32>
  %sum = linalg.generic {indexing_maps = [#m4, #keep], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%ex : tensor<2x2x8x8xf32>) outs(%zk : tensor<2x2x8x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.addf %a, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x1xf32>
  %p = linalg.generic {indexing_maps = [#m4, #keep, #m4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x2x8x8xf32>, tensor<2x2x8x1xf32>) outs(%e4 : tensor<2x2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.divf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x8xf32>
  // Safe softmax: a row whose scores are all -inf is 0, not NaN.
  %eb = tensor.empty() : tensor<2x2x8x8xi1>
  %isinf = linalg.generic {indexing_maps = [#m4, #m4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sm : tensor<2x2x8x8xf32>) outs(%eb : tensor<2x2x8x8xi1>) {
  ^bb0(%a: f32, %o: i1):
    %w = arith.extf %a : f32 to f64
    %r = arith.cmpf oeq, %w, %ninf64 : f64
    linalg.yield %r : i1
  } -> tensor<2x2x8x8xi1>
  %ebk = tensor.empty() : tensor<2x2x8x1xi1>
  %tk = linalg.fill ins(%true : i1) outs(%ebk : tensor<2x2x8x1xi1>) -> tensor<2x2x8x1xi1>
  %all = linalg.generic {indexing_maps = [#m4, #keep], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%isinf : tensor<2x2x8x8xi1>) outs(%tk : tensor<2x2x8x1xi1>) {
  ^bb0(%a: i1, %o: i1):
    %r = arith.andi %a, %o : i1
    linalg.yield %r : i1
  } -> tensor<2x2x8x1xi1>
  %safe = linalg.generic {indexing_maps = [#keep, #m4, #m4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%all, %p : tensor<2x2x8x1xi1>, tensor<2x2x8x8xf32>) outs(%e4 : tensor<2x2x8x8xf32>) {
  ^bb0(%a: i1, %b: f32, %o: f32):
    %r = arith.select %a, %zero, %b : f32
    linalg.yield %r : f32
  } -> tensor<2x2x8x8xf32>
  %p3 = tensor.collapse_shape %safe [[0, 1], [2], [3]] : tensor<2x2x8x8xf32> into tensor<4x8x8xf32>
  %eo = tensor.empty() : tensor<4x8x4xf32>
  %zo = linalg.fill ins(%zero : f32) outs(%eo : tensor<4x8x4xf32>) -> tensor<4x8x4xf32>
  // expected-remark @+1 {{attention fused in row blocks of 2}}
  %o = linalg.batch_matmul ins(%p3, %v : tensor<4x8x8xf32>, tensor<4x8x4xf32>) outs(%zo : tensor<4x8x4xf32>) -> tensor<4x8x4xf32>
  return %o : tensor<4x8x4xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row2 = affine_map<(d0, d1) -> (d0)>

// A linear, a row norm, another linear: the same chain unbatched (an MLP
// after RMSNorm). Fusing it would repack the second weight for every row
// block: left alone, silently (no remark: it is no attention).
// CHECK-LABEL: func.func @norm_between_linears
// CHECK-NOT:     scf.forall
// CHECK-NOT:     scf.for
// CHECK:         return
func.func @norm_between_linears(%x: tensor<8x4xf32>, %w1: tensor<4x4xf32>, %w2: tensor<4x6xf32>) -> tensor<8x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %h = linalg.matmul ins(%x, %w1 : tensor<8x4xf32>, tensor<4x4xf32>) outs(%z : tensor<8x4xf32>) -> tensor<8x4xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ss = linalg.generic {indexing_maps = [#id2, #row2], iterator_types = ["parallel", "reduction"]}
      ins(%h : tensor<8x4xf32>) outs(%z1 : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %sq = arith.mulf %a, %a : f32
    %r = arith.addf %sq, %o : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %n = linalg.generic {indexing_maps = [#id2, #row2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%h, %ss : tensor<8x4xf32>, tensor<8xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.divf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<8x4xf32>
  %eo = tensor.empty() : tensor<8x6xf32>
  %zo = linalg.fill ins(%zero : f32) outs(%eo : tensor<8x6xf32>) -> tensor<8x6xf32>
  %o = linalg.matmul ins(%n, %w2 : tensor<8x4xf32>, tensor<4x6xf32>) outs(%zo : tensor<8x6xf32>) -> tensor<8x6xf32>
  return %o : tensor<8x6xf32>
}

// -----

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// Two batched products with only an elementwise op between them: no softmax,
// so no attention; reported and left alone.
// CHECK-LABEL: func.func @no_softmax
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @no_softmax(%a: tensor<2x8x4xf32>, %b: tensor<2x4x8xf32>, %c: tensor<2x8x4xf32>) -> tensor<2x8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<2x8x8xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %s = linalg.batch_matmul ins(%a, %b : tensor<2x8x4xf32>, tensor<2x4x8xf32>) outs(%z3 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %t = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x8x8xf32>) outs(%e3 : tensor<2x8x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = math.tanh %x : f32
    linalg.yield %r : f32
  } -> tensor<2x8x8xf32>
  %eo = tensor.empty() : tensor<2x8x4xf32>
  %zo = linalg.fill ins(%zero : f32) outs(%eo : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  // expected-remark @+1 {{left alone: no reduction (softmax) between the two contractions}}
  %o = linalg.batch_matmul ins(%t, %c : tensor<2x8x8xf32>, tensor<2x8x4xf32>) outs(%zo : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %o : tensor<2x8x4xf32>
}
