#!/usr/bin/env bash
# The whole centre on one machine, from nothing: installs what is missing, builds, creates a demo centre
# (the sample district catalogue), simulates the last quarter and the last working day, and prints the
# reports a manager and a provincial office read. Run it again to start from a fresh demo.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash platform/linux/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --preset dev >/dev/null
cmake --build --preset dev

ctl=build/dev/kiosk/ctl/kioskctl
demo=demo
mkdir -p "$demo"
rm -f "$demo/centre.db" "$demo/centre.db-wal" "$demo/centre.db-shm"

# The last working day before today, and the quarter before the current one (Vietnam time).
today=$(TZ=Asia/Ho_Chi_Minh date +%F)
day=$(TZ=Asia/Ho_Chi_Minh date -d "$today -1 day" +%F)
while [ "$(date -d "$day" +%u)" -gt 5 ]; do day=$(date -d "$day -1 day" +%F); done
month=$(date -d "$today" +%-m); year=$(date -d "$today" +%Y)
quarter=$(( (month - 1) / 3 + 1 ))
if [ "$quarter" -eq 1 ]; then pq=4; py=$((year - 1)); else pq=$((quarter - 1)); py=$year; fi
pq_from=$(printf '%04d-%02d-01' "$py" $(( (pq - 1) * 3 + 1 )))

"$ctl" --db "$demo/centre.db" --at "${pq_from}T06:00" init --catalog assets/catalog/district.toml --centre H15.50.05.13
echo "Mô phỏng quý ${pq}/${py} và ngày ${day} (có thể mất một lúc) / simulating quarter ${pq}/${py} and ${day}…"
"$ctl" --db "$demo/centre.db" simulate --from "$pq_from" --to "$day" --seed 2026
"$ctl" --db "$demo/centre.db" verify

echo
echo "===== Báo cáo ngày ${day} / the day's report ====="
"$ctl" --db "$demo/centre.db" --at "${day}T23:59" report --from "$day" --to "$day"
echo
echo "===== Báo cáo quý ${pq}/${py} / the quarter's report ====="
"$ctl" --db "$demo/centre.db" report --period "${py}-Q${pq}"
echo
echo "Cơ sở dữ liệu / database: $demo/centre.db — thử / try: $ctl --db $demo/centre.db queue"
