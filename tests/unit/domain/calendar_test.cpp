// The lunar calendar, Vietnam's working days and appointment dates (kiosk/domain/calendar.hpp).
#include "kiosk/domain/calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kiosk {

// Readable failures (internal linkage; found by argument-dependent lookup).
[[maybe_unused]] static void PrintTo(const LunarDate& l, std::ostream* os) {
  *os << l.day << '/' << l.month << (l.leap ? " (leap)" : "") << '/' << l.year;
}

namespace {

using namespace std::chrono;

Date D(int y, unsigned m, unsigned d) { return Date{year_month_day{year{y}, month{m}, day{d}}}; }

// Local Vietnam time.
Instant at(int y, unsigned m, unsigned d, int hh, int mm) { return Zone::vietnam().at_local(D(y, m, d), hh * 60 + mm); }

std::string show(Instant t) { return format_instant(t, Zone::vietnam()); }

HolidayRules asset_rules() {
  return HolidayRules::load_toml(std::filesystem::path(KIOSK_ASSETS_DIR) / "calendar" / "vn-holidays.toml");
}

// ---------------------------------------------------------------------------------------------------------
// Lunar calendar

TEST(Lunar, NewYearsDay) {
  const std::pair<int, Date> tet[] = {
      {2024, D(2024, 2, 10)},
      {2025, D(2025, 1, 29)},
      {2026, D(2026, 2, 17)},
      {2027, D(2027, 2, 6)},
      {2028, D(2028, 1, 26)},
      {2029, D(2029, 2, 13)},
      // The new moon of 2 February 2030 is at 16:07 UTC: 23:07 in Vietnam (UTC+7), 00:07 on 3 February in
      // China (UTC+8). Tết Canh Tuất is therefore on 2 February in Vietnam, one day before China's.
      {2030, D(2030, 2, 2)},
  };
  for (const auto& [y, date] : tet) {
    SCOPED_TRACE(y);
    EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, y, false}), date);
    EXPECT_EQ(solar_to_lunar(date), (LunarDate{1, 1, y, false}));
  }
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, 2030, false}, 8.0), D(2030, 2, 3));
}

TEST(Lunar, ZoneMatters) {
  // The well-known years where Vietnam's Tết differs from China's Spring Festival.
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, 1985, false}), D(1985, 1, 21));
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, 1985, false}, 8.0), D(1985, 2, 20));
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, 2007, false}), D(2007, 2, 17));
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 1, 2007, false}, 8.0), D(2007, 2, 18));
}

TEST(Lunar, HungKingsDay) {
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2023, false}), D(2023, 4, 29));  // after a leap 2nd month
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2024, false}), D(2024, 4, 18));
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2025, false}), D(2025, 4, 7));
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2026, false}), D(2026, 4, 26));
  EXPECT_EQ(solar_to_lunar(D(2026, 4, 26)), (LunarDate{10, 3, 2026, false}));
}

TEST(Lunar, LeapMonths) {
  // 2023 (Quý Mão) repeats the 2nd month: 2/1 on 20 February, leap 2/1 on 22 March.
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 2, 2023, false}), D(2023, 2, 20));
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 2, 2023, true}), D(2023, 3, 22));
  EXPECT_EQ(solar_to_lunar(D(2023, 3, 22)), (LunarDate{1, 2, 2023, true}));
  EXPECT_EQ(solar_to_lunar(D(2023, 3, 21)), (LunarDate{30, 2, 2023, false}));  // a 30-day month
  EXPECT_EQ(solar_to_lunar(D(2023, 4, 20)), (LunarDate{1, 3, 2023, false}));
  // 2025 (Ất Tỵ) repeats the 6th month: 6/1 on 25 June, leap 6/1 on 25 July.
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 6, 2025, false}), D(2025, 6, 25));
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 6, 2025, true}), D(2025, 7, 25));
  EXPECT_EQ(solar_to_lunar(D(2025, 8, 1)), (LunarDate{8, 6, 2025, true}));
  // No other leap month in those years, and none at all in 2024 and 2026.
  for (int m = 1; m <= 12; ++m) {
    SCOPED_TRACE(m);
    EXPECT_EQ(lunar_to_solar(LunarDate{1, m, 2023, true}).has_value(), m == 2);
    EXPECT_EQ(lunar_to_solar(LunarDate{1, m, 2025, true}).has_value(), m == 6);
    EXPECT_FALSE(lunar_to_solar(LunarDate{1, m, 2024, true}));
    EXPECT_FALSE(lunar_to_solar(LunarDate{1, m, 2026, true}));
  }
}

