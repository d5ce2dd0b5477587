// The manager's screen, headless: today's figures from a report made by the domain's own to_json, the
// devices table and its revoke confirmation, pairing codes, settings and their refusals, both languages.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness.hpp"
#include "kiosk/domain/indicators.hpp"
#include "kiosk/domain/time.hpp"

namespace kiosk::ui::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::chrono::system_clock::time_point utc(const char* iso) { return *parse_instant(iso, Zone::vietnam()); }

ScreenEvent screen_event(ScreenEvent::Kind kind, int counter = 0, bool replay = false) {
  return ScreenEvent{kind, replay, "", "", "", 0, counter};
}

json counters_json() {
  return json::array(
      {{{"number", 1},
        {"status", "open"},
        {"staff", "nv01"},
        {"staff_name", "Nguyễn Thị Lan"},
        {"current_ticket", nullptr}},
       {{"number", 3},
        {"status", "paused"},
        {"staff", "nv02"},
        {"staff_name", "Trần Văn Hùng"},
        {"current_ticket", nullptr}},
       {{"number", 5}, {"status", "closed"}, {"staff", ""}, {"staff_name", ""}, {"current_ticket", nullptr}}});
}

// A day at a district centre, written by the same to_json the hub's report.indicators uses.
json realistic_report() {
  Indicators ind;
  ind.period = Period{*parse_date("2026-11-23"), *parse_date("2026-11-23")};
  ind.queue.issued = 1234;
  ind.queue.served = 1180;
  ind.queue.no_show = 21;
  ind.queue.cancelled = 3;
  ind.queue.waiting = 30;
  ind.queue.avg_wait_s = 754.0;  // 12.6 min
  ind.queue.p90_wait_s = 1500;
  ind.queue.avg_service_s = 420.0;  // 7.0 min
  ind.queue.p90_service_s = 900;
  ind.dossiers.received = 310;
  ind.dossiers.carried_over = 40;
  ind.dossiers.new_ = 270;
  ind.dossiers.resolved = 250;
  ind.dossiers.early = 180;
  ind.dossiers.on_time = 66;
  ind.dossiers.late = 4;
  ind.dossiers.pending = 60;
  ind.dossiers.not_due = 57;
  ind.dossiers.overdue = 3;
  ind.new_by_channel = {
      {Channel::in_person, 175}, {Channel::online_full, 60}, {Channel::online_partial, 35}, {Channel::postal, 0}};
  ind.new_online = 95;
  ind.apology_slips = 4;
  ind.new_digitised = 262;
  ind.resolved_result_digitised = 248;
  ind.with_fee = 120;
  ind.paid_online = 84;
  ind.ratings = 400;
  ind.satisfied = 390;
  ind.ratings_abandoned = 35;
  ind.ratings_by_level = {{5, 300}, {4, 90}, {3, 7}, {2, 2}, {1, 1}};
  QueueFigures dd, ht;
  dd.issued = 420;
  dd.served = 380;
  ht.issued = 520;
  ht.served = 507;
  ind.queue_by_service = {{"DD", dd}, {"HT", ht}};
  QueueFigures c1, c3;
  c1.served = 211;
  c3.served = 187;
  ind.queue_by_counter = {{1, c1}, {3, c3}};
  return {{"centre", "H15.50.05.13"}, {"indicators", to_json(ind)}};
}

json devices_json() {
  return {{"devices", json::array({{{"device", "d-0001"},
                                    {"name", "Máy lấy số sảnh chính"},
                                    {"role", "ticket"},
                                    {"counter", nullptr},
                                    {"paired_at", "2026-11-01T08:00:00+07:00"},
                                    {"revoked_at", nullptr},
                                    {"connected", true},
                                    {"last_seen", "2026-11-23T09:00:00+07:00"},
                                    {"printer", "paper_out"},
                                    {"printer_error", nullptr}},
                                   {{"device", "d-0005"},
                                    {"name", "Bảng gọi số tầng 1"},
                                    {"role", "board"},
                                    {"counter", nullptr},
                                    {"paired_at", "2026-11-02T08:00:00+07:00"},
                                    {"revoked_at", nullptr},
                                    {"connected", false},
                                    {"last_seen", "2026-11-22T16:40:00+07:00"},
                                    {"printer", nullptr},
                                    {"printer_error", nullptr}},
                                   // An older hub: no connected, last_seen or printer.
                                   {{"device", "d-0007"},
                                    {"name", "Quầy 3"},
                                    {"role", "counter"},
                                    {"counter", 3},
                                    {"paired_at", "2026-11-02T08:00:00+07:00"},
                                    {"revoked_at", nullptr}},
                                   {{"device", "d-0009"},
                                    {"name", "Máy cũ"},
                                    {"role", "rating"},
                                    {"counter", 1},
                                    {"paired_at", "2026-10-02T08:00:00+07:00"},
                                    {"revoked_at", "2026-11-20T10:00:00+07:00"}}})}};
}

