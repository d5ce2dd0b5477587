// The centre manager's screen: today's figures, the paired devices, one-time codes for new devices, the
// province sync and the rules a manager may change while the centre runs. Tabs are big buttons across the
// top. Everything shown comes from the hub (report.indicators, queue.status, device.list, pairing.create,
// settings.get) and from HubState's live queue; a field the hub did not send shows as "—".
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/domain/indicators.hpp"
#include "kiosk/domain/time.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"
#include "kiosk/window/targets.hpp"

namespace kiosk::ui {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kRefreshEvery = 60s;  // figures and the device list, while shown
constexpr auto kAtMostEvery = 10s;   // asked again after a change (or on coming back to the tab), at most this often
constexpr double kSatisfactionTarget = 0.95;  // the national target (DOMAIN.md)

// ---- Reading the hub's JSON: anything missing or of another type is "not known" -------------------------

const json* at(const json& j, std::initializer_list<const char*> path) {
  const json* current = &j;
  for (const char* key : path) {
    if (!current->is_object()) return nullptr;
    const auto it = current->find(key);
    if (it == current->end()) return nullptr;
    current = &*it;
  }
  return current;
}

std::optional<double> number_at(const json& j, std::initializer_list<const char*> path) {
  const json* v = at(j, path);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  const double d = v->get<double>();
  return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

std::string text_at(const json& j, const char* key) {
  const json* v = at(j, {key});
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<int> int_at(const json& j, const char* key) {
  const json* v = at(j, {key});
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  const auto n = v->get<std::int64_t>();
  if (n < -1000000 || n > 1000000) return std::nullopt;
  return static_cast<int>(n);
}

// ---- Numbers and times in the screen's language ----------------------------------------------------------

const char* none() { return tr("manager.none"); }

std::string count_text(std::optional<double> v) {
  if (!v) return none();
  std::string s = format_count_vi(std::llround(std::clamp(*v, -1e15, 1e15)));  // 14.911
  if (lang() == Lang::en) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string rate_text(std::optional<double> rate) {
  if (!rate) return none();
  std::string s = format_percent_vi(std::clamp(*rate, -10.0, 10.0));  // 99,2%
  if (lang() == Lang::en) std::replace(s.begin(), s.end(), ',', '.');
  return s;
}

std::string minutes_text(std::optional<double> seconds) {
  if (!seconds || *seconds < 0) return none();
  const std::string unit = std::string(" ") + tr("common.minutes");
  const double minutes = std::min(*seconds / 60.0, 1e9);
  if (minutes < 10) {
    std::string s = std::to_string(std::llround(minutes * 10) / 10) + (lang() == Lang::vi ? "," : ".") +
                    std::to_string(std::llround(minutes * 10) % 10);
    return s + unit;
  }
  const auto whole = std::llround(minutes);
  if (whole < 60) return std::to_string(whole) + unit;
  return std::to_string(whole / 60) + " " + tr("manager.hours") + " " + std::to_string(whole % 60) + unit;
}

// "12/130" when both are known, else nothing.
std::string fraction_text(std::optional<double> part, std::optional<double> whole) {
  return part && whole ? count_text(part) + "/" + count_text(whole) : std::string();
}

Instant instant_of(std::chrono::system_clock::time_point wall) {
  return std::chrono::floor<std::chrono::milliseconds>(wall);
}

// The centre's date today (UTC+7, no daylight saving), as the hub takes it: "2026-11-23".
std::string local_date(std::chrono::system_clock::time_point wall) {
  return format_date(Zone::vietnam().local_date(instant_of(wall)));
}

std::string local_hhmm(std::chrono::system_clock::time_point wall) {
  return format_hhmm(Zone::vietnam().local_minute_of_day(instant_of(wall)));
}

// The hub's times are ISO 8601 in the centre's zone ("2026-11-23T21:45:09+07:00"): "21:45", with "23/11 "
// before it when it is not `today`. Empty when the text is not such a time.
std::string shown_time(const std::string& iso, const std::string& today) {
  if (iso.size() < 16 || iso[4] != '-' || iso[10] != 'T' || iso[13] != ':') return {};
  const std::string hhmm = iso.substr(11, 5);
  if (iso.compare(0, 10, today) == 0) return hhmm;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + " " + hhmm;
}

// A role or printer state in words, or the hub's own word when it is one this screen does not know.
std::string word_for(const char* group, const std::string& key) {
  const std::string full = std::string("manager.") + group + "." + key;
  return texts().has(full) ? std::string(tr(full)) : key;
}

std::string counter_name(int number) { return std::string(tr("common.counter_n")) + " " + std::to_string(number); }

// ---- Drawing: everything drawn is registered for scripts, tests and the glyph check ---------------------

ImVec2 text_size(const ImFont* font, std::string_view text, float wrap = 0, float size = 0) {
  return font->CalcTextSizeA(size > 0 ? size : font->FontSize, FLT_MAX, wrap, text.data(), text.data() + text.size());
}

// Text at a screen position, wrapped at `wrap` (0: one line) and clipped to `clip` when given.
ImVec2 put_text(const ImFont* font, ImU32 ink, ImVec2 pos, std::string_view text, float wrap = 0,
                const ImVec4* clip = nullptr, float size = 0) {
  const float px = size > 0 ? size : font->FontSize;
  ImGui::GetWindowDrawList()->AddText(font, px, pos, ink, text.data(), text.data() + text.size(), wrap, clip);
  window::targets().add_text(std::string(text));
  return text_size(font, text, wrap, px);
}

// A table cell: text from the cell's top-left corner, wrapped to its width and cut at its edges.
void cell(const ImFont* font, ImU32 ink, ImVec2 min, ImVec2 max, std::string_view text) {
  const ImVec4 clip(min.x, min.y, max.x, max.y);
  put_text(font, ink, min, text, max.x - min.x, &clip);
}

// A touch button at least 2.2 units high, sized to its words; `id` keeps apart buttons with the same words.
bool action(const UiContext& ui, const std::string& id, std::string_view words, ImU32 fill = colour::primary,
            ImU32 ink = colour::primary_ink, bool enabled = true, std::string_view target = {}, float min_width = 0,
            ImFont* font_or_null = nullptr) {
  ImFont* font = font_or_null != nullptr ? font_or_null : ui.fonts.body_bold;
  const float width = std::max(min_width, text_size(font, words).x + 1.6f * font->FontSize);
  return tile(id.c_str(), ImVec2(width, std::max(2.2f * ui.fonts.unit, 1.5f * font->FontSize)), font, words, nullptr,
              {}, fill, ink, enabled, target);
}

bool toggle(const UiContext& ui, const std::string& id, std::string_view words, bool on, bool enabled = true,
            std::string_view target = {}, float min_width = 0) {
  return action(ui, id, words, on ? colour::primary : colour::panel, on ? colour::primary_ink : colour::ink, enabled,
                target, min_width);
}

// Buttons laid out left to right, wrapping to a new line when the next one would not fit.
class Flow {
 public:
  explicit Flow(float gap) : gap_(gap), right_(ImGui::GetContentRegionAvail().x) {}
  void next(float width) {
    if (used_ > 0 && used_ + gap_ + width <= right_) {
      ImGui::SameLine(0, gap_);
      used_ += gap_ + width;
    } else {
      used_ = width;
    }
  }

 private:
  float gap_, right_;
  float used_ = 0;
};

// A button for heading_row.
struct RowButton {
  RowButton(const char* id_, std::string words_, ImU32 fill_ = colour::panel, ImU32 ink_ = colour::ink,
            bool enabled_ = true)
      : id(id_), words(std::move(words_)), fill(fill_), ink(ink_), enabled(enabled_) {}
  const char* id;
  std::string words;
  ImU32 fill, ink;
  bool enabled;
};

// One line: `heading` (and `detail` after it) at the left, `buttons` at the right edge. Returns the index of
// the button tapped, or -1.
int heading_row(const UiContext& ui, const ImFont* font, ImU32 ink, std::string_view heading, std::string_view detail,
                const std::vector<RowButton>& buttons) {
  const float u = ui.fonts.unit, gap = 0.5f * u, height = 2.2f * u;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float full = ImGui::GetContentRegionAvail().x;
  float buttons_width = 0;
  for (const auto& b : buttons)
    buttons_width += text_size(ui.fonts.body_bold, b.words).x + 1.6f * ui.fonts.body_bold->FontSize + gap;
  int tapped = -1;
  ImGui::SetCursorScreenPos(ImVec2(start.x + full - buttons_width + gap, start.y));
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, gap);
    if (action(ui, buttons[i].id, buttons[i].words, buttons[i].fill, buttons[i].ink, buttons[i].enabled))
      tapped = static_cast<int>(i);
  }
  const ImVec4 clip(start.x, start.y, start.x + full - buttons_width, start.y + height);
  const float top = start.y + (height - font->FontSize) / 2;
  const ImVec2 size = heading.empty() ? ImVec2(0, 0) : put_text(font, ink, ImVec2(start.x, top), heading, 0, &clip);
  if (!detail.empty())
    put_text(ui.fonts.body, colour::muted,
             ImVec2(start.x + size.x + u, top + font->FontSize - ui.fonts.body->FontSize * 1.1f), detail, 0, &clip);
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + height));
  ImGui::Dummy(ImVec2(full, 0.4f * u));
  return tapped;
}

