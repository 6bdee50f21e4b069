// Every verifier message of the mod dialect, one case per split.
// RUN: mod-opt %s -split-input-file -verify-diagnostics

func.func @capacity_zero(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op capacity must be in (0, 1], got 0}}
  %y = mod.routed_block(%x, %w) {capacity = 0.0 : f64, gate = "raw"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x1x32xf32>, %pos: tensor<2x1xi64>):
    mod.yield %xs : tensor<2x1x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @capacity_above_one(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op capacity must be in (0, 1], got 1.5}}
  %y = mod.routed_block(%x, %w) {capacity = 1.5 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x16x32xf32>, %pos: tensor<2x16xi64>):
    mod.yield %xs : tensor<2x16x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @capacity_negative(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op capacity must be in (0, 1], got -0.25}}
  %y = mod.routed_block(%x, %w) {capacity = -0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x1x32xf32>, %pos: tensor<2x1xi64>):
    mod.yield %xs : tensor<2x1x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @capacity_nan(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op capacity must be in (0, 1], got nan}}
  %y = mod.routed_block(%x, %w) {capacity = 0x7FF8000000000000 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x1x32xf32>, %pos: tensor<2x1xi64>):
    mod.yield %xs : tensor<2x1x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @capacity_not_f64(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op attribute 'capacity' failed to satisfy constraint: 64-bit float attribute}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f32} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @capacity_missing(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op requires attribute 'capacity'}}
  %y = mod.routed_block(%x, %w) {gate = "raw"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @unknown_gate(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{custom op 'mod.routed_block' gate must be "raw", "sigmoid" or "none", got "softmax"}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, gate = "softmax"} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @input_rank(%x: tensor<16x32xf32>, %w: tensor<32xf32>) -> tensor<16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op input must be a rank-3 tensor [B, S, D], got 'tensor<16x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<16x32xf32>, tensor<32xf32>) -> tensor<16x32xf32> {
  ^bb0(%xs: tensor<4x32xf32>, %pos: tensor<4xi64>):
    mod.yield %xs : tensor<4x32xf32>
  }
  return %y : tensor<16x32xf32>
}

// -----

func.func @input_element_type(%x: tensor<2x16x32xi32>, %w: tensor<32xi32>) -> tensor<2x16x32xi32> {
  // expected-error @+1 {{'mod.routed_block' op input element type must be a float type, got 'i32'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xi32>, tensor<32xi32>) -> tensor<2x16x32xi32> {
  ^bb0(%xs: tensor<2x4x32xi32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xi32>
  }
  return %y : tensor<2x16x32xi32>
}

// -----

func.func @dynamic_sequence(%x: tensor<2x?x32xf32>, %w: tensor<32xf32>) -> tensor<2x?x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op the sequence length (dim 1 of the input) must be static: k is fixed at compile time, got 'tensor<2x?x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x?x32xf32>, tensor<32xf32>) -> tensor<2x?x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x?x32xf32>
}

// -----

func.func @router_weight_size(%x: tensor<2x16x32xf32>, %w: tensor<31xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op router_weight must be a rank-1 tensor of D = 32 elements of 'f32' (one weight per feature), got 'tensor<31xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<31xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @router_weight_type(%x: tensor<2x16x32xf32>, %w: tensor<32xf16>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op router_weight must be a rank-1 tensor of D = 32 elements of 'f32' (one weight per feature), got 'tensor<32xf16>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf16>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @router_bias_not_scalar(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %b: tensor<1xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op router_bias must be a scalar 'tensor<f32>', got 'tensor<1xf32>'}}
  %y = mod.routed_block(%x, %w, %b) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>, tensor<1xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @result_type(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x4x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op result type must equal the input type 'tensor<2x16x32xf32>', got 'tensor<2x4x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x4x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x4x32xf32>
}

// -----

