"""Reference semantics of Mixture-of-Depths routing in numpy (docs/Semantics.md §1).

This module is written from the semantics, not from the compiler, and is the
source of expected values for the integration tests.

    r  = x . w (+ b)                                   router logits  [B, S]
    k  = clamp(ceil(C*S - 1e-9), 1, S)
    I  = top-k(r) per row; ties to the lower position; ascending      [B, k]
    xs = x[b, I[b]]                                                    [B, k, D]
    y  = x;  y[b, I[b, j]] += g(r[b, I[b, j]]) * f(xs, I)[b, j]

Ordering of scores: larger is better; equal scores prefer the lower position;
NaN ranks below every number (and NaNs among themselves by position).
"""

from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np

GATES = ("raw", "sigmoid", "none")


def capacity_k(capacity: float, seq_len: int) -> int:
    """k = clamp(ceil(C*S - 1e-9), 1, S); the epsilon absorbs rounding of C."""
    if not (0.0 < capacity <= 1.0):
        raise ValueError(f"capacity must be in (0, 1], got {capacity}")
    if seq_len < 1:
        raise ValueError(f"sequence length must be >= 1, got {seq_len}")
    return int(min(max(math.ceil(capacity * seq_len - 1e-9), 1), seq_len))


def router(x: np.ndarray, w: np.ndarray, b: Optional[float] = None) -> np.ndarray:
    """Router logits r[b, s] = <x[b, s, :], w> (+ b), shape [B, S]."""
    r = np.einsum("bsd,d->bs", x, w)
    if b is not None:
        r = r + b
    return r


def topk(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k along the last axis: (values, indices), indices ascending by position.

    Ties go to the lower position; NaN ranks below every number.
    """
    n = scores.shape[-1]
    if not (1 <= k <= n):
        raise ValueError(f"k must be in [1, {n}], got {k}")
    flat = scores.reshape(-1, n)
    idx = np.empty((flat.shape[0], k), dtype=np.int64)
    for row in range(flat.shape[0]):
        vals = flat[row]
        nan = np.isnan(vals)
        # Sort key: NaNs last, then by descending value, then by ascending position.
        keys = [(1 if nan[s] else 0, 0.0 if nan[s] else -float(vals[s]), s) for s in range(n)]
        chosen = sorted(keys)[:k]
        idx[row] = np.sort([s for _, _, s in chosen])
    idx = idx.reshape(scores.shape[:-1] + (k,))
    values = np.take_along_axis(scores, idx, axis=-1)
    return values, idx


def causal_select(scores: np.ndarray, threshold: float, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Causal routing (docs/Semantics.md section 2): per row the positions
    whose score is > threshold (NaN never), ascending, in the first `count`
    slots; the rest hold the padding index S. If more than k_max pass, the
    k_max highest scores are kept (ties to the lower position).
    Returns (indices [..., k_max], count [...])."""
    n = scores.shape[-1]
    if not 1 <= k_max <= n:
        raise ValueError(f"k_max must be in [1, {n}], got {k_max}")
    if not np.isfinite(threshold):
        raise ValueError(f"threshold must be finite, got {threshold}")
    flat = scores.reshape(-1, n)
    idx = np.full((flat.shape[0], k_max), n, dtype=np.int64)
    count = np.zeros(flat.shape[0], dtype=np.int64)
    for row in range(flat.shape[0]):
        passing = [s for s in range(n) if flat[row, s] > threshold]
        if len(passing) > k_max:
            passing = sorted(sorted(passing, key=lambda s: (-float(flat[row, s]), s))[:k_max])
        idx[row, :len(passing)] = passing
        count[row] = len(passing)
    return idx.reshape(scores.shape[:-1] + (k_max,)), count.reshape(scores.shape[:-1])


def gather(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """result[b, j, ...] = x[b, idx[b, j], ...]; the padding index S reads zeros."""
    s = x.shape[1]
    padded = np.concatenate([x, np.zeros_like(x[:, :1])], axis=1)
    return np.stack([padded[b, np.minimum(idx[b], s)] for b in range(x.shape[0])])


def scatter_add(base: np.ndarray, idx: np.ndarray, upd: np.ndarray,
                weights: Optional[np.ndarray] = None) -> np.ndarray:
    """result = base; result[b, idx[b, j], ...] += weights[b, j] * upd[b, j, ...]."""
    out = np.array(base, copy=True)
    s = base.shape[1]
    for b in range(base.shape[0]):
        real = [int(i) for i in idx[b] if i != s]  # S: padding slot, skipped
        if len(set(real)) != len(real):
            raise ValueError(f"indices of row {b} are not unique")
        for j in range(idx.shape[1]):
            if idx[b, j] == s:
                continue
            scale = 1.0 if weights is None else weights[b, j]
            out[b, idx[b, j]] += scale * upd[b, j]
    return out


def gate(values: np.ndarray, kind: str) -> Optional[np.ndarray]:
    """The router-weight gate g applied to the selected logits (None means g = 1)."""
    if kind == "raw":
        return values
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-values))
    if kind == "none":
        return None
    raise ValueError(f"gate must be one of {GATES}, got {kind!r}")


def routed_block(x: np.ndarray, w: np.ndarray, f: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 capacity: float, gate_kind: str = "raw", bias: Optional[float] = None,
                 threshold: Optional[float] = None,
                 predictor: Optional[Callable[[np.ndarray], np.ndarray]] = None) -> np.ndarray:
    """The whole routed block: y = x + g(r_I) * f(x_I, I) scattered at I.
    With `threshold`, I is the causal selection (causal_select with
    k_max = k); padding slots have position S and zero rows, and are dropped.
    With `predictor` (x [B,S,D] -> [B,S]) its logits decide the causal
    selection; the router logits still gate."""
    k = capacity_k(capacity, x.shape[1])
    r = router(x, w, bias)
    if threshold is None:
        values, idx = topk(r, k)
    else:
        decision = r if predictor is None else predictor(x)
        idx, _ = causal_select(decision, threshold, k)
        values = gather(r[..., None], idx)[..., 0]
    xs = gather(x, idx)
    update = f(xs, idx)
    if update.shape != xs.shape:
        raise ValueError(f"block returned shape {update.shape}, expected {xs.shape}")
    return scatter_add(x, idx, update, gate(values, gate_kind))