json settings_json(json closed = json::array()) {
  return {{"office_hours", {{"morning", "07:30-11:30"}, {"afternoon", "13:30-17:00"}, {"weekdays", {1, 2, 3, 4, 5}}}},
          {"queue", {{"priority", "interleave"}, {"normal_per_priority", 3}, {"max_recalls", 3}}},
          {"closed_services", std::move(closed)}};
}

class ManagerViewTest : public ::testing::Test {
 protected:
  ManagerViewTest() {
    json snapshot = sample_snapshot("manager");
    snapshot["counters"] = counters_json();
    h.state.apply_snapshot(snapshot);
    h.wall = utc("2026-11-23T09:15:00+07:00");
    answers["report.indicators"] = [](const json&) { return ok_reply(realistic_report()); };
    answers["queue.status"] = [](const json&) {
      return ok_reply({{"services", sample_snapshot("manager")["queue"]}, {"counters", counters_json()}});
    };
    answers["device.list"] = [](const json&) { return ok_reply(devices_json()); };
    answers["settings.get"] = [](const json&) { return ok_reply(settings_json()); };
    answers["pairing.create"] = [](const json& args) {
      return ok_reply({{"code", "28818270"},
                       {"role", args["role"]},
                       {"counter", args.value("counter", json(nullptr))},
                       {"expires_at", "2026-11-23T09:25:00+07:00"}});
    };
    h.hub.responder = [this](const std::string& cmd, const json& args) {
      const auto it = answers.find(cmd);
      if (it != answers.end()) return it->second(args);
      return error_reply("protocol.unknown_command", "Lệnh không được hỗ trợ", "unknown command");
    };
  }
  ~ManagerViewTest() override { set_lang(Lang::vi); }

  Clock::time_point next_change() {
    const UiContext ui = h.context();
    return view->next_change(ui);
  }
  int count_text(const std::string& text) const {
    int n = 0;
    for (const auto& t : window::targets().texts()) n += t == text ? 1 : 0;
    return n;
  }

  ViewHarness h;
  std::map<std::string, std::function<Reply(const json&)>> answers;
  std::unique_ptr<View> view = make_manager_view();
};

TEST_F(ManagerViewTest, TodayAsksForTheReportOfTheCentresLocalDate) {
  // 17:30 UTC on the 23rd is 00:30 on the 24th in Vietnam (UTC+7).
  h.wall = utc("2026-11-23T17:30:00Z");
  h.settle(*view);
  ASSERT_EQ(h.hub.count("report.indicators"), 1);
  const json& args = h.hub.last("report.indicators")->args;
  EXPECT_EQ(args["from"], "2026-11-24");
  EXPECT_EQ(args["to"], "2026-11-24");
  EXPECT_EQ(args["format"], "json");
  EXPECT_GE(h.hub.count("queue.status"), 1);
  EXPECT_TRUE(h.shows("24/11/2026")) << h.shown_summary();
}

TEST_F(ManagerViewTest, TodayShowsTheReportsFigures) {
  h.settle(*view);
  EXPECT_TRUE(h.shows("Số liệu hôm nay"));
  EXPECT_TRUE(h.shows("cập nhật lúc 09:15"));
  EXPECT_TRUE(h.shows("1.234")) << h.shown_summary();  // tickets issued, Vietnamese thousands
  EXPECT_TRUE(h.shows("1.180"));
  EXPECT_TRUE(h.shows("13 phút"));   // average wait 754 s
  EXPECT_TRUE(h.shows("7,0 phút"));  // average service 420 s
  EXPECT_TRUE(h.shows("98,4%"));     // on time: (180 + 66) / 250
  EXPECT_TRUE(h.shows("246/250"));
  EXPECT_TRUE(h.shows("97,5%"));  // satisfied 390 / 400
  EXPECT_TRUE(h.shows("70,0%"));  // paid online 84 / 120
  EXPECT_TRUE(h.shows("Mục tiêu quốc gia"));
  // Per service area: waiting now from the live queue, served today from the report.
  EXPECT_TRUE(h.shows("Đất đai"));
  EXPECT_TRUE(h.shows("380"));
  EXPECT_TRUE(h.shows("507"));
  // Per counter: status and staff from queue.status, served from the report.
  EXPECT_TRUE(h.shows("Quầy số 1"));
  EXPECT_TRUE(h.shows("Nguyễn Thị Lan"));
  EXPECT_TRUE(h.shows("Đang mở"));
  EXPECT_TRUE(h.shows("Tạm dừng"));
  EXPECT_TRUE(h.shows("211"));
  EXPECT_EQ(h.missing_glyphs(), 0);
}

