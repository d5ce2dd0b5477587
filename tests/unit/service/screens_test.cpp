// What the screens ask of the hub beyond a visit: a rating nobody gave, the intake form's procedures, whether
// the centre is open, the manager's settings and the devices' state.
#include <algorithm>
#include <vector>

#include "fixture.hpp"

namespace kiosk::service::testing {
namespace {

using ServiceRatingScreen = ServiceTest;
using ServiceCatalogue = ServiceTest;
using ServiceOffice = ServiceTest;
using ServiceSettings = ServiceTest;
using ServiceDevices = ServiceTest;

Subscription subscription_of(Role role, std::optional<int> counter = std::nullopt) {
  return default_subscription(Caller{"d", role, counter, "", false});
}

// ---- Rating abandoned ------------------------------------------------------------------------------------

class RatingScreen : public ServiceTest {
 protected:
  // A citizen served at counter 3 through its terminal (with a dossier received during the visit, if
  // asked): the ticket's id.
  std::int64_t serve_at_3(bool with_dossier = false) {
    ok(manager, "ticket.issue", {{"service", "HT"}});
    if (!opened) ok(counter3, "counter.open");
    opened = true;
    now += std::chrono::minutes(1);
    const std::int64_t id = ok(counter3, "counter.call")["id"].get<std::int64_t>();
    ok(counter3, "counter.start");
    if (with_dossier) ok(counter3, "dossier.receive", {{"procedure", "1.001695"}, {"ticket", id}});
    now += std::chrono::minutes(5);
    ok(counter3, "counter.finish");
    return id;
  }
  void SetUp() override {
    ServiceTest::SetUp();
    counter3 = staffed_counter(3);
    rating3 = pair_device(Role::rating, 3).caller;
  }
  Caller counter3, rating3;
  bool opened = false;
};

TEST_F(RatingScreen, NobodyAnsweredIsRecordedOnceAndReachesTheCountersScreens) {
  const std::int64_t ticket = serve_at_3(/*with_dossier=*/true);
  service->take_pushes();
  now += std::chrono::seconds(30);

  const json abandoned = ok(rating3, "rating.abandon", {{"ticket", ticket}});
  EXPECT_EQ(abandoned["ticket"], ticket);
  EXPECT_EQ(abandoned["abandoned"], true);
  EXPECT_EQ(abandoned["counter"], 3);
  EXPECT_EQ(abandoned["staff"], kStaff);
  EXPECT_EQ(abandoned["service"], "HT");
  EXPECT_EQ(abandoned["at"], format_instant(now, centre->zone()));
  EXPECT_EQ(count_events("rating.abandoned"), 1);

  const auto pushes = event_pushes_of_type(service->take_pushes(), "rating.abandoned");
  ASSERT_EQ(pushes.size(), 1u);
  const json payload = decoded_push(pushes[0])["event"]["payload"];
  EXPECT_EQ(payload["ticket"], ticket);
  EXPECT_EQ(payload["counter"], 3);
  EXPECT_EQ(payload["staff"], kStaff);
  EXPECT_EQ(payload["service"], "HT");
  EXPECT_TRUE(payload["dossier"].is_string() && !payload["dossier"].get<std::string>().empty());
  EXPECT_TRUE(wants(subscription_of(Role::rating, 3), pushes[0]));
  EXPECT_TRUE(wants(subscription_of(Role::counter, 3), pushes[0]));
  EXPECT_TRUE(wants(subscription_of(Role::manager), pushes[0]));
  EXPECT_FALSE(wants(subscription_of(Role::rating, 4), pushes[0]));
  EXPECT_FALSE(wants(subscription_of(Role::board), pushes[0]));

  // One outcome per visit: a late press is refused, and so is a second time-out.
  Reply late = refused(rating3, "rating.submit", {{"ticket", ticket}, {"level", 5}}, "rating.abandoned");
  EXPECT_NE(late.error.message_vi.find("hết thời gian"), std::string::npos) << late.error.message_vi;
  refused(rating3, "rating.abandon", {{"ticket", ticket}}, "rating.abandoned");
}

TEST_F(RatingScreen, ARatedVisitCannotBeAbandonedAndOnlyItsOwnCountersVisits) {
  const std::int64_t rated = serve_at_3();
  ok(rating3, "rating.submit", {{"ticket", rated}, {"level", 4}});
  // The citizen pressed just before the screen gave up: its time-out finds the visit rated.
  refused(rating3, "rating.abandon", {{"ticket", rated}}, "rating.duplicate");

  const std::int64_t other = serve_as_operator(4);
  refused(rating3, "rating.abandon", {{"ticket", other}}, protocol::error_code::forbidden);
  refused(pair_device(Role::counter, 4).caller, "rating.abandon", {{"ticket", other}}, protocol::error_code::forbidden);
  refused(pair_device(Role::board).caller, "rating.abandon", {{"ticket", other}}, protocol::error_code::forbidden);
  const json by_manager = ok(manager, "rating.abandon", {{"ticket", other}});
  EXPECT_EQ(by_manager["counter"], 4);

  const json waiting = ok(manager, "ticket.issue", {{"service", "HT"}});
  refused(manager, "rating.abandon", {{"ticket", waiting["number"]}}, "rating.not_served");
  refused(manager, "rating.abandon", json::object(), protocol::error_code::bad_args);
}

TEST_F(RatingScreen, HearsItsCountersRatingsButNotItsStaffsSignIns) {
  const std::int64_t ticket = serve_at_3();
  service->take_pushes();
  ok(rating3, "rating.submit", {{"ticket", ticket}, {"level", 5}});
  const auto submitted = event_pushes_of_type(service->take_pushes(), "rating.submitted");
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_TRUE(wants(subscription_of(Role::rating, 3), submitted[0]));
  EXPECT_FALSE(wants(subscription_of(Role::rating, 4), submitted[0]));

  // A rating screen coming back hears what it missed of its counter, ratings included.
  const std::int64_t seen = centre->last_seq();
  const std::int64_t next = serve_at_3();
  ok(manager, "rating.abandon", {{"ticket", next}});
  Paired again = pair_device(Role::rating, 3);
  Reply hello = send(std::nullopt, "hello", {{"token", again.token}, {"last_seq", seen}});
  ASSERT_TRUE(hello.ok);
  std::vector<std::string> types;
  for (const std::string& text : hello.follow_up)
    types.push_back(protocol::decode_message(text)->body["event"]["type"].get<std::string>());
  EXPECT_NE(std::find(types.begin(), types.end(), "ticket.finished"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "rating.abandoned"), types.end());
  EXPECT_EQ(std::find(types.begin(), types.end(), "pairing.created"), types.end());
}

TEST_F(RatingScreen, AbandonedVisitsAreNotRatingsInTheFigures) {
  ok(rating3, "rating.submit", {{"ticket", serve_at_3()}, {"level", 5}});
  ok(rating3, "rating.abandon", {{"ticket", serve_at_3()}});
  ok(rating3, "rating.abandon", {{"ticket", serve_at_3()}});
  now += std::chrono::minutes(1);  // the figures are as of now: what happened before it
  const json ind = ok(manager, "report.indicators", {{"from", "2026-10-08"}, {"to", "2026-10-08"}})["indicators"];
  EXPECT_EQ(ind["queue"]["served"], 3);
  EXPECT_EQ(ind["satisfaction"]["ratings"], 1);
  EXPECT_EQ(ind["satisfaction"]["satisfied"], 1);
  EXPECT_EQ(ind["satisfaction"]["rate"], 1.0);
  EXPECT_EQ(ind["satisfaction"]["abandoned"], 2);
}

// ---- Catalogue -------------------------------------------------------------------------------------------

TEST_F(ServiceCatalogue, ProceduresCarryTheirTimeUnitAndOnlineLevel) {
  const json cat = ok(pair_device(Role::counter, 3).caller, "catalogue.get");
  auto procedure = [&](const char* code) {
    for (const json& p : cat["procedures"])
      if (p["code"] == code) return p;
    ADD_FAILURE() << "no procedure " << code;
    return json();
  };
  EXPECT_EQ(procedure("2.000815")["unit"], "working_hours");
  EXPECT_EQ(procedure("2.000815")["online"], "none");
  EXPECT_EQ(procedure("1.009994")["unit"], "days");
  EXPECT_EQ(procedure("1.009994")["online"], "partial");
  EXPECT_EQ(procedure("1.005092")["unit"], "working_days");
  EXPECT_EQ(procedure("1.005092")["online"], "full");
  for (const json& p : cat["procedures"]) {
    EXPECT_TRUE(p["unit"] == "working_days" || p["unit"] == "working_hours" || p["unit"] == "days") << p.dump();
    EXPECT_TRUE(p["online"] == "none" || p["online"] == "partial" || p["online"] == "full") << p.dump();
  }
}

// ---- Office hours now ------------------------------------------------------------------------------------

TEST_F(ServiceOffice, TheKioskLearnsWhetherTheCentreIsOpenAndWhenItOpensNext) {
  const Paired kiosk = pair_device(Role::ticket);
  now = at("2026-10-08T07:00");  // Thursday, before opening
  json office = ok(kiosk.caller, "queue.status")["office"];
  EXPECT_EQ(office, json::parse(R"({"open":false,"working_day":true,"morning":"07:30-11:30","afternoon":"13:30-17:00",
                                    "next_open":"2026-10-08T07:30:00+07:00"})"));
  Reply hello = send(std::nullopt, "hello", {{"token", kiosk.token}});
  ASSERT_TRUE(hello.ok);
  EXPECT_EQ(hello.result["office"], office);

  now = at("2026-10-08T09:00");
  office = ok(kiosk.caller, "queue.status")["office"];
  EXPECT_EQ(office["open"], true);
  EXPECT_TRUE(office["next_open"].is_null());
  now = at("2026-10-08T12:15");
  EXPECT_EQ(ok(kiosk.caller, "queue.status")["office"]["next_open"], "2026-10-08T13:30:00+07:00");
  now = at("2026-10-09T17:05");  // Friday evening: Monday morning
  EXPECT_EQ(ok(kiosk.caller, "queue.status")["office"]["next_open"], "2026-10-12T07:30:00+07:00");
  now = at("2026-10-10T10:00");  // Saturday
  office = ok(kiosk.caller, "queue.status")["office"];
  EXPECT_EQ(office["open"], false);
  EXPECT_EQ(office["working_day"], false);
  // The hub does not refuse tickets outside office hours (docs/decisions.md): the screen says so instead.
  EXPECT_EQ(ok(kiosk.caller, "ticket.issue", {{"service", "HT"}})["number"], "B-001");
  now = at("2026-08-31T18:00");  // Monday; 1 and 2 September are the National Day holiday
  EXPECT_EQ(ok(kiosk.caller, "queue.status")["office"]["next_open"], "2026-09-03T07:30:00+07:00");
}

// ---- Settings --------------------------------------------------------------------------------------------

TEST_F(ServiceSettings, TheManagerReadsAndChangesThemAndScreensHearOfIt) {
  const Caller manager_screen = pair_device(Role::manager).caller;
  const Caller kiosk = pair_device(Role::ticket).caller;
  EXPECT_EQ(ok(manager_screen, "settings.get"), json::parse(R"({
      "office_hours":{"morning":"07:30-11:30","afternoon":"13:30-17:00","weekdays":[1,2,3,4,5]},
      "queue":{"priority":"interleave","normal_per_priority":3,"max_recalls":3},
      "closed_services":[]})"));
  ok(kiosk, "ticket.issue", {{"service", "DD"}});
  service->take_pushes();

  const json set =
      ok(manager_screen, "settings.set", {{"office_hours", {{"afternoon", "13:00-16:30"}}}, {"closed_services", json::array({"DD"})}});
  EXPECT_EQ(set["changed"], json::parse(R"(["office_hours.afternoon","closed_services"])"));
  EXPECT_EQ(set["office_hours"]["afternoon"], "13:00-16:30");
  EXPECT_EQ(set["closed_services"], json::parse(R"(["DD"])"));
  EXPECT_EQ(ok(manager_screen, "settings.get")["office_hours"]["afternoon"], "13:00-16:30");

  const std::vector<Push> pushes = service->take_pushes();
  const auto changed = event_pushes_of_type(pushes, "settings.changed");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_TRUE(wants(subscription_of(Role::manager), changed[0]));
  EXPECT_FALSE(wants(subscription_of(Role::ticket), changed[0]));
  EXPECT_FALSE(wants(subscription_of(Role::counter, 1), changed[0]));
  const json event = decoded_push(changed[0])["event"];
  EXPECT_EQ(event["device"], manager_screen.device);
  EXPECT_EQ(event["payload"]["old"]["office_hours"]["afternoon"], "13:30-17:00");
  EXPECT_EQ(event["payload"]["new"]["closed_services"], json::parse(R"(["DD"])"));
  auto queue = std::find_if(pushes.begin(), pushes.end(), [](const Push& p) { return p.is_queue; });
  ASSERT_NE(queue, pushes.end()) << "closing a service area changes what the kiosks show";
  EXPECT_TRUE(wants(subscription_of(Role::ticket), *queue));
  const json queue_push = decoded_push(*queue);  // kept alive: a range-for over a temporary's member dangles
  for (const json& q : queue_push["services"]) {
    EXPECT_EQ(q["closed"], q["service"] == "DD") << q.dump();
    if (q["service"] == "DD") {
      EXPECT_EQ(q["waiting"], 1);  // those already waiting are still served
    }
  }

  Reply closed = refused(kiosk, "ticket.issue", {{"service", "DD"}}, "service.closed");
  EXPECT_EQ(closed.error.message_vi, "Lĩnh vực này tạm ngừng cấp số");
  EXPECT_EQ(closed.error.message, "service area DD is not issuing tickets now");
  EXPECT_EQ(ok(kiosk, "queue.status")["services"][0]["closed"], true);
  // The new afternoon holds for the office status and for dossiers received from now on.
  now = at("2026-10-08T16:45");
  EXPECT_EQ(ok(kiosk, "queue.status")["office"]["open"], false);
  now = at("2026-10-08T10:00");
  EXPECT_EQ(ok(manager, "dossier.receive", {{"procedure", "1.001695"}})["due_at"], "2026-10-09T16:30:00+07:00");

  // A restart of the hub: the same settings, from the log.
  service.reset();
  centre.reset();
  centre.emplace(store::CentreStore::open(db_path));
  service.emplace(*centre, cheap_options(), [this] { return now; });
  EXPECT_EQ(ok(manager_screen, "settings.get")["closed_services"], json::parse(R"(["DD"])"));
  refused(kiosk, "ticket.issue", {{"service", "DD"}}, "service.closed");
  EXPECT_EQ(ok(kiosk, "catalogue.get")["office_hours"]["afternoon"], "13:00-16:30");
  EXPECT_TRUE(ok(manager, "store.verify")["ok"]);
}

TEST_F(ServiceSettings, OnlyAManagerMayAndBadValuesChangeNothing) {
  const json before = ok(manager, "settings.get");
  refused(pair_device(Role::counter, 3).caller, "settings.set", {{"queue", {{"max_recalls", 1}}}}, protocol::error_code::forbidden);
  refused(pair_device(Role::ticket).caller, "settings.get", json::object(), protocol::error_code::forbidden);
  refused(manager, "settings.set", json::object(), protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"queue", 3}}, protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"queue", {{"max_recalls", "2"}}}}, protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"office_hours", {{"morning", 730}}}}, protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"office_hours", {{"weekdays", json::array({1, "2"})}}}}, protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"closed_services", "DD"}}, protocol::error_code::bad_args);
  refused(manager, "settings.set", {{"office_hours", {{"afternoon", "11:00-17:00"}}}}, "settings.invalid");
  refused(manager, "settings.set", {{"office_hours", {{"weekdays", json::array({0, 1})}}}}, "settings.invalid");
  refused(manager, "settings.set", {{"queue", {{"priority", "vip"}}}}, "settings.invalid");
  refused(manager, "settings.set", {{"queue", {{"normal_per_priority", 0}}}}, "settings.invalid");
  refused(manager, "settings.set", {{"closed_services", json::array({"DD", "ZZ"})}}, "service.unknown");
  EXPECT_EQ(ok(manager, "settings.get"), before);
  EXPECT_EQ(count_events("settings.changed"), 0);
  EXPECT_EQ(ok(manager, "settings.set", {{"queue", {{"max_recalls", 3}}}})["changed"], json::array());
  EXPECT_EQ(count_events("settings.changed"), 0);
}

