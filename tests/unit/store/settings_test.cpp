// Settings a manager changes while the centre runs: office hours, the queue's rules, closed service areas.
// What was decided under the old values stays as the log recorded it; replaying the log gives the same
// settings, records and figures.
#include <sqlite3.h>

#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

class Settings : public CentreTest {
 protected:
  Actor manager() { return Actor{"manager-1", ""}; }
  SettingsOutcome change(const SettingsChange& ch, const char* when = "2026-10-08T07:00") {
    return c().change_settings(ch, at(when), manager());
  }
  Dossier receive(const char* procedure, const char* when) {
    DossierIntake in;
    in.procedure = procedure;
    return c().receive_dossier(in, at(when), staff());
  }
  std::vector<Event> events_after(std::int64_t seq) {
    std::vector<Event> out;
    c().for_each_event(seq + 1, [&](const Event& e) {
      out.push_back(e);
      return true;
    });
    return out;
  }
};

TEST_F(Settings, StartFromTheCatalogue) {
  const CentreSettings s = c().settings();
  EXPECT_EQ(format_span(s.office_hours.morning_start, s.office_hours.morning_end), "07:30-11:30");
  EXPECT_EQ(format_span(s.office_hours.afternoon_start, s.office_hours.afternoon_end), "13:30-17:00");
  EXPECT_EQ(s.weekdays, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.priority, QueueRules::Priority::interleave);
  EXPECT_EQ(s.normal_per_priority, 2);
  EXPECT_EQ(s.max_recalls, 2);
  EXPECT_TRUE(s.closed_services.empty());
}

TEST_F(Settings, TheEventCarriesOldAndNewOfTheChangedFieldsOnly) {
  const std::int64_t before = c().last_seq();
  SettingsChange ch;
  ch.afternoon = "13:30-16:30";
  ch.morning = "07:30-11:30";  // as it was: not a change
  ch.max_recalls = 1;
  ch.closed_services = std::vector<std::string>{"HT", "GPLX"};
  const SettingsOutcome out = change(ch);
  EXPECT_EQ(out.changed, (std::vector<std::string>{"office_hours.afternoon", "queue.max_recalls", "closed_services"}));
  const auto events = events_after(before);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "settings.changed");
  EXPECT_EQ(events[0].device, "manager-1");
  EXPECT_EQ(events[0].payload,
            nlohmann::json::parse(R"({"old":{"office_hours":{"afternoon":"13:30-17:00"},"queue":{"max_recalls":2},"closed_services":[]},
                                      "new":{"office_hours":{"afternoon":"13:30-16:30"},"queue":{"max_recalls":1},"closed_services":["GPLX","HT"]}})"));
  // The same values again change nothing and record nothing.
  EXPECT_TRUE(change(ch).changed.empty());
  EXPECT_EQ(c().last_seq(), before + 1);
}

TEST_F(Settings, ValuesAreCheckedAsTheCatalogueChecksThem) {
  auto with = [](auto set) {
    SettingsChange ch;
    set(ch);
    return ch;
  };
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.morning = "7:30-11"; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.morning = "11:30-07:30"; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.afternoon = "24:00-25:00"; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.afternoon = "11:00-17:00"; })));  // overlaps the morning
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.weekdays = std::vector<std::int64_t>{1, 8}; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.weekdays = std::vector<std::int64_t>{1, 1}; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.weekdays = std::vector<std::int64_t>{}; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.priority = "fastest"; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.normal_per_priority = 0; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.max_recalls = -1; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.max_recalls = std::int64_t{1} << 40; })));
  EXPECT_REFUSED(c(), "service.unknown", change(with([](auto& ch) { ch.closed_services = std::vector<std::string>{"HT", "XX"}; })));
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) { ch.closed_services = std::vector<std::string>{"HT", "HT"}; })));
  // A valid morning with an afternoon that would overlap it is refused whole: the morning is unchanged too.
  EXPECT_REFUSED(c(), "settings.invalid", change(with([](auto& ch) {
                   ch.morning = "08:00-12:00";
                   ch.afternoon = "11:00-17:00";
                 })));
  EXPECT_EQ(c().settings().office_hours.morning_start, 7 * 60 + 30);
  // Touching spans are fine: no lunch break.
  EXPECT_EQ(change(with([](auto& ch) { ch.afternoon = "11:30-17:00"; })).changed.size(), 1u);
}

