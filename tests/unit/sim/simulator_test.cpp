// The seeded simulator (kiosk/sim/simulator.hpp) over a real store in a temporary directory.
#include "kiosk/sim/simulator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace kiosk::sim {
namespace {

using namespace std::chrono;
using store::CentreStore;

Date D(int y, unsigned m, unsigned d) { return Date{year_month_day{year{y}, month{m}, day{d}}}; }

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A fresh centre database in its own temporary directory, removed afterwards.
class TempCentre {
 public:
  explicit TempCentre(Date created = D(2026, 2, 27)) {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("kiosk_sim_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const auto toml = read_text(std::filesystem::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml");
    CentreStore::initialise(dir_ / "centre.db", {"H15.50.05.13", toml, "", "hub"}, Zone::vietnam().at_local(created, 8 * 60));
    store_.emplace(CentreStore::open(dir_ / "centre.db"));
  }
  ~TempCentre() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  CentreStore& operator*() { return *store_; }
  CentreStore* operator->() { return &*store_; }

 private:
  std::filesystem::path dir_;
  std::optional<CentreStore> store_;
};

struct LoggedEvent {
  std::string type;
  std::int64_t at = 0;
  std::string device;
  std::string payload;
  bool operator==(const LoggedEvent&) const = default;
};

std::vector<LoggedEvent> log_of(const CentreStore& centre) {
  std::vector<LoggedEvent> out;
  centre.for_each_event(2, [&](const Event& e) {  // after centre.initialised
    out.push_back({e.type, to_millis(e.at), e.device, e.payload.dump()});
    return true;
  });
  return out;
}

Instant after(const CentreStore& centre, Date d) { return centre.zone().at_local(d + days{1}, 0); }

std::string figures_json(const CentreStore& centre, const Period& p) {
  return to_json(centre.indicators(p, after(centre, p.to))).dump();
}

// ---------------------------------------------------------------------------------------------------------

TEST(Simulator, SameSeedSameRecordsDifferentSeedDifferentFigures) {
  const Date from = D(2026, 3, 2), to = D(2026, 3, 8);  // Monday to Sunday
  const Period week{from, to};
  DayOptions o;
  o.visitors = 120;
  TempCentre a, b, c;
  const Summary sa = simulate_period(*a, from, to, 42, o);
  const Summary sb = simulate_period(*b, from, to, 42, o);
  simulate_period(*c, from, to, 43, o);

  EXPECT_EQ(sa.events, sb.events);
  EXPECT_EQ(sa.tickets, sb.tickets);
  EXPECT_EQ(figures_json(*a, week), figures_json(*b, week));
  const auto la = log_of(*a), lb = log_of(*b);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) ASSERT_EQ(la[i], lb[i]) << "event " << i + 2;
  EXPECT_NE(figures_json(*a, week), figures_json(*c, week));
}

TEST(Simulator, PeriodIsTheSequenceOfItsDays) {
  // The simulator keeps nothing between calls: day by day gives exactly what a period gives.
  const Date from = D(2026, 3, 5), to = D(2026, 3, 11);
  DayOptions o;
  o.visitors = 80;
  TempCentre a, b;
  simulate_period(*a, from, to, 7, o);
  for (Date d = from; d <= to; d += days{1}) simulate_day(*b, d, 7, o);
  const auto la = log_of(*a), lb = log_of(*b);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) ASSERT_EQ(la[i], lb[i]) << "event " << i + 2;
}

