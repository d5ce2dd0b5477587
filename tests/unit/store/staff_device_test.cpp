// Staff sign-in and lockout, device pairing, and the day-end sweep.
#include <sqlite3.h>

#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

using namespace std::chrono_literals;

const char* const kPinLan = "$argon2id$v=19$m=65536,t=2,p=1$fake-salt-lan$fake-hash-lan";
const char* const kPinMinh = "$argon2id$v=19$m=65536,t=2,p=1$fake-salt-minh$fake-hash-minh";
const char* const kPinLanNew = "$argon2id$v=19$m=65536,t=2,p=1$fake-salt-lan2$fake-hash-lan2";

std::string hex_of(std::string_view secret) { return to_hex(sha256(secret)); }

std::vector<Event> events_from(const CentreStore& store, std::int64_t from) {
  std::vector<Event> out;
  store.for_each_event(from, [&](const Event& e) {
    out.push_back(e);
    return true;
  });
  return out;
}

std::vector<std::string> types_of(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(e.type);
  return out;
}

class Staff : public CentreTest {
 protected:
  void SetUp() override {
    CentreTest::SetUp();
    c().add_staff("nv01", "Nguyễn Thị Lan", kPinLan, at("2026-10-08T07:00"), manager);
    c().add_staff("nv02", "Trần Văn Minh", kPinMinh, at("2026-10-08T07:00"), manager);
  }
  // Five wrong PINs lock for fifteen minutes.
  std::optional<StaffMember> fail(const char* id, const char* when, int counter = 1) {
    return c().record_sign_in_failure(counter, id, 5, 15min, at(when), Actor{"counter-1", ""});
  }
  Actor manager{"manager-1", ""};
};

TEST_F(Staff, AddedWithAnEventAndNoDuplicates) {
  auto lan = c().staff_member("nv01");
  ASSERT_TRUE(lan);
  EXPECT_EQ(lan->name, "Nguyễn Thị Lan");
  EXPECT_EQ(lan->pin_hash, kPinLan);
  EXPECT_EQ(lan->failed_attempts, 0);
  EXPECT_FALSE(lan->locked_until);
  EXPECT_TRUE(lan->active);
  ASSERT_EQ(c().staff().size(), 2u);
  EXPECT_EQ(c().staff()[1].id, "nv02");
  auto events = events_from(c(), 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "staff.added");
  EXPECT_EQ(events[0].payload, (nlohmann::json{{"staff", "nv01"}, {"name", "Nguyễn Thị Lan"}}));
  EXPECT_EQ(events[0].device, "manager-1");

  EXPECT_REFUSED(c(), "staff.exists", c().add_staff("nv01", "Someone else", kPinMinh, at("2026-10-08T07:01"), manager));
  EXPECT_REFUSED(c(), "staff.invalid", c().add_staff("", "No id", kPinMinh, at("2026-10-08T07:01"), manager));
  EXPECT_REFUSED(c(), "staff.invalid", c().add_staff("nv03", "", kPinMinh, at("2026-10-08T07:01"), manager));
  EXPECT_REFUSED(c(), "staff.invalid", c().add_staff("nv03", "No PIN", "", at("2026-10-08T07:01"), manager));
  EXPECT_FALSE(c().staff_member("nv03"));
  EXPECT_FALSE(c().staff_member("nobody"));
}

TEST_F(Staff, SignInSetsTheCountersStaff) {
  CounterState counter = c().sign_in(1, "nv01", at("2026-10-08T07:25"), Actor{"counter-1", ""});
  EXPECT_EQ(counter.staff, "nv01");
  EXPECT_EQ(c().counters()[0].staff, "nv01");
  auto events = events_from(c(), c().last_seq());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "staff.signed_in");
  EXPECT_EQ(events[0].payload, (nlohmann::json{{"counter", 1}, {"staff", "nv01"}}));
  // A call without a staff member in the actor is attributed to whoever is signed in.
  c().open_counter(1, at("2026-10-08T07:30"), Actor{"counter-1", "nv01"});
  c().issue_ticket("HT", Priority::none, at("2026-10-08T07:35"), {});
  EXPECT_EQ(c().call_next(1, at("2026-10-08T07:40"), Actor{"counter-1", ""}).staff, "nv01");
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Staff, SignInRefusesUnknownCountersAndMembers) {
  EXPECT_REFUSED(c(), "staff.unknown", c().sign_in(1, "nv99", at("2026-10-08T07:25"), {}));
  EXPECT_REFUSED(c(), "counter.unknown", c().sign_in(9, "nv01", at("2026-10-08T07:25"), {}));
}

