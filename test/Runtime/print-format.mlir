// libmod_runner_utils prints exactly what upstream's runner utils print:
// the same lowered program runs through mlir-runner with Debian's
// libmlir_runner_utils/libmlir_c_runner_utils and as an ahead-of-time
// compiled executable linked with our library only; the outputs (addresses
// masked) must be identical, stdout and stderr.

// RUN: mlir-opt %s --convert-linalg-to-loops --convert-vector-to-scf --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-vector-to-llvm --convert-to-llvm --reconcile-unrealized-casts -o %t.llvm.mlir
// RUN: mlir-runner -e entry -entry-point-result=void -shared-libs=%mlir_lib_dir/libmlir_runner_utils%shlibext,%mlir_lib_dir/libmlir_c_runner_utils%shlibext %t.llvm.mlir > %t.upstream.out 2> %t.upstream.err
// RUN: mlir-translate --mlir-to-llvmir %t.llvm.mlir -o %t.ll
// RUN: %c_compiler -Wno-override-module %t.ll -o %t.exe -L%mod_libs -lmod_runner_utils -Wl,-rpath,%mod_libs
// RUN: %t.exe > %t.ours.out 2> %t.ours.err
// RUN: %python %S/Inputs/runtime_check.py strip-addr %t.upstream.out %t.upstream.txt
// RUN: %python %S/Inputs/runtime_check.py strip-addr %t.ours.out %t.ours.txt
// RUN: diff %t.upstream.txt %t.ours.txt
// RUN: diff %t.upstream.err %t.ours.err
// RUN: FileCheck %s < %t.ours.txt
// RUN: FileCheck %s --check-prefix=ERR < %t.ours.err

// The executable needs our library, not upstream's (nor libMLIR/libLLVM).
// RUN: llvm-readelf -d %t.exe | FileCheck %s --check-prefix=NEEDED --implicit-check-not=libMLIR --implicit-check-not=libLLVM --implicit-check-not=mlir_runner_utils --implicit-check-not=mlir_c_runner_utils
// NEEDED: Shared library: [libmod_runner_utils.so]

