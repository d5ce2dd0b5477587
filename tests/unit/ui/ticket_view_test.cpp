#include "harness.hpp"

namespace kiosk::ui::testing {
namespace {

nlohmann::json issued_ticket(const std::string& service, const std::string& number, int ahead, int wait_s) {
  return {{"id", 147},
          {"number", number},
          {"service", service},
          {"state", "waiting"},
          {"issued_at", "2026-11-23T08:15:00+07:00"},
          {"people_ahead", ahead},
          {"estimated_wait_s", wait_s},
          {"service_name_vi", "Đất đai"},
          {"service_name_en", "Land"},
          {"priority", "none"}};
}

class TicketViewTest : public ::testing::Test {
 protected:
  TicketViewTest() : h(1080, 1920) {
    h.state.apply_snapshot(sample_snapshot("ticket"));
    view = make_ticket_view();
  }
  ViewHarness h;
  std::unique_ptr<View> view;
};

TEST_F(TicketViewTest, HomeShowsEveryServiceWithWaitingAndWait) {
  h.settle(*view);
  EXPECT_TRUE(h.has_target("Đất đai"));
  EXPECT_TRUE(h.has_target("Hộ tịch"));
  EXPECT_TRUE(h.has_target("Chứng thực"));
  EXPECT_TRUE(h.shows("Đang chờ: 4 · Khoảng 25 phút"));
  EXPECT_TRUE(h.shows("Không phải chờ"));
  EXPECT_TRUE(h.shows("Trung tâm Phục vụ hành chính công huyện Thanh Trì"));
  EXPECT_EQ(h.missing_glyphs(), 0) << h.shown_summary();
}

TEST_F(TicketViewTest, TappingAServiceIssuesOneTicketShowsAndPrintsIt) {
  h.hub.responder = [](const std::string& cmd, const nlohmann::json&) {
    return cmd == "ticket.issue" ? ok_reply(issued_ticket("DD", "A-005", 4, 1500)) : ok_reply(nlohmann::json::object());
  };
  ASSERT_TRUE(h.tap(*view, "Đất đai"));
  ASSERT_EQ(h.hub.count("ticket.issue"), 1);
  EXPECT_EQ(h.hub.last("ticket.issue")->args, (nlohmann::json{{"service", "DD"}}));
  EXPECT_TRUE(h.shows("A-005"));
  EXPECT_TRUE(h.shows("Số người chờ trước: 4"));
  EXPECT_TRUE(h.shows("Thời gian chờ dự kiến: 25 phút"));
  EXPECT_TRUE(h.shows("Mời Ông/Bà nhận phiếu"));
  ASSERT_EQ(h.devices.tickets.size(), 1u);
  const auto& printed = h.devices.tickets.front();
  EXPECT_EQ(printed.number, "A-005");
  EXPECT_EQ(printed.service_name, "Đất đai");
  EXPECT_EQ(printed.issued_at, "23/11/2026 08:15");
  EXPECT_EQ(printed.people_ahead, 4);
  EXPECT_EQ(printed.qr_payload, "kiosk:ticket:H15.50.05.13:147");
  // The printer's state is reported to the hub for the manager's screen.
  ASSERT_EQ(h.hub.count("device.status"), 1);
  EXPECT_EQ(h.hub.last("device.status")->args["printer"], "ok");
  EXPECT_EQ(h.missing_glyphs(), 0) << h.shown_summary();
}

TEST_F(TicketViewTest, ADoubleTapWhileTheHubAnswersIssuesOnlyOnce) {
  h.hub.hold = true;
  h.hub.responder = [](const std::string&, const nlohmann::json&) { return ok_reply(issued_ticket("HT", "B-001", 0, 0)); };
  ASSERT_TRUE(h.tap(*view, "Hộ tịch"));
  EXPECT_TRUE(h.shows("Đang lấy số"));
  EXPECT_FALSE(h.has_target("Hộ tịch"));
  h.hub.release();
  h.settle(*view);
  EXPECT_EQ(h.hub.count("ticket.issue"), 1);
  EXPECT_TRUE(h.shows("B-001"));
}

TEST_F(TicketViewTest, APriorityCitizenChoosesTheCategoryThenTheService) {
  h.hub.responder = [](const std::string&, const nlohmann::json&) { return ok_reply(issued_ticket("HT", "B-002", 0, 0)); };
  ASSERT_TRUE(h.tap(*view, "Đối tượng ưu tiên"));
  EXPECT_TRUE(h.shows("Ông/Bà thuộc đối tượng ưu tiên nào?"));
  ASSERT_TRUE(h.tap(*view, "Người cao tuổi"));
  EXPECT_TRUE(h.shows("Ưu tiên: Người cao tuổi"));
  ASSERT_TRUE(h.tap(*view, "Hộ tịch"));
  EXPECT_EQ(h.hub.last("ticket.issue")->args, (nlohmann::json{{"service", "HT"}, {"priority", "elderly"}}));
  ASSERT_EQ(h.devices.tickets.size(), 1u);
  EXPECT_EQ(h.devices.tickets.front().priority_label, "Ưu tiên: Người cao tuổi");
}

TEST_F(TicketViewTest, BackToTheHomeScreenAfterIdleAndNoPriorityLeftBehind) {
  ASSERT_TRUE(h.tap(*view, "Đối tượng ưu tiên"));
  ASSERT_TRUE(h.tap(*view, "Phụ nữ mang thai"));
  EXPECT_TRUE(h.has_target("Không ưu tiên"));
  h.advance(*view, std::chrono::seconds(29));
  EXPECT_TRUE(h.shows("Ưu tiên: Phụ nữ mang thai"));
  h.advance(*view, std::chrono::seconds(2));
  EXPECT_TRUE(h.shows("Mời Ông/Bà chọn lĩnh vực"));
  EXPECT_FALSE(h.shows("Phụ nữ mang thai"));
  EXPECT_TRUE(h.has_target("Đối tượng ưu tiên"));
}

TEST_F(TicketViewTest, TheIssuedTicketLeavesTheScreenForTheNextCitizen) {
  h.hub.responder = [](const std::string&, const nlohmann::json&) { return ok_reply(issued_ticket("HT", "B-003", 0, 0)); };
  ASSERT_TRUE(h.tap(*view, "Hộ tịch"));
  EXPECT_TRUE(h.shows("B-003"));
  h.advance(*view, std::chrono::seconds(16));
  EXPECT_FALSE(h.shows("B-003"));
  EXPECT_TRUE(h.has_target("Hộ tịch"));
}

TEST_F(TicketViewTest, APrinterFailureStillShowsTheNumberAndSaysWhatToDo) {
  h.devices.outcome = PrintOutcome{false, "paper_out", "Máy in hết giấy", "paper out"};
  h.hub.responder = [](const std::string&, const nlohmann::json&) { return ok_reply(issued_ticket("HT", "B-004", 1, 300)); };
  ASSERT_TRUE(h.tap(*view, "Hộ tịch"));
  EXPECT_TRUE(h.shows("B-004"));
  EXPECT_TRUE(h.shows("Không in được phiếu"));
  EXPECT_EQ(h.hub.last("device.status")->args["printer"], "paper_out");
}

TEST_F(TicketViewTest, ARefusalIsShownInVietnameseAndNothingIsPrinted) {
  h.hub.responder = [](const std::string&, const nlohmann::json&) {
    return error_reply("service.closed", "Lĩnh vực này tạm ngừng cấp số", "service area HT is not issuing tickets now");
  };
  ASSERT_TRUE(h.tap(*view, "Hộ tịch"));
  EXPECT_TRUE(h.shows("Chưa lấy được số"));
  EXPECT_TRUE(h.shows("Lĩnh vực này tạm ngừng cấp số"));
  EXPECT_TRUE(h.devices.tickets.empty());
}

TEST_F(TicketViewTest, AClosedServiceCannotBeChosen) {
  h.state.queue[1].closed = true;  // HT
  h.settle(*view);
  EXPECT_FALSE(h.target_enabled("Hộ tịch"));
  EXPECT_TRUE(h.shows("Tạm ngừng cấp số"));
  EXPECT_TRUE(h.target_enabled("Đất đai"));
}

TEST_F(TicketViewTest, OutsideOfficeHoursItSaysSoAndWhenItOpens) {
  h.state.office.open = false;
  h.state.office.next_open = "2026-11-24T07:30:00+07:00";
  h.settle(*view);
  EXPECT_TRUE(h.shows("Ngoài giờ làm việc"));
  EXPECT_TRUE(h.shows("Sáng: 07:30-11:30"));
  EXPECT_TRUE(h.shows("Mở cửa lại lúc 24/11/2026 07:30"));
  EXPECT_FALSE(h.has_target("Hộ tịch"));
}

TEST_F(TicketViewTest, WithoutTheHubTheScreenSaysSoAndOffersNothingToTap) {
  h.state.connected = false;
  h.settle(*view);
  EXPECT_TRUE(h.shows("Mất kết nối với máy chủ trung tâm"));
  EXPECT_FALSE(h.target_enabled("Hộ tịch"));
}

TEST_F(TicketViewTest, EnglishOnRequest) {
  ASSERT_TRUE(h.tap(*view, "English"));
  EXPECT_TRUE(h.shows("Please choose the service you need"));
  EXPECT_TRUE(h.has_target("Land"));
  EXPECT_TRUE(h.has_target("Tiếng Việt"));
  EXPECT_EQ(h.missing_glyphs(), 0);
  set_lang(Lang::vi);
}

}  // namespace
}  // namespace kiosk::ui::testing
