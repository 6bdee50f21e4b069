// Hand-written tm_tensor ops (torch-mlir's textual form) for the cases
// torch-mlir's own imports do not cover: exclusive scans, other combiners,
// dynamic shapes, scatter with slices along a non-leading dim, repeated,
// negative and out-of-range indices, multi-operand and integer sorts, top-k with input
// indices, rank-4 attention. Run by tm-tensor-ops.test through
// tm_tensor_case.py (expected values: numpy).

// Exclusive cumsum along dim 0 from a non-zero accumulator; both results.
func.func @scan_exclusive(%x: tensor<3x2x4xf32>, %acc0: tensor<2x4xf32>) -> (tensor<3x2x4xf32>, tensor<2x4xf32>) {
  %e = tensor.empty() : tensor<3x2x4xf32>
  %0:2 = tm_tensor.scan dimension(0) inclusive(false) ins(%x : tensor<3x2x4xf32>) outs(%e, %acc0 : tensor<3x2x4xf32>, tensor<2x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<3x2x4xf32>, tensor<2x4xf32>
  return %0#0, %0#1 : tensor<3x2x4xf32>, tensor<2x4xf32>
}

// Inclusive running maximum along the last dim (cummax), final accumulator.
func.func @scan_cummax(%x: tensor<2x3x5xf32>) -> (tensor<2x3x5xf32>, tensor<2x3xf32>) {
  %e = tensor.empty() : tensor<2x3x5xf32>
  %a = tensor.empty() : tensor<2x3xf32>
  %0:2 = tm_tensor.scan dimension(2) inclusive(true) ins(%x : tensor<2x3x5xf32>) outs(%e, %a : tensor<2x3x5xf32>, tensor<2x3xf32>) {
  ^bb0(%p: f32, %q: f32):
    %m = arith.maximumf %p, %q : f32
    tm_tensor.yield %m : f32
  } -> tensor<2x3x5xf32>, tensor<2x3xf32>
  return %0#0, %0#1 : tensor<2x3x5xf32>, tensor<2x3xf32>
}

// Dynamic shapes: cumsum along dim 1 of a ?x? tensor.
func.func @scan_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %a = tensor.empty(%d0) : tensor<?xf32>
  %af = linalg.fill ins(%zero : f32) outs(%a : tensor<?xf32>) -> tensor<?xf32>
  %0:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%x : tensor<?x?xf32>) outs(%e, %af : tensor<?x?xf32>, tensor<?xf32>) {
  ^bb0(%p: f32, %q: f32):
    %s = arith.addf %p, %q : f32
    tm_tensor.yield %s : f32
  } -> tensor<?x?xf32>, tensor<?xf32>
  return %0#0 : tensor<?x?xf32>
}