TEST_F(Staff, InactiveMemberIsUnknownToACounter) {
  centre.reset();
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "UPDATE staff SET active = 0 WHERE id = 'nv02'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  centre.emplace(CentreStore::open(db_path));
  EXPECT_FALSE(c().staff_member("nv02")->active);
  EXPECT_REFUSED(c(), "staff.unknown", c().sign_in(1, "nv02", at("2026-10-08T07:25"), {}));
}

TEST_F(Staff, SignInReplacesAnotherMemberWhoIsSignedOutFirst) {
  c().sign_in(1, "nv01", at("2026-10-08T07:25"), {});
  const std::int64_t before = c().last_seq();
  EXPECT_EQ(c().sign_in(1, "nv02", at("2026-10-08T12:00"), {}).staff, "nv02");
  auto events = events_from(c(), before + 1);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "staff.signed_out");
  EXPECT_EQ(events[0].payload, (nlohmann::json{{"counter", 1}, {"staff", "nv01"}}));
  EXPECT_EQ(events[1].type, "staff.signed_in");
  EXPECT_EQ(events[1].payload, (nlohmann::json{{"counter", 1}, {"staff", "nv02"}}));
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Staff, SigningInElsewhereLeavesTheFirstCounter) {
  c().sign_in(1, "nv01", at("2026-10-08T07:25"), {});
  const std::int64_t before = c().last_seq();
  c().sign_in(2, "nv01", at("2026-10-08T09:00"), {});
  EXPECT_EQ(types_of(events_from(c(), before + 1)), (std::vector<std::string>{"staff.signed_out", "staff.signed_in"}));
  EXPECT_EQ(c().counters()[0].staff, "");
  EXPECT_EQ(c().counters()[1].staff, "nv01");
  // Signing in again where one already is records just that.
  const std::int64_t again = c().last_seq();
  c().sign_in(2, "nv01", at("2026-10-08T09:05"), {});
  EXPECT_EQ(types_of(events_from(c(), again + 1)), (std::vector<std::string>{"staff.signed_in"}));
}

TEST_F(Staff, SignOut) {
  EXPECT_REFUSED(c(), "staff.not_signed_in", c().sign_out(1, at("2026-10-08T07:20"), {}));
  c().sign_in(1, "nv01", at("2026-10-08T07:25"), {});
  EXPECT_EQ(c().sign_out(1, at("2026-10-08T11:30"), {}).staff, "");
  auto events = events_from(c(), c().last_seq());
  EXPECT_EQ(events[0].type, "staff.signed_out");
  EXPECT_EQ(events[0].payload, (nlohmann::json{{"counter", 1}, {"staff", "nv01"}}));
  EXPECT_REFUSED(c(), "staff.not_signed_in", c().sign_out(1, at("2026-10-08T11:31"), {}));
  EXPECT_REFUSED(c(), "counter.unknown", c().sign_out(9, at("2026-10-08T11:31"), {}));
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Staff, ClosingACounterSignsItsStaffOut) {
  c().sign_in(1, "nv01", at("2026-10-08T07:25"), {});
  c().open_counter(1, at("2026-10-08T07:30"), Actor{"counter-1", "nv01"});
  EXPECT_EQ(c().close_counter(1, at("2026-10-08T17:00"), {}).staff, "");
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Staff, FailuresCountThenLockUntilAGivenTime) {
  for (int i = 1; i <= 4; ++i) {
    auto lan = fail("nv01", "2026-10-08T07:20");
    ASSERT_TRUE(lan);
    EXPECT_EQ(lan->failed_attempts, i);
    EXPECT_FALSE(lan->locked_until);
    auto last = events_from(c(), c().last_seq());
    EXPECT_EQ(last[0].type, "staff.sign_in_failed");
    EXPECT_EQ(last[0].payload, (nlohmann::json{{"counter", 1}, {"staff", "nv01"}, {"failures", i}}));
  }
  const std::int64_t before = c().last_seq();
  auto lan = fail("nv01", "2026-10-08T07:21");
  ASSERT_TRUE(lan);
  EXPECT_EQ(lan->failed_attempts, 0);  // the count restarts with the lock
  ASSERT_TRUE(lan->locked_until);
  EXPECT_EQ(*lan->locked_until, at("2026-10-08T07:36"));
  auto events = events_from(c(), before + 1);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "staff.sign_in_failed");
  EXPECT_EQ(events[0].payload["failures"], 5);
  EXPECT_EQ(events[1].type, "staff.locked");
  EXPECT_EQ(events[1].payload, (nlohmann::json{{"staff", "nv01"}, {"until", to_millis(at("2026-10-08T07:36"))}}));
  EXPECT_EQ(*c().staff_member("nv01")->locked_until, at("2026-10-08T07:36"));

  // Locked: refused, saying until when (local time).
  try {
    c().sign_in(1, "nv01", at("2026-10-08T07:30"), {});
    FAIL() << "a locked member signed in";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), "staff.locked");
    EXPECT_NE(std::string(e.what()).find("07:36"), std::string::npos) << e.what();
    EXPECT_NE(e.message_vi().find("07:36"), std::string::npos) << e.message_vi();
  }
  EXPECT_REFUSED(c(), "staff.locked", c().sign_in(1, "nv01", at("2026-10-08T07:35:59"), {}));
  // Another member is not affected.
  EXPECT_EQ(c().sign_in(2, "nv02", at("2026-10-08T07:30"), {}).staff, "nv02");
}

