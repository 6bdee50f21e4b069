/* A fake CUDA driver (libcuda.so.1 stand-in) for testing libmod_cuda_runtime
 * on machines without a GPU. Compiled against the toolkit's cuda.h, so every
 * function is exported under the versioned name the real driver uses
 * (cuMemAlloc -> cuMemAlloc_v2).
 *
 * Memory is host memory (malloc), streams and events do nothing (every
 * operation completes when called), and the two kernels of
 * Inputs/gpu-program.mlir are emulated by name. Every call is traced to
 * stderr as "fake-cuda: ...".
 *
 * FAKE_CUDA_FAIL=<name> makes the function of that (unversioned) name fail:
 * cuInit with CUDA_ERROR_NO_DEVICE, cuMemAllocAsync with CUDA_ERROR_OUT_OF_MEMORY,
 * cuModuleLoadDataEx with CUDA_ERROR_INVALID_PTX (and a JIT log), others
 * with CUDA_ERROR_INVALID_VALUE.
 *
 * Built with -DFAKE_CUDA_MINIMAL it exports only cuInit and the two error
 * string functions (an "old driver" lacking what the runtime needs).
 */
#include <cuda.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACE(...)                                                             \
  do {                                                                         \
    fprintf(stderr, "fake-cuda: " __VA_ARGS__);                                \
    fputc('\n', stderr);                                                       \
  } while (0)

static int failing(const char *name) {
  const char *fail = getenv("FAKE_CUDA_FAIL");
  return fail && strcmp(fail, name) == 0;
}

CUresult cuGetErrorName(CUresult error, const char **str) {
  switch (error) {
  case CUDA_SUCCESS: *str = "CUDA_SUCCESS"; return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_VALUE: *str = "CUDA_ERROR_INVALID_VALUE"; return CUDA_SUCCESS;
  case CUDA_ERROR_OUT_OF_MEMORY: *str = "CUDA_ERROR_OUT_OF_MEMORY"; return CUDA_SUCCESS;
  case CUDA_ERROR_NO_DEVICE: *str = "CUDA_ERROR_NO_DEVICE"; return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_PTX: *str = "CUDA_ERROR_INVALID_PTX"; return CUDA_SUCCESS;
  case CUDA_ERROR_NOT_FOUND: *str = "CUDA_ERROR_NOT_FOUND"; return CUDA_SUCCESS;
  case CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED: *str = "CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED"; return CUDA_SUCCESS;
  case CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED: *str = "CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED"; return CUDA_SUCCESS;
  default: *str = NULL; return CUDA_ERROR_INVALID_VALUE;
  }
}

CUresult cuGetErrorString(CUresult error, const char **str) {
  switch (error) {
  case CUDA_SUCCESS: *str = "no error"; return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_VALUE: *str = "invalid argument"; return CUDA_SUCCESS;
  case CUDA_ERROR_OUT_OF_MEMORY: *str = "out of memory"; return CUDA_SUCCESS;
  case CUDA_ERROR_NO_DEVICE: *str = "no CUDA-capable device is detected"; return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_PTX: *str = "a PTX JIT compilation failed"; return CUDA_SUCCESS;
  case CUDA_ERROR_NOT_FOUND: *str = "named symbol not found"; return CUDA_SUCCESS;
  case CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED: *str = "part or all of the requested memory range is already mapped"; return CUDA_SUCCESS;
  case CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED: *str = "pointer does not correspond to a registered memory region"; return CUDA_SUCCESS;
  default: *str = NULL; return CUDA_ERROR_INVALID_VALUE;
  }
}

CUresult cuInit(unsigned int flags) {
  TRACE("cuInit(%u)", flags);
  if (failing("cuInit"))
    return CUDA_ERROR_NO_DEVICE;
  return CUDA_SUCCESS;
}

#ifndef FAKE_CUDA_MINIMAL

