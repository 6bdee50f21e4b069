//===- CpuBlas.cpp - mod_cpu_matmul: the CPU GEMM entry point -------------===//
//
// `mod-cpu-pipeline` (unless `portable`) replaces f32 linalg.matmul /
// batch_matmul with calls of `mod_cpu_matmul` (mod-matmul-to-library),
// implemented here:
//  - by default with the runtime's own packed GEMM (CpuGemm.cpp: AVX-512
//    micro-kernel where the host has it, its own threads), so no library
//    beyond this one is needed and any strides of A and B are accepted;
//  - with `cblas_sgemm` of the BLAS named by $MOD_BLAS_LIBRARY when that is
//    set (loaded at first use; PyPI's scipy-openblas32, whose symbols are
//    prefixed `scipy_`, is accepted too). The BLAS's own thread setting
//    applies (OPENBLAS_NUM_THREADS for OpenBLAS).
// MOD_CPU_GEMM_INFO=1 prints the kernel and thread count at the first call.
//
//===----------------------------------------------------------------------===//

#include "CpuGemm.h"
#include "GemmPlan.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#define MOD_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// The CBLAS enums' values (cblas.h), so no BLAS header is needed to build.
enum CblasOrder { kColMajor = 102 };
enum CblasTranspose { kNoTrans = 111, kTrans = 112 };
using SgemmFn = void (*)(int order, int transA, int transB, int M, int N, int K,
                         float alpha, const float *A, int lda, const float *B,
                         int ldb, float beta, float *C, int ldc);

[[noreturn]] void fatal(const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "mod-cpu-runtime: %s\n", message.c_str());
  std::fflush(nullptr);
  std::_Exit(1);
}

/// The cblas_sgemm of $MOD_BLAS_LIBRARY, or null when it is unset.
SgemmFn loadSgemm() {
  static SgemmFn sgemm = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    const char *env = std::getenv("MOD_BLAS_LIBRARY");
    if (!env || !*env)
      return;
    void *handle = dlopen(env, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
      fatal(std::string("cannot use MOD_BLAS_LIBRARY=") + env +
            " for mod_cpu_matmul:\n  " + dlerror());
    for (const char *symbol : {"cblas_sgemm", "scipy_cblas_sgemm"})
      if (!sgemm)
        sgemm = reinterpret_cast<SgemmFn>(dlsym(handle, symbol));
    if (!sgemm)
      fatal(std::string("cannot use MOD_BLAS_LIBRARY=") + env +
            " for mod_cpu_matmul:\n  it has no cblas_sgemm (nor "
            "scipy_cblas_sgemm)");
  });
  return sgemm;
}

void printInfoOnce(SgemmFn sgemm) {
  static std::once_flag once;
  std::call_once(once, [&] {
    const char *info = std::getenv("MOD_CPU_GEMM_INFO");
    if (!info || !*info || *info == '0')
      return;
    if (sgemm)
      std::fprintf(stderr,
                   "mod-cpu-runtime: mod_cpu_matmul: cblas_sgemm of %s\n",
                   std::getenv("MOD_BLAS_LIBRARY"));
    else
      std::fprintf(stderr,
                   "mod-cpu-runtime: mod_cpu_matmul: own GEMM, %s kernel, %d "
                   "thread(s)\n",
                   mod_runtime::gemmKernelName(), mod_runtime::gemmThreads());
  });
}

} // namespace

/// C[b] += A[b] x B[b] (`accumulate`), else C[b] = A[b] x B[b]; `who` names
/// the entry point in errors.
static void matmul(const char *who, mod_runtime::Memref3 *A,
                   mod_runtime::Memref3 *B, mod_runtime::Memref3 *C,
                   bool accumulate) {
  SgemmFn sgemm = loadSgemm();
  printInfoOnce(sgemm);
  mod_runtime::GemmPlan plan;
  std::string error = sgemm
                          ? mod_runtime::planGemm(who, A, B, C, plan)
                          : mod_runtime::checkGemmOperands(who, A, B, C, plan);
  if (!error.empty())
    fatal(error);
  if (plan.empty()) {
    // K = 0: C = 0 without accumulating (nothing to do for M or N = 0).
    if (!accumulate && plan.K == 0)
      for (int64_t b = 0; b < plan.batch; ++b)
        for (int64_t i = 0; i < plan.M; ++i)
          for (int64_t j = 0; j < plan.N; ++j)
            C->data[C->offset + b * C->strides[0] + i * C->strides[1] +
                    j * C->strides[2]] = 0.0f;
    return;
  }
  if (!sgemm) {
    mod_runtime::GemmProblem p;
    p.batch = plan.batch;
    p.M = plan.M;
    p.N = plan.N;
    p.K = plan.K;
    // A size-1 dimension's stride is never used; 0 keeps it harmless.
    auto stride = [](const mod_runtime::Memref3 *m, int d) {
      return m->sizes[d] == 1 ? 0 : m->strides[d];
    };
    p.a = plan.aData;
    p.aBatch = plan.strideA;
    p.aRow = stride(A, 1);
    p.aCol = stride(A, 2);
    p.b = plan.bData;
    p.bBatch = plan.strideB;
    p.bRow = stride(B, 1);
    p.bCol = stride(B, 2);
    p.c = plan.cData;
    p.cBatch = plan.strideC;
    p.cRow = plan.ldc;
    p.accumulate = accumulate;
    mod_runtime::gemm(p);
    return;
  }
  auto op = [](const mod_runtime::OperandLayout &l) {
    return l.transposed ? kTrans : kNoTrans;
  };
  for (int64_t i = 0; i < plan.batch; ++i)
    sgemm(kColMajor, op(plan.b), op(plan.a), static_cast<int>(plan.N),
          static_cast<int>(plan.M), static_cast<int>(plan.K), 1.0f,
          plan.bData + i * plan.strideB, static_cast<int>(plan.b.ld),
          plan.aData + i * plan.strideA, static_cast<int>(plan.a.ld),
          accumulate ? 1.0f : 0.0f, plan.cData + i * plan.strideC,
          static_cast<int>(plan.ldc));
}

MOD_EXPORT void _mlir_ciface_mod_cpu_matmul(mod_runtime::Memref3 *A,
                                            mod_runtime::Memref3 *B,
                                            mod_runtime::Memref3 *C) {
  matmul("mod_cpu_matmul", A, B, C, /*accumulate=*/true);
}

/// C[b] = A[b] x B[b]: what mod-matmul-to-library calls for a matmul whose
/// output was just filled with zeros (the fill and its copies dropped).
MOD_EXPORT void _mlir_ciface_mod_cpu_matmul_overwrite(mod_runtime::Memref3 *A,
                                                      mod_runtime::Memref3 *B,
                                                      mod_runtime::Memref3 *C) {
  matmul("mod_cpu_matmul_overwrite", A, B, C, /*accumulate=*/false);
}
