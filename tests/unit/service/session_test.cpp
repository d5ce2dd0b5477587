// Who may speak to the hub and what each kind of device may do: hello, pairing, revocation, roles, and
// requests that are refused before they reach the rules.
#include "fixture.hpp"

namespace kiosk::service::testing {
namespace {

using ServiceSession = ServiceTest;
using ServiceRoles = ServiceTest;
using ServiceBadInput = ServiceTest;

TEST_F(ServiceSession, BeforeHelloOnlySessionCommandsAnswer) {
  for (const char* cmd : {"ticket.issue", "counter.call", "staff.list", "pairing.create", "log.events", "subscribe"})
    refused(std::nullopt, cmd, {{"service", "HT"}}, protocol::error_code::auth_required);
  json pong = ok(std::nullopt, "ping");
  EXPECT_TRUE(pong["server_time"].is_string());
  EXPECT_EQ(pong["seq"], centre->last_seq());
  refused(std::nullopt, "hello", {{"token", std::string(64, 'a')}}, protocol::error_code::auth_invalid);
  refused(std::nullopt, "hello", json::object(), protocol::error_code::bad_args);
  refused(std::nullopt, "pair", {{"code", "00000000"}}, "pairing.invalid");
}

TEST_F(ServiceSession, PairingGivesACounterDeviceAOneTimeCodeAndAToken) {
  const std::string code = pairing_code(Role::counter, 3);
  EXPECT_EQ(code.size(), 8u);
  Reply paired = send(std::nullopt, "pair", {{"code", code}, {"name", "Máy quầy 3"}});
  ASSERT_TRUE(paired.ok) << paired.error.code;
  const std::string token = paired.result["token"].get<std::string>();
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(paired.result["role"], "counter");
  EXPECT_EQ(paired.result["counter"], 3);
  ASSERT_TRUE(paired.authenticated);
  EXPECT_EQ(paired.authenticated->role, Role::counter);
  EXPECT_EQ(paired.authenticated->counter, 3);
  EXPECT_EQ(paired.authenticated->device, paired.result["device"]);
  EXPECT_FALSE(paired.authenticated->local_operator);
  ASSERT_TRUE(paired.subscription);
  EXPECT_EQ(paired.subscription->counter, 3);

  refused(std::nullopt, "pair", {{"code", code}}, "pairing.invalid");  // once only
  // The database keeps only hashes: neither the code nor the token is in its files.
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(db_path.string() + suffix, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(bytes.find(token), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find(code), std::string::npos) << suffix;
  }
}

TEST_F(ServiceSession, AnExpiredPairingCodeIsRefused) {
  const std::string code = pairing_code(Role::board);
  now += cheap_options().pairing_ttl + std::chrono::seconds(1);
  refused(std::nullopt, "pair", {{"code", code}}, "pairing.invalid");
}

TEST_F(ServiceSession, HelloWithTheTokenGivesTheCountersState) {
  Paired device = pair_device(Role::counter, 3);
  add_staff();
  ASSERT_TRUE(sign_in(device.caller, kPin).ok);
  ok(device.caller, "counter.open");

  Reply hello = send(std::nullopt, "hello", {{"token", device.token}});
  ASSERT_TRUE(hello.ok) << hello.error.code;
  ASSERT_TRUE(hello.authenticated);
  EXPECT_EQ(hello.authenticated->device, device.caller.device);
  EXPECT_EQ(hello.authenticated->role, Role::counter);
  EXPECT_EQ(hello.authenticated->counter, 3);
  EXPECT_EQ(hello.result["role"], "counter");
  EXPECT_EQ(hello.result["counter_state"]["number"], 3);
  EXPECT_EQ(hello.result["counter_state"]["status"], "open");
  EXPECT_EQ(hello.result["counter_state"]["staff"], kStaff);
  EXPECT_EQ(hello.result["counter_state"]["staff_name"], "Nguyễn Thị Lan");
  EXPECT_EQ(hello.result["seq"], centre->last_seq());
  EXPECT_EQ(hello.result["centre"]["code"], "H15.50.05.13");
  EXPECT_TRUE(hello.follow_up.empty());
}

TEST_F(ServiceSession, ARevokedDeviceIsRefusedAndItsConnectionsAreClosed) {
  Paired device = pair_device(Role::board);
  ASSERT_TRUE(send(std::nullopt, "hello", {{"token", device.token}}).ok);
  service->take_pushes();

  ok(manager, "device.revoke", {{"device", device.caller.device}});
  refused(std::nullopt, "hello", {{"token", device.token}}, protocol::error_code::auth_invalid);
  bool closed = false;
  for (const Push& p : service->take_pushes()) closed = closed || p.revoked_device == device.caller.device;
  EXPECT_TRUE(closed) << "no push tells the hub to close the revoked device's connections";
}

TEST_F(ServiceRoles, ABoardCannotIssueATicketAndATicketKioskCan) {
  const Caller board = pair_device(Role::board).caller;
  refused(board, "ticket.issue", {{"service", "HT"}}, protocol::error_code::forbidden);
  EXPECT_EQ(count_events(event_type::ticket_issued), 0);

  const Caller kiosk = pair_device(Role::ticket).caller;
  json ticket = ok(kiosk, "ticket.issue", {{"service", "HT"}});
  EXPECT_EQ(ticket["number"], "B-001");
  EXPECT_EQ(ticket["service_name_vi"], "Hộ tịch");
  EXPECT_EQ(ticket["seq"], centre->last_seq());
  refused(kiosk, "counter.call", {{"counter", 3}}, protocol::error_code::forbidden);
  refused(kiosk, "staff.list", json::object(), protocol::error_code::forbidden);
}

TEST_F(ServiceRoles, ACounterDeviceActsOnlyAtItsOwnCounter) {
  const Caller counter3 = staffed_counter(3);
  refused(counter3, "counter.call", {{"counter", 4}}, protocol::error_code::forbidden);
  refused(counter3, "counter.open", {{"counter", 4}}, protocol::error_code::forbidden);
  refused(counter3, "staff.sign_in", {{"counter", 4}, {"staff", kStaff}, {"pin", kPin}}, protocol::error_code::forbidden);
  json opened = ok(counter3, "counter.open", {{"counter", 3}});  // naming its own counter is fine
  EXPECT_EQ(opened["number"], 3);
  refused(counter3, "device.list", json::object(), protocol::error_code::forbidden);
}

TEST_F(ServiceRoles, ARatingScreenRatesOnlyWhatItsCounterServed) {
  const std::int64_t served_at_4 = serve_as_operator(4);
  const Caller rating3 = pair_device(Role::rating, 3).caller;
  refused(rating3, "rating.submit", {{"ticket", served_at_4}, {"level", 5}}, protocol::error_code::forbidden);
  refused(rating3, "ticket.issue", {{"service", "HT"}}, protocol::error_code::forbidden);
  const Caller rating4 = pair_device(Role::rating, 4).caller;
  json rating = ok(rating4, "rating.submit", {{"ticket", served_at_4}, {"level", 4}});
  EXPECT_EQ(rating["level"], 4);
}

TEST_F(ServiceBadInput, IsRefusedAndChangesNothing) {
  const Caller kiosk = pair_device(Role::ticket).caller;
  refused(kiosk, "ticket.print_twice", json::object(), protocol::error_code::unknown_command);
  refused(manager, "no.such.command", json::object(), protocol::error_code::unknown_command);
  refused(kiosk, "ticket.issue", {{"service", 5}}, protocol::error_code::bad_args);
  refused(kiosk, "ticket.issue", json::object(), protocol::error_code::bad_args);
  refused(kiosk, "ticket.issue", {{"service", "HT"}, {"priority", "vip"}}, protocol::error_code::bad_args);
  refused(kiosk, "ticket.issue", {{"service", "HT"}, {"at", "2026-10-08T07:00"}}, protocol::error_code::forbidden);
  refused(kiosk, "ticket.issue", {{"service", "ZZ"}}, "service.unknown");
  refused(manager, "ticket.issue", {{"service", "HT"}, {"at", "yesterday"}}, protocol::error_code::bad_args);
  refused(manager, "counter.call", {{"counter", "3"}}, protocol::error_code::bad_args);
  refused(manager, "rating.submit", {{"ticket", 1}, {"level", 9}}, protocol::error_code::bad_args);
  refused(manager, "pairing.create", {{"role", "printer"}}, protocol::error_code::bad_args);
  refused(manager, "report.indicators", {{"from", "2026-10-31"}, {"to", "2026-10-01"}}, protocol::error_code::bad_args);
  refused(manager, "subscribe", {{"topics", "calls"}}, protocol::error_code::bad_args);
  EXPECT_EQ(count_events(event_type::ticket_issued), 0);

  // A manager may back-date; the event carries the time given.
  json backdated = ok(manager, "ticket.issue", {{"service", "HT"}, {"at", "2026-10-08T07:45"}});
  EXPECT_EQ(backdated["issued_at"].get<std::string>().substr(0, 16), "2026-10-08T07:45");
}

TEST_F(ServiceBadInput, ANumberTooLargeForItsFieldIsNotWrappedIntoAnotherOne) {
  const std::int64_t wraps_to_3 = (std::int64_t{1} << 32) + 3;
  const std::int64_t wraps_to_5 = (std::int64_t{1} << 32) + 5;
  refused(manager, "pairing.create", {{"role", "counter"}, {"counter", wraps_to_3}}, protocol::error_code::bad_args);
  refused(manager, "counter.open", {{"counter", wraps_to_3}}, protocol::error_code::bad_args);
  const std::int64_t ticket = serve_as_operator(3);
  refused(manager, "rating.submit", {{"ticket", ticket}, {"scale", wraps_to_5}, {"level", 5}}, protocol::error_code::bad_args);
  json criteria = json::array();
  for (int i = 0; i < 9; ++i) criteria.push_back(i == 4 ? (std::int64_t{1} << 32) + 2 : 2);
  refused(manager, "rating.submit", {{"ticket", ticket}, {"level", 5}, {"criteria", criteria}}, protocol::error_code::bad_args);
  const std::string code = ok(manager, "dossier.receive", {{"procedure", "1.004227"}})["code"].get<std::string>();
  refused(manager, "dossier.status", {{"code", code}, {"to", (std::int64_t{1} << 32) + 3}}, protocol::error_code::bad_args);
}

}  // namespace
}  // namespace kiosk::service::testing
