#!/usr/bin/env bash
# README command (a): installs what is missing, builds, and runs the demo:
# parses and verifies the bundled example (every mod op), checks that it
# prints back identically, and reports what it contains.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
EXAMPLE="${1:-$ROOT/examples/routed_mlp_layer.mlir}"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/build.sh" > "$BUILD_DIR.build.log" 2>&1 || {
  tail -40 "$BUILD_DIR.build.log"; echo "demo: build failed (log: $BUILD_DIR.build.log)"; exit 1; }

MOD_OPT="$BUILD_DIR/bin/mod-opt"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

echo "== mod-mlir demo: $EXAMPLE"
"$MOD_OPT" "$EXAMPLE" -o "$tmp/printed.mlir"
echo "parse + verify: ok"
"$MOD_OPT" "$tmp/printed.mlir" -o "$tmp/reprinted.mlir"
if cmp -s "$tmp/printed.mlir" "$tmp/reprinted.mlir"; then
  echo "print -> parse -> print: identical"
else
  echo "print -> parse -> print: DIFFERS"; diff "$tmp/printed.mlir" "$tmp/reprinted.mlir" || true; exit 1
fi
if diff -q -B <(grep -v '^//' "$EXAMPLE") "$tmp/printed.mlir" >/dev/null; then
  echo "printed form equals the source text: yes"
else
  echo "printed form equals the source text: no (source is not in canonical form)"
fi
echo
"$MOD_OPT" "$EXAMPLE" --mod-routing-report -o /dev/null
echo
echo "op counts:"
grep -oE '(mod|linalg|tensor|math|arith|func)\.[a-z_]+' "$tmp/printed.mlir" | sort | uniq -c | sort -rn | sed 's/^/  /'
