// A device's link to the hub, kept up in the background: connects, says hello with its token and the last
// event sequence it saw, and after any loss reconnects with exponential backoff and full jitter, then
// resynchronises (a fresh snapshot, then the events it missed). Handlers run on the link's own thread:
// a screen posts what they bring to its UI thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/protocol/messages.hpp"

namespace kiosk::client {

class DeviceLink {
 public:
  struct Handlers {
    std::function<void(const nlohmann::json& snapshot)> on_snapshot;  // after every successful hello
    std::function<void(const protocol::Message& push)> on_push;
    // Lost or refused (why: English for logs; why_vi: for the screen). After a refusal (refused()) the link
    // stops retrying.
    std::function<void(const std::string& why, const std::string& why_vi)> on_lost;
  };
  struct Options {
    std::chrono::milliseconds backoff_base{250};
    std::chrono::milliseconds backoff_cap{10'000};
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds idle_timeout{20'000};  // silent this long (pinged at half): the hub is gone
    std::uint64_t seed = 0;  // 0: from the clock
  };

  DeviceLink(std::string url, std::string token, Handlers handlers, Options options);
  DeviceLink(std::string url, std::string token, Handlers handlers);
  ~DeviceLink();
  DeviceLink(const DeviceLink&) = delete;
  DeviceLink& operator=(const DeviceLink&) = delete;

  void start();
  void stop();

  // Sent at once when connected; otherwise `done` gets a hub.unreachable error without waiting.
  void request(std::string cmd, nlohmann::json args, std::function<void(const protocol::Message&)> done);

  bool connected() const;
  // The hub refused the token (unknown or revoked): the link stopped trying; the device must be paired again.
  bool refused() const;
  std::int64_t last_seq() const;
  int reconnects() const;  // successful hellos after the first

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::client
