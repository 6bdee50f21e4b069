// A GPU program touching every mgpu* entry point plain kernels use (shared by
// the tests in test/Runtime). On a GPU it prints sixteen 4s (2.0 set by
// gpu.memset, doubled by @double) and sixteen 7s (copied by @copy16, a
// cluster launch); with Inputs/fake_cuda.c the kernels are emulated on the CPU.
module attributes {gpu.container_module} {
  func.func @main() -> i32 {
    %c0_i32 = arith.constant 0 : i32
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %two = arith.constant 2.0 : f32
    %seven = arith.constant 7 : i16
    gpu.set_default_device %c0_i32

    %h = memref.alloc() : memref<16xf32>
    %s = gpu.alloc host_shared () : memref<16xf32>
    %n = gpu.alloc host_shared () : memref<16xi16>

    // Stream 1: device buffer, memset32, copy to managed memory, kernel.
    %t0 = gpu.wait async
    %d, %t1 = gpu.alloc async [%t0] () : memref<16xf32>
    %t2 = gpu.memset async [%t1] %d, %two : memref<16xf32>, f32
    %t3 = gpu.memcpy async [%t2] %s, %d : memref<16xf32>, memref<16xf32>
    %t4 = gpu.launch_func async [%t3] @kernels::@double
        blocks in (%c1, %c1, %c1) threads in (%c16, %c1, %c1)
        args(%s : memref<16xf32>)

    // Stream 2: memset16.
    %u0 = gpu.wait async
    %m, %u1 = gpu.alloc async [%u0] () : memref<16xi16>
    %u2 = gpu.memset async [%u1] %m, %seven : memref<16xi16>, i16

    // Join both (events), then a cluster launch.
    %j = gpu.wait async [%t4, %u2]
    %k = gpu.launch_func async [%j] @kernels::@copy16
        clusters in (%c2, %c1, %c1) blocks in (%c2, %c1, %c1)
        threads in (%c8, %c1, %c1)
        args(%m : memref<16xi16>, %n : memref<16xi16>)

    // Host registration (twice: the second is already registered), copy back.
    %hu = memref.cast %h : memref<16xf32> to memref<*xf32>
    gpu.host_register %hu : memref<*xf32>
    gpu.host_register %hu : memref<*xf32>
    %k1 = gpu.memcpy async [%k] %h, %s : memref<16xf32>, memref<16xf32>
    %k2 = gpu.dealloc async [%k1] %d : memref<16xf32>
    %k3 = gpu.dealloc async [%k2] %m : memref<16xi16>
    gpu.wait [%k3]
    gpu.host_unregister %hu : memref<*xf32>
    gpu.host_unregister %hu : memref<*xf32>

    call @printMemrefF32(%hu) : (memref<*xf32>) -> ()
    %nu = memref.cast %n : memref<16xi16> to memref<*xi16>
    call @printMemrefI16(%nu) : (memref<*xi16>) -> ()

    %f0 = gpu.wait async
    %f1 = gpu.dealloc async [%f0] %s : memref<16xf32>
    %f2 = gpu.dealloc async [%f1] %n : memref<16xi16>
    gpu.wait [%f2]
    memref.dealloc %h : memref<16xf32>
    return %c0_i32 : i32
  }

  // Not called: a token from outside is waited on as an event, which is how
  // generated code comes to declare mgpuEventSynchronize.
  func.func @wait_on(%token: !gpu.async.token) {
    gpu.wait [%token]
    return
  }

  gpu.module @kernels {
    gpu.func @double(%x: memref<16xf32>) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<16xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %x[%i] : memref<16xf32>
      gpu.return
    }
    gpu.func @copy16(%from: memref<16xi16>, %to: memref<16xi16>) kernel {
      %b = gpu.block_id x
      %t = gpu.thread_id x
      %bd = gpu.block_dim x
      %base = arith.muli %b, %bd : index
      %i = arith.addi %base, %t : index
      %v = memref.load %from[%i] : memref<16xi16>
      memref.store %v, %to[%i] : memref<16xi16>
      gpu.return
    }
  }

  func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
  func.func private @printMemrefI16(memref<*xi16>) attributes {llvm.emit_c_interface}
}
