// HolidayRules::parse_toml: only CalendarError may come out; an accepted table must drive a WorkingCalendar
// (the only thing it is parsed for) without surprises: every override decides its own day.
#include <algorithm>

#include "fuzz_targets.hpp"
#include "kiosk/domain/calendar.hpp"

namespace {

constexpr std::string_view kTarget = "holidays";
constexpr std::string_view kSource = "fuzz.toml";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

}  // namespace

int fuzz_holidays(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  kiosk::HolidayRules rules;
  try {
    rules = kiosk::HolidayRules::parse_toml(kiosk::fuzz::as_text(data, size), kSource);
  } catch (const kiosk::CalendarError& e) {
    // "<source>:<line>: <problem>".
    const std::string_view msg = e.what();
    check(msg.starts_with(std::string(kSource) + ":") && msg.size() > kSource.size() + 3,
          "error message does not name the source and line");
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }
  kiosk::fuzz::note(Outcome::accepted);

  check(rules.tet_days >= 0 && rules.tet_days <= 30 && rules.tet_days_before >= 0 &&
            rules.tet_days_before <= rules.tet_days,
        "accepted Tết days out of range");
  check(std::is_sorted(rules.overrides.begin(), rules.overrides.end(),
                       [](const auto& a, const auto& b) { return a.date < b.date; }),
        "overrides are not sorted by date");
  check(std::adjacent_find(rules.overrides.begin(), rules.overrides.end(),
                           [](const auto& a, const auto& b) { return a.date == b.date; }) == rules.overrides.end(),
        "accepted two overrides for one date");

  // Use it as the centre does. A few overrides are enough: each one costs a year table.
  const kiosk::WorkingCalendar calendar(rules);
  const std::size_t n = std::min<std::size_t>(rules.overrides.size(), 3);
  for (std::size_t i = 0; i < n; ++i) {
    const kiosk::DayOverride& o = rules.overrides[i];
    check(calendar.is_working_day(o.date) == (o.kind == kiosk::DayOverride::Kind::work),
          "an accepted override does not decide its day");
    check(calendar.next_working_day(o.date) > o.date, "next_working_day is not after the day");
  }
  if (n > 0) {
    const int y = static_cast<int>(std::chrono::year_month_day{rules.overrides.front().date}.year());
    (void)calendar.non_working_days(y);
  }
  return 0;
}