TEST(Simulator, OneWorkingDay) {
  TempCentre centre;
  const Date day = D(2026, 3, 3);  // a Tuesday
  ASSERT_TRUE(centre->calendar().is_working_day(day));
  DayOptions o;  // 300 visitors
  const std::int64_t before = centre->last_seq();
  const Summary s = simulate_day(*centre, day, 2026, o);

  EXPECT_EQ(s.tickets, o.visitors);
  EXPECT_GT(s.served, 0);
  EXPECT_GT(s.ratings, 0);
  EXPECT_GT(s.dossiers, 0);
  EXPECT_EQ(s.events, centre->last_seq() - before);
  EXPECT_GT(s.served, s.tickets * 8 / 10);
  EXPECT_LT(s.cancelled, s.tickets / 20) << "queues should nearly drain by closing time";

  // Every ticket ended: served, no-show or cancelled; none left waiting or at a counter.
  std::int64_t served = 0, no_show = 0, cancelled = 0;
  for (std::int64_t id = 1; id <= s.tickets; ++id) {
    auto t = centre->ticket(id);
    ASSERT_TRUE(t) << id;
    EXPECT_EQ(t->day, day);
    switch (t->state) {
      case TicketState::served: ++served; break;
      case TicketState::no_show: ++no_show; break;
      case TicketState::cancelled: ++cancelled; break;
      default: ADD_FAILURE() << t->number << " is " << to_string(t->state);
    }
  }
  EXPECT_EQ(served, s.served);
  EXPECT_EQ(no_show, s.no_shows);
  EXPECT_EQ(cancelled, s.cancelled);
  EXPECT_FALSE(centre->ticket(s.tickets + 1));
  for (const CounterState& c : centre->counters()) {
    EXPECT_EQ(c.status, CounterStatus::closed) << "counter " << c.number;
    EXPECT_FALSE(c.current_ticket) << "counter " << c.number;
  }

  const Indicators ind = centre->indicators(Period{day, day}, after(*centre, day));
  EXPECT_EQ(ind.queue.issued, s.tickets);
  EXPECT_EQ(ind.queue.served, s.served);
  EXPECT_EQ(ind.queue.waiting, 0);
  EXPECT_EQ(ind.ratings, s.ratings);
  EXPECT_EQ(ind.dossiers.new_, s.dossiers);
  EXPECT_GT(ind.new_by_channel.at(Channel::in_person), 0);
  EXPECT_GT(ind.new_online, 0);
  EXPECT_TRUE(ind.queue.avg_wait_s);
  EXPECT_TRUE(ind.queue.avg_service_s);

  // Dossiers received at a counter name their visit, and the visit names them.
  int linked = 0;
  centre->for_each_event(before + 1, [&](const Event& e) {
    if (e.type == event_type::dossier_received && e.payload.contains("ticket")) {
      auto t = centre->ticket(e.payload["ticket"].get<std::int64_t>());
      EXPECT_TRUE(t);
      if (t) {
        EXPECT_NE(std::find(t->dossiers.begin(), t->dossiers.end(), e.payload["code"].get<std::string>()), t->dossiers.end());
        ++linked;
      }
    }
    return true;
  });
  EXPECT_GT(linked, 0);

  const auto report = centre->verify();
  EXPECT_TRUE(report.ok()) << report.integrity_message << " " << report.chain_problem.value_or("");
}

TEST(Simulator, NonWorkingDayHasNoTickets) {
  TempCentre centre;
  const Date sunday = D(2026, 3, 8);
  ASSERT_FALSE(centre->calendar().is_working_day(sunday));
  const Date holiday = D(2026, 4, 30);
  ASSERT_FALSE(centre->calendar().is_working_day(holiday));
  for (Date d : {sunday, holiday}) {
    const Summary s = simulate_day(*centre, d, 5);
    EXPECT_EQ(s.tickets, 0);
    EXPECT_EQ(s.served, 0);
    EXPECT_EQ(s.ratings, 0);
    EXPECT_EQ(s.resolved, 0);
    EXPECT_EQ(s.returned, 0);
    const Indicators ind = centre->indicators(Period{d, d}, after(*centre, d));
    EXPECT_EQ(ind.queue.issued, 0);
    EXPECT_EQ(ind.new_by_channel.at(Channel::in_person), 0);
    EXPECT_EQ(ind.new_by_channel.at(Channel::postal), 0);
    EXPECT_EQ(ind.new_online, s.dossiers);  // online receipts only
  }
  bool counter_event = false;
  centre->for_each_event(2, [&](const Event& e) {
    counter_event = counter_event || e.type.starts_with("counter.") || e.type.starts_with("ticket.");
    return true;
  });
  EXPECT_FALSE(counter_event);
}

