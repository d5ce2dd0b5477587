// The staff terminal at counter 3, driven as staff use it: PIN keypad, call, serve, intake, dossier desk.
#include <algorithm>
#include <map>

#include "harness.hpp"

namespace kiosk::ui::testing {
namespace {

using nlohmann::json;

json ticket_json(std::int64_t id, const std::string& number, const std::string& service, const std::string& state) {
  return {{"id", id},          {"number", number}, {"service", service}, {"first_service", service},
          {"state", state},    {"counter", 3},     {"staff", "nv01"},    {"priority", "none"},
          {"recalls", 0},      {"transfers", 0},   {"dossiers", json::array()}};
}

json counter_json(const std::string& status, const std::string& staff = "nv01", const std::string& name = "Nguyễn Thị Lan",
                  json ticket = nullptr) {
  json c = {{"number", 3}, {"status", status}, {"staff", staff}, {"staff_name", staff.empty() ? "" : name},
            {"current_ticket", ticket.is_object() ? ticket["id"] : json(nullptr)}};
  if (ticket.is_object()) c["ticket"] = ticket;
  return c;
}

json catalogue_json() {
  return {{"centre", {{"code", "H15.50.05.13"}}},
          {"services", json::array()},
          {"counters",
           {{{"number", 3}, {"name_vi", "Quầy 3"}, {"name_en", "Counter 3"}, {"services", {"DD", "HT"}}},
            {{"number", 4}, {"name_vi", "Quầy 4"}, {"name_en", "Counter 4"}, {"services", {"CT"}}}}},
          {"procedures",
           {{{"code", "1.004227"}, {"name_vi", "Đăng ký đất đai lần đầu"}, {"name_en", "First land registration"},
             {"field", "DD"}, {"processing_time", 20}, {"unit", "working_days"}, {"fee", 100000}, {"online", "partial"}},
            {{"code", "1.001695"}, {"name_vi", "Cấp bản sao Trích lục hộ tịch"}, {"name_en", "Copy of a civil status extract"},
             {"field", "HT"}, {"processing_time", 1}, {"unit", "working_days"}, {"fee", 8000}, {"online", "full"}},
            {{"code", "2.000815"}, {"name_vi", "Chứng thực bản sao từ bản chính"}, {"name_en", "Certified copy"},
             {"field", "CT"}, {"processing_time", 4}, {"unit", "working_hours"}, {"fee", 0}, {"online", "none"}}}}};
}

json dossier_json(int status, const std::string& status_name, const std::string& status_vi, json timeliness = nullptr,
                  int apology_slips = 0) {
  return {{"code", "H15.50.05.13-261123-0001"},
          {"procedure", "1.004227"},
          {"field", "DD"},
          {"channel", "in_person"},
          {"status", status},
          {"status_name", status_name},
          {"status_name_vi", status_vi},
          {"received_at", "2026-11-02T09:10:00+07:00"},
          {"due_at", "2026-11-25T17:00:00+07:00"},
          {"promised_at", apology_slips > 0 ? json("2026-12-01T17:00:00+07:00") : json(nullptr)},
          {"timeliness", timeliness},
          {"apology_slips", apology_slips},
          {"ticket", nullptr}};
}

class CounterViewTest : public ::testing::Test {
 protected:
  CounterViewTest() {
    h.state.apply_snapshot(sample_snapshot("counter", 3));
    view = make_counter_view();
  }
  // Signs staff in without the keypad, with the counter in `status` holding `ticket`.
  void signed_in(const std::string& status, json ticket = nullptr) {
    h.state.apply_counter(counter_json(status, "nv01", "Nguyễn Thị Lan", std::move(ticket)));
    h.settle(*view);
  }
  // A hub answering these commands; everything else "ok, {}".
  void answer(std::map<std::string, std::function<Reply(const json&)>> answers) {
    h.hub.responder = [answers = std::move(answers)](const std::string& cmd, const json& args) {
      const auto it = answers.find(cmd);
      return it != answers.end() ? it->second(args) : ok_reply(json::object());
    };
  }
  // Every target lies on the screen and no two overlap (a finger must be able to hit each one).
  void expect_tidy_screen(const std::string& what) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const auto& targets = window::targets().targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto& t = targets[i];
      EXPECT_TRUE(t.min.x >= 0 && t.min.y >= 0 && t.max.x <= size.x && t.max.y <= size.y)
          << what << ": \"" << t.label << "\" leaves the screen (" << t.max.x << ", " << t.max.y << ")";
      for (std::size_t j = i + 1; j < targets.size(); ++j) {
        const auto& o = targets[j];
        const bool overlap = t.min.x < o.max.x && o.min.x < t.max.x && t.min.y < o.max.y && o.min.y < t.max.y;
        EXPECT_FALSE(overlap) << what << ": \"" << t.label << "\" overlaps \"" << o.label << "\"";
      }
    }
    EXPECT_EQ(h.missing_glyphs(), 0) << what << ": " << h.shown_summary();
  }
  void open_intake() {
    answer({{"catalogue.get", [](const json&) { return ok_reply(catalogue_json()); }}});
    h.settle(*view);
    ASSERT_TRUE(h.tap(*view, "Tiếp nhận hồ sơ"));
  }

