// Round-trip of every tm_tensor op in the textual form torch-mlir prints
// (the op lines below are copied from real torch-mlir imports, see
// test/Conversion/TMTensorToLinalg/Inputs/torch-mlir/): custom form -> print
// -> parse -> print, the generic form parses back to the same custom form,
// and stock mlir-opt reads it through the plugin.
// RUN: mod-opt %s | mod-opt | FileCheck %s
// RUN: mod-opt %s --mlir-print-op-generic | mod-opt | FileCheck %s
// RUN: mod-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: %if !sanitized %{ mlir-opt %s --load-dialect-plugin=%mod_plugin | FileCheck %s %}

// CHECK-LABEL: func.func @cumsum
// CHECK: %[[R:.*]]:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%arg0 : tensor<2x5xf32>) outs(%{{.*}}, %{{.*}} : tensor<2x5xf32>, tensor<2xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT:   tm_tensor.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<2x5xf32>, tensor<2xf32>
// CHECK-NEXT: return %[[R]]#0
// GENERIC: "tm_tensor.scan"(%{{.*}}, %{{.*}}, %{{.*}}) <{dimension = 1 : i64, inclusive = true, operandSegmentSizes = array<i32: 1, 2>}> ({
// GENERIC: "tm_tensor.yield"(%{{.*}}) : (f32) -> ()
// GENERIC: }) : (tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xf32>) -> (tensor<2x5xf32>, tensor<2xf32>)
func.func @cumsum(%arg0: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<2x5xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<2x5xf32>) -> tensor<2x5xf32>
  %2 = tensor.empty() : tensor<2xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<2xf32>) -> tensor<2xf32>
  %4:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%arg0 : tensor<2x5xf32>) outs(%1, %3 : tensor<2x5xf32>, tensor<2xf32>) {
  ^bb0(%arg1: f32, %arg2: f32):
    %5 = arith.addf %arg1, %arg2 : f32
    tm_tensor.yield %5 : f32
  } -> tensor<2x5xf32>, tensor<2xf32>
  return %4#0 : tensor<2x5xf32>
}

// CHECK-LABEL: func.func @scan_exclusive_dynamic
// CHECK: tm_tensor.scan dimension(0) inclusive(false) ins(%arg0 : tensor<?x4xi64>) outs(%arg1, %arg2 : tensor<?x4xi64>, tensor<4xi64>)
// CHECK: } -> tensor<?x4xi64>, tensor<4xi64>
func.func @scan_exclusive_dynamic(%x: tensor<?x4xi64>, %o: tensor<?x4xi64>, %a: tensor<4xi64>) -> (tensor<?x4xi64>, tensor<4xi64>) {
  %0:2 = tm_tensor.scan dimension(0) inclusive(false) ins(%x : tensor<?x4xi64>) outs(%o, %a : tensor<?x4xi64>, tensor<4xi64>) {
  ^bb0(%p: i64, %q: i64):
    %s = arith.muli %p, %q : i64
    tm_tensor.yield %s : i64
  } -> tensor<?x4xi64>, tensor<4xi64>
  return %0#0, %0#1 : tensor<?x4xi64>, tensor<4xi64>
}

