// RUN: mod-opt %s --mod-gpu-map-parallel-loops --split-input-file | FileCheck %s
// RUN: mod-opt %s --mod-gpu-map-parallel-loops="block-size=64" --split-input-file | FileCheck %s --check-prefix=B64
// RUN: mod-opt %s --mod-gpu-map-parallel-loops --convert-parallel-loops-to-gpu --lower-affine --canonicalize --split-input-file | FileCheck %s --check-prefix=LAUNCH
// RUN: not mod-opt %s --mod-gpu-map-parallel-loops="block-size=100" --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// An elementwise [4, 16, 768] loop: the contiguous last dimension is tiled
// by 256 and goes to thread x; the tiles go to blocks, innermost first.
// CHECK-LABEL: func.func @elementwise
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%c4, %c16, %c768) step (%{{.*}}, %{{.*}}, %[[T:.*]])
// CHECK:           scf.parallel
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_z, {{.*}}>, #gpu.loop_dim_map<processor = block_y, {{.*}}>, #gpu.loop_dim_map<processor = block_x, {{.*}}>]}
// B64-LABEL: func.func @elementwise
// B64:         arith.constant 64 : index
// LAUNCH-LABEL: func.func @elementwise
// LAUNCH:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c3{{.*}}, %{{.*}} = %c16{{.*}}, %{{.*}} = %c4{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c256{{.*}}, %{{.*}} = %c1{{.*}}, %{{.*}} = %c1{{.*}})
// BAD: error: mod-gpu-map-parallel-loops: block-size must be a power of two in [1, 1024], got 100
func.func @elementwise(%a: memref<4x16x768xf32>, %b: memref<4x16x768xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c768 = arith.constant 768 : index
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c4, %c16, %c768) step (%c1, %c1, %c1) {
    %x = memref.load %a[%i, %j, %k] : memref<4x16x768xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %b[%i, %j, %k] : memref<4x16x768xf32>
    scf.reduce
  }
  return
}

// -----

// Small trailing dimensions share a block: [8, 4, 4] -> threads (4, 4, 8)
// in one block; every block loop has one iteration and stays sequential.
// CHECK-LABEL: func.func @small
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_z, {{.*}}>, #gpu.loop_dim_map<processor = thread_y, {{.*}}>, #gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = sequential, {{.*}}>]}
func.func @small(%a: memref<8x4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c8, %c4, %c4) step (%c1, %c1, %c1) {
    memref.store %f, %a[%i, %j, %k] : memref<8x4x4xf32>
    scf.reduce
  }
  return
}

// -----

// A row-wise loop with a nested row copy (the scatter-add shape): (b, j) go
// to blocks, the row to threads (tiled by 256, the tile loop sequential).
// CHECK-LABEL: func.func @rows
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c2, %c8)
// CHECK:           scf.parallel (%{{.*}}) = (%c0) to (%c1024) step (%[[T:.*]])
// CHECK:             scf.parallel
// CHECK:             } {mapping = [#gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_y, {{.*}}>, #gpu.loop_dim_map<processor = block_x, {{.*}}>]}
// LAUNCH-LABEL: func.func @rows
// LAUNCH:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c8{{.*}}, %{{.*}} = %c2{{.*}}, %{{.*}} = %c1{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c256{{.*}}, %{{.*}} = %c1{{.*}}, %{{.*}} = %c1{{.*}})
// LAUNCH:           scf.for
func.func @rows(%idx: memref<2x8xindex>, %src: memref<2x8x1024xf32>, %dst: memref<2x64x1024xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %c1024 = arith.constant 1024 : index
  scf.parallel (%b, %j) = (%c0, %c0) to (%c2, %c8) step (%c1, %c1) {
    %s = memref.load %idx[%b, %j] : memref<2x8xindex>
    scf.parallel (%d) = (%c0) to (%c1024) step (%c1) {
      %x = memref.load %src[%b, %j, %d] : memref<2x8x1024xf32>
      memref.store %x, %dst[%b, %s, %d] : memref<2x64x1024xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}