  ViewHarness h;
  std::unique_ptr<View> view;
};

// ---- Sign-in -------------------------------------------------------------------------------------------

TEST_F(CounterViewTest, AWrongPinShowsTheHubsMessageAndSendsThePinTypedOnTheKeypad) {
  answer({{"staff.sign_in", [](const json&) {
             return error_reply("staff.bad_credentials", "Mã nhân viên hoặc mã PIN không đúng (còn 4 lần thử)",
                                "wrong staff id or PIN");
           }}});
  h.settle(*view);
  EXPECT_TRUE(h.shows("Quầy số 3"));
  EXPECT_FALSE(h.target_enabled("Đăng nhập"));  // nothing typed yet
  ASSERT_TRUE(h.tap(*view, "Mã nhân viên"));
  h.type(*view, "nv01");
  for (const char* key : {"4", "8", "2", "9", "Xoá", "9", "1", "3"}) ASSERT_TRUE(h.tap(*view, key));
  EXPECT_TRUE(h.shows("• • • • • •"));
  EXPECT_FALSE(h.shows("482913"));  // the PIN is never shown
  ASSERT_TRUE(h.tap(*view, "Đăng nhập"));

  ASSERT_EQ(h.hub.count("staff.sign_in"), 1);
  EXPECT_EQ(h.hub.last("staff.sign_in")->args, (json{{"staff", "nv01"}, {"pin", "482913"}}));
  EXPECT_TRUE(h.shows("Mã nhân viên hoặc mã PIN không đúng (còn 4 lần thử)"));
  EXPECT_FALSE(h.shows("•"));  // the PIN was cleared for the next try
  EXPECT_FALSE(h.target_enabled("Đăng nhập"));
  EXPECT_TRUE(h.shows("nv01"));  // the staff id stays
}

TEST_F(CounterViewTest, AGoodSignInShowsTheStaffNameAndLoadsTheCatalogueOnce) {
  answer({{"staff.sign_in", [](const json&) { return ok_reply(counter_json("closed")); }},
          {"catalogue.get", [](const json&) { return ok_reply(catalogue_json()); }}});
  h.settle(*view);
  ASSERT_TRUE(h.tap(*view, "Mã nhân viên"));
  h.type(*view, "nv01");
  for (const char* key : {"4", "8", "2", "9", "1", "3"}) ASSERT_TRUE(h.tap(*view, key));
  ASSERT_TRUE(h.tap(*view, "Đăng nhập"));
  EXPECT_TRUE(h.shows("Quầy số 3 — Nguyễn Thị Lan"));
  EXPECT_TRUE(h.shows("Trạng thái: Đã đóng"));
  ASSERT_TRUE(h.state.counter_state);
  EXPECT_EQ(h.state.counter_state->staff, "nv01");
  h.settle(*view, 5);
  EXPECT_EQ(h.hub.count("catalogue.get"), 1);
  // The counter's own services, from the catalogue, make its queue.
  EXPECT_TRUE(h.shows("Đất đai"));
  EXPECT_TRUE(h.shows("4 người chờ"));
  EXPECT_TRUE(h.shows("Hộ tịch"));
  EXPECT_FALSE(h.shows("Chứng thực"));
}

TEST_F(CounterViewTest, ALockedMemberSeesWhenToTryAgain) {
  answer({{"staff.sign_in", [](const json&) {
             return error_reply("staff.locked", "Tài khoản tạm khoá do nhập sai mã PIN nhiều lần; thử lại sau 21:42");
           }}});
  h.settle(*view);
  ASSERT_TRUE(h.tap(*view, "Mã nhân viên"));
  h.type(*view, "nv01");
  for (const char* key : {"1", "2", "3", "4"}) ASSERT_TRUE(h.tap(*view, key));
  ASSERT_TRUE(h.tap(*view, "Đăng nhập"));
  EXPECT_TRUE(h.shows("thử lại sau 21:42"));
}

