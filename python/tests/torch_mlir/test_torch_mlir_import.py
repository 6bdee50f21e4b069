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


def test_torch_cond_imports_as_scf_if_and_runs_either_branch():
    """enable_cond_import: torch.cond (per row, with weights closed over
    and a tensor written by one branch only) becomes scf.if; both branches
    run, exactly as in PyTorch."""
    from mod_mlir.torch_import import enable_cond_import
    enable_cond_import()

    class PerRow(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(8, 8)

        def forward(self, x, cache, slot):
            rows = []
            for b in range(x.shape[0]):
                def through(xb, cb, s):
                    written = cb.index_copy(0, s, xb)
                    return self.lin(xb) + written.sum(0)
                rows.append(torch.cond(x[b].sum() > 0, through, lambda xb, cb, s: xb.clone(),
                                       (x[b:b + 1], cache[b], slot)))
            return torch.cat(rows)

    torch.manual_seed(0)
    model = PerRow().eval()
    cache, slot = torch.randn(3, 4, 8), torch.tensor([2])
    x = torch.randn(3, 8)
    text = import_module(model, x, cache, slot)
    assert text.count("scf.if") == 3
    jit = JIT(text)
    taken = set()
    for seed in range(4):
        x = torch.randn(3, 8, generator=torch.Generator().manual_seed(seed))
        taken |= set((x.sum(1) > 0).tolist())
        with torch.no_grad():
            want = model(x, cache, slot).numpy()
        got, = jit.invoke("model", x.numpy(), cache.numpy(), slot.numpy())
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert taken == {True, False}


@pytest.mark.parametrize("approximate", ["tanh", "none"])
def test_gelu_is_exact_to_float32_rounding(approximate):
    """Both GELU forms compiled from an import equal PyTorch's float64 GELU
    as closely as PyTorch's float32 kernel does (within 8x; torch-mlir's own
    lowering of the tanh form, with sqrt(2/pi) written 0.797724, was 100x off:
    our imports decompose that op first, torch_import.decomposition_table)."""
    class Gelu(torch.nn.Module):
        def forward(self, x):
            return torch.nn.functional.gelu(x, approximate=approximate)

    x = torch.linspace(-8, 8, 32 * 512).reshape(32, 512)
    got = JIT(import_module(Gelu(), x)).invoke("model", x.numpy())[0].astype(np.float64)
    want = Gelu()(x.double()).numpy()
    ours = np.abs(got - want).max()
    pytorch = np.abs(Gelu()(x).numpy() - want).max()
    assert ours <= 8 * max(pytorch, 1e-6), (ours, pytorch)
