//===- CudaRuntime.cpp - mgpu* runtime for MLIR's NVVM host code ----------===//
//
// The functions that host code produced by MLIR 22's gpu-to-llvm lowering
// (and its translation of gpu.launch_func / gpu.binary to LLVM IR) calls,
// implemented on the CUDA driver API, plus a cuBLAS-backed batched matmul.
//
// Neither the driver nor cuBLAS is linked: both are opened with dlopen on
// first use, so the library loads (and an executable linked with it starts)
// on machines without a driver, and fails with a readable message only when a
// GPU function is actually called. Only the toolkit's headers are used.
//
// The GPU module is loaded by a global constructor of the generated code,
// before main: all state here is either constant-initialised or created on
// first use (function-local statics), never dynamically initialised at load.
//
// Every driver/cuBLAS call is checked; a failure prints
//   mod-cuda-runtime: <function> failed: <ERROR_NAME>: <description>
// to stderr and exits with status 1 (stdio flushed, destructors not run).
//
//===----------------------------------------------------------------------===//

#include <cublas_v2.h>
#include <cuda.h>

#include "GemmPlan.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_set>
#include <string>
#include <vector>

#define MOD_EXPORT extern "C" __attribute__((visibility("default")))

// Two-level stringification: MOD_STR(cuMemAlloc) is "cuMemAlloc_v2", the
// name cuda.h's macro maps cuMemAlloc to (the symbol the driver exports).
#define MOD_STR_IMPL(x) #x
#define MOD_STR(x) MOD_STR_IMPL(x)

namespace {

[[noreturn]] __attribute__((format(printf, 1, 2))) void fatal(const char *fmt,
                                                              ...) {
  std::fflush(stdout);
  std::fputs("mod-cuda-runtime: ", stderr);
  va_list args;
  va_start(args, fmt);
  std::vfprintf(stderr, fmt, args);
  va_end(args);
  std::fputc('\n', stderr);
  // Flush every stdio stream, then leave without running atexit handlers or
  // global destructors: the generated code's destructor would unload the
  // module, i.e. call back into a runtime that may be mid-initialisation
  // (inside call_once) or into a context in a sticky error state, and a
  // second exit() from a destructor is undefined behaviour.
  std::fflush(nullptr);
  std::_Exit(1);
}

/// Opens the first of `defaults` that loads; the override from `envVar`,
/// when set and non-empty, is the only candidate. Returns null and fills
/// `tried` (the names, in order) and `error` (the last dlerror) when none
/// loads.
void *openLibrary(const char *envVar, const std::vector<std::string> &defaults,
                  std::string &tried, std::string &error) {
  std::vector<std::string> candidates = defaults;
  const char *override = std::getenv(envVar);
  if (override && *override)
    candidates = {override};
  for (const std::string &name : candidates) {
    if (!tried.empty())
      tried += ", then ";
    tried += name;
    if (void *handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL))
      return handle;
    const char *err = dlerror();
    error = err ? err : "unknown dlopen error";
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// The CUDA driver, resolved with dlsym.
//===----------------------------------------------------------------------===//

// Every driver entry point used below. Inside the struct and at call sites the
// names go through cuda.h's macros, so a member is named (and typed) after
// the versioned symbol, e.g. cuMemAlloc_v2.
#define MOD_CUDA_DRIVER_FUNCTIONS(X)                                           \
  X(cuGetErrorName)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuInit)                                                                    \
  X(cuDeviceGet)                                                               \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuCtxSetCurrent)                                                           \
  X(cuCtxSynchronize)                                                          \
  X(cuModuleLoadData)                                                          \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernel)                                                            \
  X(cuLaunchKernelEx)                                                          \
  X(cuStreamCreate)                                                            \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamDestroy)                                                           \
  X(cuStreamWaitEvent)                                                         \
  X(cuEventCreate)                                                             \
  X(cuEventRecord)                                                             \
  X(cuEventSynchronize)                                                        \
  X(cuEventDestroy)                                                            \
  X(cuMemAllocAsync)                                                           \
  X(cuMemAllocManaged)                                                         \
  X(cuMemFree)                                                                 \
  X(cuMemFreeAsync)                                                            \
  X(cuMemcpyAsync)                                                             \
  X(cuMemsetD32Async)                                                          \
  X(cuMemsetD16Async)                                                          \
  X(cuMemHostRegister)                                                         \
  X(cuMemHostUnregister)