void section(const UiContext& ui, std::string_view words) {
  ImGui::Dummy(ImVec2(0, 0.3f * ui.fonts.unit));
  label(ui.fonts.body_bold, colour::ink, words);
}

// One labelled number on a card.
struct Figure {
  Figure(const char* caption_, std::string value_, ImU32 ink_ = colour::ink, std::string note_ = {})
      : caption(caption_), value(std::move(value_)), ink(ink_), note(std::move(note_)) {}
  const char* caption;  // key
  std::string value;
  ImU32 ink;
  std::string note;  // a fraction under the value ("124/130"), or nothing
};

void figure_cards(const UiContext& ui, const std::vector<Figure>& figures) {
  const float u = ui.fonts.unit, gap = 0.5f * u, pad = 0.5f * u;
  const float avail = ImGui::GetContentRegionAvail().x;
  // As many columns as fit at 6.5 units, then as few as keep the same number of rows (no lone card on a row).
  const auto fit = static_cast<std::size_t>(std::max(1.0f, std::floor((avail + gap) / (6.5f * u + gap))));
  const std::size_t rows = (figures.size() + fit - 1) / fit;
  const std::size_t columns = std::max<std::size_t>(1, (figures.size() + rows - 1) / std::max<std::size_t>(1, rows));
  const float width = (avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t row = 0; row < figures.size(); row += columns) {
    const std::size_t end = std::min(figures.size(), row + columns);
    float caption_height = 0;
    bool notes = false;
    for (std::size_t i = row; i < end; ++i) {
      caption_height = std::max(caption_height, text_size(ui.fonts.body, tr(figures[i].caption), width - 2 * pad).y);
      notes = notes || !figures[i].note.empty();
    }
    const float value_top = pad + caption_height + 0.2f * u;
    const float height = value_top + ui.fonts.title->FontSize + (notes ? ui.fonts.body->FontSize * 1.1f : 0) + pad;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    for (std::size_t i = row; i < end; ++i) {
      const Figure& f = figures[i];
      const ImVec2 min(origin.x + static_cast<float>(i - row) * (width + gap), origin.y);
      const ImVec2 max(min.x + width, min.y + height);
      const ImVec4 clip(min.x, min.y, max.x - pad / 2, max.y);
      draw->AddRectFilled(min, max, colour::panel, 0.3f * u);
      put_text(ui.fonts.body, colour::muted, ImVec2(min.x + pad, min.y + pad), tr(f.caption), width - 2 * pad, &clip);
      put_text(ui.fonts.title, f.ink, ImVec2(min.x + pad, min.y + value_top), f.value, 0, &clip);
      if (!f.note.empty())
        put_text(ui.fonts.body, colour::muted, ImVec2(min.x + pad, min.y + value_top + ui.fonts.title->FontSize),
                 f.note, 0, &clip);
    }
    ImGui::Dummy(ImVec2(avail, height + gap * 0.5f));
  }
}

// One horizontal bar from `x`, its length `value / scale` of `width`, with its number after it.
void bar(const UiContext& ui, ImVec2 pos, float width, std::optional<double> value, double scale, ImU32 fill) {
  const float u = ui.fonts.unit;
  const float height = 0.8f * u;
  const float top = pos.y + (ui.fonts.body->FontSize * 1.15f - height) / 2;
  float length = 0;
  if (value && *value > 0 && scale > 0)
    length = std::max(0.15f * u, width * static_cast<float>(std::min(1.0, *value / scale)));
  if (length > 0)
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, top), ImVec2(pos.x + length, top + height), fill,
                                              0.15f * u);
  put_text(ui.fonts.body_bold, colour::ink, ImVec2(pos.x + length + 0.3f * u, pos.y),
           value ? count_text(value) : none());
}

// A colour key: a small square and its words, at `x` on the current line.
void key_at(const UiContext& ui, float x, ImU32 fill, const char* key) {
  const float u = ui.fonts.unit;
  const ImVec2 pos(x, ImGui::GetCursorScreenPos().y);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, pos.y + 0.2f * u), ImVec2(pos.x + 0.7f * u, pos.y + 0.9f * u),
                                            fill, 0.1f * u);
  put_text(ui.fonts.body, colour::muted, ImVec2(pos.x + u, pos.y), tr(key));
}

// Served today in one service area or at one counter (`list` is by_service or by_counter): 0 when the report
// lists others but not this one (nobody served there yet), not known when the report has no such list.
std::optional<double> served_in(const json& figures, const char* list, const std::string& key) {
  const json* all = at(figures, {"queue", list});
  if (all == nullptr || !all->is_object()) return std::nullopt;
  const json* one = at(*all, {key.c_str()});
  return one == nullptr ? std::optional<double>(0.0) : number_at(*one, {"served"});
}

// ---- The data each tab shows ------------------------------------------------------------------------------

enum class Tab { today, devices, pairing, sync, settings };

struct Device {
  std::string id, name, role, last_seen, printer, printer_error;
  std::optional<int> counter;
  std::optional<bool> connected;
  bool revoked = false;
};

Device parse_device(const json& d) {
  Device device;
  device.id = text_at(d, "device");
  device.name = text_at(d, "name");
  device.role = text_at(d, "role");
  device.counter = int_at(d, "counter");
  if (const json* c = at(d, {"connected"}); c != nullptr && c->is_boolean()) device.connected = c->get<bool>();
  device.last_seen = text_at(d, "last_seen");
  device.printer = text_at(d, "printer");
  device.printer_error = text_at(d, "printer_error");
  const json* revoked = at(d, {"revoked_at"});
  device.revoked = revoked != nullptr && !revoked->is_null();
  return device;
}

