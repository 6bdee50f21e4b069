//===- CpuGemm.cpp - the runtime's own packed f32 GEMM for CPUs -----------===//
//
// See CpuGemm.h. Loop nest per task (one batch, a block of C's columns and
// rows):
//
//   for pc in K by KC:            K panels
//     for ic in rows by MC:       pack A[ic.., pc..] into MR-tall micro-panels
//       for jc in cols by NC:     pack B[pc.., jc..] into NR-wide micro-panels
//                                 (the packed B block stays in L2; the
//                                 micro-kernels prefetch the next one)
//         for ir in MC by MR:     (the A micro-panel stays in L1)
//           for jr in NC by NR:   micro-kernel: C[ir.., jr..] += Ap x Bp
//
// A is packed once per K panel (not once per column block), and a K panel
// is deep (KC = 384) so that C is read and written K / 384 times. With a B
// of unit column stride, B is read where it is for few rows: at most 8
// (decode steps), neither operand packed (directTask); up to ~170 (routed
// layers; the bound scales with the L2), A packed and the loops above
// reordered so that each B micro-panel stays in L1 for every row tile
// (runTaskDirectB, K panels of DirectKB = 256). With at most 32 rows and a B
// with unit row stride (a transposed weight, read as stored), dot products
// over contiguous K (dotTask). C = A x B stores the first K panel's tiles
// instead of adding them.
//
// Edges are zero-padded in the packed buffers; the micro-kernel stores only
// the valid rows and (masked) columns. Every element of C is the sum over p
// in ascending order within a K panel, panels added in order, independent
// of the thread count and of the task split (dotTask sums 16 lanes of p
// each and then the lanes, equally independent of threads).
//
//===----------------------------------------------------------------------===//

#include "CpuGemm.h"

#include <omp.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mod_runtime {
namespace {

/// n rounded up to a multiple of m.
int64_t roundUp(int64_t n, int64_t m) { return (n + m - 1) / m * m; }

// Two register tiles (MR x NR), both 24 zmm accumulators with AVX-512:
// 8 x 48 loads 3 B vectors and broadcasts 8 A elements per 24 FMAs (12 x 32:
// 2 and 12), so it is the default; 12 x 32 is taken where it wastes fewer
// padded columns (N = 64, 1024, ...). Measured on a Xeon (AVX-512, 48 KiB
// L1, 2 MiB L2): 8 x 48 in cache ~86 % of one core's FMA peak, 12 x 32
// ~81 %.
constexpr int64_t KC = 384;  // A micro-panel MR x KC <= 18 KiB: L1
constexpr int64_t MC = 2048; // A block MC x KC = 3 MiB: L3
/// K panel depth where B is read in place (directTask, runTaskDirectB): a
/// micro-panel of 48 columns x DirectKB rows is 48 KiB (L1).
constexpr int64_t DirectKB = 256;
// NC (columns of the packed B block, KC x NC) is sized to a quarter of the
// L2: the next block, prefetched while this one is used, takes as much.

/// The cache lines of the next block of B (kc x nc, element (k, j) at
/// x[k * kStride + j * jStride], with one contiguous direction), handed out
/// one at a time: the micro-kernels prefetch one every few k steps while they
/// compute on the block before it, so that the weights of a layer, usually
/// in no cache, stream in from memory while the FMAs run instead of when the
/// block is packed.
struct PrefetchStream {
  const char *base = nullptr;
  int64_t rows = 0, rowBytes = 0, stride = 0; // bytes
  int64_t row = 0, offset = 0;

  void start(const float *x, int64_t kStride, int64_t jStride, int64_t kc,
             int64_t nc) {
    base = reinterpret_cast<const char *>(x);
    row = offset = rows = 0;
    const int64_t f = sizeof(float);
    if (jStride == 1)
      rows = kc, rowBytes = nc * f, stride = kStride * f;
    else if (kStride == 1)
      rows = nc, rowBytes = kc * f, stride = jStride * f;
  }
  /// Cache lines left (an upper bound).
  int64_t lines() const { return (rows - row) * (rowBytes / 64 + 2); }
  /// The next line to prefetch, or null when the block is done: offsets 0,
  /// 64, ... of each row and last the row's last byte.
  const char *next() {
    if (row >= rows)
      return nullptr;
    const char *line = base + row * stride + std::min(offset, rowBytes - 1);
    offset += 64;
    if (offset >= rowBytes + 63) {
      offset = 0;
      ++row;
    }
    return line;
  }
};

/// C tile (mr x nr valid of MR x NR) += Ap x Bp, or = Ap x Bp with
/// `store` (the first K panel of C = A x B: C is not read, so it need not
/// be cleared first; the sum starts at +0.0 either way, so the stored value
/// is the one 0 + sum would give, bit for bit). Bp is a packed micro-panel
/// (row p at bp + p * NR, zero-padded), or for the kernels that read B where
/// it is, B itself (row p at bp + p * bRow, columns past nr not read).
using Kernel = void (*)(int64_t kc, const float *ap, const float *bp,
                        int64_t bRow, float *c, int64_t cRow, int64_t mr,
                        int64_t nr, bool store, PrefetchStream &pf,
                        int64_t pfLines);

// Portable micro-kernel: the same tile in plain C++ (the compiler vectorizes
// the j loops for whatever the baseline ISA is).
template <int64_t MR, int64_t NR>
void kernelPortable(int64_t kc, const float *ap, const float *bp, int64_t,
                    float *c, int64_t cRow, int64_t mr, int64_t nr, bool store,
                    PrefetchStream &, int64_t) {
  float acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p)
    for (int64_t i = 0; i < MR; ++i) {
      float a = ap[p * MR + i];
      for (int64_t j = 0; j < NR; ++j)
        acc[i][j] += a * bp[p * NR + j];
    }
  for (int64_t i = 0; i < mr; ++i)
    for (int64_t j = 0; j < nr; ++j)
      c[i * cRow + j] = store ? acc[i][j] : c[i * cRow + j] + acc[i][j];
}

