#include "hub_bridge.hpp"

#include <spdlog/spdlog.h>

namespace kiosk::app {

ui::Reply to_reply(const protocol::Message& message) {
  ui::Reply reply;
  reply.ok = message.ok;
  reply.result = message.result;
  if (!message.ok) {
    reply.error_code = message.error.code;
    reply.error_en = message.error.message;
    reply.error_vi = message.error.message_vi;
  }
  return reply;
}

HubBridge::HubBridge(std::string url, std::string token, UiQueue& queue, Listener listener) : queue_(queue) {
  client::DeviceLink::Handlers handlers;
  UiQueue* q = &queue_;
  handlers.on_snapshot = [q, on = listener.on_snapshot](const nlohmann::json& snapshot) {
    q->post([on, snapshot] { on(snapshot); });
  };
  handlers.on_push = [q, on = listener.on_push](const protocol::Message& push) { q->post([on, push] { on(push); }); };
  client::DeviceLink* link_ptr = nullptr;
  auto refused = std::make_shared<std::function<bool()>>();
  handlers.on_lost = [q, on = listener.on_lost, refused](const std::string& why, const std::string& why_vi) {
    spdlog::warn("hub link: {}", why);
    const bool was_refused = *refused && (*refused)();
    q->post([on, why_vi, was_refused] { on(why_vi, was_refused); });
  };
  link_ = std::make_unique<client::DeviceLink>(std::move(url), std::move(token), std::move(handlers));
  link_ptr = link_.get();
  *refused = [link_ptr] { return link_ptr->refused(); };
}

HubBridge::~HubBridge() { stop(); }

void HubBridge::start() { link_->start(); }

void HubBridge::stop() {
  if (link_) link_->stop();
}

void HubBridge::request(const std::string& cmd, nlohmann::json args, std::function<void(const ui::Reply&)> done) {
  UiQueue* q = &queue_;
  link_->request(cmd, std::move(args), [q, done = std::move(done)](const protocol::Message& message) {
    ui::Reply reply = to_reply(message);
    q->post([done, reply] { done(reply); });
  });
}

}  // namespace kiosk::app
