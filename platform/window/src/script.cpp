#include "kiosk/window/script.hpp"

#include <SDL.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kiosk/window/window.hpp"

namespace kiosk::window {
namespace {

constexpr std::chrono::milliseconds kDefaultTimeout{10'000};

struct LineReader {
  std::string_view rest;

  void skip_space() {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  }
  std::string_view word() {
    skip_space();
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != '\t') ++n;
    auto w = rest.substr(0, n);
    rest.remove_prefix(n);
    return w;
  }
  // A double-quoted string; \" and \\ escape.
  std::optional<std::string> quoted() {
    skip_space();
    if (rest.empty() || rest.front() != '"') return std::nullopt;
    rest.remove_prefix(1);
    std::string out;
    while (!rest.empty()) {
      char c = rest.front();
      rest.remove_prefix(1);
      if (c == '"') return out;
      if (c == '\\' && !rest.empty()) {
        c = rest.front();
        rest.remove_prefix(1);
      }
      out.push_back(c);
    }
    return std::nullopt;
  }
  std::optional<long> number() {
    const auto w = word();
    long value = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), value);
    if (ec != std::errc() || end != w.data() + w.size() || value < 0) return std::nullopt;
    return value;
  }
  bool at_end() {
    skip_space();
    return rest.empty() || rest.front() == '#';
  }
};

}  // namespace

std::optional<std::vector<ScriptStep>> parse_script(std::string_view text, std::string* error) {
  std::vector<ScriptStep> steps;
  int line_number = 0;
  auto bad = [&](const std::string& why) {
    if (error != nullptr) *error = "script line " + std::to_string(line_number) + ": " + why;
    return std::nullopt;
  };
  while (!text.empty()) {
    ++line_number;
    const auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    LineReader reader{line};
    if (reader.at_end()) continue;
    const auto verb = reader.word();
    ScriptStep step;
    step.line = line_number;
    using K = ScriptStep::Kind;
    auto needs_text = [&](K kind) -> bool {
      auto q = reader.quoted();
      if (!q) return false;
      step.kind = kind;
      step.text = std::move(*q);
      return true;
    };
    if (verb == "tap" || verb == "type" || verb == "expect" || verb == "expect_not" || verb == "screenshot") {
      const K kind = verb == "tap"          ? K::tap
                     : verb == "type"       ? K::type
                     : verb == "expect"     ? K::expect
                     : verb == "expect_not" ? K::expect_not
                                            : K::screenshot;
      if (!needs_text(kind)) return bad(std::string(verb) + " needs a \"quoted\" argument");
      if (kind == K::tap) step.duration = kDefaultTimeout;
    } else if (verb == "wait_for" || verb == "wait_gone") {
      if (!needs_text(verb == "wait_for" ? K::wait_for : K::wait_gone))
        return bad(std::string(verb) + " needs a \"quoted\" text");
      step.duration = kDefaultTimeout;
      if (!reader.at_end()) {
        const auto ms = reader.number();
        if (!ms) return bad("the timeout must be a whole number of milliseconds");
        step.duration = std::chrono::milliseconds(*ms);
      }
    } else if (verb == "wait") {
      const auto ms = reader.number();
      if (!ms) return bad("wait needs a whole number of milliseconds");
      step.kind = K::wait;
      step.duration = std::chrono::milliseconds(*ms);
    } else if (verb == "key") {
      const auto name = reader.word();
      if (name.empty() || SDL_GetScancodeFromName(std::string(name).c_str()) == SDL_SCANCODE_UNKNOWN)
        return bad("unknown key \"" + std::string(name) + "\"");
      step.kind = K::key;
      step.text = std::string(name);
    } else if (verb == "quit") {
      step.kind = K::quit;
    } else {
      return bad("unknown step \"" + std::string(verb) + "\"");
    }
    if (!reader.at_end()) return bad("unexpected text after the step");
    steps.push_back(std::move(step));
  }
  return steps;
}

std::optional<std::vector<ScriptStep>> load_script(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error != nullptr) *error = "cannot read script " + path;
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_script(buffer.str(), error);
}

ScriptPlayer::ScriptPlayer(std::vector<ScriptStep> steps) : steps_(std::move(steps)) {
  if (steps_.empty()) finished_ = true;
}

void ScriptPlayer::fail(const ScriptStep& step, const std::string& why) {
  failure_ = "script line " + std::to_string(step.line) + ": " + why;
  finished_ = true;
}

void ScriptPlayer::next_step(Clock::time_point now) {
  ++index_;
  phase_ = 0;
  step_started_ = now;
  if (index_ >= steps_.size()) finished_ = true;
}

void ScriptPlayer::push_pointer(Uint32 window_id, int type, float x, float y) {
  SDL_Event event{};
  const auto ix = static_cast<Sint32>(x), iy = static_cast<Sint32>(y);
  if (type == SDL_MOUSEMOTION) {
    event.type = SDL_MOUSEMOTION;
    event.motion.windowID = window_id;
    event.motion.x = ix;
    event.motion.y = iy;
  } else {
    event.type = static_cast<Uint32>(type);
    event.button.windowID = window_id;
    event.button.button = SDL_BUTTON_LEFT;
    event.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    event.button.clicks = 1;
    event.button.x = ix;
    event.button.y = iy;
  }
  SDL_PushEvent(&event);
}

