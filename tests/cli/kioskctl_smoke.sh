#!/usr/bin/env bash
# The real kioskctl binary as a province's script calls it: exit codes, JSON on stdout, errors on stderr.
# usage: kioskctl_smoke.sh KIOSKCTL ASSETS_DIR
set -u
ctl=$1
assets=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/c.db"
fail=0
expect() {  # expect CODE command...
  local want=$1; shift
  "$@" >"$dir/out" 2>"$dir/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: exit $got (want $want): $*"; cat "$dir/err"; fail=1
  fi
}

expect 0 "$ctl" --db "$db" --at 2026-10-01T07:00 init --catalog "$assets/catalog/district.toml" --centre H15
expect 3 "$ctl" --db "$db" --at 2026-10-01T07:00 init --catalog "$assets/catalog/district.toml" --centre H15
expect 0 "$ctl" --db "$db" --json --at 2026-10-08T08:00 issue --service HT
grep -q '"number":"B-001"' "$dir/out" || { echo "FAIL: issue printed $(cat "$dir/out")"; fail=1; }
expect 1 "$ctl" --db "$db" --at 2026-10-08T08:05 call --counter 3
grep -q 'lỗi: ' "$dir/err" || { echo "FAIL: no Vietnamese error"; fail=1; }
expect 2 "$ctl" --db "$db" call
expect 0 "$ctl" --db "$db" report --period 2026-10 --format json
grep -q '"on_time_rate": null' "$dir/out" || { echo "FAIL: report json"; cat "$dir/out"; fail=1; }
expect 0 "$ctl" --db "$db" verify
sqlite3 "$db" "UPDATE events SET payload = replace(payload, 'B-001', 'B-002') WHERE type = 'ticket.issued'" 2>/dev/null ||
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE events SET payload = replace(payload, 'B-001', 'B-002') WHERE type = 'ticket.issued'\"); c.commit()" "$db"
expect 4 "$ctl" --db "$db" verify
grep -q 'hash mismatch' "$dir/out" || { echo "FAIL: verify did not name the broken chain"; cat "$dir/out"; fail=1; }
expect 3 "$ctl" --db "$dir/missing.db" queue

if [ $fail -eq 0 ]; then echo "kioskctl smoke: all passed"; fi
exit $fail
