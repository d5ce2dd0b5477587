// The rules a manager may change from the screen while the centre runs: office hours, the queue's priority
// rule and recall limit, and the service areas that issue no tickets for now. The catalogue gives the
// starting values; each settings.changed event in the log changes some of them, so whoever replays the log
// (the centre after a restart, the province) knows which rules held when. What they decided is kept in the
// events themselves (a dossier's due_at, a ticket's no-show), never recomputed from the rules of today.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/domain/calendar.hpp"
#include "kiosk/domain/catalogue.hpp"
#include "kiosk/domain/events.hpp"

namespace kiosk {

struct CentreSettings {
  OfficeHours office_hours;
  std::vector<int> weekdays = {1, 2, 3, 4, 5};  // the days the centre opens: 1 Monday … 7 Sunday, sorted
  QueueRules::Priority priority = QueueRules::Priority::interleave;
  int normal_per_priority = 3;
  int max_recalls = 3;
  std::vector<std::string> closed_services;  // issuing no tickets; in catalogue order

  // The catalogue's values, before any change.
  static CentreSettings from(const Catalogue& catalogue);
  bool closed(std::string_view service) const;
  // `base` (the catalogue's rules) with the priority rule and recall limit of these settings.
  QueueRules queue_rules(QueueRules base) const;
};

// "07:30-11:30"
std::string format_span(int start_minute, int end_minute);

// settings.get's shape: {office_hours: {morning, afternoon, weekdays}, queue: {priority, normal_per_priority,
// max_recalls}, closed_services}.
nlohmann::json to_json(const CentreSettings& s);

// A manager's change: any subset of the fields. Values are checked by change_settings, not here.
struct SettingsChange {
  std::optional<std::string> morning;    // "HH:MM-HH:MM"
  std::optional<std::string> afternoon;
  std::optional<std::vector<std::int64_t>> weekdays;
  std::optional<std::string> priority;   // "interleave" or "strict"
  std::optional<std::int64_t> normal_per_priority;
  std::optional<std::int64_t> max_recalls;
  std::optional<std::vector<std::string>> closed_services;
  bool empty() const {
    return !morning && !afternoon && !weekdays && !priority && !normal_per_priority && !max_recalls && !closed_services;
  }
};

struct SettingsOutcome {
  CentreSettings settings;       // after the change
  nlohmann::json payload;        // settings.changed: {old, new}, only the fields whose value changes
  std::vector<std::string> changed;  // those fields, dotted: "office_hours.morning", "closed_services", …
};

// Checks `change` as the catalogue's loader checks the same values (spans HH:MM-HH:MM with start before end,
// the afternoon starting at or after the morning ends, weekdays 1–7 without repeats, a known priority rule,
// normal_per_priority ≥ 1, max_recalls ≥ 0, service codes of the catalogue without repeats) and applies
// it. Refuses with DomainError "settings.invalid", or "service.unknown" for a code the catalogue lacks.
SettingsOutcome change_settings(const CentreSettings& current, const SettingsChange& change, const Catalogue& catalogue);

// Sets the values of `values` (the "new" part of a settings.changed payload, or several merged) on `s`.
// Throws EventError when a value has the wrong type.
void apply_settings_values(CentreSettings& s, const nlohmann::json& values);

// Whether the centre is open now. A working day is a day the centre opens: a working day of the holiday
// calendar (with its announced swaps, as the due-date code counts them) that falls on one of the centre's
// weekdays, an announced working Saturday or Sunday, or an ordinary weekend day that is one of its
// weekdays and no holiday.
struct OfficeStatus {
  bool open = false;         // a working day, within the morning or afternoon hours
  bool working_day = false;  // today (local date) is a working day
  std::optional<Instant> next_open;  // when it next opens; empty while open
};
OfficeStatus office_status(Instant now, const Zone& zone, const WorkingCalendar& calendar, const CentreSettings& s);
bool is_office_day(Date d, const WorkingCalendar& calendar, const CentreSettings& s);
// {open, working_day, morning, afternoon, next_open (ISO in `zone`, or null)}
nlohmann::json to_json(const OfficeStatus& o, const CentreSettings& s, const Zone& zone);

}  // namespace kiosk