TEST_F(CounterViewTest, SignOutReturnsToTheSignInAndForgetsTheWork) {
  answer({{"staff.sign_out", [](const json&) { return ok_reply(counter_json("closed", "")); }}});
  signed_in("open");
  ASSERT_TRUE(h.tap(*view, "Đăng xuất"));
  EXPECT_EQ(h.hub.count("staff.sign_out"), 1);
  EXPECT_TRUE(h.has_target("Mã nhân viên"));
  EXPECT_FALSE(h.shows("Nguyễn Thị Lan"));
}

// ---- The counter and its ticket ------------------------------------------------------------------------

TEST_F(CounterViewTest, CallNextSendsCounterCallAndShowsTheReturnedNumber) {
  answer({{"counter.call", [](const json&) { return ok_reply(ticket_json(146, "B-003", "HT", "called")); }}});
  signed_in("open");
  EXPECT_TRUE(h.shows("Chưa gọi số nào"));
  ASSERT_TRUE(h.tap(*view, "Gọi số tiếp theo"));
  ASSERT_EQ(h.hub.count("counter.call"), 1);
  EXPECT_EQ(h.hub.last("counter.call")->args, json::object());
  EXPECT_TRUE(h.shows("B-003"));
  EXPECT_TRUE(h.shows("Hộ tịch"));
  EXPECT_TRUE(h.shows("Đã gọi, chờ công dân đến quầy"));
  ASSERT_TRUE(h.state.counter_state && h.state.counter_state->ticket);
  EXPECT_EQ(h.state.counter_state->ticket->number, "B-003");
  EXPECT_EQ(h.state.counter_state->status, "open");
  EXPECT_FALSE(h.target_enabled("Gọi số tiếp theo"));
  EXPECT_TRUE(h.target_enabled("Gọi lại"));
  EXPECT_TRUE(h.target_enabled("Bắt đầu"));
  EXPECT_TRUE(h.target_enabled("Vắng mặt"));
}

TEST_F(CounterViewTest, ButtonsAreEnabledOnlyWhenTheyMakeSense) {
  struct Case {
    std::string status, ticket_state;
    std::vector<std::string> enabled;
  };
  const std::vector<std::string> all = {"Gọi số tiếp theo", "Gọi lại", "Bắt đầu", "Hoàn thành", "Vắng mặt", "Chuyển",
                                        "Mở quầy", "Tạm dừng", "Đóng quầy"};
  const std::vector<Case> cases = {
      {"closed", "", {"Mở quầy"}},
      {"paused", "", {"Mở quầy", "Đóng quầy"}},
      {"open", "", {"Gọi số tiếp theo", "Tạm dừng", "Đóng quầy"}},
      {"open", "called", {"Gọi lại", "Bắt đầu", "Vắng mặt"}},
      {"open", "serving", {"Hoàn thành", "Chuyển"}},
      {"open", "served", {"Gọi số tiếp theo", "Tạm dừng", "Đóng quầy"}},
      {"open", "no_show", {"Gọi số tiếp theo", "Tạm dừng", "Đóng quầy"}},
  };
  for (const auto& c : cases) {
    signed_in(c.status, c.ticket_state.empty() ? json(nullptr) : ticket_json(146, "B-003", "HT", c.ticket_state));
    for (const auto& button : all) {
      const bool expected = std::find(c.enabled.begin(), c.enabled.end(), button) != c.enabled.end();
      EXPECT_TRUE(h.has_target(button)) << button;
      EXPECT_EQ(h.target_enabled(button), expected) << c.status << "/" << c.ticket_state << ": " << button;
    }
  }
}

