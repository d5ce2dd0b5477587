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

# The hub on the demo database: a board for a browser, a manager token, and a first call to watch.
port=${KIOSK_DEMO_PORT:-8080}
cat > "$demo/kioskd.toml" <<TOML
[database]
path = "centre.db"
backup_dir = "backups"
[listen]
address = "127.0.0.1"
port = $port
TOML
hub=build/dev/kiosk/hub/kioskd
"$hub" --config "$demo/kioskd.toml" > "$demo/kioskd.log" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null; wait $hub_pid 2>/dev/null' EXIT INT TERM
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
url="ws://127.0.0.1:$port"
manager_code=$("$ctl" --db "$demo/centre.db" --json pairing create --role manager | sed -E 's/.*"code":"([0-9]+)".*/\1/')
token=$("$ctl" --hub "$url" pair --code "$manager_code" --name "demo.sh")
echo "$token" > "$demo/manager.token"
board_code=$("$ctl" --hub "$url" --token "$token" --json pairing create --role board | sed -E 's/.*"code":"([0-9]+)".*/\1/')
"$ctl" --hub "$url" --token "$token" staff add --id nv01 --name "Nguyễn Thị Lan" --pin 1234 >/dev/null
"$ctl" --hub "$url" --token "$token" staff sign-in --counter 3 --id nv01 --pin 1234 >/dev/null
"$ctl" --hub "$url" --token "$token" open --counter 3 >/dev/null
"$ctl" --hub "$url" --token "$token" issue --service HT
"$ctl" --hub "$url" --token "$token" call --counter 3

# The screens: a ticket kiosk, counter 3 with its rating screen, and a board, each a kiosk window paired
# with the hub. Without a display they run on a virtual one (Xvfb :77; look with any VNC viewer over
# x11vnc, or take screenshots with a script).
kiosk=build/dev/kiosk/app/kiosk
pids=("$hub_pid")
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp >"$demo/xvfb.log" 2>&1 &
  pids+=("$!")
  export DISPLAY=:77
  for _ in $(seq 50); do [ -S /tmp/.X11-unix/X77 ] && break; sleep 0.1; done
  echo "Không có màn hình: các cửa sổ chạy trên Xvfb :77 / no display: the windows run on Xvfb :77"
fi
start_screen() {  # role, counter (or ""), window size
  local role=$1 counter=$2 size=$3 code
  code=$("$ctl" --hub "$url" --token "$token" --json pairing create --role "$role" ${counter:+--counter "$counter"} |
         sed -E 's/.*"code":"([0-9]+)".*/\1/')
  "$ctl" --hub "$url" pair --code "$code" --name "demo $role $counter" > "$demo/$role$counter.token"
  "$kiosk" --role "$role" --hub "$url" --token-file "$demo/$role$counter.token" \
    --window "$size" > "$demo/kiosk-$role$counter.log" 2>&1 &
  pids+=("$!")
}
start_screen ticket "" 600x1000
start_screen board "" 1280x720
start_screen counter 3 1366x768
start_screen rating 3 1024x600
echo
echo "Máy chủ đang chạy / the hub is running: $url (log: $demo/kioskd.log)"
echo "  Màn hình / screens:   máy lấy số, quầy 3 (cán bộ nv01, PIN 1234), đánh giá quầy 3, bảng gọi số"
echo "                        (logs: $demo/kiosk-*.log; ngoài giờ làm việc máy lấy số báo đóng cửa / outside"
echo "                        office hours the ticket kiosk says the centre is closed)"
echo "  Bảng gọi số / board:  http://127.0.0.1:$port/board?code=$board_code"
echo "  Gọi số tiếp / call:   $ctl --hub $url --token \$(cat $demo/manager.token) issue --service HT && \\"
echo "                        $ctl --hub $url --token \$(cat $demo/manager.token) call --counter 3"
echo "  Ctrl-C để dừng / Ctrl-C stops it."
wait $hub_pid
