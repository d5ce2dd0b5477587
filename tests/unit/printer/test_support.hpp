#pragma once

// Shared by the printed-slip tests: fonts, a scratch directory, a QR reader (zbar), and stand-ins for a
// printer at the other end of a socket or a pseudo-terminal.

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <zbar.h>

#include "kiosk/raster/canvas.hpp"

namespace kiosk::test {

inline std::string font_dir() { return KIOSK_FONT_DIR; }

class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> sequence{0};
    path_ = std::filesystem::temp_directory_path() /
            ("kiosk-printer-test-" + std::to_string(::getpid()) + "-" + std::to_string(sequence++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) out.push_back(entry.path().filename().string());
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline std::vector<std::uint8_t> random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(byte(rng));
  return out;
}


// Every QR code zbar finds in the image, as a phone app would read the printed slip.
inline std::vector<std::string> read_qr_codes(const raster::Canvas& canvas) {
  std::vector<std::string> found;
  using namespace zbar;  // the C API, which zbar.h puts in a namespace when compiled as C++
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, static_cast<unsigned>(canvas.width()), static_cast<unsigned>(canvas.height()));
  zbar_image_set_data(image, canvas.pixels().data(), static_cast<unsigned long>(canvas.pixels().size()), nullptr);
  zbar_scan_image(scanner, image);
  for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s != nullptr; s = zbar_symbol_next(s)) {
    if (zbar_symbol_get_type(s) == ZBAR_QRCODE) found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return found;
}

// The printer's side of a connection: reads what comes, answers the status query DLE EOT 4 (the first
// three bytes) with `reply` if there is one, and keeps reading until the other side closes, `stop_after`
// bytes have come, or nothing has come for `idle`.
struct PeerScript {
  std::optional<std::uint8_t> reply{};
  bool hang_up_after_reply = false;
  std::size_t stop_after = SIZE_MAX;
  std::chrono::milliseconds idle{3000};
};

inline std::vector<std::uint8_t> play_printer(int fd, const PeerScript& script) {
  std::vector<std::uint8_t> received;
  bool answered = false;
  std::uint8_t buffer[65536];
  while (received.size() < script.stop_after) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(script.idle.count()));
    if (ready <= 0) break;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    received.insert(received.end(), buffer, buffer + n);
    if (!answered && received.size() >= 3) {
      answered = true;
      const bool is_query = received[0] == 0x10 && received[1] == 0x04 && received[2] == 0x04;
      if (is_query && script.reply) {
        const std::uint8_t byte = *script.reply;
        if (::write(fd, &byte, 1) != 1) break;
        if (script.hang_up_after_reply) break;
      }
    }
  }
  return received;
}

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

inline int bound_loopback_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

// A port nothing listens on: bound to learn a free number, then closed.
inline int closed_loopback_port() {
  int port = 0;
  UniqueFd fd(bound_loopback_socket(port));
  return port;
}

// A network printer on loopback serving one connection with a script, on a thread of its own.
class FakeNetworkPrinter {
 public:
  explicit FakeNetworkPrinter(PeerScript script) : listener_(bound_loopback_socket(port_)) {
    ::listen(listener_.get(), 4);
    thread_ = std::thread([this, script] {
      pollfd p{listener_.get(), POLLIN, 0};
      if (::poll(&p, 1, 10000) <= 0) return;
      UniqueFd connection(::accept(listener_.get(), nullptr, nullptr));
      if (connection.get() < 0) return;
      received_ = play_printer(connection.get(), script);
      connections_ = 1;
    });
  }
  ~FakeNetworkPrinter() { wait(); }
  FakeNetworkPrinter(const FakeNetworkPrinter&) = delete;
  FakeNetworkPrinter& operator=(const FakeNetworkPrinter&) = delete;

  int port() const { return port_; }
  // What the printer got, once its connection is over.
  const std::vector<std::uint8_t>& received() {
    wait();
    return received_;
  }
  int connections() {
    wait();
    return connections_;
  }

 private:
  void wait() {
    if (thread_.joinable()) thread_.join();
  }
  int port_ = 0;
  UniqueFd listener_;
  std::thread thread_;
  std::vector<std::uint8_t> received_;
  int connections_ = 0;
};

// A pseudo-terminal in raw mode standing in for a printer device node: the code under test opens
// slave_path like /dev/usb/lp0, the test plays the printer on the master side.
class RawPty {
 public:
  RawPty() : master_(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) {
    if (master_.get() < 0 || ::grantpt(master_.get()) != 0 || ::unlockpt(master_.get()) != 0) return;
    char name[128];
    if (::ptsname_r(master_.get(), name, sizeof name) != 0) return;
    slave_path_ = name;
    // Held open by the test so the master never sees a hang-up between the printer's open and close.
    slave_.reset(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    termios mode{};
    if (slave_.get() < 0 || ::tcgetattr(slave_.get(), &mode) != 0) return;
    ::cfmakeraw(&mode);
    if (::tcsetattr(slave_.get(), TCSANOW, &mode) != 0) return;
    ok_ = true;
  }
  bool ok() const { return ok_; }
  int master() const { return master_.get(); }
  const std::string& slave_path() const { return slave_path_; }

 private:
  UniqueFd master_;
  UniqueFd slave_;
  std::string slave_path_;
  bool ok_ = false;
};

}  // namespace kiosk::test
