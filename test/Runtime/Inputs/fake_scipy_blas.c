/* A stand-in for PyPI's scipy-openblas32: it exports its CBLAS GEMM only as
   `scipy_cblas_sgemm` (the wheel's symbol prefix), implemented by plain
   loops. matmul-cpu-blas.test loads it through MOD_BLAS_LIBRARY. */
enum { RowMajor = 101, ColMajor = 102, NoTrans = 111 };

void scipy_cblas_sgemm(int order, int ta, int tb, int m, int n, int k,
                       float alpha, const float *a, int lda, const float *b,
                       int ldb, float beta, float *c, int ldc) {
  /* Column-major only (what mod_cpu_matmul calls). */
  if (order != ColMajor)
    return;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      float acc = 0;
      for (int p = 0; p < k; ++p) {
        float x = ta == NoTrans ? a[i + p * lda] : a[p + i * lda];
        float y = tb == NoTrans ? b[p + j * ldb] : b[j + p * ldb];
        acc += x * y;
      }
      /* BLAS: with beta = 0, C is not read (it may hold NaNs). */
      c[i + j * ldc] =
          beta == 0 ? alpha * acc : alpha * acc + beta * c[i + j * ldc];
    }
}
