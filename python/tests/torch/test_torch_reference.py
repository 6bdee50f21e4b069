"""The PyTorch reference (mod_mlir.torch_reference) against the numpy one,
and the CLI end to end (bindings + JIT + both references + heatmap)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from mod_mlir import gpt  # noqa: E402
from mod_mlir import reference as ref  # noqa: E402
from mod_mlir import torch_reference as tr  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("seed", range(6))
def test_topk_rules_match_numpy_reference(seed):
    rng = np.random.default_rng(seed)
    s = rng.choice(np.array([-1.0, 0.0, 0.5, 2.0, np.inf, -np.inf, np.nan]), size=(4, 40))
    for k in (1, 7, 40):
        v_np, i_np = ref.topk(s, k)
        v_t, i_t = tr.topk(torch.tensor(s), k)
        np.testing.assert_array_equal(i_t.numpy(), i_np)
        np.testing.assert_array_equal(v_t.numpy(), v_np)


@pytest.mark.parametrize("gate", ["raw", "sigmoid", "none"])
def test_routed_block_matches_numpy_reference(gate):
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((3, 20, 8)), rng.standard_normal(8)
    want = ref.routed_block(x, w, lambda xs, pos: np.tanh(xs) * (1 + pos[..., None]), 0.3, gate)
    got = tr.routed_block(torch.tensor(x), torch.tensor(w),
                          lambda xs, pos: torch.tanh(xs) * (1 + pos[..., None]), 0.3, gate)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("rotary,parallel,act", [(False, False, "gelu"), (True, False, "silu"), (True, True, "gelu")])
def test_gpt_module_matches_numpy_forward(rotary, parallel, act):
    cfg = gpt.GPTConfig(layers=3, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=20, rotary=rotary,
                        parallel=parallel, activation=act)
    w = gpt.init_weights(cfg, 3)
    x = np.random.default_rng(0).standard_normal((2, 16, 32)).astype(np.float32)
    for routing in ({}, {1: (0.25, "raw"), 2: (0.5, "sigmoid")}):
        want = gpt.forward(cfg, w, x, routing)
        with torch.no_grad():
            got = tr.GPT(cfg, w, routing)(torch.tensor(x)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


def test_cli_end_to_end_with_heatmap(tmp_path):
    pytest.importorskip("matplotlib")
    heat = tmp_path / "heat.png"
    p = subprocess.run([sys.executable, "-m", "mod_mlir", "--heatmap", str(heat)], capture_output=True, text=True,
                       cwd=ROOT / "python", timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "routed logits vs numpy reference" in p.stdout and "MISMATCH" not in p.stdout
    assert "routed logits vs PyTorch reference" in p.stdout
    assert "mod-mlir: OK" in p.stdout
    assert heat.stat().st_size > 1000 and heat.read_bytes()[:4] == b"\x89PNG"


def test_cli_bad_config_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"layers": 1, "dim": 30, "heads": 4, "ffn": 8, "seq": 4, "batch": 1, "vocab": 5}')
    p = subprocess.run([sys.executable, "-m", "mod_mlir", "--config", str(bad)], capture_output=True, text=True,
                       cwd=ROOT / "python", timeout=300)
    assert p.returncode == 1
    assert p.stderr.startswith("mod-mlir: error:"), p.stderr
