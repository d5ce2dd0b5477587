// The staff terminal at one counter (1366×768): sign-in with a PIN keypad; then the counter's status, the
// current ticket and its actions, the counter's queue, dossier intake with a procedure search, and the
// dossier desk (supplements, resolution, return, and the apology slip a late result needs first).
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/domain/indicators.hpp"
#include "kiosk/domain/records.hpp"
#include "kiosk/domain/time.hpp"  // parse_date
#include "kiosk/ui/search.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxPinDigits = 12;
constexpr std::size_t kMinPinDigits = 4;
constexpr std::size_t kShownMatches = 4;  // procedure tiles that fit the intake column

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A phrase with "{n}" in it, filled.
std::string fill(const char* phrase, const std::string& value) {
  std::string out(phrase);
  if (const auto at = out.find("{n}"); at != std::string::npos) out.replace(at, 3, value);
  return out;
}

// What the panels say: a phrase of ours (by key, so it follows the language), or the hub's words.
struct Notice {
  std::string key, vi, en, detail;
  bool error = false;
  bool empty() const { return key.empty() && vi.empty(); }
  std::string text() const {
    std::string out = key.empty() ? pick(vi, en) : std::string(tr(key));
    if (!detail.empty()) out += ": " + detail;
    return out;
  }
  static Notice of(std::string key_name, std::string detail_text = {}) {
    return Notice{std::move(key_name), {}, {}, std::move(detail_text), false};
  }
  static Notice refused(const Reply& reply) { return Notice{{}, reply.error_vi, reply.error_en, {}, true}; }
};

void show(const Notice& notice, const window::FontSet& fonts, float wrap) {
  if (notice.empty()) return;
  label(fonts.body_bold, notice.error ? colour::accent : colour::good, notice.text(), wrap);
}

struct ProcedureInfo {
  std::string code, name_vi, name_en, field, unit;
  int processing_time = 0;
  std::int64_t fee = 0;
  std::string haystack;  // names, code and field name, for the search
};

struct Choice {
  const char* value;
  const char* key;
};
constexpr std::array<Choice, 4> kChannels = {{{"in_person", "counter.channel_in_person"},
                                              {"online_full", "counter.channel_online_full"},
                                              {"online_partial", "counter.channel_online_partial"},
                                              {"postal", "counter.channel_postal"}}};
constexpr std::array<Choice, 4> kFlags = {{{"inter_agency", "counter.flag_inter_agency"},
                                           {"digitised", "counter.flag_digitised"},
                                           {"data_reused", "counter.flag_data_reused"},
                                           {"paid_online", "counter.flag_paid_online"}}};

bool holds(const TicketInfo& t) { return t.state == "called" || t.state == "serving"; }

// A Counter object (as the hub sends) for `c` now holding `ticket`, so that a ticket reply goes through
// HubState::apply_counter like any other counter change.
json counter_holding(const CounterInfo& c, const json& ticket) {
  const TicketInfo t = parse_ticket(ticket);
  return {{"number", c.number},
          {"status", c.status},
          {"staff", c.staff},
          {"staff_name", c.staff_name},
          {"current_ticket", holds(t) ? json(t.id) : json(nullptr)},
          {"ticket", ticket}};
}

float button_width(ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x + 1.6f * font->FontSize;
}

void at(float x, float y) { ImGui::SetCursorPos(ImVec2(x, y)); }

// A text field under its name; the name is also the target that scripts and tests tap.
void field(const window::FontSet& fonts, const char* id, const char* key, std::string& value, float width) {
  const char* name = tr(key);
  label(fonts.body_bold, colour::ink, name);
  text_input(id, name, value, width);
}

class CounterView final : public View {
 public:
  void draw(UiContext& ui) override;
  void on_event(UiContext& ui, const ScreenEvent& event) override;

 private:
  enum class Tab { serve, intake, dossier };

  // Sends a command; `then` runs with the reply unless the view is gone. One command at a time.
  void send(UiContext& ui, const std::string& cmd, json args, std::function<void(const Reply&)> then);
  void refresh(HubPort& hub, HubState& state);
  void load_catalogue(UiContext& ui);
  void forget_work();

  void draw_sign_in(UiContext& ui);
  void draw_header(UiContext& ui);
  void draw_serve(UiContext& ui, float top);
  void draw_ticket_actions(UiContext& ui, const CounterInfo& counter, float width);
  void draw_queue(UiContext& ui, float x, float top, float width);
  void draw_intake(UiContext& ui, float top);
  void draw_intake_form(UiContext& ui, const ProcedureInfo& procedure, float width);
  void draw_dossier(UiContext& ui, float top);
  void draw_dossier_actions(UiContext& ui, float width);
  void draw_apology(UiContext& ui, float width);

