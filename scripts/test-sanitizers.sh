#!/usr/bin/env bash
# Builds mod-mlir with AddressSanitizer + UndefinedBehaviorSanitizer (clang-22,
# Debian's libclang-rt-22-dev) into build-asan/ and runs the lit suite under
# it; any sanitizer report fails the test that triggered it.
#   scripts/test-sanitizers.sh [lit args...]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$ROOT/build-asan}"
LLVM_PREFIX="${LLVM_PREFIX:-/usr/lib/llvm-22}"

bash "$ROOT/scripts/install-deps.sh" || exit 1
dpkg-query -W -f='${Status}' libclang-rt-22-dev 2>/dev/null | grep -q "install ok installed" || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q libclang-rt-22-dev; }
BUILD_TYPE=RelWithDebInfo bash "$ROOT/scripts/build.sh" -DLLVM_USE_SANITIZER="Address;Undefined" || exit 1

# Reports abort (a signal), so `not` and expect_exit.py see a crash, not an
# ordinary exit code. Leak checking stays on; MLIR's own registries are not reported as
# leaks by LSan (they stay reachable). The install test rebuilds a consumer
# without sanitizers, so it is skipped here.
export MOD_SANITIZED=1 MOD_SKIP_INSTALL_TEST=1
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons the unused part of
# its slabs when the code that calls it is built with ASan. Our (instrumented)
# dialect attribute storage and Debian's (uninstrumented) libMLIR share the
# context's allocator, so libMLIR's own allocations would land in memory our
# code poisoned and be reported as use-after-poison (a false positive of
# mixing instrumented and uninstrumented code). Real heap errors are still
# caught: they do not rely on user poisoning.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allow_user_poisoning=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
"$LLVM_PREFIX/bin/lit" -v "$BUILD_DIR/test" "$@"
