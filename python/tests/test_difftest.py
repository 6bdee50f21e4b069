"""The differential test's own machinery (python/mod_mlir/difftest.py) that
needs no compiler: seeded generation, the numpy view of indexing maps, and
the comparison rules."""

from __future__ import annotations

import numpy as np

from mod_mlir import difftest as dt


def test_generation_is_deterministic_and_covers_the_patterns():
    a, b = dt.RandomProgram(7), dt.RandomProgram(7)
    assert a.text == b.text
    assert all(np.array_equal(x, y) for x, y in zip(a.case().expected, b.case().expected))
    text = "\n".join(dt.RandomProgram(s).text for s in range(40))
    for pattern in [", 0, d", "xi1>", "xi8>", "\"reduction\"", "linalg.matmul", "linalg.batch_matmul",
                    "linalg.transpose", "linalg.broadcast", "tensor.expand_shape", "tensor.collapse_shape",
                    "arith.cmpi", "arith.cmpf", "arith.select", "arith.extui", "arith.sitofp", "linalg.index"]:
        assert pattern in text, pattern


def test_results_match_the_declared_signature():
    for seed in range(20):
        p = dt.RandomProgram(seed)
        case = p.case()
        assert len(case.inputs) == len(p.args)
        for v, e in zip(p.outputs, case.expected):
            assert e.shape == v.shape and e.dtype == dt.NP[v.et]


def test_to_loop_views_broadcast_and_permuted_operands():
    a = np.arange(6).reshape(2, 1, 3)
    # (d0, d1, d2) -> (d0, 0, d2) over loop space (2, 4, 3): broadcast along d1
    v = dt.to_loop(a, [0, None, 2], (2, 4, 3))
    assert v.shape == (2, 4, 3) and (v[:, 3, :] == a[:, 0, :]).all()
    # (d0, d1) -> (d1, d0): a transposed operand
    t = np.arange(6).reshape(3, 2)
    assert (dt.to_loop(t, [1, 0], (2, 3)) == t.T).all()


def test_compare_rules():
    exact = np.array([1.0, 2.0], np.float32)
    assert dt.compare(exact, exact.copy(), True, 2.0, 1e-5) is None
    assert dt.compare(exact + np.float32(1e-6), exact, True, 2.0, 1e-5) is not None  # exact: bit for bit
    assert dt.compare(exact + np.float32(1e-6), exact, False, 2.0, 1e-5) is None  # within tolerance
    # Cancellation: a small result of large terms is judged against the terms' scale.
    assert dt.compare(np.float32([1e-3]), np.float32([1.001e-3]), False, 1e3, 1e-5) is None
    assert dt.compare(np.float32([1e-3]), np.float32([1.001e-3]), False, 1e-3, 1e-5) is not None
    # An i1 byte that is not 0 or 1 (packed bits) differs from true.
    packed = np.array([23], np.uint8).view(np.bool_)
    assert dt.compare(packed, np.array([True]), True, 0.0, 0.0) is not None
    assert dt.compare(np.array([5], np.int8), np.array([5], np.int8), True, 0.0, 0.0) is None