TEST_F(ManagerViewTest, MissingOrUnexpectedFieldsShowADash) {
  answers["report.indicators"] = [](const json&) {
    return ok_reply({{"centre", "X"},
                     {"indicators",
                      {{"queue", "oops"},
                       {"received", {{"total", "many"}, {"online", nullptr}}},
                       {"resolved", json::array({1, 2})},
                       {"satisfaction", {{"rate", nullptr}, {"ratings", 12}, {"by_level", "?"}}},
                       {"digitised", 7}}}});
  };
  h.settle(*view);
  EXPECT_TRUE(h.shows("12"));
  EXPECT_GE(count_text("—"), 12) << h.shown_summary();
  EXPECT_EQ(h.missing_glyphs(), 0);

  // No indicators at all, then not even an object.
  answers["report.indicators"] = [](const json&) { return ok_reply({{"centre", "X"}, {"indicators", json::array()}}); };
  h.advance(*view, 61s);
  EXPECT_EQ(h.hub.count("report.indicators"), 2);
  EXPECT_GE(count_text("—"), 15);
  answers["report.indicators"] = [](const json&) { return ok_reply(json("not an object")); };
  h.advance(*view, 61s);
  EXPECT_EQ(h.hub.count("report.indicators"), 3);
  EXPECT_GE(count_text("—"), 15);
}

TEST_F(ManagerViewTest, AFailedReportSaysWhy) {
  answers["report.indicators"] = [](const json&) {
    return error_reply("hub.unavailable", "Máy chủ tạm thời không ghi được dữ liệu");
  };
  h.settle(*view);
  EXPECT_TRUE(h.shows("Máy chủ tạm thời không ghi được dữ liệu"));
}

TEST_F(ManagerViewTest, FiguresRefreshEveryMinuteAndAtMostEveryTenSecondsAfterChanges) {
  h.settle(*view);
  ASSERT_EQ(h.hub.count("report.indicators"), 1);
  EXPECT_EQ(next_change(), h.now + 60s);
  h.advance(*view, 30s);
  EXPECT_EQ(h.hub.count("report.indicators"), 1);  // no busy redraw, no early request
  h.advance(*view, 30s);
  EXPECT_EQ(h.hub.count("report.indicators"), 2);

  // A change 2 s after the last request: asked again 10 s after it, not at once.
  h.advance(*view, 2s);
  h.event(*view, screen_event(ScreenEvent::Kind::queue_changed));
  EXPECT_EQ(h.hub.count("report.indicators"), 2);
  EXPECT_EQ(next_change(), h.now + 8s);
  h.event(*view, screen_event(ScreenEvent::Kind::queue_changed));
  h.advance(*view, 8s);
  EXPECT_EQ(h.hub.count("report.indicators"), 3);

  // Replayed events after a reconnect change nothing by themselves.
  const ScreenEvent replayed = screen_event(ScreenEvent::Kind::counter_changed, 3, true);
  const int queue_before = h.hub.count("queue.status");
  h.event(*view, replayed);
  EXPECT_EQ(h.hub.count("queue.status"), queue_before);
}

TEST_F(ManagerViewTest, QueueStatusIsNeverAskedTwiceAtOnce) {
  h.settle(*view);
  h.hub.hold = true;
  const int before = h.hub.count("queue.status");
  const ScreenEvent call = screen_event(ScreenEvent::Kind::call, 3);
  h.event(*view, call);
  h.event(*view, call);
  h.event(*view, call);
  EXPECT_EQ(h.hub.count("queue.status"), before + 1);
  h.hub.release();  // one more, for the changes that came meanwhile
  EXPECT_EQ(h.hub.count("queue.status"), before + 2);
  h.hub.release();
  EXPECT_EQ(h.hub.count("queue.status"), before + 2);
  h.hub.hold = false;
}