#if defined(__x86_64__)
/// The lanes of a 16-float vector that hold one of `left` remaining columns.
__mmask16 tailMask(int64_t left) {
  return left >= 16  ? 0xFFFF
         : left <= 0 ? 0
                     : static_cast<__mmask16>((1u << left) - 1);
}

/// Where a micro-kernel reads B: packed micro-panels, or B itself (row
/// stride bRow), all NR columns or (the last columns) those before nr.
enum class BRead { Packed, InPlace, InPlaceMasked };

/// acc += (column p of the A micro-panel) x (row p of B as `R` says; with
/// InPlaceMasked the lanes of `mask` only).
template <int64_t MR, int64_t V, BRead R>
__attribute__((target("avx512f"), always_inline)) inline void
stepAvx512(__m512 (&acc)[MR][V], const float *ap, const float *bp,
           int64_t bRow, const __mmask16 (&mask)[V], int64_t p) {
  __m512 b[V];
  for (int64_t v = 0; v < V; ++v)
    b[v] = R == BRead::Packed ? _mm512_load_ps(bp + p * V * 16 + 16 * v)
           : R == BRead::InPlace
               ? _mm512_loadu_ps(bp + p * bRow + 16 * v)
               : _mm512_maskz_loadu_ps(mask[v], bp + p * bRow + 16 * v);
  for (int64_t i = 0; i < MR; ++i) {
    __m512 a = _mm512_set1_ps(ap[p * MR + i]);
    for (int64_t v = 0; v < V; ++v)
      acc[i][v] = _mm512_fmadd_ps(a, b[v], acc[i][v]);
  }
}

// AVX-512: MR rows x NR/16 zmm of accumulators, NR/16 B loads and MR
// broadcasts per k step, two k steps per iteration; columns past nr are
// masked off (with InPlaceMasked, not loaded either; InPlace needs nr = NR).
template <int64_t MR, int64_t NR, BRead R>
__attribute__((target("avx512f"))) void
kernelAvx512(int64_t kc, const float *ap, const float *bp, int64_t bRow,
             float *c, int64_t cRow, int64_t mr, int64_t nr, bool store,
             PrefetchStream &pf, int64_t pfLines) {
  constexpr int64_t V = NR / 16;
  __mmask16 mask[V];
  for (int64_t v = 0; v < V; ++v)
    mask[v] = tailMask(nr - 16 * v);
  // The C tile is read once, at the end (unless stored over): fetch it
  // while the k loop runs (C is usually larger than the L2; a miss per line
  // would stall).
  for (int64_t i = 0; i < (store ? 0 : std::min(mr, MR)); ++i)
    for (int64_t v = 0; v < V && 16 * v < nr; ++v)
      _mm_prefetch(reinterpret_cast<const char *>(c + i * cRow + 16 * v),
                   _MM_HINT_T0);
  __m512 acc[MR][V];
  for (int64_t i = 0; i < MR; ++i)
    for (int64_t v = 0; v < V; ++v)
      acc[i][v] = _mm512_setzero_ps();
  // pfLines lines of the next B block, one per `every` pairs of k steps.
  int64_t every = pfLines > 0 ? std::max<int64_t>(1, kc / 2 / pfLines) : kc;
  int64_t p = 0;
  for (int64_t step = 0; p + 1 < kc; p += 2, ++step) {
    if (pfLines > 0 && step % every == 0) {
      if (const char *line = pf.next())
        _mm_prefetch(line, _MM_HINT_T1);
      --pfLines;
    }
    stepAvx512<MR, V, R>(acc, ap, bp, bRow, mask, p);
    stepAvx512<MR, V, R>(acc, ap, bp, bRow, mask, p + 1);
  }
  if (p < kc)
    stepAvx512<MR, V, R>(acc, ap, bp, bRow, mask, p);
  for (; pfLines > 0; --pfLines)
    if (const char *line = pf.next())
      _mm_prefetch(line, _MM_HINT_T1);
  for (int64_t i = 0; i < std::min(mr, MR); ++i)
    for (int64_t v = 0; v < V && 16 * v < nr; ++v) {
      float *x = c + i * cRow + 16 * v;
      _mm512_mask_storeu_ps(
          x, mask[v],
          store ? acc[i][v]
                : _mm512_add_ps(_mm512_maskz_loadu_ps(mask[v], x),
                                acc[i][v]));
    }
}

