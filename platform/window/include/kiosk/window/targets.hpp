// What the last frame showed: every touch target with its label and rectangle, and every piece of text.
// Scripts find what to tap here, tests ask what was on screen, and the check for missing glyphs reads it.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::window {

struct Target {
  std::string label;
  ImVec2 min, max;
  bool enabled = true;
};

class Targets {
 public:
  void begin_frame();  // starts collecting a new frame
  void end_frame();    // the frame is complete: its lists become the "shown" ones
  void add_target(std::string label, ImVec2 min, ImVec2 max, bool enabled = true);
  void add_text(std::string text);

  // From the last completed frame. A target matches when its label equals `label`, or else contains it.
  std::optional<Target> find_target(std::string_view label) const;
  bool shows(std::string_view text) const;  // any text or target label containing `text`
  const std::vector<Target>& targets() const { return shown_targets_; }
  const std::vector<std::string>& texts() const { return shown_texts_; }

 private:
  std::vector<Target> targets_, shown_targets_;
  std::vector<std::string> texts_, shown_texts_;
};

// The one registry the screens write to (there is one window per process).
Targets& targets();

}  // namespace kiosk::window
