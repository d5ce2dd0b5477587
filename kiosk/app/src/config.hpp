// kiosk's configuration (TOML; every key in platform/linux/kiosk.example.toml), with command-line
// overrides applied by main.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace kiosk::app {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KioskConfig {
  std::string role;        // ticket, counter, rating, board, manager
  std::string lang = "vi";
  std::string name;        // the device's name, given when pairing ("Máy lấy số cửa chính")
  // [display]
  int width = 0, height = 0;  // 0: the role's usual size
  bool fullscreen = false;
  bool hide_cursor = false;
  // [hub]: where the centre's hub is. Without a url, the hub runs in this process on [local].
  std::string hub_url;
  std::filesystem::path token_file;
  // [local]
  std::filesystem::path local_hub_config;  // a kioskd.toml: database, catalogue, port
  std::optional<int> counter;              // counter and rating devices on a one-machine centre
  // [printer]
  std::string printer_kind = "none";  // file, usb, tcp, none
  std::string printer_path;
  std::string printer_host;
  int printer_port = 9100;
  std::chrono::milliseconds printer_timeout{3000};
  std::filesystem::path ticket_preview;  // the last ticket as a PNG, if set
  // [rating]
  int rating_scale = 5;
  bool rating_criteria = false;
  // [board]
  int board_calls = 8;
  std::string board_notice;
  bool speech = true;
  bool chime = true;
  std::string voice = "vi";
  // [screen]
  std::chrono::seconds citizen_timeout{30};
  std::filesystem::path assets_dir;
  std::filesystem::path font_dir;

  // Relative paths are resolved against the file's directory. Throws ConfigError naming the key.
  static KioskConfig load(const std::filesystem::path& file);
  static KioskConfig parse(std::string_view toml, const std::filesystem::path& base_dir, std::string_view source = "config");
  // Checks what must hold before starting (role known, sizes sane…); throws ConfigError.
  void validate() const;
};

}  // namespace kiosk::app
