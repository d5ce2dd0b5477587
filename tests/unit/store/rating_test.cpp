#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

class Ratings : public CentreTest {
 protected:
  Ticket served_ticket(const char* service = "HT") {
    c().open_counter(2, at("2026-10-08T07:30"), staff());
    auto issued = c().issue_ticket(service, Priority::none, at("2026-10-08T08:00"), {});
    c().call_next(2, at("2026-10-08T08:05"), staff());
    c().start_service(2, at("2026-10-08T08:06"), staff());
    DossierIntake in;
    in.procedure = "1.001193";
    in.ticket = issued.ticket.id;
    c().receive_dossier(in, at("2026-10-08T08:10"), staff());
    return c().finish_service(2, at("2026-10-08T08:15"), staff());
  }
  RatingInput input(std::int64_t ticket, int level) {
    RatingInput r;
    r.ticket = ticket;
    r.level = level;
    return r;
  }
};

TEST_F(Ratings, TiedToTheServedTicketAndItsDossier) {
  Ticket t = served_ticket();
  ASSERT_EQ(t.dossiers.size(), 1u);
  RatingInput in = input(t.id, 5);
  in.criteria = std::array<int, kCriteriaCount>{2, 2, 2, 2, 2, 1, 2, -1, 0};
  Rating r = c().submit_rating(in, at("2026-10-08T08:16"), {"rating-2", ""});
  EXPECT_EQ(r.dossier, t.dossiers[0]);
  EXPECT_EQ(r.counter, 2);
  EXPECT_EQ(r.staff, "cb01");
  EXPECT_EQ(r.criteria[5], 1);
  EXPECT_EQ(r.criteria[7], -1);
}

TEST_F(Ratings, OnlyOnePerTicket) {
  Ticket t = served_ticket();
  c().submit_rating(input(t.id, 4), at("2026-10-08T08:16"), {});
  EXPECT_REFUSED(c(), "rating.duplicate", c().submit_rating(input(t.id, 1), at("2026-10-08T08:17"), {}));
}

TEST_F(Ratings, UnknownOrUnservedTicketsAreRefused) {
  EXPECT_REFUSED(c(), "rating.unknown_ticket", c().submit_rating(input(999, 5), at("2026-10-08T08:16"), {}));
  auto waiting = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  EXPECT_REFUSED(c(), "rating.not_served", c().submit_rating(input(waiting.ticket.id, 5), at("2026-10-08T08:16"), {}));
}

TEST_F(Ratings, LevelsScalesAndCriteriaAreChecked) {
  Ticket t = served_ticket();
  EXPECT_REFUSED(c(), "rating.bad_level", c().submit_rating(input(t.id, 6), at("2026-10-08T08:16"), {}));
  EXPECT_REFUSED(c(), "rating.bad_level", c().submit_rating(input(t.id, 0), at("2026-10-08T08:16"), {}));
  RatingInput three = input(t.id, 5);
  three.scale = 3;  // a three-level screen can only give 4, 3 or 2
  EXPECT_REFUSED(c(), "rating.bad_level", c().submit_rating(three, at("2026-10-08T08:16"), {}));
  RatingInput bad_scale = input(t.id, 4);
  bad_scale.scale = 7;
  EXPECT_REFUSED(c(), "rating.bad_scale", c().submit_rating(bad_scale, at("2026-10-08T08:16"), {}));
  RatingInput bad_criteria = input(t.id, 4);
  bad_criteria.criteria = std::array<int, kCriteriaCount>{3, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_REFUSED(c(), "rating.bad_criterion", c().submit_rating(bad_criteria, at("2026-10-08T08:16"), {}));
  three.level = level_from_three(3);
  EXPECT_EQ(c().submit_rating(three, at("2026-10-08T08:16"), {}).level, 4);
}

TEST_F(Ratings, AnAbandonedRatingIsTheTicketsOneOutcome) {
  Ticket t = served_ticket();
  const RatingAbandonment a = c().abandon_rating(t.id, at("2026-10-08T08:16"), {"rating-2", ""});
  EXPECT_EQ(a.ticket, t.id);
  EXPECT_EQ(a.dossier, t.dossiers[0]);
  EXPECT_EQ(a.counter, 2);
  EXPECT_EQ(a.staff, "cb01");
  EXPECT_EQ(a.service, "HT");
  EXPECT_EQ(a.at, at("2026-10-08T08:16"));
  Event last;
  c().for_each_event(c().last_seq(), [&](const Event& e) {
    last = e;
    return true;
  });
  EXPECT_EQ(last.type, "rating.abandoned");
  EXPECT_EQ(last.device, "rating-2");
  EXPECT_EQ(last.payload["number"], t.number);
  EXPECT_EQ(last.payload["counter"], 2);
  EXPECT_EQ(last.payload["dossier"], t.dossiers[0]);
  EXPECT_FALSE(last.payload.contains("level"));

  EXPECT_REFUSED(c(), "rating.abandoned", c().submit_rating(input(t.id, 5), at("2026-10-08T08:17"), {}));
  EXPECT_REFUSED(c(), "rating.abandoned", c().abandon_rating(t.id, at("2026-10-08T08:17"), {}));
}

TEST_F(Ratings, ARatedTicketCannotBeAbandonedNorAnUnservedOne) {
  Ticket t = served_ticket();
  c().submit_rating(input(t.id, 4), at("2026-10-08T08:16"), {});
  EXPECT_REFUSED(c(), "rating.duplicate", c().abandon_rating(t.id, at("2026-10-08T08:17"), {}));
  EXPECT_REFUSED(c(), "rating.unknown_ticket", c().abandon_rating(999, at("2026-10-08T08:17"), {}));
  auto waiting = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:18"), {});
  EXPECT_REFUSED(c(), "rating.not_served", c().abandon_rating(waiting.ticket.id, at("2026-10-08T08:19"), {}));
}

TEST_F(Ratings, AbandonedRatingsAreNotRatingsInTheFigures) {
  Ticket rated = served_ticket();
  c().submit_rating(input(rated.id, 5), at("2026-10-08T08:16"), {});
  c().issue_ticket("HT", Priority::none, at("2026-10-08T09:00"), {});
  c().call_next(2, at("2026-10-08T09:01"), staff());
  c().start_service(2, at("2026-10-08T09:02"), staff());
  Ticket silent = c().finish_service(2, at("2026-10-08T09:10"), staff());
  c().abandon_rating(silent.id, at("2026-10-08T09:11"), {});

  const Indicators ind = c().indicators(Period{*parse_date("2026-10-08"), *parse_date("2026-10-08")}, at("2026-10-08T18:00"));
  EXPECT_EQ(ind.ratings, 1);
  EXPECT_EQ(ind.satisfied, 1);
  EXPECT_DOUBLE_EQ(*ind.satisfaction_rate(), 1.0);
  EXPECT_EQ(ind.ratings_abandoned, 1);
  EXPECT_EQ(ind.queue.served, 2);
  const nlohmann::json j = to_json(ind);
  EXPECT_EQ(j["satisfaction"]["ratings"], 1);
  EXPECT_EQ(j["satisfaction"]["abandoned"], 1);
  EXPECT_NE(to_csv(ind).find("satisfaction.abandoned,1"), std::string::npos);
  // The day before, nothing.
  EXPECT_EQ(c().indicators(Period{*parse_date("2026-10-07"), *parse_date("2026-10-07")}, at("2026-10-08T18:00")).ratings_abandoned, 0);
  const VerifyReport report = c().verify();
  EXPECT_TRUE(report.ok()) << report.state_problem.value_or("");
}

}  // namespace
}  // namespace kiosk::store::testing
