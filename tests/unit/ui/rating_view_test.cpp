// The citizen-facing rating screen at counter 3.
#include "harness.hpp"

#include "kiosk/domain/records.hpp"

namespace kiosk::ui::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class RatingViewTest : public ::testing::Test {
 protected:
  RatingViewTest() {
    h.state.apply_snapshot(sample_snapshot("rating", 3));
    h.state.apply_counter({{"number", 3},
                           {"status", "open"},
                           {"staff", "nv01"},
                           {"staff_name", "Nguyễn Thị Lan"},
                           {"current_ticket", 146},
                           {"ticket", {{"id", 146}, {"number", "B-023"}, {"service", "HT"}, {"state", "serving"}}}});
    h.hub.responder = [](const std::string& cmd, const json& args) {
      if (cmd == "rating.submit")
        return ok_reply({{"ticket", args["ticket"]}, {"level", args["level"]}, {"scale", args.value("scale", 5)}});
      if (cmd == "rating.abandon")
        return error_reply("protocol.unknown_command", "Lệnh không hợp lệ", "unknown command");
      return ok_reply(json::object());
    };
  }
  std::unique_ptr<View> make() {
    auto view = make_rating_view();
    h.settle(*view);
    return view;
  }
  static ScreenEvent finished(std::int64_t ticket = 146, const std::string& number = "B-023", int counter = 3) {
    ScreenEvent e = ScreenEvent::of(ScreenEvent::Kind::ticket_finished);
    e.ticket = ticket;
    e.number = number;
    e.service = "HT";
    e.counter = counter;
    return e;
  }
  bool idle() const { return h.shows("Kính chào Ông/Bà") && !h.shows("Ông/Bà có hài lòng"); }
  void expect_tidy_screen(const std::string& what) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    for (const auto& t : window::targets().targets())
      EXPECT_TRUE(t.min.x >= 0 && t.min.y >= 0 && t.max.x <= size.x && t.max.y <= size.y)
          << what << ": \"" << t.label << "\" leaves the screen";
    EXPECT_EQ(h.missing_glyphs(), 0) << what << ": " << h.shown_summary();
  }

  ViewHarness h;
};

TEST_F(RatingViewTest, IdleShowsTheCounterAndWhoIsBeingServed) {
  auto view = make();
  EXPECT_TRUE(h.shows("Kính chào Ông/Bà"));
  EXPECT_TRUE(h.shows("Quầy số 3"));
  EXPECT_TRUE(h.shows("Đang phục vụ số"));
  EXPECT_TRUE(h.shows("B-023"));
  EXPECT_EQ(view->next_change(h.context()), Clock::time_point::max());  // idle draws nothing by itself
}

TEST_F(RatingViewTest, WithoutTheHubTheIdleScreenSaysSo) {
  auto view = make();
  h.state.connected = false;
  h.settle(*view);
  EXPECT_TRUE(h.shows("Mất kết nối với máy chủ trung tâm"));
  EXPECT_TRUE(h.shows("Quầy số 3"));
  expect_tidy_screen("lost");
}

TEST_F(RatingViewTest, AFinishedTicketAsksThenSatisfiedIsSentThanksAndBackToIdle) {
  auto view = make();
  h.event(*view, finished());
  EXPECT_TRUE(h.shows("Ông/Bà có hài lòng với cách phục vụ?"));
  for (const char* face : {"Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"})
    EXPECT_TRUE(h.has_target(face)) << face;
  ASSERT_TRUE(h.tap(*view, "Hài lòng"));
  ASSERT_EQ(h.hub.count("rating.submit"), 1);
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 4}}));
  EXPECT_TRUE(h.shows("Cảm ơn Ông/Bà!"));
  EXPECT_EQ(view->next_change(h.context()), h.now + seconds(5));
  h.advance(*view, seconds(4));
  EXPECT_TRUE(h.shows("Cảm ơn Ông/Bà!"));
  h.advance(*view, seconds(1));
  EXPECT_FALSE(h.shows("Cảm ơn Ông/Bà!"));
  EXPECT_TRUE(idle());
  EXPECT_EQ(h.hub.count("rating.abandon"), 0);
}