TEST_F(CounterViewTest, StartFinishAndTheCounterStaysConsistent) {
  answer({{"counter.start", [](const json&) { return ok_reply(ticket_json(146, "B-003", "HT", "serving")); }},
          {"counter.finish", [](const json&) { return ok_reply(ticket_json(146, "B-003", "HT", "served")); }}});
  signed_in("open", ticket_json(146, "B-003", "HT", "called"));
  ASSERT_TRUE(h.tap(*view, "Bắt đầu"));
  EXPECT_EQ(h.hub.count("counter.start"), 1);
  EXPECT_TRUE(h.shows("Đang phục vụ"));
  EXPECT_TRUE(h.target_enabled("Hoàn thành"));
  ASSERT_TRUE(h.tap(*view, "Hoàn thành"));
  EXPECT_EQ(h.hub.count("counter.finish"), 1);
  EXPECT_TRUE(h.shows("Đã phục vụ xong"));
  ASSERT_TRUE(h.state.counter_state->ticket);
  EXPECT_EQ(h.state.counter_state->ticket->state, "served");
  EXPECT_TRUE(h.target_enabled("Gọi số tiếp theo"));
  EXPECT_FALSE(h.target_enabled("Hoàn thành"));
}

TEST_F(CounterViewTest, AnEmptyQueueSaysNobodyIsWaiting) {
  answer({{"counter.call", [](const json&) {
             return error_reply("queue.empty", "Không có công dân đang chờ", "nobody is waiting for counter 3");
           }}});
  signed_in("open");
  ASSERT_TRUE(h.tap(*view, "Gọi số tiếp theo"));
  EXPECT_TRUE(h.shows("Không có công dân đang chờ"));
  set_lang(Lang::en);
  h.settle(*view);
  EXPECT_TRUE(h.shows("Nobody is waiting"));
  set_lang(Lang::vi);
}

TEST_F(CounterViewTest, ADoubleTapWhileTheHubAnswersCallsOnlyOnce) {
  answer({{"counter.call", [](const json&) { return ok_reply(ticket_json(146, "B-003", "HT", "called")); }}});
  signed_in("open");
  h.hub.hold = true;
  ASSERT_TRUE(h.tap(*view, "Gọi số tiếp theo"));
  EXPECT_FALSE(h.target_enabled("Gọi số tiếp theo"));
  h.settle(*view);
  EXPECT_EQ(h.hub.count("counter.call"), 1);
  h.hub.release();
  h.settle(*view);
  EXPECT_TRUE(h.shows("B-003"));
}

TEST_F(CounterViewTest, TransferPicksAnotherServiceArea) {
  answer({{"counter.transfer", [](const json& args) {
             json t = ticket_json(146, "B-003", args.value("to", ""), "waiting");
             return ok_reply(t);
           }}});
  signed_in("open", ticket_json(146, "B-003", "HT", "serving"));
  ASSERT_TRUE(h.tap(*view, "Chuyển"));
  EXPECT_TRUE(h.shows("Chuyển sang lĩnh vực"));
  EXPECT_FALSE(h.has_target("Hộ tịch"));  // not to the area it is already in
  ASSERT_TRUE(h.tap(*view, "Chứng thực"));
  ASSERT_EQ(h.hub.count("counter.transfer"), 1);
  EXPECT_EQ(h.hub.last("counter.transfer")->args, (json{{"to", "CT"}}));
  EXPECT_TRUE(h.shows("Đã chuyển: B-003 → Chứng thực"));
  EXPECT_TRUE(h.target_enabled("Gọi số tiếp theo"));
}

TEST_F(CounterViewTest, CounterEventsRefreshTheCounterOneRequestAtATime) {
  signed_in("open");
  h.hub.responder = [](const std::string& cmd, const json&) {
    if (cmd != "queue.status") return ok_reply(catalogue_json());
    return ok_reply({{"services", {{{"service", "DD"}, {"waiting", 7}}}},
                     {"counters", {counter_json("open", "nv01", "Nguyễn Thị Lan", ticket_json(150, "A-009", "DD", "called"))}}});
  };
  h.hub.hold = true;
  ScreenEvent changed = ScreenEvent::of(ScreenEvent::Kind::counter_changed);
  changed.counter = 3;
  h.event(*view, changed);
  h.event(*view, changed);
  EXPECT_EQ(h.hub.count("queue.status"), 1);
  ScreenEvent elsewhere = changed;
  elsewhere.counter = 5;
  h.event(*view, elsewhere);
  ScreenEvent replayed = changed;
  replayed.replay = true;
  h.event(*view, replayed);
  EXPECT_EQ(h.hub.count("queue.status"), 1);
  h.hub.hold = false;
  h.hub.release();  // the answer, then once more for what happened meanwhile
  h.settle(*view);
  EXPECT_EQ(h.hub.count("queue.status"), 2);
  EXPECT_TRUE(h.shows("A-009"));
  EXPECT_TRUE(h.shows("7 người chờ"));
}