TEST_F(Staff, AttemptsDuringALockAreRecordedButDoNotExtendIt) {
  for (int i = 0; i < 5; ++i) fail("nv01", "2026-10-08T07:20");
  const std::int64_t before = c().last_seq();
  for (int i = 0; i < 7; ++i) {
    auto lan = fail("nv01", "2026-10-08T07:30");
    ASSERT_TRUE(lan);
    EXPECT_EQ(*lan->locked_until, at("2026-10-08T07:35"));
    EXPECT_EQ(lan->failed_attempts, 0);
  }
  auto events = events_from(c(), before + 1);
  ASSERT_EQ(events.size(), 7u);  // one failure each, no new lock
  for (const Event& e : events) {
    EXPECT_EQ(e.type, "staff.sign_in_failed");
    EXPECT_EQ(e.payload["failures"], 0);
  }
}

TEST_F(Staff, LockExpiresAndASuccessResetsTheCount) {
  for (int i = 0; i < 5; ++i) fail("nv01", "2026-10-08T07:20");
  EXPECT_REFUSED(c(), "staff.locked", c().sign_in(1, "nv01", at("2026-10-08T07:34"), {}));
  // At the instant it ends the lock no longer holds.
  EXPECT_EQ(fail("nv01", "2026-10-08T07:35")->failed_attempts, 1);
  EXPECT_EQ(fail("nv01", "2026-10-08T07:36")->failed_attempts, 2);
  EXPECT_EQ(c().sign_in(1, "nv01", at("2026-10-08T07:37"), {}).staff, "nv01");
  auto lan = c().staff_member("nv01");
  EXPECT_EQ(lan->failed_attempts, 0);
  EXPECT_FALSE(lan->locked_until);
  EXPECT_EQ(fail("nv01", "2026-10-08T12:00")->failed_attempts, 1);
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Staff, LockAcrossMidnightNamesTheDay) {
  for (int i = 0; i < 5; ++i)
    c().record_sign_in_failure(1, "nv01", 5, 2h, at("2026-10-08T23:00"), {});
  try {
    c().sign_in(1, "nv01", at("2026-10-08T23:30"), {});
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_NE(e.message_vi().find("01:00 09/10/2026"), std::string::npos) << e.message_vi();
  }
}