// A few anchors, so that an empty output cannot pass the diff:
// CHECK: Unranked Memref base@ = ADDR rank = 3 offset = 0 sizes = [2, 3, 4] strides = [12, 4, 1] data =
// CHECK-NEXT: {{\[\[\[}}0,    1.5,    -2.25,    3e+10],
// CHECK: Unranked Memref base@ = ADDR rank = 3 offset = 5 sizes = [2, 2, 2] strides = [12, 4, 2] data =
// CHECK: [H,  i,  !,  A]
// CHECK: ( ( 1.5, -2, 3.25 ), ( 0, 0.001, 7 ) )
// ERR: 2.500000 GFLOPS

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
// F64 and I32 through the plain (rank, descriptor) entry points.
func.func private @printMemrefF64(memref<*xf64>)
func.func private @printMemrefI8(memref<*xi8>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI16(memref<*xi16>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI32(memref<*xi32>)
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefInd(memref<*xindex>) attributes {llvm.emit_c_interface}
func.func private @printMemrefShapeF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func private @printMemrefShapeI64(memref<*xi64>) attributes {llvm.emit_c_interface}
func.func private @rtclock() -> f64
func.func private @printFlops(f64)


memref.global "private" constant @f32_3d : memref<2x3x4xf32> = dense<[
  [[0.0, 1.5, -2.25, 3.0e10], [1.0e-7, -0.0, 7.0, 8.5], [0.1, 0.2, 0.3, 123456.789]],
  [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]]>
memref.global "private" constant @i64_2d : memref<2x3xi64> = dense<[[1, -2, 9223372036854775807], [0, -9223372036854775808, 42]]>
memref.global "private" constant @f64_1d : memref<5xf64> = dense<[3.141592653589793, -1.0e300, 2.5e-300, 0.0, 100.0]>
memref.global "private" constant @i8_1d : memref<4xi8> = dense<[72, 105, 33, 65]>
memref.global "private" constant @i16_1d : memref<3xi16> = dense<[-32768, 7, 32767]>
memref.global "private" constant @i32_2d : memref<2x2xi32> = dense<[[-1, 2], [2147483647, -2147483648]]>

func.func @entry() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.get_global @f32_3d : memref<2x3x4xf32>
  %au = memref.cast %a : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%au) : (memref<*xf32>) -> ()
  call @printMemrefShapeF32(%au) : (memref<*xf32>) -> ()

  // 0-d, 1x1 and strided (subview) memrefs. (Not empty ones: upstream's
  // printer reads an element of those.)
  %s0 = memref.alloc() : memref<f32>
  %v = arith.constant 2.5 : f32
  memref.store %v, %s0[] : memref<f32>
  %s0u = memref.cast %s0 : memref<f32> to memref<*xf32>
  call @printMemrefF32(%s0u) : (memref<*xf32>) -> ()
  %one = memref.subview %a[1, 2, 3] [1, 1, 1] [1, 1, 1] : memref<2x3x4xf32> to memref<1x1xf32, strided<[4, 1], offset: 23>>
  %oneu = memref.cast %one : memref<1x1xf32, strided<[4, 1], offset: 23>> to memref<*xf32>
  call @printMemrefF32(%oneu) : (memref<*xf32>) -> ()
  %sub = memref.subview %a[0, 1, 1] [2, 2, 2] [1, 1, 2] : memref<2x3x4xf32> to memref<2x2x2xf32, strided<[12, 4, 2], offset: 5>>
  %subu = memref.cast %sub : memref<2x2x2xf32, strided<[12, 4, 2], offset: 5>> to memref<*xf32>
  call @printMemrefF32(%subu) : (memref<*xf32>) -> ()

  // memref.copy from the strided view into a dense buffer (memrefCopy).
  %dense = memref.alloc() : memref<2x2x2xf32>
  memref.copy %sub, %dense : memref<2x2x2xf32, strided<[12, 4, 2], offset: 5>> to memref<2x2x2xf32>
  %denseu = memref.cast %dense : memref<2x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%denseu) : (memref<*xf32>) -> ()
  // ... and back into a strided destination.
  %dst = memref.alloc() : memref<2x5x3xf32>
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%dst : memref<2x5x3xf32>)
  %dsub = memref.subview %dst[0, 1, 0] [2, 2, 2] [1, 2, 1] : memref<2x5x3xf32> to memref<2x2x2xf32, strided<[15, 6, 1], offset: 3>>
  memref.copy %dense, %dsub : memref<2x2x2xf32> to memref<2x2x2xf32, strided<[15, 6, 1], offset: 3>>
  %dstu = memref.cast %dst : memref<2x5x3xf32> to memref<*xf32>
  call @printMemrefF32(%dstu) : (memref<*xf32>) -> ()

  %b = memref.get_global @i64_2d : memref<2x3xi64>
  %bu = memref.cast %b : memref<2x3xi64> to memref<*xi64>
  call @printMemrefI64(%bu) : (memref<*xi64>) -> ()
  call @printMemrefShapeI64(%bu) : (memref<*xi64>) -> ()
  %c = memref.get_global @f64_1d : memref<5xf64>
  %cu = memref.cast %c : memref<5xf64> to memref<*xf64>
  call @printMemrefF64(%cu) : (memref<*xf64>) -> ()
  %d = memref.get_global @i8_1d : memref<4xi8>
  %du = memref.cast %d : memref<4xi8> to memref<*xi8>
  call @printMemrefI8(%du) : (memref<*xi8>) -> ()
  %e = memref.get_global @i16_1d : memref<3xi16>
  %eu = memref.cast %e : memref<3xi16> to memref<*xi16>
  call @printMemrefI16(%eu) : (memref<*xi16>) -> ()
  %f = memref.get_global @i32_2d : memref<2x2xi32>
  %fu = memref.cast %f : memref<2x2xi32> to memref<*xi32>
  call @printMemrefI32(%fu) : (memref<*xi32>) -> ()
  %g = memref.alloc() : memref<3xindex>
  %c7 = arith.constant 7 : index
  memref.store %c0, %g[%c0] : memref<3xindex>
  memref.store %c7, %g[%c1] : memref<3xindex>
  %c2 = arith.constant 2 : index
  memref.store %c7, %g[%c2] : memref<3xindex>
  %gu = memref.cast %g : memref<3xindex> to memref<*xindex>
  call @printMemrefInd(%gu) : (memref<*xindex>) -> ()

  // vector.print of every scalar kind, vectors, strings and punctuation.
  %nan = arith.constant 0x7FC00000 : f32
  %nnan = arith.constant 0xFFC00000 : f32
  %inf = arith.constant 0x7F800000 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %nz = arith.constant -0.0 : f32
  %big = arith.constant 1.0e20 : f32
  %third = arith.constant 0.333333343 : f32
  vector.print %nan : f32
  vector.print %nnan : f32
  vector.print %inf : f32
  vector.print %ninf : f32
  vector.print %nz : f32
  vector.print %big : f32
  vector.print %third : f32
  %pi = arith.constant 3.141592653589793 : f64
  %tiny = arith.constant 4.9e-324 : f64
  vector.print %pi : f64
  vector.print %tiny : f64
  %i = arith.constant -9223372036854775808 : i64
  %j = arith.constant -7 : i32
  %k = arith.constant 200 : i8
  %t = arith.constant true
  vector.print %i : i64
  vector.print %j : i32
  vector.print %k : i8
  vector.print %t : i1
  vector.print %c7 : index
  %vec = arith.constant dense<[[1.5, -2.0, 3.25], [0.0, 1.0e-3, 7.0]]> : vector<2x3xf32>
  vector.print %vec : vector<2x3xf32>
  %ivec = arith.constant dense<[1, -1, 255]> : vector<3xi64>
  vector.print %ivec : vector<3xi64>
  vector.print str "a string\n"
  vector.print punctuation <open>
  vector.print punctuation <comma>
  vector.print punctuation <close>
  vector.print punctuation <newline>

  // Timing: the clock does not go backwards; printFlops goes to stderr.
  %t0 = call @rtclock() : () -> f64
  %t1 = call @rtclock() : () -> f64
  %dt = arith.subf %t1, %t0 : f64
  %fz = arith.constant 0.0 : f64
  %ok = arith.cmpf oge, %dt, %fz : f64
  vector.print %ok : i1
  %flops = arith.constant 2.5e9 : f64
  call @printFlops(%flops) : (f64) -> ()

  memref.dealloc %s0 : memref<f32>
  memref.dealloc %dense : memref<2x2x2xf32>
  memref.dealloc %dst : memref<2x5x3xf32>
  memref.dealloc %g : memref<3xindex>
  return
}

// The entry point of the AOT executable (mlir-runner calls @entry).
func.func @main() -> i32 {
  call @entry() : () -> ()
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}
