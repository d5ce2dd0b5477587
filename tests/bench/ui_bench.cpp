// The screens' own cost: every role of the real kiosk program on an Xvfb of its own (Mesa llvmpipe, software
// GL) against a real kioskd. Measures, per role, the CPU the process uses while idle (utime + stime from
// /proc/PID/stat over a window that starts after the first frame), its memory (VmHWM, VmRSS and the biggest
// mappings), the time to the first frame and the frame times; then the board while a counter calls every 2 s;
// then the naive loop (--always-redraw: a frame, then 16 ms, then the next) of the same roles, for comparison. Measures and
// prints; asserts nothing (docs/benchmarks.md, "Screens (kiosk)", has the command and the results).
//
// usage: ui_bench [--seconds N=60] [--warmup N=5] [--stagger N=3] [--busy-seconds N=seconds, 0: skip]
//                 [--roles ROLES=ticket,counter,rating,board,manager] [--naive ROLES (same default) | none]
//
// Phases (one after another, so that the naive loop's CPU does not slow the others' start):
//   idle   the five roles at once, each started `stagger` s after the last; each runs warmup + N + 2 s, and
//          its CPU is read at spawn + warmup and at spawn + warmup + N. Beside them, the floor (this program
//          with --floor: the window, GL context, ImGui and loop alone) at 1366×768 and 1920×1080.
//   busy   a fresh board while a counter at counter 3 calls, starts and finishes a ticket every 2 s.
//   naive  each listed role with --always-redraw, one at a time, same durations.
#include <poll.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <imgui.h>

#include "../integration/hub_process.hpp"
#include "../ui/screens.hpp"
#include "kiosk/client/hub_client.hpp"
#include "kiosk/window/loop.hpp"
#include "kiosk/window/pointer.hpp"
#include "kiosk/window/window.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::integration;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kStaffPin = "482913";

struct RoleSpec {
  std::string role;
  int width, height;
  int counter;  // 0: none
};
// Each role's usual display (the kiosk's own defaults, given explicitly here).
const std::vector<RoleSpec> kRoles = {{"ticket", 1080, 1920, 0},
                                      {"counter", 1366, 768, 3},
                                      {"rating", 1366, 768, 3},
                                      {"board", 1920, 1080, 0},
                                      {"manager", 1366, 768, 0}};

json must(const protocol::Message& m, const std::string& what) {
  if (!m.ok) throw std::runtime_error(what + ": " + m.error.code + " " + m.error.message);
  return m.result;
}

// utime + stime of the process itself (all its threads, not its children), in seconds.
double cpu_seconds(pid_t pid) {
  const std::string all = read_text("/proc/" + std::to_string(pid) + "/stat");
  if (all.empty()) throw std::runtime_error("cannot read /proc/" + std::to_string(pid) + "/stat");
  // Field 2 (comm) is in parentheses and may hold spaces; what follows the last ')' is plain.
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::vector<std::string> fields;
  std::string field;
  while (rest >> field) fields.push_back(field);
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return (std::stod(fields.at(11)) + std::stod(fields.at(12))) / ticks;  // fields 14 and 15 of proc(5)
}

std::map<std::string, long> status_kib(pid_t pid) {
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/status"));
  std::map<std::string, long> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos || line.find(" kB") == std::string::npos) continue;
    out[line.substr(0, colon)] = std::atol(line.c_str() + colon + 1);
  }
  return out;
}

// Resident memory per mapping name (a file, [heap], [anon]…), biggest first.
std::vector<std::pair<std::string, long>> rss_by_mapping(pid_t pid) {
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/smaps"));
  std::map<std::string, long> sums;
  std::string line, current = "[anon]";
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const bool header = std::isxdigit(static_cast<unsigned char>(line[0])) && line.find('-') != std::string::npos &&
                        line.find(':') > line.find(' ');
    if (header) {
      // address perms offset dev inode [path]
      std::istringstream h(line);
      std::string address, perms, offset, dev, inode, path;
      h >> address >> perms >> offset >> dev >> inode;
      std::getline(h, path);
      path.erase(0, path.find_first_not_of(' '));
      current = path.empty() ? "[anon]" : path;
      if (const auto slash = current.rfind('/'); slash != std::string::npos && current[0] == '/') current = current.substr(slash + 1);
    } else if (line.starts_with("Rss:")) {
      sums[current] += std::atol(line.c_str() + 4);
    }
  }
  std::vector<std::pair<std::string, long>> out(sums.begin(), sums.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string load_average() {
  std::string text = read_text("/proc/loadavg");
  const auto space = text.find(' ', text.find(' ', text.find(' ') + 1) + 1);
  return text.substr(0, space);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

// The wall time of the first log line holding `needle` (spdlog's "[YYYY-mm-dd HH:MM:SS.mmm]", local time).
std::optional<std::chrono::system_clock::time_point> log_time_of(const fs::path& log, const std::string& needle) {
  std::istringstream in(read_text(log));
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) == std::string::npos || line.size() < 25 || line[0] != '[') continue;
    std::tm tm{};
    int ms = 0;
    if (std::sscanf(line.c_str(), "[%d-%d-%d %d:%d:%d.%d]", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec, &ms) != 7)
      continue;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&tm)) + std::chrono::milliseconds(ms);
  }
  return std::nullopt;
}

