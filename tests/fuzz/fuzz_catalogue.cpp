// Catalogue::parse_toml: only CatalogueError may come out; what it accepts must hold the rules the format
// promises (assets/catalog/district.toml, its header).
#include <algorithm>
#include <set>

#include "fuzz_targets.hpp"
#include "kiosk/domain/catalogue.hpp"

namespace {

constexpr std::string_view kTarget = "catalogue";
constexpr std::string_view kSource = "fuzz.toml";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

void check_accepted(const kiosk::Catalogue& c) {
  try {
    (void)c.zone();
  } catch (const kiosk::CatalogueError& e) {
    kiosk::fuzz::finding(kTarget, std::string("accepted catalogue has an unusable zone: ") + e.what());
  }
  check(!c.agency_code.empty(), "accepted an empty agency_code");
  check(!c.services.empty(), "accepted a catalogue without services");
  check(!c.counters.empty(), "accepted a catalogue without counters");

  const kiosk::OfficeHours& h = c.office_hours;
  check(h.morning_start < h.morning_end && h.morning_end <= h.afternoon_start && h.afternoon_start < h.afternoon_end,
        "accepted office hours out of order");
  check(!c.office_weekdays.empty() && std::is_sorted(c.office_weekdays.begin(), c.office_weekdays.end()) &&
            std::adjacent_find(c.office_weekdays.begin(), c.office_weekdays.end()) == c.office_weekdays.end() &&
            c.office_weekdays.front() >= 1 && c.office_weekdays.back() <= 7,
        "accepted weekdays that are not distinct days 1..7");
  check(c.queue.normal_per_priority >= 1 && c.queue.max_recalls >= 0 && c.queue.default_service_minutes >= 1 &&
            c.queue.estimate_window >= 1 && c.queue.day_rollover_minute >= 0 && c.queue.day_rollover_minute < 24 * 60,
        "accepted queue rules out of range");

  std::set<std::string> codes, prefixes;
  for (const auto& s : c.services) {
    check(!s.code.empty() && !s.name_vi.empty(), "accepted a service with an empty code or name");
    check(codes.insert(s.code).second, "accepted a duplicate service code");
    check(!s.prefix.empty() && s.prefix.size() <= 3 &&
              std::all_of(s.prefix.begin(), s.prefix.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }),
          "accepted a ticket prefix that is not 1-3 letters A-Z");
    check(prefixes.insert(s.prefix).second, "accepted a duplicate ticket prefix");
    check(s.avg_service_minutes >= 1, "accepted avg_service_minutes < 1");
    check(c.service(s.code) == &s && c.service_by_prefix(s.prefix) == &s, "service lookup does not find the service");
  }
  std::set<int> numbers;
  for (const auto& d : c.counters) {
    check(d.number >= 1 && numbers.insert(d.number).second, "accepted a counter number < 1 or twice");
    check(!d.services.empty(), "accepted a counter with no service");
    for (const auto& s : d.services) check(c.service(s) != nullptr, "accepted a counter naming an unknown service");
    check(c.counter(d.number) == &d, "counter lookup does not find the counter");
  }
  std::set<std::string> procedures;
  for (const auto& p : c.procedures) {
    check(!p.code.empty() && !p.name_vi.empty() && procedures.insert(p.code).second,
          "accepted a procedure with an empty or duplicate code or an empty name");
    check(c.service(p.field) != nullptr, "accepted a procedure in an unknown field");
    check(p.processing_time >= 0 && p.fee >= 0, "accepted a negative processing time or fee");
  }
}

}  // namespace

int fuzz_catalogue(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  kiosk::Catalogue c;
  try {
    c = kiosk::Catalogue::parse_toml(kiosk::fuzz::as_text(data, size), kSource);
  } catch (const kiosk::CatalogueError& e) {
    // "<source>:<line>: <problem>" or "<source>: <problem>".
    const std::string_view msg = e.what();
    check(msg.starts_with(kSource) && msg.size() > kSource.size() + 2, "error message does not name the source");
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }
  check_accepted(c);
  kiosk::fuzz::note(Outcome::accepted);
  return 0;
}
