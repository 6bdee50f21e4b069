"""mod-route-dense + mod-cpu-pipeline on IR written by a real importer:
torch-mlir's FX importer output for a small rotary GPT (python/tests/data/
torch_mlir_gpt.mlir: `(d0, d1, 0)` broadcast maps, dense_resource weights,
aten.index lowered to tensor.extract, max-with-indices softmax). Results
against the numpy reference of the MoD model with the same weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mod_mlir import gpt
from mod_mlir.compiler import JIT, Module

DATA = Path(__file__).resolve().parents[1] / "data" / "torch_mlir_gpt.mlir"
CFG = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True)


@pytest.fixture(scope="module")
def setup():
    w = gpt.init_weights(CFG, 5)
    x = np.random.default_rng(6).standard_normal((CFG.batch, CFG.seq, CFG.dim)).astype(np.float32)
    return Module.load(DATA), w, x


def test_dense_import_compiles_and_matches(setup):
    module, w, x = setup
    y, = JIT(module).invoke("model", x)
    np.testing.assert_allclose(y, gpt.forward(CFG, w, x), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("options,routing", [
    ("capacity=0.25 every=1 offset=0", {0: (0.25, "raw"), 1: (0.25, "raw")}),
    ("capacity=0.5 gate=sigmoid layers=1", {1: (0.5, "sigmoid")}),
    ("capacity=0.125 every=2 offset=0", {0: (0.125, "raw")}),
])
@pytest.mark.parametrize("pipeline", ["mod-cpu-pipeline", "mod-cpu-pipeline{portable=true}",
                                      "mod-cpu-pipeline{vectorize=false}"])
def test_routed_import_matches_reference(setup, options, routing, pipeline):
    module, w, x = setup
    m = module.clone()
    m.run_pipeline(f"mod-route-dense{{{options}}}")
    assert str(m).count("mod.routed_block") == len(routing)
    # mod-route-dense appended one router argument per routed layer, in order.
    y, = JIT(m, pipeline=pipeline).invoke("model", x, *[w[f"router{l}"] for l in sorted(routing)])
    np.testing.assert_allclose(y, gpt.forward(CFG, w, x, routing), rtol=1e-4, atol=1e-4)
