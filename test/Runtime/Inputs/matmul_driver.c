/* Calls _mlir_ciface_mod_gpu_matmul (libmod_cuda_runtime), or with
 * -DMOD_CPU_BLAS _mlir_ciface_mod_cpu_matmul (libmod_cpu_runtime), on memref
 * descriptors of various layouts and checks C[b] += A[b] x B[b] against a
 * plain loop. Run with the fake driver and fake cuBLAS (host memory), which
 * also trace the cuBLAS call the runtime chose.
 *
 * Buffers are managed memory from the runtime's own mgpuMemAlloc (host
 * memory under the fake driver), so the same program runs on a real GPU.
 *
 * Usage: matmul_driver CASE [overwrite]   (prints "CASE: ok" or exits 1)
 * `overwrite` (CPU only): _mlir_ciface_mod_cpu_matmul_overwrite, C = A x B,
 * with C's elements NaN before the call (they must be neither read nor kept).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* StridedMemRefType<float, 3> */
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[3];
  int64_t strides[3];
} Memref3;

#ifdef MOD_CPU_BLAS
/* -DMOD_CPU_BLAS: the CPU entry point (libmod_cpu_runtime: its own GEMM, or
   the BLAS named by MOD_BLAS_LIBRARY). */
void _mlir_ciface_mod_cpu_matmul(Memref3 *A, Memref3 *B, Memref3 *C);
void _mlir_ciface_mod_cpu_matmul_overwrite(Memref3 *A, Memref3 *B, Memref3 *C);
#define MOD_MATMUL _mlir_ciface_mod_cpu_matmul
#define MOD_ALLOC(bytes) malloc(bytes)
#else
void _mlir_ciface_mod_gpu_matmul(Memref3 *A, Memref3 *B, Memref3 *C);
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, _Bool isHostShared);
#define MOD_MATMUL _mlir_ciface_mod_gpu_matmul
#define MOD_ALLOC(bytes) mgpuMemAlloc(bytes, NULL, 1)
#endif

typedef struct {
  int64_t sizes[3];
  int64_t strides[3];
  int64_t offset;
} Layout;

typedef struct {
  const char *name;
  Layout a, b, c;
} Case;