  void ticket_command(UiContext& ui, const std::string& cmd, json args = json::object());
  void dossier_command(UiContext& ui, const std::string& cmd, json args);
  void add_pin_digit(char digit);
  void sign_in(UiContext& ui);
  const ProcedureInfo* procedure(const std::string& code) const;
  const std::vector<std::size_t>& matches();

  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool busy_ = false;
  QueueRefresher queue_;
  std::string staff_seen_;
  Tab tab_ = Tab::serve;

  // Sign-in
  std::string staff_id_, pin_;
  Notice sign_in_notice_;

  // Serving
  Notice serve_notice_;
  bool picking_transfer_ = false;

  // Catalogue (catalogue.get)
  bool catalogue_loaded_ = false, catalogue_pending_ = false, catalogue_failed_ = false;
  std::vector<ProcedureInfo> procedures_;
  std::vector<std::string> counter_services_;

  // Intake
  std::string search_, matched_query_ = "\x01";
  std::vector<std::size_t> matches_;
  std::string chosen_procedure_;
  std::string channel_ = "in_person";
  std::array<bool, kFlags.size()> flags_{};
  std::optional<json> received_;
  Notice intake_notice_;

  // Dossier desk
  std::string dossier_code_, supplement_reason_, apology_reason_, apology_date_;
  std::optional<json> dossier_;
  bool asking_apology_ = false;
  Notice dossier_notice_;
};

void CounterView::send(UiContext& ui, const std::string& cmd, json args, std::function<void(const Reply&)> then) {
  busy_ = true;
  std::weak_ptr<bool> alive = alive_;
  ui.hub.request(cmd, std::move(args), [this, alive, then = std::move(then)](const Reply& reply) {
    if (alive.expired()) return;
    busy_ = false;
    then(reply);
  });
}

// queue.status brings the counter (and the queue) up to date; one at a time, and once more if something
// happened meanwhile.
void CounterView::refresh(HubPort& hub, HubState& state) {
  queue_.request(hub, state);
}

void CounterView::load_catalogue(UiContext& ui) {
  catalogue_pending_ = true;
  std::weak_ptr<bool> alive = alive_;
  const std::optional<int> number = ui.state.counter;
  HubState* state = &ui.state;
  ui.hub.request("catalogue.get", json::object(), [this, alive, number, state](const Reply& reply) {
    if (alive.expired()) return;
    catalogue_pending_ = false;
    if (!reply.ok || !reply.result.is_object()) {
      catalogue_failed_ = true;
      return;
    }
    catalogue_loaded_ = true;
    procedures_.clear();
    counter_services_.clear();
    for (const auto& p : reply.result.value("procedures", json::array())) {
      if (!p.is_object()) continue;
      ProcedureInfo info{text_of(p, "code"), text_of(p, "name_vi"), text_of(p, "name_en"), text_of(p, "field"),
                         text_of(p, "unit"), p.value("processing_time", 0), p.value("fee", std::int64_t{0}), {}};
      const ServiceInfo* area = state->service(info.field);
      info.haystack = info.code + " " + info.name_vi + " " + info.name_en + " " + info.field +
                      (area != nullptr ? " " + area->name_vi + " " + area->name_en : std::string());
      procedures_.push_back(std::move(info));
    }
    for (const auto& c : reply.result.value("counters", json::array()))
      if (c.is_object() && number && c.value("number", 0) == *number)
        for (const auto& s : c.value("services", json::array()))
          if (s.is_string()) counter_services_.push_back(s.get<std::string>());
    matched_query_ = "\x01";
  });
}

// A new member of staff starts with clean panels: nothing of the previous one's dossiers stays on screen.
void CounterView::forget_work() {
  staff_id_.clear();
  pin_.clear();
  sign_in_notice_ = {};
  tab_ = Tab::serve;
  serve_notice_ = {};
  picking_transfer_ = false;
  search_.clear();
  matched_query_ = "\x01";
  chosen_procedure_.clear();
  channel_ = "in_person";
  flags_ = {};
  received_.reset();
  intake_notice_ = {};
  dossier_code_.clear();
  supplement_reason_.clear();
  apology_reason_.clear();
  apology_date_.clear();
  dossier_.reset();
  asking_apology_ = false;
  dossier_notice_ = {};
}

void CounterView::on_event(UiContext& ui, const ScreenEvent& event) {
  if (event.replay || !ui.state.counter || event.counter != *ui.state.counter) return;
  switch (event.kind) {
    case ScreenEvent::Kind::call:
    case ScreenEvent::Kind::recall:
    case ScreenEvent::Kind::ticket_finished:
    case ScreenEvent::Kind::counter_changed:
      // A rating at this counter also arrives as a counter change: it is never shown here, only the
      // counter is read again.
      refresh(ui.hub, ui.state);
      break;
    default:
      break;
  }
}

