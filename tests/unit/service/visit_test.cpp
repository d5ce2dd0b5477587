// A citizen's visit through the devices' commands, the pushes it makes and who receives them, and a
// device catching up on what it missed.
#include <algorithm>
#include <vector>

#include "fixture.hpp"

namespace kiosk::service::testing {
namespace {

using ServiceVisit = ServiceTest;
using ServicePushes = ServiceTest;

const Push* queue_push(const std::vector<Push>& pushes) {
  auto it = std::find_if(pushes.begin(), pushes.end(), [](const Push& p) { return p.is_queue; });
  return it == pushes.end() ? nullptr : &*it;
}

Subscription subscription_of(Role role, std::optional<int> counter = std::nullopt) {
  return default_subscription(Caller{"d", role, counter, "", false});
}

TEST_F(ServiceVisit, FromTicketToRatingToTheDaysFigures) {
  const Caller kiosk = pair_device(Role::ticket).caller;
  const Caller counter3 = staffed_counter(3);
  const Caller rating3 = pair_device(Role::rating, 3).caller;
  const Caller board = pair_device(Role::board).caller;

  json ticket = ok(kiosk, "ticket.issue", {{"service", "HT"}});
  EXPECT_EQ(ticket["number"], "B-001");
  EXPECT_EQ(ticket["state"], "waiting");
  EXPECT_EQ(ticket["people_ahead"], 0);
  EXPECT_EQ(ticket["centre"]["code"], "H15.50.05.13");

  now += std::chrono::minutes(1);
  EXPECT_EQ(ok(counter3, "counter.open")["status"], "open");
  now += std::chrono::minutes(1);
  json called = ok(counter3, "counter.call");
  EXPECT_EQ(called["number"], "B-001");
  EXPECT_EQ(called["state"], "called");
  EXPECT_EQ(called["counter"], 3);
  EXPECT_EQ(called["staff"], kStaff);
  json snapshot = ok(board, "board.snapshot");
  ASSERT_EQ(snapshot["calls"].size(), 1u);
  EXPECT_EQ(snapshot["calls"][0]["number"], "B-001");
  EXPECT_EQ(snapshot["calls"][0]["counter"], 3);
  now += std::chrono::minutes(1);
  EXPECT_EQ(ok(counter3, "counter.start")["state"], "serving");
  now += std::chrono::minutes(6);
  json finished = ok(counter3, "counter.finish");
  EXPECT_EQ(finished["state"], "served");
  EXPECT_EQ(finished["id"], ticket["id"]);

  now += std::chrono::minutes(1);
  json rating = ok(rating3, "rating.submit", {{"ticket", ticket["id"]}, {"level", 5}});
  EXPECT_EQ(rating["level"], 5);
  refused(rating3, "rating.submit", {{"ticket", ticket["id"]}, {"level", 1}}, "rating.duplicate");

  now += std::chrono::minutes(1);
  json report = ok(manager, "report.indicators", {{"from", "2026-10-08"}, {"to", "2026-10-08"}});
  const json& ind = report["indicators"];
  EXPECT_EQ(ind["queue"]["issued"], 1);
  EXPECT_EQ(ind["queue"]["served"], 1);
  EXPECT_EQ(ind["queue"]["avg_wait_s"], 120.0);
  EXPECT_EQ(ind["queue"]["by_counter"]["3"]["served"], 1);
  EXPECT_EQ(ind["satisfaction"]["ratings"], 1);
  EXPECT_EQ(ind["satisfaction"]["satisfied"], 1);
  json text = ok(manager, "report.indicators", {{"period", "2026-10"}, {"format", "text"}});
  EXPECT_TRUE(text["text"].is_string());
  EXPECT_FALSE(text["text"].get<std::string>().empty());

  service->take_pushes();
  const Figures f = service->figures();
  EXPECT_EQ(f.tickets_issued, 1);
  EXPECT_EQ(f.tickets_served, 1);
  EXPECT_EQ(f.last_seq, centre->last_seq());
}

TEST_F(ServicePushes, ACallGoesToBoardsAndItsCounterQueuesToQueueSubscribers) {
  const Caller counter3 = staffed_counter(3);
  ok(counter3, "counter.open");
  ok(pair_device(Role::ticket).caller, "ticket.issue", {{"service", "HT"}});
  service->take_pushes();

  ok(counter3, "counter.call");
  const std::vector<Push> pushes = service->take_pushes();
  const auto calls = event_pushes_of_type(pushes, event_type::ticket_called);
  ASSERT_EQ(calls.size(), 1u);
  const Push& call = calls[0];
  EXPECT_TRUE(call.is_call);
  EXPECT_EQ(call.counter, 3);
  EXPECT_EQ(call.seq, centre->last_seq());
  const json body = decoded_push(call);
  EXPECT_EQ(body["push"], "event");
  EXPECT_EQ(body["event"]["payload"]["counter"], 3);
  EXPECT_FALSE(body.contains("replay"));
  const Push* queue = queue_push(pushes);
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ(decoded_push(*queue)["push"], "queue");

  EXPECT_TRUE(wants(subscription_of(Role::board), call));
  EXPECT_TRUE(wants(subscription_of(Role::counter, 3), call));
  EXPECT_TRUE(wants(subscription_of(Role::rating, 3), call));
  EXPECT_TRUE(wants(subscription_of(Role::manager), call));
  EXPECT_FALSE(wants(subscription_of(Role::counter, 4), call));
  EXPECT_FALSE(wants(subscription_of(Role::ticket), call));

  EXPECT_TRUE(wants(subscription_of(Role::board), *queue));
  EXPECT_TRUE(wants(subscription_of(Role::ticket), *queue));
  EXPECT_TRUE(wants(subscription_of(Role::counter, 4), *queue));
  EXPECT_FALSE(wants(subscription_of(Role::rating, 3), *queue));
  EXPECT_FALSE(wants(Subscription{false, false, false, 3, false}, *queue));

  // A citizen-facing rating screen hears its counter's tickets, never its staff's sign-in attempts.
  Push failed_sign_in;
  failed_sign_in.counter = 3;
  EXPECT_FALSE(wants(subscription_of(Role::rating, 3), failed_sign_in));
  EXPECT_TRUE(wants(subscription_of(Role::counter, 3), failed_sign_in));

  // The counter's other events are its own: not a board's, not another counter's.
  ok(counter3, "counter.start");
  const auto started = event_pushes_of_type(service->take_pushes(), event_type::ticket_service_started);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_FALSE(started[0].is_call);
  EXPECT_TRUE(wants(subscription_of(Role::counter, 3), started[0]));
  EXPECT_FALSE(wants(subscription_of(Role::board), started[0]));
  EXPECT_FALSE(wants(subscription_of(Role::counter, 4), started[0]));
}

TEST_F(ServicePushes, EventsWrittenByAnotherHandleOnTheFileArePushedToo) {
  service->take_pushes();
  auto other = store::CentreStore::open(db_path);
  const store::IssuedTicket issued = other.issue_ticket("HT", Priority::none, now, {"kioskctl", ""});
  const std::vector<Push> pushes = service->take_pushes();
  const auto tickets = event_pushes_of_type(pushes, event_type::ticket_issued);
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].seq, issued.seq);
  EXPECT_EQ(decoded_push(tickets[0])["event"]["payload"]["number"], "B-001");
  EXPECT_NE(queue_push(pushes), nullptr) << "a new ticket changes the queue";
  EXPECT_TRUE(service->take_pushes().empty()) << "each event is pushed once";
}