/* Sizes are [batch, rows, cols]: A [Bt|1, M, K], B [Bt|1, K, N], C [Bt, M, N]. */
static const Case cases[] = {
    /* row-major, contiguous, batch 2 */
    {"rowmajor", {{2, 3, 4}, {12, 4, 1}, 0}, {{2, 4, 5}, {20, 5, 1}, 0},
     {{2, 3, 5}, {15, 5, 1}, 0}},
    /* A and B stored transposed; C with padded rows and an offset */
    {"transposed", {{2, 3, 4}, {12, 1, 3}, 0}, {{2, 4, 5}, {20, 1, 4}, 0},
     {{2, 3, 5}, {40, 8, 1}, 3}},
    /* A broadcast by size 1, B by batch stride 0 */
    {"broadcast", {{1, 3, 4}, {999, 4, 1}, 0}, {{3, 4, 5}, {0, 5, 1}, 0},
     {{3, 3, 5}, {15, 5, 1}, 0}},
    /* batch 1 (plain SGEMM), padded leading dimensions, offsets */
    {"single", {{1, 2, 3}, {100, 7, 1}, 5}, {{1, 3, 4}, {0, 1, 3}, 0},
     {{1, 2, 4}, {0, 6, 1}, 1}},
    /* N = 1: strides of size-1 dimensions are arbitrary */
    {"vector", {{2, 3, 4}, {12, 4, 1}, 0}, {{2, 4, 1}, {4, 1, 9}, 0},
     {{2, 3, 1}, {3, 1, 7}, 0}},
    /* M = 1 */
    {"rowvector", {{1, 1, 4}, {4, 0, 1}, 0}, {{1, 4, 5}, {20, 5, 1}, 0},
     {{1, 1, 5}, {5, 0, 1}, 0}},
    /* K = 0: C += 0, or C = 0 */
    {"no-k", {{2, 3, 0}, {0, 1, 1}, 0}, {{2, 0, 5}, {0, 5, 1}, 0},
     {{2, 3, 5}, {15, 5, 1}, 0}},
    /* M = 0: nothing to do */
    {"empty", {{2, 0, 4}, {0, 4, 1}, 0}, {{2, 4, 5}, {20, 5, 1}, 0},
     {{2, 0, 5}, {0, 5, 1}, 0}},
    /* big enough to be split among threads (few rows: B read in place) */
    {"big", {{2, 150, 300}, {45000, 300, 1}, 0}, {{2, 300, 200}, {60000, 200, 1}, 0},
     {{2, 150, 200}, {30000, 200, 1}, 0}},
    /* more rows than B is read in place for (packed B), K over two panels */
    {"big-packed", {{1, 700, 400}, {280000, 400, 1}, 0}, {{1, 400, 130}, {52000, 130, 1}, 0},
     {{1, 700, 130}, {91000, 130, 1}, 0}},
    /* the same, A and B stored transposed, C with padded rows */
    {"big-transposed", {{2, 150, 300}, {45000, 1, 150}, 0}, {{2, 300, 200}, {60000, 1, 300}, 0},
     {{2, 150, 200}, {32000, 210, 1}, 7}},
    /* A with no unit inner stride: the runtime's own GEMM packs any layout,
       a BLAS cannot take it (bad-a below is the small twin) */
    /* K over several panels, N = 64 (the 12 x 32 tile) */
    {"deep", {{1, 70, 802}, {56140, 802, 1}, 0}, {{1, 802, 64}, {51328, 64, 1}, 0},
     {{1, 70, 64}, {4480, 64, 1}, 0}},
    /* more rows than one packed A block */
    {"tall", {{1, 2100, 20}, {42000, 20, 1}, 0}, {{1, 20, 96}, {1920, 96, 1}, 0},
     {{1, 2100, 96}, {201600, 96, 1}, 0}},
    /* more columns than one packed B block, K over two panels */
    {"wide", {{1, 30, 400}, {12000, 400, 1}, 0}, {{1, 400, 1500}, {600000, 1500, 1}, 0},
     {{1, 30, 1500}, {45000, 1500, 1}, 0}},
    /* the same with B column-major and more rows than the dot-product path
       takes: packed from B's contiguous columns, the next block prefetched
       along them */
    {"wide-bt", {{1, 40, 800}, {32000, 800, 1}, 0}, {{1, 800, 700}, {560000, 1, 800}, 0},
     {{1, 40, 700}, {28000, 700, 1}, 0}},
    /* few rows (M <= 8): B read in place, rows in blocks of 4, 2, 1 and 8 */
    {"small7", {{2, 7, 600}, {4200, 600, 1}, 0}, {{2, 600, 200}, {120000, 200, 1}, 0},
     {{2, 7, 200}, {1400, 200, 1}, 0}},
    {"small8t", {{1, 8, 70}, {560, 1, 8}, 0}, {{1, 70, 300}, {21000, 300, 1}, 0},
     {{1, 8, 300}, {2400, 300, 1}, 0}},
    {"small-wide", {{1, 5, 500}, {2500, 500, 1}, 0}, {{1, 500, 1000}, {500000, 1000, 1}, 0},
     {{1, 5, 1000}, {5000, 1000, 1}, 0}},
    /* B column-major (a transposed weight read as stored) with few rows of A:
       the dot-product path; K and N with remainders, 4/2/1-row blocks */
    {"small-bt", {{2, 7, 600}, {4200, 600, 1}, 0}, {{2, 600, 203}, {121800, 1, 600}, 0},
     {{2, 7, 203}, {1421, 203, 1}, 0}},
    {"mid-bt", {{1, 27, 300}, {8100, 300, 1}, 0}, {{1, 300, 133}, {39900, 1, 300}, 0},
     {{1, 27, 133}, {3591, 133, 1}, 0}},
    {"small-bt-at", {{1, 5, 70}, {350, 1, 5}, 0}, {{1, 70, 130}, {9100, 1, 70}, 0},
     {{1, 5, 130}, {650, 130, 1}, 0}},
    {"strided", {{1, 37, 50}, {1000, 20, 2}, 0}, {{1, 50, 70}, {3500, 70, 1}, 0},
     {{1, 37, 70}, {2590, 70, 1}, 0}},
    /* errors */
    {"bad-a", {{1, 3, 4}, {24, 8, 2}, 0}, {{1, 4, 5}, {20, 5, 1}, 0},
     {{1, 3, 5}, {15, 5, 1}, 0}},
    {"overlap-b", {{1, 3, 4}, {12, 4, 1}, 0}, {{1, 4, 5}, {20, 0, 1}, 0},
     {{1, 3, 5}, {15, 5, 1}, 0}},
    {"bad-c", {{1, 3, 4}, {12, 4, 1}, 0}, {{1, 4, 5}, {20, 5, 1}, 0},
     {{1, 3, 5}, {30, 10, 2}, 0}},
    {"broadcast-c", {{2, 3, 4}, {12, 4, 1}, 0}, {{2, 4, 5}, {20, 5, 1}, 0},
     {{2, 3, 5}, {0, 5, 1}, 0}},
    {"shape", {{2, 3, 4}, {12, 4, 1}, 0}, {{2, 3, 5}, {15, 5, 1}, 0},
     {{2, 3, 5}, {15, 5, 1}, 0}},
};

