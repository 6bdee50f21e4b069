#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test mod-mlir:
# Debian's LLVM/MLIR 22, the toolchain (clang/lld/ninja/ccache) and the Python
# packages of python/requirements.txt. Idempotent: it skips what is there.
set -euo pipefail

APT_PACKAGES=(llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 lld-22 libomp-22-dev
              cmake ninja-build ccache python3 python3-pip python3-numpy python3-pytest
              libopenblas0-pthread   # the BLAS behind mod-cpu-pipeline{blas=true}
              python3-torch python3-matplotlib)  # PyTorch reference + plots (python/)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
# Debian's python3-* packages serve /usr/bin/python3 only; the python3 on PATH
# may be another interpreter (e.g. pyenv's), which gets them from PyPI.
if ! "$PY" -c "import numpy, pytest, matplotlib" 2>/dev/null; then
  echo "install-deps: pip-installing python/requirements.txt for $(command -v "$PY")"
  "$PY" -m pip install -q -r "$ROOT/python/requirements.txt" \
    || "$PY" -m pip install -q --break-system-packages -r "$ROOT/python/requirements.txt"
fi
