// A screen is one small view with draw(); the app picks the view for its role. Views read HubState,
// send commands through HubPort and hear ScreenEvents; they hold only what the screen itself shows.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kiosk/ui/hub_state.hpp"
#include "kiosk/ui/ports.hpp"
#include "kiosk/window/fonts.hpp"

namespace kiosk::ui {

using Clock = std::chrono::steady_clock;

struct RoleOptions {
  int rating_scale = 5;            // 5 faces, or 3 (Hài lòng / Bình thường / Không hài lòng)
  bool rating_criteria = false;    // the optional nine-criteria form after the faces
  std::chrono::seconds citizen_timeout{30};  // back to the home screen, rating abandoned
  std::string board_notice;        // the board's notice line(s), '\n' between lines
  std::size_t board_calls = 8;
  bool show_sync_status = true;
};

struct UiContext {
  HubState& state;
  HubPort& hub;
  Peripherals& devices;
  const window::FontSet& fonts;
  const RoleOptions& options;
  Clock::time_point now;           // this frame's time (steady)
  std::chrono::system_clock::time_point wall;  // this frame's wall clock, for what the screen shows
  bool changed = false;            // a view sets this when it changed its own state outside draw()
};

class View {
 public:
  virtual ~View() = default;
  virtual void draw(UiContext& ui) = 0;
  virtual void on_event(UiContext&, const ScreenEvent&) {}
  // When this view changes by itself (a countdown, a clock), or max().
  virtual Clock::time_point next_change(const UiContext&) const { return Clock::time_point::max(); }
  // Any input reached the window (a citizen is still there).
  virtual void on_input(Clock::time_point) {}
};

std::unique_ptr<View> make_ticket_view();
std::unique_ptr<View> make_counter_view();
std::unique_ptr<View> make_rating_view();
std::unique_ptr<View> make_board_view();
std::unique_ptr<View> make_manager_view();

}  // namespace kiosk::ui