void CounterView::draw(UiContext& ui) {
  begin_screen("counter");
  const CounterInfo* counter = ui.state.counter_state ? &*ui.state.counter_state : nullptr;
  const std::string staff = counter != nullptr ? counter->staff : std::string();
  if (staff != staff_seen_) {
    forget_work();
    staff_seen_ = staff;
  }
  if (counter == nullptr) {
    label_centred(ui.fonts.title, colour::muted, tr("common.connecting"));
  } else if (staff.empty()) {
    draw_sign_in(ui);
  } else {
    if (!catalogue_loaded_ && !catalogue_pending_ && !catalogue_failed_) load_catalogue(ui);
    draw_header(ui);
    const float top = ui.fonts.unit * 5.2f;
    switch (tab_) {
      case Tab::serve: draw_serve(ui, top); break;
      case Tab::intake: draw_intake(ui, top); break;
      case Tab::dossier: draw_dossier(ui, top); break;
    }
  }
  // The screen stays as it was while the hub is away; a band at the bottom says so.
  if (ui.state.ever_connected && !ui.state.connected) {
    at(ImGui::GetStyle().WindowPadding.x, ImGui::GetMainViewport()->Size.y - ui.fonts.unit * 2.2f);
    banner(ui.fonts.body_bold,
           lang() == Lang::vi && !ui.state.lost_why_vi.empty() ? ui.state.lost_why_vi : std::string(tr("common.lost")),
           colour::banner, colour::ink);
  }
  end_screen();
}

// ---- Sign-in -------------------------------------------------------------------------------------------

void CounterView::add_pin_digit(char digit) {
  if (pin_.size() < kMaxPinDigits) pin_ += digit;
}

void CounterView::sign_in(UiContext& ui) {
  if (busy_ || staff_id_.empty() || pin_.size() < kMinPinDigits) return;
  sign_in_notice_ = Notice::of("counter.signing_in");
  HubState* state = &ui.state;
  send(ui, "staff.sign_in", {{"staff", staff_id_}, {"pin", pin_}}, [this, state](const Reply& reply) {
    pin_.clear();
    if (!reply.ok) {
      sign_in_notice_ = Notice::refused(reply);
      return;
    }
    sign_in_notice_ = {};
    staff_id_.clear();
    state->apply_counter(reply.result);
  });
}

void CounterView::draw_sign_in(UiContext& ui) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  // A keyboard works too: digits, Backspace and Enter go to the PIN while the staff id is not being typed.
  if (!ImGui::IsAnyItemActive()) {
    ImGuiIO& io = ImGui::GetIO();
    for (const ImWchar c : io.InputQueueCharacters)
      if (c >= '0' && c <= '9') add_pin_digit(static_cast<char>(c));
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !pin_.empty()) pin_.pop_back();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) sign_in(ui);
  }

  at(u, u * 0.6f);
  label(ui.fonts.title, colour::ink,
        std::string(tr("common.counter_n")) + " " + std::to_string(ui.state.counter_state->number) + " — " +
            tr("counter.sign_in_title"));
  const char* switch_lang = tr("common.switch_lang");
  at(screen.x - u - button_width(ui.fonts.body_bold, switch_lang), u * 0.6f);
  if (button(ui.fonts.body_bold, switch_lang, colour::panel, colour::ink)) set_lang(lang() == Lang::vi ? Lang::en : Lang::vi);

  const float left = screen.x * 0.1f;
  const float column = screen.x * 0.36f;
  at(left, u * 4);
  ImGui::BeginGroup();
  field(ui.fonts, "staff", "counter.staff_id", staff_id_, column);
  ImGui::Dummy(ImVec2(0, u * 0.6f));
  label(ui.fonts.body_bold, colour::ink, tr("counter.pin"));
  if (pin_.empty()) {
    label(ui.fonts.title, colour::muted, tr("counter.pin_hint"), column);
  } else {
    std::string dots;
    for (std::size_t i = 0; i < pin_.size(); ++i) dots += i == 0 ? "•" : " •";
    label(ui.fonts.title, colour::ink, dots);
  }
  ImGui::Dummy(ImVec2(0, u * 0.6f));
  const bool ready = !busy_ && !staff_id_.empty() && pin_.size() >= kMinPinDigits;
  if (button(ui.fonts.title, tr("counter.sign_in"), colour::primary, colour::primary_ink, ready, column)) sign_in(ui);
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  show(sign_in_notice_, ui.fonts, column);
  ImGui::EndGroup();

  // The keypad: 1-9, then erase and 0.
  const ImVec2 key(u * 5.2f, u * 3.0f);
  const float gap = u * 0.5f;
  const float pad_left = screen.x * 0.56f;
  static constexpr std::array<const char*, 12> kKeys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", nullptr, "0", ""};
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    at(pad_left + static_cast<float>(i % 3) * (key.x + gap), u * 4 + static_cast<float>(i / 3) * (key.y + gap));
    const char* digit = kKeys[i];
    if (digit == nullptr) {
      if (tile("erase", key, ui.fonts.title, tr("counter.erase"), nullptr, {}, colour::panel, colour::ink, !pin_.empty()))
        pin_.pop_back();
    } else if (*digit != '\0') {
      if (tile(digit, key, ui.fonts.large, digit, nullptr, {}, colour::panel, colour::ink, pin_.size() < kMaxPinDigits))
        add_pin_digit(*digit);
    }
  }
}