struct DriverApi {
  std::string path;
#define MOD_DECLARE_MEMBER(name) decltype(&::name) name = nullptr;
  MOD_CUDA_DRIVER_FUNCTIONS(MOD_DECLARE_MEMBER)
#undef MOD_DECLARE_MEMBER
};

/// The driver, loaded on first use (thread-safe, never destroyed: the
/// generated code's global destructors may still call into it at exit).
/// Symbols that are missing stay null and fail when first called, so an old
/// driver only fails for the features it lacks.
const DriverApi &driver() {
  static const DriverApi *api = [] {
    std::string tried, error;
    void *handle =
        openLibrary("MOD_CUDA_DRIVER_LIBRARY", {"libcuda.so.1"}, tried, error);
    if (!handle)
      fatal("cannot load the CUDA driver (%s): %s; is an NVIDIA driver "
            "installed?",
            tried.c_str(), error.c_str());
    auto *result = new DriverApi;
    result->path = tried;
#define MOD_RESOLVE(name)                                                      \
  result->name = reinterpret_cast<decltype(&::name)>(                          \
      dlsym(handle, MOD_STR(name)));
    MOD_CUDA_DRIVER_FUNCTIONS(MOD_RESOLVE)
#undef MOD_RESOLVE
    return result;
  }();
  return *api;
}

template <typename Fn>
Fn requireDriverSymbol(Fn fn, const char *symbol) {
  if (!fn)
    fatal("the CUDA driver library %s does not export %s (too old a driver "
          "for this runtime, built against CUDA %d.%d?)",
          driver().path.c_str(), symbol, CUDA_VERSION / 1000,
          CUDA_VERSION % 1000 / 10);
  return fn;
}

void checkDriver(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return;
  const DriverApi &api = driver();
  const char *name = nullptr, *description = nullptr;
  if (!api.cuGetErrorName || api.cuGetErrorName(result, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (!api.cuGetErrorString ||
      api.cuGetErrorString(result, &description) != CUDA_SUCCESS)
    description = nullptr;
  std::string code = name ? name : "CUDA error " + std::to_string(result);
  fatal("%s failed: %s: %s", what, code.c_str(),
        description ? description : "(no description)");
}

// CU(cuMemAlloc, &ptr, bytes): calls the driver's cuMemAlloc_v2, checks the
// result and reports a failure under the API name ("cuMemAlloc").
#define CU(fn, ...)                                                            \
  checkDriver(requireDriverSymbol(driver().fn, MOD_STR(fn))(__VA_ARGS__), #fn)

//===----------------------------------------------------------------------===//
// Context: cuInit once, then the primary context of the default device,
// made current on every thread that calls in.
//===----------------------------------------------------------------------===//

std::once_flag initOnce;                   // constexpr constructor
std::atomic<int> defaultDevice{0};         // constant-initialised
std::atomic<CUcontext> currentContext{nullptr};
int contextDevice = -1; // the device of currentContext; under contextMutex
thread_local CUcontext threadContext = nullptr;

std::mutex &contextMutex() {
  static std::mutex *m = new std::mutex;
  return *m;
}

CUcontext retainPrimaryContext(int ordinal) {
  CUdevice device;
  CU(cuDeviceGet, &device, ordinal);
  CUcontext context;
  CU(cuDevicePrimaryCtxRetain, &context, device);
  return context;
}

/// Makes the runtime's context current on the calling thread, initialising
/// CUDA on the first call.
void ensureContext() {
  std::call_once(initOnce, [] {
    CU(cuInit, 0);
    std::lock_guard<std::mutex> lock(contextMutex());
    contextDevice = defaultDevice.load();
    currentContext.store(retainPrimaryContext(contextDevice));
  });
  CUcontext context = currentContext.load();
  if (threadContext != context) {
    CU(cuCtxSetCurrent, context);
    threadContext = context;
  }
}

unsigned int toLaunchDim(intptr_t value, const char *what) {
  if (value < 0 || static_cast<uintmax_t>(value) > UINT_MAX)
    fatal("kernel launch: %s = %" PRIdPTR " is out of range", what, value);
  return static_cast<unsigned int>(value);
}

void allowDynamicSharedMemory(CUfunction function, int32_t smem) {
  // Above 48 KiB, dynamic shared memory must be opted into per function.
  if (smem > 48 * 1024)
    CU(cuFuncSetAttribute, function,
       CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem);
}

} // namespace

//===----------------------------------------------------------------------===//
// Modules and kernels.
//===----------------------------------------------------------------------===//

MOD_EXPORT CUmodule mgpuModuleLoad(void *data, size_t /*gpuBlobSize*/) {
  ensureContext();
  CUmodule module = nullptr;
  CU(cuModuleLoadData, &module, data);
  return module;
}

MOD_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  ensureContext();
  static constexpr unsigned kLogSize = 8192;
  char errorLog[kLogSize] = {0};
  if (optLevel < 0)
    optLevel = 0;
  if (optLevel > 4)
    optLevel = 4;
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL, CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel)),
                    errorLog,
                    reinterpret_cast<void *>(static_cast<uintptr_t>(kLogSize))};
  CUmodule module = nullptr;
  CUresult result = requireDriverSymbol(driver().cuModuleLoadDataEx,
                                        MOD_STR(cuModuleLoadDataEx))(
      &module, data, sizeof(options) / sizeof(options[0]), options, values);
  if (result != CUDA_SUCCESS && errorLog[0]) {
    errorLog[kLogSize - 1] = 0;
    std::fprintf(stderr, "mod-cuda-runtime: PTX JIT log:\n%s\n", errorLog);
  }
  checkDriver(result, "cuModuleLoadDataEx (PTX JIT)");
  return module;
}