/// Rows of A few enough that packing B (K x N copies for M x K x N FMAs)
/// costs more than it saves: B (unit column stride) is read where it is.
constexpr int64_t SmallM = 8;
/// With B's rows contiguous (a transposed weight), dot products read B once
/// for all rows of A: cheaper than transposing B into packed panels up to
/// this many rows.
constexpr int64_t SmallMDot = 32;
/// How far ahead (bytes of B) the dot-product path prefetches.
constexpr int64_t DotPrefetchBytes = 8192;

/// C[0:R, 0:nr] += A[0:R, 0:kc] x B[0:kc, 0:nr] (= with `store`, as in
/// Kernel) with B read in place
/// (row p at b + p * bRow), R rows x V zmm accumulators; the next V * 16
/// columns of B's rows are prefetched (their page differs per row, which
/// the hardware prefetchers do not follow).
template <int64_t R, int64_t V>
__attribute__((target("avx512f"))) void
directAvx512(int64_t kc, const float *a, int64_t aRow, int64_t aCol,
             const float *b, int64_t bRow, float *c, int64_t cRow,
             int64_t nr, bool store, bool prefetchNext) {
  __mmask16 mask[V];
  for (int64_t v = 0; v < V; ++v)
    mask[v] = tailMask(nr - 16 * v);
  __m512 acc[R][V];
  for (int64_t i = 0; i < R; ++i)
    for (int64_t v = 0; v < V; ++v)
      acc[i][v] = _mm512_setzero_ps();
  for (int64_t p = 0; p < kc; ++p) {
    const float *row = b + p * bRow;
    if (prefetchNext)
      for (int64_t v = 0; v < V; ++v)
        _mm_prefetch(reinterpret_cast<const char *>(row + 16 * (V + v)),
                     _MM_HINT_T0);
    __m512 bv[V];
    for (int64_t v = 0; v < V; ++v)
      bv[v] = _mm512_maskz_loadu_ps(mask[v], row + 16 * v);
    for (int64_t i = 0; i < R; ++i) {
      __m512 av = _mm512_set1_ps(a[i * aRow + p * aCol]);
      for (int64_t v = 0; v < V; ++v)
        acc[i][v] = _mm512_fmadd_ps(av, bv[v], acc[i][v]);
    }
  }
  for (int64_t i = 0; i < R; ++i)
    for (int64_t v = 0; v < V; ++v) {
      float *x = c + i * cRow + 16 * v;
      _mm512_mask_storeu_ps(
          x, mask[v],
          store ? acc[i][v]
                : _mm512_add_ps(_mm512_maskz_loadu_ps(mask[v], x),
                                acc[i][v]));
    }
}

/// C[i0:i1, j0:j1] += A x B for one batch with the direct kernels: rows in
/// blocks of 8, 4, 2, 1; K in blocks of DirectKB; columns in V * 16 chunks.
template <int64_t R, int64_t V>
void directRows(const GemmProblem &p, const float *a, const float *b,
                float *c, int64_t i, int64_t j0, int64_t j1) {
  for (int64_t pc = 0; pc < p.K; pc += DirectKB) {
    int64_t kc = std::min(DirectKB, p.K - pc);
    for (int64_t j = j0; j < j1; j += 16 * V)
      directAvx512<R, V>(kc, a + i * p.aRow + pc * p.aCol, p.aRow, p.aCol,
                         b + pc * p.bRow + j, p.bRow, c + i * p.cRow + j,
                         p.cRow, std::min<int64_t>(16 * V, j1 - j),
                         /*store=*/pc == 0 && !p.accumulate, j + 32 * V <= j1);
  }
}

/// Lane 4 i + j of the result = the sum of the 16 lanes of acc[i][j] (i < R
/// <= 4, j < 4; rows past R count as zero): a transposing tree of 15 vector
/// adds where 16 horizontal reductions would take ~8 instructions each.
template <int64_t R>
__attribute__((target("avx512f"), always_inline)) inline __m512
sumLanes4x4(const __m512 (&acc)[R][4]) {
  // Level by level, vector v[4 m + k] ends up in lane 4 k + m.
  __m512 v[16], t[8], u[4], w[2];
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 4; ++j)
      v[4 * j + i] = i < R ? acc[i][j] : _mm512_setzero_ps();
  // t[i]: 8 partial sums of v[2i], then 8 of v[2i+1].
  for (int64_t i = 0; i < 8; ++i)
    t[i] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0x44),
                         _mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0xEE));
  // u[i]: 128-bit block k holds 4 partial sums of v[4i + k].
  for (int64_t i = 0; i < 4; ++i)
    u[i] = _mm512_add_ps(_mm512_shuffle_f32x4(t[2 * i], t[2 * i + 1], 0x88),
                         _mm512_shuffle_f32x4(t[2 * i], t[2 * i + 1], 0xDD));
  // w[i], block k: 2 partial sums each of v[8i + k] (lanes 0, 2) and
  // v[8i + 4 + k] (lanes 1, 3).
  for (int64_t i = 0; i < 2; ++i)
    w[i] = _mm512_add_ps(_mm512_unpacklo_ps(u[2 * i], u[2 * i + 1]),
                         _mm512_unpackhi_ps(u[2 * i], u[2 * i + 1]));
  // Block k: the sums of v[k], v[4 + k], v[8 + k], v[12 + k].
  __m512d w0 = _mm512_castps_pd(w[0]), w1 = _mm512_castps_pd(w[1]);
  return _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(w0, w1)),
                       _mm512_castpd_ps(_mm512_unpackhi_pd(w0, w1)));
}

