// The ticket kiosk at the entrance: a citizen who has never seen it picks a service area (and, if it
// applies, a priority), gets a number on screen and on paper, and the screen goes back to the start.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <string>

#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

struct PriorityChoice {
  const char* code;
  const char* key;
};
constexpr std::array<PriorityChoice, 5> kPriorities{{{"elderly", "ticket.priority_elderly"},
                                                     {"disabled", "ticket.priority_disabled"},
                                                     {"pregnant", "ticket.priority_pregnant"},
                                                     {"infant", "ticket.priority_infant"},
                                                     {"veteran", "ticket.priority_veteran"}}};

const char* priority_key(const std::string& code) {
  for (const auto& p : kPriorities)
    if (code == p.code) return p.key;
  return nullptr;
}

// The issued ticket stays on screen long enough to read, not long enough for the next citizen to see it.
constexpr std::chrono::seconds kIssuedScreenTime{15};

class TicketView : public View {
 public:
  void draw(UiContext& ui) override {
    expire(ui);
    begin_screen("##ticket");
    header(ui);
    if (!ui.state.connected) banner(ui.fonts.title, tr(ui.state.refused ? "common.refused" : "common.lost"), colour::banner, colour::ink);
    switch (step_) {
      case Step::home: home(ui); break;
      case Step::priority: priority(ui); break;
      case Step::issuing: label_centred(ui.fonts.large, colour::ink, tr("ticket.issuing")); break;
      case Step::issued: issued(ui); break;
      case Step::failed: failed(ui); break;
    }
    end_screen();
  }