MOD_EXPORT void mgpuModuleUnload(CUmodule module) {
  if (!module)
    return;
  ensureContext();
  CU(cuModuleUnload, module);
}

MOD_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  ensureContext();
  CUfunction function = nullptr;
  CUresult result = requireDriverSymbol(driver().cuModuleGetFunction,
                                        MOD_STR(cuModuleGetFunction))(
      &function, module, name);
  if (result != CUDA_SUCCESS) {
    std::string what = std::string("cuModuleGetFunction(\"") +
                       (name ? name : "(null)") + "\")";
    checkDriver(result, what.c_str());
  }
  return function;
}

MOD_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                 intptr_t gridY, intptr_t gridZ,
                                 intptr_t blockX, intptr_t blockY,
                                 intptr_t blockZ, int32_t smem, CUstream stream,
                                 void **params, void **extra,
                                 size_t /*paramsCount*/) {
  ensureContext();
  allowDynamicSharedMemory(function, smem);
  CU(cuLaunchKernel, function, toLaunchDim(gridX, "gridX"),
     toLaunchDim(gridY, "gridY"), toLaunchDim(gridZ, "gridZ"),
     toLaunchDim(blockX, "blockX"), toLaunchDim(blockY, "blockY"),
     toLaunchDim(blockZ, "blockZ"), static_cast<unsigned>(smem), stream,
     params, extra);
}

// MLIR 22 declares this with 14 parameters (no trailing paramsCount, unlike
// mgpuLaunchKernel); see test/Runtime/abi-completeness.test.
MOD_EXPORT void mgpuLaunchClusterKernel(
    CUfunction function, intptr_t clusterX, intptr_t clusterY,
    intptr_t clusterZ, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
    intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t smem,
    CUstream stream, void **params, void **extra) {
  ensureContext();
  allowDynamicSharedMemory(function, smem);
  CUlaunchAttribute attributes[2];
  std::memset(attributes, 0, sizeof(attributes));
  attributes[0].id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  attributes[0].value.clusterDim.x = toLaunchDim(clusterX, "clusterX");
  attributes[0].value.clusterDim.y = toLaunchDim(clusterY, "clusterY");
  attributes[0].value.clusterDim.z = toLaunchDim(clusterZ, "clusterZ");
  attributes[1].id = CU_LAUNCH_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE;
  attributes[1].value.clusterSchedulingPolicyPreference =
      CU_CLUSTER_SCHEDULING_POLICY_SPREAD;
  // More than 8 blocks per cluster is "non-portable" and needs an opt-in.
  if (static_cast<uint64_t>(clusterX) * clusterY * clusterZ > 8)
    CU(cuFuncSetAttribute, function,
       CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1);

  CUlaunchConfig config;
  std::memset(&config, 0, sizeof(config));
  config.gridDimX = toLaunchDim(gridX, "gridX");
  config.gridDimY = toLaunchDim(gridY, "gridY");
  config.gridDimZ = toLaunchDim(gridZ, "gridZ");
  config.blockDimX = toLaunchDim(blockX, "blockX");
  config.blockDimY = toLaunchDim(blockY, "blockY");
  config.blockDimZ = toLaunchDim(blockZ, "blockZ");
  config.sharedMemBytes = static_cast<unsigned>(smem);
  config.hStream = stream;
  config.attrs = attributes;
  config.numAttrs = 2;
  CU(cuLaunchKernelEx, &config, function, params, extra);
}

