#include "kiosk/domain/settings.hpp"

#include <algorithm>
#include <limits>

#include "kiosk/domain/errors.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

std::string_view priority_name(QueueRules::Priority p) {
  return p == QueueRules::Priority::strict ? "strict" : "interleave";
}

[[noreturn]] void invalid(const std::string& en, std::string vi) {
  throw DomainError("settings.invalid", en, std::move(vi));
}

struct Span {
  int start = 0;
  int end = 0;
};

// "HH:MM-HH:MM", start before end: the catalogue's [start, end] pair written as one text.
Span parse_span(const std::string& text, const std::string& name, const char* name_vi) {
  const auto dash = text.find('-');
  std::optional<int> start, end;
  if (dash != std::string::npos) {
    start = parse_hhmm(std::string_view(text).substr(0, dash));
    end = parse_hhmm(std::string_view(text).substr(dash + 1));
  }
  if (!start || !end)
    invalid(name + ": bad span '" + text + "', expected HH:MM-HH:MM (00:00 to 23:59)",
            std::string("Giờ làm việc ") + name_vi + " không hợp lệ (cần dạng 07:30-11:30)");
  if (*start >= *end)
    invalid(name + ": start " + format_hhmm(*start) + " must be before end " + format_hhmm(*end),
            std::string("Giờ bắt đầu ") + name_vi + " phải trước giờ kết thúc");
  return {*start, *end};
}

int bounded(std::int64_t v, std::int64_t min, const std::string& name, const char* name_vi) {
  if (v < min || v > std::numeric_limits<int>::max())
    invalid(name + " must be at least " + std::to_string(min) + ", got " + std::to_string(v),
            std::string(name_vi) + " phải từ " + std::to_string(min) + " trở lên");
  return static_cast<int>(v);
}

// Sets `key` of `group` (or the top level when `group` is empty) in both halves of the payload.
void record(json& payload, std::vector<std::string>& changed, const char* group, const char* key, json old_value,
            json new_value) {
  if (old_value == new_value) return;
  if (*group) {
    payload["old"][group][key] = std::move(old_value);
    payload["new"][group][key] = std::move(new_value);
    changed.push_back(std::string(group) + "." + key);
  } else {
    payload["old"][key] = std::move(old_value);
    payload["new"][key] = std::move(new_value);
    changed.emplace_back(key);
  }
}

const json* member(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

[[noreturn]] void bad_value(const char* key) {
  throw EventError(std::string("settings.changed: payload field has the wrong type: ") + key);
}

std::string text_value(const json& v, const char* key) {
  if (!v.is_string()) bad_value(key);
  return v.get<std::string>();
}

int int_value(const json& v, const char* key) {
  if (!v.is_number_integer()) bad_value(key);
  const auto n = v.get<std::int64_t>();
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) bad_value(key);
  return static_cast<int>(n);
}

bool named_day_off(const WorkingCalendar& calendar, Date d) {
  const int y = static_cast<int>(std::chrono::year_month_day{d}.year());
  for (const NamedDay& n : calendar.non_working_days(y))
    if (n.date == d) return !calendar.is_working_day(d);
  return false;
}

}  // namespace

CentreSettings CentreSettings::from(const Catalogue& c) {
  CentreSettings s;
  s.office_hours = c.office_hours;
  s.weekdays = c.office_weekdays;
  std::sort(s.weekdays.begin(), s.weekdays.end());
  s.priority = c.queue.priority;
  s.normal_per_priority = c.queue.normal_per_priority;
  s.max_recalls = c.queue.max_recalls;
  return s;
}

bool CentreSettings::closed(std::string_view service) const {
  return std::find(closed_services.begin(), closed_services.end(), service) != closed_services.end();
}

QueueRules CentreSettings::queue_rules(QueueRules base) const {
  base.priority = priority;
  base.normal_per_priority = normal_per_priority;
  base.max_recalls = max_recalls;
  return base;
}

std::string format_span(int start_minute, int end_minute) { return format_hhmm(start_minute) + "-" + format_hhmm(end_minute); }