TEST_F(Settings, NewOfficeHoursMoveOnlyTheDueDatesOfDossiersReceivedAfterwards) {
  // 5 working days from Thursday 8 October: Thursday 15 October, at the end of office hours.
  const Dossier before = receive("1.001193", "2026-10-08T10:00");
  EXPECT_EQ(before.due_at, at("2026-10-15T17:00"));
  SettingsChange ch;
  ch.afternoon = "13:30-16:00";
  change(ch, "2026-10-08T11:00");
  const Dossier after = receive("1.001193", "2026-10-08T11:05");
  EXPECT_EQ(after.due_at, at("2026-10-15T16:00"));
  // Past the new end of the day, the clock starts on the next working day.
  EXPECT_EQ(receive("1.001193", "2026-10-08T16:30").due_at, at("2026-10-16T16:00"));
  // 4 working hours from 15:00: one hour left today, three tomorrow morning.
  EXPECT_EQ(receive("2.000815", "2026-10-08T15:00").due_at, at("2026-10-09T10:30"));
  EXPECT_EQ(c().dossier(before.code)->due_at, at("2026-10-15T17:00"));

  // A restart (and the province, replaying the same log) finds the same settings, dates and figures.
  const Indicators figures = c().indicators(Period{*parse_date("2026-10-01"), *parse_date("2026-10-31")}, at("2026-10-20T09:00"));
  centre.reset();
  centre.emplace(CentreStore::open(db_path));
  EXPECT_EQ(c().settings().office_hours.afternoon_end, 16 * 60);
  EXPECT_EQ(c().dossier(before.code)->due_at, at("2026-10-15T17:00"));
  EXPECT_EQ(c().dossier(after.code)->due_at, at("2026-10-15T16:00"));
  const Indicators again = c().indicators(Period{*parse_date("2026-10-01"), *parse_date("2026-10-31")}, at("2026-10-20T09:00"));
  EXPECT_EQ(to_json(again), to_json(figures));
  EXPECT_EQ(again.dossiers.overdue, 4);
  const VerifyReport report = c().verify();
  EXPECT_TRUE(report.ok()) << report.state_problem.value_or("") << report.chain_problem.value_or("");
}

TEST_F(Settings, AClosedServiceIssuesNoTicketsButThoseWaitingAreStillCalled) {
  const auto waiting = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  SettingsChange ch;
  ch.closed_services = std::vector<std::string>{"HT"};
  change(ch, "2026-10-08T08:01");
  EXPECT_REFUSED(c(), "service.closed", c().issue_ticket("HT", Priority::none, at("2026-10-08T08:02"), {}));
  EXPECT_EQ(c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:02"), {}).ticket.number, "A-001");
  for (const ServiceQueue& q : c().queue_status(at("2026-10-08T08:03")))
    EXPECT_EQ(q.closed, q.service == "HT") << q.service;
  c().open_counter(2, at("2026-10-08T08:04"), staff());
  EXPECT_EQ(c().call_next(2, at("2026-10-08T08:05"), staff()).id, waiting.ticket.id);

  ch.closed_services = std::vector<std::string>{};
  change(ch, "2026-10-08T09:00");
  EXPECT_EQ(c().issue_ticket("HT", Priority::none, at("2026-10-08T09:01"), {}).ticket.number, "B-002");
  EXPECT_FALSE(c().queue_status(at("2026-10-08T09:02"))[1].closed);
}

TEST_F(Settings, CallsAndRecallsFollowTheNewQueueRules) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  const auto normal = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {}).ticket.id;
  const auto elderly = c().issue_ticket("HT", Priority::elderly, at("2026-10-08T08:01"), {}).ticket.id;
  SettingsChange ch;
  ch.priority = "strict";  // interleave would call the normal ticket first: it has waited longer
  ch.max_recalls = 0;
  change(ch, "2026-10-08T08:02");
  EXPECT_EQ(c().call_next(2, at("2026-10-08T08:03"), staff()).id, elderly);
  const Ticket gone = c().recall(2, at("2026-10-08T08:04"), staff());
  EXPECT_EQ(gone.state, TicketState::no_show);  // no recall allowed any more
  EXPECT_EQ(c().call_next(2, at("2026-10-08T08:05"), staff()).id, normal);
}