TEST_F(Staff, NewPinClearsFailuresAndLock) {
  for (int i = 0; i < 5; ++i) fail("nv01", "2026-10-08T07:20");
  auto lan = c().set_staff_pin("nv01", kPinLanNew, at("2026-10-08T07:22"), manager);
  EXPECT_EQ(lan.pin_hash, kPinLanNew);
  EXPECT_FALSE(lan.locked_until);
  EXPECT_EQ(c().staff_member("nv01")->pin_hash, kPinLanNew);
  auto last = events_from(c(), c().last_seq());
  EXPECT_EQ(last[0].type, "staff.pin_changed");
  EXPECT_EQ(last[0].payload, (nlohmann::json{{"staff", "nv01"}}));
  EXPECT_EQ(c().sign_in(1, "nv01", at("2026-10-08T07:23"), {}).staff, "nv01");
  EXPECT_REFUSED(c(), "staff.unknown", c().set_staff_pin("nv99", kPinLanNew, at("2026-10-08T07:24"), manager));
  EXPECT_REFUSED(c(), "staff.invalid", c().set_staff_pin("nv01", "", at("2026-10-08T07:24"), manager));
}

TEST_F(Staff, UnknownIdFailureIsRecordedWithTheAttemptedId) {
  EXPECT_FALSE(fail("nv77", "2026-10-08T07:20", 2));
  auto last = events_from(c(), c().last_seq());
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].type, "staff.sign_in_failed");
  EXPECT_EQ(last[0].payload,
            (nlohmann::json{{"counter", 2}, {"staff", ""}, {"failures", 0}, {"attempted_id", "nv77"}}));
  EXPECT_FALSE(c().staff_member("nv77"));
}

TEST_F(Staff, FailureNeedsAKnownCounterAndASaneLockout) {
  EXPECT_REFUSED(c(), "counter.unknown", fail("nv01", "2026-10-08T07:20", 9));
  EXPECT_THROW(c().record_sign_in_failure(1, "nv01", 0, 15min, at("2026-10-08T07:20"), {}), StoreError);
  EXPECT_THROW(c().record_sign_in_failure(1, "nv01", 5, 0ms, at("2026-10-08T07:20"), {}), StoreError);
  EXPECT_EQ(c().staff_member("nv01")->failed_attempts, 0);
}

class Devices : public CentreTest {
 protected:
  PairingRequest request(const char* code, const char* role, std::optional<int> counter = std::nullopt,
                         const char* expires = "2026-10-08T09:10") {
    return PairingRequest{hex_of(code), role, counter, at(expires)};
  }
  Device pair(const char* code, const char* name, const char* token, const char* when = "2026-10-08T09:05") {
    return c().pair_device(hex_of(code), name, hex_of(token), at(when), Actor{"hub", ""});
  }
  Actor manager{"manager-1", ""};
};

