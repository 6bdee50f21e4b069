"""The GPU top-k kernel's algorithm (lib/Conversion/ModToGPU/Kernels/TopKRadixSelect.mlir)
replayed step by step in numpy and compared with the reference semantics.

No GPU is needed: this checks the algorithm the kernel implements (key
transform, 4-pass radix select of the k-th key, packed (gt, eq) prefix sums
with the slot formula, chunking by the block size), so that a wrong formula
is caught on any machine. The kernel's execution on a GPU is checked by
test/Integration/GPU/run-on-gpu.test and the AOT bundle.
"""

from __future__ import annotations

import numpy as np
import pytest

from mod_mlir import reference as ref

BLOCK = 512  # threads per block in the kernel


def order_keys(x: np.ndarray) -> np.ndarray:
    """Order-preserving uint32 keys: larger float -> larger key, -0.0 -> the
    key of +0.0 (they compare equal, so they tie), NaN -> 0."""
    u = x.astype(np.float32).view(np.uint32).copy()
    u[u == np.uint32(0x80000000)] = 0
    key = np.where(u >> 31 == 1, ~u, u | np.uint32(0x80000000)).astype(np.uint32)
    key[np.isnan(x)] = 0
    return key


def kernel_row(x: np.ndarray, k: int, block: int = BLOCK) -> tuple[np.ndarray, np.ndarray]:
    key = order_keys(x)
    prefix, mask, rem = 0, 0, k
    for p in range(4):  # radix select, most significant digit first
        shift = 24 - 8 * p
        match = (key & np.uint32(mask)) == np.uint32(prefix)
        hist = np.bincount(((key[match] >> np.uint32(shift)) & np.uint32(255)).astype(np.int64), minlength=256)
        above, found, chosen, above_bin = 0, False, 0, 0
        for j in range(256):  # one thread, bins from 255 down
            b = 255 - j
            cum = above + int(hist[b])
            now = cum >= rem and not found
            if now:
                found, chosen, above_bin = True, b, above
            above = cum
        rem -= above_bin
        prefix |= chosen << shift
        mask |= 255 << shift
    kth = np.uint32(prefix)
    idx = np.full(k, -1, dtype=np.int64)
    vals = np.zeros(k, dtype=np.float32)
    gt_base = eq_base = 0
    for c in range(0, len(x), block):  # ordered compaction chunk by chunk
        pos = np.arange(c, c + block)
        valid = pos < len(x)
        kk = np.where(valid, key[np.minimum(pos, len(x) - 1)], 0).astype(np.uint32)
        gt = valid & (kk > kth)
        eq = valid & (kk == kth)
        packed = (gt.astype(np.int64) << 16) | eq.astype(np.int64)
        incl = np.cumsum(packed)
        excl = incl - packed
        total = int(incl[-1])
        gt_before = (excl >> 16) + gt_base
        eq_before = (excl & 0xFFFF) + eq_base
        chosen = gt | (eq & (eq_before < rem))
        slot = gt_before + np.minimum(eq_before, rem)
        assert len(set(slot[chosen].tolist())) == int(chosen.sum()), "two positions share a slot"
        idx[slot[chosen]] = pos[chosen]
        vals[slot[chosen]] = x[pos[chosen]]
        gt_base += total >> 16
        eq_base += total & 0xFFFF
    assert (idx >= 0).all(), "a slot was never written"
    return vals, idx


def check(scores: np.ndarray, k: int, block: int = BLOCK):
    want_vals, want_idx = ref.topk(scores[None, :], k)
    vals, idx = kernel_row(scores, k, block)
    np.testing.assert_array_equal(idx, want_idx[0])
    np.testing.assert_array_equal(np.isnan(vals), np.isnan(want_vals[0]))
    np.testing.assert_array_equal(vals[~np.isnan(vals)], want_vals[0][~np.isnan(want_vals[0])])


@pytest.mark.parametrize("seq,k", [(1, 1), (7, 1), (64, 64), (300, 37), (513, 200), (5000, 625), (20000, 2500)])
def test_random_scores(seq, k):
    rng = np.random.default_rng(seq * 31 + k)
    check(rng.standard_normal(seq).astype(np.float32), k)


@pytest.mark.parametrize("seq,k", [(300, 37), (1024, 128), (1500, 700)])
def test_ties_nans_signs_and_infinities(seq, k):
    rng = np.random.default_rng(seq + k)
    x = rng.choice(np.array([-2.0, -0.0, 0.0, 0.5, 1.0, 3.0, np.inf, -np.inf], dtype=np.float32), size=seq)
    x[rng.random(seq) < 0.05] = np.nan
    check(x, k)


def test_all_equal_and_all_nan():
    check(np.full(1000, 1.5, dtype=np.float32), 125)
    check(np.full(700, np.nan, dtype=np.float32), 300)


def test_chunking_independent_of_block_size():
    rng = np.random.default_rng(5)
    x = rng.integers(-3, 4, size=2000).astype(np.float32)  # many ties across chunks
    for block in (32, 128, 512, 1024):
        check(x, 333, block)


def test_keys_preserve_float_order():
    x = np.array([-np.inf, -3.0, -1e-30, -0.0, 0.0, 1e-30, 2.0, np.inf], dtype=np.float32)
    keys = order_keys(x)
    assert (np.diff(keys.astype(np.int64)) >= 0).all()
    assert keys[3] == keys[4]  # -0.0 ties with +0.0
    assert order_keys(np.array([np.nan], dtype=np.float32))[0] < keys.min()
