// Input of emulate-bounds.mlir: a barrier kernel reading one past its
// workgroup memory.
module attributes {gpu.container_module} {
func.func @main() {
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %out = memref.alloc() : memref<6xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%ntx = %c6, %nty = %c1, %ntz = %c1)
             workgroup(%tile : memref<6xf32, #gpu.address_space<workgroup>>) {
    %f = arith.constant 2.0 : f32
    memref.store %f, %tile[%tx] : memref<6xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    // Neighbour exchange without the wrap-around: thread 5 reads tile[6].
    %one = arith.constant 1 : index
    %n = arith.addi %tx, %one : index
    %v = memref.load %tile[%n] : memref<6xf32, #gpu.address_space<workgroup>>
    memref.store %v, %out[%tx] : memref<6xf32>
    gpu.terminator
  }
  %u = memref.cast %out : memref<6xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  memref.dealloc %out : memref<6xf32>
  return
}
func.func private @printMemrefF32(memref<*xf32>)
}
