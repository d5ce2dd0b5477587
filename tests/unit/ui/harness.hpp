// Drives a view headless: a real ImGui context with the real fonts and texts, no window and no GL. Taps
// go through ImGui's input exactly as the window's pointer feeds it; the hub and the peripherals are
// recorded so a test can check what a screen asked for and answer it. (The whole app, with a real hub, a
// real window and real SDL events, is tested under Xvfb in tests/ui.)
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/ui/hub_state.hpp"
#include "kiosk/ui/ports.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/window/fonts.hpp"
#include "kiosk/window/targets.hpp"

namespace kiosk::ui::testing {

struct SentCommand {
  std::string cmd;
  nlohmann::json args;
};

class FakeHub : public HubPort {
 public:
  std::vector<SentCommand> sent;
  // Answers each command; by default the hub is unreachable.
  std::function<Reply(const std::string&, const nlohmann::json&)> responder = [](const std::string&, const nlohmann::json&) {
    Reply reply;
    reply.error_code = "hub.unreachable";
    reply.error_vi = "Mất kết nối với máy chủ";
    reply.error_en = "hub unreachable";
    return reply;
  };
  // Replies held back until release() (a slow hub), when hold is set.
  bool hold = false;
  std::vector<std::pair<std::function<void(const Reply&)>, Reply>> held;

  void request(const std::string& cmd, nlohmann::json args, std::function<void(const Reply&)> done) override {
    sent.push_back({cmd, args});
    Reply reply = responder(cmd, args);
    if (hold) held.emplace_back(std::move(done), std::move(reply));
    else done(reply);
  }
  void release() {
    auto pending = std::move(held);
    held.clear();
    for (auto& [done, reply] : pending) done(reply);
  }
  int count(const std::string& cmd) const {
    int n = 0;
    for (const auto& s : sent) n += s.cmd == cmd ? 1 : 0;
    return n;
  }
  const SentCommand* last(const std::string& cmd) const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it)
      if (it->cmd == cmd) return &*it;
    return nullptr;
  }
};

inline Reply ok_reply(nlohmann::json result) {
  Reply reply;
  reply.ok = true;
  reply.result = std::move(result);
  return reply;
}

inline Reply error_reply(std::string code, std::string vi, std::string en = "refused") {
  Reply reply;
  reply.error_code = std::move(code);
  reply.error_vi = std::move(vi);
  reply.error_en = std::move(en);
  return reply;
}

class FakeDevices : public Peripherals {
 public:
  std::vector<TicketToPrint> tickets;
  std::vector<ApologyToPrint> apologies;
  std::vector<std::string> announcements;
  PrintOutcome outcome{true, "ok", "", ""};

  void print_ticket(const TicketToPrint& ticket, std::function<void(const PrintOutcome&)> done) override {
    tickets.push_back(ticket);
    done(outcome);
  }
  void print_apology(const ApologyToPrint& slip, std::function<void(const PrintOutcome&)> done) override {
    apologies.push_back(slip);
    done(outcome);
  }
  void announce(const std::string& text) override { announcements.push_back(text); }
};

