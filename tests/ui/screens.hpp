// Real screens for the tests: an Xvfb server per kiosk (windows never overlap, so every screenshot is
// exactly what that kiosk drew), the real kiosk binary driven by its scripted mode, devices paired with the
// real hub, and screenshots read back with OCR (tesseract, Vietnamese).
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../integration/hub_process.hpp"

namespace kiosk::screens {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// One X display of its own, on a display number nobody uses.
class XServer {
 public:
  XServer(const fs::path& dir, const std::string& name, int width = 1920, int height = 1920) {
    // Start high and spread by pid so that test processes running side by side rarely meet.
    for (int attempt = 0; attempt < 40; ++attempt) {
      const int display = 200 + static_cast<int>((::getpid() * 7 + attempt * 13 + name.size() * 31) % 700);
      if (fs::exists("/tmp/.X" + std::to_string(display) + "-lock") || fs::exists(socket_of(display))) continue;
      process_.emplace(std::vector<std::string>{"Xvfb", ":" + std::to_string(display), "-screen", "0",
                                                std::to_string(width) + "x" + std::to_string(height) + "x24", "-nolisten",
                                                "tcp", "-noreset"},
                       dir / (name + "-xvfb.log"), dir / (name + "-xvfb.log"));
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (std::chrono::steady_clock::now() < deadline) {
        if (process_->poll()) break;  // lost the race for this number: try another
        if (fs::exists(socket_of(display))) {
          display_ = display;
          return;
        }
        std::this_thread::sleep_for(20ms);
      }
      process_.reset();
    }
    throw std::runtime_error("cannot start Xvfb");
  }
  std::string display() const { return ":" + std::to_string(display_); }

 private:
  static std::string socket_of(int display) { return "/tmp/.X11-unix/X" + std::to_string(display); }
  std::optional<integration::ChildProcess> process_;
  int display_ = 0;
};

// One kiosk process on its own display.
class Kiosk {
 public:
  struct Options {
    std::string role;
    std::string hub_url;
    fs::path token_file;
    fs::path script;
    fs::path dir;
    std::string name;  // for logs: "ticket", "counter-3"
    std::vector<std::string> extra_args;
    std::string config_toml;  // more configuration (printer, rating…) written to NAME.toml
  };

  explicit Kiosk(Options o) : o_(std::move(o)), x_(o_.dir, o_.name) {
    const fs::path config = o_.dir / (o_.name + ".toml");
    {
      std::ofstream f(config, std::ios::trunc);
      f << "role = \"" << o_.role << "\"\n[hub]\nurl = \"" << o_.hub_url << "\"\ntoken_file = \"" << o_.token_file.string()
        << "\"\n" << o_.config_toml;
    }
    std::vector<std::string> argv = {KIOSK_BINARY, "--config", config.string(), "--script", o_.script.string()};
    for (const auto& a : o_.extra_args) argv.push_back(a);
    // Under the sanitizer pass, leak checking stays on for our code's tests (the views run headless in
    // kiosk_ui_tests) but is off for the whole program: Mesa's software renderer keeps JIT-compiled and
    // driver allocations to the end, with stacks LeakSanitizer cannot unwind. Memory errors still abort.
    const char* asan = std::getenv("ASAN_OPTIONS");
    process_.emplace(argv, log(), log(),
                     std::map<std::string, std::string>{{"DISPLAY", x_.display()},
                                                        {"SDL_AUDIODRIVER", "dummy"},
                                                        {"LIBGL_ALWAYS_SOFTWARE", "1"},
                                                        {"ASAN_OPTIONS", std::string(asan ? asan : "") + ":detect_leaks=0"}});
  }
  fs::path log() const { return o_.dir / (o_.name + ".log"); }
  // The script's result (0: every step done), or nothing if it is still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    auto status = process_->wait_for(timeout);
    if (!status) return std::nullopt;
    return WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
  }
  std::string log_text() const { return integration::tail_of(log(), 40); }

 private:
  Options o_;
  XServer x_;
  std::optional<integration::ChildProcess> process_;
};

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

// The sample catalogue with office hours all day, every day: the tests run at any hour.
inline fs::path all_day_catalogue(const fs::path& dir) {
  std::string text = integration::read_text(fs::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml");
  text = std::regex_replace(text, std::regex("\nmorning = [^\n]*"), "\nmorning = [\"00:00\", \"12:00\"]");
  text = std::regex_replace(text, std::regex("\nafternoon = [^\n]*"), "\nafternoon = [\"12:00\", \"23:59\"]");
  text = std::regex_replace(text, std::regex("\nweekdays = [^\n]*"), "\nweekdays = [1, 2, 3, 4, 5, 6, 7]");
  const fs::path out = dir / "catalogue.toml";
  write_file(out, text);
  return out;
}

// Runs kioskctl on the hub's database; throws with its output when it fails.
inline std::string kioskctl(const fs::path& dir, const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> argv = {KIOSK_KIOSKCTL, "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = integration::run_command(argv, dir, "kioskctl", 60s);
  if (!r.ok()) throw std::runtime_error("kioskctl failed: " + r.out + r.err);
  return r.out;
}

// The text tesseract reads in a screenshot (Vietnamese + English), whitespace collapsed. Sparse-text mode
// (--psm 11): a screen is blocks of text scattered over a page, not a column of prose.
inline std::string ocr(const fs::path& png) {
  const auto r = integration::run_command({"tesseract", png.string(), "stdout", "-l", "vie+eng", "--psm", "11"}, png.parent_path(),
                                 "tesseract-" + png.stem().string(), 120s);
  std::string out;
  bool space = false;
  for (char c : r.out) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace kiosk::screens
