// A one-machine centre (a commune office): the hub runs inside the kiosk process on the local database,
// and the kiosk pairs itself with it on first start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/hub/hub.hpp"

namespace kiosk::app {

class LocalHub {
 public:
  // Opens (or creates) the database named by the kioskd.toml at `hub_config` and starts serving.
  explicit LocalHub(const std::filesystem::path& hub_config);
  ~LocalHub();

  std::string url() const;  // ws://127.0.0.1:PORT/ws
  // The device token for `role` (and counter) stored in `token_file`, pairing first when there is none.
  std::string ensure_token(const std::filesystem::path& token_file, const std::string& role, std::optional<int> counter,
                           const std::string& name);

 private:
  hub::HubConfig config_;
  std::unique_ptr<hub::Hub> hub_;
  std::uint16_t port_ = 0;
};

// Reads a device token file (64 hex characters); empty when there is none. Throws on a malformed file.
std::string read_token(const std::filesystem::path& file);
// Writes it readable by this user only, atomically.
void write_token(const std::filesystem::path& file, const std::string& token);
// Pairs with a hub using a one-time code; returns the token. Throws std::runtime_error with message_vi
// first, then " | " and the English message.
std::string pair_with_hub(const std::string& url, const std::string& code, const std::string& name);

}  // namespace kiosk::app
