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

}  // namespace
}  // namespace kiosk::store::testing