class ViewHarness {
 public:
  explicit ViewHarness(int width = 1366, int height = 768) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    set_texts(Texts::load_dir(std::string(KIOSK_ASSETS_DIR) + "/i18n"));
    set_lang(Lang::vi);
    fonts = window::load_fonts(KIOSK_FONT_DIR, window::font_unit_for(width, height), texts().all_strings());
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  }
  ~ViewHarness() { ImGui::DestroyContext(); }
  ViewHarness(const ViewHarness&) = delete;
  ViewHarness& operator=(const ViewHarness&) = delete;

  HubState state;
  FakeHub hub;
  FakeDevices devices;
  RoleOptions options;
  window::FontSet fonts;
  Clock::time_point now = Clock::now();
  std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();

  UiContext context() { return UiContext{state, hub, devices, fonts, options, now, wall}; }

  void frame(View& view) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 30.0f;
    io.MousePos = mouse_;
    io.MouseDown[0] = down_;
    ImGui::NewFrame();
    window::targets().begin_frame();
    UiContext ui = context();
    view.draw(ui);
    window::targets().end_frame();
    ImGui::Render();
  }
  // Draws a few frames so that a change settles (as the window's loop does).
  void settle(View& view, int frames = 3) {
    for (int i = 0; i < frames; ++i) frame(view);
  }
  // Taps the target labelled `label` (exactly, or containing it). Fails the test if it is not shown.
  bool tap(View& view, const std::string& label) {
    settle(view, 2);
    const auto target = window::targets().find_target(label);
    if (!target) {
      ADD_FAILURE() << "no target \"" << label << "\" on screen; shown: " << shown_summary();
      return false;
    }
    if (!target->enabled) {
      ADD_FAILURE() << "target \"" << label << "\" is disabled";
      return false;
    }
    view.on_input(now);
    mouse_ = ImVec2((target->min.x + target->max.x) / 2, (target->min.y + target->max.y) / 2);
    down_ = true;
    frame(view);
    down_ = false;
    frame(view);
    mouse_ = ImVec2(-FLT_MAX, -FLT_MAX);
    settle(view, 2);
    return true;
  }
  // Types text into whatever input is active (tap the input first).
  void type(View& view, const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    settle(view, 2);
  }
  void event(View& view, const ScreenEvent& event) {
    UiContext ui = context();
    view.on_event(ui, event);
    settle(view);
  }
  void advance(View& view, std::chrono::milliseconds by) {
    now += by;
    wall += by;
    settle(view);
  }

  bool shows(const std::string& text) const { return window::targets().shows(text); }
  bool has_target(const std::string& label) const { return window::targets().find_target(label).has_value(); }
  bool target_enabled(const std::string& label) const {
    const auto target = window::targets().find_target(label);
    return target && target->enabled;
  }
  // Characters on screen the fonts cannot draw (would show as "?").
  int missing_glyphs() const {
    int missing = 0;
    for (const auto& text : window::targets().texts()) missing += window::missing_glyphs(fonts.body, text);
    return missing;
  }
  std::string shown_summary() const {
    std::string out;
    for (const auto& t : window::targets().targets()) out += "[" + t.label + "] ";
    for (const auto& t : window::targets().texts()) out += "\"" + t + "\" ";
    return out;
  }

 private:
  ImVec2 mouse_{-FLT_MAX, -FLT_MAX};
  bool down_ = false;
};

// A hub snapshot of the sample centre (assets/catalog/district.toml) as a device of `role` sees it.
inline nlohmann::json sample_snapshot(const std::string& role, int counter = 0) {
  nlohmann::json s = {
      {"device", "d-0001"},
      {"role", role},
      {"name", "test"},
      {"counter", counter > 0 ? nlohmann::json(counter) : nlohmann::json(nullptr)},
      {"centre",
       {{"code", "H15.50.05.13"},
        {"name_vi", "Trung tâm Phục vụ hành chính công huyện Thanh Trì"},
        {"name_en", "Thanh Tri District Public Administrative Service Centre"}}},
      {"services",
       {{{"code", "DD"}, {"prefix", "A"}, {"name_vi", "Đất đai"}, {"name_en", "Land"}},
        {{"code", "HT"}, {"prefix", "B"}, {"name_vi", "Hộ tịch"}, {"name_en", "Civil status"}},
        {{"code", "CT"}, {"prefix", "C"}, {"name_vi", "Chứng thực"}, {"name_en", "Certification"}}}},
      {"queue",
       {{{"service", "DD"}, {"waiting", 4}, {"priority_waiting", 0}, {"open_counters", 1}, {"estimated_wait_s", 1500}},
        {{"service", "HT"}, {"waiting", 0}, {"priority_waiting", 0}, {"open_counters", 1}, {"estimated_wait_s", 0}},
        {{"service", "CT"}, {"waiting", 2}, {"priority_waiting", 1}, {"open_counters", 0}, {"estimated_wait_s", 600}}}},
      {"office",
       {{"open", true}, {"working_day", true}, {"morning", "07:30-11:30"}, {"afternoon", "13:30-17:00"}, {"next_open", nullptr}}},
      {"seq", 100},
      {"server_time", "2026-11-23T09:00:00+07:00"}};
  if (role == "board") s["calls"] = nlohmann::json::array();
  if (counter > 0)
    s["counter_state"] = {{"number", counter}, {"status", "closed"}, {"staff", ""}, {"staff_name", ""}, {"current_ticket", nullptr}};
  return s;
}

}  // namespace kiosk::ui::testing
