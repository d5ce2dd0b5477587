// One SDL2 window with an OpenGL 3.3 core context and a Dear ImGui context bound to it. Every SDL and GL
// call is checked; a failure throws WindowError with SDL's words, before anything is shown.
#pragma once

#include <SDL.h>

#include <stdexcept>
#include <string>

namespace kiosk::window {

class WindowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WindowOptions {
  std::string title = "kiosk";
  int width = 1366;
  int height = 768;
  bool fullscreen = false;  // desktop fullscreen at the display's own size
  bool hide_cursor = false;  // touch screens: no arrow left where the last finger was
};

class Window {
 public:
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Between these, build the ImGui frame. end_frame renders and swaps.
  void begin_frame();
  void end_frame();
  // The next end_frame also writes what it rendered to a PNG (before the swap, so it is exactly that
  // frame). Returns false (and says why in error) if the last requested screenshot failed.
  void screenshot_next_frame(std::string path);
  const std::string& screenshot_error() const { return screenshot_error_; }

  int width() const;   // drawable size in pixels
  int height() const;
  SDL_Window* sdl() const { return window_; }
  std::uint32_t id() const { return SDL_GetWindowID(window_); }

  // Feeds one event to ImGui's SDL backend (keyboard, text, wheel); pointer state comes from Pointer.
  void process(const SDL_Event& event);

 private:
  SDL_Window* window_ = nullptr;
  SDL_GLContext context_ = nullptr;
  bool imgui_sdl_ = false;
  bool imgui_gl_ = false;
  std::string screenshot_path_;
  std::string screenshot_error_;
};

// Reads the current GL read buffer (RGB) and writes it as a PNG, top row first. Throws WindowError.
void write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace kiosk::window