TEST_F(ManagerViewTest, DevicesTableShowsRolesConnectionsAndPrinterInVietnamese) {
  h.tap(*view, "Thiết bị");
  ASSERT_EQ(h.hub.count("device.list"), 1);
  EXPECT_TRUE(h.shows("d-0001"));
  EXPECT_TRUE(h.shows("Máy lấy số sảnh chính"));
  EXPECT_TRUE(h.shows("Máy lấy số"));
  EXPECT_TRUE(h.shows("Bảng gọi số"));
  EXPECT_TRUE(h.shows("Hết giấy")) << h.shown_summary();
  EXPECT_TRUE(h.shows("Đã kết nối"));
  EXPECT_TRUE(h.shows("Không kết nối"));
  EXPECT_TRUE(h.shows("lần cuối 22/11 16:40"));
  EXPECT_TRUE(h.shows("Đã thu hồi"));
  EXPECT_GE(count_text("—"), 3);                 // d-0007's connection and printer, from a hub that does not say
  EXPECT_FALSE(h.has_target("Thu hồi d-0009"));  // revoked already
  EXPECT_EQ(h.missing_glyphs(), 0);
}

TEST_F(ManagerViewTest, RevokeNeedsConfirmation) {
  answers["device.revoke"] = [](const json& args) {
    return ok_reply({{"device", args["device"]},
                     {"name", "Bảng gọi số tầng 1"},
                     {"role", "board"},
                     {"counter", nullptr},
                     {"paired_at", "2026-11-02T08:00:00+07:00"},
                     {"revoked_at", "2026-11-23T09:15:00+07:00"}});
  };
  h.tap(*view, "Thiết bị");
  ASSERT_TRUE(h.tap(*view, "Thu hồi d-0005"));
  EXPECT_EQ(h.hub.count("device.revoke"), 0);
  EXPECT_TRUE(h.shows("Thu hồi quyền truy cập của thiết bị này?"));
  EXPECT_TRUE(h.shows("Bảng gọi số tầng 1"));
  h.tap(*view, "Huỷ");
  EXPECT_EQ(h.hub.count("device.revoke"), 0);
  EXPECT_TRUE(h.has_target("Thu hồi d-0005"));

  h.tap(*view, "Thu hồi d-0005");
  h.tap(*view, "Xác nhận thu hồi");
  ASSERT_EQ(h.hub.count("device.revoke"), 1);
  EXPECT_EQ(h.hub.last("device.revoke")->args, json({{"device", "d-0005"}}));
  EXPECT_TRUE(h.shows("Đã thu hồi thiết bị d-0005"));
  EXPECT_EQ(h.hub.count("device.list"), 2);  // the list again, as the hub now has it
}

// A refused revoke or pairing shows message_vi as it is, and its button can be tapped again.
TEST_F(ManagerViewTest, RefusalsShowTheHubsWords) {
  const auto refused = [this](const std::string& cmd, const std::string& vi, std::vector<std::string> taps) {
    answers[cmd] = [code = cmd, vi](const json&) { return error_reply(code, vi); };
    for (const auto& label : taps) h.tap(*view, label);
    EXPECT_EQ(h.hub.count(cmd), 1) << cmd;
    EXPECT_TRUE(h.shows(vi)) << h.shown_summary();
    EXPECT_TRUE(h.target_enabled(taps.back())) << taps.back();
  };
  refused("device.revoke", "Thiết bị đã bị thu hồi trước đó", {"Thiết bị", "Thu hồi d-0001", "Xác nhận thu hồi"});
  refused("pairing.create", "Mã trùng, vui lòng tạo lại", {"Ghép nối", "Máy lấy số", "Tạo mã"});
}

TEST_F(ManagerViewTest, PairingSendsRoleAndCounterAndShowsTheCode) {
  h.tap(*view, "Ghép nối");
  EXPECT_FALSE(h.target_enabled("Tạo mã"));
  h.tap(*view, "Quầy tiếp nhận");
  EXPECT_FALSE(h.target_enabled("Tạo mã"));  // a counter device needs its counter
  ASSERT_TRUE(h.tap(*view, "Quầy số 3"));
  h.tap(*view, "Tạo mã");
  ASSERT_EQ(h.hub.count("pairing.create"), 1);
  EXPECT_EQ(h.hub.last("pairing.create")->args, json({{"role", "counter"}, {"counter", 3}}));
  EXPECT_TRUE(h.shows("28818270"));
  EXPECT_TRUE(h.shows("Hết hạn lúc 09:25"));
  EXPECT_TRUE(h.shows("Quầy tiếp nhận · Quầy số 3"));
  EXPECT_EQ(h.missing_glyphs(), 0);
  // The only timer on this tab is the code's expiry.
  EXPECT_LE(next_change(), h.now + 10min + 1s);
  EXPECT_GE(next_change(), h.now + 10min);
  h.advance(*view, 10min + 1s);
  EXPECT_TRUE(h.shows("Mã đã hết hạn"));
  EXPECT_EQ(next_change(), Clock::time_point::max());

  // A board has no counter.
  h.tap(*view, "Tạo mã khác");
  h.tap(*view, "Bảng gọi số");
  h.tap(*view, "Tạo mã");
  EXPECT_EQ(h.hub.last("pairing.create")->args, json({{"role", "board"}}));
}

