// Causal routing (threshold=) may leave padding slots (position S) in the
// selection. The routed body must never let them reach a selected token:
// per-token tables are read at a clamped position (in bounds), and every
// reduction over a token loop (softmax max and sum, attention . V) skips
// the slots whose position is S. Top-k routing has no padding: none of it.
// RUN: mod-opt %s --mod-route-dense="capacity=0.5 threshold=0.0 every=1 offset=0" | FileCheck %s --check-prefix=CAUSAL
// RUN: mod-opt %s --mod-route-dense="capacity=0.5 every=1 offset=0" | FileCheck %s --check-prefix=TOPK
// RUN: mod-opt %s --mod-route-dense="capacity=0.5 threshold=0.0 every=1 offset=0" --mod-cpu-pipeline -o /dev/null

// CAUSAL-LABEL: func.func @attention
// CAUSAL: mod.routed_block({{.*}}threshold = 0.0 : f64
// CAUSAL-NEXT: ^bb0(%xs: tensor<2x2x8xf32>, %pos: tensor<2x2xi64>):
// The constant mask, gathered at both token axes with clamped positions.
// CAUSAL: tensor.extract %pos
// CAUSAL: arith.constant 3 : index
// CAUSAL: arith.minui
// CAUSAL: tensor.extract %pos
// CAUSAL: arith.constant 3 : index
// CAUSAL: arith.minui
// CAUSAL: tensor.extract %{{.*}} : tensor<4x4xf32>
// The row max over keys: positions as an extra input, padding keeps the
// accumulator.
// CAUSAL: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %pos : tensor<2x2x2xf32>, tensor<2x2xi64>)
// CAUSAL-NEXT: ^bb0(%[[S:.*]]: f32, %[[P:.*]]: i64, %[[ACC:.*]]: f32):
// CAUSAL: %[[MAX:.*]] = arith.maximumf %[[S]], %[[ACC]] : f32
// CAUSAL: %[[PAD:.*]] = arith.cmpi eq, %[[P]], %c4_i64 : i64
// CAUSAL: %[[KEEP:.*]] = arith.select %[[PAD]], %[[ACC]], %[[MAX]] : f32
// CAUSAL-NEXT: linalg.yield %[[KEEP]] : f32
// The row sum of exponentials.
// CAUSAL: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %pos : tensor<2x2x2xf32>, tensor<2x2xi64>)
// CAUSAL: arith.cmpi eq
// CAUSAL: arith.select
// attention . V: the batch_matmul, generalized to take the positions.
// CAUSAL: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}}, %pos : tensor<2x2x2xf32>, tensor<2x2x8xf32>, tensor<2x2xi64>)
// CAUSAL: arith.cmpi eq
// CAUSAL: arith.select
// CAUSAL: mod.yield

// TOPK-LABEL: func.func @attention
// TOPK: mod.routed_block
// TOPK-NOT: arith.minui
// TOPK-NOT: arith.cmpi eq
// TOPK: linalg.batch_matmul
// TOPK: mod.yield

func.func @attention(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %mask = arith.constant dense<[[0.0, -1.0e9, -1.0e9, -1.0e9], [0.0, 0.0, -1.0e9, -1.0e9], [0.0, 0.0, 0.0, -1.0e9], [0.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %te = tensor.empty() : tensor<2x8x4xf32>
  %t = linalg.transpose ins(%x : tensor<2x4x8xf32>) outs(%te : tensor<2x8x4xf32>) permutation = [0, 2, 1]
  %se = tensor.empty() : tensor<2x4x4xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %s = linalg.batch_matmul ins(%x, %t : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%sz : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (i, j)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<2x4x4xf32>, tensor<4x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%sv: f32, %mv: f32, %o: f32):
    %v = arith.addf %sv, %mv : f32
    linalg.yield %v : f32
  } -> tensor<2x4x4xf32>
  %re = tensor.empty() : tensor<2x4xf32>
  %mi = linalg.fill ins(%ninf : f32) outs(%re : tensor<2x4xf32>) -> tensor<2x4xf32>
  %mx = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%m : tensor<2x4x4xf32>) outs(%mi : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.maximumf %a, %acc : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %ex = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %mx : tensor<2x4x4xf32>, tensor<2x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<2x4x4xf32>
  %si = linalg.fill ins(%zero : f32) outs(%re : tensor<2x4xf32>) -> tensor<2x4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%ex : tensor<2x4x4xf32>) outs(%si : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.addf %a, %acc : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, i, j) -> (b, i, j)>, affine_map<(b, i, j) -> (b, i)>, affine_map<(b, i, j) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ex, %sum : tensor<2x4x4xf32>, tensor<2x4xf32>) outs(%se : tensor<2x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.divf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<2x4x4xf32>
  %oe = tensor.empty() : tensor<2x4x8xf32>
  %oz = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %o = linalg.batch_matmul ins(%p, %x : tensor<2x4x4xf32>, tensor<2x4x8xf32>) outs(%oz : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %r1 = linalg.add ins(%x, %o : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%oe : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %r1 : tensor<2x4x8xf32>
}