TEST_F(CounterViewTest, NeverAsksToBeRedrawnByItself) {
  signed_in("open", ticket_json(146, "B-003", "HT", "serving"));
  const UiContext ui = h.context();
  EXPECT_EQ(view->next_change(ui), Clock::time_point::max());
}

// ---- Dossier intake --------------------------------------------------------------------------------------

TEST_F(CounterViewTest, TheProcedureSearchIgnoresDiacriticsAndCase) {
  signed_in("open");
  open_intake();
  EXPECT_TRUE(h.has_target("Đăng ký đất đai lần đầu"));
  ASSERT_TRUE(h.tap(*view, "Tìm thủ tục"));
  h.type(*view, "dat dai");
  EXPECT_TRUE(h.has_target("Đăng ký đất đai lần đầu"));
  EXPECT_FALSE(h.has_target("Cấp bản sao Trích lục hộ tịch"));
  EXPECT_FALSE(h.has_target("Chứng thực bản sao từ bản chính"));
}

TEST_F(CounterViewTest, HoTichInCapitalsFindsTheCivilStatusProcedure) {
  signed_in("open");
  open_intake();
  ASSERT_TRUE(h.tap(*view, "Tìm thủ tục"));
  h.type(*view, "HO TICH");
  EXPECT_TRUE(h.has_target("Cấp bản sao Trích lục hộ tịch"));
  EXPECT_FALSE(h.has_target("Đăng ký đất đai lần đầu"));
  EXPECT_FALSE(h.has_target("Chứng thực bản sao từ bản chính"));
}

TEST_F(CounterViewTest, IntakeSendsTheProcedureChannelFlagsAndTicketAndShowsTheDueDate) {
  signed_in("open", ticket_json(145, "A-002", "DD", "serving"));
  open_intake();
  answer({{"dossier.receive", [](const json&) {
             return ok_reply(dossier_json(2, "accepted", "Được tiếp nhận"));
           }}});
  EXPECT_TRUE(h.shows("Chọn thủ tục"));
  ASSERT_TRUE(h.tap(*view, "Tìm thủ tục"));
  h.type(*view, "dat dai");
  ASSERT_TRUE(h.tap(*view, "Đăng ký đất đai lần đầu"));
  EXPECT_TRUE(h.shows("Thời hạn giải quyết: 20 ngày làm việc"));
  EXPECT_TRUE(h.shows("Lệ phí: 100.000 ₫"));
  EXPECT_TRUE(h.shows("Gắn với số thứ tự: A-002"));
  ASSERT_TRUE(h.tap(*view, "Trực tuyến một phần"));
  ASSERT_TRUE(h.tap(*view, "Đã số hoá thành phần"));
  ASSERT_TRUE(h.tap(*view, "Liên thông"));
  ASSERT_TRUE(h.tap(*view, "Tái sử dụng dữ liệu"));
  ASSERT_TRUE(h.tap(*view, "Tái sử dụng dữ liệu"));  // changed her mind
  ASSERT_TRUE(h.tap(*view, "Tiếp nhận"));

  ASSERT_EQ(h.hub.count("dossier.receive"), 1);
  EXPECT_EQ(h.hub.last("dossier.receive")->args, (json{{"procedure", "1.004227"},
                                                       {"channel", "online_partial"},
                                                       {"inter_agency", true},
                                                       {"digitised", true},
                                                       {"data_reused", false},
                                                       {"paid_online", false},
                                                       {"ticket", "A-002"}}));
  EXPECT_TRUE(h.shows("Đã tiếp nhận hồ sơ"));
  EXPECT_TRUE(h.shows("Mã hồ sơ: H15.50.05.13-261123-0001"));
  EXPECT_TRUE(h.shows("Hẹn trả kết quả: 25/11/2026 17:00"));
  // The next citizen's intake starts afresh.
  ASSERT_TRUE(h.tap(*view, "Tiếp nhận hồ sơ khác"));
  EXPECT_TRUE(h.shows("Chọn thủ tục"));
}