bool printer_alarm(const std::string& state) {
  return state == "paper_out" || state == "offline" || state == "cover_open";
}

// settings.get's result, as the screen edits it.
struct Settings {
  std::string morning, afternoon;
  std::vector<int> weekdays;  // 1 Monday … 7 Sunday, sorted
  std::string priority = "interleave";
  int normal_per_priority = 3;
  int max_recalls = 3;
  std::vector<std::string> closed;  // service area codes
  bool operator==(const Settings&) const = default;
};

Settings parse_settings(const json& r) {
  Settings s;
  const json* hours = at(r, {"office_hours"});
  const json empty = json::object();
  const json& h = hours != nullptr ? *hours : empty;
  s.morning = text_at(h, "morning");
  s.afternoon = text_at(h, "afternoon");
  if (const json* days = at(h, {"weekdays"}); days != nullptr && days->is_array())
    for (const json& d : *days)
      if (d.is_number_integer() && d.get<std::int64_t>() >= 1 && d.get<std::int64_t>() <= 7)
        s.weekdays.push_back(d.get<int>());
  std::sort(s.weekdays.begin(), s.weekdays.end());
  s.weekdays.erase(std::unique(s.weekdays.begin(), s.weekdays.end()), s.weekdays.end());
  const json* queue = at(r, {"queue"});
  const json& q = queue != nullptr ? *queue : empty;
  if (const std::string p = text_at(q, "priority"); !p.empty()) s.priority = p;
  s.normal_per_priority = int_at(q, "normal_per_priority").value_or(s.normal_per_priority);
  s.max_recalls = int_at(q, "max_recalls").value_or(s.max_recalls);
  if (const json* closed = at(r, {"closed_services"}); closed != nullptr && closed->is_array())
    for (const json& c : *closed)
      if (c.is_string()) s.closed.push_back(c.get<std::string>());
  return s;
}

