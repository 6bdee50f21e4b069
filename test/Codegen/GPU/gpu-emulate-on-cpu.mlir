// RUN: mod-opt %s --mod-gpu-emulate-on-cpu --split-input-file --verify-diagnostics | FileCheck %s
// RUN: mod-opt %s --mod-gpu-emulate-on-cpu="bounds-checks=true" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=BOUNDS

// Host side: allocations become host memory, launches calls of the emulated
// kernels with the grid and block sizes, tokens and waits disappear, the
// cuBLAS GEMM becomes the CPU one.
// CHECK-NOT: gpu.container_module
// CHECK-NOT: gpu.module
// CHECK: func.func private @mod_cpu_matmul(
// CHECK-LABEL: func.func @host(
// CHECK-NOT: gpu.
// CHECK: %[[M:.*]] = memref.alloc() : memref<256xf32>
// CHECK: %[[H:.*]] = memref.alloc() : memref<256xf32>
// CHECK: call @__mod_emu_kernels_reverse(%[[M]], %[[H]], %c4, %c1, %c1, %c64, %c1, %c1)
// CHECK: call @__mod_emu_kernels_scale(%[[H]], %c4, %c1, %c1, %c64, %c1, %c1)
// CHECK: memref.copy %[[H]], %[[M]]
// CHECK: call @mod_cpu_matmul(
// CHECK: memref.dealloc %[[M]]
// CHECK: memref.dealloc %[[H]]
// CHECK-NEXT: return

// A kernel with a barrier: grid loops, workgroup memory per block, the block
// as an OpenMP team of blockDim threads, gpu.barrier -> omp.barrier.
// CHECK-LABEL: func.func @__mod_emu_kernels_reverse(
// CHECK-SAME: %[[IN:[^:]*]]: memref<256xf32>, %[[OUT:[^:]*]]: memref<256xf32>, %[[GX:[^:]*]]: index, %[[GY:[^:]*]]: index, %[[GZ:[^:]*]]: index, %[[BX:[^:]*]]: index, %[[BY:[^:]*]]: index, %[[BZ:[^:]*]]: index)
// CHECK: call @kmp_set_blocktime(
// CHECK: scf.for %{{.*}} = %c0 to %[[GZ]]
// CHECK: scf.for %{{.*}} = %c0 to %[[GY]]
// CHECK: scf.for %[[BID:.*]] = %c0 to %[[GX]]
// CHECK: %[[TILE:.*]] = memref.alloc() : memref<64xf32>
// CHECK: omp.parallel num_threads(
// CHECK: %[[TN:.*]] = func.call @omp_get_thread_num()
// CHECK: %[[TID:.*]] = arith.index_cast %[[TN]]
// CHECK: func.call @omp_get_num_threads()
// CHECK: func.call @mod_emu_team_error(
// CHECK: %[[TX:.*]] = arith.remui %[[TID]], %[[BX]]
// CHECK: %[[PRIV:.*]] = memref.alloca() : memref<1xf32>
// CHECK: arith.muli %[[BID]], %[[BX]]
// CHECK: memref.store %{{.*}}, %[[PRIV]]
// CHECK: memref.store %{{.*}}, %[[TILE]][%[[TX]]] : memref<64xf32>
// CHECK-NEXT: omp.barrier
// CHECK: memref.load %[[TILE]]
// CHECK: omp.terminator
// CHECK: memref.dealloc %[[TILE]]

// Without barriers the threads run one after another.
// CHECK-LABEL: func.func @__mod_emu_kernels_scale(
// CHECK-NOT: omp.
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.execute_region
// CHECK: scf.yield

// Bounds checks: every index of every access against the memref size.
// BOUNDS-LABEL: func.func @__mod_emu_kernels_reverse(
// BOUNDS: %[[SIZE:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<256xf32>
// BOUNDS: %[[BAD:.*]] = arith.cmpi uge, %[[IDX:.*]], %[[SIZE]] : index
// BOUNDS: scf.if %[[BAD]] {
// BOUNDS: llvm.mlir.addressof @__mod_emu_kernels_reverse_name
// BOUNDS: func.call @mod_emu_bounds_error(
// BOUNDS: memref.load %{{.*}}[%[[IDX]]] : memref<256xf32>
// BOUNDS: func.func private @mod_emu_bounds_error(!llvm.ptr, index, index, index, index, index, index, index, index, index)

module attributes {gpu.container_module} {
  func.func private @mod_gpu_matmul(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
  func.func @host(%a: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c64 = arith.constant 64 : index
    %t0 = gpu.wait async
    %m, %t1 = gpu.alloc async [%t0] () : memref<256xf32>
    %h = gpu.alloc host_shared () : memref<256xf32>
    %t2 = gpu.launch_func async [%t1] @kernels::@reverse blocks in (%c4, %c1, %c1) threads in (%c64, %c1, %c1) args(%m : memref<256xf32>, %h : memref<256xf32>)
    %t3 = gpu.launch_func async [%t2] @kernels::@scale blocks in (%c4, %c1, %c1) threads in (%c64, %c1, %c1) args(%h : memref<256xf32>)
    %t4 = gpu.memcpy async [%t3] %m, %h : memref<256xf32>, memref<256xf32>
    gpu.wait [%t4]
    call @mod_gpu_matmul(%a, %a, %a) : (memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) -> ()
    %t5 = gpu.dealloc async %m : memref<256xf32>
    gpu.wait [%t5]
    gpu.dealloc %h : memref<256xf32>
    return
  }
  gpu.module @kernels {
    // Reverses every 64-element chunk through workgroup memory.
    gpu.func @reverse(%in: memref<256xf32>, %out: memref<256xf32>)
        workgroup(%tile : memref<64xf32, #gpu.address_space<workgroup>>)
        private(%tmp : memref<1xf32, #gpu.address_space<private>>) kernel {
      %c63 = arith.constant 63 : index
      %c0 = arith.constant 0 : index
      %tx = gpu.thread_id x
      %bx = gpu.block_id x
      %bd = gpu.block_dim x
      %base = arith.muli %bx, %bd : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %in[%i] : memref<256xf32>
      memref.store %v, %tmp[%c0] : memref<1xf32, #gpu.address_space<private>>
      memref.store %v, %tile[%tx] : memref<64xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %r = arith.subi %c63, %tx : index
      %w = memref.load %tile[%r] : memref<64xf32, #gpu.address_space<workgroup>>
      memref.store %w, %out[%i] : memref<256xf32>
      gpu.return
    }
    gpu.func @scale(%x: memref<256xf32>) kernel {
      %i = gpu.global_id x
      %g = gpu.grid_dim x
      %v = memref.load %x[%i] : memref<256xf32>
      %s = arith.addf %v, %v : f32
      memref.store %s, %x[%i] : memref<256xf32>
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @warp(%x: memref<32xf32>) kernel {
      %c32 = arith.constant 32 : i32
      %c1 = arith.constant 1 : i32
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<32xf32>
      // expected-error @below {{'gpu.shuffle' is not supported by the CPU emulation}}
      %s, %ok = gpu.shuffle xor %v, %c1, %c32 : f32
      memref.store %s, %x[%tx] : memref<32xf32>
      gpu.return
    }
  }
}