TEST_F(CounterViewTest, IntakeWithoutAServedTicketLinksNoVisitAndARefusalIsShown) {
  signed_in("open");
  open_intake();
  answer({{"dossier.receive", [](const json&) {
             return error_reply("procedure.unknown", "Không có thủ tục này trong danh mục");
           }}});
  ASSERT_TRUE(h.tap(*view, "Chứng thực bản sao từ bản chính"));
  EXPECT_TRUE(h.shows("Không gắn với số thứ tự nào"));
  EXPECT_TRUE(h.shows("Không thu phí"));
  ASSERT_TRUE(h.tap(*view, "Tiếp nhận"));
  ASSERT_EQ(h.hub.count("dossier.receive"), 1);
  EXPECT_FALSE(h.hub.last("dossier.receive")->args.contains("ticket"));
  EXPECT_EQ(h.hub.last("dossier.receive")->args["channel"], "in_person");
  EXPECT_TRUE(h.shows("Không có thủ tục này trong danh mục"));
}

// ---- The dossier desk --------------------------------------------------------------------------------

TEST_F(CounterViewTest, ALateReturnAsksForTheApologySlipPrintsItThenReturns) {
  bool apologised = false;
  answer({{"catalogue.get", [](const json&) { return ok_reply(catalogue_json()); }},
          {"dossier.get", [](const json&) { return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "late")); }},
          {"dossier.return",
           [&apologised](const json&) {
             if (!apologised)
               return error_reply("dossier.apology_required",
                                  "Hồ sơ H15.50.05.13-261123-0001 giải quyết trễ hạn: cần lập phiếu xin lỗi và hẹn lại "
                                  "trước khi trả kết quả");
             return ok_reply(dossier_json(10, "returned", "Đã trả kết quả", "late", 1));
           }},
          {"dossier.apology", [&apologised](const json&) {
             apologised = true;
             return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "late", 1));
           }}});
  signed_in("open");
  ASSERT_TRUE(h.tap(*view, "Hồ sơ"));
  ASSERT_TRUE(h.tap(*view, "Mã hồ sơ"));
  h.type(*view, "H15.50.05.13-261123-0001");
  ASSERT_TRUE(h.tap(*view, "Tra cứu"));
  EXPECT_EQ(h.hub.last("dossier.get")->args, (json{{"code", "H15.50.05.13-261123-0001"}}));
  EXPECT_TRUE(h.shows("Trạng thái: Đã xử lý xong"));
  EXPECT_TRUE(h.shows("Hẹn trả kết quả: 25/11/2026 17:00"));
  EXPECT_TRUE(h.shows("Tiến độ: Trễ hạn"));
  EXPECT_TRUE(h.shows("Đăng ký đất đai lần đầu"));
  EXPECT_FALSE(h.target_enabled("Giải quyết xong"));
  EXPECT_FALSE(h.target_enabled("Đã bổ sung"));

  ASSERT_TRUE(h.tap(*view, "Trả kết quả"));
  EXPECT_TRUE(h.shows("cần lập phiếu xin lỗi"));
  EXPECT_TRUE(h.shows("Lý do trễ hạn"));
  EXPECT_FALSE(h.target_enabled("In phiếu xin lỗi"));
  ASSERT_TRUE(h.tap(*view, "Lý do trễ hạn"));
  h.type(*view, "Chờ ý kiến của cơ quan phối hợp");
  ASSERT_TRUE(h.tap(*view, "Ngày hẹn mới (yyyy-mm-dd)"));
  h.type(*view, "2026-12-01");
  ASSERT_TRUE(h.tap(*view, "In phiếu xin lỗi"));

  ASSERT_EQ(h.hub.count("dossier.apology"), 1);
  EXPECT_EQ(h.hub.last("dossier.apology")->args, (json{{"code", "H15.50.05.13-261123-0001"},
                                                      {"reason", "Chờ ý kiến của cơ quan phối hợp"},
                                                      {"new_due", "2026-12-01"}}));
  ASSERT_EQ(h.devices.apologies.size(), 1u);
  const ApologyToPrint& slip = h.devices.apologies.front();
  EXPECT_EQ(slip.dossier_code, "H15.50.05.13-261123-0001");
  EXPECT_EQ(slip.centre_name, "Trung tâm Phục vụ hành chính công huyện Thanh Trì");
  EXPECT_EQ(slip.procedure_name, "Đăng ký đất đai lần đầu");
  EXPECT_EQ(slip.received_at, "02/11/2026 09:10");
  EXPECT_EQ(slip.due_at, "25/11/2026 17:00");
  EXPECT_EQ(slip.new_due_at, "01/12/2026 17:00");
  EXPECT_EQ(slip.reason, "Chờ ý kiến của cơ quan phối hợp");
  EXPECT_EQ(slip.staff_name, "Nguyễn Thị Lan");
  EXPECT_EQ(slip.issued_at.size(), 16u);
  EXPECT_TRUE(h.shows("Đã in phiếu xin lỗi"));
  EXPECT_TRUE(h.shows("Hẹn trả lại: 01/12/2026 17:00"));

  ASSERT_TRUE(h.tap(*view, "Trả kết quả"));
  EXPECT_EQ(h.hub.count("dossier.return"), 2);
  EXPECT_TRUE(h.shows("Trạng thái: Đã trả kết quả"));
  EXPECT_FALSE(h.target_enabled("Trả kết quả"));
}