TEST_F(ManagerViewTest, SyncIsHonestAboutNotBeingConfigured) {
  h.tap(*view, "Đồng bộ");
  EXPECT_TRUE(h.shows("Chưa cấu hình đồng bộ với tỉnh"));
  EXPECT_EQ(next_change(), Clock::time_point::max());
}

// (One harness at a time: each owns the ImGui context.)
TEST(ManagerView, NoSyncTabWhenTheRoleHidesIt) {
  ViewHarness h;
  h.options.show_sync_status = false;
  h.state.apply_snapshot(sample_snapshot("manager"));
  auto view = make_manager_view();
  h.settle(*view);
  EXPECT_FALSE(h.has_target("Đồng bộ"));
  EXPECT_TRUE(h.has_target("Cài đặt"));
}

TEST_F(ManagerViewTest, ClosingAServiceAndSavingSendsOnlyThatChange) {
  answers["settings.set"] = [](const json& args) {
    json result = settings_json(args["closed_services"]);
    result["changed"] = {"closed_services"};
    return ok_reply(result);
  };
  h.tap(*view, "Cài đặt");
  ASSERT_EQ(h.hub.count("settings.get"), 1);
  EXPECT_FALSE(h.target_enabled("Lưu"));
  EXPECT_TRUE(h.shows("Đất đai: Đang cấp số")) << h.shown_summary();
  h.tap(*view, "Đất đai");
  EXPECT_TRUE(h.shows("Đất đai: Tạm ngừng"));
  EXPECT_TRUE(h.target_enabled("Lưu"));
  h.tap(*view, "Lưu");
  ASSERT_EQ(h.hub.count("settings.set"), 1);
  EXPECT_EQ(h.hub.last("settings.set")->args, json({{"closed_services", {"DD"}}}));
  EXPECT_TRUE(h.shows("Đã lưu thiết lập"));
  EXPECT_FALSE(h.target_enabled("Lưu"));
  EXPECT_TRUE(h.shows("Đất đai: Tạm ngừng"));
  EXPECT_EQ(h.missing_glyphs(), 0);
}

TEST_F(ManagerViewTest, ARefusedSaveShowsTheHubsWordsAndKeepsTheEdits) {
  answers["settings.set"] = [](const json&) {
    return error_reply("settings.invalid", "Buổi sáng phải kết thúc trước khi buổi chiều bắt đầu");
  };
  h.tap(*view, "Cài đặt");
  h.tap(*view, "T7");
  h.tap(*view, "Số lần gọi lại tối đa trước khi tính vắng mặt +");
  h.tap(*view, "Ưu tiên trước hết");
  h.tap(*view, "Lưu");
  ASSERT_EQ(h.hub.count("settings.set"), 1);
  EXPECT_EQ(h.hub.last("settings.set")->args, json({{"office_hours", {{"weekdays", {1, 2, 3, 4, 5, 6}}}},
                                                    {"queue", {{"priority", "strict"}, {"max_recalls", 4}}}}));
  EXPECT_TRUE(h.shows("Buổi sáng phải kết thúc trước khi buổi chiều bắt đầu"));
  EXPECT_FALSE(h.shows("Đã lưu thiết lập"));
  EXPECT_TRUE(h.target_enabled("Lưu"));  // nothing saved: still to be saved
  // Undo goes back to what the hub holds.
  h.tap(*view, "Hoàn tác");
  EXPECT_FALSE(h.target_enabled("Lưu"));
}

