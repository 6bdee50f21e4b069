#!/usr/bin/env bash
# One command for the CPU benchmark: builds mod-mlir, installs the peers
# (Debian's python3-torch, OpenBLAS, matplotlib) and prints the table; CSV and
# PNG go to bench/results/.
#   bash bench/run.sh            GPT-2-small width: D=768, H=12, F=3072, S in {256, 1024, 2048}
#   bash bench/run.sh --small    D=256, H=4, F=1024, S in {128, 512}
#   bash bench/run.sh --threads 2   all peers and our code on 2 threads (OpenMP)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/install-deps.sh"
PEERS=(python3-torch python3-numpy python3-matplotlib libopenblas0-pthread libopenblas-dev libomp-22-dev)
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
# bench.py sets OPENBLAS_NUM_THREADS/OMP_NUM_THREADS from --threads (default 1).
# Debian's interpreter: it has Debian's torch and numpy (on OpenBLAS).
exec /usr/bin/python3 "$ROOT/bench/bench.py" "$@"