//===----------------------------------------------------------------------===//
// Streams and events.
//===----------------------------------------------------------------------===//

MOD_EXPORT CUstream mgpuStreamCreate() {
  ensureContext();
  CUstream stream = nullptr;
  CU(cuStreamCreate, &stream, CU_STREAM_NON_BLOCKING);
  return stream;
}

MOD_EXPORT void mgpuStreamDestroy(CUstream stream) {
  ensureContext();
  CU(cuStreamDestroy, stream);
}

MOD_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  ensureContext();
  CU(cuStreamSynchronize, stream);
}

MOD_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  ensureContext();
  CU(cuStreamWaitEvent, stream, event, /*Flags=*/0);
}

MOD_EXPORT CUevent mgpuEventCreate() {
  ensureContext();
  CUevent event = nullptr;
  CU(cuEventCreate, &event, CU_EVENT_DISABLE_TIMING);
  return event;
}

MOD_EXPORT void mgpuEventDestroy(CUevent event) {
  ensureContext();
  CU(cuEventDestroy, event);
}

MOD_EXPORT void mgpuEventSynchronize(CUevent event) {
  ensureContext();
  CU(cuEventSynchronize, event);
}

MOD_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  ensureContext();
  CU(cuEventRecord, event, stream);
}

//===----------------------------------------------------------------------===//
// Memory.
//===----------------------------------------------------------------------===//

// Device buffers come from the driver's stream-ordered pool
// (cuMemAllocAsync/cuMemFreeAsync): generated code allocates and frees
// intermediates on every call, and the pool makes that cheap and keeps frees
// from synchronising. Managed (host_shared) buffers are not stream-ordered:
// they are remembered so that a free first waits for its stream.
static std::mutex managedMutex;
static std::unordered_set<void *> &managedBuffers() {
  static auto *set = new std::unordered_set<void *>();
  return *set;
}

MOD_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, CUstream stream,
                              bool isHostShared) {
  ensureContext();
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr ptr = 0;
  if (isHostShared) {
    CU(cuMemAllocManaged, &ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL);
    std::lock_guard<std::mutex> lock(managedMutex);
    managedBuffers().insert(reinterpret_cast<void *>(ptr));
  } else {
    CU(cuMemAllocAsync, &ptr, sizeBytes, stream);
  }
  return reinterpret_cast<void *>(ptr);
}

MOD_EXPORT void mgpuMemFree(void *ptr, CUstream stream) {
  if (!ptr)
    return;
  ensureContext();
  bool managed;
  {
    std::lock_guard<std::mutex> lock(managedMutex);
    managed = managedBuffers().erase(ptr) != 0;
  }
  if (!managed) {
    CU(cuMemFreeAsync, reinterpret_cast<CUdeviceptr>(ptr), stream);
    return;
  }
  // Work queued on `stream` may still use the buffer; cuMemFree is not
  // stream-ordered.
  if (stream)
    CU(cuStreamSynchronize, stream);
  CU(cuMemFree, reinterpret_cast<CUdeviceptr>(ptr));
}

MOD_EXPORT void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                           CUstream stream) {
  ensureContext();
  CU(cuMemcpyAsync, reinterpret_cast<CUdeviceptr>(dst),
     reinterpret_cast<CUdeviceptr>(src), sizeBytes, stream);
}

MOD_EXPORT void mgpuMemset32(void *dst, uint32_t value, size_t count,
                             CUstream stream) {
  ensureContext();
  CU(cuMemsetD32Async, reinterpret_cast<CUdeviceptr>(dst), value, count,
     stream);
}

MOD_EXPORT void mgpuMemset16(void *dst, uint16_t value, size_t count,
                             CUstream stream) {
  ensureContext();
  CU(cuMemsetD16Async, reinterpret_cast<CUdeviceptr>(dst), value, count,
     stream);
}

