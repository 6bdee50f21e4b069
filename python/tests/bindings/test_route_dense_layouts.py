"""Layers with ops along non-token axes (RoPE's rotate_half as concat or
insert_slice, padding of features; test/Dialect/Mod/Transforms/route-dense-rope.mlir)
routed by mod-route-dense, compiled by the default CPU pipeline and run,
against the numpy reference of the routed block with the same per-token
function written in numpy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mod_mlir import reference as ref
from mod_mlir.compiler import JIT, Module

CASES = (Path(__file__).resolve().parents[3] / "test" / "Dialect" / "Mod" / "Transforms" / "route-dense-rope.mlir").read_text().split("// -----")


def rotate_half(x):
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def _case(name):
    return next(c for c in CASES if f"@{name}(" in c)


@pytest.mark.parametrize("pipeline", ["mod-cpu-pipeline", "mod-cpu-pipeline{vectorize=false fuse=false}",
                                      "mod-cpu-pipeline{threads=2}"])
@pytest.mark.parametrize("capacity,gate", [(0.5, "raw"), (0.25, "sigmoid"), (1.0, "none")])
def test_rotate_half_layers_route_and_match_the_reference(pipeline, capacity, gate):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 4, 8)).astype(np.float32)
    cos = rng.standard_normal((4, 8)).astype(np.float32)
    w = rng.standard_normal(8).astype(np.float32)
    funcs = {
        "rotate_half_concat": (lambda xs, pos: rotate_half(xs) * cos[pos], (x, cos, w)),
        "rotate_half_insert_slice": (lambda xs, pos: np.tanh(rotate_half(xs)), (x, w)),
        "pad_features": (lambda xs, pos: np.concatenate([xs[..., :4], np.zeros_like(xs[..., :3]), xs[..., :1]], -1),
                         (x, w)),
    }
    for name, (f, args) in funcs.items():
        m = Module.parse(_case(name))
        m.run_pipeline(f"mod-route-dense{{every=1 offset=0 capacity={capacity} gate={gate}}}")
        assert "mod.routed_block" in str(m), name
        got, = JIT(m, pipeline=pipeline).invoke(name, *args)
        want = ref.routed_block(x, w, f, capacity, gate)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=name)
