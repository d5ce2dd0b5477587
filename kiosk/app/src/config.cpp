#include "config.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace kiosk::app {
namespace {

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& value) {
  if (value.empty()) return {};
  std::filesystem::path p(value);
  return p.is_absolute() ? p : base / p;
}

template <typename T>
T get(const toml::table& t, std::string_view path, T fallback, std::string_view source) {
  const auto node = t.at_path(path);
  if (!node) return fallback;
  if (auto v = node.value<T>()) return *v;
  throw ConfigError(std::string(source) + ": \"" + std::string(path) + "\" has the wrong type");
}

}  // namespace

KioskConfig KioskConfig::parse(std::string_view text, const std::filesystem::path& base, std::string_view source) {
  toml::table t;
  try {
    t = toml::parse(text, std::string(source));
  } catch (const toml::parse_error& e) {
    throw ConfigError(std::string(source) + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  // A misspelt key would otherwise be silently ignored and the kiosk would run with a default.
  static const std::set<std::string, std::less<>> known_tables = {"display", "hub", "local", "printer", "rating", "board", "screen"};
  static const std::set<std::string, std::less<>> known_top = {"role", "lang", "name"};
  for (const auto& [key, node] : t) {
    if (node.is_table() ? known_tables.count(key.str()) == 0 : known_top.count(key.str()) == 0)
      throw ConfigError(std::string(source) + ": unknown key \"" + std::string(key.str()) + "\"");
  }
  KioskConfig c;
  c.role = get<std::string>(t, "role", "", source);
  c.lang = get<std::string>(t, "lang", "vi", source);
  c.name = get<std::string>(t, "name", "", source);
  c.width = static_cast<int>(get<int64_t>(t, "display.width", 0, source));
  c.height = static_cast<int>(get<int64_t>(t, "display.height", 0, source));
  c.fullscreen = get<bool>(t, "display.fullscreen", false, source);
  c.hide_cursor = get<bool>(t, "display.hide_cursor", false, source);
  c.hub_url = get<std::string>(t, "hub.url", "", source);
  c.token_file = resolve(base, get<std::string>(t, "hub.token_file", "", source));
  c.local_hub_config = resolve(base, get<std::string>(t, "local.hub_config", "", source));
  if (const auto counter = t.at_path("local.counter").value<int64_t>()) c.counter = static_cast<int>(*counter);
  c.printer_kind = get<std::string>(t, "printer.kind", "none", source);
  c.printer_path = get<std::string>(t, "printer.path", "", source);
  c.printer_host = get<std::string>(t, "printer.host", "", source);
  c.printer_port = static_cast<int>(get<int64_t>(t, "printer.port", 9100, source));
  c.printer_timeout = std::chrono::milliseconds(get<int64_t>(t, "printer.timeout_ms", 3000, source));
  c.ticket_preview = resolve(base, get<std::string>(t, "printer.preview_png", "", source));
  if (c.printer_kind == "file" || c.printer_kind == "usb") c.printer_path = resolve(base, c.printer_path).string();
  c.rating_scale = static_cast<int>(get<int64_t>(t, "rating.scale", 5, source));
  c.rating_criteria = get<bool>(t, "rating.criteria", false, source);
  c.board_calls = static_cast<int>(get<int64_t>(t, "board.calls", 8, source));
  c.board_notice = get<std::string>(t, "board.notice", "", source);
  c.speech = get<bool>(t, "board.speech", true, source);
  c.chime = get<bool>(t, "board.chime", true, source);
  c.voice = get<std::string>(t, "board.voice", "vi", source);
  c.citizen_timeout = std::chrono::seconds(get<int64_t>(t, "screen.citizen_timeout_s", 30, source));
  c.assets_dir = resolve(base, get<std::string>(t, "screen.assets_dir", "", source));
  c.font_dir = resolve(base, get<std::string>(t, "screen.font_dir", "", source));
  return c;
}

KioskConfig KioskConfig::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), file.parent_path(), file.string());
}

void KioskConfig::validate() const {
  static const std::set<std::string, std::less<>> roles = {"ticket", "counter", "rating", "board", "manager"};
  if (roles.count(role) == 0)
    throw ConfigError("role must be one of ticket, counter, rating, board, manager (got \"" + role + "\")");
  if (lang != "vi" && lang != "en") throw ConfigError("lang must be vi or en");
  if (width < 0 || height < 0 || width > 8192 || height > 8192) throw ConfigError("display size out of range");
  if (hub_url.empty() && local_hub_config.empty())
    throw ConfigError("either [hub] url (a hub on the LAN) or [local] hub_config (run the hub here) is needed");
  if (!hub_url.empty() && token_file.empty()) throw ConfigError("[hub] token_file is needed with [hub] url");
  static const std::set<std::string, std::less<>> printers = {"none", "file", "usb", "tcp"};
  if (printers.count(printer_kind) == 0) throw ConfigError("printer.kind must be none, file, usb or tcp");
  if ((printer_kind == "file" || printer_kind == "usb") && printer_path.empty()) throw ConfigError("printer.path is needed");
  if (printer_kind == "tcp" && printer_host.empty()) throw ConfigError("printer.host is needed");
  if (printer_port <= 0 || printer_port > 65535) throw ConfigError("printer.port out of range");
  if (rating_scale != 5 && rating_scale != 3) throw ConfigError("rating.scale must be 5 or 3");
  if (board_calls < 1 || board_calls > 30) throw ConfigError("board.calls must be 1..30");
  if (citizen_timeout.count() < 5 || citizen_timeout.count() > 600) throw ConfigError("screen.citizen_timeout_s must be 5..600");
  if ((role == "counter" || role == "rating") && hub_url.empty() && !counter)
    throw ConfigError("[local] counter is needed for a counter or rating screen on a one-machine centre");
}

}  // namespace kiosk::app
