"""Object lifetimes of the bindings: a context must outlive its modules even
when the garbage collector finalizes them in another order (as it does at
interpreter exit: bench/decode.py ended with a segfault in
mlirModuleDestroy after its context was gone)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc
from mod_mlir.compiler import Context, JIT, Module

ctx = Context()
ctx.me = ctx                        # the context in a reference cycle
cycle = {"ctx": ctx}
cycle["self"] = cycle               # modules in a cycle with their context
cycle["modules"] = [Module.parse("func.func @f(%x: f32) -> f32 { return %x : f32 }", ctx) for _ in range(3)]
cycle["jit"] = JIT(cycle["modules"][0])
del ctx, cycle
gc.collect()                        # finalizes the context and the modules in one batch

ctx2 = Context()
keep = [Module.parse("func.func @g() { return }", ctx2)]
keep.append(keep)                   # left for the collector at exit
print("ok")
"""


def test_modules_and_their_context_finalized_in_any_order():
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    r = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
    assert r.stdout.strip() == "ok"
