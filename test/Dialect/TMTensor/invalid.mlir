// Every verifier message of the tm_tensor ops, one case per split.
// RUN: mod-opt %s -split-input-file -verify-diagnostics

func.func @scan_memref_input_with_results(%i0: memref<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op with results expects every operand to be a ranked tensor, got 'memref<2x5xf32>'}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : memref<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_result_count(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects one result per `outs` operand, got 1 result(s) for 2 `outs` operand(s)}}
  %r = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>
  return
}

// -----

func.func @scan_result_type(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op result #1 has type 'tensor<3xf32>' but its `outs` operand has type 'tensor<2xf32>'}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<3xf32>
  return
}

// -----

func.func @scan_buffer_form_tensor_operand(%i0: tensor<2x5xf32>, %o0: memref<2x5xf32>, %o1: memref<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op without results (buffer form) expects every operand to be a memref, got 'tensor<2x5xf32>'}}
  tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : memref<2x5xf32>, memref<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  }
  return
}

// -----

func.func @scan_two_inputs(%i0: tensor<2x5xf32>, %i1: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects one `ins` operand (the input), got 2}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0, %i1 : tensor<2x5xf32>, tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_one_output(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects two `outs` operands (output, accumulator), got 1}}
  %r = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0 : tensor<2x5xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>
  return
}

// -----

func.func @scan_dimension_out_of_range(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op dimension 2 is out of range for rank 2}}
  %r:2 = tm_tensor.scan dimension(2) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_negative_dimension(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op dimension -1 is out of range for rank 2}}
  %r:2 = tm_tensor.scan dimension(-1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_element_types(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf16>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects input, output and accumulator of one element type, got 'f32', 'f32' and 'f16'}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf16>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2xf16>
  return
}

// -----

func.func @scan_output_rank(%i0: tensor<2x5xf32>, %o0: tensor<10xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects the output to have the input's rank 2, got 1}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<10xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<10xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_output_shape(%i0: tensor<2x5xf32>, %o0: tensor<2x6xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op output dimension #1 (6) does not match the input's (5)}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x6xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x6xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_accumulator_rank(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2x5xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op expects the accumulator to have rank 1 (the input's without dimension 1), got 2}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2x5xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<2x5xf32>
  return
}

// -----

func.func @scan_accumulator_shape(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<5xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op accumulator dimension #0 (5) does not match input dimension #0 (2)}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<5xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tm_tensor.yield %s : f32
  } -> tensor<2x5xf32>, tensor<5xf32>
  return
}

// -----

func.func @scan_region_arity(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op region must take 2 arguments (running value, input element), got 1}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32):
    tm_tensor.yield %a : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_region_arg_type(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  // expected-error @+1 {{'tm_tensor.scan' op region argument #1 must be 'f32' (running value, input element), got 'f16'}}
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f16):
    tm_tensor.yield %a : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scan_yield_type(%i0: tensor<2x5xf32>, %o0: tensor<2x5xf32>, %o1: tensor<2xf32>) {
  %r:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%i0 : tensor<2x5xf32>) outs(%o0, %o1 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32):
    // expected-error @+1 {{'tm_tensor.yield' op must yield exactly one 'f32' in 'tm_tensor.scan'}}
    tm_tensor.yield %a, %b : f32, f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return
}

// -----

func.func @scatter_one_input(%i0: tensor<3x1x4xf32>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects two `ins` operands (updates, indices), got 1}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0 : tensor<3x1x4xf32>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_two_outputs(%i0: tensor<3x1x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>, %o1: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects one `outs` operand (the original), got 2}}
  %r:2 = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x1xi64>) outs(%o0, %o1 : tensor<5x4xf32>, tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>, tensor<5x4xf32>
  return
}

// -----

