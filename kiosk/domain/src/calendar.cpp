// Working days and appointment dates (see calendar.hpp).
//
// Each Gregorian year is turned once into a table: the rule holidays (Labour Code 2019 art. 112), the
// compensatory days for holidays on a weekend (art. 111(3)), then the announced overrides on top. Tables are
// built on demand and kept in a mutex-guarded cache, so const methods may be called from several threads.
#include "kiosk/domain/calendar.hpp"

#include <toml++/toml.h>

#include "toml_names.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace kiosk {

using namespace std::chrono;

struct WorkingCalendar::Year {
  Date first;                      // 1 January
  std::vector<unsigned char> off;  // one per day of the year: 1 = not a working day
  std::vector<NamedDay> listed;    // what non_working_days() returns

  bool contains(Date d) const { return d >= first && d < first + days{static_cast<long>(off.size())}; }
  bool working(Date d) const { return off[static_cast<std::size_t>((d - first).count())] == 0; }
};

struct WorkingCalendar::Cache {
  std::mutex mutex;
  std::map<int, std::shared_ptr<const Year>> years;
};

namespace {

int year_of(Date d) { return static_cast<int>(year_month_day{d}.year()); }
Date ymd(int y, unsigned m, unsigned d) { return Date{year_month_day{year{y}, month{m}, day{d}}}; }
bool is_weekend(Date d) {
  const weekday w{d};
  return w == Saturday || w == Sunday;
}

struct Names {
  std::string vi;
  std::string en;
};

void append_name(std::string& to, const std::string& name) {
  if (name.empty() || to == name) return;
  // Already part of a merged name?
  for (std::size_t pos = 0; pos <= to.size();) {
    const std::size_t end = std::min(to.find("; ", pos), to.size());
    if (to.compare(pos, end - pos, name) == 0) return;
    pos = end + 2;
  }
  to = to.empty() ? name : to + "; " + name;
}

void merge(std::map<Date, Names>& into, Date d, const std::string& vi, const std::string& en) {
  Names& n = into[d];
  append_name(n.vi, vi);
  append_name(n.en, en);
}

// The holidays fixed by the Labour Code 2019, art. 112, for Gregorian year `y` (Tết around the lunar new
// year that falls in y).
void add_fixed_holidays(std::map<Date, Names>& out, int y, const HolidayRules& rules) {
  merge(out, ymd(y, 1, 1), "Tết Dương lịch", "New Year's Day");

  if (auto tet = lunar_to_solar(LunarDate{1, 1, y, false})) {
    for (int i = -rules.tet_days_before; i < rules.tet_days - rules.tet_days_before; ++i)
      merge(out, *tet + days{i}, "Tết Nguyên đán", "Lunar New Year");
  }
  if (auto hung = lunar_to_solar(LunarDate{10, 3, y, false}))
    merge(out, *hung, "Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration");

  merge(out, ymd(y, 4, 30), "Ngày Chiến thắng", "Reunification Day");
  merge(out, ymd(y, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day");

  // 2/9 plus "one day immediately before or after it" (art. 112(1)(đ)); the law leaves the choice to the
  // yearly announcement. Inferred default, matching 2021–2025 as announced: the day after when 2/9 is a
  // Monday or a Thursday (a long weekend / Thursday–Friday), otherwise the day before. The override table
  // corrects a year that was announced differently.
  const Date national_day = ymd(y, 9, 2);
  const weekday w{national_day};
  const Date adjacent = (w == Monday || w == Thursday) ? ymd(y, 9, 3) : ymd(y, 9, 1);
  merge(out, national_day, "Quốc khánh", "National Day");
  merge(out, adjacent, "Quốc khánh", "National Day");
}

std::string error_at(std::string_view source, std::uint32_t line, std::string_view what) {
  std::string s{source};
  s += ':';
  s += std::to_string(line);
  s += ": ";
  s += what;
  return s;
}

[[noreturn]] void fail_at(std::string_view source, const toml::node& at, std::string_view what) {
  throw CalendarError(error_at(source, at.source().begin.line, what));
}

using detail::toml_type_name;

// Walks a cached year table along consecutive dates, fetching a new one when the year changes.
template <class Fetch>
class Cursor {
 public:
  explicit Cursor(Fetch fetch) : fetch_(std::move(fetch)) {}
  bool working(Date d) {
    if (!year_ || !year_->contains(d)) year_ = fetch_(year_of(d));
    return year_->working(d);
  }

 private:
  Fetch fetch_;
  decltype(std::declval<Fetch&>()(0)) year_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Time units

std::optional<TimeUnit> parse_time_unit(std::string_view s) {
  if (s == "working_days") return TimeUnit::working_days;
  if (s == "working_hours") return TimeUnit::working_hours;
  if (s == "days") return TimeUnit::days;
  return std::nullopt;
}

std::string_view to_string(TimeUnit u) {
  switch (u) {
    case TimeUnit::working_days: return "working_days";
    case TimeUnit::working_hours: return "working_hours";
    case TimeUnit::days: return "days";
  }
  return "working_days";
}

// ---------------------------------------------------------------------------------------------------------
// Rules from TOML

HolidayRules HolidayRules::parse_toml(std::string_view text, std::string_view source_name) {
  toml::table doc;
  try {
    doc = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw CalendarError(error_at(source_name, e.source().begin.line, e.description()));
  }

  HolidayRules rules;
  auto read_count = [&](const toml::node& node, std::string_view key) -> int {
    const auto* v = node.as_integer();
    if (!v)
      fail_at(source_name, node, std::string(key) + " must be an integer, not " + std::string(toml_type_name(node.type())));
    const std::int64_t n = v->get();
    if (n < 0) fail_at(source_name, node, std::string(key) + " must not be negative (got " + std::to_string(n) + ")");
    if (n > 30) fail_at(source_name, node, std::string(key) + " must be at most 30 (got " + std::to_string(n) + ")");
    return static_cast<int>(n);
  };
  auto read_string = [&](const toml::node& node, std::string_view key) -> std::string {
    const auto* v = node.as_string();
    if (!v)
      fail_at(source_name, node, std::string(key) + " must be a string, not " + std::string(toml_type_name(node.type())));
    return v->get();
  };

  const toml::node* tet_days_node = nullptr;
  const toml::node* tet_before_node = nullptr;
  std::map<Date, const toml::node*> seen_dates;

  for (auto&& [key, node] : doc) {
    const std::string_view k = key.str();
    if (k == "tet_days") {
      rules.tet_days = read_count(node, k);
      tet_days_node = &node;
    } else if (k == "tet_days_before") {
      rules.tet_days_before = read_count(node, k);
      tet_before_node = &node;
    } else if (k == "compensate_weekend_holidays") {
      const auto* v = node.as_boolean();
      if (!v)
        fail_at(source_name, node,
                std::string(k) + " must be true or false, not " + std::string(toml_type_name(node.type())));
      rules.compensate_weekend_holidays = v->get();
    } else if (k == "override") {
      const auto* arr = node.as_array();
      if (!arr)
        fail_at(source_name, node,
                "override must be an array of tables ([[override]]), not " + std::string(toml_type_name(node.type())));
      for (const toml::node& item : *arr) {
        const auto* t = item.as_table();
        if (!t) fail_at(source_name, item, "each override must be a table, not " + std::string(toml_type_name(item.type())));
        DayOverride o;
        bool has_date = false, has_kind = false, has_vi = false, has_en = false;
        for (auto&& [okey, onode] : *t) {
          const std::string_view ok = okey.str();
          if (ok == "date") {
            std::optional<Date> d;
            if (const auto* dv = onode.as_date()) {
              const toml::date td = dv->get();
              const year_month_day parsed{year{td.year}, month{td.month}, day{td.day}};
              if (parsed.ok()) d = Date{parsed};
            } else if (const auto* sv = onode.as_string()) {
              d = parse_date(sv->get());
            } else {
              fail_at(source_name, onode,
                      "date must be a local date (2025-01-25) or a \"YYYY-MM-DD\" string, not " +
                          std::string(toml_type_name(onode.type())));
            }
            if (!d) fail_at(source_name, onode, "date is not a valid calendar date (expected YYYY-MM-DD)");
            if (auto it = seen_dates.find(*d); it != seen_dates.end())
              fail_at(source_name, onode,
                      "a second override for " + format_date(*d) + " (first on line " +
                          std::to_string(it->second->source().begin.line) + ")");
            seen_dates.emplace(*d, &onode);
            o.date = *d;
            has_date = true;
          } else if (ok == "kind") {
            const std::string kind = read_string(onode, ok);
            if (kind == "off") {
              o.kind = DayOverride::Kind::off;
            } else if (kind == "work") {
              o.kind = DayOverride::Kind::work;
            } else {
              fail_at(source_name, onode, "kind must be \"off\" or \"work\", not \"" + kind + "\"");
            }
            has_kind = true;
          } else if (ok == "name_vi") {
            o.name_vi = read_string(onode, ok);
            has_vi = true;
          } else if (ok == "name_en") {
            o.name_en = read_string(onode, ok);
            has_en = true;
          } else {
            fail_at(source_name, onode,
                    "unknown key \"" + std::string(ok) + "\" in an override (expected date, kind, name_vi, name_en)");
          }
        }
        if (!has_date) fail_at(source_name, item, "override without a date");
        if (!has_kind) fail_at(source_name, item, "override without a kind (\"off\" or \"work\")");
        const bool off = o.kind == DayOverride::Kind::off;
        if (!has_vi) o.name_vi = off ? "Ngày nghỉ theo thông báo" : "Ngày làm bù theo thông báo";
        if (!has_en) o.name_en = off ? "Announced day off" : "Announced working day";
        rules.overrides.push_back(std::move(o));
      }
    } else {
      fail_at(source_name, node,
              "unknown key \"" + std::string(k) +
                  "\" (expected tet_days, tet_days_before, compensate_weekend_holidays, override)");
    }
  }
  if (rules.tet_days_before > rules.tet_days) {
    const toml::node* at = tet_before_node ? tet_before_node : tet_days_node;
    throw CalendarError(error_at(source_name, at ? at->source().begin.line : 1,
                                 "tet_days_before (" + std::to_string(rules.tet_days_before) +
                                     ") is larger than tet_days (" + std::to_string(rules.tet_days) + ")"));
  }
  std::sort(rules.overrides.begin(), rules.overrides.end(),
            [](const DayOverride& a, const DayOverride& b) { return a.date < b.date; });
  return rules;
}

HolidayRules HolidayRules::load_toml(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CalendarError(file.string() + ":0: cannot open the holiday table");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw CalendarError(file.string() + ":0: cannot read the holiday table");
  return parse_toml(text.str(), file.string());
}

// ---------------------------------------------------------------------------------------------------------
// The calendar

WorkingCalendar::WorkingCalendar(HolidayRules rules) : rules_(std::move(rules)), cache_(std::make_shared<Cache>()) {
  // Programmatic rules are not validated by the parser: keep the Tết window meaningful.
  rules_.tet_days = std::max(rules_.tet_days, 0);
  rules_.tet_days_before = std::clamp(rules_.tet_days_before, 0, rules_.tet_days);
}

std::shared_ptr<const WorkingCalendar::Year> WorkingCalendar::year_table(int y) const {
  auto build = [&]() {
    // Rule holidays of the neighbouring years too: a long Tết window or a compensation could cross 1 January.
    std::map<Date, Names> holidays;
    for (int yy = y - 1; yy <= y + 1; ++yy) add_fixed_holidays(holidays, yy, rules_);

    std::map<Date, Names> rule_days = holidays;
    if (rules_.compensate_weekend_holidays) {
      // Labour Code 2019 art. 111(3): a weekly rest day that coincides with a holiday is made up on the next
      // working day. One compensation per weekend date, taken in date order, skipping weekends, holidays and
      // days already taken by an earlier compensation.
      for (const auto& [d, names] : holidays) {
        if (!is_weekend(d)) continue;
        Date c = d + days{1};
        while (is_weekend(c) || rule_days.contains(c)) c += days{1};
        rule_days.emplace(c, Names{"Nghỉ bù " + names.vi, "Compensatory day off (" + names.en + ")"});
      }
    }

    auto year = std::make_shared<Year>();
    year->first = ymd(y, 1, 1);
    const Date next_first = ymd(y + 1, 1, 1);
    year->off.resize(static_cast<std::size_t>((next_first - year->first).count()));
    for (Date d = year->first; d < next_first; d += days{1})
      year->off[static_cast<std::size_t>((d - year->first).count())] = is_weekend(d) || rule_days.contains(d);

    // Overrides win over the rules.
    std::map<Date, Names> work_days;
    for (const DayOverride& o : rules_.overrides) {
      if (!year->contains(o.date)) continue;
      const auto i = static_cast<std::size_t>((o.date - year->first).count());
      if (o.kind == DayOverride::Kind::off) {
        year->off[i] = 1;
        work_days.erase(o.date);
        merge(rule_days, o.date, o.name_vi, o.name_en);
      } else {
        year->off[i] = 0;
        rule_days.erase(o.date);
        work_days[o.date] = Names{o.name_vi, o.name_en};
      }
    }
    for (const auto* m : {&rule_days, &work_days})
      for (const auto& [d, names] : *m)
        if (year->contains(d)) year->listed.push_back(NamedDay{d, names.vi, names.en});
    std::sort(year->listed.begin(), year->listed.end(),
              [](const NamedDay& a, const NamedDay& b) { return a.date < b.date; });
    return std::shared_ptr<const Year>(std::move(year));
  };

  if (!cache_) return build();  // a moved-from calendar still answers
  std::lock_guard lock(cache_->mutex);
  auto& slot = cache_->years[y];
  if (!slot) slot = build();
  return slot;
}

bool WorkingCalendar::is_working_day(Date d) const { return year_table(year_of(d))->working(d); }

std::vector<NamedDay> WorkingCalendar::non_working_days(int year) const { return year_table(year)->listed; }

Date WorkingCalendar::next_working_day(Date d) const {
  Cursor cursor([this](int y) { return year_table(y); });
  Date x = d + days{1};
  while (!cursor.working(x)) x += days{1};
  return x;
}

Date WorkingCalendar::add_working_days(Date d, int n) const {
  Cursor cursor([this](int y) { return year_table(y); });
  Date x = d;
  if (n == 0) {
    while (!cursor.working(x)) x += days{1};
    return x;
  }
  // n < 0 counts backwards: the |n|-th working day before d.
  const days step{n > 0 ? 1 : -1};
  for (int left = n > 0 ? n : -n; left > 0;) {
    x += step;
    if (cursor.working(x)) --left;
  }
  return x;
}

int WorkingCalendar::working_days_between(Date a, Date b) const {
  if (b <= a) return 0;
  Cursor cursor([this](int y) { return year_table(y); });
  int count = 0;
  for (Date x = a + days{1}; x <= b; x += days{1})
    if (cursor.working(x)) ++count;
  return count;
}

Instant WorkingCalendar::due(Instant received, int amount, TimeUnit unit, const Zone& zone,
                             const OfficeHours& hours) const {
  amount = std::max(amount, 0);
  const Date receipt_day = zone.local_date(received);
  const int receipt_minute = zone.local_minute_of_day(received);

  switch (unit) {
    case TimeUnit::working_days:
    case TimeUnit::days: {
      // A receipt after the end of office hours, or on a day off, counts from the next working day
      // (DOMAIN.md "Time", inferred).
      const Date start = (is_working_day(receipt_day) && receipt_minute < hours.afternoon_end)
                             ? receipt_day
                             : next_working_day(receipt_day);
      Date end;
      if (unit == TimeUnit::working_days) {
        end = add_working_days(start, amount);
      } else {
        end = start + days{amount};
        if (!is_working_day(end)) end = next_working_day(end);
      }
      return zone.at_local(end, hours.afternoon_end);
    }
    case TimeUnit::working_hours: break;
  }

  const std::pair<int, int> periods[] = {{hours.morning_start, hours.morning_end},
                                         {hours.afternoon_start, hours.afternoon_end}};
  if (!(0 <= hours.morning_start && hours.morning_start <= hours.morning_end &&
        hours.morning_end <= hours.afternoon_start && hours.afternoon_start <= hours.afternoon_end &&
        hours.afternoon_end <= 24 * 60) ||
      (hours.morning_start == hours.morning_end && hours.afternoon_start == hours.afternoon_end))
    throw CalendarError("office hours must be ordered morning start ≤ end ≤ afternoon start ≤ end and not empty");

  milliseconds need = minutes{static_cast<std::int64_t>(amount) * 60};
  Cursor cursor([this](int y) { return year_table(y); });
  Instant cur = received;
  for (Date day = receipt_day;; day += days{1}) {
    if (!cursor.working(day)) continue;
    for (const auto& [from, to] : periods) {
      if (from == to) continue;
      const Instant period_start = zone.at_local(day, from);
      const Instant period_end = zone.at_local(day, to);
      if (cur >= period_end) continue;
      if (cur < period_start) cur = period_start;
      const milliseconds available = period_end - cur;
      if (need <= available) return cur + need;
      need -= available;
      cur = period_end;
    }
  }
}

}  // namespace kiosk
