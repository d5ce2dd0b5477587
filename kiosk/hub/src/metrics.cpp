#include "metrics.hpp"

#include <sstream>

namespace kiosk::hub {

void Metrics::observe_request(std::chrono::nanoseconds took, bool ok) {
  const double ms = static_cast<double>(took.count()) / 1e6;
  std::size_t i = 0;
  while (i < kBucketsMs.size() && ms > kBucketsMs[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<std::uint64_t>(took.count() / 1000), std::memory_order_relaxed);
  (ok ? ok_ : errors_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connected(std::optional<protocol::Role> role, int delta) {
  connected_[role ? static_cast<std::size_t>(*role) : 5].fetch_add(delta, std::memory_order_relaxed);
}

void Metrics::set_figures(service::Figures f) {
  std::lock_guard lock(figures_mutex_);
  figures_ = std::move(f);
}

void Metrics::set_health(bool healthy) {
  healthy_.store(healthy);
  health_checked_ns_.store(std::chrono::steady_clock::now().time_since_epoch().count());
}

bool Metrics::healthy(std::chrono::steady_clock::time_point now) const {
  // A store thread that stopped answering stops refreshing the check: unhealthy after a few seconds.
  const auto checked = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(health_checked_ns_.load()));
  return healthy_.load() && now - checked < std::chrono::seconds(5);
}

std::string Metrics::render() const {
  std::ostringstream o;
  auto family = [&](const char* name, const char* type, const char* help) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  };
  service::Figures f;
  {
    std::lock_guard lock(figures_mutex_);
    f = figures_;
  }
  family("kiosk_tickets_issued_total", "counter", "Tickets issued since the hub started.");
  o << "kiosk_tickets_issued_total " << f.tickets_issued << '\n';
  family("kiosk_tickets_served_total", "counter", "Tickets whose service finished since the hub started.");
  o << "kiosk_tickets_served_total " << f.tickets_served << '\n';
  family("kiosk_event_log_last_seq", "gauge", "Sequence number of the newest event in the log.");
  o << "kiosk_event_log_last_seq " << f.last_seq << '\n';
  family("kiosk_queue_waiting", "gauge", "Tickets waiting, per service area.");
  for (const auto& q : f.queues) o << "kiosk_queue_waiting{service=\"" << q.service << "\"} " << q.waiting << '\n';
  family("kiosk_queue_open_counters", "gauge", "Open counters serving each service area.");
  for (const auto& q : f.queues) o << "kiosk_queue_open_counters{service=\"" << q.service << "\"} " << q.open_counters << '\n';
  family("kiosk_devices_connected", "gauge", "WebSocket connections by device role.");
  for (std::size_t i = 0; i < connected_.size(); ++i)
    o << "kiosk_devices_connected{role=\""
      << (i < 5 ? protocol::to_string(static_cast<protocol::Role>(i)) : std::string_view("unauthenticated")) << "\"} "
      << connected_[i].load() << '\n';
  family("kiosk_request_duration_seconds", "histogram", "Time from a request's arrival to its reply being queued.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBucketsMs.size(); ++i) {
    cumulative += buckets_[i].load();
    o << "kiosk_request_duration_seconds_bucket{le=\"" << kBucketsMs[i] / 1000 << "\"} " << cumulative << '\n';
  }
  cumulative += buckets_[kBucketsMs.size()].load();
  o << "kiosk_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n';
  o << "kiosk_request_duration_seconds_sum " << static_cast<double>(sum_us_.load()) / 1e6 << '\n';
  o << "kiosk_request_duration_seconds_count " << cumulative << '\n';
  family("kiosk_requests_total", "counter", "Requests answered, by outcome.");
  o << "kiosk_requests_total{result=\"ok\"} " << ok_.load() << '\n';
  o << "kiosk_requests_total{result=\"error\"} " << errors_.load() << '\n';
  family("kiosk_requests_rate_limited_total", "counter", "Requests refused because a connection sent too many.");
  o << "kiosk_requests_rate_limited_total " << rate_limited_.load() << '\n';
  family("kiosk_requests_malformed_total", "counter", "Messages that were not valid requests.");
  o << "kiosk_requests_malformed_total " << malformed_.load() << '\n';
  family("kiosk_clients_dropped_total", "counter", "Connections closed because they fell too far behind.");
  o << "kiosk_clients_dropped_total " << dropped_slow_.load() << '\n';
  family("kiosk_sync_last_success_timestamp_seconds", "gauge", "When the event log last reached the province (0: never).");
  o << "kiosk_sync_last_success_timestamp_seconds 0\n";
  family("kiosk_up", "gauge", "1 when the database answers and takes writes.");
  o << "kiosk_up " << (healthy(std::chrono::steady_clock::now()) ? 1 : 0) << '\n';
  return o.str();
}

}  // namespace kiosk::hub