json to_json(const CentreSettings& s) {
  const OfficeHours& h = s.office_hours;
  return json{{"office_hours",
               {{"morning", format_span(h.morning_start, h.morning_end)},
                {"afternoon", format_span(h.afternoon_start, h.afternoon_end)},
                {"weekdays", s.weekdays}}},
              {"queue",
               {{"priority", std::string(priority_name(s.priority))},
                {"normal_per_priority", s.normal_per_priority},
                {"max_recalls", s.max_recalls}}},
              {"closed_services", s.closed_services}};
}

SettingsOutcome change_settings(const CentreSettings& current, const SettingsChange& change, const Catalogue& catalogue) {
  SettingsOutcome out;
  CentreSettings& s = out.settings;
  s = current;
  OfficeHours& h = s.office_hours;
  if (change.morning) {
    const Span m = parse_span(*change.morning, "office_hours.morning", "buổi sáng");
    h.morning_start = m.start;
    h.morning_end = m.end;
  }
  if (change.afternoon) {
    const Span a = parse_span(*change.afternoon, "office_hours.afternoon", "buổi chiều");
    h.afternoon_start = a.start;
    h.afternoon_end = a.end;
  }
  if (h.morning_end > h.afternoon_start)
    invalid("the morning (" + format_span(h.morning_start, h.morning_end) + ") must end before the afternoon starts (" +
                format_hhmm(h.afternoon_start) + ")",
            "Buổi sáng phải kết thúc trước khi buổi chiều bắt đầu");
  if (change.weekdays) {
    std::vector<int> days;
    for (std::int64_t d : *change.weekdays) {
      if (d < 1 || d > 7)
        invalid("office_hours.weekdays: weekday " + std::to_string(d) + " is not between 1 (Monday) and 7 (Sunday)",
                "Ngày làm việc trong tuần phải từ 1 (thứ Hai) đến 7 (Chủ nhật)");
      if (std::find(days.begin(), days.end(), static_cast<int>(d)) != days.end())
        invalid("office_hours.weekdays: duplicate weekday " + std::to_string(d), "Ngày làm việc trong tuần bị lặp lại");
      days.push_back(static_cast<int>(d));
    }
    if (days.empty())
      invalid("office_hours.weekdays must name at least one weekday", "Cần ít nhất một ngày làm việc trong tuần");
    std::sort(days.begin(), days.end());
    s.weekdays = std::move(days);
  }
  if (change.priority) {
    if (*change.priority == "interleave") s.priority = QueueRules::Priority::interleave;
    else if (*change.priority == "strict") s.priority = QueueRules::Priority::strict;
    else
      invalid("unknown queue priority '" + *change.priority + "' (expected \"interleave\" or \"strict\")",
              "Quy tắc ưu tiên không hợp lệ");
  }
  if (change.normal_per_priority)
    s.normal_per_priority = bounded(*change.normal_per_priority, 1, "queue.normal_per_priority", "Số lượt thường giữa hai lượt ưu tiên");
  if (change.max_recalls) s.max_recalls = bounded(*change.max_recalls, 0, "queue.max_recalls", "Số lần gọi lại");
  if (change.closed_services) {
    for (const std::string& code : *change.closed_services) {
      if (!catalogue.service(code))
        throw DomainError("service.unknown", "unknown service area " + code, "Không có lĩnh vực " + code);
      if (std::count(change.closed_services->begin(), change.closed_services->end(), code) > 1)
        invalid("closed_services names " + code + " twice", "Lĩnh vực " + code + " bị lặp lại");
    }
    // In catalogue order, so that the same set is the same value whatever order the screen sent it in.
    s.closed_services.clear();
    for (const ServiceArea& area : catalogue.services)
      if (std::find(change.closed_services->begin(), change.closed_services->end(), area.code) != change.closed_services->end())
        s.closed_services.push_back(area.code);
  }

  const json before = to_json(current), after = to_json(s);
  out.payload = json{{"old", json::object()}, {"new", json::object()}};
  for (const char* key : {"morning", "afternoon", "weekdays"})
    record(out.payload, out.changed, "office_hours", key, before["office_hours"][key], after["office_hours"][key]);
  for (const char* key : {"priority", "normal_per_priority", "max_recalls"})
    record(out.payload, out.changed, "queue", key, before["queue"][key], after["queue"][key]);
  record(out.payload, out.changed, "", "closed_services", before["closed_services"], after["closed_services"]);
  return out;
}