/// C[0:R, j] += A[0:R, :] . B[:, j] for the J columns j of B starting at b
/// (column j at b + j * bCol, its K elements contiguous: a transposed
/// weight read as stored), A's rows contiguous at a (row i at a + i * K):
/// R x J zmm dot products over K, reduced at the end (for J = 4 all of them
/// at once by sumLanes4x4).
template <int64_t R, int64_t J>
__attribute__((target("avx512f"))) void
dotAvx512(int64_t K, const float *a, const float *b, int64_t bCol, float *c,
          int64_t cRow, const float *ahead) {
  __m512 acc[R][J];
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < J; ++j)
      acc[i][j] = _mm512_setzero_ps();
  for (int64_t p = 0; p < K; p += 16) {
    __mmask16 m = tailMask(K - p);
    if (ahead)
      for (int64_t j = 0; j < J; ++j)
        _mm_prefetch(reinterpret_cast<const char *>(ahead + j * bCol + p),
                     _MM_HINT_T0);
    __m512 bv[J];
    for (int64_t j = 0; j < J; ++j)
      bv[j] = _mm512_maskz_loadu_ps(m, b + j * bCol + p);
    for (int64_t i = 0; i < R; ++i) {
      __m512 av = _mm512_maskz_loadu_ps(m, a + i * K + p);
      for (int64_t j = 0; j < J; ++j)
        acc[i][j] = _mm512_fmadd_ps(av, bv[j], acc[i][j]);
    }
  }
  if constexpr (J == 4) {
    alignas(64) float sums[16];
    _mm512_store_ps(sums, sumLanes4x4<R>(acc));
    for (int64_t i = 0; i < R; ++i)
      _mm_storeu_ps(c + i * cRow, _mm_add_ps(_mm_loadu_ps(c + i * cRow),
                                             _mm_load_ps(sums + 4 * i)));
  } else {
    for (int64_t i = 0; i < R; ++i)
      for (int64_t j = 0; j < J; ++j)
        c[i * cRow + j] += _mm512_reduce_add_ps(acc[i][j]);
  }
}

/// C[i0:i0+r, j:j+J] += A x B by dotAvx512 for r in {4, 2, 1}.
template <int64_t J>
void dotRows(int64_t r, int64_t K, const float *a, const float *b,
             int64_t bCol, float *c, int64_t cRow, const float *ahead) {
  if (r == 4)
    dotAvx512<4, J>(K, a, b, bCol, c, cRow, ahead);
  else if (r == 2)
    dotAvx512<2, J>(K, a, b, bCol, c, cRow, ahead);
  else
    dotAvx512<1, J>(K, a, b, bCol, c, cRow, ahead);
}

/// C[:, j0:j1] += A x B for one batch when B's columns are contiguous
/// (bRow == 1) and A has few rows: A's rows contiguous (copied once if
/// they are not); for each 4 columns of B (in L1 while used), dot products
/// with every block of 4 rows of A, so B is read from memory once.
void dotTask(const GemmProblem &p, int64_t batch, int64_t j0, int64_t j1) {
  const float *a = p.a + batch * p.aBatch, *b = p.b + batch * p.bBatch;
  float *c = p.c + batch * p.cBatch;
  // A's rows contiguous (row i at a + i * K): read in place; else copied
  // into a per-thread buffer (no allocation per call: a decode step makes
  // hundreds of these calls).
  const float *rowsData = a;
  if (!(p.aCol == 1 && (p.aRow == p.K || p.M == 1))) {
    static thread_local std::vector<float> rows;
    rows.resize(static_cast<size_t>(p.M * p.K));
    for (int64_t i = 0; i < p.M; ++i)
      for (int64_t k = 0; k < p.K; ++k)
        rows[i * p.K + k] = a[i * p.aRow + k * p.aCol];
    rowsData = rows.data();
  }
  // The columns `ahead` columns on are prefetched while these are used
  // (with the first rows): a weight is usually in no cache, and the
  // hardware prefetchers, following 4 short streams, start too late.
  const int64_t ahead = roundUp(
      std::max<int64_t>(4, DotPrefetchBytes / (p.K * sizeof(float))), 4);
  for (int64_t j = j0; j < j1;) {
    bool four = j + 4 <= j1;
    const float *bj = b + j * p.bCol;
    const float *pf = four && j + ahead + 4 <= j1 ? bj + ahead * p.bCol
                                                  : nullptr;
    for (int64_t i = 0; i < p.M;) {
      int64_t r = p.M - i >= 4 ? 4 : p.M - i >= 2 ? 2 : 1;
      const float *ai = rowsData + i * p.K;
      float *cij = c + i * p.cRow + j;
      if (four)
        dotRows<4>(r, p.K, ai, bj, p.bCol, cij, p.cRow, i ? nullptr : pf);
      else
        dotRows<1>(r, p.K, ai, bj, p.bCol, cij, p.cRow, nullptr);
      i += r;
    }
    j += four ? 4 : 1;
  }
}

