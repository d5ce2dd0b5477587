// Where the finger (or mouse) is, taken from SDL's events rather than polled from the OS, so that a
// scripted tap (events pushed into SDL's queue) and a real one are the same thing to the screens. A press
// and release between two frames still counts as a click.
#pragma once

#include <SDL.h>
#include <imgui.h>

namespace kiosk::window {

class Pointer {
 public:
  // True if the event was a pointer event (the frame must be redrawn).
  bool handle(const SDL_Event& event);
  // After the backend's NewFrame: overrides ImGui's mouse position and button with what the events said.
  void apply(ImGuiIO& io);

 private:
  ImVec2 position_{-FLT_MAX, -FLT_MAX};
  bool held_ = false;
  bool pressed_since_frame_ = false;
};

}  // namespace kiosk::window
