// Staff at a counter: nothing is done at a counter without someone signed in; PINs are checked with a
// lockout after repeated failures, and every attempt is in the log.
#include "fixture.hpp"

namespace kiosk::service::testing {
namespace {

using ServiceStaff = ServiceTest;

TEST_F(ServiceStaff, CounterCommandsNeedSomeoneSignedIn) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  ok(pair_device(Role::ticket).caller, "ticket.issue", {{"service", "HT"}});
  for (const char* cmd : {"counter.open", "counter.call", "counter.start", "counter.finish", "counter.pause", "counter.close"})
    refused(counter3, cmd, json::object(), protocol::error_code::staff_required);
  refused(counter3, "dossier.receive", {{"procedure", "1.004227"}}, protocol::error_code::staff_required);
}

TEST_F(ServiceStaff, SigningInWithTheRightPinStaffsTheCounter) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  add_staff();
  const std::int64_t before = centre->last_seq();
  Reply r = sign_in(counter3, kPin);
  ASSERT_TRUE(r.ok) << r.error.code << ": " << r.error.message;
  EXPECT_EQ(r.result["number"], 3);
  EXPECT_EQ(r.result["staff"], kStaff);
  EXPECT_EQ(r.result["staff_name"], "Nguyễn Thị Lan");
  EXPECT_EQ(centre->last_seq(), before + 1);
  EXPECT_EQ(staff_at(3), kStaff);
  EXPECT_EQ(count_events(event_type::staff_signed_in), 1);
  // The PIN never reaches the log or the staff list.
  json list = ok(manager, "staff.list");
  ASSERT_EQ(list["staff"].size(), 1u);
  EXPECT_FALSE(list["staff"][0].contains("pin_hash"));
  EXPECT_TRUE(ok(counter3, "counter.open").is_object());
}

TEST_F(ServiceStaff, FiveWrongPinsLockTheMemberForFiveMinutes) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  add_staff();
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const std::int64_t before = centre->last_seq();
    Reply r = sign_in(counter3, "0000");
    EXPECT_EQ(r.error.code, "staff.bad_credentials") << "attempt " << attempt;
    EXPECT_NE(r.error.message_vi.find(std::to_string(5 - attempt)), std::string::npos) << r.error.message_vi;
    EXPECT_EQ(centre->last_seq(), before + 1) << "a failed attempt is recorded";
    now += std::chrono::seconds(10);
  }
  Reply fifth = sign_in(counter3, "0000");
  EXPECT_EQ(fifth.error.code, "staff.locked");
  EXPECT_FALSE(fifth.error.message_vi.empty());

  now += std::chrono::minutes(4);
  EXPECT_EQ(sign_in(counter3, kPin).error.code, "staff.locked") << "the right PIN during the lock";
  EXPECT_EQ(staff_at(3), "");

  now += std::chrono::minutes(1);  // five minutes after the fifth failure
  Reply after = sign_in(counter3, kPin);
  ASSERT_TRUE(after.ok) << after.error.code << ": " << after.error.message;
  EXPECT_EQ(after.result["staff"], kStaff);

  EXPECT_EQ(count_events(event_type::staff_sign_in_failed), 6);
  EXPECT_EQ(count_events(event_type::staff_locked), 1);
  EXPECT_EQ(count_events(event_type::staff_signed_in), 1);
  // The lock is over and the count restarted: one more wrong PIN is not a lock.
  EXPECT_EQ(sign_in(counter3, "0000").error.code, "staff.bad_credentials");
}

TEST_F(ServiceStaff, AnUnknownMemberIsRefusedLikeAWrongPinAndRecorded) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  EXPECT_EQ(sign_in(counter3, kPin, "nobody").error.code, "staff.bad_credentials");
  EXPECT_EQ(count_events(event_type::staff_sign_in_failed), 1);
}

TEST_F(ServiceStaff, AMalformedPinIsABadArgumentNotAnAttempt) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  add_staff();
  for (const char* pin : {"12a4", "123", "1234567890123", " 2468"})
    refused(counter3, "staff.sign_in", {{"staff", kStaff}, {"pin", pin}}, protocol::error_code::bad_args);
  refused(counter3, "staff.sign_in", {{"staff", kStaff}, {"pin", 2468}}, protocol::error_code::bad_args);
  refused(manager, "staff.add", {{"staff", "cb02"}, {"name", "Trần Văn Bình"}, {"pin", "12a4"}}, protocol::error_code::bad_args);
  refused(manager, "staff.set_pin", {{"staff", kStaff}, {"pin", "12a4"}}, protocol::error_code::bad_args);
  EXPECT_EQ(count_events(event_type::staff_sign_in_failed), 0);
  EXPECT_TRUE(sign_in(counter3, kPin).ok);
}

TEST_F(ServiceStaff, ANewPinReplacesTheOld) {
  const Caller counter3 = pair_device(Role::counter, 3).caller;
  add_staff();
  ok(manager, "staff.set_pin", {{"staff", kStaff}, {"pin", "97531"}});
  EXPECT_EQ(sign_in(counter3, kPin).error.code, "staff.bad_credentials");
  EXPECT_TRUE(sign_in(counter3, "97531").ok);
}

}  // namespace
}  // namespace kiosk::service::testing
