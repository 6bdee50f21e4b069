#!/usr/bin/env bash
# The benchmark's peers, from PyPI, pinned, in the Hugging Face venv
# (build/hf-venv, which has PyTorch 2.9.1: eager and torch.compile):
# IREE 3.13 (iree-base-compiler, iree-base-runtime) and iree-turbine 3.9 (the
# torch importer), and PyPI's OpenBLAS (scipy-openblas32: a BLAS to compare
# our runtime's GEMM with through MOD_BLAS_LIBRARY; Debian's 0.3.21 is 6-10x
# slower on this CPU). Installed with --no-deps so that nothing replaces the
# pinned torch the tests use; turbine's small dependencies are added by name.
# Idempotent. Used by bench/run.sh; the tests do not need it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
VENV="${MOD_HF_VENV:-$BUILD_DIR/hf-venv}"
bash "$ROOT/scripts/install-hf-venv.sh"
PINS=("iree-base-compiler==3.13.0" "iree-base-runtime==3.13.0" "iree-turbine==3.9.0"
      "scipy-openblas32==0.3.34.481.3")
usable() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as md
import iree.compiler, iree.runtime, iree.turbine.aot, scipy_openblas32  # noqa: F401
assert md.version("iree-base-compiler") == "3.13.0"
assert md.version("iree-base-runtime") == "3.13.0"
PY
}
exec 9>"$VENV.lock"
flock 9
if usable; then
  echo "install-bench-peers: IREE 3.13.0 + iree-turbine 3.9.0 + scipy-openblas32 ready in $VENV"
  exit 0
fi
"$VENV/bin/python" -m pip install -q --no-cache-dir --no-deps "${PINS[@]}"
# iree-turbine's own dependencies, where the venv lacks them.
"$VENV/bin/python" -m pip install -q --no-cache-dir decorator ml_dtypes Jinja2 typing_extensions
usable || { echo "install-bench-peers: IREE does not import from $VENV" >&2; exit 1; }
echo "install-bench-peers: IREE 3.13.0 + iree-turbine 3.9.0 installed into $VENV"