bool same_codes(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// settings.set's arguments: only what differs from what the hub said.
json settings_change(const Settings& from, const Settings& to) {
  json args = json::object();
  if (to.morning != from.morning) args["office_hours"]["morning"] = to.morning;
  if (to.afternoon != from.afternoon) args["office_hours"]["afternoon"] = to.afternoon;
  if (to.weekdays != from.weekdays) args["office_hours"]["weekdays"] = to.weekdays;
  if (to.priority != from.priority) args["queue"]["priority"] = to.priority;
  if (to.normal_per_priority != from.normal_per_priority) args["queue"]["normal_per_priority"] = to.normal_per_priority;
  if (to.max_recalls != from.max_recalls) args["queue"]["max_recalls"] = to.max_recalls;
  if (!same_codes(to.closed, from.closed)) args["closed_services"] = to.closed;
  return args;
}

struct PairingCode {
  std::string code, role, expires;  // expires: "21:45"
  std::optional<int> counter;
  std::optional<Instant> expires_at;
};

// ---- The view -----------------------------------------------------------------------------------------------

class ManagerView : public View {
 public:
  void draw(UiContext& ui) override {
    begin_screen("##manager");
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 0.9f * ui.fonts.unit);
    header(ui);
    poll(ui);
    switch (tab_) {
      case Tab::today: today(ui); break;
      case Tab::devices: devices(ui); break;
      case Tab::pairing: pairing(ui); break;
      case Tab::sync: sync(ui); break;
      case Tab::settings: settings(ui); break;
    }
    ImGui::PopStyleVar();
    end_screen();
  }

  void on_event(UiContext& ui, const ScreenEvent& event) override {
    if (event.replay) return;  // the snapshot after a reconnect already holds them; the reconnect refreshes all
    switch (event.kind) {
      case ScreenEvent::Kind::call:
      case ScreenEvent::Kind::recall:
      case ScreenEvent::Kind::ticket_finished:
        request_queue(ui.hub, ui.state);
        soon_figures(ui.now);
        break;
      case ScreenEvent::Kind::counter_changed:
        if (event.counter != 0) request_queue(ui.hub, ui.state);  // ticket.issued names no counter
        soon_figures(ui.now);
        break;
      case ScreenEvent::Kind::queue_changed: soon_figures(ui.now); break;
      case ScreenEvent::Kind::settings_changed:
        if (base_) request_settings(ui);
        request_queue(ui.hub, ui.state);
        break;
      case ScreenEvent::Kind::bye: break;
    }
    ui.changed = true;
  }

  Clock::time_point next_change(const UiContext& ui) const override {
    if (!ui.state.connected) return Clock::time_point::max();
    Clock::time_point next = std::min(figures_timer(), devices_timer());
    if (tab_ == Tab::pairing && code_ && code_->expires_at) {
      const auto left = *code_->expires_at - instant_of(ui.wall);
      if (left > 0ms) next = std::min(next, ui.now + std::chrono::duration_cast<Clock::duration>(left) + 100ms);
    }
    return next;
  }

 private:
  // Replies may come after the view is gone: every callback checks this first.
  template <typename F>
  std::function<void(const Reply&)> guarded(F f) {
    return [life = std::weak_ptr<int>(life_), f = std::move(f)](const Reply& reply) {
      if (!life.expired()) f(reply);
    };
  }

  // Sends `cmd` unless one is in flight: `busy` holds until its reply, so a double tap never sends twice. A
  // refusal leaves its words in `error` (and goes to `refused`); a success clears them and goes to `done`.
  template <typename Done, typename Refused = void (*)(const Reply&)>
  void send(
      HubPort& hub, const char* cmd, json args, bool& busy, std::string& error, Done done,
      Refused refused = [](const Reply&) {}) {
    if (busy) return;
    busy = true;
    hub.request(cmd, std::move(args),
                guarded([&busy, &error, done = std::move(done), refused = std::move(refused)](const Reply& reply) {
                  busy = false;
                  if (!reply.ok) {
                    error = reply.error_vi;
                    refused(reply);
                    return;
                  }
                  error.clear();
                  done(reply.result);
                }));
  }

  // ---- Requests and timers -----------------------------------------------------------------------------

  Clock::time_point figures_timer() const {
    return tab_ == Tab::today && !figures_busy_ ? figures_due_ : Clock::time_point::max();
  }
  Clock::time_point devices_timer() const {
    return tab_ == Tab::devices && !devices_busy_ ? devices_due_ : Clock::time_point::max();
  }
  void soon_figures(Clock::time_point now) {
    figures_due_ = std::min(figures_due_, std::max(now, figures_sent_ + kAtMostEvery));
  }
  void soon_devices(Clock::time_point now) {
    devices_due_ = std::min(devices_due_, std::max(now, devices_sent_ + kAtMostEvery));
  }

  // What is due now: timers that passed, data a tab needs, everything after a reconnect.
  void poll(UiContext& ui) {
    const bool connected = ui.state.connected;
    if (connected && !was_connected_) {
      figures_due_ = devices_due_ = ui.now;
      settings_unsupported_ = false;  // the hub may have been upgraded meanwhile
      settings_error_.clear();
      if (base_) request_settings(ui);
      catalogue_tried_ = false;
      request_queue(ui.hub, ui.state);
    }
    was_connected_ = connected;
    if (!connected) return;
    if (ui.now >= figures_timer()) request_figures(ui);
    if (ui.now >= devices_timer()) request_devices(ui);
    if (tab_ == Tab::settings && !base_ && !settings_busy_ && !settings_unsupported_ && settings_error_.empty())
      request_settings(ui);
    if (tab_ == Tab::pairing && ui.state.counters.empty() && !catalogue_tried_) request_catalogue(ui);
  }

  void request_figures(UiContext& ui) {
    if (figures_busy_) return;
    figures_sent_ = ui.now;
    figures_due_ = ui.now + kRefreshEvery;
    const std::string date = local_date(ui.wall), time = local_hhmm(ui.wall);
    send(ui.hub, "report.indicators", {{"from", date}, {"to", date}, {"format", "json"}}, figures_busy_, figures_error_,
         [this, date, time](const json& result) {
           const json* indicators = at(result, {"indicators"});
           figures_ = indicators != nullptr && indicators->is_object() ? *indicators : json::object();
           figures_date_ = date;
           figures_time_ = time;
         });
    request_queue(ui.hub, ui.state);
  }

  void request_queue(HubPort& hub, HubState& state) { queue_.request(hub, state); }

  void request_devices(UiContext& ui) {
    if (devices_busy_) return;
    devices_sent_ = ui.now;
    devices_due_ = ui.now + kRefreshEvery;
    send(ui.hub, "device.list", json::object(), devices_busy_, devices_error_, [this](const json& result) {
      devices_loaded_ = true;
      devices_.clear();
      if (const json* list = at(result, {"devices"}); list != nullptr && list->is_array())
        for (const json& d : *list)
          if (d.is_object()) devices_.push_back(parse_device(d));
    });
  }

  void request_revoke(UiContext& ui, const std::string& id) {
    send(ui.hub, "device.revoke", {{"device", id}}, revoke_busy_, revoke_error_, [this, id](const json&) {
      confirm_revoke_.reset();
      revoked_ = id;
      for (auto& d : devices_)
        if (d.id == id) d.revoked = true;
      devices_due_ = Clock::time_point::min();  // the list again, with its connections closed
    });
  }

  void request_pairing(UiContext& ui) {
    if (pair_role_.empty()) return;
    json args{{"role", pair_role_}};
    if (needs_counter(pair_role_) && pair_counter_) args["counter"] = *pair_counter_;
    send(ui.hub, "pairing.create", std::move(args), pair_busy_, pair_error_, [this](const json& result) {
      PairingCode code;
      code.code = text_at(result, "code");
      code.role = text_at(result, "role");
      if (code.role.empty()) code.role = pair_role_;
      code.counter = int_at(result, "counter");
      const std::string expires = text_at(result, "expires_at");
      code.expires = shown_time(expires, expires.substr(0, std::min<std::size_t>(10, expires.size())));
      code.expires_at = parse_instant(expires, Zone::vietnam());
      code_ = std::move(code);
    });
  }

  void request_catalogue(UiContext& ui) {
    catalogue_tried_ = true;
    ui.hub.request("catalogue.get", json::object(), guarded([this](const Reply& reply) {
                     if (!reply.ok) return;
                     catalogue_counters_.clear();
                     if (const json* list = at(reply.result, {"counters"}); list != nullptr && list->is_array())
                       for (const json& c : *list)
                         if (const auto n = int_at(c, "number")) catalogue_counters_.push_back(*n);
                   }));
  }

  void request_settings(UiContext& ui) {
    send(
        ui.hub, "settings.get", json::object(), settings_busy_, settings_error_,
        [this](const json& result) {
          const Settings fresh = parse_settings(result);
          if (base_) {
            // Changed elsewhere: take the new values of everything the manager has not edited here.
            auto take = [](auto& edited, const auto& before, const auto& now) {
              if (edited == before) edited = now;
            };
            take(edit_.morning, base_->morning, fresh.morning);
            take(edit_.afternoon, base_->afternoon, fresh.afternoon);
            take(edit_.weekdays, base_->weekdays, fresh.weekdays);
            take(edit_.priority, base_->priority, fresh.priority);
            take(edit_.normal_per_priority, base_->normal_per_priority, fresh.normal_per_priority);
            take(edit_.max_recalls, base_->max_recalls, fresh.max_recalls);
            if (same_codes(edit_.closed, base_->closed)) edit_.closed = fresh.closed;
          } else {
            edit_ = fresh;
          }
          base_ = fresh;
        },
        [this](const Reply& reply) {
          if (reply.error_code != "protocol.unknown_command") return;
          settings_unsupported_ = true;  // an older hub: said once, not asked again until it reconnects
          settings_error_.clear();
        });
  }

  void request_save(UiContext& ui) {
    if (!base_) return;
    json args = settings_change(*base_, edit_);
    if (args.empty()) return;
    saved_ = false;
    // A refusal saves nothing: the edits stay on screen, still to be saved.
    send(ui.hub, "settings.set", std::move(args), save_busy_, save_error_, [this](const json& result) {
      base_ = parse_settings(result);
      edit_ = *base_;
      saved_ = true;
    });
  }

  static bool needs_counter(const std::string& role) { return role == "counter" || role == "rating"; }

  // ---- Header: centre, language, tabs, connection --------------------------------------------------------

  void header(UiContext& ui) {
    const float u = ui.fonts.unit;
    const float full = ImGui::GetContentRegionAvail().x;
    if (heading_row(ui, ui.fonts.body_bold, colour::muted, ui.state.centre_name(), {},
                    {{"lang", tr("common.switch_lang")}}) == 0)
      set_lang(lang() == Lang::vi ? Lang::en : Lang::vi);
    std::vector<std::pair<Tab, const char*>> tabs = {{Tab::today, "manager.tab.today"},
                                                     {Tab::devices, "manager.tab.devices"},
                                                     {Tab::pairing, "manager.tab.pairing"}};
    if (ui.options.show_sync_status) tabs.emplace_back(Tab::sync, "manager.tab.sync");
    tabs.emplace_back(Tab::settings, "manager.tab.settings");
    const float gap = 0.4f * u;
    const float width = (full - gap * static_cast<float>(tabs.size() - 1)) / static_cast<float>(tabs.size());
    for (std::size_t i = 0; i < tabs.size(); ++i) {
      if (i > 0) ImGui::SameLine(0, gap);
      const bool current = tabs[i].first == tab_;
      if (tile(tabs[i].second, ImVec2(width, 2.6f * u), ui.fonts.title, tr(tabs[i].second), nullptr, {},
               current ? colour::primary : colour::panel, current ? colour::primary_ink : colour::ink) &&
          !current)
        enter(ui, tabs[i].first);
    }
    if (!ui.state.connected) {
      ImGui::Dummy(ImVec2(0, 0.2f * u));
      const char* why = ui.state.refused          ? "common.refused"
                        : ui.state.ever_connected ? "common.lost"
                                                  : "common.connecting";
      banner(ui.fonts.body_bold, tr(why), colour::banner, colour::ink);
    }
    ImGui::Dummy(ImVec2(0, 0.3f * u));
  }

  void enter(UiContext& ui, Tab tab) {
    tab_ = tab;
    if (tab == Tab::today) soon_figures(ui.now);
    if (tab == Tab::devices) {
      soon_devices(ui.now);
      confirm_revoke_.reset();
      revoked_.clear();
      revoke_error_.clear();
    }
  }

  void error_banner(const UiContext& ui, const std::string& message) {
    if (message.empty()) return;
    banner(ui.fonts.body_bold, message, colour::banner, colour::accent);
    ImGui::Dummy(ImVec2(0, 0.2f * ui.fonts.unit));
  }

  void note_banner(const UiContext& ui, const std::string& message) {
    banner(ui.fonts.body_bold, message, colour::panel, colour::good);
    ImGui::Dummy(ImVec2(0, 0.2f * ui.fonts.unit));
  }

  // ---- Today -----------------------------------------------------------------------------------------------

  void today(UiContext& ui) {
    std::string detail;
    if (!figures_date_.empty()) {
      const auto date = parse_date(figures_date_);
      detail = (date && lang() == Lang::vi ? format_date_vi(*date) : figures_date_) + " · " +
               tr("manager.today.updated") + " " + figures_time_;
    } else if (figures_busy_) {
      detail = tr("manager.loading");
    }
    if (heading_row(ui, ui.fonts.title, colour::ink, tr("manager.today.heading"), detail,
                    {{"refresh_figures", tr("manager.refresh"), colour::panel, colour::ink,
                      ui.state.connected && !figures_busy_}}) == 0)
      request_figures(ui);
    error_banner(ui, figures_error_);
    ImGui::BeginChild("##today");
    const json& r = figures_;
    const auto n = [&r](std::initializer_list<const char*> path) { return number_at(r, path); };
    const auto alarm_if_any = [](std::optional<double> v) { return v && *v > 0 ? colour::accent : colour::ink; };

    std::optional<double> waiting_now;
    for (const auto& q : ui.state.queue) waiting_now = waiting_now.value_or(0) + q.waiting;
    section(ui, tr("manager.today.queue"));
    figure_cards(ui, {{"manager.fig.issued", count_text(n({"queue", "issued"}))},
                      {"manager.fig.served", count_text(n({"queue", "served"}))},
                      {"manager.fig.no_show", count_text(n({"queue", "no_show"}))},
                      {"manager.fig.waiting", count_text(waiting_now)},
                      {"manager.fig.avg_wait", minutes_text(n({"queue", "avg_wait_s"}))},
                      {"manager.fig.avg_service", minutes_text(n({"queue", "avg_service_s"}))}});

    section(ui, tr("manager.today.dossiers"));
    const auto early = n({"resolved", "early"}), on_time = n({"resolved", "on_time"});
    const auto in_time = early && on_time ? std::optional<double>(*early + *on_time) : std::nullopt;
    figure_cards(
        ui, {{"manager.fig.received", count_text(n({"received", "total"}))},
             {"manager.fig.online", count_text(n({"received", "online"}))},
             {"manager.fig.resolved", count_text(n({"resolved", "total"}))},
             {"manager.fig.on_time_rate", rate_text(n({"resolved", "on_time_rate"})), colour::ink,
              fraction_text(in_time, n({"resolved", "total"}))},
             {"manager.fig.late", count_text(n({"resolved", "late"})), alarm_if_any(n({"resolved", "late"}))},
             {"manager.fig.overdue", count_text(n({"pending", "overdue"})), alarm_if_any(n({"pending", "overdue"}))},
             {"manager.fig.apology", count_text(n({"apology_slips"}))}});

    section(ui, tr("manager.today.quality"));
    const auto satisfaction = n({"satisfaction", "rate"});
    const ImU32 satisfaction_ink = !satisfaction                          ? colour::ink
                                   : *satisfaction >= kSatisfactionTarget ? colour::good
                                                                          : colour::accent;
    figure_cards(ui, {{"manager.fig.satisfaction", rate_text(satisfaction), satisfaction_ink,
                       fraction_text(n({"satisfaction", "satisfied"}), n({"satisfaction", "ratings"}))},
                      {"manager.fig.ratings", count_text(n({"satisfaction", "ratings"}))},
                      {"manager.fig.abandoned", count_text(n({"satisfaction", "abandoned"}))},
                      {"manager.fig.digitised", rate_text(n({"digitised", "received_rate"})), colour::ink,
                       fraction_text(n({"digitised", "received"}), n({"received", "new"}))},
                      {"manager.fig.online_payment", rate_text(n({"online_payment_rate"})), colour::ink,
                       fraction_text(n({"online_payment", "paid_online"}), n({"online_payment", "with_fee"}))}});
    label(ui.fonts.body, colour::muted, tr("manager.today.target"));

    by_service(ui);
    by_counter(ui);
    ImGui::EndChild();
  }

  // Per service area: who waits now (the live queue) and who was served today (the report), each on its own
  // scale: a handful waiting beside hundreds served would otherwise not show at all.
  void by_service(const UiContext& ui) {
    const float u = ui.fonts.unit;
    section(ui, tr("manager.today.by_service"));
    const float avail = ImGui::GetContentRegionAvail().x - u;
    const float name_width = std::min(12.0f * u, avail * 0.3f);
    const float area = (avail - name_width) / 2;
    const float bar_width = std::max(u, area - 4.5f * u);
    const float left = ImGui::GetCursorScreenPos().x;
    key_at(ui, left + name_width, colour::warn, "manager.today.waiting");
    key_at(ui, left + name_width + area, colour::good, "manager.today.served");
    ImGui::Dummy(ImVec2(avail, ui.fonts.body->FontSize * 1.3f));
    double waiting_scale = 1, served_scale = 1;
    for (const auto& s : ui.state.services) {
      if (const auto* q = ui.state.queue_entry(s.code))
        waiting_scale = std::max(waiting_scale, static_cast<double>(q->waiting));
      served_scale = std::max(served_scale, served_in(figures_, "by_service", s.code).value_or(0));
    }
    const float line = ui.fonts.body->FontSize * 1.3f;
    for (const auto& s : ui.state.services) {
      const ImVec2 min = ImGui::GetCursorScreenPos();
      cell(ui.fonts.body_bold, colour::ink, min, ImVec2(min.x + name_width - 0.5f * u, min.y + line),
           pick(s.name_vi, s.name_en));
      const auto* q = ui.state.queue_entry(s.code);
      bar(ui, ImVec2(min.x + name_width, min.y), bar_width,
          q != nullptr ? std::optional<double>(q->waiting) : std::nullopt, waiting_scale, colour::warn);
      bar(ui, ImVec2(min.x + name_width + area, min.y), bar_width, served_in(figures_, "by_service", s.code),
          served_scale, colour::good);
      ImGui::Dummy(ImVec2(avail, line + 0.2f * u));
    }
  }

  // Per counter: status and staff (queue.status), the ticket at the desk, and who was served there today.
  void by_counter(const UiContext& ui) {
    const float u = ui.fonts.unit;
    section(ui, tr("manager.today.by_counter"));
    if (ui.state.counters.empty()) {
      label(ui.fonts.body, colour::muted, tr("manager.today.no_counters"));
      return;
    }
    std::vector<CounterInfo> counters = ui.state.counters;
    std::sort(counters.begin(), counters.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    double scale = 1;
    for (const auto& c : counters)
      scale = std::max(scale, served_in(figures_, "by_counter", std::to_string(c.number)).value_or(0));
    const float avail = ImGui::GetContentRegionAvail().x - u;
    const float line = ui.fonts.body->FontSize * 1.3f;
    // Counter, status, staff, current ticket, then the bar.
    const float widths[] = {6.5f * u, 5.5f * u, std::min(11.0f * u, avail * 0.25f), 4.0f * u};
    float fixed = 0;
    for (float w : widths) fixed += w;
    const float bar_width = std::max(u, avail - fixed - 4.5f * u);
    key_at(ui, ImGui::GetCursorScreenPos().x + fixed, colour::good, "manager.today.served");
    ImGui::Dummy(ImVec2(avail, line));
    for (const auto& c : counters) {
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const std::string status = c.status.empty() ? std::string(none()) : word_for("counter", c.status);
      const ImU32 status_ink = c.status == "open" ? colour::good : c.status == "paused" ? colour::warn : colour::muted;
      const std::string staff = !c.staff_name.empty() ? c.staff_name
                                : !c.staff.empty()    ? c.staff
                                                      : tr("manager.today.no_staff");
      const std::string fields[] = {counter_name(c.number), status, staff, c.ticket ? c.ticket->number : std::string()};
      const ImFont* fonts[] = {ui.fonts.body_bold, ui.fonts.body_bold, ui.fonts.body, ui.fonts.body_bold};
      const ImU32 inks[] = {colour::ink, status_ink, c.staff.empty() ? colour::muted : colour::ink, colour::primary};
      float x = min.x;
      for (std::size_t i = 0; i < 4; ++i) {
        if (!fields[i].empty())
          cell(fonts[i], inks[i], ImVec2(x, min.y), ImVec2(x + widths[i] - 0.4f * u, min.y + line), fields[i]);
        x += widths[i];
      }
      bar(ui, ImVec2(x, min.y), bar_width, served_in(figures_, "by_counter", std::to_string(c.number)), scale,
          colour::good);
      ImGui::Dummy(ImVec2(avail, line + 0.2f * u));
    }
  }

  // ---- Devices ---------------------------------------------------------------------------------------------

  void devices(UiContext& ui) {
    if (confirm_revoke_) {
      confirm_revoke(ui);
      return;
    }
    if (heading_row(ui, ui.fonts.title, colour::ink, tr("manager.tab.devices"),
                    !devices_loaded_ && devices_busy_ ? tr("manager.loading") : "",
                    {{"refresh_devices", tr("manager.refresh"), colour::panel, colour::ink,
                      ui.state.connected && !devices_busy_}}) == 0)
      request_devices(ui);
    if (!revoked_.empty()) note_banner(ui, std::string(tr("manager.dev.done")) + " " + revoked_);
    error_banner(ui, devices_error_);
    if (devices_loaded_ && devices_.empty()) {
      label(ui.fonts.body, colour::muted, tr("manager.dev.empty"));
      return;
    }
    const float u = ui.fonts.unit;
    const float avail = ImGui::GetContentRegionAvail().x - 1.2f * u;  // room for the scroll bar
    // id, name, role, counter, connection, printer, action
    float widths[] = {4.5f * u, 0, 8.5f * u, 4.0f * u, 8.5f * u, 8.5f * u, 7.5f * u};
    float fixed = 0;
    for (float w : widths) fixed += w;
    widths[1] = std::max(7.0f * u, avail - fixed);
    const char* headings[] = {"manager.dev.id",
                              "manager.dev.name",
                              "manager.dev.role",
                              "manager.dev.counter",
                              "manager.dev.connection",
                              "manager.dev.printer",
                              nullptr};
    {
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const float height = ui.fonts.body_bold->FontSize * 1.4f;
      float x = min.x;
      for (std::size_t i = 0; i < 7; ++i) {
        if (headings[i] != nullptr)
          cell(ui.fonts.body_bold, colour::muted, ImVec2(x, min.y), ImVec2(x + widths[i] - 0.4f * u, min.y + height),
               tr(headings[i]));
        x += widths[i];
      }
      ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, min.y + height), ImVec2(x, min.y + height), colour::disabled,
                                          2);
      ImGui::Dummy(ImVec2(x - min.x, height + 0.2f * u));
    }
    ImGui::BeginChild("##devices");
    const std::string today = local_date(ui.wall);
    std::optional<std::string> picked;
    const float row_height = 3.0f * u;
    const float line = ui.fonts.body->FontSize * 1.15f;
    for (const Device& d : devices_) {
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const ImU32 ink = d.revoked ? colour::muted : colour::ink;
      float x = min.x;
      auto column = [&](std::size_t i, const ImFont* font, ImU32 text_ink, const std::string& first,
                        const std::string& second = {}) {
        const ImVec2 cell_min(x, min.y + 0.3f * u), cell_max(x + widths[i] - 0.4f * u, min.y + row_height);
        if (second.empty()) {
          cell(font, text_ink, cell_min, cell_max, first);
        } else {
          cell(font, text_ink, cell_min, ImVec2(cell_max.x, cell_min.y + line), first);
          cell(ui.fonts.body, colour::muted, ImVec2(cell_min.x, cell_min.y + line), cell_max, second);
        }
        x += widths[i];
      };
      column(0, ui.fonts.body_bold, ink, d.id);
      column(1, ui.fonts.body, ink, d.name.empty() ? none() : d.name);
      column(2, ui.fonts.body, ink, d.role.empty() ? none() : word_for("role", d.role));
      column(3, ui.fonts.body, ink, d.counter ? std::to_string(*d.counter) : none());
      const std::string seen = shown_time(d.last_seen, today);
      if (!d.connected)
        column(4, ui.fonts.body, colour::muted, none());
      else if (*d.connected)
        column(4, ui.fonts.body_bold, colour::good, tr("manager.dev.connected"));
      else
        column(4, ui.fonts.body, d.revoked ? colour::muted : colour::warn, tr("manager.dev.disconnected"),
               seen.empty() ? std::string() : std::string(tr("manager.dev.last_seen")) + " " + seen);
      if (d.printer.empty())
        column(5, ui.fonts.body, colour::muted, none());
      else
        column(5, ui.fonts.body_bold,
               printer_alarm(d.printer)        ? colour::accent
               : d.printer == "paper_near_end" ? colour::warn
                                               : colour::good,
               word_for("printer", d.printer), d.printer_error);
      if (d.revoked) {
        column(6, ui.fonts.body, colour::muted, tr("manager.dev.revoked"));
      } else {
        ImGui::SetCursorScreenPos(ImVec2(x, min.y + (row_height - 2.2f * u) / 2));
        const std::string words = tr("manager.dev.revoke");
        if (action(ui, "revoke " + d.id, words, colour::panel, colour::accent, !revoke_busy_ && ui.state.connected,
                   words + " " + d.id, widths[6] - 0.4f * u))
          picked = d.id;
      }
      ImGui::SetCursorScreenPos(min);
      ImGui::Dummy(ImVec2(avail, row_height));
      ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, min.y + row_height), ImVec2(min.x + avail, min.y + row_height),
                                          colour::panel, 1);
    }
    ImGui::EndChild();
    if (picked) {
      confirm_revoke_ = *picked;
      revoked_.clear();
      revoke_error_.clear();
    }
  }

  void confirm_revoke(UiContext& ui) {
    const float u = ui.fonts.unit;
    label(ui.fonts.title, colour::ink, tr("manager.dev.confirm_title"));
    ImGui::Dummy(ImVec2(0, 0.4f * u));
    const Device* device = nullptr;
    for (const auto& d : devices_)
      if (d.id == *confirm_revoke_) device = &d;
    label(ui.fonts.large, colour::ink, device != nullptr && !device->name.empty() ? device->name : *confirm_revoke_);
    std::string what = *confirm_revoke_;
    if (device != nullptr && !device->role.empty()) what += " · " + word_for("role", device->role);
    if (device != nullptr && device->counter) what += " · " + counter_name(*device->counter);
    label(ui.fonts.body_bold, colour::muted, what);
    ImGui::Dummy(ImVec2(0, 0.4f * u));
    label(ui.fonts.body, colour::ink, tr("manager.dev.confirm_explain"), ImGui::GetContentRegionAvail().x);
    ImGui::Dummy(ImVec2(0, 0.6f * u));
    error_banner(ui, revoke_error_);
    const std::string id = *confirm_revoke_;
    bool cancel = false;
    if (action(ui, "confirm_revoke", tr("manager.dev.confirm"), colour::accent, colour::primary_ink,
               !revoke_busy_ && ui.state.connected, {}, 12 * u))
      request_revoke(ui, id);
    ImGui::SameLine(0, u);
    if (action(ui, "cancel_revoke", tr("common.cancel"), colour::panel, colour::ink, !revoke_busy_, {}, 8 * u))
      cancel = true;
    if (cancel) {
      confirm_revoke_.reset();
      revoke_error_.clear();
    }
  }

  // ---- Pairing ---------------------------------------------------------------------------------------------

  void pairing(UiContext& ui) {
    if (code_) {
      show_code(ui);
      return;
    }
    const float u = ui.fonts.unit;
    label(ui.fonts.title, colour::ink, tr("manager.pair.choose_role"));
    ImGui::Dummy(ImVec2(0, 0.3f * u));
    static constexpr const char* kRoles[] = {"counter", "rating", "ticket", "board", "manager"};
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = 0.4f * u;
    const float width = (avail - 4 * gap) / 5;
    for (std::size_t i = 0; i < 5; ++i) {
      if (i > 0) ImGui::SameLine(0, gap);
      const std::string role = kRoles[i];
      const bool chosen = pair_role_ == role;
      const std::string words = word_for("role", role);
      if (tile(("role " + role).c_str(), ImVec2(width, 3.0f * u), ui.fonts.body_bold, words, nullptr, {},
               chosen ? colour::primary : colour::panel, chosen ? colour::primary_ink : colour::ink)) {
        pair_role_ = role;
        pair_error_.clear();
      }
    }
    if (needs_counter(pair_role_)) {
      ImGui::Dummy(ImVec2(0, 0.4f * u));
      label(ui.fonts.body_bold, colour::ink, tr("manager.pair.choose_counter"));
      std::vector<int> numbers;
      for (const auto& c : ui.state.counters) numbers.push_back(c.number);
      if (numbers.empty()) numbers = catalogue_counters_;
      std::sort(numbers.begin(), numbers.end());
      numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
      if (numbers.empty()) label(ui.fonts.body, colour::muted, tr("manager.pair.no_counters"));
      Flow flow(gap);
      for (int number : numbers) {
        const float w = 4.0f * u;
        flow.next(w);
        const bool chosen = pair_counter_ == number;
        const std::string id = "pair counter " + std::to_string(number);
        if (tile(id.c_str(), ImVec2(w, 2.4f * u), ui.fonts.title, std::to_string(number), nullptr, {},
                 chosen ? colour::primary : colour::panel, chosen ? colour::primary_ink : colour::ink, true,
                 counter_name(number)))
          pair_counter_ = number;
      }
    }
    ImGui::Dummy(ImVec2(0, 0.6f * u));
    const bool ready = !pair_role_.empty() && (!needs_counter(pair_role_) || pair_counter_.has_value());
    if (action(ui, "create_code", tr("manager.pair.create"), colour::primary, colour::primary_ink,
               ready && !pair_busy_ && ui.state.connected, {}, 12 * u))
      request_pairing(ui);
    ImGui::Dummy(ImVec2(0, 0.3f * u));
    error_banner(ui, pair_error_);
  }

  void show_code(UiContext& ui) {
    const float u = ui.fonts.unit;
    const bool expired = code_->expires_at && instant_of(ui.wall) >= *code_->expires_at;
    label_centred(ui.fonts.title, colour::ink, tr("manager.pair.code"));
    // The code as large as the huge font allows, shrunk only to fit the width.
    const float avail = ImGui::GetContentRegionAvail().x;
    const ImFont* huge = ui.fonts.huge;
    const float natural = text_size(huge, code_->code).x;
    const float size = natural > avail * 0.9f ? huge->FontSize * avail * 0.9f / natural : huge->FontSize;
    const ImVec2 code_size = text_size(huge, code_->code, 0, size);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    put_text(huge, expired ? colour::disabled : colour::primary, ImVec2(pos.x + (avail - code_size.x) / 2, pos.y),
             code_->code, 0, nullptr, size);
    ImGui::Dummy(ImVec2(avail, code_size.y));
    if (expired)
      label_centred(ui.fonts.title, colour::accent, tr("manager.pair.expired"));
    else
      label_centred(ui.fonts.title, colour::ink,
                    std::string(tr("manager.pair.expires")) + " " + (code_->expires.empty() ? none() : code_->expires));
    std::string what = std::string(tr("manager.pair.for")) + ": " + word_for("role", code_->role);
    if (code_->counter) what += " · " + counter_name(*code_->counter);
    label_centred(ui.fonts.body_bold, colour::muted, what);
    ImGui::Dummy(ImVec2(0, 0.5f * u));
    if (!expired) label_centred(ui.fonts.body, colour::ink, tr("manager.pair.explain"));
    ImGui::Dummy(ImVec2(0, 0.8f * u));
    const std::string another = tr("manager.pair.another");
    const float width =
        std::max(12 * u, text_size(ui.fonts.body_bold, another).x + 1.6f * ui.fonts.body_bold->FontSize);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - width) / 2));
    if (action(ui, "another_code", another, colour::primary, colour::primary_ink, true, {}, width)) code_.reset();
  }

  // ---- Sync ------------------------------------------------------------------------------------------------

  void sync(const UiContext& ui) {
    const float u = ui.fonts.unit;
    label(ui.fonts.title, colour::ink, tr("manager.sync.heading"));
    ImGui::Dummy(ImVec2(0, 0.4f * u));
    // HubState has no sync figures yet (the agent comes in a later step): say so rather than show zeros.
    banner(ui.fonts.title, tr("manager.sync.not_configured"), colour::banner, colour::ink);
    ImGui::Dummy(ImVec2(0, 0.4f * u));
    label(ui.fonts.body, colour::ink, tr("manager.sync.explain"), ImGui::GetContentRegionAvail().x);
  }

  // ---- Settings --------------------------------------------------------------------------------------------

  void settings(UiContext& ui) {
    const float u = ui.fonts.unit;
    const json change = base_ ? settings_change(*base_, edit_) : json::object();
    const bool changed = base_ && !change.empty() && !save_busy_;
    const int tapped = heading_row(ui, ui.fonts.title, colour::ink, tr("manager.tab.settings"), {},
                                   {{"undo_settings", tr("manager.set.undo"), colour::panel, colour::ink, changed},
                                    {"save_settings", tr("manager.set.save"), colour::primary, colour::primary_ink,
                                     changed && ui.state.connected}});
    if (tapped == 0) {
      edit_ = *base_;
      save_error_.clear();
    }
    if (tapped == 1) request_save(ui);
    if (!base_) {
      if (settings_unsupported_) {
        error_banner(ui, tr("manager.set.unsupported"));
      } else if (!settings_error_.empty()) {
        error_banner(ui, settings_error_);
        if (action(ui, "retry_settings", tr("manager.retry"), colour::primary, colour::primary_ink, ui.state.connected))
          settings_error_.clear();  // poll asks again
      } else {
        label(ui.fonts.body, colour::muted, tr("manager.loading"));
      }
      return;
    }
    error_banner(ui, save_error_);
    if (saved_) note_banner(ui, tr("manager.set.saved"));

    const Settings before = edit_;
    ImGui::BeginChild("##settings");
    const float gap = 0.4f * u;
    section(ui, tr("manager.set.hours"));
    // The labels line up with the inputs' text: text_input pads its frame by half a line.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0.5f * ImGui::GetFontSize(), 0.5f * ImGui::GetFontSize()));
    hours_input(ui, "morning", "manager.set.morning", edit_.morning);
    ImGui::SameLine(0, 1.5f * u);
    hours_input(ui, "afternoon", "manager.set.afternoon", edit_.afternoon);
    ImGui::SameLine(0, u);
    ImGui::AlignTextToFramePadding();
    label(ui.fonts.body, colour::muted, tr("manager.set.hours_hint"));
    ImGui::PopStyleVar();

    section(ui, tr("manager.set.weekdays"));
    for (int day = 1; day <= 7; ++day) {
      if (day > 1) ImGui::SameLine(0, gap);
      const std::string key = "manager.day." + std::to_string(day);
      const bool on = std::find(edit_.weekdays.begin(), edit_.weekdays.end(), day) != edit_.weekdays.end();
      if (toggle(ui, key, tr(key), on, true, {}, 4.0f * u)) {
        if (on)
          std::erase(edit_.weekdays, day);
        else
          edit_.weekdays.push_back(day);
        std::sort(edit_.weekdays.begin(), edit_.weekdays.end());
      }
    }

    section(ui, tr("manager.set.rule"));
    if (toggle(ui, "interleave", tr("manager.set.interleave"), edit_.priority == "interleave", true, {}, 9 * u))
      edit_.priority = "interleave";
    ImGui::SameLine(0, gap);
    if (toggle(ui, "strict", tr("manager.set.strict"), edit_.priority == "strict", true, {}, 9 * u))
      edit_.priority = "strict";
    if (edit_.priority == "strict")
      label(ui.fonts.body, colour::muted, tr("manager.set.strict_explain"));
    else
      stepper(ui, "manager.set.normal_per_priority", edit_.normal_per_priority, 1);
    stepper(ui, "manager.set.max_recalls", edit_.max_recalls, 0);

    section(ui, tr("manager.set.services"));
    const float avail = ImGui::GetContentRegionAvail().x;
    for (const auto& s : ui.state.services) {
      const std::string name = pick(s.name_vi, s.name_en);
      const bool closed = std::find(edit_.closed.begin(), edit_.closed.end(), s.code) != edit_.closed.end();
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const float name_width = std::min(14 * u, avail * 0.4f);
      cell(ui.fonts.body_bold, colour::ink, ImVec2(min.x, min.y + (2.2f * u - ui.fonts.body->FontSize) / 2),
           ImVec2(min.x + name_width - 0.5f * u, min.y + 2.2f * u), name);
      ImGui::SetCursorScreenPos(ImVec2(min.x + name_width, min.y));
      const std::string state_words = tr(closed ? "manager.set.closed" : "manager.set.open");
      if (action(ui, "service " + s.code, state_words, closed ? colour::accent : colour::good, colour::primary_ink,
                 true, name + ": " + state_words, 10 * u))
        toggle_service(ui, s.code, closed);
      ImGui::Dummy(ImVec2(0, 0.1f * u));
    }
    ImGui::EndChild();
    if (edit_ != before) {
      saved_ = false;
      save_error_.clear();
    }
  }

  void hours_input(const UiContext& ui, const char* id, const char* key, std::string& value) {
    ImGui::AlignTextToFramePadding();
    label(ui.fonts.body, colour::ink, tr(key));
    ImGui::SameLine(0, 0.5f * ui.fonts.unit);
    text_input(id, tr(key), value, 7.5f * ui.fonts.unit);
  }

  // "Caption   −  3  +"
  void stepper(const UiContext& ui, const char* key, int& value, int minimum) {
    const float u = ui.fonts.unit;
    const std::string caption = tr(key);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float caption_width = std::min(22 * u, ImGui::GetContentRegionAvail().x * 0.55f);
    cell(ui.fonts.body, colour::ink, ImVec2(start.x, start.y + (2.2f * u - ui.fonts.body->FontSize) / 2),
         ImVec2(start.x + caption_width - 0.5f * u, start.y + 2.2f * u), caption);
    ImGui::SetCursorScreenPos(ImVec2(start.x + caption_width, start.y));
    if (action(ui, std::string(key) + " less", tr("manager.less"), colour::panel, colour::ink, value > minimum,
               caption + " " + tr("manager.less"), 2.6f * u, ui.fonts.title))
      value = std::max(minimum, value - 1);
    ImGui::SameLine(0, 0.6f * u);
    const std::string shown = std::to_string(value);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float box = 2.5f * u;
    const ImVec2 size = text_size(ui.fonts.title, shown);
    put_text(ui.fonts.title, colour::ink, ImVec2(pos.x + (box - size.x) / 2, pos.y + (2.2f * u - size.y) / 2), shown);
    ImGui::Dummy(ImVec2(box, 2.2f * u));
    ImGui::SameLine(0, 0.6f * u);
    if (action(ui, std::string(key) + " more", tr("manager.more"), colour::panel, colour::ink, value < 99,
               caption + " " + tr("manager.more"), 2.6f * u, ui.fonts.title))
      value = value + 1;
  }

  // Closes or reopens an area; the list keeps the catalogue's order (codes it does not know stay at the end).
  void toggle_service(const UiContext& ui, const std::string& code, bool closed) {
    if (closed)
      std::erase(edit_.closed, code);
    else
      edit_.closed.push_back(code);
    auto rank = [&ui](const std::string& c) {
      for (std::size_t i = 0; i < ui.state.services.size(); ++i)
        if (ui.state.services[i].code == c) return i;
      return ui.state.services.size();
    };
    std::stable_sort(edit_.closed.begin(), edit_.closed.end(),
                     [&rank](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  }

  std::shared_ptr<int> life_ = std::make_shared<int>(0);
  Tab tab_ = Tab::today;
  bool was_connected_ = false;

  json figures_ = json::object();  // report.indicators' "indicators"
  std::string figures_error_, figures_date_, figures_time_;
  bool figures_busy_ = false;
  Clock::time_point figures_due_ = Clock::time_point::min(), figures_sent_ = Clock::time_point::min();
  QueueRefresher queue_;

  std::vector<Device> devices_;
  bool devices_loaded_ = false, devices_busy_ = false;
  std::string devices_error_;
  Clock::time_point devices_due_ = Clock::time_point::min(), devices_sent_ = Clock::time_point::min();
  std::optional<std::string> confirm_revoke_;
  bool revoke_busy_ = false;
  std::string revoke_error_, revoked_;

  std::string pair_role_;
  std::optional<int> pair_counter_;
  bool pair_busy_ = false;
  std::string pair_error_;
  std::optional<PairingCode> code_;
  std::vector<int> catalogue_counters_;
  bool catalogue_tried_ = false;

  std::optional<Settings> base_;  // what the hub said
  Settings edit_;                 // what the screen shows
  bool settings_busy_ = false, save_busy_ = false, settings_unsupported_ = false, saved_ = false;
  std::string settings_error_, save_error_;
};

}  // namespace

std::unique_ptr<View> make_manager_view() { return std::make_unique<ManagerView>(); }

}  // namespace kiosk::ui
