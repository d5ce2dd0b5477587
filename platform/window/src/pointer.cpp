#include "kiosk/window/pointer.hpp"

namespace kiosk::window {

bool Pointer::handle(const SDL_Event& event) {
  switch (event.type) {
    case SDL_MOUSEMOTION:
      position_ = ImVec2(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
      return true;
    case SDL_MOUSEBUTTONDOWN:
      if (event.button.button != SDL_BUTTON_LEFT) return false;
      position_ = ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
      held_ = true;
      pressed_since_frame_ = true;
      return true;
    case SDL_MOUSEBUTTONUP:
      if (event.button.button != SDL_BUTTON_LEFT) return false;
      position_ = ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
      held_ = false;
      return true;
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_LEAVE && !held_) position_ = ImVec2(-FLT_MAX, -FLT_MAX);
      return true;
    default:
      return false;
  }
}

void Pointer::apply(ImGuiIO& io) {
  io.MousePos = position_;
  io.MouseDown[0] = held_ || pressed_since_frame_;
  io.MouseDown[1] = false;
  io.MouseDown[2] = false;
  pressed_since_frame_ = false;
}

}  // namespace kiosk::window
