// emulate-checks=bounds: an access outside its memref stops the program with
// the kernel, block, thread, dimension, index and size, exit code 1. Without
// the checks the same program runs (and silently writes out of bounds).
// RUN: mod-opt %s --mod-gpu-pipeline="emulate=cpu emulate-checks=bounds" -o %t.checked.mlir
// RUN: not %mlir_runner_omp -shared-libs=%mod_cpu_runtime %t.checked.mlir 2>&1 | FileCheck %s
// CHECK: mod-gpu-emulation: out-of-bounds access in kernel main_kernel::main_kernel, block (1, 0, 0), thread (2, 0, 0): index 10 of dimension 0, size 10
// CHECK-NOT: Unranked Memref

// In a kernel with barriers (OpenMP team): thread 5 reads past workgroup
// memory. (Hand-written gpu.launch with a barrier does not pass the buffer
// deallocation pipeline, so this one runs the passes by hand.)
// RUN: mod-opt %S/Inputs/emulate-bounds-shared.mlir --pass-pipeline="builtin.module(gpu-kernel-outlining,mod-gpu-emulate-on-cpu{bounds-checks=true},convert-scf-to-cf,finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,convert-openmp-to-llvm,reconcile-unrealized-casts)" -o %t.shared.mlir
// RUN: not %mlir_runner_omp -shared-libs=%mod_cpu_runtime %t.shared.mlir 2>&1 | FileCheck %s --check-prefix=SHARED
// SHARED: mod-gpu-emulation: out-of-bounds access in kernel main_kernel::main_kernel, block (0, 0, 0), thread (5, 0, 0): index 6 of dimension 0, size 6

func.func @main() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %buf = memref.alloc() : memref<10xf32>
  // 2 blocks of 8 threads on 10 elements, no guard: block 1, thread 2 is
  // the first out of bounds.
  %c8 = arith.constant 8 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%ntx = %c8, %nty = %c1, %ntz = %c1) {
    %i0 = arith.muli %bx, %ntx : index
    %i = arith.addi %i0, %tx : index
    %f = arith.constant 1.0 : f32
    memref.store %f, %buf[%i] : memref<10xf32>
    gpu.terminator
  }
  %u = memref.cast %buf : memref<10xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(memref<*xf32>)