func.func @scatter_indices_rank(%i0: tensor<3x1x4xf32>, %i1: tensor<3xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects indices of rank 2 with an integer element type ([number of updates, index depth]), got 'tensor<3xi64>'}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_float_indices(%i0: tensor<3x1x4xf32>, %i1: tensor<3x1xf32>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects indices of rank 2 with an integer element type ([number of updates, index depth]), got 'tensor<3x1xf32>'}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x1xf32>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_dynamic_depth(%i0: tensor<3x1x4xf32>, %i1: tensor<3x?xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects a static index depth (indices dimension #1)}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x?xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_dimension_map_size(%i0: tensor<3x1x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op dimension_map has 2 entries but the index depth is 1}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0, 1>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_dimension_map_range(%i0: tensor<3x1x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op dimension_map entry 2 is out of range for the original's rank 2}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 2>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_dimension_map_repeat(%i0: tensor<3x4xf32>, %i1: tensor<3x2xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op dimension_map names dimension 0 twice}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0, 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x4xf32>, tensor<3x2xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_scalar_updates_rank0(%i0: tensor<f32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects updates of rank >= 1 ([number of updates, slice...])}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<f32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_update_count(%i0: tensor<3x1x4xf32>, %i1: tensor<2x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op has 3 updates but 2 index rows}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<2x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_slice_rank(%i0: tensor<3x1x1x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op update slices of rank 3 exceed the original's rank 2}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x1x4xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_uncovered_dim(%i0: tensor<3x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op original dimension #0 is neither indexed (dimension_map) nor covered by the update slice (its last 1 dims)}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 1>} unique_indices(true) ins(%i0, %i1 : tensor<3x4xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_slice_too_large(%i0: tensor<3x1x6xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op update dimension #2 (6) exceeds original dimension #1 (4)}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x6xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_element_types(%i0: tensor<3x1x4xf16>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op expects updates and original of one element type, got 'f16' and 'f32'}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf16>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: f32, %o: f32):
    %s = arith.addf %o, %u : f32
    tm_tensor.yield %s : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @scatter_region_types(%i0: tensor<3x1x4xf32>, %i1: tensor<3x1xi64>, %o0: tensor<5x4xf32>) {
  // expected-error @+1 {{'tm_tensor.scatter' op region argument #0 must be 'f32' (update element, original element), got 'i32'}}
  %r = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(true) ins(%i0, %i1 : tensor<3x1x4xf32>, tensor<3x1xi64>) outs(%o0 : tensor<5x4xf32>) {
  ^bb0(%u: i32, %o: f32):
    tm_tensor.yield %o : f32
  } -> tensor<5x4xf32>
  return
}

// -----

func.func @sort_with_inputs(%i0: tensor<2x6xf32>, %o0: tensor<2x6xf32>) {
  // expected-error @+1 {{'tm_tensor.sort' op takes no `ins` operands (it sorts its `outs`), got 1}}
  %r = tm_tensor.sort dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0 : tensor<2x6xf32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x6xf32>
  return
}

// -----

func.func @sort_dimension(%o0: tensor<2x6xf32>) {
  // expected-error @+1 {{'tm_tensor.sort' op dimension 2 is out of range for rank 2}}
  %r = tm_tensor.sort dimension(2) outs(%o0 : tensor<2x6xf32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x6xf32>
  return
}

// -----

func.func @sort_shapes(%o0: tensor<2x6xf32>, %o1: tensor<2x5xi64>) {
  // expected-error @+1 {{'tm_tensor.sort' op `outs` operand #1 has shape 'tensor<2x5xi64>', expected the shape of operand #0 'tensor<2x6xf32>'}}
  %r:2 = tm_tensor.sort dimension(1) outs(%o0, %o1 : tensor<2x6xf32>, tensor<2x5xi64>) {
  ^bb0(%a: f32, %b: f32, %c: i64, %d: i64):
    %x = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %x : i1
  } -> tensor<2x6xf32>, tensor<2x5xi64>
  return
}

// -----

func.func @sort_region_arity(%o0: tensor<2x6xf32>, %o1: tensor<2x6xi64>) {
  // expected-error @+1 {{'tm_tensor.sort' op region must take 4 arguments (left and right element of every operand), got 2}}
  %r:2 = tm_tensor.sort dimension(1) outs(%o0, %o1 : tensor<2x6xf32>, tensor<2x6xi64>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x6xf32>, tensor<2x6xi64>
  return
}

// -----

func.func @sort_region_type(%o0: tensor<2x6xf32>, %o1: tensor<2x6xi64>) {
  // expected-error @+1 {{'tm_tensor.sort' op region argument #3 must be 'i64' (left and right element of every operand), got 'i32'}}
  %r:2 = tm_tensor.sort dimension(1) outs(%o0, %o1 : tensor<2x6xf32>, tensor<2x6xi64>) {
  ^bb0(%a: f32, %b: f32, %c: i64, %d: i32):
    %x = arith.cmpf ole, %a, %b : f32
    tm_tensor.yield %x : i1
  } -> tensor<2x6xf32>, tensor<2x6xi64>
  return
}

// -----

func.func @sort_yield_not_i1(%o0: tensor<2x6xf32>) {
  %r = tm_tensor.sort dimension(1) outs(%o0 : tensor<2x6xf32>) {
  ^bb0(%a: f32, %b: f32):
    // expected-error @+1 {{'tm_tensor.yield' op must yield exactly one 'i1' in 'tm_tensor.sort'}}
    tm_tensor.yield %a : f32
  } -> tensor<2x6xf32>
  return
}

// -----

func.func @topk_three_inputs(%i0: tensor<2x6xf32>, %i1: tensor<2x6xf32>, %i2: tensor<2x6xf32>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects one or two `ins` operands (values[, indices]), got 3}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0, %i1, %i2 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @topk_one_output(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects two `outs` operands (values, indices), got 1}}
  %r = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0 : tensor<2x3xf32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>
  return
}

// -----

func.func @topk_dimension(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op dimension 2 is out of range for rank 2}}
  %r:2 = tm_tensor.topk dimension(2) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @topk_value_type(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf16>, %o1: tensor<2x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects output values of the input's element type 'f32', got 'f16'}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf16>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf16>, tensor<2x3xi32>
  return
}

// -----

func.func @topk_index_type(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi64>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects i32 output indices, got 'i64'}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi64>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi64>
  return
}

