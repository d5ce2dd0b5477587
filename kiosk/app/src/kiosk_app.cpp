#include "kiosk_app.hpp"

#include <spdlog/spdlog.h>

#include "kiosk/ui/pairing_view.hpp"
#include "local_hub.hpp"

namespace kiosk::app {
namespace {

// A hub port for the time before the device is paired: every command is refused at once.
class NoHub : public ui::HubPort {
 public:
  void request(const std::string&, nlohmann::json, std::function<void(const ui::Reply&)> done) override {
    done(ui::Reply{false, {}, "hub.unreachable", "Thiết bị chưa được ghép nối", "device not paired"});
  }
};
NoHub no_hub;

// The ticket kiosk re-reads office hours and the queue each minute (the hub pushes the queue, but the
// hour changes by itself); the ticket kiosk also reports its printer every five minutes.
constexpr std::chrono::minutes kRefresh{1};

std::unique_ptr<ui::View> view_for(const std::string& role) {
  if (role == "ticket") return ui::make_ticket_view();
  if (role == "counter") return ui::make_counter_view();
  if (role == "rating") return ui::make_rating_view();
  if (role == "board") return ui::make_board_view();
  return ui::make_manager_view();
}

}  // namespace

KioskApp::KioskApp(const KioskConfig& config, const window::FontSet& fonts, std::string url, std::string token)
    : config_(config), fonts_(fonts), url_(std::move(url)) {
  options_.rating_scale = config.rating_scale;
  options_.rating_criteria = config.rating_criteria;
  options_.citizen_timeout = config.citizen_timeout;
  options_.board_notice = config.board_notice;
  options_.board_calls = static_cast<std::size_t>(config.board_calls);
  state_.max_calls = options_.board_calls;
  state_.role = config.role;
  if (config.counter) state_.counter = config.counter;
  devices_ = std::make_unique<AppDevices>(config, queue_);
  view_ = view_for(config.role);
  if (token.empty()) {
    pairing_ = ui::make_pairing_view([this](const std::string& code, std::function<void(bool, const std::string&)> done) {
      // Pairing is one blocking exchange: run it off the UI thread and post the outcome back.
      std::thread([this, code, done] {
        try {
          const std::string new_token = pair_with_hub(url_, code, config_.name.empty() ? "kiosk " + config_.role : config_.name);
          write_token(config_.token_file, new_token);
          queue_.post([this, new_token, done] {
            done(true, "");
            pairing_.reset();
            connect(new_token);
          });
        } catch (const std::exception& e) {
          std::string message = e.what();
          spdlog::warn("pairing failed: {}", message);
          const auto bar = message.find(" | ");
          std::string vi = bar == std::string::npos ? "Không kết nối được tới máy chủ trung tâm" : message.substr(0, bar);
          queue_.post([done, vi] { done(false, vi); });
        }
      }).detach();
    });
  } else {
    connect(std::move(token));
  }
}

KioskApp::~KioskApp() {
  // The link's and the printer's threads post into the queue: stop them first, then drop what they posted.
  if (hub_) hub_->stop();
  devices_.reset();
  queue_.close();
}

void KioskApp::connect(std::string token) {
  HubBridge::Listener listener;
  listener.on_snapshot = [this](const nlohmann::json& snapshot) { on_snapshot(snapshot); };
  listener.on_push = [this](const protocol::Message& push) { on_push(push); };
  listener.on_lost = [this](const std::string& why_vi, bool refused) { on_lost(why_vi, refused); };
  hub_ = std::make_unique<HubBridge>(url_, std::move(token), queue_, std::move(listener));
  hub_->start();
}

ui::UiContext KioskApp::context() {
  ui::HubPort& port = hub_ ? static_cast<ui::HubPort&>(*hub_) : static_cast<ui::HubPort&>(no_hub);
  return ui::UiContext{state_, port, *devices_, fonts_, options_, Clock::now(), std::chrono::system_clock::now()};
}

void KioskApp::on_snapshot(const nlohmann::json& snapshot) {
  state_.apply_snapshot(snapshot);
  state_.max_calls = options_.board_calls;
  spdlog::info("hub: connected as {} ({}), seq {}", state_.device, state_.role, state_.seq);
  changed_ = true;
}

void KioskApp::on_push(const protocol::Message& push) {
  const auto events = state_.apply_push(push);
  auto ui = context();
  for (const auto& event : events) view_->on_event(ui, event);
  changed_ = true;
}

void KioskApp::on_lost(const std::string& why_vi, bool refused) {
  state_.connected = false;
  state_.refused = refused;
  state_.lost_why_vi = why_vi;
  changed_ = true;
}

void KioskApp::periodic() {
  const auto now = Clock::now();
  if (now < next_periodic_) return;
  next_periodic_ = now + kRefresh;
  if (!hub_ || !state_.connected) return;
  if (config_.role == "ticket" || config_.role == "board") {
    hub_->request("queue.status", nlohmann::json::object(), [this](const ui::Reply& reply) {
      if (!reply.ok) return;
      state_.apply_queue_status(reply.result);
      changed_ = true;
    });
  }
  if (config_.role == "ticket" && devices_->has_printer() && printer_checks_++ % 5 == 0) {
    devices_->query_printer([this](const ui::PrintOutcome& outcome) {
      if (!hub_) return;
      nlohmann::json status = {{"printer", outcome.printer_state}};
      hub_->request("device.status", std::move(status), [](const ui::Reply&) {});
    });
  }
}

bool KioskApp::update() {
  const bool ran = queue_.drain();
  periodic();
  const bool changed = changed_ || ran;
  changed_ = false;
  return changed;
}

void KioskApp::draw() {
  auto ui = context();
  if (pairing_) pairing_->draw(ui);
  else view_->draw(ui);
  if (ui.changed) changed_ = true;
}

window::Scene::Clock::time_point KioskApp::next_change() {
  auto ui = context();
  auto next = pairing_ ? Clock::time_point::max() : view_->next_change(ui);
  return std::min(next, next_periodic_);
}

bool KioskApp::handle(const SDL_Event& event) {
  switch (event.type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_FINGERDOWN:
    case SDL_KEYDOWN:
    case SDL_TEXTINPUT:
      if (pairing_) pairing_->on_input(Clock::now());
      else view_->on_input(Clock::now());
      return true;
    default:
      return false;
  }
}

}  // namespace kiosk::app
