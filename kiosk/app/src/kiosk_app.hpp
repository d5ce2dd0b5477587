// One kiosk: its role's view over the hub's state, the link to the hub, the printer and loudspeaker.
// It is the window loop's Scene: update() applies what the link posted, draw() draws the view.
#pragma once

#include <memory>
#include <string>

#include "config.hpp"
#include "devices.hpp"
#include "hub_bridge.hpp"
#include "kiosk/ui/hub_state.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/window/fonts.hpp"
#include "kiosk/window/loop.hpp"
#include "ui_queue.hpp"

namespace kiosk::app {

class KioskApp : public window::Scene {
 public:
  // `url` is the hub; `token` may be empty (the pairing screen shows first and writes config.token_file).
  KioskApp(const KioskConfig& config, const window::FontSet& fonts, std::string url, std::string token);
  ~KioskApp() override;

  bool update() override;
  void draw() override;
  Clock::time_point next_change() override;
  bool handle(const SDL_Event& event) override;

 private:
  ui::UiContext context();
  void connect(std::string token);
  void on_snapshot(const nlohmann::json& snapshot);
  void on_push(const protocol::Message& push);
  void on_lost(const std::string& why_vi, bool refused);
  void periodic();

  const KioskConfig& config_;
  const window::FontSet& fonts_;
  std::string url_;
  UiQueue queue_;
  ui::HubState state_;
  ui::RoleOptions options_;
  std::unique_ptr<AppDevices> devices_;
  std::unique_ptr<HubBridge> hub_;
  std::unique_ptr<ui::View> view_;
  std::unique_ptr<ui::View> pairing_;
  bool changed_ = true;
  Clock::time_point next_periodic_{};
  int printer_checks_ = 0;
};

}  // namespace kiosk::app
