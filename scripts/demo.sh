#!/usr/bin/env bash
# README command (a): installs what is missing, builds, and runs the main job:
# 1. a Hugging Face transformers model (examples/hf-llama-small.json: a small
#    LLaMA-style causal LM, random init, no download) through mod_mlir.hf:
#    torch-mlir export -> mod-route-dense -> mod-cpu-pipeline -> JIT, dense
#    and routed, checked against transformers and the independent PyTorch
#    MoD reference, with the routing report and routed vs dense speed
#    (`python -m mod_mlir hf`, in the venv of scripts/install-hf-venv.sh);
# 2. the bundled GPT-style model (examples/gpt-small.json, written as
#    importer-style linalg IR by python/mod_mlir/gpt.py) compiled dense and
#    in Mixture-of-Depths form (mod-route-dense), both run on the CPU with
#    mlir-runner, and the logits checked against the numpy reference.
#   scripts/demo.sh [GPT_CONFIG]   HF_CONFIG=... another transformers config
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
CONFIG="${1:-$ROOT/examples/gpt-small.json}"
HF_CONFIG="${HF_CONFIG:-$ROOT/examples/hf-llama-small.json}"
LLVM_PREFIX="${LLVM_PREFIX:-/usr/lib/llvm-22}"
PY="${PYTHON:-python3}"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/build.sh" > "$BUILD_DIR.build.log" 2>&1 || {
  tail -40 "$BUILD_DIR.build.log"; echo "demo: build failed (log: $BUILD_DIR.build.log)"; exit 1; }
BUILD_DIR="$BUILD_DIR" bash "$ROOT/scripts/install-hf-venv.sh"
export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"

status=0
echo
echo "== 1. a transformers model through mod_mlir.hf ($(basename "$HF_CONFIG"))"
MOD_MLIR_LIB_DIR="$BUILD_DIR/lib" "$BUILD_DIR/hf-venv/bin/python" -m mod_mlir hf --config "$HF_CONFIG" || status=1
echo
echo "== 2. the bundled GPT through mod-opt and mlir-runner ($(basename "$CONFIG"))"

MOD_OPT="$BUILD_DIR/bin/mod-opt"
RUNNER=("$LLVM_PREFIX/bin/mlir-runner" -e main -entry-point-result=void
        "-shared-libs=$LLVM_PREFIX/lib/libmlir_runner_utils.so,$LLVM_PREFIX/lib/libmlir_c_runner_utils.so,$BUILD_DIR/lib/libmod_cpu_runtime.so")
OUT="$BUILD_DIR/demo"
ROUTING=$("$PY" -c "import json,sys; r=json.load(open(sys.argv[1]))['routing']; print(f\"capacity={r['capacity']} gate={r['gate']} every={r['every']} offset={r['offset']}\")" "$CONFIG")

"$PY" -m mod_mlir.demo write "$CONFIG" "$OUT"
echo
echo "== mod-route-dense ($ROUTING)"
"$MOD_OPT" "$OUT/model.mlir" --mod-route-dense="$ROUTING report=true" -o "$OUT/routed.mlir"
echo
"$MOD_OPT" "$OUT/routed.mlir" --mod-routing-report -o /dev/null
echo
echo "== compile (mod-cpu-pipeline) and run (mlir-runner)"
ms() { date +%s%N | cut -b1-13; }
for which in dense routed; do
  src="$OUT/model.mlir"; [ "$which" = routed ] && src="$OUT/routed.mlir"
  t0=$(ms); "$MOD_OPT" "$src" --mod-cpu-pipeline -o "$OUT/$which.llvm.mlir"; t1=$(ms)
  "${RUNNER[@]}" "$OUT/$which.llvm.mlir" > "$OUT/$which.out"; t2=$(ms)
  printf "%6s: compile %5d ms, JIT + run %5d ms\n" "$which" $((t1 - t0)) $((t2 - t1))
done
echo
echo "== results vs the numpy reference (python/mod_mlir/gpt.py)"
"$PY" -m mod_mlir.demo check "$OUT" "$OUT/dense.out" dense || status=1
"$PY" -m mod_mlir.demo check "$OUT" "$OUT/routed.out" routed || status=1
echo
if [ $status -eq 0 ]; then echo "demo: OK"; else echo "demo: FAILED"; fi
exit $status
