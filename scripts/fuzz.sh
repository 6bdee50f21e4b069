#!/usr/bin/env bash
# Builds the libFuzzer harness (ASan + UBSan) into build-fuzz/ and fuzzes
# mod-opt's parse -> verify -> pipelines path, seeded with every .mlir file
# of the test suite (split at `// -----`).
#   scripts/fuzz.sh [RUNS] [extra libFuzzer flags...]     (default 1000000 runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$ROOT/build-fuzz}"
RUNS="${1:-1000000}"; shift || true

bash "$ROOT/scripts/install-deps.sh"
BUILD_TYPE=RelWithDebInfo bash "$ROOT/scripts/build.sh" -DMOD_ENABLE_FUZZER=ON \
  -DLLVM_USE_SANITIZER="Address;Undefined" > "$BUILD_DIR.log" 2>&1 || { tail -30 "$BUILD_DIR.log"; exit 1; }
ninja -C "$BUILD_DIR" mod-fuzz > /dev/null

SEEDS="$BUILD_DIR/fuzz-seeds"; CORPUS="$BUILD_DIR/fuzz-corpus"; FINDINGS="$BUILD_DIR/fuzz-findings"
mkdir -p "$SEEDS" "$CORPUS" "$FINDINGS"
python3 - "$ROOT" "$SEEDS" <<'PY'
import pathlib, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
n = 0
for f in sorted(list((root / "test").rglob("*.mlir")) + list((root / "examples").rglob("*.mlir"))):
    for i, chunk in enumerate(f.read_text().split("// -----")):
        if chunk.strip() and len(chunk) < 20000:
            (out / f"{f.stem}-{i}.mlir").write_text(chunk)
            n += 1
# A small GPT-style model, so route-dense and the CPU pipeline see a real layer.
sys.path.insert(0, str(root / "python"))
from mod_mlir import gpt
cfg = gpt.GPTConfig(layers=2, dim=8, heads=2, ffn=16, seq=4, batch=2, vocab=8)
(out / "gpt-tiny.mlir").write_text(gpt.build_model_ir(cfg, gpt.init_weights(cfg, 0)) + "\n")
cfg.mask, cfg.rotary = "constant", True
(out / "gpt-tiny-rotary.mlir").write_text(gpt.build_model_ir(cfg, gpt.init_weights(cfg, 0)) + "\n")
print(f"fuzz: {n + 2} seed inputs")
PY
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
"$BUILD_DIR/bin/mod-fuzz" "$CORPUS" "$SEEDS" -fork=1 -ignore_crashes=1 -rss_limit_mb=6000 -runs="$RUNS" -max_len=65536 -timeout=30 \
  -artifact_prefix="$FINDINGS/" -print_final_stats=1 "$@"