TEST_F(CounterViewTest, APrinterFailureOnTheApologySlipIsShown) {
  signed_in("open");
  h.devices.outcome = PrintOutcome{false, "paper_out", "Máy in hết giấy", "out of paper"};
  answer({{"dossier.get", [](const json&) { return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "late")); }},
          {"dossier.return",
           [](const json&) { return error_reply("dossier.apology_required", "Cần lập phiếu xin lỗi trước khi trả kết quả"); }},
          {"dossier.apology",
           [](const json&) { return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "late", 1)); }}});
  ASSERT_TRUE(h.tap(*view, "Hồ sơ"));
  ASSERT_TRUE(h.tap(*view, "Mã hồ sơ"));
  h.type(*view, "H15.50.05.13-261123-0001");
  ASSERT_TRUE(h.tap(*view, "Tra cứu"));
  ASSERT_TRUE(h.tap(*view, "Trả kết quả"));
  ASSERT_TRUE(h.tap(*view, "Lý do trễ hạn"));
  h.type(*view, "Hồ sơ phải xin ý kiến");
  ASSERT_TRUE(h.tap(*view, "Ngày hẹn mới (yyyy-mm-dd)"));
  h.type(*view, "1/12/2026");
  EXPECT_TRUE(h.shows("Ngày chưa đúng dạng yyyy-mm-dd"));
  EXPECT_FALSE(h.target_enabled("In phiếu xin lỗi"));
  ASSERT_TRUE(h.tap(*view, "Huỷ"));  // cancelling forgets what was typed
  EXPECT_FALSE(h.shows("Lý do trễ hạn"));
  ASSERT_TRUE(h.tap(*view, "Trả kết quả"));
  EXPECT_FALSE(h.shows("Hồ sơ phải xin ý kiến"));
  ASSERT_TRUE(h.tap(*view, "Lý do trễ hạn"));
  h.type(*view, "Hồ sơ phải xin ý kiến");
  ASSERT_TRUE(h.tap(*view, "Ngày hẹn mới (yyyy-mm-dd)"));
  h.type(*view, "2026-12-01");
  ASSERT_TRUE(h.tap(*view, "In phiếu xin lỗi"));
  EXPECT_EQ(h.devices.apologies.size(), 1u);
  EXPECT_TRUE(h.shows("Đã lập phiếu xin lỗi nhưng chưa in được: Máy in hết giấy"));
  EXPECT_TRUE(h.target_enabled("Trả kết quả"));
}

TEST_F(CounterViewTest, SupplementNeedsAReasonAndFollowsTheNationalStatusList) {
  signed_in("open");
  answer({{"dossier.get", [](const json&) { return ok_reply(dossier_json(4, "processing", "Đang xử lý")); }},
          {"dossier.supplement", [](const json&) {
             return ok_reply(dossier_json(5, "supplement_requested", "Yêu cầu bổ sung"));
           }},
          {"dossier.supplemented", [](const json&) { return ok_reply(dossier_json(4, "processing", "Đang xử lý")); }},
          {"dossier.resolve", [](const json&) {
             return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "on_time"));
           }}});
  ASSERT_TRUE(h.tap(*view, "Hồ sơ"));
  ASSERT_TRUE(h.tap(*view, "Mã hồ sơ"));
  h.type(*view, "H15.50.05.13-261123-0001");
  ASSERT_TRUE(h.tap(*view, "Tra cứu"));
  EXPECT_TRUE(h.shows("Tiến độ: Chưa có kết quả"));
  EXPECT_FALSE(h.target_enabled("Yêu cầu bổ sung"));  // no reason yet
  EXPECT_FALSE(h.target_enabled("Đã bổ sung"));
  EXPECT_FALSE(h.target_enabled("Trả kết quả"));
  EXPECT_TRUE(h.target_enabled("Giải quyết xong"));
  ASSERT_TRUE(h.tap(*view, "Lý do yêu cầu bổ sung"));
  h.type(*view, "Thiếu bản sao sổ hộ khẩu");
  ASSERT_TRUE(h.tap(*view, "Yêu cầu bổ sung"));
  EXPECT_EQ(h.hub.last("dossier.supplement")->args,
            (json{{"code", "H15.50.05.13-261123-0001"}, {"reason", "Thiếu bản sao sổ hộ khẩu"}}));
  EXPECT_TRUE(h.shows("Trạng thái: Yêu cầu bổ sung"));
  EXPECT_FALSE(h.target_enabled("Giải quyết xong"));
  ASSERT_TRUE(h.tap(*view, "Đã bổ sung"));
  EXPECT_EQ(h.hub.count("dossier.supplemented"), 1);
  ASSERT_TRUE(h.tap(*view, "Giải quyết xong"));
  EXPECT_EQ(h.hub.last("dossier.resolve")->args, (json{{"code", "H15.50.05.13-261123-0001"}}));
  EXPECT_TRUE(h.shows("Tiến độ: Đúng hạn"));
  EXPECT_TRUE(h.target_enabled("Trả kết quả"));
}

