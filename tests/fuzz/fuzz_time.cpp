// time.hpp's parsers: parse_instant (in zones east and west of UTC), parse_date and parse_hhmm. They answer
// with an empty optional, never an exception; what they accept must format back to itself.
#include <array>
#include <chrono>

#include "fuzz_targets.hpp"
#include "kiosk/domain/time.hpp"

namespace {

using namespace std::chrono;

constexpr std::string_view kTarget = "time";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

const std::array<kiosk::Zone, 4>& zones() {
  static const std::array<kiosk::Zone, 4> z = {*kiosk::Zone::resolve("Asia/Ho_Chi_Minh"), *kiosk::Zone::resolve("UTC"),
                                               *kiosk::Zone::resolve("-09:30"), *kiosk::Zone::resolve("UTC+14:00")};
  return z;
}

// Years that format_date writes as four digits, so that the text parses again.
bool four_digit_year(kiosk::Date d) {
  const int y = static_cast<int>(year_month_day{d}.year());
  return y >= 0 && y <= 9999;
}

}  // namespace

int fuzz_time(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  const std::string_view text = kiosk::fuzz::as_text(data, size);
  bool any = false;

  if (auto d = kiosk::parse_date(text)) {
    any = true;
    check(kiosk::format_date(*d) == text, "parse_date → format_date does not give the text back");
  }
  if (auto m = kiosk::parse_hhmm(text)) {
    any = true;
    check(*m >= 0 && *m < 24 * 60, "parse_hhmm out of 00:00..23:59");
    check(kiosk::format_hhmm(*m) == text, "parse_hhmm → format_hhmm does not give the text back");
  }
  for (const kiosk::Zone& zone : zones()) {
    auto t = kiosk::parse_instant(text, zone);
    if (!t) continue;
    any = true;
    // Local text formats back in the same zone to the same second.
    const kiosk::Date local = zone.local_date(*t);
    if (!four_digit_year(local)) continue;
    const std::string formatted = kiosk::format_instant(*t, zone);
    auto back = kiosk::parse_instant(formatted, zone);
    check(back.has_value(), "format_instant of a parsed instant does not parse");
    check(*back == floor<seconds>(*t), "parse_instant → format_instant → parse_instant changes the instant");
    if (text.size() == 10)
      check(*t == zone.at_local(*kiosk::parse_date(text), 0), "a date alone is not local midnight");
  }
  kiosk::fuzz::note(any ? Outcome::accepted : Outcome::rejected);
  return 0;
}
