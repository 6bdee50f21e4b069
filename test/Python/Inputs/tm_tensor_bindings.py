"""The Python bindings (libModCAPI.so) accept torch-mlir's tm_tensor ops:
Module.parse/load reads real imports, the tm-tensor-to-linalg pass runs from
a pipeline string, and JIT (mod-cpu-pipeline) executes them; results are
compared with numpy."""
import sys
from pathlib import Path

import numpy as np
from mod_mlir import compiler

imports = Path(sys.argv[1])

m = compiler.Module.load(imports / "kthvalue.mlir")
assert "tm_tensor.topk dimension(1)" in str(m), str(m)
lowered = m.clone().run_pipeline("builtin.module(tm-tensor-to-linalg)")
assert "tm_tensor." not in str(lowered)
print("parse + tm-tensor-to-linalg: ok")

x = np.random.default_rng(7).standard_normal((2, 5)).astype(np.float32)
(y,) = compiler.JIT(compiler.Module.load(imports / "cumsum.mlir")).invoke("cumsum", x)
np.testing.assert_allclose(y, np.cumsum(x, axis=1), rtol=1e-6, atol=1e-6)
print("JIT cumsum: ok")

x = np.random.default_rng(8).permutation(12).reshape(2, 6).astype(np.float32)
vals, idx = compiler.JIT(compiler.Module.load(imports / "kthvalue.mlir")).invoke("kthvalue", x)
order = np.argsort(x, axis=-1, kind="stable")[:, 1]
np.testing.assert_array_equal(vals, x[np.arange(2), order])
np.testing.assert_array_equal(idx, order)
print("JIT kthvalue: ok")

try:
    compiler.Module.parse("func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
                          "  %0 = tm_tensor.sort dimension(3) outs(%x : tensor<4xf32>) {\n"
                          "  ^bb0(%a: f32, %b: f32):\n"
                          "    %c = arith.cmpf ole, %a, %b : f32\n"
                          "    tm_tensor.yield %c : i1\n"
                          "  } -> tensor<4xf32>\n"
                          "  return %0 : tensor<4xf32>\n}\n")
    raise SystemExit("an invalid tm_tensor.sort parsed")
except compiler.MLIRError as e:
    assert "dimension 3 is out of range for rank 1" in str(e) + " ".join(e.diagnostics), e
print("verifier error as MLIRError: ok")