TEST_F(ServicePushes, ASubscriptionIsWhatTheDeviceAsksFor) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  Reply r = send(counter3, "subscribe", {{"topics", {"calls", "counter"}}});
  ASSERT_TRUE(r.ok) << r.error.code;
  ASSERT_TRUE(r.subscription);
  EXPECT_TRUE(r.subscription->calls);
  EXPECT_FALSE(r.subscription->queue);
  EXPECT_EQ(r.subscription->counter, 3);
  refused(counter3, "subscribe", {{"topics", {"events"}}}, protocol::error_code::bad_args);
  refused(pair_device(Role::board).caller, "subscribe", {{"topics", {"counter"}}}, protocol::error_code::bad_args);
}

class ServiceReplay : public ServiceTest {
 protected:
  // Devices paired, then work at counters 3 and 4 while they are away: the sequence they last saw.
  std::int64_t work_while_away() {
    counter3 = pair_device(Role::counter, 3);
    board = pair_device(Role::board);
    add_staff();
    const std::int64_t seen = centre->last_seq();
    EXPECT_TRUE(sign_in(counter3.caller, kPin).ok);
    ok(counter3.caller, "counter.open");
    ok(manager, "ticket.issue", {{"service", "HT"}});
    ok(manager, "ticket.issue", {{"service", "CT"}});
    ok(counter3.caller, "counter.call");
    ok(manager, "counter.open", {{"counter", 4}, {"staff", "cb99"}});
    ok(manager, "counter.call", {{"counter", 4}});
    return seen;
  }

