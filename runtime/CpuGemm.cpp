//===- CpuGemm.cpp - the runtime's own packed f32 GEMM for CPUs -----------===//
//
// See CpuGemm.h. Loop nest per task (one batch, a block of C's columns and
// rows):
//
//   for pc in K by KC:          pack B[pc.., cols] into NR-wide micro-panels
//     for ic in rows by MC:     pack A[ic.., pc..] into MR-tall micro-panels
//       for jr in cols by NR:   (the B micro-panel stays in L1)
//         for ir in MC by MR:   micro-kernel: C[ir.., jr..] += Ap x Bp
//
// Edges are zero-padded in the packed buffers; the micro-kernel stores only
// the valid rows and (masked) columns. Every element of C is the sum over p
// in ascending order within a KC panel, panels added in order, independent
// of the thread count and of the task split.
//
//===----------------------------------------------------------------------===//

#include "CpuGemm.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mod_runtime {
namespace {

constexpr int64_t MR = 12, NR = 32;
// Measured on a Zen 5 core (docs/Benchmarks.md): KC 192 / MC 48 beat
// 128..384 / 48..240 by up to 1.4x; MR x NR is what 32 zmm registers hold.
constexpr int64_t KC = 192;  // B micro-panel KC x NR = 24 KiB: L1
constexpr int64_t MC = 48;   // A block MC x KC = 36 KiB: L1/L2
constexpr int64_t NC = 1536; // B panel KC x NC = 1.5 MiB: L2/L3

using Kernel = void (*)(int64_t kc, const float *ap, const float *bp, float *c,
                        int64_t cRow, int64_t mr, int64_t nr);

// Portable micro-kernel: the same tile in plain C++ (the compiler vectorizes
// the j loops for whatever the baseline ISA is).
void kernelPortable(int64_t kc, const float *ap, const float *bp, float *c,
                    int64_t cRow, int64_t mr, int64_t nr) {
  float acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p)
    for (int64_t i = 0; i < MR; ++i) {
      float a = ap[p * MR + i];
      for (int64_t j = 0; j < NR; ++j)
        acc[i][j] += a * bp[p * NR + j];
    }
  for (int64_t i = 0; i < mr; ++i)
    for (int64_t j = 0; j < nr; ++j)
      c[i * cRow + j] += acc[i][j];
}

#if defined(__x86_64__)
// AVX-512: 12 rows x 2 zmm of accumulators (24 of the 32 registers), one
// broadcast and two B loads per k step; columns past nr are masked off.
__attribute__((target("avx512f"))) void
kernelAvx512(int64_t kc, const float *ap, const float *bp, float *c,
             int64_t cRow, int64_t mr, int64_t nr) {
  __m512 acc[MR][2];
  for (int64_t i = 0; i < MR; ++i)
    acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (int64_t p = 0; p < kc; ++p) {
    __m512 b0 = _mm512_load_ps(bp + p * NR);
    __m512 b1 = _mm512_load_ps(bp + p * NR + 16);
    for (int64_t i = 0; i < MR; ++i) {
      __m512 a = _mm512_set1_ps(ap[p * MR + i]);
      acc[i][0] = _mm512_fmadd_ps(a, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(a, b1, acc[i][1]);
    }
  }
  __mmask16 m0 = nr >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << nr) - 1);
  __mmask16 m1 = nr >= 32   ? 0xFFFF
                 : nr <= 16 ? 0
                            : static_cast<__mmask16>((1u << (nr - 16)) - 1);
  for (int64_t i = 0; i < MR; ++i) {
    if (i >= mr)
      break;
    float *row = c + i * cRow;
    _mm512_mask_storeu_ps(
        row, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, row), acc[i][0]));
    _mm512_mask_storeu_ps(
        row + 16, m1,
        _mm512_add_ps(_mm512_maskz_loadu_ps(m1, row + 16), acc[i][1]));
  }
}
#endif