void directTask(const GemmProblem &p, int64_t batch, int64_t j0, int64_t j1) {
  const float *a = p.a + batch * p.aBatch, *b = p.b + batch * p.bBatch;
  float *c = p.c + batch * p.cBatch;
  int64_t i = 0;
  for (; i + 8 <= p.M; i += 8)
    directRows<8, 3>(p, a, b, c, i, j0, j1);
  if (i + 4 <= p.M) {
    directRows<4, 6>(p, a, b, c, i, j0, j1);
    i += 4;
  }
  if (i + 2 <= p.M) {
    directRows<2, 8>(p, a, b, c, i, j0, j1);
    i += 2;
  }
  if (i < p.M)
    directRows<1, 8>(p, a, b, c, i, j0, j1);
}
#endif

bool hostHasAvx512() {
#if defined(__x86_64__)
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  return avx512;
#else
  return false;
#endif
}

bool hostHasAvx() {
#if defined(__x86_64__)
  static const bool avx = __builtin_cpu_supports("avx");
  return avx;
#else
  return false;
#endif
}

/// dst[c * dstRow + r] = src[r * srcRow + c] for r, c in [0, 8) (AVX only:
/// callers check hostHasAvx()).
#if defined(__x86_64__)
__attribute__((target("avx"))) void transpose8x8(const float *src,
                                                 int64_t srcRow, float *dst,
                                                 int64_t dstRow) {
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i)
    r[i] = _mm256_loadu_ps(src + i * srcRow);
  // Interleave pairs of rows, then pairs of pairs, then 128-bit halves.
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
    r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
    r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * dstRow,
                     _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * dstRow,
                     _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
}

/// The same for 4 x 4 (SSE).
__attribute__((target("avx"))) void transpose4x4(const float *src,
                                                 int64_t srcRow, float *dst,
                                                 int64_t dstRow) {
  __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + srcRow),
         r2 = _mm_loadu_ps(src + 2 * srcRow),
         r3 = _mm_loadu_ps(src + 3 * srcRow);
  _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
  _mm_storeu_ps(dst, r0);
  _mm_storeu_ps(dst + dstRow, r1);
  _mm_storeu_ps(dst + 2 * dstRow, r2);
  _mm_storeu_ps(dst + 3 * dstRow, r3);
}
#else
void transpose8x8(const float *, int64_t, float *, int64_t) {}
void transpose4x4(const float *, int64_t, float *, int64_t) {}
#endif

/// Panels q < panels of W columns (W a multiple of 16) from rows of
/// contiguous floats: dst[q * W * kc + k * W + j] = src[k * srcRow + q * W +
/// j], through zmm registers. Each source row is walked once across all
/// panels (one sequential stream per row), and the row PrefetchRows ahead is
/// prefetched: a weight's rows are pages apart, which the hardware
/// prefetchers do not follow, and a weight matrix is usually not in cache.
template <int64_t W>
#if defined(__x86_64__)
__attribute__((target("avx512f")))
#endif
void copyRowsAvx512(const float *src, int64_t srcRow, int64_t kc,
                    int64_t panels, float *dst) {
#if defined(__x86_64__)
  constexpr int64_t PrefetchRows = 4;
  const int64_t bytes = panels * W * static_cast<int64_t>(sizeof(float));
  for (int64_t k = 0; k < kc; ++k) {
    const float *row = src + k * srcRow;
    const char *ahead =
        reinterpret_cast<const char *>(row + PrefetchRows * srcRow);
    if (k + PrefetchRows < kc)
      for (int64_t off = 0; off < bytes; off += 64)
        _mm_prefetch(ahead + off, _MM_HINT_T0);
    for (int64_t q = 0; q < panels; ++q)
      for (int64_t v = 0; v < W / 16; ++v)
        _mm512_store_ps(dst + q * W * kc + k * W + 16 * v,
                        _mm512_loadu_ps(row + q * W + 16 * v));
  }
#else
  (void)src, (void)srcRow, (void)kc, (void)panels, (void)dst;
#endif
}

struct Tile;
using Task = void (*)(const Tile &t, const GemmProblem &p, int64_t batch,
                      int64_t i0, int64_t i1, int64_t j0, int64_t j1);
template <int64_t MR, int64_t NR>
void runTask(const Tile &t, const GemmProblem &p, int64_t batch, int64_t i0,
             int64_t i1, int64_t j0, int64_t j1);
template <int64_t MR, int64_t NR>
void runTaskDirectB(const Tile &t, const GemmProblem &p, int64_t batch,
                    int64_t i0, int64_t i1, int64_t j0, int64_t j1);

/// One register tile on this host: its shape, micro-kernels and B block.
struct Tile {
  int64_t mr, nr;
  Kernel kernel; // on packed B micro-panels
  // On B where it is, all NR columns / the last columns (null without
  // AVX-512).
  Kernel directB, directBEdge;
  Task task, directBTask;
  int64_t nc; // columns of a packed B block (an nr multiple)