TEST_F(Settings, AChangeByAnotherProcessOnTheFileHoldsAtOnce) {
  CentreStore other = CentreStore::open(db_path);
  SettingsChange ch;
  ch.closed_services = std::vector<std::string>{"GPLX"};
  other.change_settings(ch, at("2026-10-08T08:00"), {"kioskctl", ""});
  EXPECT_TRUE(c().settings().closed("GPLX"));
  EXPECT_REFUSED(c(), "service.closed", c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:01"), {}));
}

TEST_F(Settings, AHandEditedSettingsTableFailsVerification) {
  SettingsChange ch;
  ch.max_recalls = 5;
  change(ch);
  EXPECT_TRUE(c().verify().ok());
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, R"(UPDATE settings SET changed = '{"queue":{"max_recalls":9}}')", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  const VerifyReport report = c().verify();
  EXPECT_FALSE(report.ok());
  ASSERT_TRUE(report.state_problem);
  EXPECT_NE(report.state_problem->find("settings"), std::string::npos) << *report.state_problem;
}

// ---- Office hours now -------------------------------------------------------------------------------------

class Office : public CentreTest {
 protected:
  void SetUp() override {
    db_path = dir.path() / "centre.db";
    // Friday 9 October 2026 off, worked back on Saturday 10 October (an announced swap).
    const char* holidays = R"toml(
[[override]]
date = 2026-10-09
kind = "off"
name_vi = "Nghỉ hoán đổi"
name_en = "Swapped day off"

[[override]]
date = 2026-10-10
kind = "work"
name_vi = "Làm bù"
name_en = "Make-up working day"
)toml";
    CentreStore::initialise(db_path, {"TEST01", kCatalogue, holidays, "hub"}, at("2026-10-01T07:00"));
    centre.emplace(CentreStore::open(db_path));
  }
  std::string next_open(const char* now) {
    const OfficeStatus o = c().office(at(now));
    return o.next_open ? format_instant(*o.next_open, c().zone()) : "null";
  }
};

TEST_F(Office, OpenWithinHoursOnWorkingDaysAndSaysWhenItOpensNext) {
  EXPECT_FALSE(c().office(at("2026-10-08T07:00")).open);
  EXPECT_TRUE(c().office(at("2026-10-08T07:00")).working_day);
  EXPECT_EQ(next_open("2026-10-08T07:00"), "2026-10-08T07:30:00+07:00");
  EXPECT_TRUE(c().office(at("2026-10-08T07:30")).open);
  EXPECT_EQ(next_open("2026-10-08T07:30"), "null");
  EXPECT_FALSE(c().office(at("2026-10-08T11:30")).open);  // lunch
  EXPECT_EQ(next_open("2026-10-08T12:00"), "2026-10-08T13:30:00+07:00");
  EXPECT_TRUE(c().office(at("2026-10-08T16:59")).open);
  EXPECT_FALSE(c().office(at("2026-10-08T17:00")).open);
  // Friday is the swapped day off; Saturday is worked.
  EXPECT_EQ(next_open("2026-10-08T17:00"), "2026-10-10T07:30:00+07:00");
  EXPECT_FALSE(c().office(at("2026-10-09T09:00")).working_day);
  EXPECT_TRUE(c().office(at("2026-10-10T09:00")).open);
  EXPECT_EQ(next_open("2026-10-10T18:00"), "2026-10-12T07:30:00+07:00");
  // 2 September 2026 is a Wednesday: 1 and 2 September are the National Day holiday.
  EXPECT_EQ(next_open("2026-08-31T17:30"), "2026-09-03T07:30:00+07:00");
}