// The floor: what the platform alone costs (SDL2, an OpenGL 3.3 context on llvmpipe, Dear ImGui with its
// built-in font, the project's window and loop) with one line of text and nothing else: no fonts of ours, no
// texts, no hub. Run as a child of the bench (`ui_bench --floor WxH SECONDS STATS`) and measured like a kiosk.
class FloorScene : public kiosk::window::Scene {
 public:
  bool update() override { return false; }
  void draw() override {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("floor", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("floor");
    ImGui::End();
  }
  Clock::time_point next_change() override { return Clock::time_point::max(); }
};

int run_floor(const std::string& size, int seconds, const std::string& stats_path) {
  int width = 0, height = 0;
  if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2) return 2;
  kiosk::window::LoopStats stats;
  {
    kiosk::window::Window window({"floor", width, height, false, false});
    kiosk::window::Pointer pointer;
    FloorScene scene;
    kiosk::window::LoopOptions options;
    options.run_for = std::chrono::seconds(seconds);
    kiosk::window::run_loop(window, pointer, scene, options, &stats);
  }
  std::vector<double> f = stats.frame_ms;
  std::sort(f.begin(), f.end());
  auto at = [&](double p) { return f.empty() ? 0.0 : f[static_cast<std::size_t>(p * static_cast<double>(f.size() - 1))]; };
  std::ofstream(stats_path) << json{{"frames", stats.frames}, {"first_frame_ms", stats.first_frame_ms}, {"frame_ms_p50", at(0.5)},
                                    {"frame_ms_p99", at(0.99)}, {"frame_ms_max", at(1.0)}}
                                   .dump()
                            << "\n";
  return 0;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// One run of the real kiosk on its own X display.
struct Run {
  Run(RoleSpec s, std::string m, std::string n, fs::path t) : spec(std::move(s)), mode(std::move(m)), name(std::move(n)), token(std::move(t)) {}
  RoleSpec spec;
  std::string mode;  // "idle", "floor", "busy", "naive"
  std::string name;
  fs::path token;

  // Results.
  std::string error;
  double window_s = 0, cpu_s = 0;
  std::map<std::string, long> status;  // kB, read near the window's end
  std::vector<std::pair<std::string, long>> mappings;
  json stats;
  double exit_ms = 0;                   // spawn → the leader was reaped
  std::optional<double> stats_ms;       // spawn → the stats file was created (after the loop and the app ended)
  std::optional<double> connected_ms;   // spawn → log line "hub: connected" (ms resolution of the log)
  int run_seconds = 0;
  std::string exit_status;

  double cpu_percent() const { return window_s > 0 ? 100.0 * cpu_s / window_s : 0; }
  double first_frame_ms() const { return stats.value("first_frame_ms", 0.0); }
  // The loop stops run_seconds after it started (to a millisecond or two); then the app is destroyed (its hub
  // link stopped) and the stats file created. That teardown is not known but is ≥ 0, so
  // spawn → loop start ≤ (spawn → stats file created) − run_seconds, and the first frame came first_frame_ms
  // after the loop's start. Without the stats file's time, the process's exit is the (looser) bound.
  double spawn_to_first_frame_bound() const {
    return stats_ms.value_or(exit_ms) - 1000.0 * run_seconds + first_frame_ms();
  }
};

struct Settings {
  int seconds = 60, warmup = 5, stagger = 3, busy_seconds = -1;
  std::vector<std::string> roles = {"ticket", "counter", "rating", "board", "manager"};  // idle phase, in this order
  std::vector<std::string> naive = {"ticket", "counter", "rating", "board", "manager"};
};

class Bench {
 public:
  Bench(const Settings& s, const fs::path& dir, std::string hub_url) : s_(s), dir_(dir), hub_url_(std::move(hub_url)) {}

