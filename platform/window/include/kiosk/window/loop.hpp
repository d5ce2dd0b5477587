// The main loop every screen runs: sleep in SDL_WaitEventTimeout until input, a wake-up from a background
// thread or a visible timer; then draw only as many frames as the change needs. An idle screen draws
// nothing at all.
#pragma once

#include <SDL.h>

#include <chrono>
#include <vector>

namespace kiosk::window {

class Window;
class Pointer;
class ScriptPlayer;

class Scene {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~Scene() = default;
  // Applies what background threads posted; true if the screen changed.
  virtual bool update() = 0;
  // Builds one ImGui frame (between NewFrame and Render).
  virtual void draw() = 0;
  // When something visible changes by itself (a clock, a countdown, a scrolling notice), or max().
  virtual Clock::time_point next_change() = 0;
  // Keys and other events the screen handles itself; true if the screen changed.
  virtual bool handle(const SDL_Event&) { return false; }
  virtual bool quit_requested() const { return false; }
};

struct LoopOptions {
  ScriptPlayer* script = nullptr;
  bool always_redraw = false;  // the naive loop, for the benchmark's comparison only
  std::chrono::milliseconds min_frame_interval{16};  // no vsync under Xvfb: never more than ~60 frames/s
  std::chrono::milliseconds run_for{0};  // stop after this long (benchmarks); 0: until quit
};

struct LoopStats {
  long frames = 0;
  double first_frame_ms = 0;  // from the loop's start to the first swap
  std::vector<double> frame_ms;  // CPU time to build and render each frame
};

// Wakes the loop from any thread (a hub message arrived, a print finished). Cheap and thread-safe.
void wake_loop();

// Runs until SDL_QUIT, the scene asks to quit, the script ends or run_for passes. Returns 0, or the
// script's exit code.
int run_loop(Window& window, Pointer& pointer, Scene& scene, const LoopOptions& options, LoopStats* stats);

}  // namespace kiosk::window
