/* The FMA limit of one core, measured: 16 independent chains of 512-bit
   (or, without AVX-512, 256-bit) fused multiply-adds, enough to hide the FMA
   latency on two pipes. Prints GFLOP/s of one thread. Built and run by
   bench/peers.py (fma_limit_gflops); the benchmark multiplies by its
   thread count. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void) {
#ifdef __AVX512F__
#define VEC __m512
#define FMA _mm512_fmadd_ps
#define SET1 _mm512_set1_ps
#define LANES 16
#else
#define VEC __m256
#define FMA _mm256_fmadd_ps
#define SET1 _mm256_set1_ps
#define LANES 8
#endif
  VEC a = SET1(0.999999f), b = SET1(1e-7f);
  VEC c[16];
  for (int i = 0; i < 16; ++i)
    c[i] = SET1((float)i);
  long iters = 50000000;
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    double t0 = now();
    for (long it = 0; it < iters; ++it)
      for (int i = 0; i < 16; ++i)
        c[i] = FMA(c[i], a, b);
    double t = now() - t0;
    double gflops = 2.0 * LANES * 16 * iters / t / 1e9;
    if (gflops > best)
      best = gflops;
  }
  float sink = 0;
  for (int i = 0; i < 16; ++i) {
    float tmp[LANES];
    __builtin_memcpy(tmp, &c[i], sizeof tmp);
    sink += tmp[0];
  }
  printf("%.1f %d %f\n", best, LANES, sink);
  return 0;
}