TEST_F(Devices, CreateThenPair) {
  c().create_pairing(request("481516", "board"), at("2026-10-08T09:00"), manager);
  auto created = events_from(c(), c().last_seq());
  EXPECT_EQ(created[0].type, "pairing.created");
  EXPECT_EQ(created[0].payload, (nlohmann::json{{"role", "board"}, {"counter", nullptr},
                                                {"expires_at", to_millis(at("2026-10-08T09:10"))}}));
  Device board = pair("481516", "Bảng gọi số tầng 1", "token-board");
  EXPECT_EQ(board.id, "d-0001");
  EXPECT_EQ(board.name, "Bảng gọi số tầng 1");
  EXPECT_EQ(board.role, "board");
  EXPECT_FALSE(board.counter);
  EXPECT_EQ(board.paired_at, at("2026-10-08T09:05"));
  EXPECT_FALSE(board.revoked());
  auto paired = events_from(c(), c().last_seq());
  EXPECT_EQ(paired[0].type, "device.paired");
  EXPECT_EQ(paired[0].payload, (nlohmann::json{{"device", "d-0001"}, {"name", "Bảng gọi số tầng 1"},
                                               {"role", "board"}, {"counter", nullptr}}));

  c().create_pairing(request("232342", "rating", 2), at("2026-10-08T09:01"), manager);
  Device rating = pair("232342", "Màn hình đánh giá quầy 2", "token-rating");
  EXPECT_EQ(rating.id, "d-0002");
  EXPECT_EQ(rating.counter, 2);
  EXPECT_EQ(events_from(c(), c().last_seq())[0].payload["counter"], 2);

  ASSERT_EQ(c().devices().size(), 2u);
  EXPECT_EQ(c().devices()[1].id, "d-0002");
  auto found = c().device_by_token(hex_of("token-rating"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "d-0002");
  EXPECT_EQ(found->role, "rating");
  EXPECT_FALSE(c().device_by_token(hex_of("token-unknown")));
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Devices, ACodeWorksOnceAndNotAfterItExpires) {
  c().create_pairing(request("111111", "ticket"), at("2026-10-08T09:00"), manager);
  pair("111111", "Kiosk lấy số", "token-1");
  EXPECT_REFUSED(c(), "pairing.invalid", pair("111111", "Kiosk lấy số 2", "token-2"));
  EXPECT_REFUSED(c(), "pairing.invalid", pair("999999", "Never created", "token-3"));
  c().create_pairing(request("222222", "manager"), at("2026-10-08T09:00"), manager);
  EXPECT_REFUSED(c(), "pairing.invalid", pair("222222", "Too late", "token-4", "2026-10-08T09:10"));
  EXPECT_EQ(c().devices().size(), 1u);
  EXPECT_FALSE(c().device_by_token(hex_of("token-2")));
  EXPECT_FALSE(c().device_by_token(hex_of("token-4")));
  // A token is the device's alone; and it must be a hash, not the token itself.
  c().create_pairing(request("333333", "board"), at("2026-10-08T09:00"), manager);
  EXPECT_REFUSED(c(), "device.token_exists", pair("333333", "Same token", "token-1"));
  EXPECT_REFUSED(c(), "device.invalid_token",
                 c().pair_device(hex_of("333333"), "Raw token", "token-5", at("2026-10-08T09:05"), {}));
  EXPECT_EQ(pair("333333", "Bảng", "token-6").id, "d-0002");
}

TEST_F(Devices, RolesAndCounters) {
  const Instant now = at("2026-10-08T09:00");
  EXPECT_REFUSED(c(), "device.invalid_role", c().create_pairing(request("1", "printer"), now, manager));
  EXPECT_REFUSED(c(), "device.invalid_role", c().create_pairing(request("1", "counter"), now, manager));
  EXPECT_REFUSED(c(), "device.invalid_role", c().create_pairing(request("1", "rating"), now, manager));
  EXPECT_REFUSED(c(), "device.invalid_role", c().create_pairing(request("1", "board", 1), now, manager));
  EXPECT_REFUSED(c(), "counter.unknown", c().create_pairing(request("1", "counter", 9), now, manager));
  // Expiring as it is made; a code that is not a SHA-256.
  EXPECT_REFUSED(c(), "pairing.invalid",
                 c().create_pairing(request("1", "board", std::nullopt, "2026-10-08T09:00"), now, manager));
  const PairingRequest raw_code{"123456", "board", std::nullopt, at("2026-10-08T09:10")};
  EXPECT_REFUSED(c(), "pairing.invalid", c().create_pairing(raw_code, now, manager));
  c().create_pairing(request("1", "counter", 1), now, manager);
  EXPECT_REFUSED(c(), "pairing.exists", c().create_pairing(request("1", "board"), now, manager));
  // Once spent, the same code may be issued again.
  pair("1", "Quầy 1", "token-counter-1");
  c().create_pairing(request("1", "board"), at("2026-10-08T09:06"), manager);
  EXPECT_EQ(pair("1", "Bảng", "token-board", "2026-10-08T09:07").role, "board");
}

TEST_F(Devices, RevokeOnce) {
  c().create_pairing(request("424242", "counter", 1), at("2026-10-08T09:00"), manager);
  Device d = pair("424242", "Quầy 1", "token-counter");
  Device revoked = c().revoke_device(d.id, at("2026-10-08T16:00"), manager);
  EXPECT_TRUE(revoked.revoked());
  EXPECT_EQ(*revoked.revoked_at, at("2026-10-08T16:00"));
  auto last = events_from(c(), c().last_seq());
  EXPECT_EQ(last[0].type, "device.revoked");
  EXPECT_EQ(last[0].payload, (nlohmann::json{{"device", "d-0001"}}));
  // Still found by its token, so the hub can tell it that it was revoked.
  auto found = c().device_by_token(hex_of("token-counter"));
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->revoked());
  EXPECT_REFUSED(c(), "device.already_revoked", c().revoke_device(d.id, at("2026-10-08T16:01"), manager));
  EXPECT_REFUSED(c(), "device.unknown", c().revoke_device("d-0099", at("2026-10-08T16:01"), manager));
}

