// Working days: the lunar calendar, Vietnam's public holidays, each year's announced swaps, and the
// appointment date ("ngày hẹn trả") that follows from a receipt and a legal processing time.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/domain/time.hpp"

namespace kiosk {

struct LunarDate {
  int day = 1;
  int month = 1;
  int year = 2000;
  bool leap = false;  // the intercalary month that repeats `month`
  bool operator==(const LunarDate&) const = default;
};

// Ho Ngoc Duc's astronomical algorithm for the Vietnamese calendar (UTC+7 meridian by default).
LunarDate solar_to_lunar(Date d, double zone_hours = 7.0);
// Empty when the date does not exist (e.g. a leap month that year does not have, day 30 of a 29-day month).
std::optional<Date> lunar_to_solar(const LunarDate& l, double zone_hours = 7.0);

struct NamedDay {
  Date date;
  std::string name_vi;
  std::string name_en;
};

// An announced change to one day: a day off on a weekday ("off") or a working Saturday/Sunday ("work").
struct DayOverride {
  enum class Kind { off, work };
  Date date;
  Kind kind = Kind::off;
  std::string name_vi;
  std::string name_en;
};

class CalendarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The rules a province can tune. Fixed holidays come from the Labour Code 2019 (art. 112); what the law
// leaves to the yearly announcement (which days around Tết, the day beside 2/9, swaps) is data.
struct HolidayRules {
  int tet_days = 5;         // days off for Lunar New Year
  // Of which before lunar 1/1 (the rest from 1/1 on). The shipped table (assets/calendar/vn-holidays.toml)
  // sets 2: with weekend compensation that reproduces the announced Tết arrangements of 2018–2026.
  int tet_days_before = 1;
  // A fixed holiday falling on a weekend gives a compensatory day off on the next working day (Labour Code
  // 2019, art. 111(3)).
  bool compensate_weekend_holidays = true;
  std::vector<DayOverride> overrides;

  // TOML, see assets/calendar/vn-holidays.toml. Throws CalendarError with a line number on bad input.
  static HolidayRules parse_toml(std::string_view text, std::string_view source_name = "holidays");
  static HolidayRules load_toml(const std::filesystem::path& file);
};

// Office hours in local minutes of the day; the lunch break is not working time.
struct OfficeHours {
  int morning_start = 7 * 60 + 30;
  int morning_end = 11 * 60 + 30;
  int afternoon_start = 13 * 60 + 30;
  int afternoon_end = 17 * 60;
  bool contains(int minute_of_day) const {
    return (minute_of_day >= morning_start && minute_of_day < morning_end) ||
           (minute_of_day >= afternoon_start && minute_of_day < afternoon_end);
  }
};

enum class TimeUnit { working_days, working_hours, days };
std::optional<TimeUnit> parse_time_unit(std::string_view s);  // "working_days", "working_hours", "days"
std::string_view to_string(TimeUnit u);

class WorkingCalendar {
 public:
  explicit WorkingCalendar(HolidayRules rules = {});

  bool is_working_day(Date d) const;
  // The year's named days off other than ordinary Saturdays and Sundays (holidays, compensations, announced
  // extra days), plus announced working weekend days (with their names), sorted by date.
  std::vector<NamedDay> non_working_days(int year) const;
  // The first working day strictly after d.
  Date next_working_day(Date d) const;
  // The n-th working day after d (n ≥ 1); n == 0 gives d itself if it is a working day, else the next one.
  Date add_working_days(Date d, int n) const;
  // Working days x with a < x ≤ b (0 when b ≤ a).
  int working_days_between(Date a, Date b) const;

  // The appointment for a dossier received at `received` with a legal time of `amount` `unit`s.
  //  - working_days: counting starts on the receipt day if it is a working day and the receipt is before
  //    the end of office hours, else on the next working day; the appointment is the end of office hours
  //    of the amount-th working day after that start day.
  //  - working_hours: working minutes within office hours on working days, starting at the receipt (or the
  //    next opening if received outside hours).
  //  - days: calendar days after the start day; an appointment on a non-working day moves to the next
  //    working day; end of office hours.
  Instant due(Instant received, int amount, TimeUnit unit, const Zone& zone, const OfficeHours& hours) const;

  const HolidayRules& rules() const { return rules_; }

 private:
  struct Year;   // one Gregorian year's table, immutable once built
  struct Cache;  // years built so far, guarded by a mutex; shared by copies (the rules never change)
  std::shared_ptr<const Year> year_table(int year) const;
  HolidayRules rules_;
  std::shared_ptr<Cache> cache_;
};

}  // namespace kiosk
