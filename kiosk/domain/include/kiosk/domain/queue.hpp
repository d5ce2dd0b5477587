// Queue rules: which waiting ticket a counter calls next, the service day, and the estimated wait.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kiosk/domain/catalogue.hpp"
#include "kiosk/domain/records.hpp"

namespace kiosk {

struct WaitingTicket {
  std::int64_t id = 0;
  Priority priority = Priority::none;
  Instant issued_at;  // first issue: a transferred ticket keeps its place by the time it first queued
};

// Index into `waiting` of the ticket to call, or empty when nobody waits. `waiting` holds only tickets of
// services the counter serves. Strict: any priority ticket first. Interleave: a priority ticket once the
// counter has called `normal_per_priority` normal tickets since its last priority one (or when no normal
// ticket waits). Within a class, the longest waiting first; equal times by ticket id.
std::optional<std::size_t> choose_next(std::span<const WaitingTicket> waiting, const QueueRules& rules,
                                       int normal_since_priority);

// The service day an instant belongs to: the local date, shifted back before the rollover minute.
Date service_day(Instant t, const Zone& zone, int rollover_minute);

// Estimated wait in seconds for someone with `people_ahead` in front, from recent service durations (or the
// service's default when there are none yet) shared among `open_counters` (at least one).
std::int64_t estimate_wait_seconds(int people_ahead, std::span<const std::int64_t> recent_service_seconds,
                                   int default_service_minutes, int open_counters);

// Tickets ahead of a ticket of priority `p`: priority tickets go before every normal one.
int people_ahead(std::span<const WaitingTicket> waiting_in_service, Priority p);

}  // namespace kiosk