void apply_settings_values(CentreSettings& s, const json& values) {
  if (!values.is_object()) bad_value("new");
  if (const json* oh = member(values, "office_hours")) {
    if (!oh->is_object()) bad_value("office_hours");
    OfficeHours& h = s.office_hours;
    // The values were checked when the change was recorded; reading them back checks only their form.
    auto span = [&](const char* key, int& start, int& end) {
      const json* v = member(*oh, key);
      if (!v) return;
      const std::string text = text_value(*v, key);
      const auto dash = text.find('-');
      auto a = dash == std::string::npos ? std::nullopt : parse_hhmm(std::string_view(text).substr(0, dash));
      auto b = dash == std::string::npos ? std::nullopt : parse_hhmm(std::string_view(text).substr(dash + 1));
      if (!a || !b) bad_value(key);
      start = *a;
      end = *b;
    };
    span("morning", h.morning_start, h.morning_end);
    span("afternoon", h.afternoon_start, h.afternoon_end);
    if (const json* w = member(*oh, "weekdays")) {
      if (!w->is_array()) bad_value("weekdays");
      s.weekdays.clear();
      for (const json& d : *w) s.weekdays.push_back(int_value(d, "weekdays"));
    }
  }
  if (const json* q = member(values, "queue")) {
    if (!q->is_object()) bad_value("queue");
    if (const json* p = member(*q, "priority"))
      s.priority = text_value(*p, "priority") == "strict" ? QueueRules::Priority::strict : QueueRules::Priority::interleave;
    if (const json* n = member(*q, "normal_per_priority")) s.normal_per_priority = int_value(*n, "normal_per_priority");
    if (const json* n = member(*q, "max_recalls")) s.max_recalls = int_value(*n, "max_recalls");
  }
  if (const json* c = member(values, "closed_services")) {
    if (!c->is_array()) bad_value("closed_services");
    s.closed_services.clear();
    for (const json& code : *c) s.closed_services.push_back(text_value(code, "closed_services"));
  }
}

bool is_office_day(Date d, const WorkingCalendar& calendar, const CentreSettings& s) {
  const std::chrono::weekday w{d};
  const bool weekend = w == std::chrono::Saturday || w == std::chrono::Sunday;
  const bool listed = std::find(s.weekdays.begin(), s.weekdays.end(), static_cast<int>(w.iso_encoding())) != s.weekdays.end();
  // An announced working weekend day (a swap) is worked whatever the usual weekdays.
  if (calendar.is_working_day(d)) return listed || weekend;
  return weekend && listed && !named_day_off(calendar, d);
}

OfficeStatus office_status(Instant now, const Zone& zone, const WorkingCalendar& calendar, const CentreSettings& s) {
  const OfficeHours& h = s.office_hours;
  const Date today = zone.local_date(now);
  const int minute = zone.local_minute_of_day(now);
  OfficeStatus out;
  out.working_day = is_office_day(today, calendar, s);
  out.open = out.working_day && h.contains(minute);
  if (out.open) return out;
  if (out.working_day && minute < h.morning_start) {
    out.next_open = zone.at_local(today, h.morning_start);
  } else if (out.working_day && minute < h.afternoon_start) {
    out.next_open = zone.at_local(today, h.afternoon_start);
  } else {
    // Tết with its weekends is the longest closure; a year bounds any calendar a centre could have.
    for (Date d = today + std::chrono::days{1}; d <= today + std::chrono::days{400}; d += std::chrono::days{1})
      if (is_office_day(d, calendar, s)) {
        out.next_open = zone.at_local(d, h.morning_start);
        break;
      }
  }
  return out;
}

json to_json(const OfficeStatus& o, const CentreSettings& s, const Zone& zone) {
  const OfficeHours& h = s.office_hours;
  return json{{"open", o.open},
              {"working_day", o.working_day},
              {"morning", format_span(h.morning_start, h.morning_end)},
              {"afternoon", format_span(h.afternoon_start, h.afternoon_end)},
              {"next_open", o.next_open ? json(format_instant(*o.next_open, zone)) : json(nullptr)}};
}

}  // namespace kiosk