TEST(Lunar, ImpossibleDates) {
  // The 12th month of Ất Tỵ (19 January – 16 February 2026) has 29 days: no "30 Tết" in 2026.
  EXPECT_EQ(lunar_to_solar(LunarDate{1, 12, 2025, false}), D(2026, 1, 19));
  EXPECT_EQ(lunar_to_solar(LunarDate{29, 12, 2025, false}), D(2026, 2, 16));
  EXPECT_FALSE(lunar_to_solar(LunarDate{30, 12, 2025, false}));
  // ... while Quý Mão's 12th month had 30 days (30 Tết on 9 February 2024).
  EXPECT_EQ(lunar_to_solar(LunarDate{30, 12, 2023, false}), D(2024, 2, 9));
  EXPECT_FALSE(lunar_to_solar(LunarDate{0, 1, 2025, false}));
  EXPECT_FALSE(lunar_to_solar(LunarDate{31, 1, 2025, false}));
  EXPECT_FALSE(lunar_to_solar(LunarDate{1, 13, 2025, false}));
  EXPECT_FALSE(lunar_to_solar(LunarDate{1, 0, 2025, false}));
}

TEST(Lunar, RoundTripEveryDay2024To2030) {
  LunarDate previous = solar_to_lunar(D(2023, 12, 31));
  for (Date d = D(2024, 1, 1); d <= D(2030, 12, 31); d += days{1}) {
    const LunarDate l = solar_to_lunar(d);
    ASSERT_EQ(lunar_to_solar(l), d) << format_date(d);
    ASSERT_GE(l.day, 1);
    ASSERT_LE(l.day, 30);
    // Consecutive days: the next lunar day, or day 1 of a new month after day 29 or 30.
    if (l.day == 1) {
      ASSERT_TRUE(previous.day == 29 || previous.day == 30) << format_date(d);
      if (l.leap) {
        ASSERT_EQ(l.month, previous.month) << format_date(d);
      } else {
        ASSERT_EQ(l.month, previous.month % 12 + 1) << format_date(d);
      }
    } else {
      ASSERT_EQ(l.day, previous.day + 1) << format_date(d);
      ASSERT_EQ(l.month, previous.month);
      ASSERT_EQ(l.leap, previous.leap);
    }
    previous = l;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Working days with the built-in rules (Tết: the day before lunar 1/1 and 1/1–1/4)

TEST(WorkingCalendar, Weekends) {
  const WorkingCalendar cal;
  EXPECT_TRUE(cal.is_working_day(D(2024, 6, 14)));    // Friday
  EXPECT_FALSE(cal.is_working_day(D(2024, 6, 15)));   // Saturday
  EXPECT_FALSE(cal.is_working_day(D(2024, 6, 16)));   // Sunday
  EXPECT_TRUE(cal.is_working_day(D(2024, 6, 17)));    // Monday
  EXPECT_FALSE(cal.is_working_day(D(2099, 12, 26)));  // Saturday
  EXPECT_TRUE(cal.is_working_day(D(1990, 6, 1)));     // Friday
}

TEST(WorkingCalendar, FixedHolidays2024To2030) {
  const WorkingCalendar cal;
  struct Year {
    int y;
    Date tet;       // lunar 1/1
    Date hung;      // 10/3 lunar
    Date adjacent;  // the day beside 2/9
  };
  const Year years[] = {
      {2024, D(2024, 2, 10), D(2024, 4, 18), D(2024, 9, 3)},  // 2/9 Monday
      {2025, D(2025, 1, 29), D(2025, 4, 7), D(2025, 9, 1)},   // Tuesday
      {2026, D(2026, 2, 17), D(2026, 4, 26), D(2026, 9, 1)},  // Wednesday
      {2027, D(2027, 2, 6), D(2027, 4, 16), D(2027, 9, 3)},   // Thursday
      {2028, D(2028, 1, 26), D(2028, 4, 4), D(2028, 9, 1)},   // Saturday
      {2029, D(2029, 2, 13), D(2029, 4, 23), D(2029, 9, 1)},  // Sunday
      {2030, D(2030, 2, 2), D(2030, 4, 12), D(2030, 9, 3)},   // Monday
  };
  for (const Year& y : years) {
    SCOPED_TRACE(y.y);
    std::vector<Date> off = {D(y.y, 1, 1), y.hung, D(y.y, 4, 30), D(y.y, 5, 1), D(y.y, 9, 2), y.adjacent};
    for (int i = -1; i <= 3; ++i) off.push_back(y.tet + days{i});
    for (Date d : off) EXPECT_FALSE(cal.is_working_day(d)) << format_date(d);
    // Each is listed, with its name.
    const auto listed = cal.non_working_days(y.y);
    for (Date d : off)
      EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const NamedDay& n) { return n.date == d; }))
          << format_date(d);
    // Two days before lunar 1/1 is not Tết (unless it is a weekend).
    const Date before = y.tet - days{2};
    const weekday w{before};
    if (w != Saturday && w != Sunday) {
      EXPECT_TRUE(cal.is_working_day(before)) << format_date(before);
    }
  }
}