// ---- Header: who, the counter's status, the tabs ----------------------------------------------------------

void CounterView::draw_header(UiContext& ui) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  const CounterInfo& counter = *ui.state.counter_state;
  ImFont* bold = ui.fonts.body_bold;

  at(u, u * 0.6f);
  label(ui.fonts.title, colour::ink,
        std::string(tr("common.counter_n")) + " " + std::to_string(counter.number) + " — " + counter.staff_name);
  const char* switch_lang = tr("common.switch_lang");
  const char* sign_out = tr("counter.sign_out");
  const float right = screen.x - u;
  at(right - button_width(bold, sign_out) - button_width(bold, switch_lang) - u * 0.5f, u * 0.6f);
  if (button(bold, switch_lang, colour::panel, colour::ink)) set_lang(lang() == Lang::vi ? Lang::en : Lang::vi);
  ImGui::SameLine(0, u * 0.5f);
  if (button(bold, sign_out, colour::panel, colour::ink, !busy_)) {
    HubState* state = &ui.state;
    send(ui, "staff.sign_out", json::object(), [this, state](const Reply& reply) {
      if (reply.ok) state->apply_counter(reply.result);
      else serve_notice_ = Notice::refused(reply);
    });
  }

  // Status and the counter's own commands.
  at(u, u * 2.9f);
  const bool open = counter.status == "open";
  const bool idle = !counter.ticket || !holds(*counter.ticket);
  const ImU32 status_colour = open ? colour::good : counter.status == "paused" ? colour::warn : colour::accent;
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  label(bold, status_colour, std::string(tr("counter.status")) + ": " + tr(("counter.status_" + counter.status).c_str()));
  ImGui::EndGroup();
  const auto counter_command = [&](const char* key, const char* cmd, bool enabled) {
    ImGui::SameLine(0, u * 0.6f);
    if (button(bold, tr(key), colour::primary, colour::primary_ink, enabled && !busy_)) {
      HubState* state = &ui.state;
      send(ui, cmd, json::object(), [this, state](const Reply& reply) {
        if (reply.ok) {
          serve_notice_ = {};
          state->apply_counter(reply.result);
        } else {
          serve_notice_ = Notice::refused(reply);
        }
      });
    }
  };
  counter_command("counter.open", "counter.open", !open);
  counter_command("counter.pause", "counter.pause", open && idle);
  counter_command("counter.close", "counter.close", counter.status != "closed" && idle);

  // Tabs, right-aligned on the same line.
  static constexpr std::array<std::pair<Tab, const char*>, 3> kTabs = {
      {{Tab::serve, "counter.tab_serve"}, {Tab::intake, "counter.tab_intake"}, {Tab::dossier, "counter.tab_dossier"}}};
  float tabs_width = 0;
  for (const auto& [tab, key] : kTabs) tabs_width += button_width(bold, tr(key)) + u * 0.3f;
  at(right - tabs_width + u * 0.3f, u * 2.9f);
  bool first = true;
  for (const auto& [tab, key] : kTabs) {
    if (!first) ImGui::SameLine(0, u * 0.3f);
    first = false;
    const bool current = tab_ == tab;
    if (button(bold, tr(key), current ? colour::primary : colour::panel, current ? colour::primary_ink : colour::ink)) {
      tab_ = tab;
      catalogue_failed_ = false;  // procedures are named on both dossier tabs: try the catalogue again
    }
  }
}

// ---- Serving: the current ticket and the queue ---------------------------------------------------------

void CounterView::ticket_command(UiContext& ui, const std::string& cmd, json args) {
  HubState* state = &ui.state;
  send(ui, cmd, std::move(args), [this, state, cmd](const Reply& reply) {
    if (!reply.ok) {
      serve_notice_ = reply.error_code == "queue.empty" ? Notice::of("counter.queue_empty") : Notice::refused(reply);
      return;
    }
    serve_notice_ = {};
    if (!state->counter_state) return;
    state->apply_counter(counter_holding(*state->counter_state, reply.result));
    if (cmd == "counter.transfer") {
      const TicketInfo t = parse_ticket(reply.result);
      serve_notice_ = Notice::of("counter.transferred", t.number + " → " + state->service_name(t.service));
    }
  });
}

