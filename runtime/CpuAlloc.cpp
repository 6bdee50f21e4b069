//===- CpuAlloc.cpp - buffer allocation for mod-cpu-pipeline's code -------===//
//
// `mod-cpu-pipeline` (unless portable) lowers memref.alloc/dealloc to MLIR's
// generic allocation functions (finalize-memref-to-llvm
// {use-generic-functions}), defined here. Small blocks go straight to
// malloc/free. Large blocks (>= 256 KiB) are kept on free and handed out
// again for a request of the same size (up to 1/8 larger): glibc serves such
// blocks with mmap, so every call of a compiled layer would otherwise fault
// in and zero its intermediate buffers anew (13-25 % of a routed layer's
// time on this project's machines, docs/Benchmarks.md).
//
// Every block is a malloc/aligned_alloc block, so a buffer a compiled
// function returns may be released with plain free() by its caller (the
// Python bindings do). The cache holds at most MOD_CPU_ALLOC_CACHE_MB MiB
// (default 1024; 0 disables it).
//
//===----------------------------------------------------------------------===//

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>

#define MOD_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

constexpr size_t kSmallest = size_t(1) << 18; // 256 KiB

class BlockCache {
public:
  BlockCache() {
    size_t megabytes = 1024;
    if (const char *v = std::getenv("MOD_CPU_ALLOC_CACHE_MB"))
      megabytes = std::strtoull(v, nullptr, 10);
    limit = megabytes << 20;
  }

  /// A cached block of at least `size` bytes (at most size + size/8) whose
  /// address is a multiple of `alignment`, or null.
  void *take(size_t size, size_t alignment) {
    if (size < kSmallest || limit == 0)
      return nullptr;
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = blocks.lower_bound(size);
         it != blocks.end() && it->first <= size + size / 8; ++it) {
      if (reinterpret_cast<uintptr_t>(it->second) % alignment != 0)
        continue;
      void *block = it->second;
      held -= it->first;
      blocks.erase(it);
      return block;
    }
    return nullptr;
  }

  /// Keeps `block` for reuse when it is large and the cache has room.
  bool keep(void *block) {
    size_t size = malloc_usable_size(block);
    if (size < kSmallest)
      return false;
    std::lock_guard<std::mutex> lock(mutex);
    if (held + size > limit)
      return false;
    blocks.emplace(size, block);
    held += size;
    return true;
  }

private:
  std::mutex mutex;
  std::multimap<size_t, void *> blocks; // usable size -> block
  size_t held = 0, limit = 0;
};

BlockCache &cache() {
  // Leaked on purpose: compiled code may free buffers during exit.
  static BlockCache *c = new BlockCache();
  return *c;
}

} // namespace

MOD_EXPORT void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  if (void *block = cache().take(size, alignof(std::max_align_t)))
    return block;
  return std::malloc(size);
}

MOD_EXPORT void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment,
                                                    uint64_t size) {
  if (void *block = cache().take(size, alignment))
    return block;
  // aligned_alloc wants a size that is a multiple of the alignment.
  return std::aligned_alloc(alignment,
                            (size + alignment - 1) / alignment * alignment);
}

MOD_EXPORT void _mlir_memref_to_llvm_free(void *block) {
  if (block && !cache().keep(block))
    std::free(block);
}