TEST_F(RatingViewTest, ALowRatingAsksForAReasonAndSendsIt) {
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Rất không hài lòng"));
  EXPECT_EQ(h.hub.count("rating.submit"), 0);
  EXPECT_TRUE(h.shows("Ông/Bà chưa hài lòng về điều gì?"));
  for (const char* reason : {"Chờ đợi lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ ràng", "Giải quyết chậm", "Lý do khác"})
    EXPECT_TRUE(h.has_target(reason)) << reason;
  ASSERT_TRUE(h.tap(*view, "Chờ đợi lâu"));
  ASSERT_TRUE(h.tap(*view, "Ý kiến thêm (không bắt buộc)"));
  h.type(*view, "Đợi gần một tiếng");
  ASSERT_TRUE(h.tap(*view, "Gửi đánh giá"));
  ASSERT_EQ(h.hub.count("rating.submit"), 1);
  EXPECT_EQ(h.hub.last("rating.submit")->args,
            (json{{"ticket", 146}, {"level", 1}, {"reason", "Chờ đợi lâu"}, {"comment", "Đợi gần một tiếng"}}));
  EXPECT_TRUE(h.shows("Cảm ơn Ông/Bà!"));
}

TEST_F(RatingViewTest, TheReasonIsSentInVietnameseWhateverTheScreensLanguage) {
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "English"));
  ASSERT_TRUE(h.tap(*view, "Dissatisfied"));
  ASSERT_TRUE(h.tap(*view, "Unclear guidance"));
  ASSERT_TRUE(h.tap(*view, "Send"));
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 2}, {"reason", "Hướng dẫn chưa rõ ràng"}}));
  EXPECT_TRUE(h.shows("Thank you!"));
  h.advance(*view, seconds(5));
  EXPECT_TRUE(idle());  // the next citizen starts in Vietnamese
}

TEST_F(RatingViewTest, ThirtySecondsOfSilenceAbandonsTheRating) {
  auto view = make();
  h.event(*view, finished());
  EXPECT_EQ(view->next_change(h.context()), h.now + seconds(30));
  h.advance(*view, seconds(20));
  ASSERT_TRUE(h.tap(*view, "Rất không hài lòng"));  // a touch restarts the wait
  h.advance(*view, seconds(29));
  EXPECT_TRUE(h.shows("Ông/Bà chưa hài lòng về điều gì?"));
  EXPECT_EQ(h.hub.count("rating.abandon"), 0);
  h.advance(*view, seconds(1));
  ASSERT_EQ(h.hub.count("rating.abandon"), 1);  // refused by an older hub: nothing more to do
  EXPECT_EQ(h.hub.last("rating.abandon")->args, (json{{"ticket", 146}}));
  EXPECT_EQ(h.hub.count("rating.submit"), 0);
  EXPECT_TRUE(idle());
  EXPECT_EQ(view->next_change(h.context()), Clock::time_point::max());
}

TEST_F(RatingViewTest, InputOnTheScreenKeepsTheQuestionOpen) {
  auto view = make();
  h.event(*view, finished());
  h.advance(*view, seconds(25));
  view->on_input(h.now);
  h.advance(*view, seconds(25));
  EXPECT_TRUE(h.shows("Ông/Bà có hài lòng"));
  h.advance(*view, seconds(5));
  EXPECT_EQ(h.hub.count("rating.abandon"), 1);
  EXPECT_TRUE(idle());
}

TEST_F(RatingViewTest, TheThreeLevelScreenSendsScaleThree) {
  h.options.rating_scale = 3;
  auto view = make();
  h.event(*view, finished());
  EXPECT_TRUE(h.has_target("Không hài lòng"));
  EXPECT_TRUE(h.has_target("Bình thường"));
  EXPECT_TRUE(h.has_target("Hài lòng"));
  EXPECT_FALSE(h.has_target("Rất hài lòng"));
  EXPECT_FALSE(h.has_target("Rất không hài lòng"));
  ASSERT_TRUE(h.tap(*view, "Hài lòng"));
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 3}, {"scale", 3}}));
}

