#!/usr/bin/env bash
# One command for the CPU benchmark: builds mod-mlir, installs the peers
# (pinned from PyPI into build/hf-venv: PyTorch 2.9.1 eager + torch.compile,
# IREE 3.13 + iree-turbine; Debian's OpenBLAS for numpy)
# and prints the table; CSV and PNG go to bench/results/.
#   bash bench/run.sh            GPT-2-small width: D=768, H=12, F=3072, S in {256, 1024, 2048}
#   bash bench/run.sh --small    D=256, H=4, F=1024, S in {128, 512}
#   bash bench/run.sh --threads 2   all peers and our code on 2 threads
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/install-deps.sh"
PEERS=(libopenblas0-pthread libopenblas-dev libomp-22-dev)
missing=()
for pkg in "${PEERS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
bash "$ROOT/scripts/build.sh" > /dev/null
bash "$ROOT/scripts/install-bench-peers.sh"
# bench.py sets OPENBLAS_NUM_THREADS/OMP_NUM_THREADS from --threads (default 1).
# The venv's interpreter: PyTorch 2.9.1 and IREE (Debian's torch 1.13 is not a
# peer any more: nobody would pick it).
exec "${BUILD_DIR:-$ROOT/build}/hf-venv/bin/python" "$ROOT/bench/bench.py" "$@"
