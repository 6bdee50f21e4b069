/* Calls libmod_cpu_runtime's generic allocation functions (what
 * mod-cpu-pipeline's code calls for memref.alloc/dealloc) and prints what
 * they did: large blocks come back from the cache, small ones do not,
 * alignment is honoured, blocks are plain malloc blocks (free() takes them).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *_mlir_memref_to_llvm_alloc(uint64_t size);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *block);

int main(void) {
  const uint64_t big = 3u << 20, small = 1000;
  char *a = _mlir_memref_to_llvm_alloc(big);
  memset(a, 1, big);
  _mlir_memref_to_llvm_free(a);
  char *b = _mlir_memref_to_llvm_alloc(big);
  printf("large block reused: %s\n", a == b ? "yes" : "no");
  char *c = _mlir_memref_to_llvm_alloc(big - 4096); /* within 1/8: reusable */
  printf("second large block distinct: %s\n", c != b ? "yes" : "no");
  _mlir_memref_to_llvm_free(c);
  char *d = _mlir_memref_to_llvm_alloc(big / 2); /* much smaller: not c */
  printf("half-size request reuses it: %s\n", d == c ? "yes" : "no");
  void *e = _mlir_memref_to_llvm_aligned_alloc(4096, big - 4096);
  printf("aligned: %s\n", ((uintptr_t)e % 4096) == 0 ? "yes" : "no");
  char *s = _mlir_memref_to_llvm_alloc(small);
  _mlir_memref_to_llvm_free(s);
  free(b); /* a plain malloc block */
  free(d);
  free(e);
  _mlir_memref_to_llvm_free(NULL);
  printf("done\n");
  return 0;
}