  template <int64_t MR, int64_t NR> static Tile make(long l2) {
    Tile t{MR, NR, kernelPortable<MR, NR>, nullptr, nullptr,
           runTask<MR, NR>, runTaskDirectB<MR, NR>, 0};
#if defined(__x86_64__)
    if (hostHasAvx512()) {
      t.kernel = kernelAvx512<MR, NR, BRead::Packed>;
      t.directB = kernelAvx512<MR, NR, BRead::InPlace>;
      t.directBEdge = kernelAvx512<MR, NR, BRead::InPlaceMasked>;
    }
#endif
    t.nc = std::max<int64_t>(1, l2 / 4 / (KC * sizeof(float)) / NR) * NR;
    return t;
  }
  /// Columns computed (N padded to nr) per column of C.
  double padding(int64_t n) const {
    return static_cast<double>(roundUp(n, nr)) / n;
  }
};

struct Host {
  // A quarter of the L2 for a packed B block (1 MiB if the C library
  // cannot tell the L2's size).
  long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE) > 0 ? sysconf(_SC_LEVEL2_CACHE_SIZE)
                                               : 1 << 20;
  Tile wide = Tile::make<8, 48>(l2), tall = Tile::make<12, 32>(l2);
  const char *name = hostHasAvx512() ? "avx512" : "portable";
  // At most this many rows (A packed as rows x DirectKB, in L2 beside the
  // streaming B and C) and B is read where it is (runTaskDirectB). Measured
  // on a Zen 5 (1 MiB L2, 2 threads, the layer's 768/3072 shapes): 3-15 %
  // faster than packing B up to 160 rows, slower from 192.
  int64_t directBRows = l2 / 6 / (DirectKB * sizeof(float));

  const Tile &tileFor(int64_t n) const {
    return wide.padding(n) > 1.0625 && tall.padding(n) < wide.padding(n)
               ? tall
               : wide;
  }
};

const Host &host() {
  static Host h;
  return h;
}

// 64-byte aligned scratch, one per thread, grown on demand.
struct Scratch {
  float *data = nullptr;
  size_t size = 0;
  float *get(size_t n) {
    if (n > size) {
      std::free(data);
      size = (n + 15) & ~size_t(15);
      data = static_cast<float *>(std::aligned_alloc(64, size * sizeof(float)));
      if (!data)
        std::abort();
    }
    return data;
  }
  ~Scratch() { std::free(data); }
};

/// Packs the kc x n block X (element (k, j) at x[k * kStride + j *
/// jStride]) into W-wide panels: panel q holds columns [q*W, q*W + W) as
/// kc rows of W floats, zero-padded past n. B's panels are KC x NR blocks of
/// B (k = row), A's are KC x MR blocks of A^T (k = column of A).
template <int64_t W>
void packPanels(const float *x, int64_t kStride, int64_t jStride, int64_t kc,
                int64_t n, float *dst) {
  int64_t q = 0;
  if (jStride == 1 && W % 16 == 0 && hostHasAvx512() && n >= W) {
    // Rows of contiguous floats: every full panel in one pass over the rows.
    copyRowsAvx512<W>(x, kStride, kc, n / W, dst);
    q = n / W * W;
  }
  for (; q < n; q += W) {
    int64_t w = std::min(W, n - q);
    float *panel = dst + q * kc;
    const float *src = x + q * jStride;
    if (jStride == 1 && w == W) { // rows of W contiguous floats
      for (int64_t k = 0; k < kc; ++k)
        std::memcpy(panel + k * W, src + k * kStride, W * sizeof(float));
      continue;
    }
    // Walk the source along its contiguous direction where it has one.
    if (kStride == 1) {
      // A transpose: 8 x 8 blocks in registers where the host has AVX,
      // then 4 x 4 blocks (SSE), the rest element by element.
      int64_t j8 = hostHasAvx() ? w / 8 * 8 : 0, k8 = kc / 8 * 8;
      for (int64_t j = 0; j < j8; j += 8)
        for (int64_t k = 0; k < k8; k += 8)
          transpose8x8(src + j * jStride + k, jStride, panel + k * W + j, W);
      int64_t j4 = j8 + (hostHasAvx() ? (w - j8) / 4 * 4 : 0), k4 = kc / 4 * 4;
      for (int64_t j = j8; j < j4; j += 4)
        for (int64_t k = 0; k < k4; k += 4)
          transpose4x4(src + j * jStride + k, jStride, panel + k * W + j, W);
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = j < j8 ? k8 : j < j4 ? k4 : 0; k < kc; ++k)
          panel[k * W + j] = src[j * jStride + k];
    } else {
      for (int64_t k = 0; k < kc; ++k)
        for (int64_t j = 0; j < w; ++j)
          panel[k * W + j] = src[k * kStride + j * jStride];
    }
    for (int64_t k = 0; k < kc; ++k)
      for (int64_t j = w; j < W; ++j)
        panel[k * W + j] = 0.0f;
  }
}

/// packPanels into `buf` (grown to n padded to W columns x kc).
template <int64_t W>
const float *packBlock(Scratch &buf, const float *x, int64_t kStride,
                       int64_t jStride, int64_t kc, int64_t n) {
  float *dst = buf.get(roundUp(n, W) * kc);
  packPanels<W>(x, kStride, jStride, kc, n, dst);
  return dst;
}