  // Starts the X servers for `runs` (one after another: their display numbers must not race), then each
  // kiosk `offsets[i]` after now, measures, waits for all; `during` runs on this thread meanwhile with the
  // first run's spawn time.
  void run_all(std::vector<Run>& runs, const std::vector<std::chrono::seconds>& offsets,
               const std::function<void(Clock::time_point)>& during = {}) {
    std::vector<std::unique_ptr<screens::XServer>> displays;
    for (auto& r : runs) displays.push_back(std::make_unique<screens::XServer>(dir_, r.name));
    // An Xvfb is still busy for a moment after its socket appears (the first kiosk started at once took
    // twice as long to its first frame): let them settle.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < runs.size(); ++i)
      threads.emplace_back([&, i] { measure(runs[i], displays[i]->display(), t0 + offsets[i]); });
    std::exception_ptr failure;
    if (during) {
      try {
        during(t0 + offsets.front());
      } catch (...) {
        failure = std::current_exception();
      }
    }
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  void measure(Run& r, const std::string& display, Clock::time_point start_at) {
    std::this_thread::sleep_until(start_at);
    r.run_seconds = s_.warmup + s_.seconds + 2;
    const fs::path log = dir_ / (r.name + ".log"), stats = dir_ / (r.name + ".stats.json");
    const std::string size = std::to_string(r.spec.width) + "x" + std::to_string(r.spec.height);
    std::vector<std::string> argv = {KIOSK_BINARY, "--role", r.spec.role, "--hub", hub_url_, "--token-file", r.token.string(),
                                     "--window", size, "--run-seconds", std::to_string(r.run_seconds), "--stats", stats.string()};
    if (r.mode == "naive") argv.push_back("--always-redraw");
    if (r.mode == "floor")
      argv = {fs::read_symlink("/proc/self/exe").string(), "--floor", size, std::to_string(r.run_seconds), stats.string()};
    try {
      const auto wall_spawn = std::chrono::system_clock::now();
      const auto spawn = Clock::now();
      ChildProcess p(argv, log, log,
                     {{"DISPLAY", display}, {"SDL_AUDIODRIVER", "dummy"}, {"LIBGL_ALWAYS_SOFTWARE", "1"}});
      std::this_thread::sleep_until(spawn + std::chrono::seconds(s_.warmup));
      if (auto st = p.poll()) throw std::runtime_error("exited before the window (" + describe_status(*st) + ")");
      const double cpu0 = cpu_seconds(p.pid());
      const auto w0 = Clock::now();
      std::this_thread::sleep_until(w0 + std::chrono::seconds(s_.seconds));
      if (auto st = p.poll()) throw std::runtime_error("exited during the window (" + describe_status(*st) + ")");
      const double cpu1 = cpu_seconds(p.pid());
      const auto w1 = Clock::now();
      r.status = status_kib(p.pid());
      r.mappings = rss_by_mapping(p.pid());
      r.cpu_s = cpu1 - cpu0;
      r.window_s = std::chrono::duration<double>(w1 - w0).count();
      // When the stats file appears (inotify), then the exit, to a few milliseconds.
      int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
      if (watch >= 0 && ::inotify_add_watch(watch, dir_.c_str(), IN_CREATE) < 0) {
        ::close(watch);
        watch = -1;
      }
      std::optional<int> st;
      const auto give_up = spawn + std::chrono::seconds(r.run_seconds + 30);
      while (!(st = p.poll()) && Clock::now() < give_up) {
        if (watch < 0 || r.stats_ms) {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          continue;
        }
        pollfd pfd{watch, POLLIN, 0};
        if (::poll(&pfd, 1, 2) <= 0) continue;
        const auto at = Clock::now();
        alignas(inotify_event) char buffer[4096];
        const ssize_t n = ::read(watch, buffer, sizeof buffer);
        for (ssize_t off = 0; off < n;) {
          const auto* e = reinterpret_cast<const inotify_event*>(buffer + off);
          if (e->len > 0 && stats.filename() == e->name) r.stats_ms = ms_between(spawn, at);
          off += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        }
      }
      if (watch >= 0) ::close(watch);
      if (!st) throw std::runtime_error("still running 30 s after --run-seconds");
      r.exit_ms = ms_between(spawn, Clock::now());
      r.exit_status = describe_status(*st);
      if (!WIFEXITED(*st) || WEXITSTATUS(*st) != 0) throw std::runtime_error("ended with " + r.exit_status);
      r.stats = json::parse(read_text(stats));
      if (const auto at = log_time_of(log, "hub: connected"))
        r.connected_ms = std::chrono::duration<double, std::milli>(*at - wall_spawn).count();
      if (r.spawn_to_first_frame_bound() > 1000.0 * s_.warmup)
        r.error = "the first frame may have come after the window started";
    } catch (const std::exception& e) {
      r.error = e.what();
      r.error += "\n" + tail_of(log, 20);
    }
  }

  Settings s_;
  fs::path dir_;
  std::string hub_url_;
};

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string mb(long kib) { return fixed(static_cast<double>(kib) / 1024.0, 1); }

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, sep))
    if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--floor") {
    try {
      return run_floor(argv[2], std::atoi(argv[3]), argv[4]);
    } catch (const std::exception& e) {
      std::cerr << "ui_bench --floor: " << e.what() << "\n";
      return 3;
    }
  }
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--seconds") s.seconds = std::stoi(value());
      else if (a == "--warmup") s.warmup = std::stoi(value());
      else if (a == "--stagger") s.stagger = std::stoi(value());
      else if (a == "--busy-seconds") s.busy_seconds = std::stoi(value());
      else if (a == "--roles") s.roles = split(value(), ',');
      else if (a == "--naive") {
        const std::string v = value();
        s.naive = v == "none" ? std::vector<std::string>{} : split(v, ',');
      } else {
        std::cerr << "usage: ui_bench [--seconds N=60] [--warmup N=5] [--stagger N=3] [--busy-seconds N=seconds, 0: skip]\n"
                     "                [--roles ROLES=ticket,counter,rating,board,manager] [--naive ROLES (same default) | none]\n";
        return 2;
      }
    } catch (const std::exception& e) {
      std::cerr << "ui_bench: bad argument " << a << ": " << e.what() << "\n";
      return 2;
    }
  }
  if (s.busy_seconds < 0) s.busy_seconds = s.seconds;
  if (s.seconds < 1 || s.warmup < 1) {
    std::cerr << "ui_bench: --seconds and --warmup must be ≥ 1\n";
    return 2;
  }
  std::vector<std::string> all_roles = s.roles;
  all_roles.insert(all_roles.end(), s.naive.begin(), s.naive.end());
  for (const auto& r : all_roles)
    if (std::none_of(kRoles.begin(), kRoles.end(), [&](const RoleSpec& k) { return k.role == r; })) {
      std::cerr << "ui_bench: unknown role " << r << "\n";
      return 2;
    }

  TempDir dir("ui-bench");
  std::cerr << "ui_bench: working in " << dir.path().string() << " (KIOSK_KEEP_TMP=1 keeps it)\n";
  std::vector<Run> idle, busy, naive;
  std::string load_before, load_after, started_at = utc_now();
  int calls_made = 0;
  try {
    // The hub, with office hours all day so that the ticket screen is open, and a staff member.
    HubProcess hub({KIOSK_KIOSKD, dir.path(), screens::all_day_catalogue(dir.path()), {}, "H15.50.05.13", ""});
    hub.start();
    screens::kioskctl(dir.path(), hub.database(), {"staff", "add", "--id", "nv01", "--name", "Nguyễn Thị Lan", "--pin", kStaffPin});

    // One device per role, paired as a manager would: a code from kioskctl, `pair` over the LAN.
    std::map<std::string, fs::path> tokens;
    for (const auto& spec : kRoles) {
      std::vector<std::string> args = {"pairing", "create", "--role", spec.role};
      if (spec.counter > 0) args.insert(args.end(), {"--counter", std::to_string(spec.counter)});
      const std::string out = screens::kioskctl(dir.path(), hub.database(), args);
      const std::string code = out.substr(0, out.find_first_of(" \n"));
      client::HubClient c;
      c.connect(hub.ws_url());
      const json reply = must(c.call("pair", {{"code", code}, {"name", "bench " + spec.role}}), "pair " + spec.role);
      const fs::path token = dir.path() / (spec.role + ".token");
      screens::write_file(token, reply.value("token", "") + "\n");
      tokens[spec.role] = token;
    }

    Bench bench(s, dir.path(), hub.ws_url());
    load_before = load_average();

    // Phase 1: every role idle, at the same time, starts staggered; then the floor at the two sizes.
    std::cerr << "ui_bench: idle phase, " << s.warmup + s.seconds + 2 + static_cast<int>(s.roles.size() + 1) * s.stagger << " s\n";
    std::vector<std::chrono::seconds> offsets;
    for (const auto& role : s.roles) {
      const auto spec = *std::find_if(kRoles.begin(), kRoles.end(), [&](const RoleSpec& k) { return k.role == role; });
      idle.push_back(Run{spec, "idle", role, tokens[role]});
      offsets.push_back(std::chrono::seconds(static_cast<int>(offsets.size()) * s.stagger));
    }
    for (const auto& [w, h] : {std::pair{1366, 768}, std::pair{1920, 1080}}) {
      idle.push_back(Run{RoleSpec{"(floor)", w, h, 0}, "floor", "floor-" + std::to_string(w), {}});
      offsets.push_back(std::chrono::seconds(static_cast<int>(offsets.size()) * s.stagger));
    }
    bench.run_all(idle, offsets);

    // Phase 2: a fresh board while counter 3 calls every 2 s (the counter's own device, its screen not running).
    const RoleSpec board = kRoles[3];
    if (s.busy_seconds > 0) {
      std::cerr << "ui_bench: busy phase, " << s.warmup + s.busy_seconds + 2 << " s\n";
      client::HubClient desk, kiosk;
      desk.connect(hub.ws_url());
      must(desk.hello(read_text(tokens["counter"]).substr(0, read_text(tokens["counter"]).find('\n'))), "hello counter");
      must(desk.call("staff.sign_in", {{"staff", "nv01"}, {"pin", kStaffPin}}), "staff.sign_in");
      must(desk.call("counter.open"), "counter.open");
      kiosk.connect(hub.ws_url());
      must(kiosk.hello(read_text(tokens["ticket"]).substr(0, read_text(tokens["ticket"]).find('\n'))), "hello ticket");
      for (int i = 0; i < s.busy_seconds / 2 + 3; ++i) must(kiosk.call("ticket.issue", {{"service", "HT"}}), "ticket.issue");
      Settings busy_settings = s;
      busy_settings.seconds = s.busy_seconds;
      Bench busy_bench(busy_settings, dir.path(), hub.ws_url());
      busy.push_back(Run{board, "busy", "board-busy", tokens["board"]});
      busy_bench.run_all(busy, {std::chrono::seconds(0)}, [&](Clock::time_point spawn) {
        const auto from = spawn + std::chrono::seconds(s.warmup), to = from + std::chrono::seconds(s.busy_seconds);
        bool serving = false;
        for (auto next = from; next < to; next += std::chrono::seconds(2)) {
          std::this_thread::sleep_until(next);
          if (serving) must(desk.call("counter.finish"), "counter.finish");
          must(desk.call("counter.call"), "counter.call");
          must(desk.call("counter.start"), "counter.start");
          serving = true;
          ++calls_made;
        }
        if (serving) must(desk.call("counter.finish"), "counter.finish");
      });
    }

    // Phase 3: the naive loop, one role at a time (each keeps a core busy).
    for (const auto& role : s.naive) {
      const auto spec = *std::find_if(kRoles.begin(), kRoles.end(), [&](const RoleSpec& k) { return k.role == role; });
      std::cerr << "ui_bench: naive " << role << ", " << s.warmup + s.seconds + 2 << " s\n";
      std::vector<Run> one{Run{spec, "naive", role + "-naive", tokens[role]}};
      bench.run_all(one, {std::chrono::seconds(0)});
      naive.push_back(one.front());
    }
    load_after = load_average();
    hub.stop();
  } catch (const std::exception& e) {
    std::cerr << "ui_bench: setup failed: " << e.what() << "\n";
    return 1;
  }

  // ---- Report -------------------------------------------------------------------------------------------
  std::printf("ui_bench: started %s; windows of %d s after %d s of warm-up; load average %s before, %s after; %ld cores\n\n",
              started_at.c_str(), s.seconds, s.warmup, load_before.c_str(), load_after.c_str(), ::sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("| role | size | phase | CPU, %% of a core | VmHWM MB | VmRSS MB | first frame ms (loop) | spawn → first frame ms (≤) | spawn → hub connected ms | frames (whole run) | frame p50 / p99 / max ms |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  bool failed = false;
  auto row = [&](const Run& r) {
    if (!r.error.empty()) {
      std::fprintf(stderr, "ui_bench: %s (%s): %s\n", r.name.c_str(), r.mode.c_str(), r.error.c_str());
      if (r.stats.is_null()) {
        failed = true;
        std::printf("| %s | %d×%d | %s | failed | | | | | | | |\n", r.spec.role.c_str(), r.spec.width, r.spec.height, r.mode.c_str());
        return;
      }
    }
    std::printf("| %s | %d×%d | %s | %s | %s | %s | %s | %s | %s | %ld | %s / %s / %s |\n", r.spec.role.c_str(), r.spec.width,
                r.spec.height, r.mode.c_str(), fixed(r.cpu_percent(), 2).c_str(), mb(r.status.count("VmHWM") ? r.status.at("VmHWM") : 0).c_str(),
                mb(r.status.count("VmRSS") ? r.status.at("VmRSS") : 0).c_str(), fixed(r.first_frame_ms(), 0).c_str(),
                fixed(r.spawn_to_first_frame_bound(), 0).c_str(), r.connected_ms ? fixed(*r.connected_ms, 0).c_str() : "–",
                r.stats.value("frames", 0L), fixed(r.stats.value("frame_ms_p50", 0.0), 1).c_str(),
                fixed(r.stats.value("frame_ms_p99", 0.0), 1).c_str(), fixed(r.stats.value("frame_ms_max", 0.0), 1).c_str());
  };
  for (const auto& r : idle) row(r);
  for (const auto& r : busy) row(r);
  for (const auto& r : naive) row(r);
  if (!busy.empty()) std::printf("\nbusy phase: %d calls at counter 3 (call + start, the previous one finished) in %d s\n", calls_made, s.busy_seconds);

  std::vector<std::string> comparisons;
  for (const auto& n : naive) {
    const auto it = std::find_if(idle.begin(), idle.end(), [&](const Run& r) { return r.spec.role == n.spec.role; });
    if (it == idle.end() || it->stats.is_null() || n.stats.is_null()) continue;
    const double ratio = it->cpu_percent() > 0 ? n.cpu_percent() / it->cpu_percent() : 0;
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %d×%d | %s | %s | %s | %ld | %ld | %s / %s | %s / %s |\n", n.spec.role.c_str(), n.spec.width,
                  n.spec.height, fixed(it->cpu_percent(), 2).c_str(), fixed(n.cpu_percent(), 1).c_str(),
                  ratio > 0 ? ("×" + fixed(ratio, 0)).c_str() : "∞ (normal: 0 ticks)", it->stats.value("frames", 0L),
                  n.stats.value("frames", 0L), fixed(n.stats.value("frame_ms_p50", 0.0), 1).c_str(),
                  fixed(n.stats.value("frame_ms_p99", 0.0), 1).c_str(), mb(it->status.count("VmHWM") ? it->status.at("VmHWM") : 0).c_str(),
                  mb(n.status.count("VmHWM") ? n.status.at("VmHWM") : 0).c_str());
    comparisons.push_back(line);
  }
  if (!comparisons.empty()) {
    std::printf("\n| role | size | CPU %% normal (idle) | CPU %% naive | naive ÷ normal | frames normal | frames naive | naive p50 / p99 ms | VmHWM MB normal / naive |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (const auto& line : comparisons) std::fputs(line.c_str(), stdout);
  }

  // Where the memory is, for the idle runs.
  std::printf("\nResident memory near the end of each idle window (kB): RssAnon / RssFile / RssShmem; biggest mappings\n\n");
  for (const auto& r : idle) {
    if (r.status.empty()) continue;
    auto get = [&](const char* k) { return r.status.count(k) ? r.status.at(k) : 0L; };
    std::printf("- %s: %ld / %ld / %ld;", r.name.c_str(), get("RssAnon"), get("RssFile"), get("RssShmem"));
    for (std::size_t i = 0; i < std::min<std::size_t>(6, r.mappings.size()); ++i)
      std::printf(" %s %ld%s", r.mappings[i].first.c_str(), r.mappings[i].second, i + 1 < std::min<std::size_t>(6, r.mappings.size()) ? "," : "");
    std::printf("\n");
  }
  std::fflush(stdout);
  if (failed) {
    std::cerr << "ui_bench: a kiosk failed to run (see above)\n";
    return 1;
  }
  return 0;
}