func.func @region_disagrees_with_k(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op body argument #0 (%xs) must be 'tensor<2x4x32xf32>' (k = 4 of S = 16 tokens at capacity 0.25), got 'tensor<2x5x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x5x32xf32>, %pos: tensor<2x5xi64>):
    mod.yield %xs : tensor<2x5x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

// 0.3 * 10 = 3.0000000000000004 in f64: k is 3, not 4.
func.func @k_rounding(%x: tensor<1x10x8xf32>, %w: tensor<8xf32>) -> tensor<1x10x8xf32> {
  // expected-error @+1 {{'mod.routed_block' op body argument #0 (%xs) must be 'tensor<1x3x8xf32>' (k = 3 of S = 10 tokens at capacity 0.3), got 'tensor<1x4x8xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.3 : f64} : (tensor<1x10x8xf32>, tensor<8xf32>) -> tensor<1x10x8xf32> {
  ^bb0(%xs: tensor<1x4x8xf32>, %pos: tensor<1x4xi64>):
    mod.yield %xs : tensor<1x4x8xf32>
  }
  return %y : tensor<1x10x8xf32>
}

// -----

func.func @positions_type(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op body argument #1 (%pos) must be 'tensor<2x4xi64>' (k = 4 of S = 16 tokens at capacity 0.25), got 'tensor<2x4xi32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi32>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @missing_positions(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op body must have 2 arguments (%xs: 'tensor<2x4x32xf32>', %pos: 'tensor<2x4xi64>'), got 1}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @yield_type(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %o: tensor<2x16x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op body must yield exactly one value of type 'tensor<2x4x32xf32>' (the update of the selected tokens), got 'tensor<2x16x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %o : tensor<2x16x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @yield_nothing(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op body must yield exactly one value of type 'tensor<2x4x32xf32>' (the update of the selected tokens), got none}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @no_terminator(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    // expected-error @+1 {{block with no terminator}}
    %t = math.tanh %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @wrong_terminator(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    // expected-error @+1 {{'func.return' op expects parent op 'func.func'}}
    func.return %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @too_many_operands(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %b: tensor<f32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' expects 2 or 3 operands (input, router_weight[, router_bias]), got 4}}
  %y = mod.routed_block(%x, %w, %b, %b) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>, tensor<32xf32>, tensor<f32>, tensor<f32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @type_count_mismatch(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' expects a type (2 operand types) -> (1 result type), got '(tensor<2x16x32xf32>) -> tensor<2x16x32xf32>'}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64} : (tensor<2x16x32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @yield_outside(%x: tensor<4xf32>) {
  // expected-error @+1 {{'mod.yield' op expects parent op 'mod.routed_block'}}
  mod.yield %x : tensor<4xf32>
}

// -----

func.func @router_input_rank(%x: tensor<16x32xf32>, %w: tensor<32xf32>) {
  // expected-error @+1 {{'mod.router' op input must be a rank-3 tensor [B, S, D] of floats, got 'tensor<16x32xf32>'}}
  %r = mod.router %x, %w : tensor<16x32xf32>, tensor<32xf32> -> tensor<16xf32>
  return
}

// -----

func.func @router_weight(%x: tensor<2x16x32xf32>, %w: tensor<16xf32>) {
  // expected-error @+1 {{'mod.router' op weight must be a rank-1 tensor of D = 32 elements of 'f32', got 'tensor<16xf32>'}}
  %r = mod.router %x, %w : tensor<2x16x32xf32>, tensor<16xf32> -> tensor<2x16xf32>
  return
}

// -----

func.func @router_bias(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'mod.router' op bias must be a scalar 'tensor<f32>', got 'tensor<2xf32>'}}
  %r = mod.router %x, %w bias(%b : tensor<2xf32>) : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16xf32>
  return
}

// -----

func.func @router_result(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) {
  // expected-error @+1 {{'mod.router' op result must be the logits tensor [B, S] = 'tensor<2x16xf32>', got 'tensor<2x16x1xf32>'}}
  %r = mod.router %x, %w : tensor<2x16x32xf32>, tensor<32xf32> -> tensor<2x16x1xf32>
  return
}

// -----

func.func @topk_k_zero(%s: tensor<2x16xf32>) {
  // expected-error @+3 {{custom op 'mod.topk' 'mod.topk' op attribute 'k' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %v_init = tensor.empty() : tensor<2x0xf32>
  %i_init = tensor.empty() : tensor<2x0xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 0 : i64} : tensor<2x16xf32> -> tensor<2x0xf32>, tensor<2x0xi64>
  return
}

