// Load on a real kioskd over loopback: counters calling at a realistic and at a 10× rate while boards
// listen; reports call → board latency (p50/p99/max over every board's copy of every call) and the hub's
// CPU and memory. Measures and prints; asserts nothing (docs/benchmarks.md has the command and results).
//
// usage: hub_load KIOSKD ASSETS_DIR [counters=60] [boards=10] [seconds_per_phase=30]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "../integration/hub_process.hpp"
#include "kiosk/client/hub_client.hpp"
#include "kiosk/domain/events.hpp"
#include "kiosk/store/centre_store.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::integration;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kAllServices = R"(["DD", "HT", "HKD", "XD", "LDTBXH", "CT", "GD", "TNMT"])";

json must(const protocol::Message& m, const char* what) {
  if (!m.ok) throw std::runtime_error(std::string(what) + ": " + m.error.code + " " + m.error.message);
  return m.result;
}

struct Cpu {
  double seconds = 0;
};
Cpu hub_cpu(pid_t pid) {
  std::istringstream stat(read_text("/proc/" + std::to_string(pid) + "/stat"));
  std::string field;
  std::vector<std::string> fields;
  // Field 2 (comm) is in parentheses and may hold spaces; everything after the closing one is plain.
  std::string all = stat.str();
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  while (rest >> field) fields.push_back(field);
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return {(std::stod(fields[11]) + std::stod(fields[12])) / ticks};  // utime, stime
}
long status_kib(pid_t pid, const char* key) {
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(key)) return std::atol(line.c_str() + std::strlen(key) + 1);
  return 0;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct Board {
  std::mutex mutex;
  std::map<std::string, Clock::time_point> heard;  // ticket number → when the call arrived
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: hub_load KIOSKD ASSETS_DIR [counters=60] [boards=10] [seconds_per_phase=30]\n";
    return 2;
  }
  const fs::path kioskd = argv[1], assets = argv[2];
  const int counters = argc > 3 ? std::atoi(argv[3]) : 60;
  const int boards = argc > 4 ? std::atoi(argv[4]) : 10;
  const int seconds = argc > 5 ? std::atoi(argv[5]) : 30;

  TempDir dir("hub-load");
  // The district catalogue plus load counters 101…, each serving every service area.
  std::string catalogue = read_text(assets / "catalog/district.toml");
  for (int i = 0; i < counters; ++i)
    catalogue += "\n[[counter]]\nnumber = " + std::to_string(101 + i) + "\nname_vi = \"Quầy " + std::to_string(101 + i) +
                 "\"\nname_en = \"Counter " + std::to_string(101 + i) + "\"\nservices = " + kAllServices + "\n";
  std::ofstream(dir.path() / "catalogue.toml") << catalogue;
  // The setup (80 pairings, 60 staff) runs faster than a person could: lift the per-connection limit.
  HubProcess hub({kioskd, dir.path(), dir.path() / "catalogue.toml", assets / "calendar/vn-holidays.toml", "H15.50.05.13",
                  "[limits]\nrequests_per_second = 1000\nrequest_burst = 1000\n"});
  hub.start();
  {
    auto store = store::CentreStore::open(hub.database());
    const Instant now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    store.create_pairing({to_hex(sha256("10000001")), "manager", std::nullopt, now + std::chrono::hours(1)}, now, {"bench", ""});
  }
  client::HubClient manager;
  manager.connect(hub.ws_url());
  must(manager.call("pair", {{"code", "10000001"}, {"name", "bench"}}), "pair manager");
  auto code_for = [&](const char* role, std::optional<int> counter) {
    json args{{"role", role}};
    if (counter) args["counter"] = *counter;
    return must(manager.call("pairing.create", args), "pairing.create")["code"].get<std::string>();
  };

  // Boards: listen and note when each call arrives.
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Board>> heard;
  std::vector<std::thread> threads;
  std::atomic<int> boards_ready{0};
  for (int b = 0; b < boards; ++b) {
    heard.push_back(std::make_unique<Board>());
    threads.emplace_back([&, b, code = code_for("board", std::nullopt)] {
      client::HubClient board;
      board.connect(hub.ws_url());
      must(board.call("pair", {{"code", code}}), "pair board");
      ++boards_ready;
      while (!stop) {
        auto push = board.next_push(std::chrono::milliseconds(100));
        if (!push || push->push != "event") continue;
        const auto at = Clock::now();
        const json& e = push->body["event"];
        if (e["type"] == "ticket.called") {
          std::lock_guard lock(heard[static_cast<std::size_t>(b)]->mutex);
          heard[static_cast<std::size_t>(b)]->heard.emplace(e["payload"]["number"].get<std::string>(), at);
        }
      }
    });
  }

  // Ticket kiosks keep every queue fed (ten of them: one kiosk's rate limit is a citizen's pace, not a load's).
  std::vector<std::string> kiosk_codes;
  for (int k = 0; k < 10; ++k) kiosk_codes.push_back(code_for("ticket", std::nullopt));
  std::vector<std::string> kiosk_tokens;
  for (const auto& code : kiosk_codes) {
    client::HubClient kiosk;
    kiosk.connect(hub.ws_url());
    kiosk_tokens.push_back(must(kiosk.call("pair", {{"code", code}}), "pair kiosk")["token"]);
  }
  auto feed = [&](int tickets) {
    std::vector<std::thread> kiosks;
    for (int k = 0; k < 10; ++k)
      kiosks.emplace_back([&, k] {
        client::HubClient kiosk;
        kiosk.connect(hub.ws_url());
        must(kiosk.hello(kiosk_tokens[static_cast<std::size_t>(k)]), "hello kiosk");
        static const char* services[] = {"DD", "HT", "HKD", "XD", "LDTBXH", "CT", "GD", "TNMT"};
        for (int i = k; i < tickets; i += 10) {
          auto r = kiosk.call("ticket.issue", {{"service", services[i % 8]}});
          if (!r.ok && r.error.code == "rate.limited") {
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
            i -= 10;
          }
        }
      });
    for (auto& t : kiosks) t.join();
  };

  // Counters: paired, staff signed in, open.
  struct Call {
    std::string number;
    Clock::time_point sent;
  };
  std::mutex calls_mutex;
  std::vector<Call> calls;
  std::vector<std::unique_ptr<client::HubClient>> desks;
  for (int i = 0; i < counters; ++i) {
    const int number = 101 + i;
    const std::string staff = "nv" + std::to_string(number);
    must(manager.call("staff.add", {{"staff", staff}, {"name", "Cán bộ " + std::to_string(number)}, {"pin", "1234"}}), "staff.add");
    auto desk = std::make_unique<client::HubClient>();
    desk->connect(hub.ws_url());
    must(desk->call("pair", {{"code", code_for("counter", number)}}), "pair counter");
    must(desk->call("staff.sign_in", {{"staff", staff}, {"pin", "1234"}}), "sign in");
    must(desk->call("counter.open"), "open");
    desks.push_back(std::move(desk));
  }
  while (boards_ready < boards) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  std::printf("| phase | counters | boards | calls | calls/s | board copies | missing | p50 ms | p99 ms | max ms | hub CPU %% of a core | hub RSS MB (peak) |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (const auto& [name, period_ms] : std::vector<std::pair<std::string, int>>{{"realistic (1 call / counter / 30 s)", 30000},
                                                                              {"10× (1 call / counter / 3 s)", 3000}}) {
    const int per_counter = std::max(1, seconds * 1000 / period_ms);
    feed(per_counter * counters + counters);
    calls.clear();
    for (auto& b : heard) {
      std::lock_guard lock(b->mutex);
      b->heard.clear();
    }
    const Cpu cpu_before = hub_cpu(hub.pid());
    const auto started = Clock::now();
    std::vector<std::thread> desk_threads;
    for (int i = 0; i < counters; ++i)
      desk_threads.emplace_back([&, i] {
        std::mt19937 random(static_cast<unsigned>(i + 1));
        // Counters do not call in step: each starts at a random point of its period.
        auto next = started + std::chrono::milliseconds(std::uniform_int_distribution<int>(0, period_ms - 1)(random));
        for (int c = 0; c < per_counter; ++c, next += std::chrono::milliseconds(period_ms)) {
          std::this_thread::sleep_until(next);
          auto& desk = *desks[static_cast<std::size_t>(i)];
          const auto sent = Clock::now();
          auto r = desk.call("counter.call");
          if (!r.ok) continue;
          {
            std::lock_guard lock(calls_mutex);
            calls.push_back({r.result["number"], sent});
          }
          desk.call("counter.start");
          desk.call("counter.finish");
        }
      });
    for (auto& t : desk_threads) t.join();
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the last pushes
    const double wall = std::chrono::duration<double>(Clock::now() - started).count();
    const Cpu cpu_after = hub_cpu(hub.pid());
    std::vector<double> latencies;
    int missing = 0;
    for (const auto& call : calls)
      for (auto& b : heard) {
        std::lock_guard lock(b->mutex);
        auto it = b->heard.find(call.number);
        if (it == b->heard.end()) ++missing;
        else latencies.push_back(std::chrono::duration<double, std::milli>(it->second - call.sent).count());
      }
    std::printf("| %s | %d | %d | %zu | %.1f | %zu | %d | %.2f | %.2f | %.2f | %.1f | %.1f (%.1f) |\n", name.c_str(), counters, boards,
                calls.size(), static_cast<double>(calls.size()) / (wall - 1), latencies.size(), missing, percentile(latencies, 0.5),
                percentile(latencies, 0.99), latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()),
                100 * (cpu_after.seconds - cpu_before.seconds) / wall, static_cast<double>(status_kib(hub.pid(), "VmRSS:")) / 1024,
                static_cast<double>(status_kib(hub.pid(), "VmHWM:")) / 1024);
    std::fflush(stdout);
  }
  stop = true;
  for (auto& t : threads) t.join();
  hub.stop();
  return 0;
}
