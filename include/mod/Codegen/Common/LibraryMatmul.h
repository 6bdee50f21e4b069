//===- LibraryMatmul.h - matmuls a runtime GEMM call can take ---*- C++ -*-===//
//
// Which linalg matmuls mod-matmul-to-library turns into a runtime GEMM call:
// f32 linalg.matmul / linalg.batch_matmul whose indexing maps are the
// default ones up to a transpose of A and/or B (the call takes strided views,
// so a transposed operand is a view with swapped strides, not a copy). Shared
// by mod-tile-and-vectorize (which leaves these ops for the call) and
// mod-matmul-to-library.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_COMMON_LIBRARYMATMUL_H
#define MOD_CODEGEN_COMMON_LIBRARYMATMUL_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace mlir {
namespace mod {

/// Which operands of a library matmul are read transposed.
struct MatmulTransposes {
  bool a = false;
  bool b = false;
};

/// The indexing maps of a library matmul with `batch` leading batch dims
/// (dims: batch..., m, n, k) reading A and B as `t` says.
inline SmallVector<AffineMap> libraryMatmulMaps(MLIRContext *ctx,
                                                unsigned batch,
                                                MatmulTransposes t) {
  auto map = [&](unsigned r0, unsigned r1) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < batch; ++d)
      exprs.push_back(getAffineDimExpr(d, ctx));
    exprs.push_back(getAffineDimExpr(batch + r0, ctx));
    exprs.push_back(getAffineDimExpr(batch + r1, ctx));
    return AffineMap::get(batch + 3, 0, exprs, ctx);
  };
  const unsigned m = 0, n = 1, k = 2;
  return {t.a ? map(k, m) : map(m, k), t.b ? map(n, k) : map(k, n),
          map(m, n)};
}

/// The transposes of `op`'s A and B if it is a linalg.matmul or
/// linalg.batch_matmul whose maps are the default ones up to transposing A
/// and/or B (C is never transposed); std::nullopt otherwise. Element types
/// are not checked here.
inline std::optional<MatmulTransposes> getLibraryMatmulTransposes(Operation *op) {
  unsigned batch;
  if (isa<linalg::MatmulOp>(op))
    batch = 0;
  else if (isa<linalg::BatchMatmulOp>(op))
    batch = 1;
  else
    return std::nullopt;
  SmallVector<AffineMap> maps = cast<linalg::LinalgOp>(op).getIndexingMapsArray();
  for (bool a : {false, true})
    for (bool b : {false, true}) {
      MatmulTransposes t{a, b};
      if (maps == libraryMatmulMaps(op->getContext(), batch, t))
        return t;
    }
  return std::nullopt;
}

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_COMMON_LIBRARYMATMUL_H