// -----

func.func @topk_k_above_s(%s: tensor<2x16xf32>) {
  // expected-error @+3 {{'mod.topk' op k = 17 exceeds the 16 elements of the last axis of the scores}}
  %v_init = tensor.empty() : tensor<2x17xf32>
  %i_init = tensor.empty() : tensor<2x17xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 17 : i64} : tensor<2x16xf32> -> tensor<2x17xf32>, tensor<2x17xi64>
  return
}

// -----

func.func @topk_scores_type(%s: tensor<2x16xi32>) {
  // expected-error @+3 {{'mod.topk' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<2x16xi32>'}}
  %v_init = tensor.empty() : tensor<2x4xi32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xi32> -> tensor<2x4xi32>, tensor<2x4xi64>
  return
}

// -----

func.func @topk_values_type(%s: tensor<2x16xf32>) {
  // expected-error @+3 {{'mod.topk' op values must be 'tensor<2x4xf32>' (k = 4), got 'tensor<2x5xf32>'}}
  %v_init = tensor.empty() : tensor<2x5xf32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x5xf32>, tensor<2x4xi64>
  return
}

// -----

func.func @topk_indices_type(%s: tensor<2x16xf32>) {
  // expected-error @+3 {{'mod.topk' op indices must be 'tensor<2x4xi64>' (k = 4), got 'tensor<2x4xi32>'}}
  %v_init = tensor.empty() : tensor<2x4xf32>
  %i_init = tensor.empty() : tensor<2x4xi32>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi32>
  return
}

// -----

func.func @gather_source_rank(%x: tensor<16xf32>, %i: tensor<2x4xi64>) {
  // expected-error @+2 {{'mod.gather' op source must be a tensor [B, S, ...] of rank >= 2, got 'tensor<16xf32>'}}
  %g_init = tensor.empty() : tensor<2x4xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<16xf32>, tensor<2x4xi64> -> tensor<2x4xf32>
  return
}

// -----

func.func @gather_indices_type(%x: tensor<2x16x8xf32>, %i: tensor<2x4xi32>) {
  // expected-error @+2 {{'mod.gather' op operand #1 must be rank-2 tensor [B, k] of i64 positions, but got 'tensor<2x4xi32>'}}
  %g_init = tensor.empty() : tensor<2x4x8xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<2x16x8xf32>, tensor<2x4xi32> -> tensor<2x4x8xf32>
  return
}

// -----

func.func @gather_batch(%x: tensor<2x16x8xf32>, %i: tensor<3x4xi64>) {
  // expected-error @+2 {{'mod.gather' op indices batch dimension (3) does not match the batch dimension B = 2}}
  %g_init = tensor.empty() : tensor<2x4x8xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<2x16x8xf32>, tensor<3x4xi64> -> tensor<2x4x8xf32>
  return
}

// -----

func.func @gather_result(%x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>) {
  // expected-error @+2 {{'mod.gather' op result must be 'tensor<2x4x8xf32>' ([B, k, ...] rows of the source), got 'tensor<2x4x7xf32>'}}
  %g_init = tensor.empty() : tensor<2x4x7xf32>
  %g = mod.gather %x[%i] outs(%g_init) : tensor<2x16x8xf32>, tensor<2x4xi64> -> tensor<2x4x7xf32>
  return
}

// -----

func.func @scatter_base_rank(%u: tensor<2x4xf32>, %x: tensor<16xf32>, %i: tensor<2x4xi64>) {
  // expected-error @+1 {{'mod.scatter_add' op base must be a tensor [B, S, ...] of rank >= 2, got 'tensor<16xf32>'}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4xf32> into tensor<16xf32>, tensor<2x4xi64>
  return
}