// Columns: updates [4, 4, 1] cover both dims of the original [4, 6] and
// dimension_map = [1] offsets the column by the index; indices 2 and -4 (from
// the end: 2 again) accumulate; 6 and -7 lie outside and are skipped.
func.func @scatter_columns(%orig: tensor<4x6xf32>, %upd: tensor<4x4x1xf32>, %idx: tensor<4x1xi32>) -> tensor<4x6xf32> {
  %0 = tm_tensor.scatter {dimension_map = array<i64: 1>} unique_indices(false) ins(%upd, %idx : tensor<4x4x1xf32>, tensor<4x1xi32>) outs(%orig : tensor<4x6xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// Scalar updates at (i, j) pairs with a max combiner, i64 indices: (0, 0)
// twice, (-2, -1) = (1, 3), (3, 1) outside.
func.func @scatter_points_max(%orig: tensor<3x4xf32>, %upd: tensor<5xf32>, %idx: tensor<5x2xi64>) -> tensor<3x4xf32> {
  %0 = tm_tensor.scatter {dimension_map = array<i64: 0, 1>} unique_indices(false) ins(%upd, %idx : tensor<5xf32>, tensor<5x2xi64>) outs(%orig : tensor<3x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %m = arith.maximumf %u, %o : f32
    tm_tensor.yield %m : f32
  } -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// Descending stable sort of i32 keys along dim 1 with an f32 payload.
func.func @sort_keys_desc(%k: tensor<3x7xi32>, %v: tensor<3x7xf32>) -> (tensor<3x7xi32>, tensor<3x7xf32>) {
  %0:2 = tm_tensor.sort dimension(1) outs(%k, %v : tensor<3x7xi32>, tensor<3x7xf32>) {
  ^bb0(%a: i32, %b: i32, %c: f32, %d: f32):
    %ge = arith.cmpi sge, %a, %b : i32
    tm_tensor.yield %ge : i1
  } -> tensor<3x7xi32>, tensor<3x7xf32>
  return %0#0, %0#1 : tensor<3x7xi32>, tensor<3x7xf32>
}

// 1-D ascending sort with a dynamic length.
func.func @sort_dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tm_tensor.sort dimension(0) outs(%x : tensor<?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %le = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %le : i1
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// Bottom-2 along dim 0 with explicit input indices; outputs start at +inf.
func.func @topk_min_indices(%x: tensor<6x3xf32>, %i: tensor<6x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %inf = arith.constant 0x7F800000 : f32
  %big = arith.constant 2147483647 : i32
  %ev = tensor.empty() : tensor<2x3xf32>
  %v0 = linalg.fill ins(%inf : f32) outs(%ev : tensor<2x3xf32>) -> tensor<2x3xf32>
  %ei = tensor.empty() : tensor<2x3xi32>
  %i0 = linalg.fill ins(%big : i32) outs(%ei : tensor<2x3xi32>) -> tensor<2x3xi32>
  %0:2 = tm_tensor.topk dimension(0) ins(%x, %i : tensor<6x3xf32>, tensor<6x3xi32>) outs(%v0, %i0 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %lt = arith.cmpf olt, %a, %b : f32
    tm_tensor.yield %lt : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
}

// Top-3 along the last dim, indices from positions.
func.func @topk_max(%x: tensor<2x9xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %big = arith.constant 2147483647 : i32
  %ev = tensor.empty() : tensor<2x3xf32>
  %v0 = linalg.fill ins(%ninf : f32) outs(%ev : tensor<2x3xf32>) -> tensor<2x3xf32>
  %ei = tensor.empty() : tensor<2x3xi32>
  %i0 = linalg.fill ins(%big : i32) outs(%ei : tensor<2x3xi32>) -> tensor<2x3xi32>
  %0:2 = tm_tensor.topk dimension(1) ins(%x : tensor<2x9xf32>) outs(%v0, %i0 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %gt = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %gt : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
}

// Rank-4 attention (two batch dims), L != M, value head dim != query's,
// default scale 1/sqrt(8), no mask.
func.func @attention_rank4(%q: tensor<2x2x3x8xf32>, %k: tensor<2x2x5x8xf32>, %v: tensor<2x2x5x4xf32>) -> tensor<2x2x3x4xf32> {
  %e = tensor.empty() : tensor<2x2x3x4xf32>
  %0 = tm_tensor.attention ins(%q, %k, %v : tensor<2x2x3x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x4xf32>) outs(%e : tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
  return %0 : tensor<2x2x3x4xf32>
}

// Dynamic shapes with an additive mask and an explicit scale.
func.func @attention_dynamic(%q: tensor<?x?x?xf32>, %k: tensor<?x?x?xf32>, %v: tensor<?x?x?xf32>, %m: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %b = tensor.dim %q, %c0 : tensor<?x?x?xf32>
  %s = tensor.dim %q, %c1 : tensor<?x?x?xf32>
  %d = tensor.dim %v, %c2 : tensor<?x?x?xf32>
  %e = tensor.empty(%b, %s, %d) : tensor<?x?x?xf32>
  %0 = tm_tensor.attention {scale = 2.500000e-01 : f64} ins(%q, %k, %v, %m : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%e : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}
