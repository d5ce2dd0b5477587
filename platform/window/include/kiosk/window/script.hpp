// The scripted mode for demos and tests: a plain text file of steps played through real SDL events.
//
//   tap "Hộ tịch"            press and release at the centre of the target labelled so (waits up to 10 s
//                            for it to be shown and enabled)
//   type "dat dai"           text input, as a keyboard would send it
//   key Backspace            one key press (SDL key names: Return, Backspace, Tab, Escape, …)
//   wait 500                 milliseconds
//   wait_for "B-001" 15000   until the text is on screen (timeout in ms, default 10000)
//   wait_gone "Đang kết nối" 15000   until the text is no longer on screen
//   expect "Quầy số 3"       the text must be on screen now
//   expect_not "Lỗi"         … must not be
//   screenshot "out/x.png"   the next frame, as a PNG
//   quit                     end here (the script's result: success)
//
// Lines starting with # and blank lines are ignored. A failed step ends the script with exit code 1 and
// says why on stderr; reaching the end (or quit) is exit code 0.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SDL.h>

#include "kiosk/window/targets.hpp"

namespace kiosk::window {

class Window;

struct ScriptStep {
  enum class Kind { tap, type, key, wait, wait_for, wait_gone, expect, expect_not, screenshot, quit };
  Kind kind = Kind::quit;
  std::string text;
  std::chrono::milliseconds duration{0};
  int line = 0;
};

// Parses a script; on a malformed line returns nothing and sets `error` ("script line 3: …").
std::optional<std::vector<ScriptStep>> parse_script(std::string_view text, std::string* error);
std::optional<std::vector<ScriptStep>> load_script(const std::string& path, std::string* error);

class ScriptPlayer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ScriptPlayer(std::vector<ScriptStep> steps);

  struct Tick {
    bool redraw = false;                   // the player needs a frame (it pushed input or wants a screenshot)
    Clock::time_point wake = Clock::time_point::max();
  };
  // Called by the loop on every iteration with the number of frames drawn so far.
  Tick tick(Clock::time_point now, long frames_drawn, const Targets& shown, Window& window);

  bool finished() const { return finished_; }
  int exit_code() const { return failure_.empty() ? 0 : 1; }
  const std::string& failure() const { return failure_; }

 private:
  void fail(const ScriptStep& step, const std::string& why);
  void next_step(Clock::time_point now);
  void push_pointer(Uint32 window_id, int type, float x, float y);

  std::vector<ScriptStep> steps_;
  std::size_t index_ = 0;
  int phase_ = 0;
  long frame_mark_ = 0;
  Clock::time_point step_started_{};
  bool finished_ = false;
  std::string failure_;
  float tap_x_ = 0, tap_y_ = 0;
};

}  // namespace kiosk::window