void CounterView::draw_serve(UiContext& ui, float top) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  const CounterInfo& counter = *ui.state.counter_state;
  const float width = screen.x * 0.56f;

  at(u, top);
  label(ui.fonts.body_bold, colour::muted, tr("counter.current"));
  at(u, top + u * 1.4f);
  if (counter.ticket) {
    const TicketInfo& t = *counter.ticket;
    ImGui::BeginGroup();
    label(ui.fonts.huge, holds(t) ? colour::primary : colour::muted, t.number);
    ImGui::EndGroup();
    ImGui::SameLine(0, u);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, u * 0.8f));
    const float wrap = u + width - ImGui::GetCursorPosX();
    label(ui.fonts.title, colour::ink, ui.state.service_name(t.service), wrap);
    const std::string state_key = "counter.ticket_" + t.state;
    label(ui.fonts.body_bold, t.state == "serving" ? colour::good : colour::ink,
          texts().has(state_key) ? tr(state_key) : t.state);
    if (t.priority != "none" && !t.priority.empty()) label(ui.fonts.body_bold, colour::warn, tr("counter.priority"));
    if (t.recalls > 0) label(ui.fonts.body, colour::muted, std::string(tr("counter.recalls")) + ": " + std::to_string(t.recalls));
    ImGui::EndGroup();
  } else {
    ImGui::Dummy(ImVec2(0, u * 1.5f));
    label(ui.fonts.title, colour::muted, tr("counter.no_ticket"));
  }

  at(u, top + u * 8.2f);
  ImGui::BeginGroup();
  draw_ticket_actions(ui, counter, width);
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  show(serve_notice_, ui.fonts, width);
  ImGui::EndGroup();

  draw_queue(ui, screen.x * 0.6f, top, screen.x * 0.4f - u);
}

void CounterView::draw_ticket_actions(UiContext& ui, const CounterInfo& counter, float width) {
  const float u = ui.fonts.unit;
  const float gap = u * 0.5f;
  const std::optional<TicketInfo>& t = counter.ticket;
  const std::string state = t ? t->state : std::string();
  const bool called = state == "called";
  const bool serving = state == "serving";

  if (picking_transfer_ && serving) {
    label(ui.fonts.body_bold, colour::ink, tr("counter.transfer_to"));
    const ImVec2 size((width - 2 * gap) / 3, u * 2.4f);
    int n = 0;
    for (const auto& area : ui.state.services) {
      if (area.code == t->service) continue;
      if (n++ % 3 != 0) ImGui::SameLine(0, gap);
      if (tile(("to-" + area.code).c_str(), size, ui.fonts.body_bold, pick(area.name_vi, area.name_en), nullptr, {},
               colour::panel, colour::ink, !busy_)) {
        picking_transfer_ = false;
        ticket_command(ui, "counter.transfer", {{"to", area.code}});
      }
    }
    if (button(ui.fonts.body_bold, tr("common.cancel"), colour::panel, colour::ink)) picking_transfer_ = false;
    return;
  }
  picking_transfer_ = false;

  // Call when nobody is at the desk; recall, start or no-show while the citizen is awaited; finish or
  // transfer while being served.
  const bool desk_free = !t || !holds(*t);
  struct Action {
    const char* key;
    const char* cmd;
    bool enabled;
  };
  const std::array<Action, 6> actions = {{{"counter.call", "counter.call", desk_free && counter.status == "open"},
                                          {"counter.recall", "counter.recall", called},
                                          {"counter.start", "counter.start", called},
                                          {"counter.finish", "counter.finish", serving},
                                          {"counter.no_show", "counter.no_show", called},
                                          {"counter.transfer", nullptr, serving}}};
  const ImVec2 size((width - 2 * gap) / 3, u * 2.8f);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (i % 3 != 0) ImGui::SameLine(0, gap);
    else if (i > 0) ImGui::Dummy(ImVec2(0, gap * 0.5f));
    const Action& a = actions[i];
    const bool lead = i == 0 || (i == 2 && called) || (i == 3 && serving);
    if (!tile(a.key, size, ui.fonts.body_bold, tr(a.key), nullptr, {}, lead ? colour::primary : colour::panel,
              lead ? colour::primary_ink : colour::ink, a.enabled && !busy_))
      continue;
    if (a.cmd == nullptr) picking_transfer_ = true;
    else ticket_command(ui, a.cmd);
  }
}

void CounterView::draw_queue(UiContext& ui, float x, float top, float width) {
  const float u = ui.fonts.unit;
  at(x, top);
  ImGui::BeginGroup();
  label(ui.fonts.title, colour::ink, tr("counter.queue_title"));
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  std::vector<std::string> areas = counter_services_;
  if (areas.empty())
    for (const auto& q : ui.state.queue) areas.push_back(q.service);
  for (const auto& code : areas) {
    const QueueEntry* q = ui.state.queue_entry(code);
    const int waiting = q != nullptr ? q->waiting : 0;
    const float line = ImGui::GetCursorPosY();
    label(ui.fonts.body, colour::ink, ui.state.service_name(code), width * 0.55f);
    const float after = ImGui::GetCursorPosY();
    at(x + width * 0.58f, line);
    std::string count = std::to_string(waiting) + " " + tr("counter.waiting_n");
    if (q != nullptr && q->priority_waiting > 0)
      count += " (" + std::to_string(q->priority_waiting) + " " + tr("counter.priority_n") + ")";
    label(ui.fonts.body_bold, waiting > 0 ? colour::primary : colour::muted, count);
    at(x, std::max(after, ImGui::GetCursorPosY()) + u * 0.3f);
  }
  ImGui::EndGroup();
}

