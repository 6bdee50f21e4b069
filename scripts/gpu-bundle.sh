#!/usr/bin/env bash
# Builds the ahead-of-time GPU bundle (needs LLVM 22 and the CUDA toolkit,
# no GPU): the GPU execution tests and benchmark programs as executables
# linked only with our runtime, plus their reference outputs and driver.
#   scripts/gpu-bundle.sh [--chip sm_90] [--out DIR] [--no-bench]
# Copy the bundle (default build/gpu-bundle, a few MiB) to the GPU machine
# and run `bash run.sh` there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/build.sh" > /dev/null
export PATH="$PATH:${CUDA_HOME:-/usr/local/cuda}/bin"   # ptxas
exec python3 "$ROOT/scripts/gpu_bundle.py" "$@"
