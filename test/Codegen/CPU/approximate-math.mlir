// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-approximate-math))" | FileCheck %s
// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-approximate-math{scalars=true}))" | FileCheck %s --check-prefix=SCALARS
// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-approximate-math{ops=tanh}))" | FileCheck %s --check-prefix=TANH

// Vector exp/tanh/erf become polynomial arithmetic (vector code stays vector
// code); scalar ones stay libm-bound math ops unless scalars=true; f64 and
// ops not asked for are left alone.
// CHECK-LABEL: func.func @vectors
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.erf
// CHECK:         math.fma {{.*}} : vector<2x16xf32>
// CHECK:         return
// TANH-LABEL:  func.func @vectors
// TANH:          math.exp {{.*}} : vector<2x16xf32>
// TANH-NOT:      math.tanh
// TANH:          math.erf {{.*}} : vector<2x16xf32>
func.func @vectors(%x: vector<2x16xf32>) -> (vector<2x16xf32>, vector<2x16xf32>, vector<2x16xf32>) {
  %e = math.exp %x : vector<2x16xf32>
  %t = math.tanh %x : vector<2x16xf32>
  %r = math.erf %x : vector<2x16xf32>
  return %e, %t, %r : vector<2x16xf32>, vector<2x16xf32>, vector<2x16xf32>
}

// CHECK-LABEL: func.func @scalars
// CHECK:         math.exp %{{.*}} : f32
// CHECK:         math.tanh %{{.*}} : f32
// CHECK:         math.exp %{{.*}} : vector<16xf64>
// SCALARS-LABEL: func.func @scalars
// SCALARS-NOT:   math.exp %{{.*}} : f32
// SCALARS-NOT:   math.tanh
// SCALARS:       math.exp %{{.*}} : vector<16xf64>
func.func @scalars(%x: f32, %d: vector<16xf64>) -> (f32, f32, vector<16xf64>) {
  %e = math.exp %x : f32
  %t = math.tanh %x : f32
  %f = math.exp %d : vector<16xf64>
  return %e, %t, %f : f32, f32, vector<16xf64>
}
