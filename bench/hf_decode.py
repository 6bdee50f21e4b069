#!/usr/bin/env python3
"""Decoding a transformers model: our compiled decode step
(mod_mlir.hf.compile_decoder, dense and with every other layer causally
routed) vs PyTorch eager `generate` of the same model, side by side in one
run, with the FLOP-ideal speed-up of each routed configuration beside the
measured one.

  build/hf-venv/bin/python bench/hf_decode.py [--batch 1 4 16] [--steps 128] [--threads 1]

Model: LLaMA-style (transformers' LlamaForCausalLM, random init), D=256,
4 heads (2 kv heads), F=768, 4 layers, vocab 2000, prompts of 16 tokens.
Thresholds per routed fraction (12.5/25/50 %) are quantiles of the router
logits of the dense model's tokens; the fraction that really went through
is measured (validity vectors) and printed.
Two ideals are printed beside the measured speed-up over our dense decode:
the FLOP ideal (a routed layer costs in proportion to the tokens that go
through it) and the skip ideal (a routed layer costs a full layer in every
step in which any row of the batch goes through it, nothing otherwise: the
bound for steps whose GEMMs read the weights once whatever the row count,
as with a few rows); `runs` is the fraction of decode steps in which a
routed layer ran. Greedy, same prompts; medians of
--repeats, measured in interleaved rounds (after one warm-up round). Writes bench/results/<date>-hf-decode.txt.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import write_results  # noqa: E402
from thread_env import apply_threads  # noqa: E402

THREADS = apply_threads()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402

from mod_mlir import hf  # noqa: E402
from mod_mlir.hf_reference import decoder_layers  # noqa: E402

PROMPT = 16
FRACTIONS = (0.125, 0.25, 0.5)


def interleaved_medians(runs: dict, repeats: int) -> dict:
    """Median seconds of each callable in `runs`, measured in rounds (each
    once per round, after one warm-up round)."""
    times = {k: [] for k in runs}
    for r in range(repeats + 1):
        for k, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            if r:
                times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def layer_flops(cfg, keys: float) -> float:
    """Multiply-adds x 2 of one decoder layer for one token attending to `keys` keys."""
    d, f, h, hk = cfg.hidden_size, cfg.intermediate_size, cfg.num_attention_heads, cfg.num_key_value_heads
    dh = d // h
    proj = d * d * 2 + 2 * d * hk * dh   # q, o; k, v
    return 2 * (proj + 3 * d * f) + 2 * 2 * h * dh * keys


def router_logits(model, ids, layers, weights):
    """x . w at each routed layer's input for every token of the dense model's text."""
    captured = {}
    _, mods = decoder_layers(model)
    hooks = [mods[l].register_forward_pre_hook(
        lambda m, args, kwargs, l=l: captured.__setitem__(l, (args[0] if args else kwargs["hidden_states"])),
        with_kwargs=True) for l in layers]
    with torch.no_grad():
        model(input_ids=torch.tensor(ids))
    for h in hooks:
        h.remove()
    return np.concatenate([(captured[l].float() @ torch.tensor(weights[l])).reshape(-1).numpy() for l in layers])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batch", type=int, nargs="+", default=[1, 4, 16])
    p.add_argument("--steps", type=int, default=128)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1, help="OMP_NUM_THREADS / MOD_NUM_THREADS / torch threads")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    a = p.parse_args()
    torch.set_num_threads(THREADS)
    cfg = transformers.AutoConfig.for_model(
        "llama", hidden_size=256, intermediate_size=768, num_attention_heads=4, num_key_value_heads=2,
        num_hidden_layers=4, vocab_size=2000, max_position_embeddings=1024, initializer_range=0.05,
        bos_token_id=None, eos_token_id=None, pad_token_id=None)
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(cfg).float().eval()
    routed_layers = list(range(1, cfg.num_hidden_layers, 2))
    rng = np.random.default_rng(0)
    weights = {l: rng.standard_normal(cfg.hidden_size).astype(np.float32) for l in routed_layers}
    max_len = PROMPT + a.steps
    stamp = datetime.date.today().isoformat()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    load = os.getloadavg()[0]
    lines = [f"mod-mlir transformers decode benchmark {stamp} on {platform.node()} ({cpu}, {os.cpu_count()} CPUs, "
             f"load {load:.2f}); LlamaForCausalLM D=256 H=4/2 F=768 L=4 V=2000, prompt {PROMPT}, {a.steps} new "
             f"tokens, greedy, median of {a.repeats}, {THREADS} thread(s); torch {torch.__version__}, "
             f"transformers {transformers.__version__}; ours: hf.compile_decoder, default mod-cpu-pipeline (JIT), "
             f"prompt in one call (prefill) then one call per new token"]
    head_flops = 2 * cfg.hidden_size * cfg.vocab_size
    for batch in a.batch:
        ids = rng.integers(1, cfg.vocab_size, (batch, PROMPT)).astype(np.int64)
        dense = hf.compile_decoder(model, batch=batch, max_len=max_len)
        ours = dense.generate(ids, a.steps)
        with torch.no_grad():
            want = model.generate(torch.tensor(ids), max_new_tokens=a.steps, min_new_tokens=a.steps,
                                  do_sample=False).numpy()
        same = np.array_equal(ours, want)
        logits = router_logits(model, ours, routed_layers, weights)
        steps = PROMPT + a.steps - 1  # slots the validity vectors cover
        calls = a.steps  # a prefill and a.steps - 1 decode steps
        routed = {}
        for frac in FRACTIONS:
            thr = float(np.quantile(logits, 1 - frac))
            routed[frac] = (thr, hf.compile_decoder(model, routed_layers=routed_layers, threshold=thr,
                                                    router_weights=weights, batch=batch, max_len=max_len))
        # Every configuration once per round, rounds repeated: drifts of a
        # noisy machine hit all of them alike.
        runs = {"eager": lambda: model.generate(torch.tensor(ids), max_new_tokens=a.steps,
                                                min_new_tokens=a.steps, do_sample=False),
                "dense": lambda: dense.generate(ids, a.steps)}
        for frac, (_, dec) in routed.items():
            runs[frac] = (lambda d: lambda: d.generate(ids, a.steps))(dec)
        times = interleaved_medians(runs, a.repeats)
        t_eager, t_dense = times["eager"], times["dense"]
        lines.append(f"B={batch}: PyTorch eager generate {t_eager * 1e3:.0f} ms ({batch * a.steps / t_eager:.0f} "
                     f"tokens/s); ours dense {t_dense * 1e3:.0f} ms ({batch * a.steps / t_dense:.0f} tokens/s, "
                     f"{t_dense / calls * 1e3:.2f} ms/call), {t_eager / t_dense:.2f}x eager; dense tokens equal "
                     f"transformers: {same}")
        lines.append(f"  {'routed layers ' + str(routed_layers):<34}{'ms':>8}{'tokens/s':>10}{'vs dense':>10}"
                     f"{'FLOP ideal':>12}{'skip ideal':>12}{'routed':>9}{'runs':>9}")
        keys = (PROMPT + max_len) / 2
        for frac, (thr, dec) in routed.items():
            t = times[frac]
            # Measured routed fraction: the steps once more, reading the validity vectors.
            seq = dec.generate(ids, a.steps)
            caches = dec.new_caches()
            slots = np.ones((batch, max_len), np.int64)
            for s in range(steps):
                _, caches = dec.step(seq[:, s], slots, np.full(batch, s), s, caches)
            n = len(dec.cache_shapes)
            valid = [caches[n + i] for i in range(len(routed_layers))]
            kept = float(np.mean([v[:, :steps].mean() for v in valid]))
            # Decode steps in which a routed layer runs at all (some row routed).
            runs = float(np.mean([v[:, PROMPT:steps].any(axis=0).mean() for v in valid]))
            per_layer = layer_flops(cfg, keys)
            dense_f = cfg.num_hidden_layers * per_layer + head_flops
            unrouted = cfg.num_hidden_layers - len(routed_layers)
            routed_f = (unrouted + kept * len(routed_layers)) * per_layer + head_flops
            # A step whose GEMMs are bound by reading the weights (few rows)
            # pays a routed layer in full whenever one row goes through it.
            skip_f = (unrouted + runs * len(routed_layers)) * per_layer + head_flops
            lines.append(f"  {f'~{frac:.3g} pass (threshold {thr:+.2f})':<34}{t * 1e3:>8.0f}{batch * a.steps / t:>10.0f}"
                         f"{t_dense / t:>10.2f}{dense_f / routed_f:>12.2f}{dense_f / skip_f:>12.2f}"
                         f"{100 * kept:>8.1f}%{100 * runs:>8.1f}%")
    print("\n".join(lines))
    write_results(a.out, stamp, "hf-decode", "build/hf-venv/bin/python bench/hf_decode.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
