"""Unit tests of the numpy reference semantics (independent of the compiler)."""

import numpy as np
import pytest

from mod_mlir import reference as ref


def test_capacity_k_rounding_and_clamp():
    assert ref.capacity_k(0.3, 10) == 3  # 0.3*10 = 3.0000000000000004 in f64
    assert ref.capacity_k(0.125, 64) == 8
    assert ref.capacity_k(0.001, 7) == 1  # clamped up to 1
    assert ref.capacity_k(1.0, 7) == 7
    assert ref.capacity_k(0.5, 7) == 4  # non-integer C*S rounds up
    for bad in (0.0, -0.5, 1.5, float("nan")):
        with pytest.raises(ValueError):
            ref.capacity_k(bad, 8)


def test_topk_orders_by_position_and_breaks_ties_low():
    scores = np.array([[1.0, 5.0, 3.0, 5.0, 0.0, 3.0]])
    values, idx = ref.topk(scores, 3)
    # Best: 5@1, 5@3, then 3@2 beats 3@5 (lower position); output ascending.
    assert idx.tolist() == [[1, 2, 3]]
    assert values.tolist() == [[5.0, 3.0, 5.0]]


def test_topk_all_equal_selects_first_positions():
    values, idx = ref.topk(np.zeros((2, 8)), 3)
    assert idx.tolist() == [[0, 1, 2], [0, 1, 2]]


def test_topk_nan_ranks_last():
    scores = np.array([[np.nan, 1.0, np.nan, -5.0]])
    _, idx = ref.topk(scores, 3)
    assert idx.tolist() == [[0, 1, 3]]


def test_topk_matches_argsort_without_ties():
    rng = np.random.default_rng(0)
    s = rng.standard_normal((4, 50))
    _, idx = ref.topk(s, 7)
    expect = np.sort(np.argsort(-s, axis=-1)[:, :7], axis=-1)
    assert (idx == expect).all()


def test_gather_scatter_roundtrip():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 6, 3))
    idx = np.array([[0, 2, 5], [1, 3, 4]])
    xs = ref.gather(x, idx)
    assert np.array_equal(xs[1, 2], x[1, 4])
    y = ref.scatter_add(x, idx, xs, np.full((2, 3), 2.0))
    assert np.allclose(y[0, 2], 3 * x[0, 2])
    assert np.allclose(y[0, 1], x[0, 1])  # unselected rows unchanged


def test_scatter_rejects_duplicate_indices():
    with pytest.raises(ValueError):
        ref.scatter_add(np.zeros((1, 4, 2)), np.array([[1, 1]]), np.ones((1, 2, 2)))


def test_full_capacity_no_gate_equals_dense_layer():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 7, 4))
    w = rng.standard_normal(4)
    m = rng.standard_normal((4, 4))
    f = lambda xs, pos: np.tanh(xs @ m)
    y = ref.routed_block(x, w, f, capacity=1.0, gate_kind="none")
    assert np.allclose(y, x + np.tanh(x @ m))


def test_routed_block_gates():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 5, 2))
    w = rng.standard_normal(2)
    f = lambda xs, pos: np.ones_like(xs)
    r = x[0] @ w
    top = np.sort(np.argsort(-r)[:2])
    y_raw = ref.routed_block(x, w, f, capacity=0.4, gate_kind="raw")
    y_sig = ref.routed_block(x, w, f, capacity=0.4, gate_kind="sigmoid")
    y_none = ref.routed_block(x, w, f, capacity=0.4, gate_kind="none", bias=0.5)
    for j, s in enumerate(top):
        assert np.allclose(y_raw[0, s], x[0, s] + r[s])
        assert np.allclose(y_sig[0, s], x[0, s] + 1 / (1 + np.exp(-r[s])))
    rest = [s for s in range(5) if s not in top]
    assert np.allclose(y_raw[0, rest], x[0, rest])
    assert np.allclose(y_none[0, top], x[0, top] + 1)


def test_positions_passed_to_block_are_original_positions():
    x = np.zeros((1, 6, 1))
    x[0, [1, 4], 0] = 1.0  # router picks positions 1 and 4
    seen = {}

    def f(xs, pos):
        seen["pos"] = pos.copy()
        return np.zeros_like(xs)

    ref.routed_block(x, np.array([1.0]), f, capacity=2 / 6)
    assert seen["pos"].tolist() == [[1, 4]]
