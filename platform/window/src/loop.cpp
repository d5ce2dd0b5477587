#include "kiosk/window/loop.hpp"

#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

#include "kiosk/window/pointer.hpp"
#include "kiosk/window/script.hpp"
#include "kiosk/window/targets.hpp"
#include "kiosk/window/window.hpp"

namespace kiosk::window {
namespace {

std::atomic<Uint32> wake_event_type{0};

Uint32 wake_type() {
  Uint32 type = wake_event_type.load();
  if (type == 0) {
    const Uint32 registered = SDL_RegisterEvents(1);
    Uint32 expected = 0;
    if (wake_event_type.compare_exchange_strong(expected, registered)) type = registered;
    else type = expected;
  }
  return type;
}

// ImGui settles a change over two frames (a click lands, then its result is laid out).
constexpr int kFramesPerChange = 2;

}  // namespace

void wake_loop() {
  const Uint32 type = wake_type();
  if (type == static_cast<Uint32>(-1)) return;
  SDL_Event event{};
  event.type = type;
  SDL_PushEvent(&event);
}

int run_loop(Window& window, Pointer& pointer, Scene& scene, const LoopOptions& options, LoopStats* stats) {
  using Clock = Scene::Clock;
  const auto started = Clock::now();
  const Uint32 wake = wake_type();
  int frames_pending = kFramesPerChange;  // the first picture
  long frames_drawn = 0;
  auto last_frame = Clock::time_point{};
  bool font_pixels_released = false;

  for (;;) {
    auto now = Clock::now();
    if (options.run_for.count() > 0 && now - started >= options.run_for) return 0;

    // How long we may sleep: until the scene's next visible change, the script's next step, the end of
    // a benchmark run, or the frame-rate cap when frames are owed.
    // Asked once per pass: a view answers relative to now ("the next minute"), so asking again after the
    // wait would always get a time still ahead and the change would never be drawn.
    const Clock::time_point scene_change = scene.next_change();
    Clock::time_point deadline = scene_change;
    if (options.script != nullptr) {
      const auto tick = options.script->tick(now, frames_drawn, targets(), window);
      if (options.script->finished()) {
        if (!options.script->failure().empty()) spdlog::error("{}", options.script->failure());
        return options.script->exit_code();
      }
      if (tick.redraw) frames_pending = std::max(frames_pending, 1);
      deadline = std::min(deadline, tick.wake);
    }
    if (options.run_for.count() > 0) deadline = std::min(deadline, started + options.run_for);
    if (options.always_redraw) frames_pending = std::max(frames_pending, 1);
    if (frames_pending > 0) deadline = std::min(deadline, last_frame + options.min_frame_interval);

    int timeout_ms = 0;
    if (deadline > now) {
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
      timeout_ms = static_cast<int>(std::min<long long>(wait, 1000));  // wake at least every second
    }
    SDL_Event event;
    bool have_event = timeout_ms > 0 ? SDL_WaitEventTimeout(&event, timeout_ms) == 1 : SDL_PollEvent(&event) == 1;
    while (have_event) {
      if (event.type == SDL_QUIT) return 0;
      if (event.type != wake) {
        window.process(event);
        const bool pointer_event = pointer.handle(event);
        const bool scene_event = scene.handle(event);
        if (pointer_event || scene_event || event.type == SDL_KEYDOWN || event.type == SDL_KEYUP ||
            event.type == SDL_TEXTINPUT || event.type == SDL_WINDOWEVENT)
          frames_pending = std::max(frames_pending, kFramesPerChange);
      }
      have_event = SDL_PollEvent(&event) == 1;
    }
    if (scene.update()) frames_pending = std::max(frames_pending, kFramesPerChange);
    if (scene.quit_requested()) return 0;

    now = Clock::now();
    if (now >= scene_change) frames_pending = std::max(frames_pending, 1);
    if (frames_pending == 0 || now - last_frame < options.min_frame_interval) continue;

    const auto frame_start = Clock::now();
    window.begin_frame();
    pointer.apply(ImGui::GetIO());
    ImGui::NewFrame();
    targets().begin_frame();
    scene.draw();
    targets().end_frame();
    window.end_frame();
    const auto frame_end = Clock::now();
    last_frame = frame_end;
    --frames_pending;
    ++frames_drawn;
    if (stats != nullptr) {
      ++stats->frames;
      stats->frame_ms.push_back(std::chrono::duration<double, std::milli>(frame_end - frame_start).count());
      if (stats->frames == 1) stats->first_frame_ms = std::chrono::duration<double, std::milli>(frame_end - started).count();
    }
    if (!font_pixels_released) {
      // The atlas is on the GPU now; its CPU copy (tens of MB at kiosk sizes) is never needed again.
      ImGui::GetIO().Fonts->ClearTexData();
      font_pixels_released = true;
    }
  }
}

}  // namespace kiosk::window
