#!/usr/bin/env bash
# A real torch.nn.Module through torch-mlir: builds mod-mlir, creates (once)
# the venv of scripts/install-hf-venv.sh (build/hf-venv: PyTorch 2.9.1,
# torch-mlir 20261001, transformers 5.24.0 from PyPI; PyPI's Linux torch
# wheel is the CUDA build, ~4 GB with its nvidia-* dependencies), then runs
#   python -m mod_mlir torch --heatmap build/torch-demo/heatmap.png
# : the bundled GPT as a PyTorch module -> FX importer (linalg-on-tensors)
# -> parsed by our MLIR 22 -> mod-route-dense -> JIT -> compared with the
# PyTorch module routed the same way -> routing heatmap. Extra arguments go
# to `python -m mod_mlir torch` (e.g. --capacity 0.125 --every 1 --offset 0).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/install-deps.sh" >/dev/null
bash "$ROOT/scripts/build.sh" >/dev/null
BUILD_DIR="$BUILD_DIR" bash "$ROOT/scripts/install-hf-venv.sh"
VENV="$BUILD_DIR/hf-venv"
mkdir -p "$BUILD_DIR/torch-demo"
cd "$ROOT/python"
export MOD_MLIR_LIB_DIR="$BUILD_DIR/lib"
echo "== tests of the import path (python/tests/torch_mlir)"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/torch_mlir
echo "== python -m mod_mlir torch"
"$VENV/bin/python" -m mod_mlir torch --heatmap "$BUILD_DIR/torch-demo/heatmap.png" "$@"