// CHECK-LABEL: func.func @index_put
// CHECK: tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(false) ins(%{{.*}}, %{{.*}} : tensor<3x1x3xf32>, tensor<3x1xi64>) outs(%arg0 : tensor<5x3xf32>) {
// CHECK-NEXT: ^bb0(%[[U:.*]]: f32, %[[O:.*]]: f32):
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[O]], %[[U]] : f32
// CHECK-NEXT:   tm_tensor.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<5x3xf32>
// GENERIC: "tm_tensor.scatter"(%{{.*}}, %{{.*}}, %{{.*}}) <{dimension_map = array<i64: 0>, operandSegmentSizes = array<i32: 2, 1>, unique_indices = false}> ({
func.func @index_put(%arg0: tensor<5x3xf32>, %arg1: tensor<3xi64>, %arg2: tensor<3x3xf32>) -> tensor<5x3xf32> {
  %expanded = tensor.expand_shape %arg1 [[0, 1]] output_shape [3, 1] : tensor<3xi64> into tensor<3x1xi64>
  %expanded_0 = tensor.expand_shape %arg2 [[0, 1], [2]] output_shape [3, 1, 3] : tensor<3x3xf32> into tensor<3x1x3xf32>
  %0 = tm_tensor.scatter {dimension_map = array<i64: 0>} unique_indices(false) ins(%expanded_0, %expanded : tensor<3x1x3xf32>, tensor<3x1xi64>) outs(%arg0 : tensor<5x3xf32>) {
  ^bb0(%arg3: f32, %arg4: f32):
    %1 = arith.addf %arg4, %arg3 : f32
    tm_tensor.yield %1 : f32
  } -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// unique_indices defaults to true in the generic form.
// CHECK-LABEL: func.func @scatter_assign_default_unique
// CHECK: tm_tensor.scatter {dimension_map = array<i64: 0, 1>} unique_indices(true) ins(%arg1, %arg2 : tensor<2x1x1xf32>, tensor<2x2xi64>) outs(%arg0 : tensor<4x5xf32>) {
// CHECK-NEXT: ^bb0(%[[U:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   tm_tensor.yield %[[U]] : f32
func.func @scatter_assign_default_unique(%arg0: tensor<4x5xf32>, %arg1: tensor<2x1x1xf32>, %arg2: tensor<2x2xi64>) -> tensor<4x5xf32> {
  %0 = "tm_tensor.scatter"(%arg1, %arg2, %arg0) <{dimension_map = array<i64: 0, 1>, operandSegmentSizes = array<i32: 2, 1>}> ({
  ^bb0(%u: f32, %o: f32):
    "tm_tensor.yield"(%u) : (f32) -> ()
  }) : (tensor<2x1x1xf32>, tensor<2x2xi64>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// CHECK-LABEL: func.func @sort
// CHECK: %{{.*}}:2 = tm_tensor.sort dimension(1) outs(%arg0, %{{.*}} : tensor<2x6xf32>, tensor<2x6xi64>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT:   %[[C:.*]] = arith.cmpf oge, %[[A]], %[[B]] : f32
// CHECK-NEXT:   tm_tensor.yield %[[C]] : i1
// CHECK-NEXT: } -> tensor<2x6xf32>, tensor<2x6xi64>
// GENERIC: "tm_tensor.sort"(%{{.*}}, %{{.*}}) <{dimension = 1 : i64, operandSegmentSizes = array<i32: 0, 2>}> ({
func.func @sort(%arg0: tensor<2x6xf32>, %idx: tensor<2x6xi64>) -> (tensor<2x6xf32>, tensor<2x6xi64>) {
  %2:2 = tm_tensor.sort dimension(1) outs(%arg0, %idx : tensor<2x6xf32>, tensor<2x6xi64>) {
  ^bb0(%arg1: f32, %arg2: f32, %arg3: i64, %arg4: i64):
    %3 = arith.cmpf oge, %arg1, %arg2 : f32
    tm_tensor.yield %3 : i1
  } -> tensor<2x6xf32>, tensor<2x6xi64>
  return %2#0, %2#1 : tensor<2x6xf32>, tensor<2x6xi64>
}

// CHECK-LABEL: func.func @kthvalue_topk
// CHECK: %{{.*}}:2 = tm_tensor.topk dimension(1) ins(%arg0 : tensor<2x6xf32>) outs(%arg1, %arg2 : tensor<2x2xf32>, tensor<2x2xi32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
// CHECK-NEXT:   %[[C:.*]] = arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK-NEXT:   tm_tensor.yield %[[C]] : i1
// CHECK-NEXT: } -> tensor<2x2xf32>, tensor<2x2xi32>
// GENERIC: "tm_tensor.topk"(%{{.*}}, %{{.*}}, %{{.*}}) <{dimension = 1 : i64, operandSegmentSizes = array<i32: 1, 2>}> ({
func.func @kthvalue_topk(%arg0: tensor<2x6xf32>, %v: tensor<2x2xf32>, %i: tensor<2x2xi32>) -> (tensor<2x2xf32>, tensor<2x2xi32>) {
  %4:2 = tm_tensor.topk dimension(1) ins(%arg0 : tensor<2x6xf32>) outs(%v, %i : tensor<2x2xf32>, tensor<2x2xi32>) {
  ^bb0(%arg1: f32, %arg2: f32):
    %14 = arith.cmpf olt, %arg1, %arg2 : f32
    tm_tensor.yield %14 : i1
  } -> tensor<2x2xf32>, tensor<2x2xi32>
  return %4#0, %4#1 : tensor<2x2xf32>, tensor<2x2xi32>
}

// CHECK-LABEL: func.func @topk_with_indices
// CHECK: tm_tensor.topk dimension(0) ins(%arg0, %arg1 : tensor<6x3xf32>, tensor<6x3xi32>) outs(%arg2, %arg3 : tensor<2x3xf32>, tensor<2x3xi32>)
func.func @topk_with_indices(%x: tensor<6x3xf32>, %xi: tensor<6x3xi32>, %v: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %0:2 = tm_tensor.topk dimension(0) ins(%x, %xi : tensor<6x3xf32>, tensor<6x3xi32>) outs(%v, %i : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%a: f32, %b: f32):
    %c = arith.cmpf ogt, %a, %b : f32
    tm_tensor.yield %c : i1
  } -> tensor<2x3xf32>, tensor<2x3xi32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
}

// CHECK-LABEL: func.func @attention_causal
// CHECK: tm_tensor.attention ins(%arg0, %arg1, %arg2, %arg3 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xf32>) outs(%arg4 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
// GENERIC: "tm_tensor.attention"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 4, 1>}> : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
func.func @attention_causal(%q: tensor<2x4x8xf32>, %k: tensor<2x4x8xf32>, %v: tensor<2x4x8xf32>, %m: tensor<2x4x4xf32>, %o: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %5 = tm_tensor.attention ins(%q, %k, %v, %m : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %5 : tensor<2x4x8xf32>
}

// CHECK-LABEL: func.func @attention_scale_bool_mask
// CHECK: tm_tensor.attention {scale = 3.000000e-01 : f64} ins(%arg0, %arg1, %arg2, %arg3 : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xi1>) outs(%arg4 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
// GENERIC: "tm_tensor.attention"({{.*}}) <{operandSegmentSizes = array<i32: 4, 1>, scale = 3.000000e-01 : f64}>
func.func @attention_scale_bool_mask(%q: tensor<2x4x8xf32>, %k: tensor<2x4x8xf32>, %v: tensor<2x4x8xf32>, %m: tensor<2x4x4xi1>, %o: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %2 = tm_tensor.attention {scale = 3.000000e-01 : f64} ins(%q, %k, %v, %m : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x4xi1>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %2 : tensor<2x4x8xf32>
}

// The buffer form (memref operands, no results) parses and verifies too.
// CHECK-LABEL: func.func @buffer_forms
// CHECK: tm_tensor.scan dimension(0) inclusive(true) ins(%arg0 : memref<8xf32>) outs(%arg1, %arg2 : memref<8xf32>, memref<f32>) {
// CHECK: tm_tensor.yield
// CHECK-NEXT: }{{$}}
// CHECK: tm_tensor.sort dimension(0) outs(%arg1 : memref<8xf32>) {
// CHECK: tm_tensor.attention ins(%arg3, %arg3, %arg3 : memref<1x4x4xf32>, memref<1x4x4xf32>, memref<1x4x4xf32>) outs(%arg4 : memref<1x4x4xf32>){{$}}
func.func @buffer_forms(%x: memref<8xf32>, %o: memref<8xf32>, %a: memref<f32>, %q: memref<1x4x4xf32>, %r: memref<1x4x4xf32>) {
  tm_tensor.scan dimension(0) inclusive(true) ins(%x : memref<8xf32>) outs(%o, %a : memref<8xf32>, memref<f32>) {
  ^bb0(%p: f32, %s: f32):
    %t = arith.addf %p, %s : f32
    tm_tensor.yield %t : f32
  }
  tm_tensor.sort dimension(0) outs(%o : memref<8xf32>) {
  ^bb0(%l: f32, %h: f32):
    %c = arith.cmpf ole, %l, %h : f32
    tm_tensor.yield %c : i1
  }
  tm_tensor.attention ins(%q, %q, %q : memref<1x4x4xf32>, memref<1x4x4xf32>, memref<1x4x4xf32>) outs(%r : memref<1x4x4xf32>)
  return
}
