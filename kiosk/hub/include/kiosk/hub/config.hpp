// kioskd's configuration file (TOML). See platform/linux/kioskd.example.toml for every key.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace kiosk::hub {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HubConfig {
  // [centre]: used only to create the database when it does not exist yet.
  std::string centre_code;
  std::filesystem::path catalogue;
  std::filesystem::path holidays;

  // [database]
  std::filesystem::path database;
  std::filesystem::path backup_dir;

  // [listen]
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;
  int threads = 2;

  // [limits]
  std::size_t max_message_bytes = 1 << 20;
  std::chrono::milliseconds message_deadline{10'000};  // from a message's first frame to its last
  std::size_t send_queue_messages = 512;              // a client further behind is dropped and resyncs
  double requests_per_second = 20;                   // per connection, sustained
  double request_burst = 40;
  int max_in_flight = 32;                            // commands of one connection awaiting their reply

  // [staff]
  int max_pin_failures = 5;
  std::chrono::minutes lock_for{5};
  unsigned long long pin_opslimit = 0;  // 0: libsodium's interactive Argon2id cost
  std::size_t pin_memlimit_kib = 0;

  // [pairing]
  std::chrono::minutes pairing_ttl{10};

  // [board]
  int board_calls = 10;

  // [sync]: read and kept for the sync agent.
  std::string sync_url;

  // Relative paths are resolved against the file's directory. Throws ConfigError naming the key.
  static HubConfig load(const std::filesystem::path& file);
  static HubConfig parse(std::string_view toml, const std::filesystem::path& base_dir, std::string_view source = "config");
};

}  // namespace kiosk::hub