TEST_F(ManagerViewTest, SettingsChangedElsewhereKeepWhatTheManagerIsEditing) {
  h.tap(*view, "Cài đặt");
  h.tap(*view, "T7");  // an edit in progress
  answers["settings.get"] = [](const json&) { return ok_reply(settings_json({"HT"})); };
  h.event(*view, screen_event(ScreenEvent::Kind::settings_changed));
  EXPECT_EQ(h.hub.count("settings.get"), 2);
  EXPECT_TRUE(h.shows("Hộ tịch: Tạm ngừng"));  // taken from the hub
  answers["settings.set"] = [](const json&) { return error_reply("hub.unavailable", "Lỗi"); };
  h.tap(*view, "Lưu");
  EXPECT_EQ(h.hub.last("settings.set")->args, json({{"office_hours", {{"weekdays", {1, 2, 3, 4, 5, 6}}}}}));
}

TEST_F(ManagerViewTest, AnOlderHubWithoutSettingsIsSaidSo) {
  answers.erase("settings.get");
  h.tap(*view, "Cài đặt");
  EXPECT_TRUE(h.shows("Máy chủ trung tâm chưa hỗ trợ thay đổi thiết lập"));
  EXPECT_EQ(h.hub.count("settings.get"), 1);
  h.settle(*view, 5);
  EXPECT_EQ(h.hub.count("settings.get"), 1);  // not asked again and again
}

TEST_F(ManagerViewTest, EnglishShowsEnglishLabels) {
  h.settle(*view);
  ASSERT_TRUE(h.tap(*view, "English"));
  EXPECT_TRUE(h.has_target("Today"));
  EXPECT_TRUE(h.has_target("Devices"));
  EXPECT_TRUE(h.has_target("Pairing"));
  EXPECT_TRUE(h.has_target("Settings"));
  EXPECT_TRUE(h.has_target("Tiếng Việt"));
  EXPECT_TRUE(h.shows("Tickets issued"));
  EXPECT_TRUE(h.shows("1,234"));
  EXPECT_TRUE(h.shows("98.4%"));
  EXPECT_TRUE(h.shows("Land"));
  EXPECT_TRUE(h.shows("Counter 1"));
  h.tap(*view, "Devices");
  EXPECT_TRUE(h.shows("Out of paper"));
  EXPECT_TRUE(h.shows("Ticket kiosk"));
  h.tap(*view, "Tiếng Việt");
  EXPECT_TRUE(h.shows("Hết giấy"));
}

TEST_F(ManagerViewTest, EveryTabDrawsEveryGlyphInBothLanguages) {
  answers["device.revoke"] = [](const json&) {
    return error_reply("hub.unavailable", "Máy chủ tạm thời không ghi được dữ liệu");
  };
  h.settle(*view);
  for (const Lang which : {Lang::vi, Lang::en}) {
    set_lang(which);
    const bool vi = which == Lang::vi;
    for (const char* tab : {"manager.tab.today", "manager.tab.devices", "manager.tab.pairing", "manager.tab.sync",
                            "manager.tab.settings"}) {
      ASSERT_TRUE(h.tap(*view, tr(tab)));
      EXPECT_EQ(h.missing_glyphs(), 0) << tab << ": " << h.shown_summary();
    }
    // The screens behind a tab: the revoke confirmation and a pairing code.
    h.tap(*view, tr("manager.tab.devices"));
    h.tap(*view, std::string(tr("manager.dev.revoke")) + " d-0005");
    h.tap(*view, tr("manager.dev.confirm"));
    EXPECT_EQ(h.missing_glyphs(), 0) << h.shown_summary();
    h.tap(*view, tr("common.cancel"));
    h.tap(*view, tr("manager.tab.pairing"));
    h.tap(*view, tr("manager.role.rating"));
    h.tap(*view, std::string(tr("common.counter_n")) + " 1");
    h.tap(*view, tr("manager.pair.create"));
    EXPECT_TRUE(h.shows("28818270"));
    EXPECT_EQ(h.missing_glyphs(), 0) << h.shown_summary();
    h.advance(*view, 11min);
    EXPECT_EQ(h.missing_glyphs(), 0) << h.shown_summary();
    h.tap(*view, tr("manager.pair.another"));
    EXPECT_EQ(vi, lang() == Lang::vi);
  }
}

TEST(ManagerView, WithoutTheHubItSaysSoAndAsksNothing) {
  ViewHarness h;
  auto view = make_manager_view();
  h.settle(*view);
  EXPECT_TRUE(h.shows("Đang kết nối"));
  EXPECT_TRUE(h.hub.sent.empty());
  const UiContext ui = h.context();
  EXPECT_EQ(view->next_change(ui), Clock::time_point::max());
}

}  // namespace
}  // namespace kiosk::ui::testing
