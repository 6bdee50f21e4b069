//===- CpuGemm.h - the runtime's own packed f32 GEMM for CPUs -------------===//
//
// C[b] += A[b] x B[b] for any element strides of A and B (they are packed),
// C with unit column stride. Blocked the BLIS way (K panels of B and M
// blocks of A packed into cache-sized buffers, an MR x NR register tile in
// the micro-kernel). The micro-kernel is chosen at run time from the host:
// AVX-512 (8 x 48 tile: 24 zmm accumulators) where the CPU has it, else a
// portable C++ one. Threads: OpenMP's (the team the generated code's
// parallel loops use), splitting C into column (and row) blocks; the count
// comes from MOD_NUM_THREADS, else OMP_NUM_THREADS, else the CPUs this
// process may run on.
//
//===----------------------------------------------------------------------===//
#ifndef MOD_RUNTIME_CPUGEMM_H
#define MOD_RUNTIME_CPUGEMM_H

#include <cstdint>

namespace mod_runtime {

/// One batched product: element (i, p) of A[b] at a[b*aBatch + i*aRow +
/// p*aCol], (p, j) of B[b] at b[b*bBatch + p*bRow + j*bCol], (i, j) of C[b]
/// at c[b*cBatch + i*cRow + j]. Rows of C must not overlap (cRow >= N when
/// M > 1) and distinct batches must not share C (cBatch != 0 when batch > 1).
struct GemmProblem {
  int64_t batch = 1, M = 0, N = 0, K = 0;
  const float *a = nullptr;
  int64_t aBatch = 0, aRow = 0, aCol = 0;
  const float *b = nullptr;
  int64_t bBatch = 0, bRow = 0, bCol = 0;
  float *c = nullptr;
  int64_t cBatch = 0, cRow = 0;
  /// false: C = A x B (C's prior contents are neither read nor kept).
  bool accumulate = true;
};

/// C += A x B (C = A x B without `accumulate`) as described by `p`, on
/// the runtime's threads.
void gemm(const GemmProblem &p);

/// The number of threads gemm() uses (>= 1).
int gemmThreads();

/// Which micro-kernel gemm() uses on this host ("avx512" or "portable").
const char *gemmKernelName();

} // namespace mod_runtime

#endif // MOD_RUNTIME_CPUGEMM_H
