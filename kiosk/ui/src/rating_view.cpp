// The citizen-facing screen at a counter: the counter's number and who is being served; when a visit
// ends, faces to rate it (five levels, or three), a reason for a low rating, the optional nine criteria
// of the satisfaction survey, thanks. Silence for the citizen timeout abandons the rating.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "kiosk/domain/records.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"
#include "kiosk/window/targets.hpp"

namespace kiosk::ui {
namespace {

using nlohmann::json;

constexpr auto kThanksFor = std::chrono::seconds(5);
constexpr auto kErrorFor = std::chrono::seconds(5);
constexpr std::size_t kRememberedTickets = 256;

constexpr std::array<const char*, 5> kReasons = {"rating.reason_wait", "rating.reason_attitude", "rating.reason_guidance",
                                                 "rating.reason_slow", "rating.reason_other"};
// Criterion scores, best first: 2 Tốt, 1 Bình thường, 0 Chưa tốt.
constexpr std::array<std::pair<int, const char*>, 3> kScores = {
    {{2, "rating.score_good"}, {1, "rating.score_fair"}, {0, "rating.score_poor"}}};

std::string level_key(int five_level) { return "rating.level_" + std::to_string(five_level); }
std::string criterion_key(int index) { return "rating.criterion_" + std::to_string(index + 1); }

// Red through amber to green, for t from 0 (very dissatisfied) to 1 (very satisfied).
ImU32 face_colour(float t) {
  const auto mix = [](float a, float b, float f) { return static_cast<int>(a + (b - a) * f); };
  if (t < 0.5f) {
    const float f = t * 2;
    return IM_COL32(mix(214, 245, f), mix(48, 176, f), mix(40, 0, f), 255);
  }
  const float f = (t - 0.5f) * 2;
  return IM_COL32(mix(245, 24, f), mix(176, 150, f), mix(0, 72, f), 255);
}

// A face drawn with ImGui's draw list above its label: a touch target named by the label.
bool face(const char* id, ImVec2 size, ImFont* font, std::string_view text, float t) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImGui::PushID(id);
  const bool pressed = ImGui::InvisibleButton("##face", size);
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float rounding = size.x * 0.08f;
  draw->AddRectFilled(min, max, colour::panel, rounding);
  if (held) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 50), rounding);

  const float r = std::min(size.x * 0.36f, size.y * 0.3f);
  const ImVec2 c(min.x + size.x / 2, min.y + size.y * 0.08f + r);
  const ImU32 ink = colour::ink;
  draw->AddCircleFilled(c, r, face_colour(t), 48);
  draw->AddCircle(c, r, ink, 48, r * 0.05f);
  draw->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), r * 0.1f, ink, 16);
  draw->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.25f), r * 0.1f, ink, 16);
  // The mouth bends from a frown (t = 0) through a straight line to a smile (t = 1).
  const float bend = (t - 0.5f) * 2;
  const float mouth_y = c.y + r * 0.4f - bend * r * 0.12f;
  draw->AddBezierQuadratic(ImVec2(c.x - r * 0.45f, mouth_y), ImVec2(c.x, mouth_y + bend * r * 0.55f),
                           ImVec2(c.x + r * 0.45f, mouth_y), ink, r * 0.08f, 24);

  const float wrap = size.x - font->FontSize * 0.5f;
  const ImVec2 text_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.data(), text.data() + text.size());
  const ImVec2 text_at(min.x + (size.x - text_size.x) / 2, c.y + r + size.y * 0.06f);
  draw->AddText(font, font->FontSize, text_at, ink, text.data(), text.data() + text.size(), wrap);
  window::targets().add_target(std::string(text), min, max);
  window::targets().add_text(std::string(text));
  return pressed;
}

class RatingView final : public View {
 public:
  void draw(UiContext& ui) override;
  void on_event(UiContext& ui, const ScreenEvent& event) override;
  Clock::time_point next_change(const UiContext& ui) const override;
  void on_input(Clock::time_point now) override { last_input_ = now; }

 private:
  enum class Step { idle, faces, reason, criteria, sending, thanks, error };

  bool asking() const { return step_ == Step::faces || step_ == Step::reason || step_ == Step::criteria; }
  int five_level() const { return scale_ == 3 ? level_from_three(level_) : level_; }
  void start(UiContext& ui, const ScreenEvent& event);
  void abandon(UiContext& ui);
  void to_idle();
  void choose_level(UiContext& ui, int level);
  void after_reason(UiContext& ui);
  void next_criterion(UiContext& ui);
  void submit(UiContext& ui);
  void refresh(HubPort& hub, HubState& state);