// ---- Dossier intake --------------------------------------------------------------------------------------

const ProcedureInfo* CounterView::procedure(const std::string& code) const {
  for (const auto& p : procedures_)
    if (p.code == code) return &p;
  return nullptr;
}

const std::vector<std::size_t>& CounterView::matches() {
  if (search_ != matched_query_) {
    matched_query_ = search_;
    matches_.clear();
    for (std::size_t i = 0; i < procedures_.size(); ++i)
      if (matches_search(procedures_[i].haystack, search_)) matches_.push_back(i);
  }
  return matches_;
}

void CounterView::draw_intake(UiContext& ui, float top) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  const float width = screen.x * 0.55f;

  at(u, top);
  ImGui::BeginGroup();
  field(ui.fonts, "search", "counter.search", search_, width);
  ImGui::Dummy(ImVec2(0, u * 0.2f));
  if (!catalogue_loaded_) {
    label(ui.fonts.body, colour::muted, tr(catalogue_pending_ ? "counter.catalogue_loading" : "counter.catalogue_failed"));
    if (!catalogue_pending_ && button(ui.fonts.body_bold, tr("counter.retry"))) load_catalogue(ui);
  } else {
    const auto& found = matches();
    if (found.empty()) label(ui.fonts.body, colour::muted, tr("counter.no_match"));
    for (std::size_t n = 0; n < std::min(found.size(), kShownMatches); ++n) {
      const ProcedureInfo& p = procedures_[found[n]];
      const bool chosen = p.code == chosen_procedure_;
      const std::string sub = p.code + " · " + ui.state.service_name(p.field);
      if (tile(("proc-" + p.code).c_str(), ImVec2(width, u * 4.0f), ui.fonts.body, pick(p.name_vi, p.name_en),
               ui.fonts.body_bold, sub, chosen ? colour::primary : colour::panel,
               chosen ? colour::primary_ink : colour::ink)) {
        chosen_procedure_ = p.code;
        received_.reset();
        intake_notice_ = {};
      }
      ImGui::Dummy(ImVec2(0, u * 0.1f));
    }
    if (found.size() > kShownMatches)
      label(ui.fonts.body, colour::muted, fill(tr("counter.more_matches"), std::to_string(found.size() - kShownMatches)));
  }
  ImGui::EndGroup();

  const float right = screen.x * 0.59f;
  const float right_width = screen.x - right - u;
  at(right, top);
  ImGui::BeginGroup();
  if (received_) {
    label(ui.fonts.title, colour::good, tr("counter.received"), right_width);
    label(ui.fonts.body_bold, colour::ink, std::string(tr("counter.dossier_code")) + ": " + text_of(*received_, "code"));
    label(ui.fonts.body_bold, colour::ink,
          std::string(tr("counter.due")) + ": " + display_time(text_of(*received_, "due_at")));
    ImGui::Dummy(ImVec2(0, u * 0.6f));
    if (button(ui.fonts.body_bold, tr("counter.receive_another"))) {
      received_.reset();
      chosen_procedure_.clear();
      channel_ = "in_person";
      flags_ = {};
    }
  } else if (const ProcedureInfo* p = procedure(chosen_procedure_)) {
    draw_intake_form(ui, *p, right_width);
  } else {
    label(ui.fonts.body, colour::muted, tr("counter.choose_procedure"), right_width);
  }
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  show(intake_notice_, ui.fonts, right_width);
  ImGui::EndGroup();
}

