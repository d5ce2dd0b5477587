#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/fuzz_*.cpp) for a bounded time: tests/fuzz/run.sh [SECONDS]
#
# Builds the "fuzz" preset (clang, -fsanitize=fuzzer,address,undefined; libraries with coverage), then runs
# each fuzzer for SECONDS (default 20) on a temporary copy of its seed corpus (tests/fuzz/corpus/<name>/,
# plus the shipped catalogue or holiday table): new inputs it finds are thrown away, the committed corpus
# never grows. Runs up to FUZZ_JOBS fuzzers at a time (default: the number of cores). Exits non-zero when
# any fuzzer crashes, leaks, hits undefined behaviour or times out; the input that did it is kept in
# build/fuzz/artifacts/<name>/ (until the next run) and the command to replay it is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: tests/fuzz/run.sh [SECONDS]   (whole seconds per fuzzer, default 20)" >&2
  exit 2
fi
jobs="${FUZZ_JOBS:-$(nproc)}"

# name:max_len (the smoke test, tests/fuzz/smoke_test.cpp, uses the same lengths).
targets=(catalogue:20000 holidays:8192 event_json:4096 time:64 period:64 import_csv:4096 message:4096)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (platform/linux/install-deps.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi

echo "fuzz: building the fuzz preset"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"

work="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
artifacts="$root/build/fuzz/artifacts"

run_one() {
  local name="$1" max_len="$2"
  local bin="$root/build/fuzz/tests/fuzz/fuzz_$name"
  local corpus="$work/corpus/$name" log="$work/$name.log" out="$artifacts/$name"
  rm -rf "$out"
  mkdir -p "$corpus" "$out" "$work/tmp-$name"
  cp "$root/tests/fuzz/corpus/$name/"* "$corpus/"
  case "$name" in
    catalogue) cp "$root/assets/catalog/district.toml" "$corpus/shipped-district.toml" ;;
    holidays) cp "$root/assets/calendar/vn-holidays.toml" "$corpus/shipped-vn-holidays.toml" ;;
  esac
  local rc=0
  # TMPDIR: the import and message targets' centre databases go there, and go with $work.
  TMPDIR="$work/tmp-$name" \
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
      -dict="$root/tests/fuzz/dict/$name.dict" -artifact_prefix="$out/" -print_final_stats=1 \
      "$corpus" >"$log" 2>&1 || rc=$?
  echo "$rc" >"$work/$name.rc"
}

for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "fuzz: fuzz_${t%%:*} for ${seconds}s (max_len ${t##*:})"
  run_one "${t%%:*}" "${t##*:}" &
done
wait

failed=()
for t in "${targets[@]}"; do
  name="${t%%:*}"
  rc="$(cat "$work/$name.rc" 2>/dev/null || echo 99)"
  if [ "$rc" = 0 ]; then
    runs="$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" | grep -o '[0-9]*$' || true)"
    cov="$(grep -a -o 'cov: [0-9]*' "$work/$name.log" | tail -1 || true)"
    echo "fuzz: fuzz_$name ok: ${runs:-?} inputs, ${cov:-cov: ?}"
  else
    failed+=("$name")
    echo "fuzz: fuzz_$name FAILED (exit $rc):"
    # The report from its first line (sanitizer error, finding or uncaught exception), frames shortened.
    awk '/ERROR: |runtime error|fuzz finding|uncaught|terminate called|timeout after|out-of-memory/ { on = 1 }
         on && n < 40 { print "    " substr($0, 1, 240); n++ }' "$work/$name.log"
    grep -a -E '^(\*\*\* input|SUMMARY|MS: )' "$work/$name.log" | sed 's/^/    /' || true
    for a in "$artifacts/$name"/*; do
      [ -e "$a" ] || continue
      echo "    input kept: $a"
      echo "    replay:     build/fuzz/tests/fuzz/fuzz_$name $a"
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: all ${#targets[@]} fuzzers ran ${seconds}s without a finding"
