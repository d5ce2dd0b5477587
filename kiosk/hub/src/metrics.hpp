// What /metrics reports (Prometheus text format 0.0.4).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "kiosk/protocol/roles.hpp"
#include "kiosk/service/service.hpp"

namespace kiosk::hub {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBucketsMs{0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000};

  void observe_request(std::chrono::nanoseconds took, bool ok);
  void count_rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void count_dropped_slow() { dropped_slow_.fetch_add(1, std::memory_order_relaxed); }
  void count_malformed() { malformed_.fetch_add(1, std::memory_order_relaxed); }
  void connected(std::optional<protocol::Role> role, int delta);
  void set_figures(service::Figures f);
  void set_health(bool healthy);
  bool healthy(std::chrono::steady_clock::time_point now) const;

  std::string render() const;

 private:
  std::array<std::atomic<std::uint64_t>, kBucketsMs.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_us_{0}, ok_{0}, errors_{0};
  std::atomic<std::uint64_t> rate_limited_{0}, dropped_slow_{0}, malformed_{0};
  std::array<std::atomic<int>, 6> connected_{};  // per role, the last for "not yet authenticated"
  mutable std::mutex figures_mutex_;
  service::Figures figures_;
  std::atomic<bool> healthy_{false};
  std::atomic<std::int64_t> health_checked_ns_{0};
};

}  // namespace kiosk::hub
