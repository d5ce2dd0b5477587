// A blocking WebSocket text connection where every operation has a timeout. For programs that do one
// thing at a time: kioskctl, tests, the load program, a browser's debugging port.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kiosk/client/url.hpp"

namespace kiosk::client {

class ConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WsConnection {
 public:
  explicit WsConnection(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~WsConnection();
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  void connect(const HubUrl& url);
  void send(std::string_view text);
  // The next message, or nothing when none arrives in time (the read stays pending for the next call).
  std::optional<std::string> read(std::chrono::milliseconds timeout);
  void close();
  bool is_open() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::client
