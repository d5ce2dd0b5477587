// kiosk: the centre's fullscreen screen in one of its roles (ticket, counter, rating, board, manager).
// Thin: configuration, the window, the loop; the rest is kiosk_app, kiosk_ui and the platform parts.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>

#include "config.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/window/fonts.hpp"
#include "kiosk/window/loop.hpp"
#include "kiosk/window/pointer.hpp"
#include "kiosk/window/script.hpp"
#include "kiosk/window/window.hpp"
#include "kiosk_app.hpp"
#include "local_hub.hpp"

namespace {

using kiosk::app::KioskConfig;

// Each role's usual display: portrait kiosks at the entrance, landscape TVs, small counter screens.
void default_size(KioskConfig& config) {
  if (config.width > 0 && config.height > 0) return;
  if (config.role == "ticket") config.width = 1080, config.height = 1920;
  else if (config.role == "board") config.width = 1920, config.height = 1080;
  else config.width = 1366, config.height = 768;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"kiosk — màn hình của trung tâm một cửa / the one-stop centre's screens"};
  std::string config_path, role, hub_url, token_file, local_hub, script_path, window_size, lang, stats_path, log_level = "info";
  std::optional<int> counter;
  bool fullscreen = false, always_redraw = false;
  int run_seconds = 0;
  cli.add_option("--config", config_path, "Configuration file (TOML)");
  cli.add_option("--role", role, "ticket, counter, rating, board or manager (overrides the file)");
  cli.add_option("--hub", hub_url, "The hub's address, ws://host:port/ws (overrides the file)");
  cli.add_option("--token-file", token_file, "Where this device's token is kept");
  cli.add_option("--local-hub", local_hub, "Run the hub in this process with this kioskd.toml");
  cli.add_option("--counter", counter, "Counter number (counter and rating screens with --local-hub)");
  cli.add_option("--script", script_path, "Play a script of taps, typing, waits and screenshots, then exit with its result");
  cli.add_option("--window", window_size, "Window size WIDTHxHEIGHT (default: the role's usual display)");
  cli.add_option("--lang", lang, "vi or en");
  cli.add_flag("--fullscreen", fullscreen, "Fill the display");
  cli.add_option("--run-seconds", run_seconds, "Exit after this many seconds (benchmarks)");
  cli.add_flag("--always-redraw", always_redraw, "Redraw every frame (the naive loop, for the benchmark's comparison)");
  cli.add_option("--stats", stats_path, "Write frame statistics (JSON) here at exit");
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    KioskConfig config = config_path.empty() ? KioskConfig{} : KioskConfig::load(config_path);
    if (!role.empty()) config.role = role;
    if (!hub_url.empty()) config.hub_url = hub_url;
    if (!token_file.empty()) config.token_file = token_file;
    if (!local_hub.empty()) config.local_hub_config = local_hub;
    if (counter) config.counter = counter;
    if (!lang.empty()) config.lang = lang;
    if (fullscreen) config.fullscreen = true;
    if (!window_size.empty()) {
      if (std::sscanf(window_size.c_str(), "%dx%d", &config.width, &config.height) != 2)
        throw kiosk::app::ConfigError("--window must be WIDTHxHEIGHT");
    }
    if (config.assets_dir.empty()) config.assets_dir = KIOSK_ASSETS_DIR;
    if (config.font_dir.empty()) config.font_dir = KIOSK_FONT_DIR;
    if (config.token_file.empty() && !config.local_hub_config.empty())
      config.token_file = config.local_hub_config.parent_path() /
                          ("kiosk-" + config.role + (config.counter ? "-" + std::to_string(*config.counter) : "") + ".token");
    default_size(config);
    config.validate();

    std::optional<std::vector<kiosk::window::ScriptStep>> script;
    if (!script_path.empty()) {
      std::string error;
      script = kiosk::window::load_script(script_path, &error);
      if (!script) throw kiosk::app::ConfigError(error);
    }

    kiosk::ui::set_texts(kiosk::ui::Texts::load_dir((config.assets_dir / "i18n").string()));
    kiosk::ui::set_lang(config.lang == "en" ? kiosk::ui::Lang::en : kiosk::ui::Lang::vi);

    // The hub first: a one-machine centre pairs itself before the window opens.
    std::unique_ptr<kiosk::app::LocalHub> hub;
    std::string url = config.hub_url, token;
    if (url.empty()) {
      hub = std::make_unique<kiosk::app::LocalHub>(config.local_hub_config);
      url = hub->url();
      token = hub->ensure_token(config.token_file, config.role, config.counter, config.name.empty() ? "kiosk" : config.name);
    } else {
      token = kiosk::app::read_token(config.token_file);
    }

    kiosk::window::Window window({"kiosk — " + config.role, config.width, config.height, config.fullscreen, config.hide_cursor});
    const auto fonts = kiosk::window::load_fonts(config.font_dir.string(),
                                                 kiosk::window::font_unit_for(window.width(), window.height()),
                                                 kiosk::ui::texts().all_strings());
    kiosk::window::Pointer pointer;
    int exit_code = 0;
    kiosk::window::LoopStats stats;
    {
      kiosk::app::KioskApp app(config, fonts, url, token);
      std::optional<kiosk::window::ScriptPlayer> player;
      if (script) player.emplace(std::move(*script));
      kiosk::window::LoopOptions options;
      options.script = player ? &*player : nullptr;
      options.always_redraw = always_redraw;
      options.run_for = std::chrono::seconds(run_seconds);
      exit_code = kiosk::window::run_loop(window, pointer, app, options, &stats);
    }
    if (!stats_path.empty()) {
      std::ofstream out(stats_path);
      out << nlohmann::json{{"frames", stats.frames},
                            {"first_frame_ms", stats.first_frame_ms},
                            {"frame_ms_p50", percentile(stats.frame_ms, 0.5)},
                            {"frame_ms_p99", percentile(stats.frame_ms, 0.99)},
                            {"frame_ms_max", percentile(stats.frame_ms, 1.0)}}
                 .dump()
          << "\n";
    }
    return exit_code;
  } catch (const kiosk::app::ConfigError& e) {
    spdlog::error("configuration: {}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 3;
  }
}