  // The sequences of the events after `from` whose payload names `counter` (or, with no counter, calls).
  std::vector<std::int64_t> expected(std::int64_t from, std::optional<int> counter) const {
    std::vector<std::int64_t> seqs;
    centre->for_each_event(from + 1, [&](const Event& e) {
      const bool is_call = e.type == event_type::ticket_called || e.type == event_type::ticket_recalled;
      if (counter ? e.payload.value("counter", 0) == *counter : is_call) seqs.push_back(e.seq);
      return true;
    });
    return seqs;
  }

  std::vector<std::int64_t> replayed(const Reply& hello) {
    std::vector<std::int64_t> seqs;
    for (const std::string& text : hello.follow_up) {
      auto m = protocol::decode_message(text);
      EXPECT_TRUE(m && m->is_push && m->push == "event") << text;
      if (!m) continue;
      EXPECT_EQ(m->body["replay"], true) << text;
      seqs.push_back(m->body["event"]["seq"].get<std::int64_t>());
    }
    return seqs;
  }

  Paired counter3, board;
};

TEST_F(ServiceReplay, HelloWithLastSeqReplaysWhatTheDeviceWants) {
  const std::int64_t seen = work_while_away();

  Reply hello3 = send(std::nullopt, "hello", {{"token", counter3.token}, {"last_seq", seen}});
  ASSERT_TRUE(hello3.ok) << hello3.error.code;
  const auto want3 = expected(seen, 3);
  EXPECT_GE(want3.size(), 3u);  // signed in, opened, called
  EXPECT_EQ(replayed(hello3), want3);
  EXPECT_FALSE(hello3.result.contains("replay_truncated"));

  Reply hello_board = send(std::nullopt, "hello", {{"token", board.token}, {"last_seq", seen}});
  ASSERT_TRUE(hello_board.ok);
  const auto calls = expected(seen, std::nullopt);
  EXPECT_EQ(calls.size(), 2u);  // at counters 3 and 4
  EXPECT_EQ(replayed(hello_board), calls);

  Reply up_to_date = send(std::nullopt, "hello", {{"token", board.token}, {"last_seq", centre->last_seq()}});
  EXPECT_TRUE(up_to_date.follow_up.empty());
}

TEST_F(ServiceReplay, AGapLargerThanTheReplayLimitIsLeftToTheSnapshot) {
  const std::int64_t seen = work_while_away();
  Options small = cheap_options();
  small.max_replay_events = static_cast<int>(centre->last_seq() - seen) - 1;
  Service limited(*centre, small, [this] { return now; });
  Reply hello = limited.handle_now(std::nullopt, protocol::Request{1, "hello", {{"token", counter3.token}, {"last_seq", seen}}});
  ASSERT_TRUE(hello.ok) << hello.error.code;
  EXPECT_EQ(hello.result["replay_truncated"], true);
  EXPECT_TRUE(hello.follow_up.empty());
  EXPECT_EQ(hello.result["seq"], centre->last_seq());
  EXPECT_EQ(hello.result["counter_state"]["status"], "open");
}

}  // namespace
}  // namespace kiosk::service::testing
