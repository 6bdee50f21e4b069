//===- GemmPlan.h - C[b] += A[b] x B[b] on strided memrefs, for a BLAS ---===//
//
// Shared by the cuBLAS (CudaRuntime.cpp) and CPU BLAS (CpuBlas.cpp) entry
// points that mod-matmul-to-library calls: validates the three rank-3 strided
// descriptors and maps the row-major product onto a column-major GEMM.
// Row-major C = A B is column-major C^T = B^T A^T, so the BLAS's first
// operand is B^T (N x K), its second A^T (K x M), its result C^T (N x M).
//
//===----------------------------------------------------------------------===//
#ifndef MOD_RUNTIME_GEMMPLAN_H
#define MOD_RUNTIME_GEMMPLAN_H

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <algorithm>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <string>

namespace mod_runtime {

using Memref3 = StridedMemRefType<float, 3>;

/// How a row-major-indexed matrix X (element (i, j) at i*rowStride +
/// j*colStride, rows x cols) is handed to a column-major BLAS as X^T:
/// directly (not transposed; X^T is a cols x rows column-major matrix with
/// leading dimension rowStride) when the columns are contiguous, or as the
/// transpose of X seen column-major (leading dimension colStride) when the
/// rows are.
struct OperandLayout {
  bool transposed = false;
  int64_t ld = 1;
};

inline bool operandLayout(int64_t rows, int64_t cols, int64_t rowStride,
                          int64_t colStride, OperandLayout &layout) {
  // A dimension of size 1 never multiplies its stride: any value is fine.
  if (cols <= 1 || colStride == 1) {
    int64_t ld = rows <= 1 ? std::max<int64_t>(1, cols) : rowStride;
    if (ld >= std::max<int64_t>(1, cols)) {
      layout = {false, ld};
      return true;
    }
  }
  if (rows <= 1 || rowStride == 1) {
    int64_t ld = cols <= 1 ? std::max<int64_t>(1, rows) : colStride;
    if (ld >= std::max<int64_t>(1, rows)) {
      layout = {true, ld};
      return true;
    }
  }
  return false;
}

inline std::string describe(const char *name, const Memref3 *m) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer),
                "%s (sizes [%" PRId64 ", %" PRId64 ", %" PRId64
                "], strides [%" PRId64 ", %" PRId64 ", %" PRId64 "])",
                name, m->sizes[0], m->sizes[1], m->sizes[2], m->strides[0],
                m->strides[1], m->strides[2]);
  return buffer;
}

/// The column-major GEMM(s) computing C[b] += A[b] x B[b]: per batch,
/// gemm(opB, opA, N, M, K, 1, b, ldb, a, lda, 1, c, ldc).
struct GemmPlan {
  int64_t batch = 0, M = 0, N = 0, K = 0;
  OperandLayout a, b; // B^T is the first BLAS operand, A^T the second
  int64_t ldc = 0;
  int64_t strideA = 0, strideB = 0, strideC = 0; // batch strides
  const float *aData = nullptr, *bData = nullptr;
  float *cData = nullptr;
  bool empty() const { return batch == 0 || M == 0 || N == 0 || K == 0; }
};

/// Checks that A, B, C are the operands of C[b] += A[b] x B[b] and that C
/// can be written (unit column stride, rows and batches that do not
/// overlap); returns a message naming the bad operand, or "". Fills the
/// sizes of `plan`. Any layout of A and B is fine here.
inline std::string checkGemmOperands(const char *who, const Memref3 *A,
                                     const Memref3 *B, const Memref3 *C,
                                     GemmPlan &plan) {
  auto fail = [&](const std::string &what) {
    return std::string(who) + ": " + what;
  };
  if (!A || !B || !C)
    return fail("null memref descriptor");
  plan.batch = C->sizes[0];
  plan.M = C->sizes[1];
  plan.N = C->sizes[2];
  plan.K = A->sizes[2];
  bool batchOk = (A->sizes[0] == plan.batch || A->sizes[0] == 1) &&
                 (B->sizes[0] == plan.batch || B->sizes[0] == 1);
  if (!batchOk || A->sizes[1] != plan.M || B->sizes[1] != plan.K ||
      B->sizes[2] != plan.N)
    return fail("shapes do not match C[b] += A[b] x B[b]: " +
                describe("A", A) + ", " + describe("B", B) + ", " +
                describe("C", C));
  if (plan.empty())
    return "";
  if (!(plan.N == 1 || C->strides[2] == 1))
    return fail("the result " + describe("C", C) +
                " must have stride 1 in its last dimension");
  plan.ldc = plan.M <= 1 ? plan.N : C->strides[1];
  if (plan.ldc < plan.N)
    return fail("the result " + describe("C", C) +
                " has rows that overlap (row stride < columns)");
  plan.strideA = A->sizes[0] == 1 ? 0 : A->strides[0];
  plan.strideB = B->sizes[0] == 1 ? 0 : B->strides[0];
  plan.strideC = C->strides[0];
  if (plan.batch > 1 && plan.strideC == 0)
    return fail("the result " + describe("C", C) +
                " has batch stride 0: every batch would add into the same "
                "matrix");
  plan.aData = A->data + A->offset;
  plan.bData = B->data + B->offset;
  plan.cData = C->data + C->offset;
  return "";
}

/// Fills `plan` for a BLAS; on failure returns a message naming the bad
/// operand. `who` prefixes messages (the entry point's name); dimensions
/// must fit the BLAS's int.
inline std::string planGemm(const char *who, const Memref3 *A, const Memref3 *B,
                            const Memref3 *C, GemmPlan &plan) {
  auto fail = [&](const std::string &what) {
    return std::string(who) + ": " + what;
  };
  std::string error = checkGemmOperands(who, A, B, C, plan);
  if (!error.empty() || plan.empty())
    return error;
  const char *needs = ": it needs one of the two inner dimensions contiguous "
                      "(stride 1) and the other's stride at least the "
                      "contiguous dimension's size";
  if (!operandLayout(plan.K, plan.N, B->strides[1], B->strides[2], plan.b))
    return fail("the BLAS cannot express operand " + describe("B", B) + needs);
  if (!operandLayout(plan.M, plan.K, A->strides[1], A->strides[2], plan.a))
    return fail("the BLAS cannot express operand " + describe("A", A) + needs);
  for (auto [value, what] :
       {std::pair<int64_t, const char *>{plan.M, "M"},
        {plan.N, "N"},
        {plan.K, "K"},
        {plan.batch, "batch"},
        {plan.a.ld, "A's leading dimension"},
        {plan.b.ld, "B's leading dimension"},
        {plan.ldc, "C's leading dimension"}})
    if (value < 0 || value > INT_MAX)
      return fail(std::string(what) + " = " + std::to_string(value) +
                  " does not fit the BLAS's int");
  return "";
}

} // namespace mod_runtime

#endif // MOD_RUNTIME_GEMMPLAN_H
