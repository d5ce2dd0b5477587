#include <gtest/gtest.h>

#include "kiosk/domain/events.hpp"
#include "kiosk/domain/queue.hpp"
#include "kiosk/domain/records.hpp"

namespace kiosk {
namespace {

const Zone vn = Zone::vietnam();
Instant t(const char* local) { return *parse_instant(local, vn); }

TEST(Time, ParsesOffsetsAndLocalTimes) {
  EXPECT_EQ(t("2026-10-08T09:15:00+07:00"), *parse_instant("2026-10-08T02:15:00Z", vn));
  EXPECT_EQ(t("2026-10-08 09:15"), *parse_instant("2026-10-08T09:15:00+07:00", vn));
  EXPECT_EQ(format_instant(t("2026-10-08T09:15:30.250"), vn), "2026-10-08T09:15:30+07:00");
  EXPECT_FALSE(parse_instant("2026-02-30", vn));
  EXPECT_FALSE(parse_instant("2026-10-08T25:00", vn));
  EXPECT_FALSE(parse_instant("08/10/2026", vn));
  EXPECT_FALSE(parse_instant("2026-10-08T09:15+7", vn));
  EXPECT_EQ(vn.local_date(*parse_instant("2026-10-08T18:00:00Z", vn)), *parse_date("2026-10-09"));
  EXPECT_FALSE(Zone::resolve("Mars/Olympus"));
  EXPECT_EQ(Zone::resolve("UTC+07:00")->offset, std::chrono::minutes{420});
}

TEST(Tickets, NumbersAndServiceDay) {
  EXPECT_EQ(format_ticket_number("B", 23), "B-023");
  EXPECT_EQ(format_ticket_number("A", 1234), "A-1234");
  // The day rolls over in the centre's zone, never at UTC midnight.
  EXPECT_EQ(service_day(t("2026-10-08T06:59"), vn, 0), *parse_date("2026-10-08"));
  EXPECT_EQ(service_day(t("2026-10-08T07:01"), vn, 0), *parse_date("2026-10-08"));
  EXPECT_EQ(service_day(t("2026-10-09T02:00"), vn, 3 * 60), *parse_date("2026-10-08"));
  EXPECT_EQ(service_day(t("2026-10-09T03:00"), vn, 3 * 60), *parse_date("2026-10-09"));
}

TEST(Queue, LongestWaitingFirstWithinAClass) {
  std::vector<WaitingTicket> w{{1, Priority::none, t("2026-10-08T08:05")}, {2, Priority::none, t("2026-10-08T08:01")}};
  QueueRules rules;
  EXPECT_EQ(choose_next(w, rules, 0), 1u);
  EXPECT_FALSE(choose_next(std::span<const WaitingTicket>{}, rules, 0));
}

TEST(Queue, StrictPriorityAlwaysFirst) {
  std::vector<WaitingTicket> w{{1, Priority::none, t("2026-10-08T08:00")}, {2, Priority::elderly, t("2026-10-08T08:30")}};
  QueueRules rules;
  rules.priority = QueueRules::Priority::strict;
  EXPECT_EQ(choose_next(w, rules, 0), 1u);
}

TEST(Queue, InterleaveOnePriorityPerNNormal) {
  std::vector<WaitingTicket> w{{1, Priority::none, t("2026-10-08T08:00")}, {2, Priority::disabled, t("2026-10-08T08:30")}};
  QueueRules rules;
  rules.normal_per_priority = 3;
  EXPECT_EQ(choose_next(w, rules, 0), 0u);
  EXPECT_EQ(choose_next(w, rules, 2), 0u);
  EXPECT_EQ(choose_next(w, rules, 3), 1u);
  // No normal ticket waiting: the priority one goes whatever the count.
  std::vector<WaitingTicket> only_priority{{2, Priority::pregnant, t("2026-10-08T08:30")}};
  EXPECT_EQ(choose_next(only_priority, rules, 0), 0u);
}

TEST(Queue, PeopleAheadAndEstimate) {
  std::vector<WaitingTicket> w{{1, Priority::none, t("2026-10-08T08:00")}, {2, Priority::veteran, t("2026-10-08T08:01")},
                               {3, Priority::none, t("2026-10-08T08:02")}};
  EXPECT_EQ(people_ahead(w, Priority::none), 3);
  EXPECT_EQ(people_ahead(w, Priority::elderly), 1);
  std::vector<std::int64_t> recent{300, 600, 900};
  EXPECT_EQ(estimate_wait_seconds(4, recent, 10, 2), 4 * 600 / 2);
  EXPECT_EQ(estimate_wait_seconds(3, {}, 10, 0), 3 * 600);
  EXPECT_EQ(estimate_wait_seconds(0, recent, 10, 1), 0);
}

TEST(Dossiers, CodeFollowsAgencyDateSequence) {
  EXPECT_EQ(format_dossier_code("H15.50.05.13", *parse_date("2026-10-08"), 975), "H15.50.05.13-261008-0975");
}

TEST(Dossiers, NationalStatusTransitions) {
  using S = DossierStatus;
  EXPECT_TRUE(transition_allowed(S::registered, S::accepted));
  EXPECT_TRUE(transition_allowed(S::registered, S::not_accepted));
  EXPECT_TRUE(transition_allowed(S::accepted, S::processing));
  EXPECT_TRUE(transition_allowed(S::processing, S::supplement_requested));
  EXPECT_TRUE(transition_allowed(S::supplement_requested, S::processing));
  EXPECT_TRUE(transition_allowed(S::processing, S::processed));
  EXPECT_TRUE(transition_allowed(S::processed, S::returned));
  EXPECT_FALSE(transition_allowed(S::registered, S::processed));
  EXPECT_FALSE(transition_allowed(S::returned, S::processing));
  EXPECT_FALSE(transition_allowed(S::withdrawn, S::accepted));
  EXPECT_FALSE(transition_allowed(S::processed, S::processing));
  EXPECT_FALSE(transition_allowed(S::supplement_requested, S::processed));
  EXPECT_EQ(parse_dossier_status("9"), S::processed);
  EXPECT_EQ(parse_dossier_status("withdrawn"), S::withdrawn);
  EXPECT_FALSE(parse_dossier_status("11"));
  EXPECT_FALSE(parse_dossier_status("0"));
}

TEST(Dossiers, TimelinessComparesLocalDays) {
  Dossier d;
  d.due_at = t("2026-10-08T17:00");
  d.finished_at = t("2026-10-08T23:30");  // 16:30 UTC, same local day
  EXPECT_EQ(d.timeliness(vn), Timeliness::on_time);
  d.finished_at = t("2026-10-07T10:00");
  EXPECT_EQ(d.timeliness(vn), Timeliness::early);
  d.finished_at = t("2026-10-09T00:10");  // 8 October in UTC, but the 9th here
  EXPECT_EQ(d.timeliness(vn), Timeliness::late);
}

TEST(Ratings, ThreeLevelMapsOntoFive) {
  EXPECT_EQ(level_from_three(3), 4);
  EXPECT_EQ(level_from_three(2), 3);
  EXPECT_EQ(level_from_three(1), 2);
  EXPECT_EQ(level_from_three(4), 0);
  EXPECT_TRUE(is_satisfied(level_from_three(3)));
  EXPECT_FALSE(is_satisfied(level_from_three(2)));
  EXPECT_EQ(level_name_vi(5), "Rất hài lòng");
}

Event sample_event(std::int64_t seq) {
  Event e;
  e.seq = seq;
  e.centre = "TT01";
  e.device = "kiosk-1";
  e.at = t("2026-10-08T09:00");
  e.recorded = e.at;
  e.zone = "Asia/Ho_Chi_Minh";
  e.type = "ticket.issued";
  e.payload = {{"number", "B-0" + std::to_string(seq)}, {"service", "Hộ tịch"}};
  return e;
}

TEST(Events, ChainDetectsEditsDeletionsAndReordering) {
  std::vector<Event> log;
  Hash prev{};
  for (int i = 1; i <= 4; ++i) {
    Event e = sample_event(i);
    e.hash = chain_hash(prev, e);
    prev = e.hash;
    log.push_back(e);
  }
  EXPECT_FALSE(verify_chain(log, Hash{}, 0));

  auto edited = log;
  edited[2].payload["number"] = "B-999";
  auto broken = verify_chain(edited, Hash{}, 0);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->index, 2u);

