#include "kiosk/window/window.hpp"

#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

namespace kiosk::window {
namespace {

[[noreturn]] void fail(const std::string& what) { throw WindowError(what + ": " + SDL_GetError()); }

void check(int sdl_result, const char* what) {
  if (sdl_result != 0) fail(what);
}

}  // namespace

Window::Window(const WindowOptions& options) {
  // A kiosk must not be put to sleep by the screensaver, and a touch must arrive as a click.
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  check(SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER), "SDL_InitSubSystem(video)");

  check(SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE), "SDL_GL_SetAttribute(profile)");
  check(SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3), "SDL_GL_SetAttribute(major)");
  check(SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3), "SDL_GL_SetAttribute(minor)");
  check(SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1), "SDL_GL_SetAttribute(doublebuffer)");

  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width,
                             options.height, flags);
  if (window_ == nullptr) fail("SDL_CreateWindow");
  context_ = SDL_GL_CreateContext(window_);
  if (context_ == nullptr) fail("SDL_GL_CreateContext");
  check(SDL_GL_MakeCurrent(window_, context_), "SDL_GL_MakeCurrent");
  // Frames are drawn only when something changed, so vsync is a nicety, not the throttle (Xvfb has none).
  SDL_GL_SetSwapInterval(1);
  if (options.hide_cursor) SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no layout file: every start looks the same
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  imgui_sdl_ = ImGui_ImplSDL2_InitForOpenGL(window_, context_);
  if (!imgui_sdl_) throw WindowError("ImGui_ImplSDL2_InitForOpenGL failed");
  imgui_gl_ = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!imgui_gl_) throw WindowError("ImGui_ImplOpenGL3_Init failed (needs OpenGL 3.3)");
}

Window::~Window() {
  if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
  if (imgui_sdl_) ImGui_ImplSDL2_Shutdown();
  if (ImGui::GetCurrentContext() != nullptr) ImGui::DestroyContext();
  if (context_ != nullptr) SDL_GL_DeleteContext(context_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER);
}

void Window::screenshot_next_frame(std::string path) { screenshot_path_ = std::move(path); }

void Window::process(const SDL_Event& event) { ImGui_ImplSDL2_ProcessEvent(&event); }

void Window::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
}

void Window::end_frame() {
  ImGui::Render();
  glViewport(0, 0, width(), height());
  glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!screenshot_path_.empty()) {
    try {
      write_framebuffer_png(screenshot_path_, width(), height());
      screenshot_error_.clear();
    } catch (const WindowError& e) {
      screenshot_error_ = e.what();
    }
    screenshot_path_.clear();
  }
  SDL_GL_SwapWindow(window_);
}

int Window::width() const {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  return w;
}

int Window::height() const {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  return h;
}

}  // namespace kiosk::window