  Clock::time_point next_change(const UiContext& ui) const override {
    // The clock in the header changes each minute; a citizen screen times out.
    const auto wall_now = ui.wall;
    const auto into_minute = wall_now.time_since_epoch() % std::chrono::minutes(1);
    auto next = ui.now + std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1) - into_minute);
    if (can_time_out()) next = std::min(next, timeout_at(ui));
    return next;
  }

  void on_input(Clock::time_point now) override { last_input_ = now; }

 private:
  enum class Step { home, priority, issuing, issued, failed };

  Clock::time_point timeout_at(const UiContext& ui) const {
    return last_input_ + (step_ == Step::issued ? std::chrono::duration_cast<Clock::duration>(kIssuedScreenTime)
                                                 : std::chrono::duration_cast<Clock::duration>(ui.options.citizen_timeout));
  }

  // A citizen's choices never outlive them: a priority chosen and left behind would go to the next person.
  bool can_time_out() const { return step_ != Step::issuing && (step_ != Step::home || !priority_.empty()); }

  void expire(UiContext& ui) {
    if (can_time_out() && ui.now >= timeout_at(ui)) go_home();
  }

  void go_home() {
    step_ = Step::home;
    priority_.clear();
    error_.clear();
  }

  void header(UiContext& ui) {
    // Centre name on the left (wrapping), the clock and the language switch on the right.
    const float width = ImGui::GetContentRegionAvail().x;
    const std::string clock = local_time_text(ui.wall, "%H:%M  %d/%m/%Y");
    const char* switch_text = tr("common.switch_lang");
    const float clock_width = ui.fonts.body_bold->CalcTextSizeA(ui.fonts.body_bold->FontSize, FLT_MAX, 0, clock.c_str()).x;
    const float switch_width = ui.fonts.body->CalcTextSizeA(ui.fonts.body->FontSize, FLT_MAX, 0, switch_text).x + ui.fonts.unit * 1.6f;
    const float right = clock_width + switch_width + ui.fonts.unit * 1.5f;
    const float top = ImGui::GetCursorPosY();
    label(ui.fonts.title, colour::primary, ui.state.centre_name().empty() ? " " : ui.state.centre_name(), width - right);
    const float below = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(width - right + ui.fonts.unit, top + ui.fonts.unit * 0.5f));
    label(ui.fonts.body_bold, colour::muted, clock);
    ImGui::SetCursorPos(ImVec2(width - switch_width, top));
    if (button(ui.fonts.body, switch_text, colour::panel, colour::ink)) {
      set_lang(lang() == Lang::vi ? Lang::en : Lang::vi);
      ui.changed = true;
    }
    ImGui::SetCursorPosY(std::max(below, ImGui::GetCursorPosY()));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 0.5f));
  }

  // Outside office hours the kiosk says so and when it opens; it does not issue.
  bool office_closed(const UiContext& ui) const { return ui.state.office.known && !ui.state.office.open; }

  void closed_notice(UiContext& ui) {
    const auto& office = ui.state.office;
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 2));
    label_centred(ui.fonts.large, colour::accent, tr("ticket.closed_title"));
    if (!office.working_day) label_centred(ui.fonts.title, colour::ink, tr("ticket.not_working_day"));
    ImGui::Dummy(ImVec2(0, ui.fonts.unit));
    label_centred(ui.fonts.title, colour::ink, tr("ticket.hours"));
    if (!office.morning.empty())
      label_centred(ui.fonts.title, colour::ink, std::string(tr("ticket.morning")) + ": " + office.morning);
    if (!office.afternoon.empty())
      label_centred(ui.fonts.title, colour::ink, std::string(tr("ticket.afternoon")) + ": " + office.afternoon);
    if (!office.next_open.empty()) {
      ImGui::Dummy(ImVec2(0, ui.fonts.unit));
      label_centred(ui.fonts.title, colour::primary, std::string(tr("ticket.opens_next")) + " " + display_time(office.next_open));
    }
  }

  void home(UiContext& ui) {
    if (office_closed(ui)) {
      closed_notice(ui);
      return;
    }
    if (!priority_.empty()) {
      banner(ui.fonts.title, std::string(tr("ticket.priority_active")) + ": " + tr(priority_key(priority_)), colour::banner,
             colour::ink);
    }
    label_centred(ui.fonts.title, colour::ink, tr("ticket.choose_service"));
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 0.5f));
    service_tiles(ui);
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 0.5f));
    if (priority_.empty()) {
      if (button(ui.fonts.title, tr("ticket.priority_button"), colour::panel, colour::ink)) {
        step_ = Step::priority;
        last_input_ = ui.now;
      }
    } else if (button(ui.fonts.title, tr("ticket.priority_none"), colour::panel, colour::ink)) {
      priority_.clear();
    }
  }

  void service_tiles(UiContext& ui) {
    const auto& services = ui.state.services;
    if (services.empty()) return;
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool portrait = ImGui::GetIO().DisplaySize.y > ImGui::GetIO().DisplaySize.x;
    const int columns = portrait ? 2 : 3;
    const float gap = ui.fonts.unit * 0.6f;
    const float width = (avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float height = ui.fonts.unit * (portrait ? 6.5f : 5.0f);
    int column = 0;
    for (const auto& service : services) {
      const QueueEntry* queue = ui.state.queue_entry(service.code);
      const bool closed = queue != nullptr && queue->closed;
      std::string subtitle;
      if (closed) subtitle = tr("ticket.service_closed");
      else if (queue == nullptr || queue->waiting == 0) subtitle = tr("ticket.nobody_waiting");
      else
        subtitle = std::string(tr("ticket.waiting_count")) + ": " + std::to_string(queue->waiting) + " · " +
                   tr("common.about") + " " + std::to_string(wait_minutes(queue->estimated_wait_s)) + " " + tr("common.minutes");
      const std::string name = pick(service.name_vi, service.name_en);
      const bool enabled = ui.state.connected && !closed;
      if (column > 0) ImGui::SameLine(0, gap);
      if (tile(service.code.c_str(), ImVec2(width, height), ui.fonts.large, name, ui.fonts.body, subtitle, colour::primary,
               colour::primary_ink, enabled))
        issue(ui, service);
      column = (column + 1) % columns;
      if (column == 0) ImGui::Dummy(ImVec2(0, gap * 0.5f));
    }
    if (column != 0) ImGui::NewLine();
  }

  void priority(UiContext& ui) {
    label_centred(ui.fonts.title, colour::ink, tr("ticket.priority_title"));
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 0.5f));
    const float width = ImGui::GetContentRegionAvail().x;
    for (const auto& choice : kPriorities) {
      if (tile(choice.code, ImVec2(width, ui.fonts.unit * 3.2f), ui.fonts.large, tr(choice.key), nullptr, {}, colour::panel,
               colour::ink)) {
        priority_ = choice.code;
        step_ = Step::home;
        last_input_ = ui.now;
      }
      ImGui::Dummy(ImVec2(0, ui.fonts.unit * 0.3f));
    }
    if (button(ui.fonts.title, tr("common.back"), colour::panel, colour::ink)) go_home();
  }

  void issue(UiContext& ui, const ServiceInfo& service) {
    if (step_ == Step::issuing) return;  // a double tap issues one ticket
    step_ = Step::issuing;
    last_input_ = ui.now;
    nlohmann::json args = {{"service", service.code}};
    if (!priority_.empty()) args["priority"] = priority_;
    const std::string centre = ui.state.centre_name();
    const std::string centre_code = ui.state.centre_code;
    const std::string priority_label =
        priority_.empty() ? std::string() : std::string(tr("ticket.priority_active")) + ": " + tr(priority_key(priority_));
    Peripherals* devices = &ui.devices;
    HubPort* hub = &ui.hub;
    ui.hub.request("ticket.issue", std::move(args), [this, devices, hub, centre, centre_code, priority_label](const Reply& reply) {
      if (!reply.ok) {
        spdlog::warn("ticket.issue refused: {} ({})", reply.error_code, reply.error_en);
        error_ = lang() == Lang::vi ? reply.error_vi : reply.error_en;
        step_ = Step::failed;
        return;
      }
      const auto& r = reply.result;
      issued_ = TicketToPrint{};
      issued_.centre_name = centre;
      issued_.number = r.value("number", "");
      issued_.service_name = pick(r.value("service_name_vi", ""), r.value("service_name_en", ""));
      issued_.issued_at = display_time(r.value("issued_at", ""));
      issued_.priority_label = priority_label;
      issued_.people_ahead = r.value("people_ahead", 0);
      issued_.estimated_wait_minutes = wait_minutes(r.value("estimated_wait_s", 0));
      issued_.qr_payload = "kiosk:ticket:" + centre_code + ":" + std::to_string(r.value("id", 0));
      print_error_.clear();
      printing_ = true;
      step_ = Step::issued;
      devices->print_ticket(issued_, [this, hub](const PrintOutcome& outcome) {
        printing_ = false;
        if (!outcome.ok) {
          spdlog::warn("ticket {} not printed: {}", issued_.number, outcome.error_en);
          print_error_ = tr("ticket.print_failed");
        }
        // The manager screen shows the printer's state; a report that does not arrive is not an error here.
        nlohmann::json status = {{"printer", outcome.printer_state}};
        if (!outcome.ok) status["printer_error"] = outcome.error_en;
        hub->request("device.status", std::move(status), [](const Reply&) {});
      });
    });
  }

  void issued(UiContext& ui) {
    label_centred(ui.fonts.title, colour::ink, tr("ticket.your_number"));
    label_centred(ui.fonts.huge, colour::primary, issued_.number);
    label_centred(ui.fonts.large, colour::ink, issued_.service_name);
    if (!issued_.priority_label.empty()) label_centred(ui.fonts.title, colour::accent, issued_.priority_label);
    ImGui::Dummy(ImVec2(0, ui.fonts.unit));
    label_centred(ui.fonts.title, colour::ink,
                  std::string(tr("ticket.people_ahead")) + ": " + std::to_string(issued_.people_ahead));
    label_centred(ui.fonts.title, colour::ink,
                  std::string(tr("ticket.estimated_wait")) + ": " + std::to_string(issued_.estimated_wait_minutes) + " " +
                      tr("common.minutes"));
    ImGui::Dummy(ImVec2(0, ui.fonts.unit));
    if (!print_error_.empty()) banner(ui.fonts.title, print_error_, colour::banner, colour::accent);
    else if (!printing_) label_centred(ui.fonts.title, colour::good, tr("ticket.take_ticket"));
    ImGui::Dummy(ImVec2(0, ui.fonts.unit));
    const float width = ui.fonts.unit * 10;
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) / 2);
    if (button(ui.fonts.large, tr("common.done"), colour::primary, colour::primary_ink, true, width)) go_home();
  }

  void failed(UiContext& ui) {
    ImGui::Dummy(ImVec2(0, ui.fonts.unit * 2));
    label_centred(ui.fonts.large, colour::accent, tr("ticket.issue_failed"));
    label_centred(ui.fonts.title, colour::ink, error_);
    ImGui::Dummy(ImVec2(0, ui.fonts.unit));
    if (button(ui.fonts.large, tr("common.back"), colour::panel, colour::ink)) go_home();
  }

  Step step_ = Step::home;
  std::string priority_;
  std::string error_;
  std::string print_error_;
  bool printing_ = false;
  TicketToPrint issued_;
  Clock::time_point last_input_{};
};

}  // namespace

std::unique_ptr<View> make_ticket_view() { return std::make_unique<TicketView>(); }

}  // namespace kiosk::ui