  auto deleted = log;
  deleted.erase(deleted.begin() + 1);
  ASSERT_TRUE(verify_chain(deleted, Hash{}, 0));

  auto reordered = log;
  std::swap(reordered[1], reordered[2]);
  ASSERT_TRUE(verify_chain(reordered, Hash{}, 0));
}

TEST(Events, CanonicalBytesAreStableAndRoundTrip) {
  Event e = sample_event(1);
  e.hash = chain_hash(Hash{}, e);
  Event back = event_from_json(nlohmann::json::parse(to_json(e).dump()));
  EXPECT_EQ(canonical_bytes(back), canonical_bytes(e));
  EXPECT_EQ(chain_hash(Hash{}, back), e.hash);
  // Keys sorted, no whitespace, UTF-8 kept as is.
  EXPECT_NE(canonical_bytes(e).find("\"service\":\"Hộ tịch\""), std::string::npos);
  EXPECT_THROW(event_from_json(nlohmann::json::parse(R"({"seq":1})")), EventError);
  Event bad = e;
  bad.payload["x"] = std::string("\xff\xfe");
  EXPECT_THROW(canonical_bytes(bad), EventError);
}

TEST(Events, DecodingIsStrictAboutTypesAndRanges) {
  Event e = sample_event(1);
  e.hash = chain_hash(Hash{}, e);
  const nlohmann::json good = to_json(e);
  auto with = [&](const char* key, nlohmann::json value) {
    nlohmann::json j = good;
    j[key] = std::move(value);
    return j;
  };
  EXPECT_NO_THROW(event_from_json(good));
  EXPECT_THROW(event_from_json(nlohmann::json::parse(R"({"seq":1e19})")), EventError);
  EXPECT_THROW(event_from_json(with("seq", 1e19)), EventError);
  EXPECT_THROW(event_from_json(with("seq", 1.7)), EventError);
  EXPECT_THROW(event_from_json(with("seq", 0)), EventError);
  // Parsed text holds non-negative numbers as unsigned: the range check must see them too.
  EXPECT_THROW(event_from_json(nlohmann::json::parse(with("seq", 0).dump())), EventError);
  EXPECT_THROW(event_from_json(with("seq", nlohmann::json::parse("99999999999999999999"))), EventError);
  EXPECT_THROW(event_from_json(with("schema", true)), EventError);
  EXPECT_THROW(event_from_json(with("schema", 4294967297LL)), EventError);
  EXPECT_THROW(event_from_json(with("at", 1.9)), EventError);
  EXPECT_THROW(event_from_json(with("at", 18446744073709551615ULL)), EventError);
  EXPECT_THROW(event_from_json(with("type", 5)), EventError);
}

TEST(Events, StrictUtf8) {
  EXPECT_TRUE(is_valid_utf8("Hộ tịch — Đất đai"));
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));            // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));       // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));       // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE1\x80"));            // cut short
}

TEST(Events, KnownSha256) {
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace kiosk
