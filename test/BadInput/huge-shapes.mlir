// Shapes near the int64 limit: k, the report and route-dense's arithmetic
// must not wrap (FLOPs are counted in double, sizes with overflow checks).
// RUN: mod-opt %s --split-input-file --mod-routing-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: mod-opt %s --split-input-file --mod-route-dense="every=1 offset=0 report=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ROUTE

// REPORT: block #0: B=4611686018427387904 S=4611686018427387904 D=8 f32 capacity=0.5 k=2305843009213693952
func.func @huge_routed_block(%x: tensor<4611686018427387904x4611686018427387904x8xf32>, %w: tensor<8xf32>) -> tensor<4611686018427387904x4611686018427387904x8xf32> {
  %y = mod.routed_block(%x, %w) {capacity = 0.5 : f64} : (tensor<4611686018427387904x4611686018427387904x8xf32>, tensor<8xf32>) -> tensor<4611686018427387904x4611686018427387904x8xf32> {
  ^bb0(%xs: tensor<4611686018427387904x2305843009213693952x8xf32>, %pos: tensor<4611686018427387904x2305843009213693952xi64>):
    mod.yield %xs : tensor<4611686018427387904x2305843009213693952x8xf32>
  }
  return %y : tensor<4611686018427387904x4611686018427387904x8xf32>
}

// -----

// B * S = 2^64 does not fit in int64; the layer is per token, so no product
// of B and S is needed and the FLOP count (router: 2*B*S*D) is exact in double.
// ROUTE: @huge_layer: 1 layer(s), B=4294967296 S=4294967296 D=8, capacity=0.125 (k=536870912)
// ROUTE: layer 0: routed S=4294967296 k=536870912  FLOPs dense=0 routed=2.951e+20
func.func @huge_layer(%x: tensor<4294967296x4294967296x8xf32>) -> tensor<4294967296x4294967296x8xf32> {
  %e = tensor.empty() : tensor<4294967296x4294967296x8xf32>
  %t = math.tanh %x : tensor<4294967296x4294967296x8xf32>
  %r = linalg.add ins(%x, %t : tensor<4294967296x4294967296x8xf32>, tensor<4294967296x4294967296x8xf32>) outs(%e : tensor<4294967296x4294967296x8xf32>) -> tensor<4294967296x4294967296x8xf32>
  return %r : tensor<4294967296x4294967296x8xf32>
}