TEST_F(RatingViewTest, TheLowestOfThreeLevelsAsksForAReason) {
  h.options.rating_scale = 3;
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Không hài lòng"));
  EXPECT_TRUE(h.shows("Ông/Bà chưa hài lòng về điều gì?"));
  ASSERT_TRUE(h.tap(*view, "Gửi đánh giá"));  // the reason is optional
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 1}, {"scale", 3}}));
}

TEST_F(RatingViewTest, NeutralOfThreeIsNotAskedForAReason) {
  h.options.rating_scale = 3;
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Bình thường"));
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 2}, {"scale", 3}}));
}

TEST_F(RatingViewTest, OneRatingPerTicket) {
  auto view = make();
  h.event(*view, finished());
  h.event(*view, finished());  // again while asking: nothing changes
  ASSERT_TRUE(h.tap(*view, "Rất hài lòng"));
  h.advance(*view, seconds(5));
  ASSERT_TRUE(idle());
  h.event(*view, finished());
  EXPECT_TRUE(idle());
  EXPECT_EQ(view->next_change(h.context()), Clock::time_point::max());
  EXPECT_EQ(h.hub.count("rating.submit"), 1);
  // An abandoned ticket is not asked again either; the next ticket is.
  h.event(*view, finished(147, "B-024"));
  h.advance(*view, seconds(30));
  ASSERT_TRUE(idle());
  h.event(*view, finished(147, "B-024"));
  EXPECT_TRUE(idle());
  h.event(*view, finished(148, "B-025"));
  EXPECT_TRUE(h.shows("Ông/Bà có hài lòng"));
}

TEST_F(RatingViewTest, ReplayedOrOtherCountersFinishesAreNotAsked) {
  auto view = make();
  ScreenEvent replayed = finished();
  replayed.replay = true;
  h.event(*view, replayed);
  EXPECT_TRUE(idle());
  h.event(*view, finished(200, "A-001", 4));
  EXPECT_TRUE(idle());
  h.event(*view, finished());  // the live one still asks
  EXPECT_TRUE(h.shows("Ông/Bà có hài lòng"));
}

TEST_F(RatingViewTest, ARefusalIsShownBrieflyThenIdle) {
  h.hub.responder = [](const std::string& cmd, const json&) {
    return cmd == "rating.submit" ? error_reply("rating.duplicate", "Lượt phục vụ này đã được đánh giá", "already rated")
                                  : ok_reply(json::object());
  };
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Rất hài lòng"));
  EXPECT_TRUE(h.shows("Lượt phục vụ này đã được đánh giá"));
  EXPECT_FALSE(h.shows("Cảm ơn"));
  h.advance(*view, seconds(5));
  EXPECT_TRUE(idle());
}

TEST_F(RatingViewTest, TheNineCriteriaAreOfferedAndCanBeSkipped) {
  h.options.rating_criteria = true;
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Rất hài lòng"));
  EXPECT_EQ(h.hub.count("rating.submit"), 0);
  EXPECT_TRUE(h.shows("Thời gian giải quyết so với quy định"));
  EXPECT_TRUE(h.shows("1/9"));
  ASSERT_TRUE(h.tap(*view, "Tốt"));
  EXPECT_TRUE(h.shows("Thời gian tại các cơ quan"));
  ASSERT_TRUE(h.tap(*view, "Bỏ qua"));
  EXPECT_TRUE(h.shows("Số lần đi lại"));
  ASSERT_TRUE(h.tap(*view, "Chưa tốt"));
  ASSERT_TRUE(h.tap(*view, "Bình thường"));
  ASSERT_TRUE(h.tap(*view, "Gửi đánh giá"));  // the rest left unanswered
  ASSERT_EQ(h.hub.count("rating.submit"), 1);
  EXPECT_EQ(h.hub.last("rating.submit")->args,
            (json{{"ticket", 146},
                  {"level", 5},
                  {"criteria", {2, nullptr, 0, 1, nullptr, nullptr, nullptr, nullptr, nullptr}}}));
}