// Everything above, in one store: no credential reaches the log, and the log still derives the tables.
TEST_F(Devices, NoCredentialInTheLogAndVerifyHolds) {
  const Actor hub{"hub", ""};
  c().add_staff("nv01", "Nguyễn Thị Lan", kPinLan, at("2026-10-08T07:00"), manager);
  c().add_staff("nv02", "Trần Văn Minh", kPinMinh, at("2026-10-08T07:00"), manager);
  c().set_staff_pin("nv01", kPinLanNew, at("2026-10-08T07:01"), manager);
  for (int i = 0; i < 6; ++i) c().record_sign_in_failure(1, "nv02", 5, 15min, at("2026-10-08T07:10"), hub);
  c().record_sign_in_failure(1, "nv99", 5, 15min, at("2026-10-08T07:10"), hub);
  c().sign_in(1, "nv01", at("2026-10-08T07:20"), hub);
  c().open_counter(1, at("2026-10-08T07:30"), Actor{"counter-1", "nv01"});
  c().sign_in(1, "nv02", at("2026-10-08T07:40"), hub);
  c().sign_in(2, "nv01", at("2026-10-08T07:45"), hub);
  c().sign_out(2, at("2026-10-08T11:30"), hub);
  c().create_pairing(request("code-a", "counter", 1), at("2026-10-08T09:00"), manager);
  c().create_pairing(request("code-b", "board"), at("2026-10-08T09:00"), manager);
  pair("code-a", "Quầy 1", "token-a");
  pair("code-b", "Bảng", "token-b");
  c().revoke_device("d-0002", at("2026-10-08T10:00"), manager);

  const std::vector<std::string> secrets = {kPinLan,         kPinMinh,        kPinLanNew,       hex_of("code-a"),
                                            hex_of("code-b"), hex_of("token-a"), hex_of("token-b"), "fake-hash"};
  int events = 0;
  c().for_each_event(1, [&](const Event& e) {
    ++events;
    const std::string payload = e.payload.dump();
    for (const std::string& secret : secrets)
      EXPECT_EQ(payload.find(secret), std::string::npos) << e.type << " carries a credential: " << payload;
    return true;
  });
  EXPECT_GT(events, 20);
  auto report = c().verify();
  EXPECT_TRUE(report.ok()) << report.state_problem.value_or("") << report.chain_problem.value_or("");
}

class StaffMigration : public CentreTest {};

TEST_F(StaffMigration, FromVersionTwoKeepsTheDataAndAddsTheTables) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().open_counter(2, at("2026-10-08T07:30"), Actor{"counter-2", "cb01"});
  centre.reset();
  // A database as version 2 left it: none of the staff, devices or pairings tables.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "DROP TABLE staff; DROP TABLE devices; DROP TABLE pairings; DROP TABLE rating_abandonments; "
                            "DROP TABLE settings; PRAGMA user_version = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);

  centre.emplace(CentreStore::open(db_path));
  EXPECT_EQ(c().schema_version(), 4);
  EXPECT_EQ(c().last_seq(), 3);
  EXPECT_EQ(c().counters()[1].staff, "cb01");
  EXPECT_EQ(c().find_ticket("B-001", at("2026-10-08T09:00"))->state, TicketState::waiting);
  EXPECT_TRUE(c().staff().empty());
  EXPECT_TRUE(c().devices().empty());
  c().add_staff("nv01", "Nguyễn Thị Lan", kPinLan, at("2026-10-08T09:00"), {});
  c().create_pairing(PairingRequest{hex_of("c"), "board", std::nullopt, at("2026-10-08T09:10")}, at("2026-10-08T09:00"),
                     {});
  EXPECT_EQ(c().pair_device(hex_of("c"), "Bảng", hex_of("t"), at("2026-10-08T09:01"), {}).id, "d-0001");
  EXPECT_EQ(c().sign_in(2, "nv01", at("2026-10-08T09:02"), {}).staff, "nv01");
  EXPECT_TRUE(c().verify().ok());
}

class DayEnd : public CentreTest {};

