//===- RunnerUtils.cpp - CPU helpers called by generated programs ---------===//
//
// The few host functions that programs lowered by MLIR call for printing,
// timing and strided copies, so an ahead-of-time compiled executable needs
// neither libmlir_runner_utils.so nor libmlir_c_runner_utils.so (both of
// which pull in libMLIR.so / libLLVM.so).
//
// printMemref* output is byte-for-byte that of upstream's runner utils: it
// uses the header-only printing templates of
// mlir/ExecutionEngine/RunnerUtils.h (test/Runtime/print-format.mlir diffs
// the two). Scalar printing (vector.print) follows the same formats.
//
//===----------------------------------------------------------------------===//

#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/RunnerUtils.h"

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <vector>

#define MOD_EXPORT extern "C" __attribute__((visibility("default")))

//===----------------------------------------------------------------------===//
// printMemref*: ciface (UnrankedMemRefType *) and plain (rank, descriptor)
// forms.
//===----------------------------------------------------------------------===//

#define MOD_PRINT_MEMREF(suffix, type)                                         \
  MOD_EXPORT void _mlir_ciface_printMemref##suffix(                            \
      UnrankedMemRefType<type> *m) {                                           \
    impl::printMemRef(*m);                                                     \
  }                                                                            \
  MOD_EXPORT void printMemref##suffix(int64_t rank, void *ptr) {               \
    UnrankedMemRefType<type> m = {rank, ptr};                                  \
    _mlir_ciface_printMemref##suffix(&m);                                      \
  }                                                                            \
  MOD_EXPORT void _mlir_ciface_printMemrefShape##suffix(                       \
      UnrankedMemRefType<type> *m) {                                           \
    impl::printMemRefShape(*m);                                                \
    std::cout << '\n';                                                         \
  }

MOD_PRINT_MEMREF(F32, float)
MOD_PRINT_MEMREF(F64, double)
MOD_PRINT_MEMREF(I8, int8_t)
MOD_PRINT_MEMREF(I16, int16_t)
MOD_PRINT_MEMREF(I32, int32_t)
MOD_PRINT_MEMREF(I64, int64_t)
MOD_PRINT_MEMREF(Ind, impl::index_type)
#undef MOD_PRINT_MEMREF

//===----------------------------------------------------------------------===//
// vector.print.
//===----------------------------------------------------------------------===//

MOD_EXPORT void printI64(int64_t i) { std::printf("%" PRId64, i); }
MOD_EXPORT void printU64(uint64_t u) { std::printf("%" PRIu64, u); }
MOD_EXPORT void printF32(float f) { std::printf("%g", static_cast<double>(f)); }
MOD_EXPORT void printF64(double d) { std::printf("%g", d); }
MOD_EXPORT void printString(const char *s) { std::fputs(s, stdout); }
MOD_EXPORT void printOpen() { std::fputs("( ", stdout); }
MOD_EXPORT void printClose() { std::fputs(" )", stdout); }
MOD_EXPORT void printComma() { std::fputs(", ", stdout); }
MOD_EXPORT void printNewline() { std::fputc('\n', stdout); }

namespace {

float halfToFloat(uint16_t bits) {
  uint32_t sign = (bits >> 15) & 1, exponent = (bits >> 10) & 0x1f,
           mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0x1f)
    magnitude = mantissa ? NAN : INFINITY;
  else if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24); // subnormal
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

float bfloatToFloat(uint16_t bits) {
  uint32_t word = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &word, sizeof(f));
  return f;
}

} // namespace

// f16/bf16 arrive as their bit patterns (i16); printed like upstream's
// float16 utils print them (through std::ostream as a float).
MOD_EXPORT void printF16(uint16_t bits) { std::cout << halfToFloat(bits); }
MOD_EXPORT void printBF16(uint16_t bits) { std::cout << bfloatToFloat(bits); }

//===----------------------------------------------------------------------===//
// Timing.
//===----------------------------------------------------------------------===//

/// Seconds on a monotonic clock (only differences are meaningful).
MOD_EXPORT double rtclock() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

MOD_EXPORT int64_t _mlir_ciface_nanoTime() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

MOD_EXPORT void printFlops(double flops) {
  std::fprintf(stderr, "%lf GFLOPS\n", flops / 1.0e9);
}

//===----------------------------------------------------------------------===//
// memref.copy between layouts the lowering cannot copy inline.
//===----------------------------------------------------------------------===//

MOD_EXPORT void memrefCopy(int64_t elemSize, UnrankedMemRefType<char> *src,
                           UnrankedMemRefType<char> *dst) {
  DynamicMemRefType<char> from(*src), to(*dst);
  const int64_t rank = from.rank;
  char *fromBase = from.data + from.offset * elemSize;
  char *toBase = to.data + to.offset * elemSize;
  if (rank == 0) {
    std::memcpy(toBase, fromBase, elemSize);
    return;
  }
  for (int64_t d = 0; d < rank; ++d)
    if (from.sizes[d] == 0)
      return;

  // Innermost run copied with one memcpy when both sides are contiguous
  // there, element by element otherwise.
  const int64_t innerSize = from.sizes[rank - 1];
  const bool innerContiguous =
      from.strides[rank - 1] == 1 && to.strides[rank - 1] == 1;
  std::vector<int64_t> index(rank, 0);
  while (true) {
    int64_t fromOffset = 0, toOffset = 0;
    for (int64_t d = 0; d + 1 < rank; ++d) {
      fromOffset += index[d] * from.strides[d];
      toOffset += index[d] * to.strides[d];
    }
    char *fromRow = fromBase + fromOffset * elemSize;
    char *toRow = toBase + toOffset * elemSize;
    if (innerContiguous) {
      std::memmove(toRow, fromRow, innerSize * elemSize);
    } else {
      for (int64_t i = 0; i < innerSize; ++i)
        std::memcpy(toRow + i * to.strides[rank - 1] * elemSize,
                    fromRow + i * from.strides[rank - 1] * elemSize, elemSize);
    }
    // Advance the outer index (odometer order, last outer dim fastest).
    int64_t d = rank - 2;
    for (; d >= 0; --d) {
      if (++index[d] < from.sizes[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}