TEST(WorkingCalendar, NonWorkingDays2024) {
  const WorkingCalendar cal;
  const auto days2024 = cal.non_working_days(2024);
  const std::vector<std::pair<Date, std::string>> expected = {
      {D(2024, 1, 1), "Tết Dương lịch"},
      {D(2024, 2, 9), "Tết Nguyên đán"},   // 30 Tết, Friday
      {D(2024, 2, 10), "Tết Nguyên đán"},  // Saturday
      {D(2024, 2, 11), "Tết Nguyên đán"},  // Sunday
      {D(2024, 2, 12), "Tết Nguyên đán"},
      {D(2024, 2, 13), "Tết Nguyên đán"},
      {D(2024, 2, 14), "Nghỉ bù Tết Nguyên đán"},
      {D(2024, 2, 15), "Nghỉ bù Tết Nguyên đán"},
      {D(2024, 4, 18), "Giỗ Tổ Hùng Vương"},
      {D(2024, 4, 30), "Ngày Chiến thắng"},
      {D(2024, 5, 1), "Ngày Quốc tế Lao động"},
      {D(2024, 9, 2), "Quốc khánh"},
      {D(2024, 9, 3), "Quốc khánh"},
  };
  ASSERT_EQ(days2024.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(format_date(expected[i].first));
    EXPECT_EQ(days2024[i].date, expected[i].first);
    EXPECT_EQ(days2024[i].name_vi, expected[i].second);
  }
  EXPECT_EQ(days2024[6].name_en, "Compensatory day off (Lunar New Year)");
  EXPECT_EQ(days2024[8].name_en, "Hung Kings' Commemoration");
}

TEST(WorkingCalendar, CompensationDays) {
  const WorkingCalendar cal;
  // Hùng Kings 2026 is a Sunday: made up on Monday 27/4.
  EXPECT_FALSE(cal.is_working_day(D(2026, 4, 27)));
  EXPECT_TRUE(cal.is_working_day(D(2026, 4, 28)));
  // 1/1/2028 is a Saturday: made up on Monday 3/1.
  EXPECT_FALSE(cal.is_working_day(D(2028, 1, 3)));
  EXPECT_TRUE(cal.is_working_day(D(2028, 1, 4)));
  // 1/5/2027 is a Saturday; 30/4 the Friday before: made up on Monday 3/5.
  EXPECT_FALSE(cal.is_working_day(D(2027, 5, 3)));
  EXPECT_TRUE(cal.is_working_day(D(2027, 5, 4)));
  // 2/9/2029 is a Sunday with 1/9 on the Saturday: both made up, on Monday 3/9 and Tuesday 4/9.
  EXPECT_FALSE(cal.is_working_day(D(2029, 9, 3)));
  EXPECT_FALSE(cal.is_working_day(D(2029, 9, 4)));
  EXPECT_TRUE(cal.is_working_day(D(2029, 9, 5)));
  const auto listed = cal.non_working_days(2029);
  auto it = std::find_if(listed.begin(), listed.end(), [](const NamedDay& n) { return n.date == D(2029, 9, 4); });
  ASSERT_NE(it, listed.end());
  EXPECT_EQ(it->name_vi, "Nghỉ bù Quốc khánh");
  EXPECT_EQ(it->name_en, "Compensatory day off (National Day)");

  HolidayRules no_comp;
  no_comp.compensate_weekend_holidays = false;
  const WorkingCalendar plain(no_comp);
  EXPECT_TRUE(plain.is_working_day(D(2026, 4, 27)));
  EXPECT_TRUE(plain.is_working_day(D(2027, 5, 3)));
  EXPECT_FALSE(plain.is_working_day(D(2027, 4, 30)));
}