TEST_F(DayEnd, CancelsEarlierDaysTicketsAndClosesCountersLeftOpen) {
  // 8 October: counter 1 calls A-001, counter 2 serves B-001, B-002 still waits; nobody closes up.
  c().open_counter(1, at("2026-10-08T07:30"), staff("cb01"));
  c().open_counter(2, at("2026-10-08T07:30"), staff("cb02"));
  const auto a1 = c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:00"), {}).ticket.id;
  const auto b1 = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:01"), {}).ticket.id;
  const auto b2 = c().issue_ticket("HT", Priority::none, at("2026-10-08T08:02"), {}).ticket.id;
  ASSERT_EQ(c().call_next(2, at("2026-10-08T08:03"), staff("cb02")).id, b1);
  c().start_service(2, at("2026-10-08T08:04"), staff("cb02"));
  ASSERT_EQ(c().call_next(1, at("2026-10-08T08:05"), staff("cb01")).id, a1);
  // 9 October: before the sweep, a citizen takes a number and counter 2's officer signs in.
  c().add_staff("nv02", "Trần Văn Minh", kPinMinh, at("2026-10-09T07:00"), {});
  const auto today = c().issue_ticket("HT", Priority::none, at("2026-10-09T07:10"), {}).ticket.id;
  c().sign_in(2, "nv02", at("2026-10-09T07:15"), {});

  const std::int64_t before = c().last_seq();
  EXPECT_EQ(c().close_past_days(at("2026-10-09T07:20"), Actor{"hub", ""}), 3);
  for (auto id : {a1, b1, b2}) {
    auto t = c().ticket(id);
    EXPECT_EQ(t->state, TicketState::cancelled) << t->number;
    EXPECT_EQ(t->finished_at, at("2026-10-09T07:20"));
  }
  EXPECT_EQ(c().ticket(today)->state, TicketState::waiting);
  auto counters = c().counters();
  EXPECT_EQ(counters[0].status, CounterStatus::closed);  // left open on the 8th
  EXPECT_EQ(counters[0].staff, "");
  EXPECT_FALSE(counters[0].current_ticket);
  EXPECT_EQ(counters[1].status, CounterStatus::open);  // signed into today
  EXPECT_EQ(counters[1].staff, "nv02");
  EXPECT_FALSE(counters[1].current_ticket);
  auto events = events_from(c(), before + 1);
  EXPECT_EQ(types_of(events),
            (std::vector<std::string>{"ticket.cancelled", "ticket.cancelled", "ticket.cancelled", "counter.closed"}));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(events[i].payload["reason"], "day_end");
  EXPECT_EQ(events[3].payload["counter"], 1);

  // Again: nothing left to do.
  const std::int64_t after = c().last_seq();
  EXPECT_EQ(c().close_past_days(at("2026-10-09T07:21"), Actor{"hub", ""}), 0);
  EXPECT_EQ(c().last_seq(), after);
  EXPECT_TRUE(c().verify().ok());
  // The day goes on.
  c().open_counter(1, at("2026-10-09T07:30"), staff("cb01"));
  EXPECT_EQ(c().call_next(1, at("2026-10-09T07:31"), staff("cb01")).id, today);
}

TEST_F(DayEnd, LeavesTodayAlone) {
  c().open_counter(1, at("2026-10-08T07:30"), staff("cb01"));
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  c().call_next(1, at("2026-10-08T08:01"), staff("cb01"));
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:02"), {});
  const std::int64_t before = c().last_seq();
  EXPECT_EQ(c().close_past_days(at("2026-10-08T16:00"), {}), 0);
  EXPECT_EQ(c().last_seq(), before);
  EXPECT_EQ(c().counters()[0].status, CounterStatus::open);
}

TEST_F(DayEnd, ACounterOpenSinceYesterdayButServingTodayIsLeftOpen) {
  c().open_counter(1, at("2026-10-08T07:30"), staff("cb01"));
  c().issue_ticket("HT", Priority::none, at("2026-10-09T08:00"), {});
  c().call_next(1, at("2026-10-09T08:01"), staff("cb01"));
  EXPECT_EQ(c().close_past_days(at("2026-10-09T09:00"), {}), 0);
  EXPECT_EQ(c().counters()[0].status, CounterStatus::open);
  EXPECT_TRUE(c().counters()[0].current_ticket);
}

}  // namespace
}  // namespace kiosk::store::testing