  void draw_idle(UiContext& ui);
  void draw_faces(UiContext& ui);
  void draw_reason(UiContext& ui);
  void draw_criteria(UiContext& ui);
  void draw_language(UiContext& ui);

  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  Step step_ = Step::idle;
  int session_ = 0;  // a reply for an earlier session is ignored
  Clock::time_point last_input_{};
  Clock::time_point until_{};  // end of the thanks or the error; unset until drawn
  std::deque<std::int64_t> asked_;  // tickets already offered for rating
  QueueRefresher queue_;

  // This session
  std::int64_t ticket_ = 0;
  std::string number_;
  int scale_ = 5;
  int level_ = 0;
  int reason_ = -1;
  std::string comment_;
  bool criteria_shown_ = false;
  std::array<int, kCriteriaCount> criteria_{};
  int criterion_ = 0;
  std::string error_vi_, error_en_;
};

void RatingView::refresh(HubPort& hub, HubState& state) {
  queue_.request(hub, state);
}

void RatingView::on_event(UiContext& ui, const ScreenEvent& event) {
  if (event.replay || !ui.state.counter || event.counter != *ui.state.counter) return;
  switch (event.kind) {
    case ScreenEvent::Kind::ticket_finished:
      refresh(ui.hub, ui.state);
      // One rating per ticket: a ticket offered once is never offered again.
      if (std::find(asked_.begin(), asked_.end(), event.ticket) != asked_.end()) return;
      start(ui, event);
      ui.changed = true;
      break;
    case ScreenEvent::Kind::call:
    case ScreenEvent::Kind::recall:
    case ScreenEvent::Kind::counter_changed:
      refresh(ui.hub, ui.state);
      break;
    default:
      break;
  }
}

void RatingView::start(UiContext& ui, const ScreenEvent& event) {
  // A citizen still in front of an earlier question has left: the next one was served since.
  if (asking()) abandon(ui);
  asked_.push_back(event.ticket);
  if (asked_.size() > kRememberedTickets) asked_.pop_front();
  ++session_;
  step_ = Step::faces;
  ticket_ = event.ticket;
  number_ = event.number;
  scale_ = ui.options.rating_scale == 3 ? 3 : 5;
  level_ = 0;
  reason_ = -1;
  comment_.clear();
  criteria_shown_ = false;
  criteria_.fill(-1);
  criterion_ = 0;
  last_input_ = ui.now;
}

void RatingView::abandon(UiContext& ui) {
  // The hub may not know rating.abandon yet (protocol.unknown_command): nothing to do about any answer.
  ui.hub.request("rating.abandon", {{"ticket", ticket_}}, [](const Reply&) {});
  to_idle();
}

void RatingView::to_idle() {
  ++session_;
  step_ = Step::idle;
  until_ = {};
  set_lang(Lang::vi);  // the next citizen starts in Vietnamese
}

void RatingView::choose_level(UiContext& ui, int level) {
  level_ = level;
  if (five_level() <= 2) step_ = Step::reason;
  else after_reason(ui);
}

void RatingView::after_reason(UiContext& ui) {
  if (ui.options.rating_criteria) {
    step_ = Step::criteria;
    criteria_shown_ = true;
  } else {
    submit(ui);
  }
}

void RatingView::next_criterion(UiContext& ui) {
  if (++criterion_ >= kCriteriaCount) submit(ui);
}

void RatingView::submit(UiContext& ui) {
  json args = {{"ticket", ticket_}, {"level", level_}};
  if (scale_ == 3) args["scale"] = 3;
  if (reason_ >= 0) args["reason"] = texts().get(kReasons[static_cast<std::size_t>(reason_)], Lang::vi);
  if (!comment_.empty()) args["comment"] = comment_;
  if (criteria_shown_ && std::any_of(criteria_.begin(), criteria_.end(), [](int c) { return c >= 0; })) {
    json criteria = json::array();
    for (const int c : criteria_) criteria.push_back(c >= 0 ? json(c) : json(nullptr));
    args["criteria"] = criteria;
  }
  step_ = Step::sending;
  const int session = session_;
  std::weak_ptr<bool> alive = alive_;
  ui.hub.request("rating.submit", std::move(args), [this, alive, session](const Reply& reply) {
    if (alive.expired() || session != session_ || step_ != Step::sending) return;
    step_ = reply.ok ? Step::thanks : Step::error;
    until_ = {};
    error_vi_ = reply.error_vi;
    error_en_ = reply.error_en;
  });
}