void CounterView::draw_intake_form(UiContext& ui, const ProcedureInfo& p, float width) {
  const float u = ui.fonts.unit;
  const float gap = u * 0.3f;
  label(ui.fonts.body_bold, colour::ink, pick(p.name_vi, p.name_en), width);
  std::string facts = p.code + " · " + tr("counter.processing_time") + ": " + std::to_string(p.processing_time) + " " +
                      tr(("counter.unit_" + p.unit).c_str()) + " · " + tr("counter.fee") + ": ";
  facts += p.fee > 0 ? format_count_vi(p.fee) + " ₫" : std::string(tr("counter.no_fee"));
  label(ui.fonts.body, colour::muted, facts, width);
  ImGui::Dummy(ImVec2(0, gap));

  // Channel (one of four) and flags (any), side by side.
  const float column = (width - gap) / 2;
  const ImVec2 size(column, u * 2.4f);
  const float y = ImGui::GetCursorPosY();
  const float x = ImGui::GetCursorPosX();
  ImGui::BeginGroup();
  label(ui.fonts.body_bold, colour::ink, tr("counter.channel"));
  for (const auto& c : kChannels) {
    const bool chosen = channel_ == c.value;
    if (tile(c.value, size, ui.fonts.body, tr(c.key), nullptr, {}, chosen ? colour::primary : colour::panel,
             chosen ? colour::primary_ink : colour::ink))
      channel_ = c.value;
  }
  ImGui::EndGroup();
  at(x + column + gap, y);
  ImGui::BeginGroup();
  label(ui.fonts.body_bold, colour::ink, tr("counter.flags"));
  for (std::size_t i = 0; i < kFlags.size(); ++i) {
    if (tile(kFlags[i].value, size, ui.fonts.body, tr(kFlags[i].key), nullptr, {}, flags_[i] ? colour::primary : colour::panel,
             flags_[i] ? colour::primary_ink : colour::ink))
      flags_[i] = !flags_[i];
  }
  ImGui::EndGroup();
  at(x, ImGui::GetCursorPosY());

  // The visit being served is linked to the dossier.
  const auto& current = ui.state.counter_state->ticket;
  const bool linked = current && current->state == "serving";
  label(ui.fonts.body, colour::ink,
        linked ? std::string(tr("counter.linked_ticket")) + ": " + current->number : std::string(tr("counter.no_linked_ticket")));
  if (button(ui.fonts.title, tr("counter.receive"), colour::primary, colour::primary_ink, !busy_, width)) {
    json args = {{"procedure", p.code}, {"channel", channel_}};
    for (std::size_t i = 0; i < kFlags.size(); ++i) args[kFlags[i].value] = flags_[i];
    if (linked) args["ticket"] = current->number;
    intake_notice_ = {};
    send(ui, "dossier.receive", std::move(args), [this](const Reply& reply) {
      if (!reply.ok) {
        intake_notice_ = Notice::refused(reply);
        return;
      }
      received_ = reply.result;
      // The new dossier is ready on the dossier desk too.
      dossier_ = reply.result;
      dossier_code_ = text_of(reply.result, "code");
      dossier_notice_ = {};
      asking_apology_ = false;
    });
  }
}

// ---- The dossier desk --------------------------------------------------------------------------------

void CounterView::dossier_command(UiContext& ui, const std::string& cmd, json args) {
  dossier_notice_ = {};
  send(ui, cmd, std::move(args), [this, cmd](const Reply& reply) {
    if (reply.ok && reply.result.is_object()) {
      dossier_ = reply.result;
      dossier_notice_ = cmd == "dossier.get" ? Notice{} : Notice::of("counter.dossier_updated");
      return;
    }
    dossier_notice_ = Notice::refused(reply);
    // A late result is returned only after an apology slip: ask for it.
    if (reply.error_code == "dossier.apology_required") asking_apology_ = true;
  });
}

void CounterView::draw_dossier(UiContext& ui, float top) {
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float u = ui.fonts.unit;
  const float width = screen.x * 0.5f;

  at(u, top);
  ImGui::BeginGroup();
  label(ui.fonts.body_bold, colour::ink, tr("counter.dossier_code"));
  const char* lookup = tr("counter.lookup");
  text_input("dossier", tr("counter.dossier_code"), dossier_code_, width - button_width(ui.fonts.body_bold, lookup) - u * 0.4f);
  ImGui::SameLine(0, u * 0.4f);
  if (button(ui.fonts.body_bold, lookup, colour::primary, colour::primary_ink, !busy_ && !dossier_code_.empty())) {
    asking_apology_ = false;
    dossier_.reset();
    dossier_command(ui, "dossier.get", {{"code", dossier_code_}});
  }
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  if (dossier_) {
    const json& d = *dossier_;
    label(ui.fonts.title, colour::ink, text_of(d, "code"));
    const std::string code = text_of(d, "procedure");
    const ProcedureInfo* p = procedure(code);
    label(ui.fonts.body, colour::ink, p != nullptr ? pick(p->name_vi, p->name_en) : code, width);
    const std::string status_key = "counter.dossier_status_" + text_of(d, "status_name");
    const std::string status_en = texts().has(status_key) ? tr(status_key) : text_of(d, "status_name");
    label(ui.fonts.body_bold, colour::ink,
          std::string(tr("counter.status")) + ": " + pick(text_of(d, "status_name_vi"), status_en), width);
    label(ui.fonts.body, colour::ink, std::string(tr("counter.due")) + ": " + display_time(text_of(d, "due_at")));
    if (const std::string promised = text_of(d, "promised_at"); !promised.empty())
      label(ui.fonts.body, colour::ink, std::string(tr("counter.promised")) + ": " + display_time(promised));
    const std::string timeliness = text_of(d, "timeliness");
    label(ui.fonts.body_bold, timeliness == "late" ? colour::accent : colour::ink,
          std::string(tr("counter.timeliness")) + ": " +
              tr(("counter.timeliness_" + (timeliness.empty() ? std::string("pending") : timeliness)).c_str()));
  }
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  show(dossier_notice_, ui.fonts, width);
  ImGui::EndGroup();

  const float right = screen.x * 0.55f;
  at(right, top);
  ImGui::BeginGroup();
  if (dossier_ && asking_apology_) draw_apology(ui, screen.x - right - u);
  else if (dossier_) draw_dossier_actions(ui, screen.x - right - u);
  ImGui::EndGroup();
}

