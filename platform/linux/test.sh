#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the warnings-as-errors build, then the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS=0

bash platform/linux/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"

echo "== build (warnings are errors)"
cmake --preset ci
cmake --build --preset ci
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
echo "== tests"
ctest --preset ci | tee "$logs/ci.txt"

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake --preset asan
cmake --build --preset asan
echo "== tests under sanitizers"
# The power-loss bar (200 kill -9 cycles) is checked by the first pass; here the cycles look for memory
# errors, and 50 of them cover every kind of cut at a quarter of the time.
KIOSK_CRASH_CYCLES=50 ctest --preset asan | tee "$logs/asan.txt"

echo "== fuzzing (bounded)"
bash tests/fuzz/run.sh 10

# One closing line for both CTest runs: "N passed, N failed".
passed=0 failed=0
for f in "$logs"/ci.txt "$logs"/asan.txt; do
  read -r ok total < <(sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\1 \2/p' "$f" | awk '{print $2-$1, $2}')
  passed=$((passed + ok)) failed=$((failed + total - ok))
done
echo "tests: $passed passed, $failed failed ($((SECONDS / 60)) min $((SECONDS % 60)) s)"