TEST_F(RatingViewTest, AllNineCriteriaAnsweredSubmitAfterTheLast) {
  h.options.rating_criteria = true;
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Bình thường"));
  for (int i = 0; i < kCriteriaCount; ++i) {
    EXPECT_TRUE(h.shows(std::to_string(i + 1) + "/9"));
    ASSERT_TRUE(h.tap(*view, "Tốt"));
  }
  EXPECT_EQ(h.hub.last("rating.submit")->args,
            (json{{"ticket", 146}, {"level", 3}, {"criteria", {2, 2, 2, 2, 2, 2, 2, 2, 2}}}));
}

TEST_F(RatingViewTest, SkippingEveryCriterionSendsNone) {
  h.options.rating_criteria = true;
  auto view = make();
  h.event(*view, finished());
  ASSERT_TRUE(h.tap(*view, "Không hài lòng"));
  ASSERT_TRUE(h.tap(*view, "Tiếp tục"));  // no reason given
  for (int i = 0; i < kCriteriaCount; ++i) ASSERT_TRUE(h.tap(*view, "Bỏ qua"));
  EXPECT_EQ(h.hub.last("rating.submit")->args, (json{{"ticket", 146}, {"level", 2}}));
}

TEST_F(RatingViewTest, TheTextsNameLevelsAndCriteriaAsTheDomainDoes) {
  for (int level = 1; level <= 5; ++level)
    EXPECT_EQ(texts().get("rating.level_" + std::to_string(level), Lang::vi), level_name_vi(level));
  for (int i = 0; i < kCriteriaCount; ++i)
    EXPECT_EQ(texts().get("rating.criterion_" + std::to_string(i + 1), Lang::vi), criterion_name_vi(i));
}

TEST_F(RatingViewTest, EveryScreenDrawsEveryGlyphInBothLanguages) {
  h.options.rating_criteria = true;
  auto view = make();
  for (const Lang language : {Lang::vi, Lang::en}) {
    const std::string in = language == Lang::vi ? "vi: " : "en: ";
    set_lang(language);
    h.settle(*view);
    expect_tidy_screen(in + "idle");
    h.event(*view, finished(300 + static_cast<int>(language)));
    set_lang(language);
    h.settle(*view);
    expect_tidy_screen(in + "faces");
    ASSERT_TRUE(h.tap(*view, tr("rating.level_1")));
    expect_tidy_screen(in + "reason");
    ASSERT_TRUE(h.tap(*view, tr("rating.next")));
    for (int i = 0; i < kCriteriaCount - 1; ++i) {
      expect_tidy_screen(in + "criterion " + std::to_string(i + 1));
      ASSERT_TRUE(h.tap(*view, tr("rating.skip")));
    }
    expect_tidy_screen(in + "criterion 9");
    ASSERT_TRUE(h.tap(*view, tr("rating.score_fair")));
    expect_tidy_screen(in + "thanks");
    h.advance(*view, seconds(5));
  }
  h.options.rating_scale = 3;
  set_lang(Lang::en);
  h.event(*view, finished(400));
  set_lang(Lang::en);
  h.settle(*view);
  expect_tidy_screen("en: three faces");
  set_lang(Lang::vi);
  h.settle(*view);
  expect_tidy_screen("vi: three faces");
  h.hub.responder = [](const std::string&, const json&) { return error_reply("rating.duplicate", "Lượt phục vụ này đã được đánh giá"); };
  ASSERT_TRUE(h.tap(*view, "Hài lòng"));
  expect_tidy_screen("vi: error");
}

}  // namespace
}  // namespace kiosk::ui::testing
