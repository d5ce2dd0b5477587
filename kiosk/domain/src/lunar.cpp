// The Vietnamese lunisolar calendar, after Ho Ngoc Duc's astronomical algorithm ("Âm lịch Việt Nam"):
// a month begins on the local day of the new moon; month 11 is the month containing the winter solstice;
// in a year with 13 months (13 new moons between two months 11) the leap month is the first month that
// contains no major solar term (the sun's longitude does not cross a multiple of 30°).
//
// Julian day numbers count days; the zone (hours east of UTC) decides on which local day a new moon or a
// solar term falls, which is why Vietnam (UTC+7) and China (UTC+8) sometimes differ.
#include <chrono>
#include <cmath>
#include <numbers>

#include "kiosk/domain/calendar.hpp"

namespace kiosk {
namespace {

using namespace std::chrono;

constexpr double kPi = std::numbers::pi;
constexpr double kDegree = kPi / 180.0;
// Julian day number of 1970-01-01 (the sys_days epoch).
constexpr long kUnixEpochJd = 2440588;
// The new moon of 1900-01-01 13:52 UTC, origin of the lunation count k.
constexpr double kLunationEpochJd = 2415021.076998695;
constexpr double kSynodicMonth = 29.530588853;

long floor_long(double x) { return static_cast<long>(std::floor(x)); }

long jd_from_date(Date d) { return static_cast<long>(d.time_since_epoch().count()) + kUnixEpochJd; }
Date date_from_jd(long jd) { return Date{days{jd - kUnixEpochJd}}; }
long jd_from_ymd(int y, unsigned m, unsigned d) {
  return jd_from_date(Date{year_month_day{year{y}, month{m}, day{d}}});
}

// The k-th new moon after the epoch, as a Julian date (UTC, fractional). Meeus' approximation, with the
// ΔT correction.
double new_moon(long k_long) {
  const double k = static_cast<double>(k_long);
  const double t = k / 1236.85;  // Julian centuries since 1900-01-00
  const double t2 = t * t;
  const double t3 = t2 * t;
  double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * kDegree);
  const double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;     // sun's mean anomaly
  const double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;  // moon's mean anomaly
  const double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;     // moon's argument of latitude
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * kDegree) + 0.0021 * std::sin(2 * kDegree * m);
  c1 = c1 - 0.4068 * std::sin(mpr * kDegree) + 0.0161 * std::sin(kDegree * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(kDegree * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(kDegree * 2 * f) - 0.0051 * std::sin(kDegree * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(kDegree * (m - mpr)) + 0.0004 * std::sin(kDegree * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(kDegree * (2 * f - m)) - 0.0006 * std::sin(kDegree * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(kDegree * (2 * f - mpr)) + 0.0005 * std::sin(kDegree * (2 * mpr + m));
  double delta_t = 0;
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - delta_t;
}

// The sun's apparent longitude in radians [0, 2π) at Julian date `jdn` (UTC).
double sun_longitude(double jdn) {
  const double t = (jdn - 2451545.0) / 36525;  // Julian centuries since J2000.0
  const double t2 = t * t;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;  // mean anomaly
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;                       // mean longitude
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(kDegree * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(kDegree * 2 * m) + 0.000290 * std::sin(kDegree * 3 * m);
  double l = (l0 + dl) * kDegree;
  l -= kPi * 2 * std::floor(l / (kPi * 2));
  return l;
}

// The local day (Julian day number) of the k-th new moon.
long get_new_moon_day(long k, double zone) { return floor_long(new_moon(k) + 0.5 + zone / 24); }

// The sector 0..11 (30° each, from the vernal equinox) of the sun's longitude at local midnight starting
// day `day_number`.
long get_sun_longitude(long day_number, double zone) {
  return floor_long(sun_longitude(static_cast<double>(day_number) - 0.5 - zone / 24) / kPi * 6);
}

// The day lunar month 11 begins in the Gregorian year `yy` (the month containing the winter solstice).
long get_lunar_month11(int yy, double zone) {
  const double off = static_cast<double>(jd_from_ymd(yy, 12, 31)) - 2415021.0;
  const long k = floor_long(off / kSynodicMonth);
  long nm = get_new_moon_day(k, zone);
  const long sun_long = get_sun_longitude(nm, zone);  // sector at the start of that month
  if (sun_long >= 9) nm = get_new_moon_day(k - 1, zone);
  return nm;
}

// In a 13-month year beginning at month 11 `a11`, the offset (in months after a11) of the leap month.
long get_leap_month_offset(long a11, double zone) {
  const long k = floor_long((static_cast<double>(a11) - kLunationEpochJd) / kSynodicMonth + 0.5);
  long last = 0;
  long i = 1;  // start with the month after month 11
  long arc = get_sun_longitude(get_new_moon_day(k + i, zone), zone);
  do {
    last = arc;
    ++i;
    arc = get_sun_longitude(get_new_moon_day(k + i, zone), zone);
  } while (arc != last && i < 14);
  return i - 1;
}

int year_of(Date d) { return static_cast<int>(year_month_day{d}.year()); }

}  // namespace

LunarDate solar_to_lunar(Date d, double zone_hours) {
  const long day_number = jd_from_date(d);
  const int yy = year_of(d);
  // The mean-lunation estimate of the month's new moon can be one off (the true new moon strays up to ~14
  // hours from the mean one; the published algorithm then yields a "day 0", e.g. on 2054-05-07): settle on
  // the last new moon on or before the day.
  long k = floor_long((static_cast<double>(day_number) - kLunationEpochJd) / kSynodicMonth);
  while (get_new_moon_day(k + 1, zone_hours) <= day_number) ++k;
  while (get_new_moon_day(k, zone_hours) > day_number) --k;
  const long month_start = get_new_moon_day(k, zone_hours);
  long a11 = get_lunar_month11(yy, zone_hours);
  long b11 = a11;
  int lunar_year = 0;
  if (a11 >= month_start) {
    lunar_year = yy;
    a11 = get_lunar_month11(yy - 1, zone_hours);
  } else {
    lunar_year = yy + 1;
    b11 = get_lunar_month11(yy + 1, zone_hours);
  }
  const long lunar_day = day_number - month_start + 1;
  const long diff = floor_long(static_cast<double>(month_start - a11) / 29);
  bool leap = false;
  long lunar_month = diff + 11;
  if (b11 - a11 > 365) {
    const long leap_month_diff = get_leap_month_offset(a11, zone_hours);
    if (diff >= leap_month_diff) {
      lunar_month = diff + 10;
      if (diff == leap_month_diff) leap = true;
    }
  }
  if (lunar_month > 12) lunar_month -= 12;
  if (lunar_month >= 11 && diff < 4) lunar_year -= 1;
  return LunarDate{static_cast<int>(lunar_day), static_cast<int>(lunar_month), lunar_year, leap};
}

std::optional<Date> lunar_to_solar(const LunarDate& l, double zone_hours) {
  if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 30) return std::nullopt;
  long a11 = 0;
  long b11 = 0;
  if (l.month < 11) {
    a11 = get_lunar_month11(l.year - 1, zone_hours);
    b11 = get_lunar_month11(l.year, zone_hours);
  } else {
    a11 = get_lunar_month11(l.year, zone_hours);
    b11 = get_lunar_month11(l.year + 1, zone_hours);
  }
  const long k = floor_long(0.5 + (static_cast<double>(a11) - kLunationEpochJd) / kSynodicMonth);
  long off = l.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const long leap_off = get_leap_month_offset(a11, zone_hours);
    // The leap month repeats the month at offset leap_off - 1, i.e. month 11 + leap_off - 1 (mod 12).
    const long leap_month = (leap_off + 9) % 12 + 1;
    if (l.leap && l.month != leap_month) return std::nullopt;
    if (l.leap || off >= leap_off) off += 1;
  } else if (l.leap) {
    return std::nullopt;  // no leap month this year
  }
  const long month_start = get_new_moon_day(k + off, zone_hours);
  const Date result = date_from_jd(month_start + l.day - 1);
  // Day 30 of a 29-day month (and any other impossible date) does not survive the way back.
  if (solar_to_lunar(result, zone_hours) != l) return std::nullopt;
  return result;
}

}  // namespace kiosk
