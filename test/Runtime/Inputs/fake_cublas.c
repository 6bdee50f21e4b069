/* A fake cuBLAS (libcublas.so.13 stand-in) for testing the runtime's
 * mod_gpu_matmul without a GPU: column-major SGEMM on host memory with the
 * argument checks of the real library (leading dimensions at least the
 * stored matrix's row count, CUBLAS_STATUS_INVALID_VALUE otherwise).
 * Compiled against cublas_v2.h, so it exports the versioned names
 * (cublasSgemm_v2, ...). Calls are traced to stderr as "fake-cublas: ...".
 */
#include <cublas_v2.h>

#include <stdio.h>
#include <stdlib.h>

#define TRACE(...)                                                             \
  do {                                                                         \
    fprintf(stderr, "fake-cublas: " __VA_ARGS__);                              \
    fputc('\n', stderr);                                                       \
  } while (0)

static int fakeHandle;

cublasStatus_t cublasCreate(cublasHandle_t *handle) {
  TRACE("cublasCreate()");
  *handle = (cublasHandle_t)&fakeHandle;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) {
  (void)handle;
  TRACE("cublasSetMathMode(%s)",
        mode == CUBLAS_DEFAULT_MATH          ? "CUBLAS_DEFAULT_MATH"
        : mode == CUBLAS_TF32_TENSOR_OP_MATH ? "CUBLAS_TF32_TENSOR_OP_MATH"
                                             : "other");
  return CUBLAS_STATUS_SUCCESS;
}

const char *cublasGetStatusName(cublasStatus_t status) {
  switch (status) {
  case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
  case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
  default: return "CUBLAS_STATUS_UNKNOWN";
  }
}

const char *cublasGetStatusString(cublasStatus_t status) {
  switch (status) {
  case CUBLAS_STATUS_SUCCESS: return "success";
  case CUBLAS_STATUS_INVALID_VALUE: return "an invalid value was used as an argument";
  default: return "unknown error";
  }
}

static int maxi(int a, int b) { return a > b ? a : b; }
static char opName(cublasOperation_t op) { return op == CUBLAS_OP_N ? 'N' : 'T'; }

static cublasStatus_t gemm(cublasOperation_t ta, cublasOperation_t tb, int m,
                           int n, int k, float alpha, const float *A, int lda,
                           long long strideA, const float *B, int ldb,
                           long long strideB, float beta, float *C, int ldc,
                           long long strideC, int batch) {
  if (m < 0 || n < 0 || k < 0 || batch < 0 ||
      lda < maxi(1, ta == CUBLAS_OP_N ? m : k) ||
      ldb < maxi(1, tb == CUBLAS_OP_N ? k : n) || ldc < maxi(1, m))
    return CUBLAS_STATUS_INVALID_VALUE;
  if (getenv("FAKE_CUBLAS_FAIL"))
    return CUBLAS_STATUS_INVALID_VALUE;
  for (int b = 0; b < batch; ++b) {
    const float *a = A + b * strideA, *bb = B + b * strideB;
    float *c = C + b * strideC;
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < m; ++i) {
        float sum = 0.0f;
        for (int l = 0; l < k; ++l) {
          float x = ta == CUBLAS_OP_N ? a[i + (long)l * lda] : a[l + (long)i * lda];
          float y = tb == CUBLAS_OP_N ? bb[l + (long)j * ldb] : bb[j + (long)l * ldb];
          sum += x * y;
        }
        c[i + (long)j * ldc] = alpha * sum + beta * c[i + (long)j * ldc];
      }
  }
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSgemm(cublasHandle_t handle, cublasOperation_t transa,
                           cublasOperation_t transb, int m, int n, int k,
                           const float *alpha, const float *A, int lda,
                           const float *B, int ldb, const float *beta, float *C,
                           int ldc) {
  (void)handle;
  TRACE("cublasSgemm(%c, %c, m=%d, n=%d, k=%d, alpha=%g, lda=%d, ldb=%d, "
        "beta=%g, ldc=%d)",
        opName(transa), opName(transb), m, n, k, *alpha, lda, ldb, *beta, ldc);
  return gemm(transa, transb, m, n, k, *alpha, A, lda, 0, B, ldb, 0, *beta, C,
              ldc, 0, 1);
}

cublasStatus_t cublasSgemmStridedBatched(
    cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
    int m, int n, int k, const float *alpha, const float *A, int lda,
    long long strideA, const float *B, int ldb, long long strideB,
    const float *beta, float *C, int ldc, long long strideC, int batchCount) {
  (void)handle;
  TRACE("cublasSgemmStridedBatched(%c, %c, m=%d, n=%d, k=%d, alpha=%g, "
        "lda=%d, strideA=%lld, ldb=%d, strideB=%lld, beta=%g, ldc=%d, "
        "strideC=%lld, batch=%d)",
        opName(transa), opName(transb), m, n, k, *alpha, lda, strideA, ldb,
        strideB, *beta, ldc, strideC, batchCount);
  return gemm(transa, transb, m, n, k, *alpha, A, lda, strideA, B, ldb,
              strideB, *beta, C, ldc, strideC, batchCount);
}
