//===- TokenAxes.h - Residual stream and token-axis analyses ----*- C++ -*-===//
//
// Analyses behind mod-route-dense:
//  - the residual stream of a dense transformer: x_{i+1} = x_i + g_i(x_i),
//    grouped into layers (token-mixing sub-block + per-token sub-blocks);
//  - for the values of a layer, which dimensions are batch / token axes.
//
//===----------------------------------------------------------------------===//
#ifndef MOD_ANALYSIS_TOKENAXES_H
#define MOD_ANALYSIS_TOKENAXES_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
namespace mod {

/// What one dimension of a tensor indexes.
struct TokenAxis {
  enum Kind {
    None,       ///< features, heads, weights: unaffected by routing
    Batch,      ///< the batch, size B
    Token,      ///< the sequence, size S (k after routing)
    BatchToken, ///< batch x sequence flattened batch-major, size B*S
    BatchGroup  ///< batch x `factor` flattened batch-major (e.g. B*H)
  };
  Kind kind = None;
  int64_t factor = 1;

  bool isNone() const { return kind == None; }
  bool isTokenLike() const { return kind == Token || kind == BatchToken; }
  bool isBatchLike() const {
    return kind == Batch || kind == BatchGroup || kind == BatchToken;
  }
  bool operator==(const TokenAxis &o) const {
    return kind == o.kind && (kind != BatchGroup || factor == o.factor);
  }
  bool operator!=(const TokenAxis &o) const { return !(*this == o); }
};
using TokenAxes = SmallVector<TokenAxis, 4>;

/// One sub-block on the residual stream: `op` computes residual + branch.
/// In a post-LayerNorm transformer (GPT-1, OPT-350m) the stream goes on
/// from a per-token computation of that sum, LN(residual + branch):
/// `post` is its result (null when the stream goes on from the sum).
struct ResidualStep {
  Operation *op;
  Value residual;
  Value branch;
  Value post = {};
  Value output() const { return post ? post : op->getResult(0); }
};

/// Finds the longest residual chain in `func` (steps in program order).
/// A step whose sum feeds the next step only through a computation that
/// nothing else reads (a post-LayerNorm) gets that computation's result as
/// `post`; the chain's last step gets one when its sum is followed by a
/// computation of the same ops as the previous step's (the last layer's
/// norm, recognized by the other layers' norms).
SmallVector<ResidualStep> findResidualChain(func::FuncOp func);

/// True if `v` is computed (transitively) from `target`, including through
/// values the defining ops' regions capture.
bool dependsOn(Value v, Value target);

/// Matches an elementwise addition of two tensors of the same static type
/// of rank `rank`: arith.addf on tensors, or a linalg op with identity maps
/// whose payload is a single addf of its two inputs (linalg.add,
/// importer-style generics); `lhs`/`rhs` are its operands.
bool matchTensorAdd(Operation *op, Value &lhs, Value &rhs, int64_t rank = 3);

/// The top-level ops of `input`'s block that depend on `input` and that
/// `output` depends on, in program order (the computation from one to the
/// other, including the op defining `output`).
SmallVector<Operation *> sliceBetween(Value input, Value output);

/// Token-axis analysis over a set of ops reached from a seed value of type
/// [B, S, D] (axes Batch, Token, None).
class TokenAxisAnalysis {
public:
  TokenAxisAnalysis(int64_t batch, int64_t seqLen)
      : batch(batch), seqLen(seqLen) {}

  /// Runs over `ops` (program order). On failure, `failedOp`/`reason` say
  /// which op stopped the analysis and why.
  LogicalResult run(ArrayRef<Operation *> ops, Value seed);

  /// Axes of a value computed inside the analysed ops (empty if unknown).
  const TokenAxes *axesOf(Value v) const;
  /// Axes of the loops of an analysed linalg op.
  const TokenAxes *loopAxesOf(Operation *op) const;
  /// For an operand whose value comes from outside the analysed ops: the
  /// axes its dimensions take in that use (only recorded when some axis is
  /// not None).
  const TokenAxes *externalAxesOf(OpOperand *operand) const;

  /// True if some analysed op mixes tokens (a reduction over a token loop,
  /// or two token loops in one op, as in Q K^T).
  bool mixesTokens = false;
  Operation *failedOp = nullptr;
  std::string reason;

  int64_t batch, seqLen;

private:
  LogicalResult fail(Operation *op, const llvm::Twine &why);
  LogicalResult visitLinalg(Operation *op);
  LogicalResult visitCollapse(Operation *op);
  LogicalResult visitExpand(Operation *op);
  LogicalResult visitExtractSlice(Operation *op);
  LogicalResult visitInsertSlice(Operation *op);
  LogicalResult visitConcat(Operation *op);
  LogicalResult visitPad(Operation *op);
  LogicalResult visitElementwise(Operation *op);
  LogicalResult setAxes(Operation *op, Value v, TokenAxes axes);
  /// Axes of `source` (an operand of `op` that must come from the analysed
  /// ops); records the failure and returns null otherwise.
  const TokenAxes *sourceAxes(Operation *op, Value source);

  llvm::DenseMap<Value, TokenAxes> axes;
  llvm::DenseMap<Operation *, TokenAxes> loopAxes;
  llvm::DenseMap<OpOperand *, TokenAxes> externalAxes;
};

} // namespace mod
} // namespace mlir

#endif // MOD_ANALYSIS_TOKENAXES_H