TEST_F(ServiceSettings, CallsAndRecallsFollowTheNewQueueRule) {
  const Caller counter3 = staffed_counter(3);
  ok(counter3, "counter.open");
  ok(manager, "ticket.issue", {{"service", "HT"}});
  now += std::chrono::minutes(1);
  ok(manager, "ticket.issue", {{"service", "HT"}, {"priority", "elderly"}});
  ok(manager, "settings.set", {{"queue", {{"priority", "strict"}, {"max_recalls", 1}}}});
  EXPECT_EQ(ok(counter3, "counter.call")["priority"], "elderly");
  EXPECT_EQ(ok(counter3, "counter.recall")["state"], "called");
  EXPECT_EQ(ok(counter3, "counter.recall")["state"], "no_show");
}

// ---- Devices ---------------------------------------------------------------------------------------------

TEST_F(ServiceDevices, APrintersStatusIsKeptInMemoryAndListedNotLogged) {
  const Caller kiosk = pair_device(Role::ticket).caller;
  const Caller board = pair_device(Role::board).caller;
  service->take_pushes();
  auto entry = [&](const std::string& device) {
    const json list = ok(manager, "device.list");
    for (const json& d : list["devices"])
      if (d["device"] == device) return d;
    ADD_FAILURE() << "no device " << device;
    return json();
  };
  json listed = entry(board.device);
  EXPECT_TRUE(listed["printer"].is_null());
  EXPECT_TRUE(listed["printer_error"].is_null());
  EXPECT_EQ(listed["connected"], false);  // no hub here: nobody's connection is known

  const std::int64_t seq = centre->last_seq();
  now += std::chrono::minutes(2);
  ok(kiosk, "device.status", {{"printer", "paper_out"}, {"printer_error", "Hết giấy in"}});
  EXPECT_EQ(centre->last_seq(), seq) << "a printer's state is not a record";
  listed = entry(kiosk.device);
  EXPECT_EQ(listed["printer"], "paper_out");
  EXPECT_EQ(listed["printer_error"], "Hết giấy in");
  EXPECT_EQ(listed["last_seen"], format_instant(now, centre->zone()));

  // Managers hear of the change, once.
  std::vector<Push> pushes = service->take_pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_TRUE(pushes[0].is_device);
  EXPECT_TRUE(wants(subscription_of(Role::manager), pushes[0]));
  EXPECT_FALSE(wants(subscription_of(Role::ticket), pushes[0]));
  EXPECT_FALSE(wants(subscription_of(Role::board), pushes[0]));
  const json body = decoded_push(pushes[0]);
  EXPECT_EQ(body["push"], "device");
  EXPECT_EQ(body["device"]["device"], kiosk.device);
  EXPECT_EQ(body["device"]["printer"], "paper_out");
  ok(kiosk, "device.status", {{"printer", "paper_out"}, {"printer_error", "Hết giấy in"}});
  EXPECT_TRUE(service->take_pushes().empty()) << "the same state again is no news";
  ok(kiosk, "device.status", {{"printer", "ok"}});
  EXPECT_EQ(entry(kiosk.device)["printer_error"], nullptr);

  refused(kiosk, "device.status", {{"printer", "on_fire"}}, protocol::error_code::bad_args);
  refused(kiosk, "device.status", json::object(), protocol::error_code::bad_args);
  refused(kiosk, "device.status", {{"printer", "ok"}, {"printer_error", std::string(201, 'x')}}, protocol::error_code::bad_args);
  refused(kiosk, "device.list", json::object(), protocol::error_code::forbidden);

  // A restart forgets it: the kiosk reports again within minutes.
  service.emplace(*centre, cheap_options(), [this] { return now; });
  listed = entry(kiosk.device);
  EXPECT_TRUE(listed["printer"].is_null());
  EXPECT_TRUE(listed["last_seen"].is_null());
}

TEST_F(ServiceDevices, ConnectedAndLastSeenComeFromTheHubsConnections) {
  const Caller kiosk = pair_device(Role::ticket).caller;
  const Caller board = pair_device(Role::board).caller;
  const Instant closed_at = now + std::chrono::minutes(3);
  Options o = cheap_options();
  o.connections = [&] {
    return ConnectionMap{{board.device, DeviceConnections{1, std::nullopt}}, {kiosk.device, DeviceConnections{0, closed_at}}};
  };
  service.emplace(*centre, o, [this] { return now; });
  now += std::chrono::minutes(10);
  const json devices = ok(manager, "device.list")["devices"];
  ASSERT_EQ(devices.size(), 2u);
  for (const json& d : devices) {
    if (d["device"] == board.device) {
      EXPECT_EQ(d["connected"], true);
      EXPECT_EQ(d["last_seen"], format_instant(now, centre->zone()));
    } else {
      EXPECT_EQ(d["connected"], false);
      EXPECT_EQ(d["last_seen"], format_instant(closed_at, centre->zone()));
    }
  }
}

}  // namespace
}  // namespace kiosk::service::testing
