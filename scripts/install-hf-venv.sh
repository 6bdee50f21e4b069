#!/usr/bin/env bash
# Creates the Python venv the Hugging Face tests and the main demo run in:
# $BUILD_DIR/hf-venv (default build/hf-venv) with pinned torch 2.9.1,
# torch-mlir 20261001 and transformers 5.24.0 from PyPI, plus numpy, pytest,
# pytest-xdist (the HF tests run on two processes), matplotlib, onnx 1.23.2
# and onnxscript 0.7.2 (the tests that export to ONNX, with both of torch's
# exporters, and import with torch-mlir's ONNX importer). Idempotent: an existing venv that imports the pinned
# versions is reused as it is (the CI keeps build/ between runs); a partial
# one is completed. PyPI's Linux torch wheel is the CUDA build, so the
# first install downloads ~4 GB (7.4 GB installed) and takes minutes.
#   MOD_HF_VENV=DIR   another location;  PYTHON=python3.X   the base interpreter
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
VENV="${MOD_HF_VENV:-$BUILD_DIR/hf-venv}"
PY="${PYTHON:-python3}"
PINS=("torch==2.9.1" "torch-mlir==20261001" "transformers==5.24.0" "onnx==1.23.2" "onnxscript==0.7.2" numpy
      pytest pytest-xdist matplotlib)

usable() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<'EOF' 2>/dev/null
import importlib.metadata as md
import matplotlib, numpy, onnx, onnxscript, pytest, torch, torch_mlir, transformers, xdist  # noqa: F401
assert md.version("torch").split("+")[0] == "2.9.1", md.version("torch")
assert md.version("torch-mlir") == "20261001", md.version("torch-mlir")
assert md.version("transformers") == "5.24.0", md.version("transformers")
assert md.version("onnx") == "1.23.2", md.version("onnx")
assert md.version("onnxscript") == "0.7.2", md.version("onnxscript")
EOF
}

mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9  # one install at a time (demo and tests may start together)
if usable; then
  echo "install-hf-venv: $VENV is ready (torch 2.9.1, torch-mlir 20261001, transformers 5.24.0, onnx 1.23.2, onnxscript 0.7.2)"
  exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "install-hf-venv: creating $VENV with $("$PY" --version 2>&1)"
  "$PY" -m venv "$VENV"
fi
echo "install-hf-venv: pip-installing ${PINS[*]} into $VENV (the first time ~4 GB, several minutes)"
t0=$(date +%s)
"$VENV/bin/python" -m pip install -q --no-cache-dir "${PINS[@]}"
if ! usable; then
  echo "install-hf-venv: $VENV still does not import the pinned packages" >&2
  exit 1
fi
echo "install-hf-venv: done in $(( $(date +%s) - t0 )) s"
