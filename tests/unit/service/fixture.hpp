// The service in-process on a fresh centre database (the shipped district catalogue), with a clock the
// test moves and cheap Argon2id parameters. Devices are paired the way a manager pairs them.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../store/fixture.hpp"
#include "kiosk/service/service.hpp"

namespace kiosk::service::testing {

using nlohmann::json;
using store::testing::at;
using store::testing::TempDir;

inline std::string read_asset(const char* relative) {
  std::ifstream in(std::filesystem::path(KIOSK_ASSETS_DIR) / relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Options cheap_options() {
  Options o;
  o.pin_opslimit = 1;
  o.pin_memlimit = 8192 * 1024;
  return o;
}

// A paired device: the token it keeps and who it speaks as.
struct Paired {
  std::string token;
  Caller caller;
};

class ServiceTest : public ::testing::Test {
 protected:
  static constexpr const char* kStaff = "cb01";
  static constexpr const char* kPin = "2468";

  void SetUp() override {
    db_path = dir.path() / "centre.db";
    store::CentreStore::initialise(db_path, {"H15.50.05.13", read_asset("catalog/district.toml"), "", "hub"},
                                   at("2026-10-01T07:00"));
    centre.emplace(store::CentreStore::open(db_path));
    service.emplace(*centre, cheap_options(), [this] { return now; });
  }

  Reply send(const std::optional<Caller>& caller, std::string cmd, json args = json::object()) {
    return service->handle_now(caller, protocol::Request{json(++next_id), std::move(cmd), std::move(args)});
  }

  // The command succeeds: its result.
  json ok(const std::optional<Caller>& caller, const std::string& cmd, json args = json::object()) {
    Reply r = send(caller, cmd, std::move(args));
    EXPECT_TRUE(r.ok) << cmd << ": " << r.error.code << ": " << r.error.message;
    return r.result;
  }

  // The command is refused with `code`, says why in Vietnamese, and the log is as it was.
  Reply refused(const std::optional<Caller>& caller, const std::string& cmd, json args, std::string_view code) {
    const std::int64_t before = centre->last_seq();
    Reply r = send(caller, cmd, std::move(args));
    EXPECT_FALSE(r.ok) << cmd << " was accepted: " << r.result.dump();
    EXPECT_EQ(r.error.code, code) << cmd << ": " << r.error.message;
    EXPECT_FALSE(r.error.message_vi.empty()) << cmd;
    EXPECT_FALSE(r.authenticated) << cmd;
    EXPECT_EQ(centre->last_seq(), before) << cmd << " was refused but appended an event";
    return r;
  }

  // A pairing code made by the manager at the database (the bootstrap: no device is paired yet).
  std::string pairing_code(Role role, std::optional<int> counter = std::nullopt) {
    json args{{"role", std::string(protocol::to_string(role))}};
    if (counter) args["counter"] = *counter;
    return ok(manager, "pairing.create", args)["code"].get<std::string>();
  }

  Paired pair_device(Role role, std::optional<int> counter = std::nullopt) {
    Reply r = send(std::nullopt, "pair", {{"code", pairing_code(role, counter)}, {"name", "thiết bị thử"}});
    EXPECT_TRUE(r.ok) << r.error.code << ": " << r.error.message;
    if (!r.ok || !r.authenticated) return {};
    return {r.result["token"].get<std::string>(), *r.authenticated};
  }

  void add_staff(const char* id = kStaff, const char* pin = kPin) {
    ok(manager, "staff.add", {{"staff", id}, {"name", "Nguyễn Thị Lan"}, {"pin", pin}});
  }

  Reply sign_in(const Caller& device, const char* pin, const char* id = kStaff) {
    return send(device, "staff.sign_in", {{"staff", id}, {"pin", pin}});
  }

  // A counter device with a staff member signed in.
  Caller staffed_counter(int number, const char* staff_id = kStaff) {
    Caller device = pair_device(Role::counter, number).caller;
    add_staff(staff_id);
    Reply r = sign_in(device, kPin, staff_id);
    EXPECT_TRUE(r.ok) << r.error.code << ": " << r.error.message;
    return device;
  }

  // Serves one HT ticket at `counter` as the operator at the database: its id.
  std::int64_t serve_as_operator(int counter) {
    const json at_counter{{"counter", counter}, {"staff", "cb99"}};
    const std::int64_t id = ok(manager, "ticket.issue", {{"service", "HT"}})["id"].get<std::int64_t>();
    ok(manager, "counter.open", at_counter);
    for (const char* step : {"counter.call", "counter.start", "counter.finish"}) ok(manager, step, at_counter);
    return id;
  }

  // Who the store says is signed in at the counter.
  std::string staff_at(int counter) const {
    for (const CounterState& c : centre->counters())
      if (c.number == counter) return c.staff;
    return {};
  }

  int count_events(std::string_view type) const {
    int n = 0;
    centre->for_each_event(1, [&](const Event& e) {
      n += e.type == type;
      return true;
    });
    return n;
  }

  // kioskctl on the database file: bootstraps the first pairing.
  const Caller manager{"kioskctl", Role::manager, std::nullopt, "operator", true};
  Instant now = at("2026-10-08T08:00");
  TempDir dir;
  std::filesystem::path db_path;
  std::optional<store::CentreStore> centre;
  std::optional<Service> service;

 private:
  std::int64_t next_id = 0;
};

// A push as a device reads it.
inline nlohmann::json decoded_push(const Push& p) {
  auto m = protocol::decode_message(*p.text);
  EXPECT_TRUE(m && m->is_push) << *p.text;
  return m ? m->body : nlohmann::json();
}

// The event pushes of one event type (queue and device pushes carry no event).
inline std::vector<Push> event_pushes_of_type(const std::vector<Push>& pushes, std::string_view type) {
  std::vector<Push> out;
  for (const Push& p : pushes)
    if (!p.is_queue && !p.is_device && decoded_push(p)["event"]["type"] == type) out.push_back(p);
  return out;
}

}  // namespace kiosk::service::testing