// -----

func.func @topk_rank(%i0: tensor<2x6xf32>, %o0: tensor<3xf32>, %o1: tensor<3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects outputs of the input's rank 2}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<3xf32>, tensor<3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<3xf32>, tensor<3xi32>
  return
}

// -----

func.func @topk_values_vs_indices(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf32>, %o1: tensor<2x4xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op output values and indices differ in dimension #1}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x4xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x4xi32>
  return
}

// -----

func.func @topk_other_dim(%i0: tensor<2x6xf32>, %o0: tensor<3x3xf32>, %o1: tensor<3x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op output dimension #0 (3) does not match the input's (2)}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<3x3xf32>, tensor<3x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<3x3xf32>, tensor<3x3xi32>
  return
}

// -----

func.func @topk_input_index_type(%i0: tensor<2x6xf32>, %i1: tensor<2x6xi64>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects i32 input indices, got 'i64'}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0, %i1 : tensor<2x6xf32>, tensor<2x6xi64>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @topk_input_index_shape(%i0: tensor<2x6xf32>, %i1: tensor<2x5xi32>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi32>) {
  // expected-error @+1 {{'tm_tensor.topk' op expects input indices of the input values' shape}}
  %r:2 = tm_tensor.topk dimension(1) ins(%i0, %i1 : tensor<2x6xf32>, tensor<2x5xi32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @topk_region_yield(%i0: tensor<2x6xf32>, %o0: tensor<2x3xf32>, %o1: tensor<2x3xi32>) {
  %r:2 = tm_tensor.topk dimension(1) ins(%i0 : tensor<2x6xf32>) outs(%o0, %o1 : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    // expected-error @+1 {{'tm_tensor.yield' op must yield exactly one 'i1' in 'tm_tensor.topk'}}
    tm_tensor.yield %a : f32
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @attention_two_inputs(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects three or four `ins` operands (query, key, value[, mask]), got 2}}
  %r = tm_tensor.attention ins(%i0, %i1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_two_outputs(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x4x8xf32>, %o0: tensor<2x4x8xf32>, %o1: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects one `outs` operand, got 2}}
  %r:2 = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o0, %o1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>, tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_rank1(%i0: tensor<8xf32>, %i1: tensor<8xf32>, %i2: tensor<8xf32>, %o0: tensor<8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects a query of rank >= 2 ([..., M, E]), got rank 1}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%o0 : tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @attention_ranks(%i0: tensor<2x4x8xf32>, %i1: tensor<4x8xf32>, %i2: tensor<2x4x8xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects query, key, value, mask and output of one rank 3}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<4x8xf32>, tensor<2x4x8xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_integer(%i0: tensor<2x4x8xi32>, %i1: tensor<2x4x8xi32>, %i2: tensor<2x4x8xi32>, %o0: tensor<2x4x8xi32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects a floating-point query, got 'i32'}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xi32>, tensor<2x4x8xi32>, tensor<2x4x8xi32>) outs(%o0 : tensor<2x4x8xi32>) -> tensor<2x4x8xi32>
  return
}

// -----

func.func @attention_element_types(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x4x8xf16>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects query, key, value and output of one element type 'f32'}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf16>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_mask_type(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x4x8xf32>, %i3: tensor<2x4x4xi8>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects a mask of element type i1 or 'f32', got 'i8'}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2, %i3 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xi8>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_batch(%i0: tensor<2x4x8xf32>, %i1: tensor<3x4x8xf32>, %i2: tensor<2x4x8xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op query and key differ in batch dimension #0}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<3x4x8xf32>, tensor<2x4x8xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_head_dim(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x6xf32>, %i2: tensor<2x4x8xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op query and key head dimensions differ (8 vs 6)}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<2x4x6xf32>, tensor<2x4x8xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_key_value_length(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x5x8xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op key and value sequence lengths differ (4 vs 5)}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x5x8xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_output_shape(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x4x8xf32>, %o0: tensor<2x4x6xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects an output of shape [..., query length, value head dimension]}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o0 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  return
}

// -----

func.func @attention_mask_shape(%i0: tensor<2x4x8xf32>, %i1: tensor<2x4x8xf32>, %i2: tensor<2x4x8xf32>, %i3: tensor<2x4x5xf32>, %o0: tensor<2x4x8xf32>) {
  // expected-error @+1 {{'tm_tensor.attention' op expects a mask of shape [..., query length, key length]}}
  %r = tm_tensor.attention ins(%i0, %i1, %i2, %i3 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x5xf32>) outs(%o0 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}
// -----

func.func @sort_no_outputs() {
  // expected-error @+1 {{'tm_tensor.sort' op expects at least one `outs` operand}}
  "tm_tensor.sort"() <{dimension = 0 : i64, operandSegmentSizes = array<i32: 0, 0>}> ({
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ole, %a, %b : f32
    "tm_tensor.yield"(%c) : (i1) -> ()
  }) : () -> ()
  return
}

// -----

func.func @yield_outside(%x: f32) {
  // expected-error @+1 {{'tm_tensor.yield' op expects parent op to be one of 'tm_tensor.scan, tm_tensor.scatter, tm_tensor.sort, tm_tensor.topk'}}
  tm_tensor.yield %x : f32
}

// -----

func.func @region_without_yield(%x: tensor<4xf32>, %o: tensor<4xf32>, %a: tensor<f32>) {
  // expected-error @+1 {{'tm_tensor.scan' op region must end with tm_tensor.yield}}
  %0:2 = "tm_tensor.scan"(%x, %o, %a) <{dimension = 0 : i64, inclusive = true, operandSegmentSizes = array<i32: 1, 2>}> ({
  ^bb0(%p: f32, %q: f32):
    %s = arith.addf %p, %q : f32
  }) : (tensor<4xf32>, tensor<4xf32>, tensor<f32>) -> (tensor<4xf32>, tensor<f32>)
  return
}