// -----

func.func @scatter_base_type(%u: tensor<2x4x8xi32>, %x: tensor<2x16x8xi32>, %i: tensor<2x4xi64>) {
  // expected-error @+1 {{'mod.scatter_add' op base element type must be a float type, got 'i32'}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4x8xi32> into tensor<2x16x8xi32>, tensor<2x4xi64>
  return
}

// -----

func.func @scatter_indices(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4x1xi64>) {
  // expected-error @+1 {{'mod.scatter_add' op operand #2 must be rank-2 tensor [B, k] of i64 positions, but got 'tensor<2x4x1xi64>'}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4x1xi64>
  return
}

// -----

func.func @scatter_k_above_s(%u: tensor<2x20x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x20xi64>) {
  // expected-error @+1 {{'mod.scatter_add' op k = 20 indices per row cannot be unique positions in S = 16 (indices of a row must be unique)}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x20x8xf32> into tensor<2x16x8xf32>, tensor<2x20xi64>
  return
}

// -----

func.func @scatter_updates(%u: tensor<2x4x9xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>) {
  // expected-error @+1 {{'mod.scatter_add' op updates must be 'tensor<2x4x8xf32>' (one row per index), got 'tensor<2x4x9xf32>'}}
  %y = mod.scatter_add %u into %x[%i] : tensor<2x4x9xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return
}

// -----

func.func @scatter_weights(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %i: tensor<2x4xi64>, %g: tensor<2x4xf16>) {
  // expected-error @+1 {{'mod.scatter_add' op weights must be 'tensor<2x4xf32>' (one weight per index), got 'tensor<2x4xf16>'}}
  %y = mod.scatter_add %u into %x[%i] weights(%g : tensor<2x4xf16>) : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return
}

// -----

func.func @causal_select_nan_threshold(%r: tensor<2x16xf32>) -> tensor<2x4xi64> {
  // expected-error @+3 {{'mod.causal_select' op threshold must be a finite number (a token is routed iff its logit is greater), got nan}}
  %i_init = tensor.empty() : tensor<2x4xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0x7FF8000000000000 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
  return %i : tensor<2x4xi64>
}

// -----

func.func @causal_select_cap_too_large(%r: tensor<2x16xf32>) -> tensor<2x17xi64> {
  // expected-error @+3 {{'mod.causal_select' op k_max = 17 exceeds the 16 positions of the last axis}}
  %i_init = tensor.empty() : tensor<2x17xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.0 : f64, k_max = 17 : i64} : tensor<2x16xf32> -> tensor<2x17xi64>, tensor<2xi64>
  return %i : tensor<2x17xi64>
}

// -----

func.func @causal_select_cap_zero(%r: tensor<2x16xf32>) -> tensor<2x0xi64> {
  // expected-error @+3 {{custom op 'mod.causal_select' 'mod.causal_select' op attribute 'k_max' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %i_init = tensor.empty() : tensor<2x0xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.0 : f64, k_max = 0 : i64} : tensor<2x16xf32> -> tensor<2x0xi64>, tensor<2xi64>
  return %i : tensor<2x0xi64>
}

// -----

func.func @causal_select_bad_count(%r: tensor<2x16xf32>) -> tensor<2x4xi64> {
  // expected-error @+3 {{'mod.causal_select' op count must be 'tensor<2xi64>' (one count per row), got 'tensor<2xi32>'}}
  %i_init = tensor.empty() : tensor<2x4xi64>
  %c_init = tensor.empty() : tensor<2xi32>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi32>
  return %i : tensor<2x4xi64>
}

// -----

func.func @causal_select_bad_indices(%r: tensor<2x16xf32>) -> tensor<2x5xi64> {
  // expected-error @+3 {{'mod.causal_select' op indices must be 'tensor<2x4xi64>' (k_max = 4), got 'tensor<2x5xi64>'}}
  %i_init = tensor.empty() : tensor<2x5xi64>
  %c_init = tensor.empty() : tensor<2xi64>
  %i, %c = mod.causal_select %r outs(%i_init, %c_init) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x5xi64>, tensor<2xi64>
  return %i : tensor<2x5xi64>
}