void CounterView::draw_dossier_actions(UiContext& ui, float width) {
  const float u = ui.fonts.unit;
  const json& d = *dossier_;
  const std::string code = text_of(d, "code");
  const auto status = dossier_status_from_int(d.value("status", 0));
  const auto can = [&](DossierStatus to) { return status && transition_allowed(*status, to) && !busy_; };
  const ImVec2 size(width, u * 2.4f);

  field(ui.fonts, "supplement", "counter.supplement_reason", supplement_reason_, width);
  ImGui::Dummy(ImVec2(0, u * 0.2f));
  if (tile("supplement", size, ui.fonts.body_bold, tr("counter.supplement"), nullptr, {}, colour::panel, colour::ink,
           can(DossierStatus::supplement_requested) && !supplement_reason_.empty())) {
    dossier_command(ui, "dossier.supplement", {{"code", code}, {"reason", supplement_reason_}});
    supplement_reason_.clear();
  }
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  // Supplement received: back to processing, from a request only.
  const bool paused = status == DossierStatus::supplement_requested;
  if (tile("supplemented", size, ui.fonts.body_bold, tr("counter.supplemented"), nullptr, {}, colour::panel, colour::ink,
           paused && can(DossierStatus::processing)))
    dossier_command(ui, "dossier.supplemented", {{"code", code}});
  ImGui::Dummy(ImVec2(0, u * 0.2f));
  if (tile("resolve", size, ui.fonts.body_bold, tr("counter.resolve"), nullptr, {}, colour::primary, colour::primary_ink,
           can(DossierStatus::processed)))
    dossier_command(ui, "dossier.resolve", {{"code", code}});
  ImGui::Dummy(ImVec2(0, u * 0.2f));
  if (tile("return", size, ui.fonts.body_bold, tr("counter.return"), nullptr, {}, colour::primary, colour::primary_ink,
           can(DossierStatus::returned)))
    dossier_command(ui, "dossier.return", {{"code", code}});
}

void CounterView::draw_apology(UiContext& ui, float width) {
  const float u = ui.fonts.unit;
  label(ui.fonts.body_bold, colour::accent, tr("counter.apology_title"), width);
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  field(ui.fonts, "apology-reason", "counter.apology_reason", apology_reason_, width);
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  field(ui.fonts, "apology-date", "counter.apology_date", apology_date_, width);
  const bool date_ok = parse_date(apology_date_).has_value();
  if (!apology_date_.empty() && !date_ok) label(ui.fonts.body, colour::accent, tr("counter.apology_date_bad"), width);
  ImGui::Dummy(ImVec2(0, u * 0.4f));
  const bool ready = !busy_ && date_ok && !apology_reason_.empty();
  if (button(ui.fonts.title, tr("counter.print_apology"), colour::primary, colour::primary_ink, ready, width)) {
    const json previous = *dossier_;
    const std::string code = text_of(previous, "code");
    const std::string reason = apology_reason_;
    Peripherals* devices = &ui.devices;
    const ProcedureInfo* p = procedure(text_of(previous, "procedure"));
    ApologyToPrint slip{ui.state.centre_name_vi,
                        code,
                        p != nullptr ? p->name_vi : text_of(previous, "procedure"),
                        display_time(text_of(previous, "received_at")),
                        display_time(text_of(previous, text_of(previous, "promised_at").empty() ? "due_at" : "promised_at")),
                        {},
                        reason,
                        ui.state.counter_state->staff_name,
                        local_time_text(ui.wall, "%d/%m/%Y %H:%M")};
    dossier_notice_ = {};
    std::weak_ptr<bool> alive = alive_;
    send(ui, "dossier.apology", {{"code", code}, {"reason", reason}, {"new_due", apology_date_}},
         [this, alive, devices, slip](const Reply& reply) mutable {
           if (!reply.ok) {
             dossier_notice_ = Notice::refused(reply);
             return;
           }
           dossier_ = reply.result;
           asking_apology_ = false;
           apology_reason_.clear();
           apology_date_.clear();
           // The old appointment is the one the slip apologises for; the new one is the hub's.
           slip.new_due_at = display_time(text_of(reply.result, "promised_at"));
           dossier_notice_ = Notice::of("counter.apology_printing");
           devices->print_apology(slip, [this, alive](const PrintOutcome& outcome) {
             if (alive.expired()) return;
             if (outcome.ok) {
               dossier_notice_ = Notice::of("counter.apology_printed");
             } else {
               dossier_notice_ = Notice{"counter.apology_print_failed", {}, {}, pick(outcome.error_vi, outcome.error_en), true};
             }
           });
         });
  }
  ImGui::Dummy(ImVec2(0, u * 0.3f));
  if (button(ui.fonts.body_bold, tr("common.cancel"), colour::panel, colour::ink)) {
    asking_apology_ = false;
    apology_reason_.clear();
    apology_date_.clear();
  }
}

}  // namespace

std::unique_ptr<View> make_counter_view() { return std::make_unique<CounterView>(); }

}  // namespace kiosk::ui
