//===- GpuEmulation.cpp - runtime checks of mod-gpu-pipeline{emulate=cpu} -===//
//
// Called by kernels that mod-gpu-emulate-on-cpu rewrote for the CPU:
//   mod_emu_bounds_error  an index outside its memref (emulate-checks=bounds)
//   mod_emu_team_error    OpenMP gave a block fewer threads than it has
// Both print one line to stderr and end the process with exit code 1 (the
// first report wins when several threads fail at once).
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#define MOD_EXPORT extern "C" __attribute__((visibility("default")))

static std::mutex reportMutex;

MOD_EXPORT void mod_emu_bounds_error(const char *kernel, int64_t bx, int64_t by,
                                     int64_t bz, int64_t tx, int64_t ty,
                                     int64_t tz, int64_t dim, int64_t index,
                                     int64_t size) {
  std::lock_guard<std::mutex> lock(reportMutex);
  std::fprintf(stderr,
               "mod-gpu-emulation: out-of-bounds access in kernel %s, block "
               "(%lld, %lld, %lld), thread (%lld, %lld, %lld): index %lld of "
               "dimension %lld, size %lld\n",
               kernel, (long long)bx, (long long)by, (long long)bz,
               (long long)tx, (long long)ty, (long long)tz, (long long)index,
               (long long)dim, (long long)size);
  std::fflush(stderr);
  std::_Exit(1);
}

MOD_EXPORT void mod_emu_team_error(const char *kernel, int64_t got,
                                   int64_t wanted) {
  std::lock_guard<std::mutex> lock(reportMutex);
  std::fprintf(stderr,
               "mod-gpu-emulation: kernel %s: OpenMP started %lld threads for "
               "a block of %lld (check OMP_THREAD_LIMIT / OMP_DYNAMIC)\n",
               kernel, (long long)got, (long long)wanted);
  std::fflush(stderr);
  std::_Exit(1);
}
