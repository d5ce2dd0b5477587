#include "kiosk/hub/config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace kiosk::hub {
namespace {

std::string where(const toml::node& n, std::string_view source) {
  const auto& s = n.source();
  return std::string(source) + ":" + std::to_string(s.begin.line);
}

template <class T>
T get(const toml::table& root, std::string_view table, std::string_view key, T fallback, std::string_view source) {
  const toml::node* section = root.get(table);
  if (!section) return fallback;
  if (!section->is_table()) throw ConfigError(where(*section, source) + ": [" + std::string(table) + "] must be a table");
  const toml::node* n = section->as_table()->get(key);
  if (!n) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!n->is_string()) throw ConfigError(where(*n, source) + ": " + std::string(table) + "." + std::string(key) + " must be a string");
    return n->as_string()->get();
  } else if constexpr (std::is_same_v<T, double>) {
    if (n->is_integer()) return static_cast<double>(n->as_integer()->get());
    if (!n->is_floating_point()) throw ConfigError(where(*n, source) + ": " + std::string(table) + "." + std::string(key) + " must be a number");
    return n->as_floating_point()->get();
  } else {
    if (!n->is_integer()) throw ConfigError(where(*n, source) + ": " + std::string(table) + "." + std::string(key) + " must be an integer");
    return static_cast<T>(n->as_integer()->get());
  }
}

std::int64_t positive(std::int64_t v, std::string_view key, std::int64_t max = 1LL << 40) {
  if (v <= 0 || v > max) throw ConfigError(std::string(key) + " must be between 1 and " + std::to_string(max));
  return v;
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
  if (p.empty()) return {};
  std::filesystem::path path(p);
  return path.is_absolute() ? path : base / path;
}

}  // namespace

HubConfig HubConfig::parse(std::string_view text, const std::filesystem::path& base, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError(std::string(source) + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  HubConfig c;
  c.centre_code = get<std::string>(root, "centre", "code", "", source);
  c.catalogue = resolve(base, get<std::string>(root, "centre", "catalogue", "", source));
  c.holidays = resolve(base, get<std::string>(root, "centre", "holidays", "", source));
  c.database = resolve(base, get<std::string>(root, "database", "path", "", source));
  if (c.database.empty()) throw ConfigError(std::string(source) + ": database.path is required");
  c.backup_dir = resolve(base, get<std::string>(root, "database", "backup_dir", "", source));
  c.address = get<std::string>(root, "listen", "address", c.address, source);
  const std::int64_t port = get<std::int64_t>(root, "listen", "port", c.port, source);
  if (port < 0 || port > 65535) throw ConfigError(std::string(source) + ": listen.port must be 0–65535");
  c.port = static_cast<std::uint16_t>(port);
  c.threads = static_cast<int>(positive(get<std::int64_t>(root, "listen", "threads", c.threads, source), "listen.threads", 64));
  c.max_message_bytes = static_cast<std::size_t>(
      positive(get<std::int64_t>(root, "limits", "max_message_bytes", static_cast<std::int64_t>(c.max_message_bytes), source), "limits.max_message_bytes", 64 << 20));
  c.message_deadline = std::chrono::milliseconds(
      positive(get<std::int64_t>(root, "limits", "message_deadline_ms", c.message_deadline.count(), source), "limits.message_deadline_ms"));
  c.send_queue_messages = static_cast<std::size_t>(
      positive(get<std::int64_t>(root, "limits", "send_queue_messages", static_cast<std::int64_t>(c.send_queue_messages), source), "limits.send_queue_messages"));
  c.requests_per_second = get<double>(root, "limits", "requests_per_second", c.requests_per_second, source);
  c.request_burst = get<double>(root, "limits", "request_burst", c.request_burst, source);
  if (c.requests_per_second <= 0 || c.request_burst < 1) throw ConfigError(std::string(source) + ": limits.requests_per_second must be > 0 and request_burst ≥ 1");
  c.max_in_flight = static_cast<int>(positive(get<std::int64_t>(root, "limits", "max_in_flight", c.max_in_flight, source), "limits.max_in_flight", 100000));
  c.max_pin_failures = static_cast<int>(positive(get<std::int64_t>(root, "staff", "max_pin_failures", c.max_pin_failures, source), "staff.max_pin_failures", 100));
  c.lock_for = std::chrono::minutes(positive(get<std::int64_t>(root, "staff", "lock_minutes", c.lock_for.count(), source), "staff.lock_minutes"));
  c.pin_opslimit = static_cast<unsigned long long>(get<std::int64_t>(root, "staff", "pin_opslimit", 0, source));
  c.pin_memlimit_kib = static_cast<std::size_t>(get<std::int64_t>(root, "staff", "pin_memlimit_kib", 0, source));
  c.pairing_ttl = std::chrono::minutes(positive(get<std::int64_t>(root, "pairing", "ttl_minutes", c.pairing_ttl.count(), source), "pairing.ttl_minutes"));
  c.board_calls = static_cast<int>(positive(get<std::int64_t>(root, "board", "calls", c.board_calls, source), "board.calls", 100));
  c.sync_url = get<std::string>(root, "sync", "url", "", source);
  return c;
}

HubConfig HubConfig::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.parent_path(), file.string());
}

}  // namespace kiosk::hub