ScriptPlayer::Tick ScriptPlayer::tick(Clock::time_point now, long frames_drawn, const Targets& shown,
                                      Window& window) {
  Tick tick;
  // A step never starts before the first frame: nothing is on screen to act on.
  if (finished_ || frames_drawn == 0) {
    tick.redraw = !finished_;
    return tick;
  }
  if (phase_ == 0 && step_started_ == Clock::time_point{}) step_started_ = now;
  const ScriptStep& step = steps_[index_];
  using K = ScriptStep::Kind;
  const bool frame_passed = frames_drawn > frame_mark_;
  auto mark = [&] {
    frame_mark_ = frames_drawn;
    tick.redraw = true;
  };
  switch (step.kind) {
    case K::tap:
      if (phase_ == 0) {
        const auto target = shown.find_target(step.text);
        if (!target || !target->enabled) {
          if (now - step_started_ > step.duration) {
            fail(step, target ? "target \"" + step.text + "\" is disabled" : "no target \"" + step.text + "\" on screen");
            return tick;
          }
          tick.wake = now + std::chrono::milliseconds(50);
          return tick;
        }
        tap_x_ = (target->min.x + target->max.x) / 2;
        tap_y_ = (target->min.y + target->max.y) / 2;
        push_pointer(window.id(), SDL_MOUSEMOTION, tap_x_, tap_y_);
        push_pointer(window.id(), SDL_MOUSEBUTTONDOWN, tap_x_, tap_y_);
        phase_ = 1;
        mark();
      } else if (phase_ == 1 && frame_passed) {
        push_pointer(window.id(), SDL_MOUSEBUTTONUP, tap_x_, tap_y_);
        phase_ = 2;
        mark();
      } else if (phase_ == 2 && frame_passed) {
        // Lift the finger off the screen so nothing stays "hovered".
        push_pointer(window.id(), SDL_MOUSEMOTION, -1, -1);
        phase_ = 3;
        mark();
      } else if (phase_ == 3 && frame_passed) {
        next_step(now);
        tick.redraw = true;
      } else {
        tick.redraw = true;
      }
      return tick;
    case K::type:
      if (phase_ == 0) {
        // SDL carries at most 31 bytes of text per event: cut between UTF-8 characters.
        std::size_t pos = 0;
        while (pos < step.text.size()) {
          std::size_t n = std::min<std::size_t>(step.text.size() - pos, SDL_TEXTINPUTEVENT_TEXT_SIZE - 1);
          while (n > 0 && pos + n < step.text.size() && (static_cast<unsigned char>(step.text[pos + n]) & 0xC0) == 0x80) --n;
          SDL_Event event{};
          event.type = SDL_TEXTINPUT;
          event.text.windowID = window.id();
          std::memcpy(event.text.text, step.text.data() + pos, n);
          event.text.text[n] = '\0';
          SDL_PushEvent(&event);
          pos += n;
        }
        phase_ = 1;
        mark();
      } else if (frame_passed) {
        next_step(now);
        tick.redraw = true;
      } else {
        tick.redraw = true;
      }
      return tick;
    case K::key:
      if (phase_ == 0 || (phase_ == 1 && frame_passed)) {
        SDL_Event event{};
        event.type = phase_ == 0 ? SDL_KEYDOWN : SDL_KEYUP;
        event.key.windowID = window.id();
        event.key.state = phase_ == 0 ? SDL_PRESSED : SDL_RELEASED;
        event.key.keysym.scancode = SDL_GetScancodeFromName(step.text.c_str());
        event.key.keysym.sym = SDL_GetKeyFromScancode(event.key.keysym.scancode);
        SDL_PushEvent(&event);
        ++phase_;
        mark();
      } else if (phase_ == 2 && frame_passed) {
        next_step(now);
        tick.redraw = true;
      } else {
        tick.redraw = true;
      }
      return tick;
    case K::wait:
      if (now - step_started_ >= step.duration) {
        next_step(now);
        tick.redraw = true;
      } else {
        tick.wake = step_started_ + step.duration;
      }
      return tick;
    case K::wait_for:
    case K::wait_gone: {
      const bool want_shown = step.kind == K::wait_for;
      if (shown.shows(step.text) == want_shown) {
        next_step(now);
        tick.redraw = true;
      } else if (now - step_started_ > step.duration) {
        fail(step, want_shown ? "\"" + step.text + "\" did not appear" : "\"" + step.text + "\" did not go away");
      } else {
        tick.wake = now + std::chrono::milliseconds(100);
      }
      return tick;
    }
    case K::expect:
    case K::expect_not:
      if (shown.shows(step.text) != (step.kind == K::expect)) {
        fail(step, step.kind == K::expect ? "\"" + step.text + "\" is not on screen" : "\"" + step.text + "\" is on screen");
      } else {
        next_step(now);
        tick.redraw = true;
      }
      return tick;
    case K::screenshot:
      if (phase_ == 0) {
        window.screenshot_next_frame(step.text);
        phase_ = 1;
        mark();
      } else if (frame_passed) {
        if (!window.screenshot_error().empty()) {
          fail(step, window.screenshot_error());
        } else {
          spdlog::info("script: screenshot {}", step.text);
          next_step(now);
          tick.redraw = true;
        }
      } else {
        tick.redraw = true;
      }
      return tick;
    case K::quit:
      finished_ = true;
      return tick;
  }
  return tick;
}

}  // namespace kiosk::window