Clock::time_point RatingView::next_change(const UiContext& ui) const {
  if (asking()) return last_input_ + ui.options.citizen_timeout;
  if (step_ == Step::thanks || step_ == Step::error) return until_ == Clock::time_point{} ? ui.now : until_;
  return Clock::time_point::max();
}

void RatingView::draw(UiContext& ui) {
  // Timers first: the thanks and errors end, and silence abandons the question.
  if ((step_ == Step::thanks || step_ == Step::error) && until_ == Clock::time_point{})
    until_ = ui.now + (step_ == Step::thanks ? kThanksFor : kErrorFor);
  if ((step_ == Step::thanks || step_ == Step::error) && ui.now >= until_) to_idle();
  if (asking() && ui.now - last_input_ >= ui.options.citizen_timeout) abandon(ui);

  begin_screen("rating");
  switch (step_) {
    case Step::idle: draw_idle(ui); break;
    case Step::faces: draw_faces(ui); break;
    case Step::reason: draw_reason(ui); break;
    case Step::criteria: draw_criteria(ui); break;
    case Step::sending:
      ImGui::Dummy(ImVec2(0, ImGui::GetMainViewport()->Size.y * 0.4f));
      label_centred(ui.fonts.title, colour::muted, tr("common.please_wait"));
      break;
    case Step::thanks:
      ImGui::Dummy(ImVec2(0, ImGui::GetMainViewport()->Size.y * 0.3f));
      label_centred(ui.fonts.large, colour::good, tr("rating.thanks"));
      ImGui::Dummy(ImVec2(0, ui.fonts.unit));
      label_centred(ui.fonts.title, colour::ink, tr("rating.thanks_more"));
      break;
    case Step::error:
      ImGui::Dummy(ImVec2(0, ImGui::GetMainViewport()->Size.y * 0.3f));
      label_centred(ui.fonts.title, colour::accent, tr("rating.failed"));
      ImGui::Dummy(ImVec2(0, ui.fonts.unit));
      label_centred(ui.fonts.title, colour::ink, pick(error_vi_, error_en_));
      break;
  }
  if (ui.state.ever_connected && !ui.state.connected && step_ == Step::idle) {
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetMainViewport()->Size.y - ui.fonts.unit * 2.2f));
    banner(ui.fonts.body_bold, tr("common.lost"), colour::banner, colour::ink);
  }
  end_screen();
}

void RatingView::draw_language(UiContext& ui) {
  const char* text = tr("common.switch_lang");
  ImFont* font = ui.fonts.body_bold;
  const float width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text).x + 1.6f * font->FontSize;
  ImGui::SetCursorPos(ImVec2(ImGui::GetMainViewport()->Size.x - width - ui.fonts.unit, ui.fonts.unit * 0.6f));
  if (button(font, text, colour::panel, colour::ink)) set_lang(lang() == Lang::vi ? Lang::en : Lang::vi);
  ImGui::SetCursorPos(ImVec2(ui.fonts.unit, ui.fonts.unit * 0.6f));
}

void RatingView::draw_idle(UiContext& ui) {
  const float height = ImGui::GetMainViewport()->Size.y;
  const float u = ui.fonts.unit;
  draw_language(ui);
  ImGui::SetCursorPosY(height * 0.14f);
  label_centred(ui.fonts.title, colour::muted, tr("rating.greeting"));
  ImGui::Dummy(ImVec2(0, u * 0.5f));
  const int number = ui.state.counter.value_or(0);
  label_centred(ui.fonts.large, colour::primary, std::string(tr("common.counter_n")) + " " + std::to_string(number));
  ImGui::Dummy(ImVec2(0, u));
  const auto& counter = ui.state.counter_state;
  if (counter && counter->ticket && (counter->ticket->state == "called" || counter->ticket->state == "serving")) {
    label_centred(ui.fonts.title, colour::ink, tr("rating.serving"));
    label_centred(ui.fonts.huge, colour::accent, counter->ticket->number);
  } else if (counter && counter->status != "open") {
    label_centred(ui.fonts.title, colour::muted, tr("rating.not_serving"));
  }
  if (counter && !counter->staff_name.empty()) {
    ImGui::Dummy(ImVec2(0, u));
    label_centred(ui.fonts.body, colour::muted, std::string(tr("rating.officer")) + ": " + counter->staff_name);
  }
}