TEST_F(Office, FollowsTheManagersHoursAndWeekdays) {
  SettingsChange ch;
  ch.morning = "08:00-12:00";
  ch.weekdays = std::vector<std::int64_t>{1, 2, 3, 4, 5, 6};  // Saturday mornings and afternoons too
  c().change_settings(ch, at("2026-10-01T08:00"), {});
  EXPECT_FALSE(c().office(at("2026-10-08T07:45")).open);
  EXPECT_EQ(next_open("2026-10-08T07:45"), "2026-10-08T08:00:00+07:00");
  EXPECT_TRUE(c().office(at("2026-10-08T11:45")).open);
  EXPECT_TRUE(c().office(at("2026-10-17T09:00")).open);  // an ordinary Saturday
  EXPECT_FALSE(c().office(at("2026-10-18T09:00")).working_day);  // Sunday
  // A weekday the centre does not open on, even a working day of the calendar.
  ch = {};
  ch.weekdays = std::vector<std::int64_t>{1, 2, 3, 4};
  c().change_settings(ch, at("2026-10-01T08:00"), {});
  EXPECT_FALSE(c().office(at("2026-10-16T09:00")).working_day);  // Friday
  EXPECT_EQ(next_open("2026-10-15T17:30"), "2026-10-19T08:00:00+07:00");
}

// ---- Migration -----------------------------------------------------------------------------------------

TEST(SettingsMigration, FromVersionThreeKeepsTheDataAndAddsTheTables) {
  TempDir dir;
  const auto path = dir.path() / "v3.db";
  CentreStore::initialise(path, {"T", kCatalogue, "", "hub"}, at("2026-10-01T07:00"));
  {
    CentreStore c = CentreStore::open(path);
    c.open_counter(2, at("2026-10-08T07:30"), {"counter-2", "cb01"});
    c.issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
    c.call_next(2, at("2026-10-08T08:01"), {"counter-2", "cb01"});
    c.start_service(2, at("2026-10-08T08:02"), {"counter-2", "cb01"});
    c.finish_service(2, at("2026-10-08T08:10"), {"counter-2", "cb01"});
    RatingInput rating;
    rating.ticket = 1;
    rating.level = 4;
    c.submit_rating(rating, at("2026-10-08T08:11"), {});
  }
  // A database as version 3 left it: no rating_abandonments or settings table.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "DROP TABLE rating_abandonments; DROP TABLE settings; PRAGMA user_version = 3", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);

  CentreStore c = CentreStore::open(path);
  EXPECT_EQ(c.schema_version(), 4);
  EXPECT_TRUE(c.verify().ok());
  EXPECT_EQ(c.settings().max_recalls, 2);
  EXPECT_REFUSED(c, "rating.duplicate", c.abandon_rating(1, at("2026-10-08T08:12"), {}));
  c.issue_ticket("HT", Priority::none, at("2026-10-08T09:00"), {});
  c.call_next(2, at("2026-10-08T09:01"), {"counter-2", "cb01"});
  c.start_service(2, at("2026-10-08T09:02"), {"counter-2", "cb01"});
  c.finish_service(2, at("2026-10-08T09:10"), {"counter-2", "cb01"});
  EXPECT_EQ(c.abandon_rating(2, at("2026-10-08T09:11"), {}).ticket, 2);
  SettingsChange ch;
  ch.max_recalls = 1;
  EXPECT_EQ(c.change_settings(ch, at("2026-10-08T09:12"), {}).settings.max_recalls, 1);
  const VerifyReport report = c.verify();
  EXPECT_TRUE(report.ok()) << report.state_problem.value_or("");
}

}  // namespace
}  // namespace kiosk::store::testing