static int64_t extent(const Layout *l) {
  int64_t last = l->offset;
  for (int d = 0; d < 3; ++d) {
    if (l->sizes[d] == 0)
      return l->offset + 1;
    last += (l->sizes[d] - 1) * l->strides[d];
  }
  return last + 1;
}

static Memref3 make(const Layout *l, int seed) {
  Memref3 m;
  int64_t n = extent(l);
  m.allocated = m.aligned = MOD_ALLOC(sizeof(float) * (uint64_t)n);
  for (int64_t i = 0; i < n; ++i)
    m.aligned[i] = (float)((i * 7 + seed) % 9 - 4); /* small integers: exact */
  m.offset = l->offset;
  memcpy(m.sizes, l->sizes, sizeof(m.sizes));
  memcpy(m.strides, l->strides, sizeof(m.strides));
  return m;
}

static float *at(Memref3 *m, int64_t b, int64_t i, int64_t j) {
  if (m->sizes[0] == 1)
    b = 0;
  return m->aligned + m->offset + b * m->strides[0] + i * m->strides[1] +
         j * m->strides[2];
}

int main(int argc, char **argv) {
  int overwrite = argc == 3 && strcmp(argv[2], "overwrite") == 0;
  if (argc != 2 && !overwrite) {
    fprintf(stderr, "usage: %s CASE [overwrite]\n", argv[0]);
    return 2;
  }
#ifndef MOD_CPU_BLAS
  if (overwrite) {
    fprintf(stderr, "overwrite: CPU entry point only\n");
    return 2;
  }
#endif
  const Case *c = NULL;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i)
    if (strcmp(cases[i].name, argv[1]) == 0)
      c = &cases[i];
  if (!c) {
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
  }
  Memref3 A = make(&c->a, 1), B = make(&c->b, 2), C = make(&c->c, 3);
  int64_t bt = C.sizes[0], M = C.sizes[1], N = C.sizes[2], K = A.sizes[2];
  if (overwrite)
    for (int64_t b = 0; b < bt; ++b)
      for (int64_t i = 0; i < M; ++i)
        for (int64_t j = 0; j < N; ++j)
          *at(&C, b, i, j) = NAN;

  /* expected = C + A x B, computed before the call */
  float *expected = malloc(sizeof(float) * (size_t)(bt * M * N + 1));
  for (int64_t b = 0; b < bt; ++b)
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        float sum = overwrite ? 0.0f : *at(&C, b, i, j);
        for (int64_t l = 0; l < K; ++l)
          sum += *at(&A, b, i, l) * *at(&B, b, l, j);
        expected[(b * M + i) * N + j] = sum;
      }

#ifdef MOD_CPU_BLAS
  if (overwrite)
    _mlir_ciface_mod_cpu_matmul_overwrite(&A, &B, &C);
  else
#endif
    MOD_MATMUL(&A, &B, &C);

  for (int64_t b = 0; b < bt; ++b)
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j)
        if (*at(&C, b, i, j) != expected[(b * M + i) * N + j]) {
          printf("%s: MISMATCH at [%lld, %lld, %lld]: got %g, expected %g\n",
                 c->name, (long long)b, (long long)i, (long long)j,
                 *at(&C, b, i, j), expected[(b * M + i) * N + j]);
          return 1;
        }
  printf("%s: ok\n", c->name);
  return 0;
}