// C[batch][i0:i1, j0:j1] += A x B with tile t (MR x NR). While one B block
// is used, the micro-kernels prefetch the next one.
template <int64_t MR, int64_t NR>
void runTask(const Tile &t, const GemmProblem &p, int64_t batch, int64_t i0,
             int64_t i1, int64_t j0, int64_t j1) {
  static thread_local Scratch aBuf, bBuf;
  Kernel kernel = t.kernel;
  const float *a = p.a + batch * p.aBatch;
  const float *b = p.b + batch * p.bBatch;
  float *c = p.c + batch * p.cBatch;
  const int64_t NC = t.nc;
  PrefetchStream next;
  for (int64_t pc = 0; pc < p.K; pc += KC) {
    int64_t kc = std::min(KC, p.K - pc);
    for (int64_t ic = i0; ic < i1; ic += MC) {
      int64_t mc = std::min(MC, i1 - ic);
      const float *ap = packBlock<MR>(aBuf, a + ic * p.aRow + pc * p.aCol,
                                      p.aCol, p.aRow, kc, mc);
      for (int64_t jc = j0; jc < j1; jc += NC) {
        int64_t nc = std::min(NC, j1 - jc);
        const float *bp = packBlock<NR>(bBuf, b + pc * p.bRow + jc * p.bCol,
                                        p.bRow, p.bCol, kc, nc);
        // The next block: the next columns, else the first columns of the
        // next K panel (with one row block; with more, none).
        int64_t pcN = pc, jcN = jc + NC;
        if (jcN >= j1)
          jcN = j0, pcN = ic + MC >= i1 ? pc + KC : p.K;
        if (pcN < p.K)
          next.start(b + pcN * p.bRow + jcN * p.bCol, p.bRow, p.bCol,
                     std::min(KC, p.K - pcN), std::min(NC, j1 - jcN));
        else
          next.start(nullptr, 0, 0, 0, 0);
        int64_t calls = ((mc + MR - 1) / MR) * ((nc + NR - 1) / NR);
        int64_t perCall = (next.lines() + calls - 1) / calls;
        for (int64_t ir = 0; ir < mc; ir += MR)
          for (int64_t jr = 0; jr < nc; jr += NR)
            kernel(kc, ap + ir * kc, bp + jr * kc, NR,
                   c + (ic + ir) * p.cRow + jc + jr, p.cRow,
                   std::min(MR, mc - ir), std::min(NR, nc - jr),
                   /*store=*/pc == 0 && !p.accumulate, next, perCall);
      }
    }
  }
}

// C[batch][i0:i1, j0:j1] += A x B (= when the first K panel stores) with
// B (unit column stride) read where it is: with few rows of A, packing B
// (K x N copies for M x K x N FMAs, from memory: a weight is usually in no
// cache) costs more than it saves. A is packed (i1 - i0 rows x DirectKB: in
// L2); each NR-wide micro-panel of B (DirectKB rows: in L1 while used) is
// used by every row tile before the next, which is prefetched meanwhile.
template <int64_t MR, int64_t NR>
void runTaskDirectB(const Tile &t, const GemmProblem &p, int64_t batch,
                    int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  static thread_local Scratch aBuf;
  const float *a = p.a + batch * p.aBatch;
  const float *b = p.b + batch * p.bBatch;
  float *c = p.c + batch * p.cBatch;
  const int64_t mc = i1 - i0, calls = (mc + MR - 1) / MR;
  PrefetchStream next;
  for (int64_t pc = 0; pc < p.K; pc += DirectKB) {
    int64_t kc = std::min(DirectKB, p.K - pc);
    const float *ap = packBlock<MR>(aBuf, a + i0 * p.aRow + pc * p.aCol,
                                    p.aCol, p.aRow, kc, mc);
    for (int64_t jr = j0; jr < j1; jr += NR) {
      // The next micro-panel: the next columns, else the first columns of
      // the next K panel.
      int64_t jn = jr + NR, pn = pc;
      if (jn >= j1)
        jn = j0, pn = pc + DirectKB;
      if (pn < p.K)
        next.start(b + pn * p.bRow + jn, p.bRow, 1,
                   std::min(DirectKB, p.K - pn), std::min(NR, j1 - jn));
      else
        next.start(nullptr, 0, 0, 0, 0);
      int64_t perCall = (next.lines() + calls - 1) / calls;
      int64_t nr = std::min(NR, j1 - jr);
      Kernel kernel = nr == NR ? t.directB : t.directBEdge;
      for (int64_t ir = 0; ir < mc; ir += MR)
        kernel(kc, ap + ir * kc, b + pc * p.bRow + jr, p.bRow,
               c + (i0 + ir) * p.cRow + jr, p.cRow, std::min(MR, mc - ir), nr,
               /*store=*/pc == 0 && !p.accumulate, next, perCall);
    }
  }
}

// MOD_NUM_THREADS, else OpenMP's own count (OMP_NUM_THREADS, else the CPUs
// this process may run on).
int threadsFromEnvironment() {
  if (const char *v = std::getenv("MOD_NUM_THREADS")) {
    int n = std::atoi(v);
    if (n >= 1)
      return n;
  }
  return std::max(1, omp_get_max_threads());
}

