// What every connection of the hub shares.
#pragma once

#include <chrono>
#include <string>

#include "kiosk/hub/config.hpp"
#include "metrics.hpp"
#include "registry.hpp"
#include "worker.hpp"

namespace kiosk::hub {

struct Limits {
  std::size_t max_message_bytes = 1 << 20;
  std::chrono::milliseconds message_deadline{10'000};
  std::size_t send_queue_messages = 512;
  double requests_per_second = 20;
  double request_burst = 40;
  int max_in_flight = 32;
  std::size_t http_body_bytes = 8 * 1024;
  std::chrono::seconds http_deadline{15};
};
Limits limits_from(const HubConfig& config);

struct Shared {
  Worker& worker;
  Registry& registry;
  Metrics& metrics;
  Limits limits;
  const std::string& board_page;
};

// Per connection: sustained rate with a burst allowance.
class TokenBucket {
 public:
  TokenBucket(double per_second, double burst) : rate_(per_second), burst_(burst), tokens_(burst) {}
  bool take(std::chrono::steady_clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double rate_, burst_, tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace kiosk::hub