static int fakeContext; /* its address is the one context */

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  TRACE("cuDeviceGet(%d)", ordinal);
  if (failing("cuDeviceGet") || ordinal != 0)
    return CUDA_ERROR_INVALID_VALUE;
  *device = ordinal;
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *ctx, CUdevice device) {
  TRACE("cuDevicePrimaryCtxRetain(%d)", device);
  *ctx = (CUcontext)&fakeContext;
  return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
  TRACE("cuCtxSetCurrent(%s)", ctx == (CUcontext)&fakeContext ? "primary" : "other");
  return ctx == (CUcontext)&fakeContext ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuCtxSynchronize(void) {
  TRACE("cuCtxSynchronize()");
  return CUDA_SUCCESS;
}

/* ---- modules and kernels ------------------------------------------------ */

static int fakeModule;

CUresult cuModuleLoadData(CUmodule *module, const void *image) {
  TRACE("cuModuleLoadData(%s)", image ? "image" : "null");
  if (failing("cuModuleLoadData"))
    return CUDA_ERROR_INVALID_VALUE;
  *module = (CUmodule)&fakeModule;
  return CUDA_SUCCESS;
}

CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                            unsigned int numOptions, CUjit_option *options,
                            void **optionValues) {
  long optLevel = -1;
  char *log = NULL;
  size_t logSize = 0;
  for (unsigned i = 0; i < numOptions; ++i) {
    if (options[i] == CU_JIT_OPTIMIZATION_LEVEL)
      optLevel = (long)(intptr_t)optionValues[i];
    else if (options[i] == CU_JIT_ERROR_LOG_BUFFER)
      log = (char *)optionValues[i];
    else if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES)
      logSize = (size_t)(uintptr_t)optionValues[i];
  }
  TRACE("cuModuleLoadDataEx(ptx for sm_90: %s, options=%u, optLevel=%ld, "
        "error log: %s)",
        strstr((const char *)image, ".target sm_90") ? "yes" : "no",
        numOptions, optLevel, log && logSize ? "yes" : "no");
  if (failing("cuModuleLoadDataEx")) {
    if (log && logSize)
      snprintf(log, logSize, "ptxas fatal   : fake JIT failure");
    return CUDA_ERROR_INVALID_PTX;
  }
  *module = (CUmodule)&fakeModule;
  return CUDA_SUCCESS;
}

CUresult cuModuleUnload(CUmodule module) {
  TRACE("cuModuleUnload(%s)", module == (CUmodule)&fakeModule ? "module" : "?");
  return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(CUfunction *function, CUmodule module,
                             const char *name) {
  TRACE("cuModuleGetFunction(%s)", name);
  if (module != (CUmodule)&fakeModule ||
      (strcmp(name, "double") != 0 && strcmp(name, "copy16") != 0))
    return CUDA_ERROR_NOT_FOUND;
  *function = (CUfunction)strdup(name);
  return CUDA_SUCCESS;
}

CUresult cuFuncSetAttribute(CUfunction f, CUfunction_attribute attrib,
                            int value) {
  TRACE("cuFuncSetAttribute(%s, %d, %d)", (const char *)f, (int)attrib, value);
  return CUDA_SUCCESS;
}

/* The kernels of gpu-program.mlir on the CPU. A memref<16xT> argument is
 * five parameters: allocated, aligned, offset, size, stride. */
static CUresult emulate(const char *name, unsigned threads, void **params) {
  if (strcmp(name, "double") == 0) {
    float *data = *(float **)params[1];
    int64_t offset = *(int64_t *)params[2], stride = *(int64_t *)params[4];
    for (unsigned t = 0; t < threads; ++t)
      data[offset + t * stride] *= 2.0f;
    return CUDA_SUCCESS;
  }
  if (strcmp(name, "copy16") == 0) {
    int16_t *from = *(int16_t **)params[1], *to = *(int16_t **)params[6];
    int64_t fromOffset = *(int64_t *)params[2], fromStride = *(int64_t *)params[4];
    int64_t toOffset = *(int64_t *)params[7], toStride = *(int64_t *)params[9];
    for (unsigned t = 0; t < threads; ++t)
      to[toOffset + t * toStride] = from[fromOffset + t * fromStride];
    return CUDA_SUCCESS;
  }
  return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned smem,
                        CUstream stream, void **params, void **extra) {
  TRACE("cuLaunchKernel(%s, grid %ux%ux%u, block %ux%ux%u, smem %u, "
        "stream %s, extra %s)",
        (const char *)f, gx, gy, gz, bx, by, bz, smem, stream ? "set" : "null",
        extra ? "set" : "null");
  if (failing("cuLaunchKernel"))
    return CUDA_ERROR_INVALID_VALUE;
  return emulate((const char *)f, gx * bx, params);
}

CUresult cuLaunchKernelEx(const CUlaunchConfig *config, CUfunction f,
                          void **params, void **extra) {
  unsigned cx = 0, cy = 0, cz = 0;
  int policy = -1;
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    if (config->attrs[i].id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION) {
      cx = config->attrs[i].value.clusterDim.x;
      cy = config->attrs[i].value.clusterDim.y;
      cz = config->attrs[i].value.clusterDim.z;
    } else if (config->attrs[i].id ==
               CU_LAUNCH_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE) {
      policy = (int)config->attrs[i].value.clusterSchedulingPolicyPreference;
    }
  }
  TRACE("cuLaunchKernelEx(%s, cluster %ux%ux%u, policy %d, grid %ux%ux%u, "
        "block %ux%ux%u, smem %u, stream %s, extra %s)",
        (const char *)f, cx, cy, cz, policy, config->gridDimX,
        config->gridDimY, config->gridDimZ, config->blockDimX,
        config->blockDimY, config->blockDimZ, config->sharedMemBytes,
        config->hStream ? "set" : "null", extra ? "set" : "null");
  return emulate((const char *)f, config->gridDimX * config->blockDimX, params);
}

/* ---- streams and events -------------------------------------------------- */

static int streamCount, eventCount;

