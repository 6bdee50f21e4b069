#map = affine_map<(d0, d1, d2) -> (d0, d1)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map2 = affine_map<(d0) -> (d0)>
#map3 = affine_map<(d0, d1) -> (d0, d1)>
#map4 = affine_map<(d0, d1, d2, d3) -> (0, 0, 0, 0)>
#map5 = affine_map<(d0, d1, d2, d3) -> (0, 0, d2, 0)>
#map6 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map7 = affine_map<(d0, d1, d2, d3) -> (0, 0, 0, d3)>
#map8 = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, d3)>
#map9 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#map10 = affine_map<(d0, d1, d2, d3) -> ()>
#map11 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#map12 = affine_map<(d0, d1, d2) -> (d2)>
#map13 = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
#map14 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
module {
  func.func @llama(%arg0: tensor<1x8xi64>) -> tensor<1x8x32xf32> {
    %c0_i64 = arith.constant 0 : i64
    %c2_i64 = arith.constant 2 : i64
    %c1_i64 = arith.constant 1 : i64
    %c8_i64 = arith.constant 8 : i64
    %c32 = arith.constant 32 : index
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant 0xFF800000 : f32
    %cst_1 = arith.constant 1.000000e+00 : f32
    %cst_2 = arith.constant dense<-3.40282347E+38> : tensor<f32>
    %cst_3 = arith.constant dense<0.000000e+00> : tensor<f32>
    %cst_4 = arith.constant dense<true> : tensor<i1>
    %cst_5 = arith.constant dense_resource<torch_tensor_32_16_torch.float32_5> : tensor<32x16xf32>
    %cst_6 = arith.constant dense_resource<torch_tensor_16_torch.float32_4> : tensor<16xf32>
    %cst_7 = arith.constant dense_resource<torch_tensor_16_32_torch.float32_1> : tensor<16x32xf32>
    %cst_8 = arith.constant dense_resource<torch_tensor_32_16_torch.float32_4> : tensor<32x16xf32>
    %cst_9 = arith.constant dense_resource<torch_tensor_32_16_torch.float32_3> : tensor<32x16xf32>
    %cst_10 = arith.constant dense_resource<torch_tensor_16_torch.float32_3> : tensor<16xf32>
    %cst_11 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_7> : tensor<16x16xf32>
    %cst_12 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_6> : tensor<16x16xf32>
    %cst_13 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_5> : tensor<16x16xf32>
    %cst_14 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_4> : tensor<16x16xf32>
    %cst_15 = arith.constant dense_resource<torch_tensor_16_torch.float32_2> : tensor<16xf32>
    %cst_16 = arith.constant dense_resource<torch_tensor_16_32_torch.float32> : tensor<16x32xf32>
    %cst_17 = arith.constant dense_resource<torch_tensor_32_16_torch.float32_2> : tensor<32x16xf32>
    %cst_18 = arith.constant dense_resource<torch_tensor_32_16_torch.float32_1> : tensor<32x16xf32>
    %cst_19 = arith.constant dense_resource<torch_tensor_16_torch.float32_1> : tensor<16xf32>
    %cst_20 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_3> : tensor<16x16xf32>
    %cst_21 = arith.constant 0.35355339059327379 : f64
    %cst_22 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_2> : tensor<16x16xf32>
    %cst_23 = arith.constant dense_resource<torch_tensor_16_16_torch.float32_1> : tensor<16x16xf32>
    %cst_24 = arith.constant dense_resource<torch_tensor_16_16_torch.float32> : tensor<16x16xf32>
    %cst_25 = arith.constant dense_resource<torch_tensor_16_torch.float32> : tensor<16xf32>
    %cst_26 = arith.constant 9.9999999999999995E-7 : f64
    %cst_27 = arith.constant dense_resource<torch_tensor_4_torch.float32> : tensor<4xf32>
    %cst_28 = arith.constant dense_resource<torch_tensor_32_16_torch.float32> : tensor<32x16xf32>
    %cst_29 = arith.constant 1.600000e+01 : f32
    %0 = tensor.empty() : tensor<1x8x16xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x8xi64>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: i64, %out: f32):
      %150 = arith.index_cast %in : i64 to index
      %151 = linalg.index 2 : index
      %152 = arith.cmpi slt, %150, %c32 : index
      cf.assert %152, "index must be smaller than dim size"
      %153 = arith.cmpi sge, %in, %c0_i64 : i64
      cf.assert %153, "index must be larger or equal to 0"
      %extracted = tensor.extract %cst_28[%150, %151] : tensor<32x16xf32>
      linalg.yield %extracted : f32
    } -> tensor<1x8x16xf32>
    %2 = tensor.empty() : tensor<8xi64>
    %3 = linalg.generic {indexing_maps = [#map2], iterator_types = ["parallel"]} outs(%2 : tensor<8xi64>) {
    ^bb0(%out: i64):
      %150 = linalg.index 0 : index
      %151 = arith.index_cast %150 : index to i64
      linalg.yield %151 : i64
    } -> tensor<8xi64>
    %expanded = tensor.expand_shape %3 [[0, 1]] output_shape [1, 8] : tensor<8xi64> into tensor<1x8xi64>
    %extracted_slice = tensor.extract_slice %expanded[0, 0] [1, 1] [1, 1] : tensor<1x8xi64> to tensor<1x1xi64>
    %4 = tensor.empty() : tensor<1x1xi64>
    %5 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%extracted_slice : tensor<1x1xi64>) outs(%4 : tensor<1x1xi64>) {
    ^bb0(%in: i64, %out: i64):
      %150 = arith.subi %in, %c1_i64 : i64
      linalg.yield %150 : i64
    } -> tensor<1x1xi64>
    %concat = tensor.concat dim(1) %5, %expanded : (tensor<1x1xi64>, tensor<1x8xi64>) -> tensor<1x9xi64>
    %extracted_slice_30 = tensor.extract_slice %concat[0, 0] [1, 8] [1, 1] : tensor<1x9xi64> to tensor<1x8xi64>
    %extracted_slice_31 = tensor.extract_slice %concat[0, 1] [1, 8] [1, 1] : tensor<1x9xi64> to tensor<1x8xi64>
    %6 = tensor.empty() : tensor<1x8xi64>
    %7 = linalg.generic {indexing_maps = [#map3, #map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%extracted_slice_31, %extracted_slice_30 : tensor<1x8xi64>, tensor<1x8xi64>) outs(%6 : tensor<1x8xi64>) {
    ^bb0(%in: i64, %in_112: i64, %out: i64):
      %150 = arith.subi %in, %in_112 : i64
      linalg.yield %150 : i64
    } -> tensor<1x8xi64>
    %8 = tensor.empty() : tensor<1x8xi1>
    %9 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%7 : tensor<1x8xi64>) outs(%8 : tensor<1x8xi1>) {
    ^bb0(%in: i64, %out: i1):
      %150 = arith.cmpi ne, %in, %c1_i64 : i64
      linalg.yield %150 : i1
    } -> tensor<1x8xi1>
    %10 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%9 : tensor<1x8xi1>) outs(%6 : tensor<1x8xi64>) {
    ^bb0(%in: i1, %out: i64):
      %150 = arith.extui %in : i1 to i64
      linalg.yield %150 : i64
    } -> tensor<1x8xi64>
    %11 = linalg.fill ins(%c0_i64 : i64) outs(%6 : tensor<1x8xi64>) -> tensor<1x8xi64>
    %12 = tensor.empty() : tensor<1xi64>
    %13 = linalg.fill ins(%c0_i64 : i64) outs(%12 : tensor<1xi64>) -> tensor<1xi64>
    %14:2 = tm_tensor.scan dimension(1) inclusive(true) ins(%10 : tensor<1x8xi64>) outs(%11, %13 : tensor<1x8xi64>, tensor<1xi64>) {
    ^bb0(%arg1: i64, %arg2: i64):
      %150 = arith.addi %arg1, %arg2 : i64
      tm_tensor.yield %150 : i64
    } -> tensor<1x8xi64>, tensor<1xi64>
    %15 = linalg.generic {indexing_maps = [#map2], iterator_types = ["parallel"]} outs(%12 : tensor<1xi64>) {
    ^bb0(%out: i64):
      linalg.yield %c0_i64 : i64
    } -> tensor<1xi64>
    %expanded_32 = tensor.expand_shape %15 [[0, 1, 2, 3]] output_shape [1, 1, 1, 1] : tensor<1xi64> into tensor<1x1x1x1xi64>
    %expanded_33 = tensor.expand_shape %3 [[0, 1, 2, 3]] output_shape [1, 1, 8, 1] : tensor<8xi64> into tensor<1x1x8x1xi64>
    %expanded_34 = tensor.expand_shape %3 [[0, 1, 2, 3]] output_shape [1, 1, 1, 8] : tensor<8xi64> into tensor<1x1x1x8xi64>
    %16 = tensor.empty() : tensor<1x1x8x1xi64>
    %17 = linalg.generic {indexing_maps = [#map4, #map5, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_32, %expanded_33 : tensor<1x1x1x1xi64>, tensor<1x1x8x1xi64>) outs(%16 : tensor<1x1x8x1xi64>) {
    ^bb0(%in: i64, %in_112: i64, %out: i64):
      %150 = arith.cmpi slt, %in, %c0_i64 : i64
      %151 = arith.addi %in, %c1_i64 : i64
      %152 = arith.select %150, %151, %in : i64
      %153 = arith.index_cast %152 : i64 to index
      %154 = arith.cmpi slt, %in_112, %c0_i64 : i64
      %155 = arith.addi %in_112, %c8_i64 : i64
      %156 = arith.select %154, %155, %in_112 : i64
      %157 = arith.index_cast %156 : i64 to index
      %extracted = tensor.extract %expanded[%153, %157] : tensor<1x8xi64>
      linalg.yield %extracted : i64
    } -> tensor<1x1x8x1xi64>
    %18 = tensor.empty() : tensor<1x1x1x8xi64>
    %19 = linalg.generic {indexing_maps = [#map4, #map7, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_32, %expanded_34 : tensor<1x1x1x1xi64>, tensor<1x1x1x8xi64>) outs(%18 : tensor<1x1x1x8xi64>) {
    ^bb0(%in: i64, %in_112: i64, %out: i64):
      %150 = arith.cmpi slt, %in, %c0_i64 : i64
      %151 = arith.addi %in, %c1_i64 : i64
      %152 = arith.select %150, %151, %in : i64
      %153 = arith.index_cast %152 : i64 to index
      %154 = arith.cmpi slt, %in_112, %c0_i64 : i64
      %155 = arith.addi %in_112, %c8_i64 : i64
      %156 = arith.select %154, %155, %in_112 : i64
      %157 = arith.index_cast %156 : i64 to index
      %extracted = tensor.extract %expanded[%153, %157] : tensor<1x8xi64>
      linalg.yield %extracted : i64
    } -> tensor<1x1x1x8xi64>
    %20 = tensor.empty() : tensor<1x1x8x8xi1>
    %21 = linalg.generic {indexing_maps = [#map8, #map9, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%19, %17 : tensor<1x1x1x8xi64>, tensor<1x1x8x1xi64>) outs(%20 : tensor<1x1x8x8xi1>) {
    ^bb0(%in: i64, %in_112: i64, %out: i1):
      %150 = arith.cmpi sle, %in, %in_112 : i64
      linalg.yield %150 : i1
    } -> tensor<1x1x8x8xi1>
    %22 = linalg.generic {indexing_maps = [#map10, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cst_4, %21 : tensor<i1>, tensor<1x1x8x8xi1>) outs(%20 : tensor<1x1x8x8xi1>) {
    ^bb0(%in: i1, %in_112: i1, %out: i1):
      %150 = arith.andi %in, %in_112 : i1
      linalg.yield %150 : i1
    } -> tensor<1x1x8x8xi1>
    %23 = linalg.generic {indexing_maps = [#map4, #map5, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_32, %expanded_33 : tensor<1x1x1x1xi64>, tensor<1x1x8x1xi64>) outs(%16 : tensor<1x1x8x1xi64>) {
    ^bb0(%in: i64, %in_112: i64, %out: i64):
      %150 = arith.cmpi slt, %in, %c0_i64 : i64
      %151 = arith.addi %in, %c1_i64 : i64
      %152 = arith.select %150, %151, %in : i64
      %153 = arith.index_cast %152 : i64 to index
      %154 = arith.cmpi slt, %in_112, %c0_i64 : i64
      %155 = arith.addi %in_112, %c8_i64 : i64
      %156 = arith.select %154, %155, %in_112 : i64
      %157 = arith.index_cast %156 : i64 to index
      %extracted = tensor.extract %14#0[%153, %157] : tensor<1x8xi64>
      linalg.yield %extracted : i64
    } -> tensor<1x1x8x1xi64>
    %24 = linalg.generic {indexing_maps = [#map4, #map7, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_32, %expanded_34 : tensor<1x1x1x1xi64>, tensor<1x1x1x8xi64>) outs(%18 : tensor<1x1x1x8xi64>) {
    ^bb0(%in: i64, %in_112: i64, %out: i64):
      %150 = arith.cmpi slt, %in, %c0_i64 : i64
      %151 = arith.addi %in, %c1_i64 : i64
      %152 = arith.select %150, %151, %in : i64
      %153 = arith.index_cast %152 : i64 to index
      %154 = arith.cmpi slt, %in_112, %c0_i64 : i64
      %155 = arith.addi %in_112, %c8_i64 : i64
      %156 = arith.select %154, %155, %in_112 : i64
      %157 = arith.index_cast %156 : i64 to index
      %extracted = tensor.extract %14#0[%153, %157] : tensor<1x8xi64>
      linalg.yield %extracted : i64
    } -> tensor<1x1x1x8xi64>
    %25 = linalg.generic {indexing_maps = [#map9, #map8, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%23, %24 : tensor<1x1x8x1xi64>, tensor<1x1x1x8xi64>) outs(%20 : tensor<1x1x8x8xi1>) {
    ^bb0(%in: i64, %in_112: i64, %out: i1):
      %150 = arith.cmpi eq, %in, %in_112 : i64
      linalg.yield %150 : i1
    } -> tensor<1x1x8x8xi1>
    %26 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%22, %25 : tensor<1x1x8x8xi1>, tensor<1x1x8x8xi1>) outs(%20 : tensor<1x1x8x8xi1>) {
    ^bb0(%in: i1, %in_112: i1, %out: i1):
      %150 = arith.andi %in, %in_112 : i1
      linalg.yield %150 : i1
    } -> tensor<1x1x8x8xi1>
    %27 = tensor.empty() : tensor<1x1x8x8xf32>
    %28 = linalg.generic {indexing_maps = [#map6, #map10, #map10, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%26, %cst_3, %cst_2 : tensor<1x1x8x8xi1>, tensor<f32>, tensor<f32>) outs(%27 : tensor<1x1x8x8xf32>) {
    ^bb0(%in: i1, %in_112: f32, %in_113: f32, %out: f32):
      %150 = arith.select %in, %in_112, %in_113 : f32
      linalg.yield %150 : f32
    } -> tensor<1x1x8x8xf32>
    %expanded_35 = tensor.expand_shape %3 [[0, 1, 2]] output_shape [1, 8, 1] : tensor<8xi64> into tensor<1x8x1xi64>
    %29 = tensor.empty() : tensor<1x8x1xf32>
    %30 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_35 : tensor<1x8x1xi64>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: i64, %out: f32):
      %150 = arith.sitofp %in : i64 to f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %31 = tensor.empty() : tensor<1x8x4xf32>
    %32 = linalg.generic {indexing_maps = [#map11, #map12, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%30, %cst_27 : tensor<1x8x1xf32>, tensor<4xf32>) outs(%31 : tensor<1x8x4xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x4xf32>
    %concat_36 = tensor.concat dim(2) %32, %32 : (tensor<1x8x4xf32>, tensor<1x8x4xf32>) -> tensor<1x8x8xf32>
    %33 = tensor.empty() : tensor<1x8x8xf32>
    %34 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%concat_36 : tensor<1x8x8xf32>) outs(%33 : tensor<1x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.cos %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x8xf32>
    %35 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%concat_36 : tensor<1x8x8xf32>) outs(%33 : tensor<1x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.sin %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x8xf32>
    %36 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%1 : tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.fpowi %in, %c2_i64 : f32, i64
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %37 = linalg.fill ins(%cst : f32) outs(%29 : tensor<1x8x1xf32>) -> tensor<1x8x1xf32>
    %38 = linalg.generic {indexing_maps = [#map1, #map11], iterator_types = ["parallel", "parallel", "reduction"]} ins(%36 : tensor<1x8x16xf32>) outs(%37 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %39 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%38 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.divf %in, %cst_29 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %40 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%39 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_26 : f64 to f32
      %151 = arith.addf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x8x1xf32>
    %41 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%40 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.rsqrt %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %42 = linalg.generic {indexing_maps = [#map1, #map11, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%1, %41 : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %43 = linalg.generic {indexing_maps = [#map12, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_25, %42 : tensor<16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %44 = tensor.empty() : tensor<16x16xf32>
    %transposed = linalg.transpose ins(%cst_24 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %collapsed = tensor.collapse_shape %43 [[0, 1], [2]] : tensor<1x8x16xf32> into tensor<8x16xf32>
    %45 = tensor.empty() : tensor<8x16xf32>
    %46 = linalg.fill ins(%cst : f32) outs(%45 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %47 = linalg.matmul ins(%collapsed, %transposed : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_37 = tensor.expand_shape %47 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %48 = tensor.empty() : tensor<1x2x8x8xf32>
    %transposed_38 = linalg.transpose ins(%expanded_37 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_39 = linalg.transpose ins(%cst_23 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %49 = linalg.matmul ins(%collapsed, %transposed_39 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_40 = tensor.expand_shape %49 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %transposed_41 = linalg.transpose ins(%expanded_40 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_42 = linalg.transpose ins(%cst_22 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %50 = linalg.matmul ins(%collapsed, %transposed_42 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_43 = tensor.expand_shape %50 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %transposed_44 = linalg.transpose ins(%expanded_43 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %expanded_45 = tensor.expand_shape %34 [[0], [1, 2], [3]] output_shape [1, 1, 8, 8] : tensor<1x8x8xf32> into tensor<1x1x8x8xf32>
    %expanded_46 = tensor.expand_shape %35 [[0], [1, 2], [3]] output_shape [1, 1, 8, 8] : tensor<1x8x8xf32> into tensor<1x1x8x8xf32>
    %51 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%transposed_38, %expanded_45 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %extracted_slice_47 = tensor.extract_slice %transposed_38[0, 0, 0, 0] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %extracted_slice_48 = tensor.extract_slice %transposed_38[0, 0, 0, 4] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %52 = tensor.empty() : tensor<1x2x8x4xf32>
    %53 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%extracted_slice_48 : tensor<1x2x8x4xf32>) outs(%52 : tensor<1x2x8x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x4xf32>
    %concat_49 = tensor.concat dim(3) %53, %extracted_slice_47 : (tensor<1x2x8x4xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x8x8xf32>
    %54 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%concat_49, %expanded_46 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %55 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%51, %54 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %56 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%transposed_41, %expanded_45 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %extracted_slice_50 = tensor.extract_slice %transposed_41[0, 0, 0, 0] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %extracted_slice_51 = tensor.extract_slice %transposed_41[0, 0, 0, 4] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %57 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%extracted_slice_51 : tensor<1x2x8x4xf32>) outs(%52 : tensor<1x2x8x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x4xf32>
    %concat_52 = tensor.concat dim(3) %57, %extracted_slice_50 : (tensor<1x2x8x4xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x8x8xf32>
    %58 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%concat_52, %expanded_46 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %59 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%56, %58 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %transposed_53 = linalg.transpose ins(%59 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 1, 3, 2] 
    %collapsed_54 = tensor.collapse_shape %55 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_55 = tensor.collapse_shape %transposed_53 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %60 = tensor.empty() : tensor<2x8x8xf32>
    %61 = linalg.fill ins(%cst : f32) outs(%60 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %62 = linalg.batch_matmul ins(%collapsed_54, %collapsed_55 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%61 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded_56 = tensor.expand_shape %62 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %63 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_56 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_21 : f64 to f32
      %151 = arith.mulf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x2x8x8xf32>
    %64 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%63, %28 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %65 = tensor.empty() : tensor<1x2x8xi64>
    %66 = linalg.fill ins(%c0_i64 : i64) outs(%65 : tensor<1x2x8xi64>) -> tensor<1x2x8xi64>
    %67 = tensor.empty() : tensor<1x2x8xf32>
    %68 = linalg.fill ins(%cst_0 : f32) outs(%67 : tensor<1x2x8xf32>) -> tensor<1x2x8xf32>
    %69:2 = linalg.generic {indexing_maps = [#map6, #map14, #map14], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%64 : tensor<1x2x8x8xf32>) outs(%68, %66 : tensor<1x2x8xf32>, tensor<1x2x8xi64>) {
    ^bb0(%in: f32, %out: f32, %out_112: i64):
      %150 = linalg.index 3 : index
      %151 = arith.index_cast %150 : index to i64
      %152 = arith.maximumf %in, %out : f32
      %153 = arith.cmpf ogt, %in, %out : f32
      %154 = arith.select %153, %151, %out_112 : i64
      linalg.yield %152, %154 : f32, i64
    } -> (tensor<1x2x8xf32>, tensor<1x2x8xi64>)
    %expanded_57 = tensor.expand_shape %69#0 [[0], [1], [2, 3]] output_shape [1, 2, 8, 1] : tensor<1x2x8xf32> into tensor<1x2x8x1xf32>
    %70 = linalg.generic {indexing_maps = [#map6, #map9, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%64, %expanded_57 : tensor<1x2x8x8xf32>, tensor<1x2x8x1xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.subf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %71 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%70 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.exp %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %72 = tensor.empty() : tensor<1x2x8x1xf32>
    %73 = linalg.fill ins(%cst : f32) outs(%72 : tensor<1x2x8x1xf32>) -> tensor<1x2x8x1xf32>
    %74 = linalg.generic {indexing_maps = [#map6, #map9], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%71 : tensor<1x2x8x8xf32>) outs(%73 : tensor<1x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x1xf32>
    %75 = linalg.generic {indexing_maps = [#map6, #map9, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%71, %74 : tensor<1x2x8x8xf32>, tensor<1x2x8x1xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.divf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %collapsed_58 = tensor.collapse_shape %75 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_59 = tensor.collapse_shape %transposed_44 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %76 = linalg.batch_matmul ins(%collapsed_58, %collapsed_59 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%61 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded_60 = tensor.expand_shape %76 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %77 = tensor.empty() : tensor<1x8x2x8xf32>
    %transposed_61 = linalg.transpose ins(%expanded_60 : tensor<1x2x8x8xf32>) outs(%77 : tensor<1x8x2x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_62 = linalg.transpose ins(%cst_20 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %collapsed_63 = tensor.collapse_shape %transposed_61 [[0, 1], [2, 3]] : tensor<1x8x2x8xf32> into tensor<8x16xf32>
    %78 = linalg.matmul ins(%collapsed_63, %transposed_62 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_64 = tensor.expand_shape %78 [[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
    %79 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%1, %expanded_64 : tensor<1x8x16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %80 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%79 : tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.fpowi %in, %c2_i64 : f32, i64
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %81 = linalg.generic {indexing_maps = [#map1, #map11], iterator_types = ["parallel", "parallel", "reduction"]} ins(%80 : tensor<1x8x16xf32>) outs(%37 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %82 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%81 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.divf %in, %cst_29 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %83 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%82 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_26 : f64 to f32
      %151 = arith.addf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x8x1xf32>
    %84 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%83 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.rsqrt %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %85 = linalg.generic {indexing_maps = [#map1, #map11, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%79, %84 : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %86 = linalg.generic {indexing_maps = [#map12, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_19, %85 : tensor<16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %87 = tensor.empty() : tensor<16x32xf32>
    %transposed_65 = linalg.transpose ins(%cst_18 : tensor<32x16xf32>) outs(%87 : tensor<16x32xf32>) permutation = [1, 0] 
    %collapsed_66 = tensor.collapse_shape %86 [[0, 1], [2]] : tensor<1x8x16xf32> into tensor<8x16xf32>
    %88 = tensor.empty() : tensor<8x32xf32>
    %89 = linalg.fill ins(%cst : f32) outs(%88 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %90 = linalg.matmul ins(%collapsed_66, %transposed_65 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%89 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded_67 = tensor.expand_shape %90 [[0, 1], [2]] output_shape [1, 8, 32] : tensor<8x32xf32> into tensor<1x8x32xf32>
    %91 = tensor.empty() : tensor<1x8x32xf32>
    %92 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_67 : tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      %151 = math.exp %150 : f32
      %152 = arith.addf %151, %cst_1 : f32
      %153 = arith.divf %cst_1, %152 : f32
      linalg.yield %153 : f32
    } -> tensor<1x8x32xf32>
    %93 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_67, %92 : tensor<1x8x32xf32>, tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x32xf32>
    %transposed_68 = linalg.transpose ins(%cst_17 : tensor<32x16xf32>) outs(%87 : tensor<16x32xf32>) permutation = [1, 0] 
    %94 = linalg.matmul ins(%collapsed_66, %transposed_68 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%89 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded_69 = tensor.expand_shape %94 [[0, 1], [2]] output_shape [1, 8, 32] : tensor<8x32xf32> into tensor<1x8x32xf32>
    %95 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%93, %expanded_69 : tensor<1x8x32xf32>, tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x32xf32>
    %96 = tensor.empty() : tensor<32x16xf32>
    %transposed_70 = linalg.transpose ins(%cst_16 : tensor<16x32xf32>) outs(%96 : tensor<32x16xf32>) permutation = [1, 0] 
    %collapsed_71 = tensor.collapse_shape %95 [[0, 1], [2]] : tensor<1x8x32xf32> into tensor<8x32xf32>
    %97 = linalg.matmul ins(%collapsed_71, %transposed_70 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_72 = tensor.expand_shape %97 [[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
    %98 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%79, %expanded_72 : tensor<1x8x16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %99 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%98 : tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.fpowi %in, %c2_i64 : f32, i64
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %100 = linalg.generic {indexing_maps = [#map1, #map11], iterator_types = ["parallel", "parallel", "reduction"]} ins(%99 : tensor<1x8x16xf32>) outs(%37 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %101 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%100 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.divf %in, %cst_29 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %102 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%101 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_26 : f64 to f32
      %151 = arith.addf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x8x1xf32>
    %103 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%102 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.rsqrt %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %104 = linalg.generic {indexing_maps = [#map1, #map11, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%98, %103 : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %105 = linalg.generic {indexing_maps = [#map12, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_15, %104 : tensor<16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %transposed_73 = linalg.transpose ins(%cst_14 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %collapsed_74 = tensor.collapse_shape %105 [[0, 1], [2]] : tensor<1x8x16xf32> into tensor<8x16xf32>
    %106 = linalg.matmul ins(%collapsed_74, %transposed_73 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_75 = tensor.expand_shape %106 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %transposed_76 = linalg.transpose ins(%expanded_75 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_77 = linalg.transpose ins(%cst_13 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %107 = linalg.matmul ins(%collapsed_74, %transposed_77 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_78 = tensor.expand_shape %107 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %transposed_79 = linalg.transpose ins(%expanded_78 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_80 = linalg.transpose ins(%cst_12 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %108 = linalg.matmul ins(%collapsed_74, %transposed_80 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_81 = tensor.expand_shape %108 [[0, 1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<8x16xf32> into tensor<1x8x2x8xf32>
    %transposed_82 = linalg.transpose ins(%expanded_81 : tensor<1x8x2x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3] 
    %109 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%transposed_76, %expanded_45 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %extracted_slice_83 = tensor.extract_slice %transposed_76[0, 0, 0, 0] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %extracted_slice_84 = tensor.extract_slice %transposed_76[0, 0, 0, 4] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %110 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%extracted_slice_84 : tensor<1x2x8x4xf32>) outs(%52 : tensor<1x2x8x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x4xf32>
    %concat_85 = tensor.concat dim(3) %110, %extracted_slice_83 : (tensor<1x2x8x4xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x8x8xf32>
    %111 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%concat_85, %expanded_46 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %112 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%109, %111 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %113 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%transposed_79, %expanded_45 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %extracted_slice_86 = tensor.extract_slice %transposed_79[0, 0, 0, 0] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %extracted_slice_87 = tensor.extract_slice %transposed_79[0, 0, 0, 4] [1, 2, 8, 4] [1, 1, 1, 1] : tensor<1x2x8x8xf32> to tensor<1x2x8x4xf32>
    %114 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%extracted_slice_87 : tensor<1x2x8x4xf32>) outs(%52 : tensor<1x2x8x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x4xf32>
    %concat_88 = tensor.concat dim(3) %114, %extracted_slice_86 : (tensor<1x2x8x4xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x8x8xf32>
    %115 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%concat_88, %expanded_46 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %116 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%113, %115 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %transposed_89 = linalg.transpose ins(%116 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) permutation = [0, 1, 3, 2] 
    %collapsed_90 = tensor.collapse_shape %112 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_91 = tensor.collapse_shape %transposed_89 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %117 = linalg.batch_matmul ins(%collapsed_90, %collapsed_91 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%61 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded_92 = tensor.expand_shape %117 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %118 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_92 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_21 : f64 to f32
      %151 = arith.mulf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x2x8x8xf32>
    %119 = linalg.generic {indexing_maps = [#map6, #map13, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%118, %28 : tensor<1x2x8x8xf32>, tensor<1x1x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %120:2 = linalg.generic {indexing_maps = [#map6, #map14, #map14], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%119 : tensor<1x2x8x8xf32>) outs(%68, %66 : tensor<1x2x8xf32>, tensor<1x2x8xi64>) {
    ^bb0(%in: f32, %out: f32, %out_112: i64):
      %150 = linalg.index 3 : index
      %151 = arith.index_cast %150 : index to i64
      %152 = arith.maximumf %in, %out : f32
      %153 = arith.cmpf ogt, %in, %out : f32
      %154 = arith.select %153, %151, %out_112 : i64
      linalg.yield %152, %154 : f32, i64
    } -> (tensor<1x2x8xf32>, tensor<1x2x8xi64>)
    %expanded_93 = tensor.expand_shape %120#0 [[0], [1], [2, 3]] output_shape [1, 2, 8, 1] : tensor<1x2x8xf32> into tensor<1x2x8x1xf32>
    %121 = linalg.generic {indexing_maps = [#map6, #map9, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%119, %expanded_93 : tensor<1x2x8x8xf32>, tensor<1x2x8x1xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.subf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %122 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%121 : tensor<1x2x8x8xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.exp %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %123 = linalg.generic {indexing_maps = [#map6, #map9], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%122 : tensor<1x2x8x8xf32>) outs(%73 : tensor<1x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x1xf32>
    %124 = linalg.generic {indexing_maps = [#map6, #map9, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%122, %123 : tensor<1x2x8x8xf32>, tensor<1x2x8x1xf32>) outs(%48 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.divf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x2x8x8xf32>
    %collapsed_94 = tensor.collapse_shape %124 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_95 = tensor.collapse_shape %transposed_82 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %125 = linalg.batch_matmul ins(%collapsed_94, %collapsed_95 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%61 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded_96 = tensor.expand_shape %125 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %transposed_97 = linalg.transpose ins(%expanded_96 : tensor<1x2x8x8xf32>) outs(%77 : tensor<1x8x2x8xf32>) permutation = [0, 2, 1, 3] 
    %transposed_98 = linalg.transpose ins(%cst_11 : tensor<16x16xf32>) outs(%44 : tensor<16x16xf32>) permutation = [1, 0] 
    %collapsed_99 = tensor.collapse_shape %transposed_97 [[0, 1], [2, 3]] : tensor<1x8x2x8xf32> into tensor<8x16xf32>
    %126 = linalg.matmul ins(%collapsed_99, %transposed_98 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_100 = tensor.expand_shape %126 [[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
    %127 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%98, %expanded_100 : tensor<1x8x16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %128 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%127 : tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.fpowi %in, %c2_i64 : f32, i64
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %129 = linalg.generic {indexing_maps = [#map1, #map11], iterator_types = ["parallel", "parallel", "reduction"]} ins(%128 : tensor<1x8x16xf32>) outs(%37 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %130 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%129 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.divf %in, %cst_29 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %131 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%130 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_26 : f64 to f32
      %151 = arith.addf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x8x1xf32>
    %132 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%131 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.rsqrt %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %133 = linalg.generic {indexing_maps = [#map1, #map11, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%127, %132 : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %134 = linalg.generic {indexing_maps = [#map12, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_10, %133 : tensor<16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %transposed_101 = linalg.transpose ins(%cst_9 : tensor<32x16xf32>) outs(%87 : tensor<16x32xf32>) permutation = [1, 0] 
    %collapsed_102 = tensor.collapse_shape %134 [[0, 1], [2]] : tensor<1x8x16xf32> into tensor<8x16xf32>
    %135 = linalg.matmul ins(%collapsed_102, %transposed_101 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%89 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded_103 = tensor.expand_shape %135 [[0, 1], [2]] output_shape [1, 8, 32] : tensor<8x32xf32> into tensor<1x8x32xf32>
    %136 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_103 : tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.negf %in : f32
      %151 = math.exp %150 : f32
      %152 = arith.addf %151, %cst_1 : f32
      %153 = arith.divf %cst_1, %152 : f32
      linalg.yield %153 : f32
    } -> tensor<1x8x32xf32>
    %137 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_103, %136 : tensor<1x8x32xf32>, tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x32xf32>
    %transposed_104 = linalg.transpose ins(%cst_8 : tensor<32x16xf32>) outs(%87 : tensor<16x32xf32>) permutation = [1, 0] 
    %138 = linalg.matmul ins(%collapsed_102, %transposed_104 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%89 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded_105 = tensor.expand_shape %138 [[0, 1], [2]] output_shape [1, 8, 32] : tensor<8x32xf32> into tensor<1x8x32xf32>
    %139 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%137, %expanded_105 : tensor<1x8x32xf32>, tensor<1x8x32xf32>) outs(%91 : tensor<1x8x32xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x32xf32>
    %transposed_106 = linalg.transpose ins(%cst_7 : tensor<16x32xf32>) outs(%96 : tensor<32x16xf32>) permutation = [1, 0] 
    %collapsed_107 = tensor.collapse_shape %139 [[0, 1], [2]] : tensor<1x8x32xf32> into tensor<8x32xf32>
    %140 = linalg.matmul ins(%collapsed_107, %transposed_106 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%46 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %expanded_108 = tensor.expand_shape %140 [[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
    %141 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%127, %expanded_108 : tensor<1x8x16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.addf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %142 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%141 : tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.fpowi %in, %c2_i64 : f32, i64
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %143 = linalg.generic {indexing_maps = [#map1, #map11], iterator_types = ["parallel", "parallel", "reduction"]} ins(%142 : tensor<1x8x16xf32>) outs(%37 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.addf %in, %out : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %144 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%143 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.divf %in, %cst_29 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %145 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%144 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = arith.truncf %cst_26 : f64 to f32
      %151 = arith.addf %in, %150 : f32
      linalg.yield %151 : f32
    } -> tensor<1x8x1xf32>
    %146 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%145 : tensor<1x8x1xf32>) outs(%29 : tensor<1x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %150 = math.rsqrt %in : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x1xf32>
    %147 = linalg.generic {indexing_maps = [#map1, #map11, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%141, %146 : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %148 = linalg.generic {indexing_maps = [#map12, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_6, %147 : tensor<16xf32>, tensor<1x8x16xf32>) outs(%0 : tensor<1x8x16xf32>) {
    ^bb0(%in: f32, %in_112: f32, %out: f32):
      %150 = arith.mulf %in, %in_112 : f32
      linalg.yield %150 : f32
    } -> tensor<1x8x16xf32>
    %transposed_109 = linalg.transpose ins(%cst_5 : tensor<32x16xf32>) outs(%87 : tensor<16x32xf32>) permutation = [1, 0] 
    %collapsed_110 = tensor.collapse_shape %148 [[0, 1], [2]] : tensor<1x8x16xf32> into tensor<8x16xf32>
    %149 = linalg.matmul ins(%collapsed_110, %transposed_109 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%89 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %expanded_111 = tensor.expand_shape %149 [[0, 1], [2]] output_shape [1, 8, 32] : tensor<8x32xf32> into tensor<1x8x32xf32>
    return %expanded_111 : tensor<1x8x32xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_32_16_torch.float32_5: "0x04000000F9188A3CC2E51F3C89B98EBC7065DABC9D732C3C1DAC0CBD24F1A0BCBC2FCE3C445DB2BC3715E13A829B2ABC8AE0183B5D60BC3C6DE4AD3CBB47E63CCFF7483B450ACB3C320A7D3DF73739BC6E7E563C3372143CEBD52B3CE951D8BC0B873DBACF3ACEBABA47133DEF917D3B91FD8C3CABBF8F3C69051BBC4D2B963C8FDC85BB045480BCA073A5BCF431753C5EE838BD53E8103B5DE15B3CE1EC21BDB9E0223CDE1A093CB70952BC0BE7D4BA99332CBB666DD03ADA34963C7C76BDBCA1D5A4BB061A35BBAB78D7BB088301BBE9CEB9BB931D80BC827C443C60F0EE3B9B95ABBC82A739BB2F9105BC8BE20EBC821AA33B5C119F3CA7D5043DDB45E53A307A2B3AE697CFBC6B9FB33CAA2A263D5700403DA2728B3CA9C6753C8F23EB3CE66FA2BBC7106C3C79A5533C2830803CDC07F5BCA918BC3C077D8BBBAE1D863C4B14003DD9A99A3CFD124CBDD875D6BCA192333B9B691EBDDD37CABC54F5C7BBC37F8A3DC0A73BBCDD780C3C64E78A3BC0E647BC208727BC546A483CB49B2CBC897108BCA9E7773C9D800EBDC9CA27BCE7EEDB3B8816963C2706383C8CACF6BA76E09C3BF86C673C806598BB7EBE5ABC03FBEE3A26EA8E3C2403B03C63F7F43C166A86BBA7E9EF3CAEF2C73B1372A13C1286D7BC74738C3BB36590BBD450DBBB01C8E5BB1CBEA9BCEB513E3D002D37BD9994B73CEE6D5B3C86010ABBC3150B3C2593DF39089A8ABC76B4033B901C883AFDDBC9BC3964E1BCE43B93BC061F00BD2D22A2BB05CEBABC84DB273BC1DD853BAF1D37BD06A310BCF4C0193C539B7C3C57C6AEBCF2F5BB3C846A943CCB8C5E3CA1404D3C2A1A9F3C30091C3C630E93BBC6078C3C76CD15BD27260C3DD05997BB92C434BCA61992BBD90A76BCFCBFA7BC5CF1653C8D8318BD8A2C2EBAD443A53B7D9373BD7CA9D0BC3E9EC83B0BFD27BCD9EBDD3B727190BC984ACABA04C8D63C54C1AABCC978CBBB8B79C63C19E8F1BBB9C4823BB4FF0D3D6BF7293C1DA21F3D509FFDBB87E3ED3C7533FFBBE47018BD8186B93CD514853B90D802BC82B620BC044031BD825CA93CB9EB073C869C353C0A4EF0BB9095EE3B9DC337BC82A4153C465395BC7DE3573CB36B2B3B8BA986BC8FD4D93BE12B2ABB15316D3AC5E1043D5B94BFBC73A654BCA6C1FF3BD5E369BCCBC713BD73A58C3C1DC40D3CF80C1BBCF2DEDC3A6FA4983CD9EEFEBC186AADBC4EC4A1BBFC314B3C953E9DBA90CB393C617D313BD81960BC8FC1CB3CE25DE03B640D28BD8EABF03B67C26D3CEB61D9BCFBE9103C6493A1BA9CC16D3C3D449A3C9CFCCCBB2A2FA6BCC4528FBCB68B9B3C4A395C3D2F9E83BCB1719E3CA729183AFE88C23CF3D6F13AEBC3EB3BA180F93C53CF4DBC53C4013DD448C23C39EC52BC97AA21BD3B362FBC97CB183C271CF8BB4D11C9BC38B836BC061364BCFE64C53C6446063C3337A03CB9A5E039623C64BC8115ED3BC0AFDDBC54934BBCCE31603B819EF2BAF49AADBCF2E8E1BB16011E3C7FD00439FA1E9B3B2FCDB53C04EA1E3D0188AC3BD0DB9ABCE49F893C7BDBB83C0EAA0E3C223DD23C267E7ABCD3DE043C2F838D3CF557C83B0E90093C00149EBBAE33DE3B27A880BCD248B6BBD74DF53BD4657B3CAE23A03B6B4C44BD495AAABC460105BD382A37BC04818CBBACF50DBBB507843CF5F186BC4132E1BC536936BD159BEDBB5CBA4F3D183E12BDD4F6EABC0F883BBD9709F03CAFA5E03BD23BE63C30359C3AB553ECBCE48DB33CCED9E3BBBECF39BC2261D63C2981483D7415BBBBB37495BCEB10D43B174DD63C822E0FBCE031EABBA92F793C588644BC39ADB83B5845593C75A2BBBABF520EBDBE26093C81A23CBC1299953CA99E473B17FA783D3503B63CB4AA21BCA22EA93BEE829A3C61A7DABAB28EA23A9912CFBCF0248C3A61A1FA3B759CF9BAAFA242BAC038A43B1466E8BB219E363B446B0CBD6718C2BB49913B3CAB94A4BC34B18F3BD85AB7BBA4B2E13BB9AF96BC4FC5B93C8C7E223CAB3DB2BB224B06BDF9645A3C3095E03C7CC2BABBBE3CD6BC36578ABC3B6F743C1B3ACB3C7C166539D2650DBD5EEACB3AEADE03BDA4FE1FBC99E0DB3C27A319BD4990883CD9348D3C8F96213D62C154BC8D3FA03C1C225F3D194ED3BC3362F1BCF4C7B83B6AB098BCE6B3C6BCB4170F3B2D5CA3BBB750ABBBBC42CBBB3442A73C7B2023BC0C85D53C66F341BC1053B33B1B9E293CF3EC65BB9CD8C5BCF855803CBBAED53C6121A43C0A8CDF3C24F5553DA8431CBC977B01BC40BED63C0DB50CBC298FD2BCA735953C3D9938BCF33A35BB3E8C4FBC6FFE57BC30CE33BC107061BC6E30DCBC92646E3C344C6CBB5B1892BC6B13ECBAE464D9BA8AD2503C9ED770BA8BB4D83CED6A97BC20F2EFBBEFBFD03C9F0D103C24441CBBB2D496BA0C727E3B5F3F1D3942DDBA3C6413063DEF7ED5BC574806BC42FD3E3D1BFF173DEFA883BC07291DBCC5DDEB3BFDCA65BCBC88663CE502C8BB077EBFBC5079203C768B983C77D836BCFE4BD23C66CA723CCD44023CC652ADBB3C9512BDA649B8BCF2796A3CB33931BC0EC7CC3C359D4BBC5BD459BC5EFDB5B9BA2D0FBDAE7F9CBC143782BC13701B3D6A17113DF92631BDBCD63ABC0314F63CD780E9BC55BE483CC7EF3F3D4936B23B80A4623C7CF9EFBC815E67BCAE317DBBC001C13CBD7793BC53E1683C92CEEF3BC694103CEE1D60BC2699053B6E95BA3C6CABDF3AA3790ABD13DA423CCD712BBCB748F2BB93D4593ADAC589BC5054AB3C9CA82BBCC3BCEABA3B0300BB8B1DDF3B8724A2BC1EFFE63A2AA2E63B0B0C73BC820B233CD528B33C0F0FB5BB635D70BCDD05993B8E5BE13CF84A39BDB7B0AF3C1337163DD3EBF0B94A68673C84CD2B3C4387FC3BCBA296BCE28CD6BC0E48C039",
      torch_tensor_16_torch.float32_4: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      torch_tensor_16_32_torch.float32_1: "0x04000000DB0D153CC729CCBCC776A33DE1D35DBA93EFB7BC9968A6BC8184D53B342C473A09FE193C41B1EABC8AF131BC4244E2BA221F4D3C772C98BCB07A513C822E843C176D6BBC9665233D7C0E63BCCB847ABB590CC9BCA182AA39AF59EA3A29DE0C3CE4B8D03C92DEC33CCDDA96BCC6A4953C1B87BBBB38CA6E3AA75A13BD2814233CD4DC033C49428DBB6FE336BD9332BA3C3BF338BC6C4C8E3CA23A00BD46C2A33C0D221EBB12A80D3B0AFA643C18A2BFBC13D3C03A3B400F3CE286DE3CCF56ADBCAAD690BCA5AE20BC85473CBB300420BDBBBBAF3A3BF310BCC5AF79BA3DA3923B4B09D4BCFB4890BCDBE531B9C4F91ABC60EBA23C1F6793BC01654BBD2FC40BBD1B71483CF17F013BB4DCF9BBC20A60BCCDF24BBC181C46BC4EEBC83C92203CBC1CE00FBCA25DC83CE232ADBCE7E7BAB9E1D6C7BCB62405BD9748A83B8D2F35BCCE3E533BFB96A6BB2511D9BC9EB7C6BBBF2C80BC12D332BB2B24003D466283BC52FEBE3CB01DF73BF3C1CF3CA106C8BC1DB7293CA969B9BCD8CAC03C37D3D7BBA124293D21ABB13C8C529F3B94BCAF3C8DE0843BCE91593C189CB7BCB0D3A93C82A9CABB3ED9F23A79462F3D5E9FA2BC1F5587BA87D47B3B64F614BD371C863A4BB0703B20D8DEBCC5804E3CA831803CADBA43BCBE65C03B64E3CA3B5387D4BC72DD27BC4AFE8B3CE2F00BBC9AE7813C05EB4D3C5023223B1E3DD4BA9F768FBC8EEE04BB1E83763C0E63BDBB904840BDD7624C3C9E022F3C64E5D13B5093E4BB45A1C43C0D2C99BAD0A043BB9DA8EEBB7EDCF1BCBB5C8F3C9BEBC1BCC75BE33C86B01D3C2B9797BC25E18ABC40CD483DF81BAEBCECCB15BCBF3615BC57255B3C44979F399D80323BF49D48BACF1E2F3CF5706DBC6C01EC3B2A89A73B37E8E83B7BD40BBDBBB2943CDB8BA8BCBE75F7BB8A5BAA3C9A72063D430A77BC51821ABCE208B73B337F303C90BD8ABC8E1AC13C020E9ABC80ED96BB81DB72BCD1C2873C3C6699BC142E1DBD5D2953BC001D70BB1301363CA748A1BB07B56FBC7C9FD43C40AF583B3CD26DBC1C07803C270F063D86F8D6BA8F6EA33C2523EC3C9925F0BC018FD4BC6BB31ABC59E57B3C7C4D52BAE906C53C443BA53C7FF6173CD6C7003CC72F113DCE0278BC7ADF043C191E30BCDBF3B93C897D26BBDB23633C517F15BBC0F6A8BCDBB258BCAB55313CC2D487BB610B32BC191086BBF435C7BC8FBBF8BC31AD04BBD61406BDB27A9FBC4E16703CB26A903C9471FEBC170AC43CCE2B1ABD4ACB213C38BF893CC547523C92E6B93CC141D63CF1DD1F3B24E9893B2661A9BC1B4CF73C49BC4DBC826662BC0A3436BD040486BCD2EE1DBB2AA528BB421319BB8F4336BD9C6EE6BC6BDE01BD4E34793C3376FD3CD9E9053CF45DBFBC4BF4DC3BBE085DBC62E118BC1C07353CD1B087B9506EED3BDC9DE2397EAC9EBB04EF4B3C37687C3B522B03BC4481203D2E5D853B04A5B83B60C722BCD6B7873BEF3CFDBBEF8E3C3CD2CC2FBC6EB594BC61A4443CBBC7D53B2BD91CBDDDF1413C67D6A5BC6FE3AFBCD791B43B33BD1DBB1472C03C87829CBC98D23DBC0F4F3B3CF1FD003C578FF0BCFEB726BD6E4AD2BC4DAA37BDCF459E39F07707BD8A1A6CBC847D463CC9D2163CA2A0E83CF88EF63B6C5F0E3D74C100BD09C7713CD4CA053D287B85BCDD5C94BCF2F1BABCF7459CBCAF6FECBC189D04BCDE5BF63B650DDBBCD645A6BB442E173CFB5B98BC8BE0003C1BE5D13C64A60DBB84C404BDBBD2573B679911BCBDD169BC8FD51E3C38F035BC2B609EBCB76E553BE96EBEBA668C4B3B823F4E3C27C6CCBC44DF953CA1C8C63CCAD3CD3CCD48C1BC537AE0BCE92FB33C778CB23BD447923CD11484BBABC514BD4217BE3CE7B2E9BC521B033D80973BBCF022B63CC1A91A3CFCB5A23C87793B3C2C9F013D0064BABCC75D89BB7E7E83BCAAD09ABC7FEA0D3B198B9B3C806025BB9F9D0DBD30A93E3D2A3E2EBC26E5563C060525BCF9156A3CF017EE3C291234BC300CC0BB0B6CA7BCCF3A3E3DCA62E53B05DFACBA99988DBCEC5FF53BC3B01ABC153A3CBD5E28423BD9202D3DD02E4A3C8724A8BC8CBC5BB973BD453B8B51093D6DC0873C828FF13A22A7003C47DDD03CFB1CB8BB38A3563B8CC3573CC2B58FBC3EC221BC7BC0393BB3B46EBC1B976CBB0F12833C6F2CF13C7974B23ACAFECEBC8EBC533B474E51BA18F44CBA9B4345BB277DE83CF72E133C6BCE373AF74011BDE5946ABC5226F23B5DF654BC74A68C3A1E471F3D18FDFFBC9B1767BC0EF8DB3AC2F681BA7E16B03C85BDA93A4CC6173CA947B3BC5B0BF7BBF437F8BC9C85B33BB8B7F03B1E920F3B85D41BBCD7B5843B733E6EBC37E2833C5B76E03ADDBE943CB06A14BCEB8FAF3CD79B173CF2EDA33C7EAC13BCB8F5183DB995FCBC0153F8BC1E9634BDF0C4253C4074683C278B50BC95A5E1BA0166B63906D3A33C8D180EBD5669063D2117CF3C07B114BBDE430CBDA196EF3AB36530BC419B943C13FF49BA383E3ABC26E7EEBC687582BC25B5F2BB334835BCD2FA9A3BBF7290BCCF2728BA2559703DA22D873C04A1083D309A193DC2E7D0BC048BBE3C181824BD064B0E3D9BD8C33C2FB2F6BB94EEC63BC5F673BCE13EAB3C66557B3C9C83A43A82C48FBC03517CBC66FE093CDCDE3ABC95B6E13C524C2C3D96A42A3C2DD23D3C3FB5893AC6FFBA3CB3B5483C0D253F3D79BB2B3C12D776BC119FA3BC773D56BBF77A11BC0BC21B3D1B6C143DD402C53CC711DCBB14E3FDBC72DAE9BCA68AF63B5EA904BCF7D0EDBC2694CCBC6BC75D3C105178BCEBC2C43BB0DAF63CACDA7B3CF53435BA537B533B4E18C73CD7640D3CD2FDCC3C3AAC133C40452ABC7895EA3A4DFD8CBC0F2129BDB31FE9BC0A31E4BC45C01BBD821BD5BB",
      torch_tensor_32_16_torch.float32_4: "0x0400000049B8453C467AFDBCFEF3F8BB69DAA73C9D95A2BC0DD2A63CB7287A3CE098253C76B990BC46C7BD3B33AA333C37C6ADBCAE755F3A1773353C2C2CD73C99C9D6BC5063F23C346430BC925E02BDD8FCB03946411DBCD34CC13CF0A525BC0EEE133C33AC683C7D3A3A3CA9F6BFBC1FFC063D06F7F8BC575DD1BB0BDCFEBC14F78FBC77EDA6BC5E5F9ABBFF64993C3B5CE83CB4BA29BCA5E1353CA613A03CEA65CF3CF423053C9B00B73C55C4E3BA361B193D2EFAC0B9132EF43C99EDC5BCB49534BDB2BA03393C7F6BBBDEB8D1BBB7F11DBB20202A3DCBDF4ABC0D49BBBC8FCD773AD22C6FBC93B9B4BC863EB8BC94EA973BAF86EE3C1346ECBCCAA1B83BD04639BD7C811BBC1914DE3BBBA2933C3CA032BC76BF16BCDB7AA43CF352823D40158F3C75FDB23BE999C6BC105815BD5782C6BC9378D8BBA6ACAABCB96B54BCCDB6CC3BFCB806BDF619913B3084E03C41AAFABC2994B03CA37B8B3C4B8524BC6F9F9CBC92748B3C100627BDAA8AAEBCAA7198BB70F2A8BC864919BD4621C2BCE2A3393DFDFF183CF8C966BC697B2ABC43AA933B2EAAB8BC599D363BC516A33C7DAD0DBDE7A492BB0BC0E13C72730BBDF0DE99BB3DCDBA3BDC95BFBC3D45EEBAB4F2033C182C7D3BB13E8CBB776517BD2AB8133B8C7E823BF68D98BC99041DBC9CFEF73C26D067BBE946B23B8707C53C9C8F483C1EBD4F3DE7719FBCB0C1E33A6A0C503D8D078ABC6456B93C60E143BCCBE82D3CF52A493C6AC01F3CE73B023CA68F05BD2FB02EBCD2E9AA3C8ED4CFBC9B57CE3CD9442C3BA9284EBC0480E0BCE41C9A3C95E202BD4253C5B88D26BB3CA402563A15CF473BBEB2A4BC0505D93CEF1881BCEC3091BC86858D3C236096BC81B143BB3BC7793CD43F28BB2A70CDBBE1E2E83CA4F8B8BA49849BBB46C5FEBC73F0A4BC30AAD33C8E98A9BC8F2F27BBBF5B1C3C011EC33A9076233D923F7F3B1E6CDFBC241CCC3A78824EBBFADAA0BCFCFDFC3C8CCB09BD8648E1BC0E610BBC44BF8E3CDBF5F23BDDE99FBAB0A7BDBB337D173DEE2A8B3C8D1844BAC777093D3761D43C758CB93C0E2D06BD0E4BCF3BB30C6EBCD21AA5BCA7B2C23A3EA4463C2BC2B7BCD5966C3C4E7830BC76D604BDDB73DFBCA6166FB99D43AD3AE3C0013CDE7E5E3BFEA12F3BC53226BC53E7A439A96884BC5742893CFECB693C84050FBBCA356CBB7E6963BC60FFFFBC38C7B13BF33B0A3BF7706DBCDE0609BD158469BC860BD83B8E044ABC629D443B456FCBBB7DA7D4BCE6F77A3CF320DB3BCFA6C93C79DED2BC66C3903CF09A2A3CBCC9E1BC6B506A3C60A3C4BC620FDBBC49F7853C5CE8313C73D43A3CE018B9BB8F091EBC0DFBAE3C05B45DBC3CE5BABC598E23BC7D120F3CEE08B43CDD2EE9B932D4A8BC01F097BC9DDD373D63EFFBBC771B8D3CB62C04BDACD4FDBB4FD5B63C99ABC3BC1D2F45BCE24D053C494907BA5587B4BC0522C23C29B473BB2C0ED6BCF00811BBEB4917BB9FDD03BDA173C43C34B3223CCA6576BCF023FABBA19825BA87262DBA7CCFAF3CC7F1D3BC5EFEDABC4104F13CA06B4ABDF79702BD1EACA23CF9C193BCD47F51BCDD0A52BB33CF09BD5CB4E83B5E9A19BD7BB45FBCADD7973B474731BCF05DF6BC0FBBAF3C5D788F3B42A2BC3C70C9F4BB287D903CB40BD03AA6F593BC53282E3CD0A40DBCCE6462BBA497273DDC6B6A3B421EFE3C932DC63C7784CA3BC7B463BB60EB593C29FE66BDAB49EABAF2C3923BFB5C30BC4FFCE93BB914AE3CA722D03BABCD96BC1CCAC33C1E227E3A87D3A0BCC909C23C2F7967BCEE7C39BCBED9B83CD6741EBCA924923CA7C815BDF446983C27C06F3C52C902BC746AC93CE2E3653C86FDC23CFDCEF53BFCFCAABC07642EBCC16768BC274F153D830417BCAA760F3D1D2E94BCFB6D86BC58BC65BC5C3DDD3C92DBF0BCD871E53C01D5593C1E1D33BCA1B949BD12537D3C01DEAABB02A29CBBD4A0043D9C21C4BCEF13DC3BD519D33C43C68D3B1619A63BE697933BECA1103C322E4B3C9C7EFDBC935A78BC4965CFBAC7DADFBCE18184BC868118BC3E399A3C3F931A3C605C5A3B4FA3EEBCF8DE36BCC7D56C3BD9EF133D6EE76ABD6BFEA63CD5C9D5BC229E4B3C43BAA3BB3FEF8B3B334717BC8ACCCDBC488F983B821A113CFCE95DBB7DB0C03C19AF17BC58FB9ABAA792D5BC595E54BC0B41903C773F653DC602A43CC7FC6CBCB57A1A3C6F5DBB3C465895BD79B02CBD4B61AEBCCC28CFBC9C7C653B7B5C923C9B5FE13B3902B0BC2043BCBCF907D3BB3DE0FFBC52B1563CB60927BC265ECC3CFE37A73AF229103DC956AB3A7D62053BE092953B37A11C3A5608AB3CEDB3BEBC390E0EBDAEF01D3C043BDD3AD41A2ABDFF090B3C3862103BDCB160BCF8457DBCC6259EBB1EB7853CD8F7E4BC0F21ED3CA6E5783B0E37B23C9CD89A3B4BDC8EBCCBB07E3C103B353D967089BA08B58E3B2440D3BC448123398125A7BC6F91D3BB90DD83BCB560B33CF3D8AF3C8061063C26471CBC2CDFD33B53E867BBF44EA7BBED28B63BD6FA153C02FD85BC599F16BC9425893CC5F4ECBBC4C90FBC134FEA3BEADBE8BB7316C9BCA04A183CEB5BA2BCABEDC0BC3071B03B69CC1ABD4BDFDCBC1DE1C8BC2A23C0B974268B3CF25C97B96034F4BC478C4CBC74A4A43C03F385BB9913FF3A87D547BCAFD4C93CF9A6CEBCE57CB03CD7E062BCA6C2863C35C2D5BC4AB482BB2B3CCFBCA541C5BC9D812F3CA5803CBDB935CBBC133B9DBBF8D0F53BFB66B63CF7CFBC3CC42A82BC63E80DBCC5E9813C904F673C01EB2E3AE0ECB3BC2A34143C9C109BBC6382733CB9AD0A3D70C6CBB8E64F17BC93470C3CB230A1BC7C564CBC7D55093B0C300E3C29D9CABB87D843BCEECC743CD736B9BCBDF0113C7243123BC2B1C33B",
      torch_tensor_32_16_torch.float32_3: "0x04000000783B16BBBA5B81BCE712A13C329DA83C50DF9D3AD424D23C306C673B72C36C3C1C60C33C44D4353C0201893CC0A4AABB626599BBD6302DBC8B4257BC958F1A3DD419313D1386843C6A20E73B972E503C1D4FF53C9D2A863CB2436CBCC0F19F3C3549023D49F462BC46DE4D3DE4AEB93CD4BEAFBCB3628E3B44B5DFBC90AF54BC8EE866BC9EE96F3BECCCDFBBA77E783C692223BCC8EE1DBD0F792ABD94F3423C65937C3C86343F3B7541BCBB75808ABC5E81963CEF2E84BBF7C6293CD4AEAC3BF508633CEEE4BC3C0594283DAAC7F03BF785BF3BA263153CFB3E6A3C76119ABC13776B3D478171BC32FF06BDC06106B9EC7191BC06178ABC7DF2D33CCA4393BB8644033C55F1CA3A58DB6E3CDE2F873CF2E358BC691C983CF05C803CA4CB3A3CE423873C6527B43CA6DCA53CF082B73C5B25363B02CC1A3C5D35173B5D877EBC47CC103CF2231C3D7B67C8BC00479FBCB2AFEB3CB9ACAB3BB3A9E4BCDA4AA33CA9A9D5BB1DE2033CBC6F70BB6558063C81E2F73C3B8104BC14338D3C3DF603BDB20734BC69CD363C52BD92BBEA5E213C99CA0F3D78F0E13C9D8DE53C95041A3C00B31ABCE7543FBC475BF73C6B0BC33CABE1E7BA932A7D3CF246053D42B7A13BF724C23C6EE7FDBBBBA6DA3B7221433A9332D6BCACD61EBC7B212F3B306CB1BB182B733CA04FDB3CC9BC1F3BF95D14BD54A1423C9975E63C9BF898BA68321CBBD77B6A3C7055D53B9ABA803C0A51EE3B6251C53AC2AA88BD94500CBC32E80B3D64C3AFBC355E4CBCC7C824BC9ECE63BB538655BCAAD4393C7412123C29E19F3BE3BB9CBC06BC9CBC779E47BB22F5B33B80B4B53CC9EC953CEB8914BD3F6F1EBDB4AAE5BC40F2A33B1DE0D5BC51BF9B3C66CCF4BC015580BC6BE180BCAFE04E3CBC03AEBC24EB32BD50FFDD3CC2E611BCAB7DA1BCC72D2CBB612119BC572B2DBBD3FD94BC001198BC8D11C3BBEEF1463CD8D7563BB5CFF6379902AD3C9CE4B03BCA1A6A3C5B9AD23B456CB33C621935BC387B413CA57C2EBD825C983C7785E23C12A30C3C014B79BC241757BC0AC3EABC427BC73CEDE1A33B0D922E3C8CD3043CF40A14BD3686153CDE38243DA1B7FD3CC170A73CE410E5BC5E6B57BC4707053C0CE89E3C3559FF3CA01D0EBCADB4A83CA4368EBB6D97863CD3B109BC7BBC64BB3C5348BB1CDAA4BB13E5F4BC19136D3CBC13C6BC1E8C4ABCD6DB0D3CDB880B3D35517E3C235B88BC66B619BC4620523C7FE0103C15BA0DBD24A1BA3C109C8FBC7290663C2EA91E3C9BA075BB480C8A3BA2714DBBA6142A3B673515BCDA3E23BC6D90C239164807BD77A9CE3CA0D855BC4B3527BDA472A0BC80989ABC025682BCA4CDE63B3843593C5810D23B30661D3DF338E43CA4DAA93C97CEF3BA41B5153B2CD8813BC0EE95BCECE47BBC85B96B3C265F553C342645BCCB68C2BBF7BDAC3B8B092B3C62FFB43C7580F1BCE0AC40BCAEF9313C40B975BC13648F3C5DE6FD3A5A029B3C4374ECBC04B48ABCCECCA0BCA5204E3CC6D921BC50C7CCBB422452BCA60F8ABC4700963B735567BDE21093BBFBDE993C170B36BC1F918ABCF5BD223CA3D27B3C46CF783C1CBDE3BAEB8181BCB0DFB73A84A7B1BC8BC407BC45DEA83CDCED23BD6C13073DF4B68F3C09F283BCB082AEBBCCC4FDBCBCCDD43A06866DBC9CC61DBBEA43913C57C7C0BC5636A8BBEB62DF3C86931CBC8517AC3C3CB9F93BB3E045BC699F463B29DF833C4D568B3C21ABD83B3B1A15BD4945CDBBBDDA323C09AD69BBF239E73CD56DEBBCF911E7BBAE9D093D2FB571BC4FAEA7BA508FC5BBCDDEBD3B40C1D83C618D1FBC388D89BBF4593CBDF483F5BC9B3E10BB8C6DA23CD99DE83B573263BCB3B1B2BBE203D83B041463BC23099C3CFB998B373C6DF43CE282B2BCEBDEC9BB86B03FBB19E126BCE164AD3AD75FBE3CF46FB1BC4D45433BA597CCBCF65320BCF525C93CF5667BBBEF516B3C875C2D3C8FB04F3C7498B0BB7DAC9FBC3EC2DFBB4C871F3D653C67BC6CFADBBB6F57BCBC9870B3BB6D58113DBE3C6ABCA94012BC79167F3C10C17CBC598F023B7079983C6FF1DDBB225D3C3C75A86FBBE1CC82BAC3478F3C09BBD2BC32CD31BCA6F1523CB4B109BC62A7B2BCA1962BBCB9D7C23B93582F3B1F439B3CAA16063DBB00CDBCBBD071BCD2822CBC958C92BC0433C93BC92A923AD773A23B8B93463C16522EBC02A43ABB0E42713C8B30D5BC0EAF4F3B67A2703CFEE2EBBB7BF87ABC13DA75BBE07AB93C4E4FC43BE456913CA74C96BC3459083BD5617ABCDE5C8E3C471903BD720347BC7875223C1CB30DBDE56C7A3C24C4A8BC26C87DBCC514103C3EC046BC986B543BC74DA53C97EAC03A90220F3DE1C9093D25B2373D9791D73C37CE20BC2FE1B6BB33A363BC2956803C502CE4BC6EBC3CBC2204E6BC6FE33BBD12F8D43C2D888E3CA734F33C192ABA3B8D1CC7BC298147BCC163BFBB0EFE7C3C5D26E53C2C28CDBA06A6833C640D53BB869A423D421808BCA54FB9BC846733BC38EB613BE21C053C0642933C5D1A333C496F8FBBDB5ED93C13BCFEBC65DD603CBB380D3C7EF8A83C3439613BB7B083B9996A54BC0A01533C37F0E3BC5DF9A7BCE945C0BC7916E5BB01CDB8BA6B1EC23CEAF99B3CF002CF3C9E0CEB3CBF18013C9DD8D63C8F24413C8B4E3E3D7DD315BD8688D0BB32A854BC57FF0CBC0752F13992D1613C474DC23B65220EBDD4FC6B3CCFC8293C86E0A2BCBE1A76BDA07D4B3CD2CC273B04AF9CBBAE7AA03A2BFD3F3B197E16BDB937C23C27157ABC5D2C12BC0969DABCC6BBE9BBBD84103CD8E0A83CD275A1BCA9C0963BEC2BCEBB6EB2B13A72C9773C3D8011BC5523623BC0F7ED3C80524BBD578450BB862D9B3C44A022BC4FA6463C0408D43CCF5261BB",
      torch_tensor_16_torch.float32_3: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      torch_tensor_16_16_torch.float32_7: "0x04000000CBAE0E3CF2F01EBCA938E4BBACCD863BA25E503C4ED8A3B97E20BB3B1859BABCC2FB7D3B14F5333C18E6463CBD0E16BCBC7D0D3C05CB1F3DD0458F39579EF63C9BF08A3C34E85BBD8AD5223DC444CB3B435BA13BC5FFC83C3E4DCE3C22B4A53C5D79D4BC0BC4463BFDF7C53CE737943C271361BC21CB4A3CA071E63C7918353D02AA113AFD8D04BD2EB7103DD52395BC5DFAECBCEB19E1BC997944BBF92684BA99449C3C029B493B27D881BC1B56193D784A713CA39E193BBA229B3C615A563C222CA7BC469228BB4C198BBCBBA533BC0120AF3C4699A8BC34000B3B6018DFBB93F2A43C122431BC189972BCC570843C31708DBC341FC1BB6F166FBCE6338D3C1C859CBBB29766BB6DE3873C74EE0E3D8C52DA3CA0D285BC8B42D8BCBCC626BCFD62D03BA2C7B8BA59CAE53BFEA9263C44C6CE3C4E06C5BC971F363C22A4CE3B7A24163C1706183CB337AEBB3BC85BBC9B62FF3C4A412EBC6733F73B9D7E4BBC24C4103DE211FBBB1C9742BCF94C6DBC38F298BCC787C5BCB8F7AA39DB6218BDD3526FBCBDF3253C22661B3D80944FBC873B673C023D95BCB489ECBBC6F2EFBCDDC165BD243958BCB344553C57E2293DF07A5F3CFD1475BC2AD9A43CAB871ABD81D0B9BCB08E963A8771A23CA47226BCF6E3AF3C01E2113CC4C59CBCD0F1FEBCBC5BCDBC1DA59CBC547984BC875B4ABB323623BB8D61CB3C3F330DBD7C72A5B99D6B0A3DF455823B7564D8BC1957D13B979A4ABCF43B1C3C9DE737BCAA37573C617CB53CC02DD73AC065A13C48EC87BB5339633C6ACB7D3CBD48663C844E043C8052933B8C38223D8794163B26AD08BD42171A3D2A32E1BCCE165CBCD0D4EFBB2DB7B5BC927B9C3CD15106BB4E54003C3D9F733CE09DEA3CFD419FBA3CBDC83C0B5F6C38A6F93F3C06E191BC0B8FFBBC8A83013A3D52C1BB2A6571BCA2340CBD2B8B89BC27D096BC555EC4BCC06C1F3C8DE3413B8097B13C5BAEC2BCB38BD83C1003503D3D81C13A16BB09BDD082053DA7CAF8BCBA640C3DA0CD543CD24010BD30D8CE3AAB21513CD700963C104C90BC0681B63CA9A8C93C57A6953BC8DD07BB3D57B53AB3EBA2BC240941BCCF32F2BC19F632BCD075893B9951073D7E76213CC419CB3C801BA0BC6902723CE476133B867CBB3C605699BC0D1BC8BB9F699CBBBDC7E4BCF81D063C6F65673CAEBB5EBCA222493B6CFAE2BB67F242BBEF84F4399B8E7CBB7D7F1FBC50DA2F3C24AF083C34A6A4BCB2A45D3C5202123D52AD94BBCE6201BCB2D0743D81CBF2BC7028813C8702503C8E6C733C54D59EBC339BDF3BD44C0A3C2B8032BDAD591EBD00A097BCAD52BDBC92010ABB2FF2A1BCC500F93BE7B4683B7810E13C78C6303DB335FD3C8FFD3C3C46051FBBC9258D3B1BBD993CC6EBA7BB7352C43C2983B33B06FA5DBDC77E293B2E1D4DBD5B048CBCA2AAACBC",
      torch_tensor_16_16_torch.float32_6: "0x040000003B178ABC1542843C05C3D1BBD8D724BDB00F1FBC499C90BB0EFAAA3C9CA4D9BCB35CCABC291E1C3C4121A1BC7B54FD3B38CDD0B9A133213DCAF9CABC21F87B3C12713DBB2684F9BB1751E93C423441BBF21FE2BC963C91BCCCAF773C1843623B9B96C03CEF0FD33AA75FF73C02189C3B72A0C23CAA03D93CE556AFBC0EAE79BA4EE0503CC528B6BC7E4B103C8427DCB846A7DCBB9C593DBC3874C439BB4311BD067B20BC9871CF3CD562BC3C1E40243DD48933BB880A23BCFD87A53CB99831BD2B0BD5BBAB22223DA124D6BA49D84D3C7BA573BC6477B2BC39F801BD461773BD6DD3A83C392811BC10578CBCA993CFBB5201B1BC572D353C4B236FBCE7EDA0BBD7F70FBC8FA165BC4675A0BC864E323C779CDBBC4A01CEBC6FD467BC995707BCA678C13BC783393C40E8133D616BCA3CC935153CB9D5F73ADBE5BF3C82AD023C27CE90BCFE8C983CCD1215BCA6F2F93C77B1D3BB393C553C26B0CBBBDBDBA1BC4FD8AC3B62E11A3CDB4DC4BAEEA4FF3C65E355BC40A1FFBCB914573BF79F39BC3255823AD05ED1BC480A9C3B90825ABDF98FB2BCF3B3DA3C4DD803BD26D4B83B1EDF773C534D84BC9BF70A3850923DBD0268C33B108AAC3BF8E7023D6B3BCF3BB847CC3C8CC6D33CBBFA533D6628A1BBF30049BC8511D93B136DF1BCDB0182BCC9E0743BBC13FD3C9FA98E3C4D91C33ACA5BE1BC4AC5F03B1C31C83B9976FB3C05764EBC66E8BEBB424091BAFC52723C44910F3CBEDE6A3B7C1C48BAAB90933C2458443D99EB2F3999C1673CBB6E94BC4925863B98B3293D391ABB3BBC14253BD11606B90E9AD93C829615BCD9A2A73CE7CC8BBCA1A5BC3CB3CBDC3CDEF58DB8F030EC3A2E0266BC55AA56BD2485993BE08683BA7B3AB43C6058BE3C349DD43B453646BC0692113CDD6AA8BC97E0843BFF08183C120E393D8C3B613C9EC3A73A70B2863DF0E52C3C207B05BD45B5973BB8EBA63CC3FDA1BCD9B669BC4D9E913C4BEF6F3A6E21ADBB3246B53CCDA9BC3AD749D43A8E79F4BCB0F2B53CEB7E98BBB7B5C3BCCB3596BCD9870E3D4BF6CEBBE7CCCCBBBDB9683C4911243CD74494BCF98C303C40FF9DBA8B75B43B8493BCBBE48D8CBBCFB2333C9DAA5ABC257DC53C57AE0BBD223A90BA30D2C9B9B9E9A9BC048CBABB73EE2BBCF04A233DC0503EBCEDC5ABBC2FDEFC3CD99E933B5846FB3AB8C1AD3C0453CE3AFD43C6BC5B2654BDC4C064BC46B0223DCB534F3CBD2B3F3C3A9B0A3D01C460BCE73B42BC8ADC763CB45D993C8B61103DA4F1A73C1D97D5BC70AB36BC29F7D53CAA1080BBB031B7BC2EAEB0BCBE5C7CBB60596CBCAFB3DA3CA6AB943CC8D284BC4496DD3C345A00BC12525ABCAB2D5D3CEFC354BBFA1B9539638907BB1710813C4F36943C389462BC7D7B88BBB53F603C84878B3C09CD15BDF70F84BCA21B8A3B5DC8D33C0D9892BC",
      torch_tensor_16_16_torch.float32_5: "0x040000007556563BE045AD3B76ED073DD53638BCE783723C7E2A9FBCEADAA0BC4CDFFB3A9546E8BC5AAD93BC79DB473C81788EB832A8033CD9844C3C6B15FCBB3E635ABAD7C995BC6A64EEBAD4FD263C6B16B1BBBD8234BC63BE053D19AE4F3CAC4D983A646E0D3D74BF09BDD37AC2BCF830C73A8C1E6DBC99AD11BDB731B0BC5EE6A1BC6948173D7B19D83C9CC5C1BB18BE233BDEA8ADBBEBF570BCC26059BCCBDB993C6D212B3CFE5773BCB72BE43CD517D139BE50A03C3E533ABC2E8FC53C9B5D8F38704CED3CBC3FEEBC6E2F3F3D435300BBCB22AF3A269A86BCC5B0563AECADDD3B4AD4CCBB3764223C38A8B9BCD0836EBAEBAAA63C46E5A73B469791BCF4EBBBBCF13A803C25F78CBC7E38DF3B6CC2FBBB4582833CB34011BDCFF68D3C9B170B3DB9CC123CAA2653BCF79C993B7BE4243CED3A2BBC223699BBEA1B8F3C3BC4D43AED4323BC474F3F3C34DC89BBB052803B144A2CBC6A01A93C5829273DB96B973B47E37FBC05FE4ABCB00E5EBBC2490CBD54B9AF3CCED77A3B260D0CBC9C9CE03877DB883C23D60F3D20DBED3BD87169BC15D3743C8517B5BB629D113C34D9083C12A1ABBAB0C50E3D853261BCFDCC6B3CCD742539B0BDD9BCCE31783CEC0AF0BC939AC13A7C512B3C1879E3BB42318ABCCC9BFD3A523FFA3C69128ABCEB4465BBA6A9A8BC066D063C663116BBBB69B03CF27058BBC7F4833CB8C9D13CE177E93B6350863A07775BBC25011DBB7A55893C4ABBF03B6C025ABC6CC6DCBC6A379C3A26D8B4BCD6CDAFBC824F4F3C27E6A13C92F3BDBC8591E5BB35C5DBBB579124BD19CC4DBCD0CDFFB98B0ED33BC7ED36BB6B3F84BCB77A873C449E58BC44B9C5BB218E1E3C1DF2D33A0B9A1F3C3F1A8BBB762C063D3F94033D5DB210BC22AB9A3C3295C0BC144A943CFB8CDD3CEBCA8ABCC119B63B010F7D3CE3496E3D0114C73CCFA75A3C190A66BC94093EBC2B8209BD2B368F3BC1CC13BB1F25923C3511113A70C2CABCDD19503CF0D3FF3AA6C913BD4F89213B33F62F3CCA74F5BCFDF3DABC9D450C3C3D6E60BC876FA2BBDB93AEBC1C26D13C1B1B203C0279B13A5247F33C66F497BBDEF0D73A2CCD4E3B040F343CD217833C669A02BC5CB9063B01407BBCE2D28F3B8FDB9DBBFE9249BC33A2ADBC99B3F3B81B1FE6BA5978A83C39FCAA3BBEDD573C9425903CB300A3BC628652BCBCF838B9C1A546BCD9103FBCBE612D3BF3D7BA3C53436CBA9D281B3D559500BDDE18323CAFCEB4BC18C6B63CDD15EE3CF810D33B73CCD63CC60018BC7412523C2EDD05BC1738ADBC630C9CBB9F7AA33C4790B2BA4CD36F3C6162C6BCA47AD63C133640BCA9A08D3C8B7883BC9649A73C5A8F173DB2ABA0BC53BF3DBBDC05B23B099AA7BC3BBA93BACB1DD03C749C793C3D474D3CF2CAECBC8A05393C1B05223CC016E3BC1F3F1BBCC9218FBC6AFF8ABA",
      torch_tensor_16_16_torch.float32_4: "0x04000000AE7064BB8A5E3ABCF82B49BCAD238C3CC6F2823B250BC6BCF4CCF93C611EA6BC3444963C66DFDC3C6E0D24BC0C13CE3C4A705D3B4DEE803AF20C783CBEF68CBC2189ADBBC395963BDD3E10BDE52CA0BCCF970DBC618882BC50FF1F3DEDED02BCE2F133BC677F0CBD4E527BBBE0201E3DB4D917BCEBCC96BC1FFA093D8DBC903CDB27E63B1750EABBD7A79ABCDDE9023DE9BC3FBCE48A243A670401BA083A17BC600B85BB556A6E3B9491113DA2F1B73C3890B13A14CE6CBBE85511BC4F7F003D7D8D51BC329A043C605200BD15E2313D57E7653BBE83E2BC3B312D3D02C6053C12BC313C7351D0BC47A026BCBD29C1BB74B1DDBC8016C4BC0DC1313C069FB1BCF5D94CBC8F6CA8BC80B6B8BC27E99A3B88C999BCD6EF0F3C3DECD5BB0C700ABC181F4E3CF203D3B9F9F3BA3C876EE6BC3CBC4A3B8993AA3C2289F9BB2645693CDBEDA7BC69E319BB5657183D6F020E3DDE667F3DC3FB9CBCEEA7183D4C41923CDB190ABDEBF8BB3C3397E43C1052FE3CD2231D3C3E98883CB0EE8F3C776F76BCD73DEE3BA9FAD73C7301D8BCC96233BC3D6F99BC11FB07BCB2ADB5BCF2EFDE3C6664823B206B02BDC05CF33BDB1682BA10A62ABDC7F0E83CDBF0713AA7FD05BDF47F22BC4AFD003D52513BBDD3DB463CDEDE90BCAFA13F3D1EDF8A3C5CA2D0BCA99EF0BC14631C3C1CD7F8BA6BA441BB82D6293CD47D4C3BB1E29F3B611658BC86B6953C396245BC5836FC3CA549843B8DEA153CF22613BDDE07A73C7B6FF3BC499693B8E7EB7BBAE2D1FBBC61C25B3CE2BEC53BB0BF57BC9072123D29FA2C3B8F1CA63CCB0DB2BC39DA82BCF59A873CB829C7BBAA2687BCBAA103BD496D8C3C0FE905BC46AD70BC2D58363C9EF375BC6CFE62BA507E7B3AD8B171BB3200323DF6F098BCA23485BBC72CD83B33CE3C3B467CD63C47106A3CCA7EAFBC67A81D3BDCC7CC39B6B09F3BF0B4AB3C0E5F1CBB2F5C933AF40C99BCC7D3AC3C0ACC4F3C69E66ABA7031953BF47C113CDB7309BDAF5E7A3C5D6A193BFCD029BDB26C3F3BA63B58BBB7469EB92F137DBCFF6983BC78C8B6BC1C1A2C3CD465923C4A3A333DC2CEA83C2DB4193CF99B183DB9307E3CF29EEE3CE44948BD4A622A3CFB4D3FBC705CE6B91947A339952610BCBCC4E13B0B5D52BA8F604CBCCB32E43CB603B03C2B9D6CBC1B6A3A3C1888EEBCD4F212BD2B06A33C2B6789BC5807A83BA554A23C74E678BB92580BBD163712BDBE7D4EBB97740EBD7BEB5D3DE1EA9B3BBD5DC83C9AAC0F3DF6C4AABC1BD2523BB3CCD83C01D9AFBC295B023C62DA663C0F9E0A3D272396BC95C43F3C1A55073CF7F6633C3D4407BC9770323C536C38BD60A3273C79712D3C4ABAB6BC1B0AC9BC996DAEBCABA1633CA46C573CE94A0FBCC4FD26BC6935673B8B595D3C6AD7593CAD8CC0BA8A866DBC27D5EF3B9CCB87BC3E2AC2BC",
      torch_tensor_16_torch.float32_2: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      torch_tensor_16_32_torch.float32: "0x040000008695F6BCDC7236BC2DB495BC9DEB093B653C9E3B1DDAAEBB999A203AAD9A12BB8FD2513C1FBA1B3DB9C395BBC777AABCF5FD32BDBC52E3BB7C2E54BA97D9AB3C7D2CBCBCB5E0B93C7CA2943C7F57123CCCE9F0BC6F121A3C8BAF753CE4E605BB958714BC49CC9C3C4F9CBDBCAC30783C584303BDFD6362BB4DF98EBBD3C365BBA380F4BCCA0362BBEAC10FBD0D7BA9BB89D9B63BDD34403DDEA8103B43C6E9BC0F23ABBB62A0D8BC79E548BBC95BB2BC3DA70EBC3257093C2D5624BCD986513DA714A1BB74678BB90A4CB5BC4F617CBC42D37E3B1706E43CED70113B53BE0CBB3C3E86BBF6A4153CFEC841BCD0D01F3DFBB029BB722EF03BE139FEBC7CA0AB3BA256F3BA73F21E3BDC7F87BAB73B71BC5DFC5CBCD938123CB73FA2BB846BB4BC2EE8E93C7B1DCE3C32F0A9BB7821A93BC047A5BCDB23B7BC4A24693C3209E0BC12CF62399DDE143C39C03ABD9805E0BC309B6BBC62EC2ABDBC93B53A21D6E1BCE0502FBD4565CABC3E1621BCADBD84BC28AF193D3682923B7C0713BDA0ACE23BC0491E3C862FA83C53519ABCA648C7BCEF901B3CD32E77BC7ED79FBCF8B4353D12E17C3C4B819B3C3C37583CC686BDBB49F68FBC745192BC790C843A2CDFF73BD4F7683C666CE6BCCB53953C44ADDABB07236ABC6D3887BCA4B2CC3CA96F3FBC7B9ED6BB77D80FBB0A0DDAB6344039BC66C1C5BCFBAF12BDB846C23B7BE21FBDBC7C303DD798053C0B52BB3C1F4B81BC6E0DBEBB74E3F3395AC7803C3002C4BC973151BCAB5DD13CC2B413BC4C5A5B3C82B0F73BC5E7D23C13CFDB3CC6C89CBC5C819A3B2570593CAD9B423BE2DF54BBF79D5B3BA4121A3C9EA62DBD774C3EBCDE339F3C3482BEBC5B49B5BA396692BC251509BD3515483C5847EABCD4E9653BE0BE6F3C266BD5BC5763C3BCD33D2C3C12A2A33C86998B3A375B65BD9B28F5BBB328B9BBD9F4053C2B37A4BCA66D9E3B6603023C802EE73C3E30583CF6CAA6BB0E73B73CD884603B497A313CA2BEADBB7345A7BAD75661374E2C543B514D0EBDB438303D46F1A73C59BD173D1EE0CC3BAB720EBDCB9AF5BB788F503BC95013BC047B02BCD49AF9BB523C9D3C59E8B0BC1CC1923CD8822EB9D74A453C19104C3CA058443B78DE0E3BC74005BB70A09ABB55BAE5BCC42B023D3917CFBCCE4F21BDDCDF18BD6A5E323C38B56F3BD3C53E3C2B2E84BC1B8F33BD7CD482BC89FA403B7635A3BC6B93023C334B163BE570C4BC59CD66BCECB1FFBC68EB073C8CDA82BC6F4A813C45575EBC729CE5BCE5D2CDBCA60D1B3A148D1C3B09362CBC2F4A043B2F52E63B7866D23C1D931E3CACDC4DBC7344403CE2CEA13B79563C3C2BC7F6BBAB6B7BBC078053BD30C3F93C8C09F43C662DA23C773310BBF98BEEBC9C3C5ABBB59EF73C7D31A63B21EF333CCEBCD4BCB921593C4AD0523C72B85EBADB153F3D8E66153CE7753FBCB2FC6ABD384B5FBC2019B1BC77CF633BD66580BCFE2A9CBC937CB23CD255093C4279E13BD2DBCC3A254E77BCE8A31DBB1910AA3CAA8305BD5D3131BB01CC52BCF7DF8FBA1044C7BCC11DA5BC7254D83C3747F2BC20CFFCBBB283063C7BB084BB94D1323C856757BC9D798D3CDE0F5C3D5D24ACBB32E0A8BC4F107B3C879BAD3CAF7DE339CACC67BC6A2BAE3A7E6F1BBDF3DB043DB83CF3BB00835E3C989F333C17C4E9BACF0933BC17CDA9392957643D5FE303BD42897439927CAFBA9BC8D23C9DDCBC3B050BBB3CF7C5B63C607E393CD7C3623CB216783BB95EC9BB8B457A3CE67A8BBD021936BDC7BB3A3C7296793CFC02AEBCB66624BD5B2F63BBCE7AE9BC7392D5BC0D18BBBC6EAC44BCCE2527BC2627E8BCAFA3013D24AFCF3B408500BA4443CB3C7BA86F3CF5D402BD2132E23CF5049B3B262282BC725FC53BE57548BDE9E0B13C22098BBC59EE333D78450F3BD2F2023DEDD617BD65FAEC3C6D15133D402CE0BBA939903B7013923C45FD4E3CC095C23BD0D5D43C673F0BBD592D9DBC77746ABCEBB18BBC8D7004BC78DFA5BCFECC84BCA11C7C3C5059D73B3E03183CCB066F3C7E3F95BCD84CA93CE3B7723B38940A3C2D82A8BCD3CFE7BC5C11FF3CFF7D103C84FE223CED4F1ABC5DADFABA25CBC33C6F331DBC37E8603C3BA290BBA1F2B13CB6F901BC8E07BBBCC7E5183C3451803AC64E773D1D2690BC41B9683D8B9069BBE29C8E3B049D11BB7FB38FBB6B95FA3B82BC80BC40F0E0BCCE6E9F3B98C4083CBE047DBC29F0F5BC45E09A3C803CDEBA7C6D0EBC8BC1C53CE413AE3C6FC280BCE03FB8BC7966603B8FDAB13CB50A59BCAF19BBBB21CCB5BC95D2C63B054EE73BA1E4263DA6BE79BBC58FA93C1997193C71608E3CF55DE2BC184AED3C534AB73C500AFB3CBBA5B23CDE20B23B5878BCBC6E98EA3C0641F33C9509FC3CCDA809BC8F6DA7BBAF0E9ABD6142B0BB342DD03B16F1273D678720BB745EE63CA22F9A3C69A644BD0E30BF3CB6C5183D1926FBB8776973BB597BD33BCECC633CAAF8D73AB265133D1282273CF99AB9389BF6C9BC32B09E3CCB07AEBCA23F8B3BD77C04BB5BE691BC58CBC2BB5DC0B2BC93A944BDAA85A03C6A2D27BC24169ABCEEF824BC1492A0BB4D3A353CE6737C3C8078B53CD394D3B8E747943CE1CFEA3CCBD4063DCA1C30BD5873143CD7F33A3C37718D3C1EF25BBC70F698BC19D6C5BCDB42463C60DF1FBC2DA1CC3CE67FAB3C2CF3EE3B3E470D3D77F56CBC920E933BB3C512BC77CD823AABE4BC3CB90C0FBDD03A113D4BC99ABB457D3D3D325B0DBD0B9CF0BB6271A43C0053B43C6F66D33B0A4F94BCAF41643C52D4A4BB8C51D1BC9CA7FEBB9D97843CF8EBAA3CF494163CCD4687BC58748FBC92E8A8BCE284893CE137413BB43095BBF7A17E3C0527553C7EAB1E3D352D43BC",
      torch_tensor_32_16_torch.float32_2: "0x04000000D2EF813C72950CBC068A1C3B5DDC0B3CA937423CFC3117BC7449CEBCAF5C6FBC583A263CE9E211BD7800B63CCBC8653B74684FBBE7E1EDBCD462733C34DBEDBB145A893AC6FCD33B6FC85FBC8350783CC5235EBB86BD343DE1F0963B26CFF4BA842332BD936902BB588F743C89A314BCDD5A643947962F3C6EBD823A5234893C247002BC917F9F3C5D60863C9FC51F3BC22615BD2D1613BC3E3ED9BC9B6BAFBC3CA5B43C5C161F3DE73C79BA3D86AA3C5E2148BCEC538DBCF3308FBC5808B63B071C393C4F2831BC826183BC608490BCC7E0F83CC27C903C8FBD46BB61CB223CA96B8A3CBD034D3C78ADCEBC788DCBBB22DF0CBB03EEEABC6C25F53C0DCC46BC29B9533C609C06BCAB61E23C6FE5723AF8F0093C8E9C8DBB66B9E13C0E99F93C460FA9BB29A6823C83EFF13CFC062EBCC9E38A3C0F1CF53B46878C3CD469CEBC8E1DB73BF2B3633C2AE33B3B52038F3C22FFB2BAA64C12BD12DC4A3B0B671E3B5E23AD3C30A5B23C2ABBC7BCB1419EBC3F9884BC47B748BDF937AFBB42D6ADBC4001A2BB5952733C4A44E8BC73CF403C4F13103D8CE7923CAA571B3DA722A5BAD9DC93BCB89FEBBBFBA6B8BB40440EBDD8C166BC99D87B3C395698BD898733BC07F20A3DEFA9A1BCE270DB3C52A5E2BC8D693C3987B6C3BBFC085DB8BE22E5BB2995EAB91438DC3CEFF4C2BCC970213CB7040EBDC16CCC3A5D73A0BAD195083D8F14033A343DC1BB696128BCA0B6693CED7CC3BC1E167E3C343B60BD77704E3D1C310D3C40BB09BDE1B554BC2ED71B3DD2CF24BC4983D03BBE4C5BBCCE1DB73C456326BDCD95083D674E923C5D42D03C0AE633BC443C033DB563E7BC9D47AFBC16C6AD3CC725E6B9EE3A1E3D8925133C8ECB48BC21F823BCB5A573BC24D1DD3C2D1210BA68EE0EBC94E3FEBA34FC46BC6B66983B20CF543CFCEE45BC535277BC1085FFBB708B173DE0A4DD3A20703B3CC0BD0CBD4EFFAABB57281DBB016959B9124191BB043BC63A641E10BDBBE9E23C4DB40FBD400325BCE782F03B0CFBD2BB591DAFBCFCF7053DBDE6963C9D12F73A78411EBC3ED97ABC561CB0BCCBA0AE3B0A3BC03C09C64EBD20539E3C018732BCD91207BD9006EEBB191C273C4F5B59BCAFF9D7BB24D1833C348862BC19341C3D2125503DA74A38BD835EFA3C54790D3DCEFC8FBC9986253C2767A73CB4B7A6BCFCEEBEBC216798BC77DA3DBC051D04BC5B748BBCB007BBBC18E45ABCCB9DCE3BC90C923C79395D3DB947613CBC99093D265C6F3B1C4609BDF87BAE3C1CF6E53B1CAAE33BAFE9B9BCF38FBCBC8F6A633CBB6D9C3C67903D3C5F06A1BCEC6C65BCD94C0CBD976D2F3C7C65F7BB30AEE0BCC77CA93CE613C73BB39ED63C2661F0BC86B0DBBC6A84D5BB59F29DBB5054BE3A14F588BC975C0B3DA48CAA3C49324CBC7DEA973C565425BC2F6CA93BA8C3A2BAE49D8DBB6BE2933AB2DA263DD3796CBC490F933CE2D5953C7055C7BB0914BABBE1CEC8BA80F30B3B5BA4B2BC8A3EF9BB6A27AFBC58B9C5BC4783D1BC243C3BBCD383ECBCCFF329BC008E3FBC8F92A33CF91022BDEF5C93BC6D0AC53C806923BD53BAA0BC061FED3B9CD220BD18976739D789583CDD405B3CB959B23CA4D8C33B21BFDE3C396F623ADC2B413CF9680BBD7813673D03656DBC4138363C3FB01EBCE218AABB2E8C543B40F62C3D4B9B033CD4E8EABC57B1FA3B3D67C23AA5C20E3D7BD73B3B948C6ABCB717243C6C2468BCD00EEDBC4F15963CAA47773CE516F6BCC4695E3C2C1D1D3D6A407EBBBC0E1C3D2F931CBC10F748BC0E06473C16BF8CBCA55FA23BEE51F43BFE0F163D0BDF9E3CBB22473CA24E883CC4E2E5BCF0738ABBAE8CC0BC6AF2523C748FBC3C0F9708BD0B929ABC7356653C389FBF3C56C58FBC6AE8C3BC5F1F11BDC69E1F3DBFF988BB062791BCC17F023DB5C6F93BEFC3CA3C0A9FC7BCA874A0BB252B96BA87777B3C3452AA3CED41083DE45187BBA997E43C8A29223D384E2C3CC22F65BC6070063B24BE0B3D57EEC7BBB0BD35BC42383FBB3D82E53C2504D8BA1C1804BDE575763C9988063D70AD293CA77DB9BB67C3973C8626E23C13FCD23BC62BD8BCEB8C7A3C5F140C3CB435BF3A1F3A13BBD71CBCBCBB0FB5BC97EC633C54B1423CE4E115BD5CDFEDBBCE141CBC856968BBAB3364BC0B81C93C67570EBD6BF094BCFDC1D53CC299873C6EBFD9BC7217B03A8FB6853C8A26543BE66301BD3050823C85EE853C584E753C691A08BD6A1EAFBAC64A06BCD0EA09BD093DFA3BA1A79C3CC9221ABB303EA1BB42EA41BB6E84A43A2CFDD6BB8BDB98BC84309CBB777A24BD604E603D0196C33CAD1A32BBDCBC313C403A053B1B1BDF3CFD9753BCD353E3BCAB8903BB79FA053DB99C843AA5A51E3C0636CC3CA3FA173C9C8B40BCD068413CCF9DACBC17081FBD06AB0C3CA5C1343D351DEC3CA2D7E7BCD62802BC41104E3C2C7DFDBCA2E306BDBC25043CEFDF463B53885B3B7C17E63C77370D3BA9EC45BB9BC31B3D4B65E63B28321ABD74EA3CBDB90ED33BE0D4D1BBD96A783C7DA5BCBC13E434BD4C580B3C59E7B83CFD0395BC556596BC176E6F3B926C07BCC33395BC894203BD920DFEBCA14FDEBCCF6DBABC5E62C53BF8C239BCB003EBBB13D84E3C81BA4A3C3EE71CBD5F5704BC97F3353A8C4E68BC99EE3C3CABE735BC2BDF093C8E2B2B3D3C4F9B3C857B483C21EC38BDF463553C4FEB8D3AAE9C78BBEEA7403C1503E3BC1D955C3A03ACE83B6B87233C00A0D9BB7263FEBB4CE7CCBB948064BD38AB85BCB6728BBAA35AA33B8D5302BC849A48BD5D4ECABCEDBF16BD7406F8BB3DF6753CF600143CC5FA1B3CE0D2C13CC23A043D70F185BC2C79833B643B9ABCAAC28B3B3E2E893CCE9D833B34D1E2B914921B3C",
      torch_tensor_32_16_torch.float32_1: "0x0400000006C012BCA775CC3C9D81C83A6A33A63C2C5F683B05BB05BD5CAFA2BC12439B3B0D1B0F3B5E57A1BC5BEDCD3B3E0933BC5185A1BCEF6B483CCA6BFE3AC9013ABBE08EC0BC3D15D13C27F809BC3817B7BB67880E3A82C32A3CD32B063C7D5C89BCC92B7EBBF69491BB607FC03CDE4AC6BC218CF13BB4A213BCBE574EBD9A6301BD7D8885BC5B1E0E3DF9E31A3C2FA7B0BCC1ED7D3B677CBFBCA61E9E3C1CAD5F3C390F7FBCF66B85BCAB6C07BD0060D43C669D8ABCABC4B53BE70457BB09B7EC3950605CBC9E00DF3B4220933C49B823BA5E0B43BCB0BC2D3C5E12423A7814C13C0ABCCC3C3749B3BAEA4FE0BCD82F22BDA7A8223D6A4C70BC8740CD3CAFC77E3C2B4E883CC25FAB3CD0D6F5BC80CB6ABC4E7126BC9BDE9B3B4E432BBD468C1BBDE934FD3B9C4ADFBB4905AEBC93FEE3BC9BFDE8BCC28F92BCF94804BBB80E233D13957C3C40F540BC698AB83C719F07BC5F03803C630F103CDCBB3CBD74808EBB337712BC26708FBB3C78863BED7B3ABC57E5033D3561DC3BE9FCFBBBA951B13B6069B8396E2301BDE03400BB1DA28BBDB7965F3C05378DBB1AFE123D46302D3C47F4E43C6779E93C1896B3BB40EB183C266780BBB820A2BC0AD2253CCB87513C80F62ABCE632B4BCAE0728394CD051BCC5F2FC3C7BA85E3CEEC1A4BCDCD36ABC5B3CB9BC07BBD03B048B97BCD936DABC8AC7C53BDEFAFA3A481B0BBBA54ED9BC595B60BBA946633C7859EF3A540EC13CA90A21BD4B08F3BCFDB005BCC0F183BBED982D3C58CAB23BC0B67ABB53CF53BCF791D13B6EE3193D95615DBBCFF329BDC570893BC2E4B739DD3BA93CA777A1BCBD7CB23C7E815B3CBC4F3B3CC0AEE73CF4AD03BD3970773C0FE34BBC1B99A83C13956A3C2D1EC2BC2CADCD3CE602883A9285AA3C5439223D99436A3B6AAD2DBCA0A22CBA1298BFBB5BB1EDBCA42B8A3CDE5CF53B0507253DC6ED1B3CC1DBCE3CC7411F3C394BFBBCAB94CBBCF744483C224EBD3C1EEAAD3B7CB3A43CD43A723AD91F0F3D27799C3C0532583BA5C81F3D02563A3C6B90A33A14610BBDCD32B73CE8CC1F3DB286193D7D735C3C984E743C4638C4BC4E07F93BFFF0963C062CF43C9F7F18BC9048393CF5D2773D4489353C00131C3C9E259B3ABFC78ABB9BFEAFBC7393553BE2D315BD59EAC23C832A923C38DEA7BC13525EBACE3FA3BC01D66E3C989B023B75231D3CA2A8453CD13183BCFED9473D5BD0BEBA10ED0FBCE7D59E39E7C48DBB46ADC9BC792C333CDC47B2BC981F0ABB9B91D43CD51052BCA1F425BBD7DD6F3BA5002CBCD94DB9BC546BED3B13C57D3C7B2CE9BCEDD70EBCC6CE15BDAF6E473CA98823BC62E0AFBC5851E1BC190A2B3D711216BD52C37BBD99E3B83B0CD50EBA6446BCBC4248633C71D3A2BC5C22F03CFDF8833B7E8BBABB8A8979BCE0710CBC94245DBC26CB98BC6A14E43B6FA630BDA9BE4D3B02B1703B709C7B3C175C12BC394D69BA021F40BCB0756CBB086BA3B8273DAABBD26CBABC19DA9B3BFB6F133DEBAF9A3CAF5F003B5E40A7BCEF06ACBC424A11BC2A55BCBC222A623CAFD333BC5D30883C27FAB8BC152C8C3C86AE103B0EE148BD250333BC171C023D3F86843C8A59FF3C946EACBCFFF58BBCF4B6313B5A1B18BC5BDBA2BBC0A4C2BBD48557BB74B88A3CBA5E823BA78573BC0C5F5EBC70FEE63CBD230BBCEFB0FBBC05A579BB8062D83AED84BC3C996D6C3C4E0DB33CF450A3BC7D2C65BCD3ADDDBCE2E7B73B5954B2BA22CE37BDFEA2BD3CED95023C4930BF3C607715BD16BB2F3B4B6828BCA7C4543ACD0799BC9A8997BBD782D0BBF4EC56BCB9CAFD3B4573ACBBA55859BBD2E1B03C06E299BB5707D13B53E31ABBEEE2B0BCF66A8B3B277E2F3C45A47C3BA660CD3CA198A1BCF547F2BC582A723CF20D4739A9FB433CCF17AABB170A37BC34FF5FBB330561BC995876BC23A11A3C0A5440BC1CFE0EBCFB2A4CBA1265AF3B92DC983CAF04B9BCCC7B7CBB188C7C3CEDBD803CAC727D3C42BC7BBB327401BD5B54073C858634BD52C7AA3C8DCC813B68E90FBD143F033D0A88243DF3BFB5BC69A12EBCFED9C6BC2B48273CB0823BBCA3C074BC2E239B3CCD280D3C5E733D3CC4138CBB3C96EE3BA43C923C13323A3BA111D93C8678BCBA7929DE3C92223ABD383B3EBC0ED7F5BAC97F0A3BA1A522BD2EFB18BC46EF90BC5F8C8CBC4F6092BBB0BEF63C9CDBB63A55D068BC5EABA73BB28280BC657E2A38AFDA8A3CF77D1BBD679174BCC9CF5FBCD9C4C33C2BC28B3C528ECDBC982F383C461B693CE1DF0A3D82EFD33A6FAEC5BCD497AC3CD5B687BCCFB01E3CFF8800BC14A7303D02491A3B3DEF01BDF7C039BDC781603B5366FDBC673E2CBC8D58903A25E6ABBC9E00B53CD930C1BC36658DBC6673B23BB29AEFBB87488BBC5B4FFFBC2D4838BD215318BDC217ACBB2697E7BCA7D9A739A93A5EBCDB3300BDC004D83C873FF53C8A3DC8B9AACC32BB5A9F90BC6B400FBC12D9F73B94D6013C38D166BCF7D026BC4AEEFEBC67A2F73BB296C2BC8D3D86BC604A273DB9B6CA3C6998983BE3CAFDBC394ABBBB2DEAABBC1BD5F33A59CBFE3C8799E3BB34B137BB5CC3A73A16631DBB676EEFBB32F8753C3829193DB7686DBB75B9163CB76BB0BB38CF24BB99906ABCD90BA8BBBD4510BD3589F1BB1C111FBBDDAE1EBC56F3A63ADD6EB03B82B8AE3AF780CBBC9C026F3C0520AEBCF60317BC79F9093CFA1211BDC876993C799AB3BCF34A45BC28881DBC354B7DBCE4ECC03CD348113C240B0A3D8B2A063D3061C63B9D06103D64DB853C129A4F3C9966AABC926CE13C5CE8F93A1BB2173C01A19A3C350DBB3C444B15BD71B61FBDD2C3423CD4A79DBBA7D650BB6FB6E23B94A0403C87249A3CF22E12BBE574013D4BEA603A",
      torch_tensor_16_torch.float32_1: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      torch_tensor_16_16_torch.float32_3: "0x04000000A0C266BC59B7003C6B9C1B3DBE0D5C3CA11AD73C2FDC16BC7CBEB9BB3033453B997612BC89FE1E3B8DF9A23BC915353B5006E83C673BA2BCAF76AABC358957BDC9C191BB740A12BD6A42C93C6A8FFC3CE9049B3987F3813B5E5A803D55819F3CBB806ABB468B8BBB8F7828BD5DF4D93AA6278BBC374CCD3BD5E16DBC0296833C3E8350BC130EC53C337DCA3CBDD61DBC12824A3CDC6DC43A3E3F4D3B4AEAA3BCEE277ABC66228DBC51D6853C38E2E53C6BCCAA3CD801E93CBEF03C3C86722A3CC7E0F53C1E886DBCB4FD8FBCFCE981BC3ECC45BB78F296BC3D7FF3BB0656403C4E48663BEFF368BCF2C6A83CAB1E3DBC7527223BF769933C9C80BD3C1DDCBDBAE5A7AEBAB759CABB42AE0F3BA56D7D3CB207A0BBE9948DBBA4612CBD7403E3BB3468D73B1BD396BC6CC29ABC8DF20C3CD7A1073DB33C443D98AC593C5E6F613C80613E3B072D1E3C97E285BB94E7EABB747065BCC6C9383C2EED153DE2A349BCCEA319BC626B963C08E29D3CED11C3BC93E623BC841D343C7BA001BDC0FA673C6698F7B93DDD8EBC5025113D5FF0923C1CA8FA3C7722A33C81508DBD0A3ACFBC33D4C0BCDC7E473CA65EAE3C59A6AEBC6F8A333C54E63A3A00DFADBC87FD8F3C3714233C98D9F33BFED2AEBC3EEF26BCA2DF53BC45CE5CBC44900D3C7936F73BF577973B5696273D1C515EBCBD0346BC75900E3D9831DC3CFBDB8B3B3CAF9E3C4B33AB3C692FC0BC96B7293B59E110BDAFD8D0BB320CC33CA00B303A2A4075BCF994073C216BBD3BAC710EBDE0C859BC1B7D3EBDA0A44FBCD69C2CBCF7B23B3CCEBA38BDA74D0D3DFAE8853B01734E3BED9B8E3CEA12B739774B353DC7072CBC8903AFBC335859BBF99C1E3C04D7D33C4086E4BC02C4F0BCC66B0FBD38DCD03B72BCACBC22F065BB54243ABCC570D63C447037BC59DBA13BF438173CFEAF283D19CFEB3C8231DEBB573700BCA57645BB1857C0B9292BBABCF89A703C0A1D4A3D3878BFBC7852E43C00840BBCFDBD2C3D8F80BF3C9D54E1BBB0BB043D8F1F8BBC0B3DC73CF4E5C0BCD3764B3C7FFB063CBC64943C6F58473CE97CB6BB8BE187BDAB8109BD37A1FEBC49C3A0BC62FD283CE5CFBDBB3593B43A90F9143CDC50463D7462023DF4394B3C80034EBC7825D5BB8B5BFE3A92E692BC9D585B3C5958ED3B4B02FB3BA03F963CDD3EF83C79E2613C067D343B9C3E4D3C7EB1D4BCC49E33BDC009A03CA507DABCE9AAA83C77EBDCBCB6F827BD6A33ACBB9356163C67B9FA3B64C31DBC55D0F0BC0DCBB2BC7E4453BC8D74B9BCE3E805BD50583B3C461A253B5B67173CAFE427BD14E3E9BB23AD693CC79320BCCDDB0B3C782620BC6E29123C6A0735BC52F3A0BC248DBE3946C740BB26971B3C860C223D72D682BCCD8843BCD20A64BD357159BC43E61F3DBC8EFD3CABB581BBD7F6F6376A57FCBBD8D546BA",
      torch_tensor_16_16_torch.float32_2: "0x0400000044F39E3CBD946ABA0715363DD34C25BC381D903C234C8B3AC6B50D3A47E1BFBCCBD5F03C43057BBC797BB0BCF34B803CD2E1E63C54BD273DF926ECB9EA24563C0BA510BCE90533BDD701A3BC99BA723C2E1E5D3B84E1D0BB85F95ABD7ABA103CE0D5B7BB6E0449BB984202BDD640823C2066CFBC39C3CBBC9EB2A6BC09220CBD618B8A3C42F1B63BAAC1FCBBD55E5F3C42305B3C576F2D3CCF27DA3BC04829BCB2F138BC74D002BB3013553BBE2853BD82F946BC1251023B7933753DB09892BBB9E45ABCE61EAEBB46CA083CC21AA7BCF01F803CD531B7BAFE97A93CF8CE4A3C7E24D53C90D52B3C38D906BBC91954BDD4D781BAC1A3383B82C6C6BC4577083CDCA492BC85B2DF391929AC3C6943C03C227BBB3C2453BBBB6343693C995B873CE41D003D1E9BC6BC2922443C893E203DDD451FBCD7EF7C3CDB57293A1278A8BCA6364C3C3D3BB33C5CA06FBC4F1AEC3CAA5B6F3BEBB9AC3CD9170BBDE9C5B2BCDDC86BBCBE1113BCC2B208BD80F3E43B6F2FE5BA202486BCAB283FBDD535BD3BBB3B30BCC4E1D6BBCB7E833C9E681BBDF152113AA76C72BCC742B7BC8A1DB2BC0019913BDC65DABC0340FA3BE75DF9BC4F267D3AD491BCBCFB4AC83BA60D16BC25070DBD6A7E9BBBD2B484BB374F103C79CAADBC47B6393BB8516BBCF2F88FBC4B1FBCBB8C2685BCEDDB043C8405563C573C1CBD252309BCF40F0BBDA215FD3AAF29BEBC7B9BE13A42C59E3CFDF0333BCF2B083D6D85AE3C52F25E3C7828A53B419328BCFEB0003D4A92B43C5BB875BC579CB1BC1913D6394D8926BCDD1F923CB338D4BC6D08A03CCFA60CBC0EFE67BCB75EE83C4DCD223CAD3D1A3BEF8AF13AE8FC22BCA64B42BD8D5B1DBC0529113C7D6699BB573B06BCB4898A3C422003BCC7A88ABBDCB6AFBC6F6982BC1D1AD8BCEBC42A3C1B3B393C01473B3CA115993B76DE9D3CCD0BA5BC9E6BA2BC275B92BC2A2331BC7B632DBCCCE101BCA1283DBCE4FC8D3CE39010BB39DA053B05526CBCCB0197BB380161B95BBFC2BCED6733BA42F880BCC472E5BCC141753C446E9BBC3D0DC83C7B420F3C56BD16BD2996A2BCF28F633C690F2F3C84211CBDE3FE69BC75FC3ABC1EC4D2BB2C620C3D164E213DD0C5C6B9802C2E3CF91377BCBCE823BC614170BBD70B9BBB0931093C578E9D3BBDC9343C83AD833CB883A63C5E88C43A1C3B293A4624AFBC59E2433C0DC1C6BC61284C3CF4479EBCF0386ABC92E2AC3C2DE3A1B96223F33C037D8B3A0A785D3C0BDAE53BFCEDE93B4D2306BB524D663C272A7DBC0EB6DFBCA5DD1F3CC5F3ED3C8CF4F33BE94AD7BC0E23DC3CCFA9033C8D372EBC28D119BC22D62B3C90F83DBC6FFC233BA50BA9BB8B0B183CA4D705BD813CD3BB72758DBB295405BC4A0D1F3BBA528E3CFFA018BD28348A3CECB69D3C73AA663CA5B42E3C2B00583B604972BC",
      torch_tensor_16_16_torch.float32_1: "0x04000000054A28BDBC1BC4BB00B06F3C47199F3BC06991BC20945BBC5D5734BD0A4FA6BC26BB6A3CC0138A3C8081083D5304A7BC8CED5D3CF21AC33C496D12BDE4B545BC2897A33C4B0527BDBC9EE1BC161F97BCDC96633CA4B487BCB7DC31BDBEEB863C5CF2C23B7D56963CC6AAC0BCFD5DABBC47C1EABBEA8ADBBA9F808D3C9C44B1BC5D7074BB058D843CB0AA26BC99F9D0BA24BC4C3BC0F8893CFC6AA6BBD71613BDA4F3A93C994CC93C7C20FFBA473F903CDAC91F3CB2459ABC34BD04BC1966A6BCFD42E63C2B0248BCA019A8BC322D22BD9EB76CBCA1DFACBCFECF16BD1D108BBC43448FBC64A6583C3EB1733C934527BD42EFF93BF21FBB3C84ECD33C595750BCA4A2343CEF501EBC9DA4133CB87B253D3E4326BC2B548E3B65C2633B7069EEB9A995133C0725303B8AED52BBCFD640BD2638B23CAF34023D0550123B4DD2AC3CA43A903CD4210E3C0F57B73CF6E58D3C5873073C50D9B83A34364E3C188ADF3C3D2FC5BC33A229BC7779D7BC9833443B02D24FBDA7859F3CE95F85BC8D38BBBC169CA9BC3038D13CCE2C65BC3C8E6F3CB7AB7E3C9E44DF3C450D86BC260FAD3C94C600BCC7177E3C0DF3BFBC3C3DE83C62FA0DBD421D17BC3B58F4BB421742BC887B9DBC0046423CF019013D8A4B02BB9C9AB2BBAEE1043ACA08E7BC89629F3C6517693C004B0EBD36C92EBC38C104BC2711F0BBB522A0BCB89252BC49D1CD3B8EA7103A176FAB3B29ABACBBA51128BDA44821BCBB08083BE44D97BC758CB13C2F94DE3A5CE53A3A5EAB99BBEC5001BBC174A43CB4083A3C65DEA53CDD8F1ABC6B12003B87C8C4BBC473AF3BA0BA3E3DCACCE7BBF81D623C224C883C7B72A63CE1D612BC47E4813CBF078FBCA44D9EBCA5F3C0BC388A12BD27DD683C732BA5BB6AD14D3C55690EBDD1FE08BCE8981C3C5378E6BC70A3943A6B5850BD99FDB73C5B9F8FBB2F9A2FBBDB5EE53CD283BBBC6AE3DC3A187F243B3699ADBC8276AB39EB0B47BCA5FFB83B15AF3EBCC512673C93876D3CDED299BB09FFEB3BB0DFA83C7E769ABB8536E0BBE7EFAF3C3B8A0EBB4427943CEF9512BC1EF0193B34A8D4BB79DF8B3C3771D0BC0B3969BC2A21DA38CDB99CBC1EEE4DBC6A5E0FBD865E913C61082BBB0519C13CE210A23CC2148A3C37DD883BABA643BC3AAF173C2A02133DE089C2BC7747ABBCC60A16BC130759BCF355C4BAD9AD55BB34A0C43B9F238DBC9704EC3BC0CD1E3CBC1835BAF9CC5FBC12D7BA3C75A4803ABCF7CEBCFDD0B93C0772AC3C18EE203B959F0D3CAA9AAABC38FA6DBC27346F3D41D79C3C4B1E08BC900C2CBC1374A23B3C4BAABB3262E13B85C628BC9E7F693B0BCBBBBBB6FC9939EE34893BF542F0BB00BC173C60BF043B4754253D7E2A18BC2D8E2BBDCB4F44BD82766E3C54F1083C5084CDBC74278DBB106130BB2C12083DC46DA6BC8A25A83B",
      torch_tensor_16_16_torch.float32: "0x040000006C2667BC82F0273C34C3FCBAD4D8F9BB10B76EBD968624BB8974963B78F4893C779D6B3D9302D53B8717F2BBC9D296BC5A469D3B5897F0BBA9B0FDBCF98EB83C02C6B33A032B95BC3075893C5D2D803C65418EBCB718D4BB61C5F83B03FF20BB8B67F13BFBBF233C2AB6523CC7E7E63BC4AFB6BC7770F73B7D0A6D3D7635A4BC4F4F2B3D797BB0BC06F16C3C76C798BC6949EDBBEB735ABBA5072A3C396D3F3C2F9995BBD22C5F3C0458993BE6BFEC3C9A7085BC67537DBC90E88E3C59EB7F3C420594BC22AE65BC6D4A0B3AD700B6BC0D7631BB00BD083DF835C0BC65C687BCC783AC3BC10CA6BC0ED10C3C20E3C03C79CAA5BCD501403CD5CD8A3C6E2150BC0FD7673B0EAC053D477FF43CEC945F3B0C6C913C32780BBC786C913CC1E5C93BF7066DBC665AD1BA82EC6DBCE6C5AA3CCB1385BBA742023D077C8A3C4A39FABB25BB8ABBC00FDF3C9839783D0B35E73BCA6C153C8CBEE8BA57A085BC0F1D853BCA8F2BBCAFFF2E3D82F571BB2F651EBC09EC153DFB39A6BC6AB826BC12FDD3BC422FB2BC69A3E5BC775EA63C4CA5543DE01A5B3B940B523B3E29A2BCA9CA583C9E09023C9615233CBEB7A43C1C40D0BB783CD33CA94932BDBE9E8FBC2C41D7BC79B298BBB77856BC5B9D193B80CB193CDBA1E4BC667B8B3CE70C1EBC871010BDB46E16B8A7A7903C5C8E5CBB852DB5BA498036BCF6A61F3C462016BDEEA5A63CC48D0DBC2B8F2BBCE0EE893CC911C03C0BDC82BD67CE053DBF2C113CFC6AADBA789ECA3BD00CCFBCB07D8B3C5E1986BB9E70D7BCA501F13B0436123D0EC3C1BCEFF5D03C727441BCCC5050BA33D1F33B8E49253C0DEB04BDDCCF433C172A953A5DC12EBCE5CFFDBC8F8D11BBEF4CB6BC1F8D0CBD7003453C2E00AFBC26C5EBBA9662883BB2D7A4BB36C98B3CEF7AFFBBB95533BD329A2C3CD4A5773BC2946D3B0690E23CDD300B3CF03D0FBD3D9658BCC6DD553C4F9FF53B99C4B43C700B89BC83F5793C36848838A0DAEBBBE723CD3BD57C92BB8E362CBC5776733BF9BB8E3CB7CE7E3B308F213CBB964ABC35308ABCE6047E3C758404BD9DCEBC3C7E0E4F3D58AF273C7D549E3B7D9B2FBC137B9C3A8D233FBDC9407FBCE71FA4BC8FA1A2BC69CB063DC033B4BCE9FE11BAEE4BBB3CA1BC0CBCD3A6BABC19B42FBBB4EAAA3B602E23BA14E581398D3895BCF28183BB50A533BB87B1ECBCD41D53BB38DAB4BAE669A03BC4B7BC3C7EDF55BA7E47BC3C77BF513C25BC22BCC6584EBC5B80943CBD4206BC875929BC448508BD782BB73C5848303D5F3793BBD840DE3B0797913A9BA407BD5239DD3CBB07CD3C5B0B3FBC46470FBC69EC933B2E61E53C46A1F7BB9FA3823CFF5C1DBC3A8B15BCA4C5983CFEACC0BC32FEC6BC72E9253C8CA76EBC857B2B3B0B444B3C6ABF9B3B55C585BD2343E83B40D240BCB34D17BC030FEEBC",
      torch_tensor_16_torch.float32: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      torch_tensor_4_torch.float32: "0x040000000000803FCDCCCC3D0AD7233C6F12833A",
      torch_tensor_32_16_torch.float32: "0x0400000013C5073B72F20C3CD55A51BB8A3DF8BC53FC4DBB5830C73C05A0CABC830F913C0709853C49138F3CEFB4ECBC74AA743B06B27B3C79B99FBC2FAF133C4120F93CB08452BC8E8997BB587230BCCB78F2BBFBE909BDDCD52C3D34F3023C5D8013BDEBBB89BC2CB4773CD566683CA1DF8FBB13F4D8BC6081B1BCCF4193BA3253D8BBE65930BDCB12A6BB7C69DEBBDD82003CC676603C2BD4BE3CEB55B2B952873DBB5BD3FD3C62604D3C75F3B93C41A45C3BA02EF43C2FBF61BC1D11593CF9981DBCC6189CBCABA8AD3C45729C3C1CD0DA3CE7D2EBBAA98ECDBC52662E3C33EC443CDDF880BC5784DABA006BB83C79C9FDBC82D5EE3C12D6853B44AB2C3DD851B3BCD8BCE33BDB20833CFD6E9DBC2D2A353C65EDBE3CE4580E3D5BA8DA3B82DD833BA448BF3B281A11BBF45E96BC5281573C2AAF253C497E16BDD362E5BA2757403CA739D3BC44EC87BB2F3C0B3C00DCC5BA9DDC1C3DC25D3B3D5DEC82BB0A32993CEB0C38BCC6699BBC7CFC0D3D4ACA653C8EEF2B3BD86177BDA6B5123D641E11BC2FDD043C50CD03BCEA8904BD8582D2BB3EB5A8BB7EAB66BCD2C6423C0AC8A8BBC443983C2CE67CBC7D890FBC6EA3AB3C18E62EBC133DAD3C60C2293CB6811DBC328D923CDC826B3C750DDABCEAFE24BD220CF8BAB1E409BDDEFA22BDC99D0A3CCF6F3039240B423C9C5EF03C13B1BB3BA2C511BBF64500BD5E29E3BC2558E43BC0E2583DE9F3283D2BE1043D4B4AB3BA10595A3CE45135BCDAB2073C1068493D67179F3CE7B1AABC7DA7C5BBE550E03C33A4993B86D8B5BCC912F33B6FC1473C2AA535BC19AD353C50DAB2BB9345A5BB0EE06B3C1BF41D3DAFE9A83C859D873CC19DF13B71FD193D70AD3EBC180984BC6BCD0DBC0B4AFD3B2213BB3C7408FEBC5D23E6BCAC87EEBA2C160F3B124511BD52DE21BAB99A8A3C0FEE75BB02AC013C14B90E3BAD891A3DCB729D3C282B81BD3294FCBCF21227BB41D4753C6533DE3CBE0745BC07FDE3BB3B0668BD4110573B9DAC523C53F7D23CEF1EAFBCCDA226BA26318E3B71691DBC82DAF1BC22E4753C2C39133CBE72FC3C726517BDA4CBBF3B9464373BB3757A3DDCBCBD3C6029843C571A2B3C8B9F0EBCB34448BCF461B63B6265B1BBA2A5753CEEB5B83CF66117BCF40EC63CF36A7B3C42F739B982F464392EA9EDB98A569D3BC19E1FBC4689033CC96EEA3CC437A43A9B446D3D5525C53BDD9FC83BD3D9F5BB12A998BC01607F3C58CCEABC7B06183D81BB17BCD402913B29CFBFBCF5776CBBBEA4ECBB2868963CE6ECA9BB024DC3BC5971B9BB3DB61FBC5319C73C4BADB6BCC678F53A29C0E7BCA47888BC3E01E8391E1590BC37708D3C35936D3B8F75323CE4523EBCC7A20FBC450FEC3B052AA53CA0D0CEBB85EF803C767316BC6A98B6BB5D3DC5BA5687063B6B95CFBC4A64123C9EB5A2BA86AEF4BCF68B063CF55BC73C509577BCAD9AC0BC94A1D23C7BC701BB3B5B91BB81692ABD3CDB1A3D5E9D01BC49B5843CC7719ABC1FB616BC1E8EBB3C665C2DBD1EA09B3C678B623CC21F61BC7039173D5D61FEBC2C4056BC413C49BD931BDEBCB0C635BDD21B0CBB4C2F923CB821DEBC00AC7F3CD0D3E7BB651BA5BB94C499BA1ED7343C1E08B93B3888B1BC0D32013D8933DABCB790E53A453C813C653E94BC0726DE3C051DC23AF4BD4DBC0899213DAC3351BC6629ADBB18C7B1BC336F293CB7A222BCAB23A2BC40FC453CC0F9EF3C68AD223B02BC09BC997C103DFD90A63C4021E4BC0143313C645BDB3BBDEC67BC52EEC53C580B8DBB7C29323CFB8458BDB995A6BC760218BD42EFFFBC9A4C88BBEE0CBC3B7BE8AC3B145365BCC23F59BCAB115CBC772724BDBBA82BBC7EC176BA7C5E2C3D0E37EEBB3073DEBBCCC9FDBC0A97A8BB0F1E3CBC39C90DBC3336E33CF2F7BABB330C903CB8B0C0BB49395A3CCE61B9BC9290233C226975BCA5BAD2BC6C5891BBB58137BB65B64C38AB24C2BA0ADC4DBC515185BC1D5645BC6CD35AB8307A06BD46ED2ABD9C41E03B52B9923BCD471DBD267586BCAC4FD43C06F01A3CF5CDEB3C4F89E53C4EDBDEBA6CD14F3C3BCA94BC53A3D83B9DE266BB0A90A83C06F98B3C803D09BD96131E3D343848BC895F4CBC536AE43C30EF723CA20715BC90893ABC9BE6C5BCE9BD093C330A9DBC2709073C30264EBBEEEADFBC501BE1BC66CAC53CB4F1B03A4749A6BC6251AEBC156C163B99E00DBD04A4A23CDE66113D7883B9BB5862CB3C1B8647BC432604BDC69F27BD7BBCF7BBFB66823C645CA1BCEF23723B84F0A9BAB0E101BDC7BFBF3A6E3A62BC290D32BCA62F4FBCCA43443C25CBB13CBDABF73B624C703ADD39223CC7145EBCCF6E013D30E35ABDFAFB953CD92D633CCB80CBBC390D9D3CE90EB8BCABCB04B9942BC8BB495992BA6F6428BDC6636FBC79BA9F3CD4C48DBC0A85C23C02C082BC20673B3AF6F617BC0F01383CA6C9F5BCA55E0EBBD0EBDBBB98A192BB6442E4BC878FAB3CEAD1C8BA0DAD803C2DB8C5BB0D582F3D7ED8B9BBB29D54BC79FF9CBC1BD716BC1DBBDBBA3EEA103D908FBABB574E2FBDE962F6BB6F4BAD3C9BACB83C44C21A3B27E2263D956FE4BC17984FBB1EAA1B3C49F05B3A3928CBBC122529BA1F820EBCD25B413B9955BB3B4B73143CCCDAE6BAB9D5423CB1318ABC0B358B3C891932BCF392C9BBA9A02A3CA484373C90A10C3C4B78533C47E13CBB151B843CBEF64FBCE9CFA1BC2CEE023CEE34DAB8A0FCD63CD2A78F3C4FFD91BB3D4FF8BC17DB9A3C82BF00BCB90EB9BB622F83BCE7CD933C06ABDCBB0512AF3BBE3000BD49DBEE3CC44AA93C9A53163D9584BD3BAC7D94BCC24C0EBD64C2BB3BB06E8CBC9B2759BC24C5B13C0B4F393CC2B974BCF67114BDA4334CBCA3C08ABBCD302FBB"
    }
  }
#-}
