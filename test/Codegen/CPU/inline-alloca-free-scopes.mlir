// RUN: mod-opt %s --pass-pipeline="builtin.module(func.func(mod-inline-alloca-free-scopes))" | FileCheck %s

func.func private @gemm(memref<4xf32>)

// A scope around heap buffers and an opaque call (convert-scf-to-openmp's
// wrapper of a loop body that calls the runtime GEMM): inlined, so the loops
// in it may become blocks later.
// CHECK-LABEL: func.func @no_stack
// CHECK-NOT:     memref.alloca_scope
// CHECK:         memref.alloc
// CHECK:         scf.for
// CHECK:         call @gemm
// CHECK:         memref.dealloc
func.func @no_stack(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  memref.alloca_scope {
    %b = memref.alloc() : memref<4xf32>
    scf.for %i = %c0 to %n step %c1 {
      memref.store %f, %b[%c0] : memref<4xf32>
    }
    func.call @gemm(%b) : (memref<4xf32>) -> ()
    memref.dealloc %b : memref<4xf32>
  }
  return
}

// A stack allocation of its own: the scope frees it every iteration; kept.
// A nested scope's alloca is that scope's business: the outer one goes.
// CHECK-LABEL: func.func @with_stack
// CHECK:         memref.alloca_scope {
// CHECK-NEXT:      memref.alloca
// CHECK-LABEL: func.func @nested
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      memref.alloca
// CHECK:         }
// CHECK-NEXT:    return
func.func @with_stack() {
  memref.alloca_scope {
    %a = memref.alloca() : memref<4xf32>
    func.call @gemm(%a) : (memref<4xf32>) -> ()
  }
  return
}
func.func @nested() {
  memref.alloca_scope {
    memref.alloca_scope {
      %a = memref.alloca() : memref<4xf32>
      func.call @gemm(%a) : (memref<4xf32>) -> ()
    }
  }
  return
}

// Results of the scope become the returned values.
// CHECK-LABEL: func.func @result
// CHECK-NOT:     alloca_scope
// CHECK:         %[[V:.*]] = arith.addf
// CHECK:         return %[[V]]
func.func @result(%x: f32) -> f32 {
  %r = memref.alloca_scope -> f32 {
    %v = arith.addf %x, %x : f32
    memref.alloca_scope.return %v : f32
  }
  return %r : f32
}
