#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the warnings-as-errors build, then the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."

bash platform/linux/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"

echo "== build (warnings are errors)"
cmake --preset ci
cmake --build --preset ci
echo "== tests"
ctest --preset ci

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake --preset asan
cmake --build --preset asan
echo "== tests under sanitizers"
ctest --preset asan

echo "== fuzzing (bounded)"
bash tests/fuzz/run.sh 15