TEST(WorkingCalendar, Overrides) {
  HolidayRules rules;
  rules.overrides = {
      {D(2027, 4, 29), DayOverride::Kind::off, "Nghỉ hoán đổi", "Swapped day off"},  // Thursday
      {D(2027, 5, 8), DayOverride::Kind::work, "Làm bù ngày 29/04", "Make-up day"},  // Saturday
      {D(2027, 9, 3), DayOverride::Kind::work, "Làm việc", "Working day"},           // the rule's 2/9 neighbour
      {D(2027, 9, 2), DayOverride::Kind::off, "Lễ kỷ niệm", "Anniversary"},          // already a holiday
  };
  const WorkingCalendar cal(rules);
  EXPECT_FALSE(cal.is_working_day(D(2027, 4, 29)));
  EXPECT_TRUE(cal.is_working_day(D(2027, 5, 8)));
  EXPECT_TRUE(cal.is_working_day(D(2027, 9, 3)));
  EXPECT_FALSE(cal.is_working_day(D(2027, 9, 2)));

  const auto listed = cal.non_working_days(2027);
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end(),
                             [](const NamedDay& a, const NamedDay& b) { return a.date < b.date; }));
  EXPECT_EQ(std::adjacent_find(listed.begin(), listed.end(),
                               [](const NamedDay& a, const NamedDay& b) { return a.date == b.date; }),
            listed.end());
  auto find = [&](Date d) {
    return std::find_if(listed.begin(), listed.end(), [&](const NamedDay& n) { return n.date == d; });
  };
  ASSERT_NE(find(D(2027, 4, 29)), listed.end());
  EXPECT_EQ(find(D(2027, 4, 29))->name_vi, "Nghỉ hoán đổi");
  ASSERT_NE(find(D(2027, 5, 8)), listed.end());
  EXPECT_EQ(find(D(2027, 5, 8))->name_vi, "Làm bù ngày 29/04");
  ASSERT_NE(find(D(2027, 9, 3)), listed.end());
  EXPECT_EQ(find(D(2027, 9, 3))->name_en, "Working day");
  ASSERT_NE(find(D(2027, 9, 2)), listed.end());
  EXPECT_EQ(find(D(2027, 9, 2))->name_vi, "Quốc khánh; Lễ kỷ niệm");
  EXPECT_EQ(find(D(2027, 9, 2))->name_en, "National Day; Anniversary");
  // Ordinary weekends are not listed.
  EXPECT_EQ(find(D(2027, 5, 9)), listed.end());
}

// ---------------------------------------------------------------------------------------------------------
// The shipped table

TEST(HolidayTable, AssetParses) {
  const HolidayRules rules = asset_rules();
  EXPECT_EQ(rules.tet_days, 5);
  EXPECT_EQ(rules.tet_days_before, 2);
  EXPECT_TRUE(rules.compensate_weekend_holidays);
  EXPECT_FALSE(rules.overrides.empty());
  EXPECT_TRUE(std::is_sorted(rules.overrides.begin(), rules.overrides.end(),
                             [](const DayOverride& a, const DayOverride& b) { return a.date < b.date; }));
}