// -----

func.func @routed_block_infinite_threshold(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op threshold must be a finite number (causal routing: a token is routed iff its logit is greater), got inf}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, threshold = 0x7FF0000000000000 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @predictor_without_threshold(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %p: tensor<2x16xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op a predictor region decides causal routing: it needs a threshold attribute (a token is routed iff its predicted logit is greater)}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  } predictor {
  ^bb0(%tokens: tensor<2x16x32xf32>):
    mod.yield %p : tensor<2x16xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @predictor_bad_argument(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>, %p: tensor<2x16xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op predictor must have one argument (%tokens: 'tensor<2x16x32xf32>', the block input)}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, threshold = 0.0 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  } predictor {
  ^bb0(%tokens: tensor<2x4x32xf32>):
    mod.yield %p : tensor<2x16xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @predictor_bad_yield(%x: tensor<2x16x32xf32>, %w: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mod.routed_block' op predictor must yield one value of type 'tensor<2x16xf32>' (a decision logit per token)}}
  %y = mod.routed_block(%x, %w) {capacity = 0.25 : f64, threshold = 0.0 : f64}
         : (tensor<2x16x32xf32>, tensor<32xf32>) -> tensor<2x16x32xf32> {
  ^bb0(%xs: tensor<2x4x32xf32>, %pos: tensor<2x4xi64>):
    mod.yield %xs : tensor<2x4x32xf32>
  } predictor {
  ^bb0(%tokens: tensor<2x16x32xf32>):
    mod.yield %tokens : tensor<2x16x32xf32>
  }
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @scatter_in_bounds_padded(%u: tensor<2x4x8xf32>, %x: tensor<2x16x8xf32>, %r: tensor<2x16xf32>) -> tensor<2x16x8xf32> {
  %i_init = tensor.empty() : tensor<2x4xi64>
  %n_init = tensor.empty() : tensor<2xi64>
  %i, %n = mod.causal_select %r outs(%i_init, %n_init) {threshold = 0.0 : f64, k_max = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xi64>, tensor<2xi64>
  // expected-error @+1 {{'mod.scatter_add' op is marked in_bounds, but its indices come from 'mod.causal_select', whose padding slots hold the index S: remove in_bounds}}
  %y = mod.scatter_add %u into %x[%i] {in_bounds} : tensor<2x4x8xf32> into tensor<2x16x8xf32>, tensor<2x4xi64>
  return %y : tensor<2x16x8xf32>
}

// -----

// expected-error @+1 {{'mod.router' of argument #1 must be a layer index (a non-negative integer), got "one"}}
func.func @router_attr_not_an_index(%x: tensor<2x16x32xf32>, %w: tensor<32xf32> {mod.router = "one"}) {
  return
}

// -----

// expected-error @+1 {{'mod.router' of argument #1 must be a layer index (a non-negative integer), got -1 : i64}}
func.func @router_attr_negative(%x: tensor<2x16x32xf32>, %w: tensor<32xf32> {mod.router = -1 : i64}) {
  return
}

// -----

// expected-error @+1 {{'mod.router' argument #0 must be a router weight vector [D] of floats, got 'tensor<2x16x32xf32>'}}
func.func @router_attr_on_activations(%x: tensor<2x16x32xf32> {mod.router = 0 : i64}) {
  return
}

// -----

// expected-error @+1 {{unknown mod dialect argument attribute 'mod.rooter' (the dialect defines mod.router and mod.updated_in_place)}}
func.func @router_attr_typo(%w: tensor<32xf32> {mod.rooter = 0 : i64}) {
  return
}

// -----

// expected-error @+1 {{'mod.updated_in_place' marks a memref function argument (a unit attribute), found on argument #0 of 'func.func'}}
func.func @updated_in_place_on_a_tensor(%c: tensor<4xf32> {mod.updated_in_place}) {
  return
}