TEST(Simulator, OneMonth) {
  TempCentre centre;
  const Period march = Period::month(2026, 3);
  const Summary s = simulate_period(*centre, march.from, march.to, 20260301);
  const Indicators ind = centre->indicators(march, after(*centre, march.to));

  EXPECT_GT(ind.dossiers.early, 0);
  EXPECT_GT(ind.dossiers.on_time, 0);
  EXPECT_GT(ind.dossiers.late, 0);
  EXPECT_EQ(ind.dossiers.resolved, s.resolved);
  EXPECT_EQ(ind.dossiers.late, s.late);
  EXPECT_EQ(ind.apology_slips, s.apologies);
  EXPECT_GT(ind.dossiers.closed_unresolved, 0);  // some withdrawn
  EXPECT_EQ(ind.dossiers.closed_unresolved, s.withdrawn);
  EXPECT_GT(ind.dossiers.pending, 0);            // long procedures still running at the end
  ASSERT_TRUE(ind.dossiers.on_time_rate());
  EXPECT_GE(*ind.dossiers.on_time_rate(), 0.9);
  EXPECT_LE(*ind.dossiers.on_time_rate(), 1.0);
  ASSERT_TRUE(ind.satisfaction_rate());
  EXPECT_GE(*ind.satisfaction_rate(), 0.8);
  EXPECT_LE(*ind.satisfaction_rate(), 1.0);
  EXPECT_GT(s.supplements, 0);
  EXPECT_GT(ind.with_fee, 0);
  EXPECT_GT(ind.paid_online, 0);
  EXPECT_LT(ind.paid_online, ind.with_fee);
  EXPECT_GT(ind.new_by_channel.at(Channel::online_full), 0);
  EXPECT_GT(ind.new_by_channel.at(Channel::online_partial), 0);
  EXPECT_GT(ind.new_by_channel.at(Channel::postal), 0);

  // Every late dossier handed back had its apology slip first (the store refuses otherwise), and each slip
  // was issued on or before the appointment day with a later date.
  std::set<std::string> late, returned, apologised;
  std::int64_t slips = 0;
  centre->for_each_event(1, [&](const Event& e) {
    if (e.type == event_type::dossier_resolved && e.payload["timeliness"] == "late") late.insert(e.payload["code"]);
    if (e.type == event_type::dossier_returned) returned.insert(e.payload["code"]);
    if (e.type == event_type::dossier_apology_issued) {
      ++slips;
      apologised.insert(e.payload["code"]);
      const ApologySlip slip = apology_from_event(e);
      EXPECT_GT(slip.new_due, slip.old_due);
      EXPECT_FALSE(slip.reason.empty());
      EXPECT_LE(centre->zone().local_date(slip.issued_at), centre->zone().local_date(slip.old_due)) << slip.dossier;
    }
    return true;
  });
  std::int64_t late_returned = 0;
  for (const std::string& code : late) {
    EXPECT_TRUE(apologised.count(code)) << code;
    if (returned.count(code)) ++late_returned;
  }
  EXPECT_GT(late_returned, 0);
  EXPECT_GE(slips, late_returned);
  for (const std::string& code : returned) {
    auto d = centre->dossier(code);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->status, DossierStatus::returned);
    if (d->timeliness(centre->zone()) == Timeliness::late) {
      EXPECT_GE(d->apology_slips, 1) << code;
    }
  }

  const auto report = centre->verify();
  EXPECT_TRUE(report.ok()) << report.integrity_message << " " << report.chain_problem.value_or("");
}

// A quarter of a district centre, for timing: run with --gtest_also_run_disabled_tests.
}  // namespace
}  // namespace kiosk::sim
