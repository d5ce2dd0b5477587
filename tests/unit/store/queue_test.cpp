#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

class Queue : public CentreTest {};

TEST_F(Queue, NumbersFollowAPerServiceDailySequence) {
  EXPECT_EQ(c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:00"), {}).ticket.number, "A-001");
  EXPECT_EQ(c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:01"), {}).ticket.number, "A-002");
  EXPECT_EQ(c().issue_ticket("HT", Priority::none, at("2026-10-08T08:02"), {}).ticket.number, "B-001");
  // The next day starts again; UTC midnight (07:00 here) changes nothing.
  EXPECT_EQ(c().issue_ticket("GPLX", Priority::none, at("2026-10-09T06:59"), {}).ticket.number, "A-001");
  EXPECT_EQ(c().issue_ticket("GPLX", Priority::none, at("2026-10-09T07:01"), {}).ticket.number, "A-002");
}

TEST_F(Queue, UnknownServiceIsRefused) {
  EXPECT_REFUSED(c(), "service.unknown", c().issue_ticket("XYZ", Priority::none, at("2026-10-08T08:00"), {}));
}

TEST_F(Queue, PeopleAheadAndEstimatedWait) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:01"), {});
  auto third = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:02"), {});
  EXPECT_EQ(third.people_ahead, 2);
  // No counter open, no history: the service's default of 6 minutes each.
  EXPECT_EQ(third.estimated_wait_s, 2 * 6 * 60);
  auto priority = c().issue_ticket("HT", Priority::elderly, at("2026-10-08T08:03"), {});
  EXPECT_EQ(priority.people_ahead, 0);
}

TEST_F(Queue, CallNeedsAnOpenCounterAndServesOnlyItsServices) {
  c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:00"), {});
  EXPECT_REFUSED(c(), "counter.not_open", c().call_next(2, at("2026-10-08T08:05"), staff()));
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  // Counter 2 serves only civil status: the driving-licence ticket is not its.
  EXPECT_REFUSED(c(), "queue.empty", c().call_next(2, at("2026-10-08T08:05"), staff()));
  c().open_counter(1, at("2026-10-08T07:30"), staff("cb02"));
  Ticket t = c().call_next(1, at("2026-10-08T08:05"), staff("cb02"));
  EXPECT_EQ(t.number, "A-001");
  EXPECT_EQ(t.state, TicketState::called);
  EXPECT_EQ(t.counter, 1);
  EXPECT_EQ(t.staff, "cb02");
  EXPECT_REFUSED(c(), "counter.unknown", c().call_next(9, at("2026-10-08T08:05"), staff()));
}

TEST_F(Queue, BusyCounterCannotCallAgain) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:01"), {});
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  c().call_next(2, at("2026-10-08T08:05"), staff());
  EXPECT_REFUSED(c(), "counter.busy", c().call_next(2, at("2026-10-08T08:06"), staff()));
  EXPECT_REFUSED(c(), "counter.busy", c().close_counter(2, at("2026-10-08T08:06"), staff()));
}

TEST_F(Queue, InterleavesOnePriorityAfterEveryTwoNormal) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  for (int i = 0; i < 4; ++i) c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().issue_ticket("HT", Priority::disabled, at("2026-10-08T08:10"), {});
  std::vector<std::string> order;
  for (int i = 0; i < 5; ++i) {
    Ticket t = c().call_next(2, at("2026-10-08T08:20"), staff());
    order.push_back(t.number);
    c().start_service(2, at("2026-10-08T08:21"), staff());
    c().finish_service(2, at("2026-10-08T08:25"), staff());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"B-001", "B-002", "B-005", "B-003", "B-004"}));
}

TEST_F(Queue, RecallUpToTheLimitThenNoShow) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().call_next(2, at("2026-10-08T08:05"), staff());
  EXPECT_EQ(c().recall(2, at("2026-10-08T08:06"), staff()).recalls, 1);
  EXPECT_EQ(c().recall(2, at("2026-10-08T08:07"), staff()).recalls, 2);
  Ticket t = c().recall(2, at("2026-10-08T08:08"), staff());  // max_recalls = 2
  EXPECT_EQ(t.state, TicketState::no_show);
  EXPECT_FALSE(c().counters()[1].current_ticket);
}

