//===- CpuBlas.cpp - mod_cpu_matmul: the CPU GEMM entry point -------------===//
//
// `mod-cpu-pipeline{blas=true}` replaces f32 linalg.matmul/batch_matmul with
// calls of `mod_cpu_matmul` (mod-matmul-to-library), implemented here with
// `cblas_sgemm` of a BLAS loaded at first use: $MOD_BLAS_LIBRARY, else
// OpenBLAS (libopenblas.so.0), else the system's libblas.so.3 /
// libcblas.so.3. No BLAS is linked, so the library loads anywhere; a
// missing BLAS is reported when a GEMM is first needed. Threads: the BLAS's
// own setting (OPENBLAS_NUM_THREADS for OpenBLAS). PyPI's scipy-openblas32
// (libscipy_openblas.so, symbols prefixed `scipy_`) is accepted too: on
// this project's machines it is 6-10x faster than Debian's OpenBLAS 0.3.21
// (docs/Benchmarks.md).
//
//===----------------------------------------------------------------------===//

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
using SgemmFn = void (*)(int order, int transA, int transB, int M, int N,
                         int K, float alpha, const float *A, int lda,
                         const float *B, int ldb, float beta, float *C,
                         int ldc);

[[noreturn]] void fatal(const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "mod-cpu-runtime: %s\n", message.c_str());
  std::fflush(nullptr);
  std::_Exit(1);
}

SgemmFn loadSgemm() {
  static SgemmFn sgemm = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    const char *env = std::getenv("MOD_BLAS_LIBRARY");
    const char *candidates[] = {"libopenblas.so.0", "libopenblas.so",
                                "libcblas.so.3", "libblas.so.3"};
    auto attempt = [&](const char *name) {
      void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        tried += std::string("\n  ") + dlerror();
        return false;
      }
      for (const char *symbol : {"cblas_sgemm", "scipy_cblas_sgemm"})
        if (!sgemm)
          sgemm = reinterpret_cast<SgemmFn>(dlsym(handle, symbol));
      if (!sgemm)
        tried += std::string("\n  ") + name +
                 " has no cblas_sgemm (nor scipy_cblas_sgemm)";
      return sgemm != nullptr;
    };
    if (env && *env) {
      if (!attempt(env))
        fatal(std::string("cannot use MOD_BLAS_LIBRARY=") + env +
              " for mod_cpu_matmul:" + tried);
      return;
    }
    for (const char *name : candidates)
      if (attempt(name))
        return;
    fatal("mod_cpu_matmul needs a CBLAS library (cblas_sgemm); none was "
          "found:" +
          tried +
          "\n  install OpenBLAS (Debian: libopenblas0-pthread) or set "
          "MOD_BLAS_LIBRARY=<path>");
  });
  return sgemm;
}

} // namespace

MOD_EXPORT void _mlir_ciface_mod_cpu_matmul(mod_runtime::Memref3 *A,
                                            mod_runtime::Memref3 *B,
                                            mod_runtime::Memref3 *C) {
  mod_runtime::GemmPlan plan;
  std::string error = mod_runtime::planGemm("mod_cpu_matmul", A, B, C, plan);
  if (!error.empty())
    fatal(error);
  if (plan.empty())
    return;
  SgemmFn sgemm = loadSgemm();
  auto op = [](const mod_runtime::OperandLayout &l) {
    return l.transposed ? kTrans : kNoTrans;
  };
  for (int64_t i = 0; i < plan.batch; ++i)
    sgemm(kColMajor, op(plan.b), op(plan.a), static_cast<int>(plan.N),
          static_cast<int>(plan.M), static_cast<int>(plan.K), 1.0f,
          plan.bData + i * plan.strideB, static_cast<int>(plan.b.ld),
          plan.aData + i * plan.strideA, static_cast<int>(plan.a.ld), 1.0f,
          plan.cData + i * plan.strideC, static_cast<int>(plan.ldc));
}
