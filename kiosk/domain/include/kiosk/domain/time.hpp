// Instants, local dates and the centre's zone.
//
// Every record stores UTC instants; what a citizen or an official calls "the day" is the local date in the
// centre's zone. Vietnam has kept UTC+7 without daylight saving since 1975, so a zone is a name resolved
// to a fixed offset (g++ 12 has no tz database).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Date = std::chrono::sys_days;

struct Zone {
  std::string name = "Asia/Ho_Chi_Minh";
  std::chrono::minutes offset{7 * 60};

  // "Asia/Ho_Chi_Minh", "Asia/Saigon", "Asia/Bangkok", "UTC", "UTC+07:00", "+07:00". Empty on unknown names.
  static std::optional<Zone> resolve(std::string_view name);
  static Zone vietnam() { return Zone{}; }

  Date local_date(Instant t) const;
  // Minutes since local midnight.
  int local_minute_of_day(Instant t) const;
  // The instant of local `date` at `minute_of_day` (0..1439).
  Instant at_local(Date date, int minute_of_day) const;
};

inline std::int64_t to_millis(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_millis(std::int64_t ms) { return Instant{std::chrono::milliseconds{ms}}; }

// ISO 8601: "2026-10-08T09:15:00+07:00", "2026-10-08T02:15:00Z", "2026-10-08 09:15" (local in `zone`),
// "2026-10-08" (local midnight). Fractional seconds accepted. Empty on malformed text.
std::optional<Instant> parse_instant(std::string_view text, const Zone& zone);
// "2026-10-08"; empty on malformed or impossible dates.
std::optional<Date> parse_date(std::string_view text);
// "HH:MM" → minutes since midnight.
std::optional<int> parse_hhmm(std::string_view text);

// "2026-10-08T09:15:00+07:00" in the given zone.
std::string format_instant(Instant t, const Zone& zone);
std::string format_date(Date d);           // 2026-10-08
std::string format_date_vi(Date d);        // 08/10/2026
std::string format_hhmm(int minute_of_day);  // 09:05

}  // namespace kiosk
