"""torch-mlir's FX importer -> our MLIR 22 (run by scripts/torch-mlir-demo.sh,
which installs torch + torch-mlir; skipped elsewhere)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torch_mlir")

from mod_mlir import gpt  # noqa: E402
from mod_mlir import torch_reference as tr  # noqa: E402
from mod_mlir.compiler import JIT, Module  # noqa: E402
from mod_mlir.torch_import import import_module  # noqa: E402

CFG = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True, activation="silu")


@pytest.mark.parametrize("generic", [False, True])
def test_imported_text_parses_with_mlir_22(generic):
    model = tr.GPT(CFG, gpt.init_weights(CFG, 2), dtype=torch.float32).eval()
    text = import_module(model, torch.zeros(2, 16, 32), generic=generic)
    assert Module.parse(text).function_names() == ["model"]


def test_routed_import_matches_the_routed_pytorch_module():
    w = gpt.init_weights(CFG, 2)
    x = np.random.default_rng(3).standard_normal((2, 16, 32)).astype(np.float32)
    m = Module.parse(import_module(tr.GPT(CFG, w, dtype=torch.float32).eval(), torch.tensor(x)))
    m.run_pipeline("mod-route-dense{capacity=0.25 every=1 offset=0 gate=sigmoid}")
    y, = JIT(m).invoke("model", x, w["router0"], w["router1"])
    routing = {0: (0.25, "sigmoid"), 1: (0.25, "sigmoid")}
    with torch.no_grad():
        want = tr.GPT(CFG, w, routing, dtype=torch.float32)(torch.tensor(x)).numpy()
    np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-4)


def test_a_module_the_importer_cannot_handle_is_a_clear_error():
    class DataDependent(torch.nn.Module):
        def forward(self, x):
            if x.sum() > 0:  # data-dependent control flow: torch.export refuses it
                return x * 2
            return x

    with pytest.raises(ValueError, match="torch-mlir could not import DataDependent"):
        import_module(DataDependent(), torch.ones(2, 2))