namespace {

void hostRegister(void *ptr, uint64_t sizeBytes) {
  if (!ptr || sizeBytes == 0)
    return;
  ensureContext();
  CUresult result = requireDriverSymbol(driver().cuMemHostRegister,
                                        MOD_STR(cuMemHostRegister))(
      ptr, sizeBytes, /*Flags=*/0);
  // Registering a buffer twice (two memrefs viewing it) is harmless.
  if (result == CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED)
    return;
  checkDriver(result, "cuMemHostRegister");
}

void hostUnregister(void *ptr) {
  if (!ptr)
    return;
  ensureContext();
  CUresult result = requireDriverSymbol(driver().cuMemHostUnregister,
                                        MOD_STR(cuMemHostUnregister))(ptr);
  // The mirror image of the case above: the second unregistration of a
  // buffer registered through two views.
  if (result == CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED)
    return;
  checkDriver(result, "cuMemHostUnregister");
}

/// The bytes a ranked memref descriptor (allocated, aligned, offset,
/// sizes[rank], strides[rank]) can touch, from its first element.
void memrefExtent(int64_t rank, void *descriptor, int64_t elementSizeBytes,
                  void *&start, uint64_t &sizeBytes) {
  struct DescriptorHead {
    char *allocated;
    char *aligned;
    int64_t offset;
  };
  const auto *head = static_cast<const DescriptorHead *>(descriptor);
  const int64_t *sizes = reinterpret_cast<const int64_t *>(head + 1);
  const int64_t *strides = sizes + rank;
  start = head->aligned + head->offset * elementSizeBytes;
  int64_t lastElement = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes[i] == 0) {
      sizeBytes = 0;
      return;
    }
    if (strides[i] < 0)
      fatal("mgpuMemHostRegisterMemRef: negative stride %" PRId64
            " in dimension %" PRId64,
            strides[i], i);
    lastElement += (sizes[i] - 1) * strides[i];
  }
  sizeBytes = static_cast<uint64_t>(lastElement + 1) * elementSizeBytes;
}

} // namespace

MOD_EXPORT void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  hostRegister(ptr, sizeBytes);
}

MOD_EXPORT void mgpuMemHostUnregister(void *ptr) { hostUnregister(ptr); }

MOD_EXPORT void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                                          int64_t elementSizeBytes) {
  void *start;
  uint64_t sizeBytes;
  memrefExtent(rank, descriptor, elementSizeBytes, start, sizeBytes);
  hostRegister(start, sizeBytes);
}

MOD_EXPORT void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                            int64_t elementSizeBytes) {
  void *start;
  uint64_t sizeBytes;
  memrefExtent(rank, descriptor, elementSizeBytes, start, sizeBytes);
  if (sizeBytes)
    hostUnregister(start);
}

MOD_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  defaultDevice.store(device);
  // Before the first CUDA call this only picks the device; afterwards it
  // switches the runtime to that device's primary context. Modules loaded
  // earlier (by the generated global constructors) stay with the old one.
  {
    std::lock_guard<std::mutex> lock(contextMutex());
    if (!currentContext.load() || contextDevice == device)
      return;
  }
  ensureContext(); // cuInit has run; make sure the driver state is usable
  std::lock_guard<std::mutex> lock(contextMutex());
  if (contextDevice != device) {
    currentContext.store(retainPrimaryContext(device));
    contextDevice = device;
  }
}

//===----------------------------------------------------------------------===//
// cuBLAS: C[b] += A[b] x B[b] on row-major-indexed memrefs.
//===----------------------------------------------------------------------===//

