#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: one build with warnings as errors under
# AddressSanitizer + UndefinedBehaviorSanitizer (every test, the 200-cycle power-loss bar included; the
# benchmarks are built, not run), then bounded fuzzing of every parser. CI runs exactly this (.ci/run).
# (A second, optimised build of the same tests used to run first; it found nothing this one does not and
# cost half of CI's time. `cmake --preset ci` is still there for developers.)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS=0

bash platform/linux/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "== build (warnings are errors; AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake --preset asan -DKIOSK_BUILD_BENCHMARKS=ON
cmake --build --preset asan
echo "== tests under sanitizers"
KIOSK_CRASH_CYCLES=200 ctest --preset asan | tee "$logs/asan.txt"

echo "== fuzzing (bounded)"
bash tests/fuzz/run.sh 10

read -r passed total < <(sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\1 \2/p' "$logs/asan.txt" |
                         awk '{print $2-$1, $2}')
echo "tests: $passed passed, $((total - passed)) failed ($((SECONDS / 60)) min $((SECONDS % 60)) s)"
