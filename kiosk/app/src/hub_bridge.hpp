// The views' HubPort over a DeviceLink: commands go out on the link's thread, replies and pushes come
// back through the UI queue, so the views and HubState are touched by the UI thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/client/device_link.hpp"
#include "kiosk/ui/ports.hpp"
#include "ui_queue.hpp"

namespace kiosk::app {

class HubBridge : public ui::HubPort {
 public:
  struct Listener {
    std::function<void(const nlohmann::json& snapshot)> on_snapshot;
    std::function<void(const protocol::Message& push)> on_push;
    std::function<void(const std::string& why_vi, bool refused)> on_lost;
  };
  HubBridge(std::string url, std::string token, UiQueue& queue, Listener listener);
  ~HubBridge() override;

  void start();
  void stop();
  void request(const std::string& cmd, nlohmann::json args, std::function<void(const ui::Reply&)> done) override;

 private:
  UiQueue& queue_;
  std::unique_ptr<client::DeviceLink> link_;
};

ui::Reply to_reply(const protocol::Message& message);

}  // namespace kiosk::app