void RatingView::draw_faces(UiContext& ui) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  draw_language(ui);
  ImGui::SetCursorPosY(u * 3.2f);
  if (!number_.empty()) label_centred(ui.fonts.body_bold, colour::muted, std::string(tr("rating.ticket")) + " " + number_);
  label_centred(ui.fonts.title, colour::ink, tr("rating.question"));
  ImGui::Dummy(ImVec2(0, u));
  const float gap = u;
  const float width = (screen.x - 2 * u - static_cast<float>(scale_ - 1) * gap) / static_cast<float>(scale_);
  const ImVec2 size(std::min(width, u * 14), std::min(screen.y * 0.5f, u * 13));
  const float row = size.x * static_cast<float>(scale_) + gap * static_cast<float>(scale_ - 1);
  ImGui::SetCursorPosX((screen.x - row) / 2);
  // Worst on the left, best on the right.
  for (int level = 1; level <= scale_; ++level) {
    if (level > 1) ImGui::SameLine(0, gap);
    const int five = scale_ == 3 ? level_from_three(level) : level;
    const std::string id = "face" + std::to_string(level);
    if (face(id.c_str(), size, ui.fonts.title, tr(level_key(five)), static_cast<float>(five - 1) / 4.0f))
      choose_level(ui, level);
  }
}

void RatingView::draw_reason(UiContext& ui) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  draw_language(ui);
  ImGui::SetCursorPosY(u * 3.2f);
  label_centred(ui.fonts.title, colour::ink, tr("rating.reason_question"));
  ImGui::Dummy(ImVec2(0, u * 0.5f));
  const float gap = u * 0.6f;
  const ImVec2 size((screen.x - 2 * u - gap) / 2, u * 2.8f);
  for (std::size_t i = 0; i < kReasons.size(); ++i) {
    if (i % 2 != 0) ImGui::SameLine(0, gap);
    else if (i > 0) ImGui::Dummy(ImVec2(0, gap * 0.5f));
    if (i % 2 == 0) ImGui::SetCursorPosX(u);
    const bool chosen = reason_ == static_cast<int>(i);
    if (tile(kReasons[i], size, ui.fonts.title, tr(kReasons[i]), nullptr, {}, chosen ? colour::primary : colour::panel,
             chosen ? colour::primary_ink : colour::ink))
      reason_ = chosen ? -1 : static_cast<int>(i);
  }
  ImGui::Dummy(ImVec2(0, u * 0.5f));
  ImGui::SetCursorPosX(u);
  label(ui.fonts.body_bold, colour::ink, tr("rating.comment"));
  ImGui::SetCursorPosX(u);
  text_input("comment", tr("rating.comment"), comment_, screen.x - 2 * u);
  ImGui::Dummy(ImVec2(0, u * 0.5f));
  const char* next = ui.options.rating_criteria ? tr("rating.next") : tr("rating.submit");
  ImGui::SetCursorPosX(u);
  if (button(ui.fonts.title, next, colour::primary, colour::primary_ink, true, screen.x - 2 * u)) after_reason(ui);
}

void RatingView::draw_criteria(UiContext& ui) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  draw_language(ui);
  ImGui::SetCursorPosY(u * 3.2f);
  label_centred(ui.fonts.body_bold, colour::muted,
                std::string(tr("rating.criteria_title")) + " · " + std::to_string(criterion_ + 1) + "/" +
                    std::to_string(kCriteriaCount));
  ImGui::Dummy(ImVec2(0, u * 0.5f));
  label_centred(ui.fonts.title, colour::ink, tr(criterion_key(criterion_)));
  ImGui::Dummy(ImVec2(0, u));
  const float gap = u;
  const ImVec2 size((screen.x - 2 * u - 2 * gap) / 3, u * 5);
  ImGui::SetCursorPosX(u);
  for (std::size_t i = 0; i < kScores.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, gap);
    const auto& [score, key] = kScores[i];
    if (tile(key, size, ui.fonts.large, tr(key), nullptr, {}, face_colour(static_cast<float>(score) / 2.0f),
             colour::primary_ink)) {
      criteria_[static_cast<std::size_t>(criterion_)] = score;
      next_criterion(ui);
      return;
    }
  }
  ImGui::Dummy(ImVec2(0, u));
  ImGui::SetCursorPosX(u);
  const float half = (screen.x - 2 * u - gap) / 2;
  if (button(ui.fonts.title, tr("rating.skip"), colour::panel, colour::ink, true, half)) {
    next_criterion(ui);
    return;
  }
  ImGui::SameLine(0, gap);
  if (button(ui.fonts.title, tr("rating.submit"), colour::primary, colour::primary_ink, true, half)) submit(ui);
}

}  // namespace

std::unique_ptr<View> make_rating_view() { return std::make_unique<RatingView>(); }

}  // namespace kiosk::ui