TEST(HolidayTable, AnnouncedArrangements) {
  const WorkingCalendar cal(asset_rules());
  auto off_from_to = [&](Date from, Date to) {
    for (Date d = from; d <= to; d += days{1}) EXPECT_FALSE(cal.is_working_day(d)) << format_date(d);
    EXPECT_TRUE(cal.is_working_day(from - days{1})) << format_date(from - days{1});
    EXPECT_TRUE(cal.is_working_day(to + days{1})) << format_date(to + days{1});
  };
  // Tết Giáp Thìn: Thursday 8/2 – Wednesday 14/2/2024.
  off_from_to(D(2024, 2, 8), D(2024, 2, 14));
  // 30/4–1/5/2024: 27/4–1/5, Saturday 4/5 worked.
  off_from_to(D(2024, 4, 27), D(2024, 5, 1));
  EXPECT_TRUE(cal.is_working_day(D(2024, 5, 4)));
  // 2/9/2024: 31/8–3/9.
  off_from_to(D(2024, 8, 31), D(2024, 9, 3));
  // Tết Ất Tỵ: Saturday 25/1 – Sunday 2/2/2025.
  off_from_to(D(2025, 1, 25), D(2025, 2, 2));
  // Giỗ Tổ 2025: 5/4–7/4.
  off_from_to(D(2025, 4, 5), D(2025, 4, 7));
  // 30/4–1/5/2025: 30/4–4/5, Saturday 26/4 worked.
  off_from_to(D(2025, 4, 30), D(2025, 5, 4));
  EXPECT_TRUE(cal.is_working_day(D(2025, 4, 26)));
  // 2/9/2025: 30/8–2/9.
  off_from_to(D(2025, 8, 30), D(2025, 9, 2));
  // Tết Bính Ngọ: Saturday 14/2 – Sunday 22/2/2026.
  off_from_to(D(2026, 2, 14), D(2026, 2, 22));

  const auto listed = cal.non_working_days(2024);
  auto work = std::find_if(listed.begin(), listed.end(), [](const NamedDay& n) { return n.date == D(2024, 5, 4); });
  ASSERT_NE(work, listed.end());
  EXPECT_NE(work->name_vi.find("Làm bù"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------
// Counting

TEST(WorkingCalendar, AddWorkingDays) {
  const WorkingCalendar cal;
  // Over Tết 2025 (built-in rules: Tuesday 28/1 – Saturday 1/2, made up on Monday 3/2).
  EXPECT_EQ(cal.add_working_days(D(2025, 1, 24), 1), D(2025, 1, 27));
  EXPECT_EQ(cal.add_working_days(D(2025, 1, 24), 2), D(2025, 2, 4));
  EXPECT_EQ(cal.add_working_days(D(2025, 1, 27), 3), D(2025, 2, 6));
  // Over 30/4–1/5/2025 (Wednesday, Thursday).
  EXPECT_EQ(cal.add_working_days(D(2025, 4, 29), 1), D(2025, 5, 2));
  EXPECT_EQ(cal.add_working_days(D(2025, 4, 29), 2), D(2025, 5, 5));
  // n == 0.
  EXPECT_EQ(cal.add_working_days(D(2025, 4, 29), 0), D(2025, 4, 29));
  EXPECT_EQ(cal.add_working_days(D(2025, 5, 3), 0), D(2025, 5, 5));
  EXPECT_EQ(cal.next_working_day(D(2025, 4, 29)), D(2025, 5, 2));
  EXPECT_EQ(cal.next_working_day(D(2024, 12, 31)), D(2025, 1, 2));

  const WorkingCalendar announced(asset_rules());
  EXPECT_EQ(announced.add_working_days(D(2025, 1, 24), 1), D(2025, 2, 3));
  EXPECT_EQ(announced.add_working_days(D(2025, 4, 25), 1), D(2025, 4, 26));  // the worked Saturday
  EXPECT_EQ(announced.add_working_days(D(2025, 4, 29), 1), D(2025, 5, 5));
  EXPECT_EQ(announced.add_working_days(D(2025, 2, 3), -1), D(2025, 1, 24));
}

TEST(WorkingCalendar, WorkingDaysBetween) {
  const WorkingCalendar announced(asset_rules());
  // (Friday 26/4/2024, Monday 6/5/2024]: Thursday 2/5, Friday 3/5, Saturday 4/5 (worked), Monday 6/5.
  EXPECT_EQ(announced.working_days_between(D(2024, 4, 26), D(2024, 5, 6)), 4);
  // Tết 2025: (Friday 24/1, Friday 7/2] has the five days of the week after.
  EXPECT_EQ(announced.working_days_between(D(2025, 1, 24), D(2025, 2, 7)), 5);
  EXPECT_EQ(announced.working_days_between(D(2024, 4, 26), D(2024, 4, 26)), 0);
  EXPECT_EQ(announced.working_days_between(D(2024, 5, 6), D(2024, 4, 26)), 0);

  const WorkingCalendar cal;
  EXPECT_EQ(cal.working_days_between(D(2024, 6, 14), D(2024, 6, 21)), 5);
  // A whole year with the built-in rules: 261 weekdays in 2025 less 11 weekday holidays
  // (1/1, 28–31/1, 3/2 made up for 1/2, 7/4, 30/4, 1/5, 1/9, 2/9).
  EXPECT_EQ(cal.working_days_between(D(2024, 12, 31), D(2025, 12, 31)), 250);
  for (int n : {1, 5, 17, 40, 250}) {
    const Date from = D(2025, 1, 20);
    EXPECT_EQ(cal.working_days_between(from, cal.add_working_days(from, n)), n) << n;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Appointments

class Due : public ::testing::Test {
 protected:
  WorkingCalendar cal_{asset_rules()};
  Zone zone_ = Zone::vietnam();
  OfficeHours hours_;
  Instant due(Instant received, int amount, TimeUnit unit) const {
    return cal_.due(received, amount, unit, zone_, hours_);
  }
};

TEST_F(Due, WorkingDaysReceivedFridayInOfficeHours) {
  // Friday 14/6/2024 09:00, 3 working days: Monday, Tuesday, Wednesday → Wednesday 19/6 17:00.
  EXPECT_EQ(show(due(at(2024, 6, 14, 9, 0), 3, TimeUnit::working_days)), "2024-06-19T17:00:00+07:00");
  // Until the last minute of office hours.
  EXPECT_EQ(show(due(at(2024, 6, 14, 16, 59), 3, TimeUnit::working_days)), "2024-06-19T17:00:00+07:00");
}

TEST_F(Due, WorkingDaysReceivedAfterHours) {
  // Friday 17:30 counts from Monday: Tuesday, Wednesday, Thursday.
  EXPECT_EQ(show(due(at(2024, 6, 14, 17, 30), 3, TimeUnit::working_days)), "2024-06-20T17:00:00+07:00");
  EXPECT_EQ(show(due(at(2024, 6, 14, 17, 0), 3, TimeUnit::working_days)), "2024-06-20T17:00:00+07:00");
  // The same receipt given as UTC.
  const auto utc = parse_instant("2024-06-14T10:30:00Z", zone_);
  ASSERT_TRUE(utc);
  EXPECT_EQ(show(due(*utc, 3, TimeUnit::working_days)), "2024-06-20T17:00:00+07:00");
}

TEST_F(Due, WorkingDaysReceivedOnSaturday) {
  EXPECT_EQ(show(due(at(2024, 6, 15, 10, 0), 3, TimeUnit::working_days)), "2024-06-20T17:00:00+07:00");
  EXPECT_EQ(show(due(at(2024, 6, 15, 10, 0), 0, TimeUnit::working_days)), "2024-06-17T17:00:00+07:00");
}

TEST_F(Due, WorkingDaysReceivedTheDayBeforeTet) {
  // Friday 24/1/2025 is the last working day before Tết Ất Tỵ (25/1–2/2).
  EXPECT_EQ(show(due(at(2025, 1, 24, 10, 0), 1, TimeUnit::working_days)), "2025-02-03T17:00:00+07:00");
  EXPECT_EQ(show(due(at(2025, 1, 24, 10, 0), 3, TimeUnit::working_days)), "2025-02-05T17:00:00+07:00");
  // After hours that day: counted from Monday 3/2.
  EXPECT_EQ(show(due(at(2025, 1, 24, 18, 0), 3, TimeUnit::working_days)), "2025-02-06T17:00:00+07:00");
}

TEST_F(Due, WorkingHoursAcrossLunch) {
  // Monday 17/6/2024 10:30 + 2 h: one hour to 11:30, one from 13:30.
  EXPECT_EQ(show(due(at(2024, 6, 17, 10, 30), 2, TimeUnit::working_hours)), "2024-06-17T14:30:00+07:00");
  // Ending exactly at the end of the morning.
  EXPECT_EQ(show(due(at(2024, 6, 17, 10, 30), 1, TimeUnit::working_hours)), "2024-06-17T11:30:00+07:00");
  // Received during the lunch break: starts at 13:30.
  EXPECT_EQ(show(due(at(2024, 6, 17, 12, 0), 1, TimeUnit::working_hours)), "2024-06-17T14:30:00+07:00");
  // Received before opening.
  EXPECT_EQ(show(due(at(2024, 6, 17, 6, 0), 1, TimeUnit::working_hours)), "2024-06-17T08:30:00+07:00");
  // A full working day is 7.5 hours.
  EXPECT_EQ(show(due(at(2024, 6, 17, 7, 30), 7, TimeUnit::working_hours)), "2024-06-17T16:30:00+07:00");
}

TEST_F(Due, WorkingHoursAcrossWeekend) {
  // Friday 14/6/2024 16:00 + 8 h: 1 h on Friday, 4 h Monday morning, 3 h Monday afternoon.
  EXPECT_EQ(show(due(at(2024, 6, 14, 16, 0), 8, TimeUnit::working_hours)), "2024-06-17T16:30:00+07:00");
  // Friday after hours + 1 h → Monday 08:30; + 0 h → the next opening.
  EXPECT_EQ(show(due(at(2024, 6, 14, 18, 0), 1, TimeUnit::working_hours)), "2024-06-17T08:30:00+07:00");
  EXPECT_EQ(show(due(at(2024, 6, 14, 18, 0), 0, TimeUnit::working_hours)), "2024-06-17T07:30:00+07:00");
  // Seconds count: 59 min 18 s on Friday, the last 42 s on Monday.
  const Instant received = at(2024, 6, 14, 16, 0) + seconds{42};
  EXPECT_EQ(due(received, 1, TimeUnit::working_hours), at(2024, 6, 17, 7, 30) + seconds{42});
  EXPECT_EQ(due(received, 2, TimeUnit::working_hours), at(2024, 6, 17, 8, 30) + seconds{42});
  // Over 30/4–1/5/2024: Friday 26/4 16:00 + 2 h → Thursday 2/5 08:30 (29/4 swapped, 30/4 and 1/5 holidays).
  EXPECT_EQ(show(due(at(2024, 4, 26, 16, 0), 2, TimeUnit::working_hours)), "2024-05-02T08:30:00+07:00");
}

TEST_F(Due, CalendarDays) {
  // Monday 10/6/2024 + 6 days is Sunday 16/6 → Monday 17/6.
  EXPECT_EQ(show(due(at(2024, 6, 10, 9, 0), 6, TimeUnit::days)), "2024-06-17T17:00:00+07:00");
  EXPECT_EQ(show(due(at(2024, 6, 10, 9, 0), 4, TimeUnit::days)), "2024-06-14T17:00:00+07:00");
  // Thursday 25/4/2024 + 5 days is 30/4 → Thursday 2/5.
  EXPECT_EQ(show(due(at(2024, 4, 25, 9, 0), 5, TimeUnit::days)), "2024-05-02T17:00:00+07:00");
  // Received on Saturday 15/6: from Monday 17/6, + 5 days is Saturday 22/6 → Monday 24/6.
  EXPECT_EQ(show(due(at(2024, 6, 15, 9, 0), 5, TimeUnit::days)), "2024-06-24T17:00:00+07:00");
}

TEST_F(Due, OtherZoneAndHours) {
  // A centre on UTC with an 08:00–12:00 / 13:00–17:00 day.
  OfficeHours h{8 * 60, 12 * 60, 13 * 60, 17 * 60};
  const Zone utc = *Zone::resolve("UTC");
  const Instant received = utc.at_local(D(2024, 6, 14), 11 * 60);
  EXPECT_EQ(cal_.due(received, 2, TimeUnit::working_hours, utc, h), utc.at_local(D(2024, 6, 14), 14 * 60));
  EXPECT_EQ(cal_.due(received, 1, TimeUnit::working_days, utc, h), utc.at_local(D(2024, 6, 17), 17 * 60));
  OfficeHours empty{9 * 60, 9 * 60, 14 * 60, 14 * 60};
  EXPECT_THROW(cal_.due(received, 1, TimeUnit::working_hours, utc, empty), CalendarError);
}

TEST(TimeUnitText, RoundTrip) {
  for (TimeUnit u : {TimeUnit::working_days, TimeUnit::working_hours, TimeUnit::days})
    EXPECT_EQ(parse_time_unit(to_string(u)), u);
  EXPECT_EQ(to_string(TimeUnit::working_hours), "working_hours");
  EXPECT_FALSE(parse_time_unit("weeks"));
  EXPECT_FALSE(parse_time_unit(""));
  EXPECT_FALSE(parse_time_unit("Working_Days"));
}

// ---------------------------------------------------------------------------------------------------------
// TOML

TEST(HolidayTable, ParsesStringDatesAndDefaults) {
  const HolidayRules r = HolidayRules::parse_toml(R"(
compensate_weekend_holidays = false
[[override]]
date = "2027-05-08"
kind = "work"
[[override]]
date = 2027-04-29
kind = "off"
name_vi = "Nghỉ"
name_en = "Off"
)");
  EXPECT_EQ(r.tet_days, 5);
  EXPECT_EQ(r.tet_days_before, 1);
  EXPECT_FALSE(r.compensate_weekend_holidays);
  ASSERT_EQ(r.overrides.size(), 2u);
  EXPECT_EQ(r.overrides[0].date, D(2027, 4, 29));
  EXPECT_EQ(r.overrides[0].kind, DayOverride::Kind::off);
  EXPECT_EQ(r.overrides[0].name_en, "Off");
  EXPECT_EQ(r.overrides[1].date, D(2027, 5, 8));
  EXPECT_EQ(r.overrides[1].kind, DayOverride::Kind::work);
  EXPECT_FALSE(r.overrides[1].name_vi.empty());
  EXPECT_TRUE(HolidayRules::parse_toml("").overrides.empty());
}

TEST(HolidayTable, ErrorsCarryTheLine) {
  struct Bad {
    const char* text;
    int line;
    const char* says;
  };
  const Bad bad[] = {
      {"tet_days = 5\ntet_days_before = \n", 2, ""},  // syntax
      {"tet_days = 5\n[[override]\n", 2, ""},         // syntax
      {"tet_days = -1\n", 1, "negative"},
      {"tet_days = 5\ntet_days_before = -2\n", 2, "negative"},
      {"tet_days = 3\ntet_days_before = 4\n", 2, "larger than tet_days"},
      {"tet_days = \"five\"\n", 1, "integer"},
      {"tet_days = 5.0\n", 1, "integer"},
      {"compensate_weekend_holidays = 1\n", 1, "true or false"},
      {"tet_dayz = 5\n", 1, "unknown key"},
      {"override = 5\n", 1, "array of tables"},
      {"[[override]]\ndate = 2025-01-25\nkind = \"holiday\"\n", 3, "kind"},
      {"[[override]]\ndate = 2025-01-25\nkind = 3\n", 3, "string"},
      {"[[override]]\ndate = \"2025-13-01\"\nkind = \"off\"\n", 2, "date"},
      {"[[override]]\ndate = \"25/01/2025\"\nkind = \"off\"\n", 2, "date"},
      {"[[override]]\ndate = 2025-02-30\nkind = \"off\"\n", 2, ""},
      {"[[override]]\ndate = 20250125\nkind = \"off\"\n", 2, "date"},
      {"[[override]]\ndate = 2025-01-25T08:00:00\nkind = \"off\"\n", 2, "date"},
      {"\n[[override]]\nkind = \"off\"\n", 2, "without a date"},
      {"[[override]]\ndate = 2025-01-25\n", 1, "without a kind"},
      {"[[override]]\ndate = 2025-01-25\nkind = \"off\"\nname_vi = 7\n", 4, "string"},
      {"[[override]]\ndate = 2025-01-25\nkind = \"off\"\ncolour = \"red\"\n", 4, "unknown key"},
      {"[[override]]\ndate = 2025-01-25\nkind = \"off\"\n[[override]]\ndate = \"2025-01-25\"\nkind = \"work\"\n", 5,
       "second override"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.text);
    try {
      HolidayRules::parse_toml(b.text, "test.toml");
      ADD_FAILURE() << "no error";
    } catch (const CalendarError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("test.toml:" + std::to_string(b.line) + ": ", 0), 0u) << what;
      EXPECT_NE(what.find(b.says), std::string::npos) << what;
    }
  }
}

TEST(HolidayTable, MissingFile) {
  EXPECT_THROW(HolidayRules::load_toml("/nonexistent/vn-holidays.toml"), CalendarError);
}

// ---------------------------------------------------------------------------------------------------------
// Threads

TEST(WorkingCalendar, ConcurrentUse) {
  const WorkingCalendar cal(asset_rules());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cal, &wrong, t] {
      for (int y = 1990 + t; y <= 2100; y += 1) {
        if (cal.is_working_day(D(y, 1, 1))) ++wrong;
        if (cal.working_days_between(D(y, 1, 1), D(y, 12, 31)) < 240) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  // A copy shares nothing it could break.
  const WorkingCalendar copy = cal;
  EXPECT_FALSE(copy.is_working_day(D(2025, 5, 2)));
}

}  // namespace
}  // namespace kiosk
