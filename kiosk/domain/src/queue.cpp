#include "kiosk/domain/queue.hpp"

#include <algorithm>
#include <numeric>

namespace kiosk {
namespace {

bool waits_longer(const WaitingTicket& a, const WaitingTicket& b) {
  if (a.issued_at != b.issued_at) return a.issued_at < b.issued_at;
  return a.id < b.id;
}

std::optional<std::size_t> longest_waiting(std::span<const WaitingTicket> waiting, bool priority) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if ((waiting[i].priority != Priority::none) != priority) continue;
    if (!best || waits_longer(waiting[i], waiting[*best])) best = i;
  }
  return best;
}

}  // namespace

std::optional<std::size_t> choose_next(std::span<const WaitingTicket> waiting, const QueueRules& rules,
                                       int normal_since_priority) {
  auto priority = longest_waiting(waiting, true);
  auto normal = longest_waiting(waiting, false);
  if (!priority) return normal;
  if (!normal) return priority;
  if (rules.priority == QueueRules::Priority::strict) return priority;
  return normal_since_priority >= rules.normal_per_priority ? priority : normal;
}

Date service_day(Instant t, const Zone& zone, int rollover_minute) {
  return zone.local_date(t - std::chrono::minutes{rollover_minute});
}

std::int64_t estimate_wait_seconds(int people_ahead, std::span<const std::int64_t> recent_service_seconds,
                                   int default_service_minutes, int open_counters) {
  if (people_ahead <= 0) return 0;
  std::int64_t per_person = std::int64_t{default_service_minutes} * 60;
  if (!recent_service_seconds.empty())
    per_person = std::accumulate(recent_service_seconds.begin(), recent_service_seconds.end(), std::int64_t{0}) /
                 static_cast<std::int64_t>(recent_service_seconds.size());
  return people_ahead * per_person / std::max(open_counters, 1);
}

int people_ahead(std::span<const WaitingTicket> waiting_in_service, Priority p) {
  if (p == Priority::none) return static_cast<int>(waiting_in_service.size());
  return static_cast<int>(std::count_if(waiting_in_service.begin(), waiting_in_service.end(),
                                        [](const WaitingTicket& w) { return w.priority != Priority::none; }));
}

}  // namespace kiosk