struct Host {
  Kernel kernel = kernelPortable;
  const char *name = "portable";
  Host() {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f")) {
      kernel = kernelAvx512;
      name = "avx512";
    }
#endif
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
  for (int64_t q = 0; q < n; q += W) {
    int64_t w = std::min(W, n - q);
    float *panel = dst + q * kc;
    const float *src = x + q * jStride;
    if (jStride == 1 && w == W) {
      for (int64_t k = 0; k < kc; ++k) // rows of W contiguous floats
        std::memcpy(panel + k * W, src + k * kStride, W * sizeof(float));
      continue;
    }
    // Walk the source along its contiguous direction where it has one.
    if (kStride == 1) {
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = 0; k < kc; ++k)
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

// C[batch][i0:i1, j0:j1] += A x B.
void runTask(const GemmProblem &p, int64_t batch, int64_t i0, int64_t i1,
             int64_t j0, int64_t j1) {
  static thread_local Scratch aBuf, bBuf;
  Kernel kernel = host().kernel;
  const float *a = p.a + batch * p.aBatch;
  const float *b = p.b + batch * p.bBatch;
  float *c = p.c + batch * p.cBatch;
  for (int64_t jc = j0; jc < j1; jc += NC) {
    int64_t nc = std::min(NC, j1 - jc);
    int64_t ncPadded = (nc + NR - 1) / NR * NR;
    for (int64_t pc = 0; pc < p.K; pc += KC) {
      int64_t kc = std::min(KC, p.K - pc);
      float *bp = bBuf.get(ncPadded * kc);
      packPanels<NR>(b + pc * p.bRow + jc * p.bCol, p.bRow, p.bCol, kc, nc, bp);
      for (int64_t ic = i0; ic < i1; ic += MC) {
        int64_t mc = std::min(MC, i1 - ic);
        int64_t mcPadded = (mc + MR - 1) / MR * MR;
        float *ap = aBuf.get(mcPadded * kc);
        packPanels<MR>(a + ic * p.aRow + pc * p.aCol, p.aCol, p.aRow, kc, mc,
                       ap);
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR)
            kernel(kc, ap + ir * kc, bp + jr * kc,
                   c + (ic + ir) * p.cRow + jc + jr, p.cRow,
                   std::min(MR, mc - ir), std::min(NR, nc - jr));
      }
    }
  }
}

int threadsFromEnvironment() {
  for (const char *name : {"MOD_NUM_THREADS", "OMP_NUM_THREADS"}) {
    if (const char *v = std::getenv(name)) {
      int n = std::atoi(v);
      if (n >= 1)
        return n;
    }
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

// Workers that run tasks [0, count) of one job; the caller takes part.
class Pool {
public:
  explicit Pool(int threads) {
    for (int t = 1; t < threads; ++t)
      workers.emplace_back([this] { work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    for (std::thread &w : workers)
      w.join();
  }
  int size() const { return static_cast<int>(workers.size()) + 1; }

  void run(int64_t count, const std::function<void(int64_t)> &fn) {
    std::unique_lock<std::mutex> busy(runMutex, std::try_to_lock);
    if (!busy.owns_lock() || workers.empty() || count <= 1) {
      // Re-entrant or concurrent callers run on their own thread.
      for (int64_t i = 0; i < count; ++i)
        fn(i);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      job = &fn;
      total = count;
      next.store(0);
      pending = static_cast<int>(workers.size());
      ++generation;
    }
    wake.notify_all();
    drain(fn);
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, [this] { return pending == 0; });
    job = nullptr;
  }

private:
  void drain(const std::function<void(int64_t)> &fn) {
    for (int64_t i = next.fetch_add(1); i < total; i = next.fetch_add(1))
      fn(i);
  }
  void work() {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int64_t)> *fn;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stopping || generation != seen; });
        if (stopping)
          return;
        seen = generation;
        fn = job;
      }
      drain(*fn);
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (--pending == 0)
          done.notify_one();
      }
    }
  }

  std::vector<std::thread> workers;
  std::mutex runMutex, mutex;
  std::condition_variable wake, done;
  const std::function<void(int64_t)> *job = nullptr;
  std::atomic<int64_t> next{0};
  int64_t total = 0;
  int pending = 0;
  uint64_t generation = 0;
  bool stopping = false;
};

Pool &pool() {
  // Leaked on purpose: workers must outlive static destructors of callers.
  static Pool *p = new Pool(threadsFromEnvironment());
  return *p;
}

} // namespace

int gemmThreads() { return pool().size(); }

const char *gemmKernelName() { return host().name; }

void gemm(const GemmProblem &p) {
  if (p.batch <= 0 || p.M <= 0 || p.N <= 0)
    return;
  if (p.K <= 0)
    return; // C += 0
  double flops = 2.0 * p.batch * p.M * p.N * p.K;
  int threads = flops < 4e6 ? 1 : gemmThreads();
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
  int64_t colStep = ((p.N + colBlocks - 1) / colBlocks + NR - 1) / NR * NR;
  int64_t rowStep = ((p.M + rowBlocks - 1) / rowBlocks + MR - 1) / MR * MR;
  colBlocks = (p.N + colStep - 1) / colStep;
  rowBlocks = (p.M + rowStep - 1) / rowStep;
  auto task = [&](int64_t t) {
    int64_t batch = t / (colBlocks * rowBlocks);
    int64_t rest = t % (colBlocks * rowBlocks);
    int64_t i0 = (rest / colBlocks) * rowStep,
            j0 = (rest % colBlocks) * colStep;
    runTask(p, batch, i0, std::min(p.M, i0 + rowStep), j0,
            std::min(p.N, j0 + colStep));
  };
  if (threads == 1) {
    for (int64_t t = 0; t < tasks(); ++t)
      task(t);
    return;
  }
  pool().run(tasks(), task);
}

} // namespace mod_runtime