// ---- Every screen, both languages ----------------------------------------------------------------------

TEST_F(CounterViewTest, EveryScreenDrawsEveryGlyphAndFitsInBothLanguages) {
  answer({{"catalogue.get", [](const json&) { return ok_reply(catalogue_json()); }},
          {"dossier.get", [](const json&) { return ok_reply(dossier_json(9, "processed", "Đã xử lý xong", "late", 1)); }},
          {"dossier.receive", [](const json&) { return ok_reply(dossier_json(2, "accepted", "Được tiếp nhận")); }},
          {"dossier.return", [](const json&) { return error_reply("dossier.apology_required", "Cần lập phiếu xin lỗi"); }},
          {"staff.sign_in", [](const json&) { return error_reply("staff.bad_credentials", "Mã nhân viên hoặc mã PIN không đúng"); }}});
  for (const Lang language : {Lang::vi, Lang::en}) {
    const std::string in = language == Lang::vi ? "vi: " : "en: ";
    set_lang(language);
    h.state.apply_counter(counter_json("closed", ""));
    h.settle(*view);
    ASSERT_TRUE(h.tap(*view, "1"));
    h.settle(*view);
    expect_tidy_screen(in + "sign-in");

    signed_in("open", ticket_json(146, "B-003", "HT", "serving"));
    expect_tidy_screen(in + "serving");
    ASSERT_TRUE(h.tap(*view, tr("counter.transfer")));
    expect_tidy_screen(in + "transfer");

    ASSERT_TRUE(h.tap(*view, tr("counter.tab_intake")));
    expect_tidy_screen(in + "intake list");
    ASSERT_TRUE(h.tap(*view, language == Lang::vi ? "Đăng ký đất đai lần đầu" : "First land registration"));
    expect_tidy_screen(in + "intake form");
    ASSERT_TRUE(h.tap(*view, tr("counter.receive")));
    expect_tidy_screen(in + "received");

    ASSERT_TRUE(h.tap(*view, tr("counter.tab_dossier")));
    ASSERT_TRUE(h.tap(*view, tr("counter.lookup")));
    expect_tidy_screen(in + "dossier");
    ASSERT_TRUE(h.tap(*view, tr("counter.return")));
    expect_tidy_screen(in + "apology");
    ASSERT_TRUE(h.tap(*view, tr("counter.tab_serve")));
  }
  set_lang(Lang::vi);
}

TEST_F(CounterViewTest, WithoutTheHubTheScreenStaysAndSaysSo) {
  signed_in("open", ticket_json(146, "B-003", "HT", "serving"));
  h.state.connected = false;
  h.settle(*view);
  EXPECT_TRUE(h.shows("Mất kết nối với máy chủ trung tâm"));
  EXPECT_TRUE(h.shows("B-003"));
  expect_tidy_screen("lost");
}

TEST_F(CounterViewTest, TheLanguageSwitchShowsEnglish) {
  signed_in("open");
  ASSERT_TRUE(h.tap(*view, "English"));
  EXPECT_TRUE(h.shows("Counter 3 — Nguyễn Thị Lan"));
  EXPECT_TRUE(h.has_target("Call next"));
  ASSERT_TRUE(h.tap(*view, "Tiếng Việt"));
  EXPECT_TRUE(h.has_target("Gọi số tiếp theo"));
}

}  // namespace
}  // namespace kiosk::ui::testing