namespace {

#define MOD_CUBLAS_FUNCTIONS(X)                                                \
  X(cublasCreate)                                                              \
  X(cublasSetMathMode)                                                         \
  X(cublasSgemm)                                                               \
  X(cublasSgemmStridedBatched)                                                 \
  X(cublasGetStatusName)                                                       \
  X(cublasGetStatusString)

struct CublasApi {
  std::string path;
#define MOD_DECLARE_MEMBER(name) decltype(&::name) name = nullptr;
  MOD_CUBLAS_FUNCTIONS(MOD_DECLARE_MEMBER)
#undef MOD_DECLARE_MEMBER
};

const CublasApi &cublas() {
  static const CublasApi *api = [] {
    std::string tried, error;
    // The loader's search path first; then the toolkit's lib64, which
    // toolkit installs do not always register with ldconfig.
    std::vector<std::string> names = {"libcublas.so.13", "libcublas.so"};
    if (const char *home = std::getenv("CUDA_HOME"); home && *home)
      names.push_back(std::string(home) + "/lib64/libcublas.so.13");
    names.push_back("/usr/local/cuda/lib64/libcublas.so.13");
    void *handle = openLibrary("MOD_CUBLAS_LIBRARY", names, tried, error);
    if (!handle)
      fatal("cannot load cuBLAS (%s): %s; is the CUDA toolkit's libcublas "
            "installed (or MOD_CUBLAS_LIBRARY set)?",
            tried.c_str(), error.c_str());
    auto *result = new CublasApi;
    result->path = tried;
#define MOD_RESOLVE(name)                                                      \
  result->name = reinterpret_cast<decltype(&::name)>(                          \
      dlsym(handle, MOD_STR(name)));
    MOD_CUBLAS_FUNCTIONS(MOD_RESOLVE)
#undef MOD_RESOLVE
    return result;
  }();
  return *api;
}

template <typename Fn>
Fn requireCublasSymbol(Fn fn, const char *symbol) {
  if (!fn)
    fatal("the cuBLAS library %s does not export %s", cublas().path.c_str(),
          symbol);
  return fn;
}

void checkCublas(cublasStatus_t status, const char *what) {
  if (status == CUBLAS_STATUS_SUCCESS)
    return;
  const CublasApi &api = cublas();
  const char *name =
      api.cublasGetStatusName ? api.cublasGetStatusName(status) : nullptr;
  const char *description =
      api.cublasGetStatusString ? api.cublasGetStatusString(status) : nullptr;
  std::string code =
      name ? name : "cuBLAS status " + std::to_string(static_cast<int>(status));
  fatal("%s failed: %s: %s", what, code.c_str(),
        description ? description : "(no description)");
}

#define CUBLAS(fn, ...)                                                        \
  checkCublas(requireCublasSymbol(cublas().fn, MOD_STR(fn))(__VA_ARGS__), #fn)

std::mutex &cublasMutex() {
  static std::mutex *m = new std::mutex;
  return *m;
}

/// The handle, created (with the math mode) on first use; the caller holds
/// cublasMutex and has made the context current.
cublasHandle_t cublasHandle() {
  static cublasHandle_t handle = nullptr;
  if (!handle) {
    CUBLAS(cublasCreate, &handle);
    const char *tf32 = std::getenv("MOD_CUBLAS_TF32");
    bool useTf32 = tf32 && std::strcmp(tf32, "1") == 0;
    CUBLAS(cublasSetMathMode, handle,
           useTf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH);
  }
  return handle;
}

} // namespace

MOD_EXPORT void _mlir_ciface_mod_gpu_matmul(mod_runtime::Memref3 *A,
                                            mod_runtime::Memref3 *B,
                                            mod_runtime::Memref3 *C) {
  mod_runtime::GemmPlan plan;
  std::string error = mod_runtime::planGemm("mod_gpu_matmul", A, B, C, plan);
  if (!error.empty())
    fatal("%s", error.c_str());
  if (plan.empty())
    return; // nothing to add
  auto op = [](const mod_runtime::OperandLayout &l) {
    return l.transposed ? CUBLAS_OP_T : CUBLAS_OP_N;
  };
  const int64_t batch = plan.batch, M = plan.M, N = plan.N, K = plan.K;
  const int64_t ldc = plan.ldc, strideA = plan.strideA, strideB = plan.strideB,
                strideC = plan.strideC;
  const mod_runtime::OperandLayout layoutA = plan.a, layoutB = plan.b;
  const float *a = plan.aData;
  const float *b = plan.bData;
  float *c = plan.cData;
  const float one = 1.0f;

  std::lock_guard<std::mutex> lock(cublasMutex());
  ensureContext();
  // Kernels queued on other streams may still be producing A and B, or
  // reading C; the generated code expects the product to be complete when
  // this returns.
  CU(cuCtxSynchronize);
  cublasHandle_t handle = cublasHandle();
  if (batch == 1)
    CUBLAS(cublasSgemm, handle, op(layoutB), op(layoutA), static_cast<int>(N),
           static_cast<int>(M), static_cast<int>(K), &one, b,
           static_cast<int>(layoutB.ld), a, static_cast<int>(layoutA.ld), &one,
           c, static_cast<int>(ldc));
  else
    CUBLAS(cublasSgemmStridedBatched, handle, op(layoutB), op(layoutA),
           static_cast<int>(N), static_cast<int>(M), static_cast<int>(K), &one,
           b, static_cast<int>(layoutB.ld), strideB, a,
           static_cast<int>(layoutA.ld), strideA, &one, c,
           static_cast<int>(ldc), strideC, static_cast<int>(batch));
  CU(cuCtxSynchronize);
}