CUresult cuStreamCreate(CUstream *stream, unsigned int flags) {
  TRACE("cuStreamCreate(flags=%u)", flags);
  *stream = (CUstream)(intptr_t)(0x1000 + ++streamCount);
  return CUDA_SUCCESS;
}
CUresult cuStreamSynchronize(CUstream stream) {
  TRACE("cuStreamSynchronize(%s)", stream ? "stream" : "null");
  return CUDA_SUCCESS;
}
CUresult cuStreamDestroy(CUstream stream) {
  TRACE("cuStreamDestroy(%s)", stream ? "stream" : "null");
  return CUDA_SUCCESS;
}
CUresult cuStreamWaitEvent(CUstream stream, CUevent event, unsigned int flags) {
  TRACE("cuStreamWaitEvent(%s, %s, %u)", stream ? "stream" : "null",
        event ? "event" : "null", flags);
  return CUDA_SUCCESS;
}
CUresult cuEventCreate(CUevent *event, unsigned int flags) {
  TRACE("cuEventCreate(flags=%u)", flags);
  *event = (CUevent)(intptr_t)(0x2000 + ++eventCount);
  return CUDA_SUCCESS;
}
CUresult cuEventRecord(CUevent event, CUstream stream) {
  TRACE("cuEventRecord(%s, %s)", event ? "event" : "null",
        stream ? "stream" : "null");
  return CUDA_SUCCESS;
}
CUresult cuEventSynchronize(CUevent event) {
  TRACE("cuEventSynchronize(%s)", event ? "event" : "null");
  return CUDA_SUCCESS;
}
CUresult cuEventDestroy(CUevent event) {
  TRACE("cuEventDestroy(%s)", event ? "event" : "null");
  return CUDA_SUCCESS;
}

/* ---- memory ---------------------------------------------------------------- */

CUresult cuMemAllocAsync(CUdeviceptr *ptr, size_t bytes, CUstream stream) {
  TRACE("cuMemAllocAsync(%zu, stream %s)", bytes, stream ? "set" : "null");
  if (failing("cuMemAllocAsync"))
    return CUDA_ERROR_OUT_OF_MEMORY;
  *ptr = (CUdeviceptr)(uintptr_t)calloc(1, bytes);
  return CUDA_SUCCESS;
}
CUresult cuMemAllocManaged(CUdeviceptr *ptr, size_t bytes, unsigned int flags) {
  TRACE("cuMemAllocManaged(%zu, flags=%u)", bytes, flags);
  *ptr = (CUdeviceptr)(uintptr_t)calloc(1, bytes);
  return CUDA_SUCCESS;
}
CUresult cuMemFree(CUdeviceptr ptr) {
  TRACE("cuMemFree()");
  free((void *)(uintptr_t)ptr);
  return CUDA_SUCCESS;
}
CUresult cuMemFreeAsync(CUdeviceptr ptr, CUstream stream) {
  TRACE("cuMemFreeAsync(stream %s)", stream ? "set" : "null");
  free((void *)(uintptr_t)ptr);
  return CUDA_SUCCESS;
}
CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t bytes,
                       CUstream stream) {
  TRACE("cuMemcpyAsync(%zu bytes, stream %s)", bytes, stream ? "set" : "null");
  memmove((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, bytes);
  return CUDA_SUCCESS;
}
CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned int value, size_t count,
                          CUstream stream) {
  TRACE("cuMemsetD32Async(0x%08x x %zu, stream %s)", value, count,
        stream ? "set" : "null");
  uint32_t *p = (uint32_t *)(uintptr_t)dst;
  for (size_t i = 0; i < count; ++i)
    p[i] = value;
  return CUDA_SUCCESS;
}
CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short value, size_t count,
                          CUstream stream) {
  TRACE("cuMemsetD16Async(0x%04x x %zu, stream %s)", value, count,
        stream ? "set" : "null");
  uint16_t *p = (uint16_t *)(uintptr_t)dst;
  for (size_t i = 0; i < count; ++i)
    p[i] = value;
  return CUDA_SUCCESS;
}

static void *registered[16];

CUresult cuMemHostRegister(void *p, size_t bytes, unsigned int flags) {
  for (int i = 0; i < 16; ++i)
    if (registered[i] == p) {
      TRACE("cuMemHostRegister(%zu bytes, flags=%u) -> already registered",
            bytes, flags);
      return CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED;
    }
  TRACE("cuMemHostRegister(%zu bytes, flags=%u)", bytes, flags);
  for (int i = 0; i < 16; ++i)
    if (!registered[i]) {
      registered[i] = p;
      return CUDA_SUCCESS;
    }
  return CUDA_ERROR_OUT_OF_MEMORY;
}
CUresult cuMemHostUnregister(void *p) {
  for (int i = 0; i < 16; ++i)
    if (registered[i] == p) {
      TRACE("cuMemHostUnregister()");
      registered[i] = NULL;
      return CUDA_SUCCESS;
    }
  TRACE("cuMemHostUnregister() -> not registered");
  return CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED;
}

#endif /* FAKE_CUDA_MINIMAL */
