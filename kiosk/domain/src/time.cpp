#include "kiosk/domain/time.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace kiosk {
namespace {

using namespace std::chrono;

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc{};
}

std::optional<minutes> parse_offset(std::string_view s) {
  // "+07:00", "+0700", "+07", "Z"
  if (s == "Z" || s == "z") return minutes{0};
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  int h = 0, m = 0;
  if (!read_int(s, 1, 2, h)) return std::nullopt;
  if (s.size() == 6 && s[3] == ':') {
    if (!read_int(s, 4, 2, m)) return std::nullopt;
  } else if (s.size() == 5) {
    if (!read_int(s, 3, 2, m)) return std::nullopt;
  } else if (s.size() != 3) {
    return std::nullopt;
  }
  if (h > 14 || m > 59) return std::nullopt;
  minutes off{h * 60 + m};
  return s[0] == '-' ? -off : off;
}

}  // namespace

std::optional<Zone> Zone::resolve(std::string_view name) {
  if (name == "Asia/Ho_Chi_Minh" || name == "Asia/Saigon" || name == "Asia/Bangkok" || name == "Asia/Jakarta" ||
      name == "Asia/Phnom_Penh" || name == "Asia/Vientiane" || name == "ICT")
    return Zone{std::string(name), minutes{7 * 60}};
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return Zone{std::string(name), minutes{0}};
  std::string_view off = name;
  if (off.starts_with("UTC")) off.remove_prefix(3);
  if (auto m = parse_offset(off); m && off != "Z") return Zone{std::string(name), *m};
  return std::nullopt;
}

Date Zone::local_date(Instant t) const { return floor<days>(t + offset); }

int Zone::local_minute_of_day(Instant t) const {
  auto local = t + offset;
  return static_cast<int>(duration_cast<minutes>(local - floor<days>(local)).count());
}

Instant Zone::at_local(Date date, int minute_of_day) const {
  return time_point_cast<milliseconds>(date) + minutes{minute_of_day} - offset;
}

std::optional<Date> parse_date(std::string_view s) {
  int y = 0, mo = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo) || !read_int(s, 8, 2, d)) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::optional<int> parse_hhmm(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !read_int(s, 0, 2, h) || !read_int(s, 3, 2, m)) return std::nullopt;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<Instant> parse_instant(std::string_view s, const Zone& zone) {
  auto date = parse_date(s.substr(0, std::min<std::size_t>(10, s.size())));
  if (!date) return std::nullopt;
  if (s.size() == 10) return zone.at_local(*date, 0);
  if (s[10] != 'T' && s[10] != ' ' && s[10] != 't') return std::nullopt;
  int h = 0, mi = 0, sec = 0;
  if (!read_int(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !read_int(s, 14, 2, mi)) return std::nullopt;
  std::size_t pos = 16;
  milliseconds frac{0};
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      int digits = 0, value = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) value = value * 10 + (s[pos] - '0'), ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      while (digits < 3) value *= 10, ++digits;
      frac = milliseconds{value};
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  Instant local = time_point_cast<milliseconds>(*date) + hours{h} + minutes{mi} + seconds{sec} + frac;
  if (pos == s.size()) return local - zone.offset;
  auto off = parse_offset(s.substr(pos));
  if (!off) return std::nullopt;
  return local - *off;
}

std::string format_date(Date d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_date_vi(Date d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()),
                static_cast<int>(ymd.year()));
  return buf;
}

std::string format_hhmm(int minute_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60 % 24, minute_of_day % 60);
  return buf;
}

std::string format_instant(Instant t, const Zone& zone) {
  auto local = t + zone.offset;
  auto day = floor<days>(local);
  hh_mm_ss hms{floor<seconds>(local - day)};
  auto off = zone.offset.count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", format_date(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), off < 0 ? '-' : '+', static_cast<int>(std::abs(off) / 60),
                static_cast<int>(std::abs(off) % 60));
  return buf;
}

}  // namespace kiosk
