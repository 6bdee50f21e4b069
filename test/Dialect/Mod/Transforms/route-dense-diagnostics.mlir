// What mod-route-dense does with IR it cannot route: a remark and unchanged
// IR for layers and functions; an error (exit 1) for bad options and router
// arguments.
// RUN: mod-opt %s --split-input-file --verify-diagnostics --mod-route-dense="every=1 offset=0"
// RUN: not mod-opt %s --split-input-file --mod-route-dense="capacity=1.5" 2>&1 | FileCheck %s --check-prefix=CAP
// RUN: not mod-opt %s --split-input-file --mod-route-dense="gate=softmax" 2>&1 | FileCheck %s --check-prefix=GATE
// RUN: not mod-opt %s --split-input-file --mod-route-dense="every=0" 2>&1 | FileCheck %s --check-prefix=EVERY
// RUN: not mod-opt %s --split-input-file --mod-route-dense="threshold=inf" 2>&1 | FileCheck %s --check-prefix=THRESHOLD
// THRESHOLD: error: mod-route-dense: threshold must be a finite number (causal routing), got INF
// CAP: error: mod-route-dense: capacity must be in (0, 1], got 1.5
// GATE: error: mod-route-dense: gate must be raw, sigmoid or none, got 'softmax'
// EVERY: error: mod-route-dense: every must be >= 1, got 0

// A token-mixing op the analysis does not know (tensor.concat along the
// sequence) leaves the layer dense, with a remark on that op.
func.func @concat_mixes_tokens(%x: tensor<1x4x8xf32>, %w: tensor<8xf32> {mod.router = 0 : i64}) -> tensor<1x4x8xf32> {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %head = tensor.extract_slice %x[0, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<1x4x8xf32> to tensor<1x2x8xf32>
  // expected-remark @-1 {{mod-route-dense: layer 0 left dense: cannot prove how 'tensor.extract_slice' mixes tokens: it slices part of a batch/token axis}}
  %cat = tensor.concat dim(1) %head, %head : (tensor<1x2x8xf32>, tensor<1x2x8xf32>) -> tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %cat : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// -----

// An intermediate value of the layer is also returned: the layer stays dense.
func.func @value_escapes(%x: tensor<1x4x8xf32>, %w: tensor<8xf32> {mod.router = 0 : i64}) -> (tensor<1x4x8xf32>, tensor<1x4x8xf32>) {
  %e = tensor.empty() : tensor<1x4x8xf32>
  // expected-remark @+1 {{mod-route-dense: layer 0 left dense: a value computed by 'math.tanh' is used after the layer}}
  %t = math.tanh %x : tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %t : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r, %t : tensor<1x4x8xf32>, tensor<1x4x8xf32>
}

// -----

// Not a transformer: no residual stream.
// expected-remark @+1 {{mod-route-dense: no residual stream of statically shaped [B, S, D] tensors in @not_a_transformer; left unchanged}}
func.func @not_a_transformer(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

// Dynamic shapes: no static residual stream.
// expected-remark @+1 {{mod-route-dense: no residual stream of statically shaped [B, S, D] tensors in @dynamic; left unchanged}}
func.func @dynamic(%x: tensor<?x?x8xf32>, %e: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %t = math.tanh %x : tensor<?x?x8xf32>
  %r = linalg.add ins(%x, %t : tensor<?x?x8xf32>, tensor<?x?x8xf32>) outs(%e : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %r : tensor<?x?x8xf32>
}

// -----

// A router argument of the wrong type is an error naming the argument.
// expected-error @+1 {{mod-route-dense: router argument #1 of @bad_router for layer 0 must be 'tensor<8xf32>', got 'tensor<4xf32>'}}
func.func @bad_router(%x: tensor<1x4x8xf32>, %w: tensor<4xf32> {mod.router = 0 : i64}) -> tensor<1x4x8xf32> {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %t = math.tanh %x : tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %t : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// -----

// No router argument and callers in the module: an error, not a silent change.
// expected-error @+1 {{mod-route-dense: @called has callers in the module, so a router-weight argument for layer 0 cannot be appended; add an argument 'tensor<8xf32>' {mod.router = 0 : i64} yourself}}
func.func @called(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %t = math.tanh %x : tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %t : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}
func.func @caller(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %r = call @called(%x) : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// -----

// Concatenation along the sequence mixes tokens: dense, with a remark.
func.func @concat_along_tokens(%x: tensor<1x4x8xf32>, %w: tensor<8xf32> {mod.router = 0 : i64}) -> tensor<1x4x8xf32> {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %t = math.tanh %x : tensor<1x4x8xf32>
  // expected-remark @+1 {{mod-route-dense: layer 0 left dense: cannot prove how 'tensor.concat' mixes tokens: it concatenates along a batch/token axis}}
  %cat = tensor.concat dim(1) %t, %t : (tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x8x8xf32>
  %h = tensor.extract_slice %cat[0, 0, 0] [1, 4, 8] [1, 1, 1] : tensor<1x8x8xf32> to tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %h : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// -----

// Padding the sequence (a shift by one token) mixes tokens.
func.func @pad_along_tokens(%x: tensor<1x4x8xf32>, %w: tensor<8xf32> {mod.router = 0 : i64}) -> tensor<1x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8xf32>
  %head = tensor.extract_slice %x[0, 0, 0] [1, 4, 8] [1, 1, 1] : tensor<1x4x8xf32> to tensor<1x4x8xf32>
  // expected-remark @+1 {{mod-route-dense: layer 0 left dense: cannot prove how 'tensor.pad' mixes tokens: it pads a batch/token axis}}
  %p = tensor.pad %head low[0, 1, 0] high[0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<1x4x8xf32> to tensor<1x5x8xf32>
  %s = tensor.extract_slice %p[0, 0, 0] [1, 4, 8] [1, 1, 1] : tensor<1x5x8xf32> to tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %s : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// -----

// Writing part of the sequence (one row replaced) mixes tokens.
func.func @insert_part_of_tokens(%x: tensor<1x4x8xf32>, %row: tensor<1x1x8xf32>, %w: tensor<8xf32> {mod.router = 0 : i64}) -> tensor<1x4x8xf32> {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %t = math.tanh %x : tensor<1x4x8xf32>
  // expected-remark @+1 {{mod-route-dense: layer 0 left dense: cannot prove how 'tensor.insert_slice' mixes tokens: it writes part of a batch/token axis}}
  %ins = tensor.insert_slice %row into %t[0, 3, 0] [1, 1, 8] [1, 1, 1] : tensor<1x1x8xf32> into tensor<1x4x8xf32>
  %r = linalg.add ins(%x, %ins : tensor<1x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}
