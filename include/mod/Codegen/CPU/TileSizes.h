//===- TileSizes.h - tile size helpers of the CPU code generation -*- C++ -*-===//
//
// Shared by mod-tile-and-vectorize and mod-fuse-attention: tiles are chosen
// as divisors of the loop extents, so every tile is full (static shapes, no
// masks).
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_CPU_TILESIZES_H
#define MOD_CODEGEN_CPU_TILESIZES_H

#include <algorithm>
#include <cstdint>

namespace mlir {
namespace mod {

/// The largest divisor of `extent` that is <= `limit` (at least 1).
inline int64_t largestDivisorAtMost(int64_t extent, int64_t limit) {
  for (int64_t d = std::min(extent, std::max<int64_t>(limit, 1)); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_CPU_TILESIZES_H
