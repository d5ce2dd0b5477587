// The call board on a TV: the newest call large and highlighted, the calls before it, how many wait for
// each service area, and a notice. Each live call is announced (chime, then Vietnamese speech); a recall
// is announced again. Replayed calls after a reconnect are listed, never announced.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/domain/spoken.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

// The newest call stays highlighted this long: long enough to catch an eye, short enough that the next
// call stands out again.
constexpr std::chrono::seconds kHighlight{10};
// The notice changes page at this pace instead of scrolling smoothly: a scrolling line would redraw the
// whole screen many times a second, and a board runs all day on a fanless box.
constexpr std::chrono::seconds kNoticePage{10};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

class BoardView : public View {
 public:
  void draw(UiContext& ui) override {
    begin_screen("##board");
    const ImVec2 size = ImGui::GetContentRegionAvail();
    const float unit = ui.fonts.unit;
    label(ui.fonts.title, colour::primary, ui.state.centre_name().empty() ? " " : ui.state.centre_name(), size.x * 0.75f);
    ImGui::SameLine(size.x - unit * 5);
    label(ui.fonts.title, colour::ink, local_time_text(ui.wall, "%H:%M"));
    if (!ui.state.connected) banner(ui.fonts.title, tr(ui.state.refused ? "common.refused" : "common.lost"), colour::banner, colour::ink);

    const float notice_height = unit * 2.2f;
    const float body_height = ImGui::GetContentRegionAvail().y - notice_height - unit * 0.5f;
    ImGui::BeginChild("##calls", ImVec2(size.x * 0.62f, body_height), false, ImGuiWindowFlags_NoScrollbar);
    calls(ui);
    ImGui::EndChild();
    ImGui::SameLine(0, unit);
    ImGui::BeginChild("##waiting", ImVec2(0, body_height), false, ImGuiWindowFlags_NoScrollbar);
    waiting(ui);
    ImGui::EndChild();
    notice(ui, notice_height);
    end_screen();
  }

  void on_event(UiContext& ui, const ScreenEvent& event) override {
    if (event.kind != ScreenEvent::Kind::call && event.kind != ScreenEvent::Kind::recall) return;
    if (event.replay) return;
    highlight_until_ = ui.now + kHighlight;
    ui.devices.announce(announcement_vi(CallAnnouncement{event.number, event.counter, event.kind == ScreenEvent::Kind::recall}));
  }

  Clock::time_point next_change(const UiContext& ui) const override {
    const auto into_minute = ui.wall.time_since_epoch() % std::chrono::minutes(1);
    auto next = ui.now + std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1) - into_minute);
    if (highlight_until_ > ui.now) next = std::min(next, highlight_until_);
    if (notice_pages_ > 1) next = std::min(next, notice_turned_ + kNoticePage);
    return next;
  }

 private:
  void calls(UiContext& ui) {
    const float unit = ui.fonts.unit;
    const auto& calls = ui.state.calls;
    const float width = ImGui::GetContentRegionAvail().x;
    if (calls.empty()) {
      ImGui::Dummy(ImVec2(0, unit * 3));
      label_centred(ui.fonts.large, colour::muted, tr("board.no_calls"));
      return;
    }
    // The newest call.
    const CallInfo& newest = calls.front();
    const bool highlighted = ui.now < highlight_until_;
    const ImU32 fill = highlighted ? colour::accent : colour::primary;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const float box_height = unit * 11.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(min, ImVec2(min.x + width, min.y + box_height), fill, unit * 0.4f);
    ImGui::Dummy(ImVec2(0, unit * 0.6f));
    label_centred(ui.fonts.large, colour::primary_ink, tr("board.now_calling"));
    label_centred(ui.fonts.huge, colour::primary_ink, newest.number);
    label_centred(ui.fonts.large, colour::primary_ink,
                  std::string(tr("board.to_counter")) + " " + std::to_string(newest.counter));
    ImGui::SetCursorScreenPos(ImVec2(min.x, min.y + box_height + unit * 0.6f));

    // The calls before it.
    label(ui.fonts.title, colour::ink, tr("board.recent"));
    const std::size_t shown = std::min(calls.size(), ui.options.board_calls);
    const float column = width * 0.5f;
    for (std::size_t i = 1; i < shown; ++i) {
      const CallInfo& call = calls[i];
      const float y = ImGui::GetCursorPosY();
      label(ui.fonts.large, call.state == "called" ? colour::ink : colour::muted, call.number);
      ImGui::SetCursorPos(ImVec2(column, y));
      label(ui.fonts.large, call.state == "called" ? colour::ink : colour::muted,
            std::string(tr("board.counter")) + " " + std::to_string(call.counter));
    }
  }

  void waiting(UiContext& ui) {
    const float unit = ui.fonts.unit;
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::GetWindowDrawList()->AddRectFilled(ImGui::GetCursorScreenPos(),
                                              ImVec2(ImGui::GetCursorScreenPos().x + width,
                                                     ImGui::GetCursorScreenPos().y + ImGui::GetContentRegionAvail().y),
                                              colour::panel, unit * 0.4f);
    ImGui::Indent(unit * 0.6f);
    ImGui::Dummy(ImVec2(0, unit * 0.4f));
    label(ui.fonts.title, colour::ink, tr("board.waiting"));
    ImGui::Dummy(ImVec2(0, unit * 0.3f));
    for (const auto& service : ui.state.services) {
      const QueueEntry* queue = ui.state.queue_entry(service.code);
      const int count = queue != nullptr ? queue->waiting : 0;
      const float y = ImGui::GetCursorPosY();
      label(ui.fonts.body_bold, colour::ink, pick(service.name_vi, service.name_en), width * 0.7f);
      const float after = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(width * 0.78f, y));
      label(ui.fonts.title, colour::primary, std::to_string(count));
      ImGui::SetCursorPosY(std::max(after, ImGui::GetCursorPosY()) + unit * 0.2f);
    }
    ImGui::Unindent(unit * 0.6f);
  }

  void notice(UiContext& ui, float height) {
    std::vector<std::string> lines = split_lines(ui.options.board_notice);
    if (lines.empty()) lines.push_back(tr("board.default_notice"));
    notice_pages_ = lines.size();
    if (notice_turned_ == Clock::time_point{} || ui.now >= notice_turned_ + kNoticePage) {
      if (notice_turned_ != Clock::time_point{}) ++notice_page_;
      notice_turned_ = ui.now;
    }
    const std::string& line = lines[notice_page_ % lines.size()];
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::GetWindowDrawList()->AddRectFilled(min, ImVec2(min.x + width, min.y + height), colour::primary);
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.fonts.unit * 0.6f, min.y + (height - ui.fonts.title->FontSize) / 2));
    label(ui.fonts.title, colour::primary_ink, line, width - ui.fonts.unit * 1.2f);
  }

  Clock::time_point highlight_until_{};
  Clock::time_point notice_turned_{};
  std::size_t notice_page_ = 0;
  std::size_t notice_pages_ = 1;
};

}  // namespace

std::unique_ptr<View> make_board_view() { return std::make_unique<BoardView>(); }

}  // namespace kiosk::ui
