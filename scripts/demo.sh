#!/usr/bin/env bash
# README command (a): installs what is missing, builds, and runs the main job:
# the bundled GPT-style model (examples/gpt-small.json, written as
# importer-style linalg IR by python/mod_mlir/gpt.py) is compiled dense and
# in Mixture-of-Depths form (mod-route-dense), both run on the CPU with
# mlir-runner, and the logits are checked against the numpy reference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
CONFIG="${1:-$ROOT/examples/gpt-small.json}"
LLVM_PREFIX="${LLVM_PREFIX:-/usr/lib/llvm-22}"
PY="${PYTHON:-python3}"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/build.sh" > "$BUILD_DIR.build.log" 2>&1 || {
  tail -40 "$BUILD_DIR.build.log"; echo "demo: build failed (log: $BUILD_DIR.build.log)"; exit 1; }

MOD_OPT="$BUILD_DIR/bin/mod-opt"
RUNNER=("$LLVM_PREFIX/bin/mlir-runner" -e main -entry-point-result=void
        "-shared-libs=$LLVM_PREFIX/lib/libmlir_runner_utils.so,$LLVM_PREFIX/lib/libmlir_c_runner_utils.so")
OUT="$BUILD_DIR/demo"
export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
ROUTING=$("$PY" -c "import json,sys; r=json.load(open(sys.argv[1]))['routing']; print(f\"capacity={r['capacity']} gate={r['gate']} every={r['every']} offset={r['offset']}\")" "$CONFIG")

echo "== mod-mlir demo: $(basename "$CONFIG")"
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
status=0
"$PY" -m mod_mlir.demo check "$OUT" "$OUT/dense.out" dense || status=1
"$PY" -m mod_mlir.demo check "$OUT" "$OUT/routed.out" routed || status=1
echo
if [ $status -eq 0 ]; then echo "demo: OK"; else echo "demo: FAILED"; fi
exit $status
