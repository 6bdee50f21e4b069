// RUN: mod-opt %s --convert-mod-topk-to-gpu --split-input-file | FileCheck %s
// RUN: mod-opt %s --convert-mod-topk-to-gpu="kernel-body=false" --split-input-file | FileCheck %s --check-prefix=DECL

// A [B, S] top-k becomes a call of the kernel function on the score buffer;
// results come back as restrict tensors of fresh buffers.
// CHECK-LABEL: func.func @topk_2d
// CHECK-SAME:    (%[[S:.*]]: tensor<2x16xf32>)
// CHECK:         %[[SB:.*]] = bufferization.to_buffer %[[S]] read_only : tensor<2x16xf32> to memref<2x16xf32>
// CHECK:         %[[V:.*]] = memref.alloc() : memref<2x4xf32>
// CHECK:         %[[I:.*]] = memref.alloc() : memref<2x4xi64>
// CHECK:         %[[SC:.*]] = memref.cast %[[SB]] : memref<2x16xf32> to memref<?x?xf32>
// CHECK:         call @__mod_gpu_topk_f32(%[[SC]], {{.*}}) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xi64>) -> ()
// CHECK:         bufferization.to_tensor %[[V]] restrict writable
// CHECK:         bufferization.to_tensor %[[I]] restrict writable
// The kernel: one 512-thread block per row, histogram + scan buffers in
// shared memory, barriers between the phases.
// CHECK:       func.func private @__mod_gpu_topk_f32(
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %{{.*}}, {{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %c512
// CHECK-SAME:      workgroup(%{{.*}} : memref<256xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<512xi32, #gpu.address_space<workgroup>>
// CHECK:           memref.atomic_rmw addi
// CHECK:           gpu.barrier
// DECL-LABEL: func.func @topk_2d
// DECL:         call @__mod_gpu_topk_f32
// DECL:       func.func private @__mod_gpu_topk_f32(memref<?x?xf32>, memref<?x?xf32>, memref<?x?xi64>)
// DECL-NOT:     gpu.launch
func.func @topk_2d(%s: tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x4xi64>) {
  %v_init = tensor.empty() : tensor<2x4xf32>
  %i_init = tensor.empty() : tensor<2x4xi64>
  %v, %i = mod.topk %s outs(%v_init, %i_init) {k = 4 : i64} : tensor<2x16xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  return %v, %i : tensor<2x4xf32>, tensor<2x4xi64>
}

// -----

// Leading dimensions are flattened into rows; rank 1 gets a unit row; the
// kernel function is added once.
// CHECK-LABEL: func.func @topk_ranks
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x3x16xf32> into tensor<6x16xf32>
// CHECK:         call @__mod_gpu_topk_f32
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xi64> into tensor<2x3x5xi64>
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 16] : tensor<16xf32> into tensor<1x16xf32>
// CHECK:         call @__mod_gpu_topk_f32
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<1x2xi64> into tensor<2xi64>
// CHECK-COUNT-1: func.func private @__mod_gpu_topk_f32
func.func @topk_ranks(%a: tensor<2x3x16xf32>, %b: tensor<16xf32>) -> (tensor<2x3x5xi64>, tensor<2xi64>) {
  %v_init = tensor.empty() : tensor<2x3x5xf32>
  %i_init = tensor.empty() : tensor<2x3x5xi64>
  %v, %i = mod.topk %a outs(%v_init, %i_init) {k = 5 : i64} : tensor<2x3x16xf32> -> tensor<2x3x5xf32>, tensor<2x3x5xi64>
  %w_init = tensor.empty() : tensor<2xf32>
  %j_init = tensor.empty() : tensor<2xi64>
  %w, %j = mod.topk %b outs(%w_init, %j_init) {k = 2 : i64} : tensor<16xf32> -> tensor<2xf32>, tensor<2xi64>
  return %i, %j : tensor<2x3x5xi64>, tensor<2xi64>
}
