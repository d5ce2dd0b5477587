// Period::parse ("2026-07-01..2026-09-30", "2026-Q3", "2026-07", "2026", "BC2026", "BC2026-Q1"): an empty
// optional on malformed text, never an exception; an accepted period is a non-empty range of dates.
#include <chrono>

#include "fuzz_targets.hpp"
#include "kiosk/domain/indicators.hpp"

namespace {

constexpr std::string_view kTarget = "period";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

}  // namespace

int fuzz_period(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  const std::string_view text = kiosk::fuzz::as_text(data, size);
  auto p = kiosk::Period::parse(text);
  if (!p) {
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }
  kiosk::fuzz::note(Outcome::accepted);
  check(p->from <= p->to, "accepted a period that ends before it starts");
  check(p->contains(p->from) && p->contains(p->to), "a period does not contain its own ends");
  check(std::chrono::year_month_day{p->from}.ok() && std::chrono::year_month_day{p->to}.ok(),
        "a period end is not a valid date");
  if (text.find("..") == std::string_view::npos)
    check(p->to - p->from < std::chrono::days{366}, "a named period longer than a year");
  return 0;
}
