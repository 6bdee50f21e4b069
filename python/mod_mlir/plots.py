"""Plots (matplotlib): where tokens went, and what routing buys.

- `routing_heatmap`: layers x token positions for one sequence, like the
  Mixture-of-Depths paper's figure: router score of every token in every
  routed layer, the selected (top-k) tokens outlined; dense layers shown as
  all-selected.
- `speedup_plot`: routed / dense layer time vs capacity from a benchmark CSV
  (bench/bench.py), with the ideal FLOPs ratio.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

import numpy as np

from . import gpt
from . import reference as ref


def _pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("plots need matplotlib (pip install matplotlib, or Debian's python3-matplotlib)") from e
    return plt


def routing_decisions(cfg: gpt.GPTConfig, weights: dict, x: np.ndarray, routing: dict
                      ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """layer -> (router logits [B, S], selected mask [B, S]) for the routed
    layers of the MoD model on input x (numpy reference semantics)."""
    logits: list = []
    gpt.forward(cfg, weights, x, routing, logits)
    out = {}
    for layer, (r, k) in zip(sorted(routing), logits):
        _, idx = ref.topk(r, k)
        mask = np.zeros(r.shape, dtype=bool)
        np.put_along_axis(mask, idx, True, axis=-1)
        out[layer] = (r, mask)
    return out


def routing_heatmap(cfg: gpt.GPTConfig, weights: dict, x: np.ndarray, routing: dict, path: str | Path,
                    batch_index: int = 0, title: Optional[str] = None) -> Path:
    """Writes the layers x positions heatmap of sequence `batch_index` to `path` (PNG)."""
    plt = _pyplot()
    decisions = routing_decisions(cfg, weights, x, routing)
    s = cfg.seq
    scores = np.full((cfg.layers, s), np.nan)
    selected = np.ones((cfg.layers, s), dtype=bool)
    for layer, (r, mask) in decisions.items():
        scores[layer] = r[batch_index]
        selected[layer] = mask[batch_index]
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(max(6, s / 8), 1.2 + 0.5 * cfg.layers * 2),
                                  gridspec_kw={"height_ratios": [1, 1]}, sharex=True)
    im = ax.imshow(scores, aspect="auto", cmap="viridis", interpolation="nearest")
    fig.colorbar(im, ax=ax, label="router logit")
    ax.set_ylabel("layer")
    ax.set_title(title or f"router scores (routed layers) - sequence {batch_index}")
    ax2.imshow(selected, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax2.set_ylabel("layer")
    ax2.set_xlabel("token position")
    ax2.set_title("tokens through the layer (black) / skipped (white)")
    for a in (ax, ax2):
        a.set_yticks(range(cfg.layers))
        a.set_yticklabels([f"{l}{' MoD' if l in routing else ''}" for l in range(cfg.layers)])
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def speedup_plot(csv_path: str | Path, path: str | Path) -> Path:
    """Routed / dense time vs capacity from bench/bench.py's CSV (both our
    modes and PyTorch), one line per sequence length."""
    plt = _pyplot()
    rows = list(csv.DictReader(open(csv_path)))
    seqs = sorted({int(r["S"]) for r in rows})
    fig, ax = plt.subplots(figsize=(6, 4))
    for s in seqs:
        mine = [r for r in rows if int(r["S"]) == s]
        dense = next(r for r in mine if r["row"] == "dense")
        routed = sorted((r for r in mine if r["row"] == "routed"), key=lambda r: float(r["capacity"]))
        caps = [float(r["capacity"]) for r in routed]
        for col, style, label in (("blas_ms", "o-", "ours (blas)"), ("codegen_ms", "s:", "ours (codegen)"),
                                  ("torch_ms", "x--", "torch")):
            if col in dense and dense[col] and float(dense[col]) > 0:
                ax.plot(caps, [float(r[col]) / float(dense[col]) for r in routed], style, label=f"{label} S={s}")
    ax.plot([0.125, 1.0], [0.125, 1.0], ":", color="gray", label="linear in C")
    ax.set_xlabel("capacity C")
    ax.set_ylabel("routed / dense layer time")
    ax.legend(fontsize=6)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