/// fn(t) for t in [0, count) on OpenMP's threads: the same team as the
/// generated code's parallel loops, so neither spins against the other.
/// Called inside a parallel region, the (nested) team has one thread. Which
/// thread runs a task does not change its result. One thread or one task
/// runs here, outside OpenMP: a serialized parallel region still costs
/// ~0.6 us in libomp (it formats strings), and the small GEMMs inside
/// fused attention tiles of a decode step come by the hundred per step.
template <typename Fn> void runTasks(int64_t count, int threads, Fn fn) {
  if (threads <= 1 || count <= 1) {
    for (int64_t t = 0; t < count; ++t)
      fn(t);
    return;
  }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int64_t t = 0; t < count; ++t)
    fn(t);
}

/// Zeroes C[batch][i0:i1, j0:j1]: C = A x B with K = 0, and on the
/// dot-product path (which only adds) the block a task then accumulates
/// into, on its own thread, just before using it. The packed and direct
/// paths store their first K panel instead.
void zeroBlock(const GemmProblem &p, int64_t batch, int64_t i0, int64_t i1,
               int64_t j0, int64_t j1) {
  float *c = p.c + batch * p.cBatch;
  for (int64_t i = i0; i < i1; ++i)
    std::memset(c + i * p.cRow + j0, 0, (j1 - j0) * sizeof(float));
}

} // namespace

int gemmThreads() {
  static int threads = threadsFromEnvironment();
  return threads;
}

const char *gemmKernelName() { return host().name; }

void gemm(const GemmProblem &p) {
  if (p.batch <= 0 || p.M <= 0 || p.N <= 0)
    return;
  if (p.K <= 0) { // C += 0, or C = 0
    for (int64_t b = 0; b < p.batch && !p.accumulate; ++b)
      zeroBlock(p, b, 0, p.M, 0, p.N);
    return;
  }
  double flops = 2.0 * p.batch * p.M * p.N * p.K;
  int threads = flops < 4e6 ? 1 : gemmThreads();
#if defined(__x86_64__)
  bool rowMajorB = p.bCol == 1, colMajorB = p.bRow == 1 && !rowMajorB;
  if (((rowMajorB && p.M <= SmallM) || (colMajorB && p.M <= SmallMDot)) &&
      hostHasAvx512()) {
    // Column blocks of a multiple of 128 columns, one per thread.
    int64_t colBlocks = std::max<int64_t>(
        1, std::min<int64_t>(threads, (p.N + 127) / 128));
    int64_t colStep = roundUp((p.N + colBlocks - 1) / colBlocks, 128);
    colBlocks = (p.N + colStep - 1) / colStep;
    runTasks(p.batch * colBlocks, threads, [&](int64_t t) {
      int64_t j0 = (t % colBlocks) * colStep;
      int64_t j1 = std::min(p.N, j0 + colStep);
      if (rowMajorB) {
        directTask(p, t / colBlocks, j0, j1);
      } else {
        if (!p.accumulate)
          zeroBlock(p, t / colBlocks, 0, p.M, j0, j1);
        dotTask(p, t / colBlocks, j0, j1);
      }
    });
    return;
  }
#endif
  const Tile &tile = host().tileFor(p.N);
  const int64_t MR = tile.mr, NR = tile.nr;
  // Decided by the whole problem's rows (not a task's), so that the result
  // does not depend on the thread count.
  const Task task = tile.directB && p.bCol == 1 && p.M <= host().directBRows
                        ? tile.directBTask
                        : tile.task;
  // Split C into batch x column blocks x row blocks, a task per thread
  // where the shape allows (more tasks pack the same operands again);
  // column blocks are NR multiples.
  int64_t colBlocks = 1, rowBlocks = 1;
  auto tasks = [&] { return p.batch * colBlocks * rowBlocks; };
  while (threads > 1 && tasks() < threads) {
    if ((p.N + colBlocks * 2 - 1) / (colBlocks * 2) >= 4 * NR)
      colBlocks *= 2;
    else if ((p.M + rowBlocks * 2 - 1) / (rowBlocks * 2) >= 4 * MR)
      rowBlocks *= 2;
    else
      break;
  }
  int64_t colStep = roundUp((p.N + colBlocks - 1) / colBlocks, NR);
  int64_t rowStep = roundUp((p.M + rowBlocks - 1) / rowBlocks, MR);
  colBlocks = (p.N + colStep - 1) / colStep;
  rowBlocks = (p.M + rowStep - 1) / rowStep;
  runTasks(tasks(), threads, [&](int64_t t) {
    int64_t batch = t / (colBlocks * rowBlocks);
    int64_t rest = t % (colBlocks * rowBlocks);
    int64_t i0 = (rest / colBlocks) * rowStep,
            j0 = (rest % colBlocks) * colStep;
    int64_t i1 = std::min(p.M, i0 + rowStep), j1 = std::min(p.N, j0 + colStep);
    task(tile, p, batch, i0, i1, j0, j1);
  });
}

} // namespace mod_runtime
