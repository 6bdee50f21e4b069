#!/usr/bin/env bash
# Entry point of the GPU bundle (built by scripts/gpu-bundle.sh on a machine
# with LLVM 22 + the CUDA toolkit): execution tests against the numpy
# reference, compute-sanitizer memcheck/racecheck, the GPU benchmark.
# Needs only the NVIDIA driver, python3 (numpy for the checks, PyTorch
# optional for the peer rows). Options: see `python3 run_bundle.py --help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export PATH="$PATH:${CUDA_HOME:-/usr/local/cuda}/bin"
exec python3 run_bundle.py "$@"