TEST_F(Queue, ServeStartFinishAndWrongOrder) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  EXPECT_REFUSED(c(), "counter.no_ticket", c().start_service(2, at("2026-10-08T08:01"), staff()));
  c().call_next(2, at("2026-10-08T08:05"), staff());
  EXPECT_REFUSED(c(), "ticket.wrong_state", c().finish_service(2, at("2026-10-08T08:06"), staff()));
  c().start_service(2, at("2026-10-08T08:06"), staff());
  EXPECT_REFUSED(c(), "ticket.wrong_state", c().mark_no_show(2, at("2026-10-08T08:07"), staff()));
  Ticket t = c().finish_service(2, at("2026-10-08T08:16"), staff());
  EXPECT_EQ(t.state, TicketState::served);
  EXPECT_EQ(*t.wait_seconds(), 5 * 60);
  EXPECT_EQ(*t.service_seconds(), 10 * 60);
}

TEST_F(Queue, EstimateUsesRecentServiceTimesAndOpenCounters) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().call_next(2, at("2026-10-08T08:01"), staff());
  c().start_service(2, at("2026-10-08T08:02"), staff());
  c().finish_service(2, at("2026-10-08T08:22"), staff());  // 20 minutes
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:30"), {});
  auto next = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:31"), {});
  EXPECT_EQ(next.people_ahead, 1);
  EXPECT_EQ(next.estimated_wait_s, 20 * 60);  // one ahead, one open counter, 20 min recent average
  c().open_counter(1, at("2026-10-08T08:32"), staff("cb02"));
  auto status = c().queue_status(at("2026-10-08T08:33"));
  auto ht = std::find_if(status.begin(), status.end(), [](const ServiceQueue& q) { return q.service == "HT"; });
  ASSERT_NE(ht, status.end());
  EXPECT_EQ(ht->waiting, 2);
  EXPECT_EQ(ht->open_counters, 2);
  EXPECT_EQ(ht->estimated_wait_s, 2 * 20 * 60 / 2);
}

TEST_F(Queue, TransferKeepsTheFirstIssueTime) {
  c().open_counter(1, at("2026-10-08T07:30"), staff());
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().call_next(1, at("2026-10-08T08:10"), staff());
  c().start_service(1, at("2026-10-08T08:11"), staff());
  EXPECT_REFUSED(c(), "ticket.same_service", c().transfer(1, "HT", at("2026-10-08T08:12"), staff()));
  Ticket moved = c().transfer(1, "GPLX", at("2026-10-08T08:12"), staff());
  EXPECT_EQ(moved.state, TicketState::waiting);
  EXPECT_EQ(moved.service, "GPLX");
  EXPECT_EQ(moved.number, "B-001");
  EXPECT_EQ(moved.transfers, 1);
  // A later GPLX ticket does not jump ahead of the transferred one.
  c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:13"), {});
  Ticket again = c().call_next(1, at("2026-10-08T08:20"), staff());
  EXPECT_EQ(again.number, "B-001");
  EXPECT_EQ(*again.wait_seconds(), 20 * 60);  // from its first issue at 08:00
}

TEST_F(Queue, CancelAWaitingTicket) {
  auto issued = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  Ticket t = c().cancel_ticket(issued.ticket.id, "left", at("2026-10-08T08:05"), {});
  EXPECT_EQ(t.state, TicketState::cancelled);
  EXPECT_REFUSED(c(), "ticket.wrong_state", c().cancel_ticket(issued.ticket.id, "again", at("2026-10-08T08:06"), {}));
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  EXPECT_REFUSED(c(), "queue.empty", c().call_next(2, at("2026-10-08T08:10"), staff()));
}

TEST_F(Queue, CountersOpenPauseClose) {
  EXPECT_EQ(c().open_counter(1, at("2026-10-08T07:30"), staff()).status, CounterStatus::open);
  EXPECT_REFUSED(c(), "counter.already_open", c().open_counter(1, at("2026-10-08T07:31"), staff()));
  EXPECT_EQ(c().pause_counter(1, at("2026-10-08T09:00"), staff()).status, CounterStatus::paused);
  c().issue_ticket("GPLX", Priority::none, at("2026-10-08T09:01"), {});
  EXPECT_REFUSED(c(), "counter.not_open", c().call_next(1, at("2026-10-08T09:02"), staff()));
  EXPECT_EQ(c().open_counter(1, at("2026-10-08T09:10"), staff()).status, CounterStatus::open);
  EXPECT_EQ(c().close_counter(1, at("2026-10-08T17:00"), staff()).status, CounterStatus::closed);
  EXPECT_REFUSED(c(), "counter.already_closed", c().close_counter(1, at("2026-10-08T17:01"), staff()));
}

TEST_F(Queue, YesterdaysWaitingTicketsAreNotCalledToday) {
  c().issue_ticket("HT", Priority::none, at("2026-10-07T16:55"), {});
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  EXPECT_REFUSED(c(), "queue.empty", c().call_next(2, at("2026-10-08T07:35"), staff()));
}

}  // namespace
}  // namespace kiosk::store::testing
