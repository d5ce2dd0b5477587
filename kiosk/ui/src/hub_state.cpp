#include "kiosk/ui/hub_state.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kiosk/ui/ports.hpp"
#include "kiosk/ui/text.hpp"

namespace kiosk::ui {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <typename T>
T num(const json& j, const char* key, T fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<T>() : fallback;
}

bool flag(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::vector<QueueEntry> parse_queue(const json& list) {
  std::vector<QueueEntry> out;
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    if (!e.is_object()) continue;
    out.push_back(QueueEntry{str(e, "service"), num<int>(e, "waiting"), num<int>(e, "priority_waiting"),
                             num<int>(e, "open_counters"), num<int>(e, "estimated_wait_s"), flag(e, "closed")});
  }
  return out;
}

OfficeInfo parse_office(const json& o) {
  return OfficeInfo{true, flag(o, "open"), flag(o, "working_day"), str(o, "morning"), str(o, "afternoon"), str(o, "next_open")};
}

CallInfo parse_call(const json& c) {
  return CallInfo{num<std::int64_t>(c, "ticket"), str(c, "number"), str(c, "service"), str(c, "at"), str(c, "state"),
                  num<int>(c, "counter")};
}

}  // namespace

TicketInfo parse_ticket(const json& t) {
  TicketInfo ticket;
  if (!t.is_object()) return ticket;
  ticket.id = num<std::int64_t>(t, "id");
  ticket.number = str(t, "number");
  ticket.service = str(t, "service");
  ticket.state = str(t, "state");
  ticket.priority = str(t, "priority");
  ticket.staff = str(t, "staff");
  ticket.counter = num<int>(t, "counter");
  ticket.recalls = num<int>(t, "recalls");
  if (const auto it = t.find("dossiers"); it != t.end() && it->is_array())
    for (const auto& d : *it)
      if (d.is_string()) ticket.dossiers.push_back(d.get<std::string>());
  return ticket;
}

CounterInfo parse_counter(const json& c) {
  CounterInfo counter;
  if (!c.is_object()) return counter;
  counter.number = num<int>(c, "number");
  counter.status = str(c, "status");
  counter.staff = str(c, "staff");
  counter.staff_name = str(c, "staff_name");
  if (const auto it = c.find("ticket"); it != c.end() && it->is_object()) counter.ticket = parse_ticket(*it);
  return counter;
}

void HubState::apply_snapshot(const json& s) {
  if (!s.is_object()) return;
  device = str(s, "device");
  role = str(s, "role");
  name = str(s, "name");
  if (const auto it = s.find("counter"); it != s.end() && it->is_number_integer()) counter = it->get<int>();
  else counter.reset();
  if (const auto it = s.find("centre"); it != s.end() && it->is_object()) {
    centre_code = str(*it, "code");
    centre_name_vi = str(*it, "name_vi");
    centre_name_en = str(*it, "name_en");
  }
  services.clear();
  if (const auto it = s.find("services"); it != s.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_object()) services.push_back(ServiceInfo{str(e, "code"), str(e, "prefix"), str(e, "name_vi"), str(e, "name_en")});
  if (const auto it = s.find("queue"); it != s.end()) queue = parse_queue(*it);
  if (const auto it = s.find("calls"); it != s.end() && it->is_array()) {
    calls.clear();
    for (const auto& c : *it)
      if (c.is_object()) calls.push_back(parse_call(c));
  }
  if (const auto it = s.find("counter_state"); it != s.end() && it->is_object()) counter_state = parse_counter(*it);
  if (const auto it = s.find("counters"); it != s.end() && it->is_array()) {
    counters.clear();
    for (const auto& c : *it) counters.push_back(parse_counter(c));
  }
  if (const auto it = s.find("office"); it != s.end() && it->is_object()) office = parse_office(*it);
  seq = num<std::int64_t>(s, "seq", seq);
  connected = true;
  ever_connected = true;
  refused = false;
  lost_why_vi.clear();
}

void HubState::apply_queue_status(const json& result) {
  if (!result.is_object()) return;
  if (const auto it = result.find("services"); it != result.end()) queue = parse_queue(*it);
  if (const auto it = result.find("counters"); it != result.end() && it->is_array()) {
    counters.clear();
    for (const auto& c : *it) {
      counters.push_back(parse_counter(c));
      if (counter && counters.back().number == *counter) counter_state = counters.back();
    }
  }
  if (const auto it = result.find("office"); it != result.end() && it->is_object()) office = parse_office(*it);
}

void HubState::apply_counter(const json& c) {
  const auto parsed = parse_counter(c);
  if (counter && parsed.number == *counter) counter_state = parsed;
  for (auto& existing : counters)
    if (existing.number == parsed.number) existing = parsed;
}

std::vector<ScreenEvent> HubState::apply_push(const protocol::Message& push) {
  std::vector<ScreenEvent> out;
  const json& body = push.body;
  if (push.push == "queue") {
    if (const auto it = body.find("services"); it != body.end()) queue = parse_queue(*it);
    out.push_back(ScreenEvent::of(ScreenEvent::Kind::queue_changed));
    return out;
  }
  if (push.push == "bye") {
    refused = true;
    connected = false;
    lost_why_vi = str(body, "message_vi");
    ScreenEvent bye = ScreenEvent::of(ScreenEvent::Kind::bye);
    bye.message_vi = lost_why_vi;
    out.push_back(bye);
    return out;
  }
  if (push.push != "event") return out;
  const auto it = body.find("event");
  if (it == body.end() || !it->is_object()) return out;
  const json& event = *it;
  const auto event_seq = num<std::int64_t>(event, "seq");
  const bool replay = flag(body, "replay");
  // A live event the snapshot already covered (see docs/protocol.md, "Keeping last_seq").
  if (!replay && event_seq <= seq) return out;
  seq = std::max(seq, event_seq);
  const std::string type = str(event, "type");
  const json payload = event.contains("payload") && event["payload"].is_object() ? event["payload"] : json::object();
  ScreenEvent screen_event;
  screen_event.replay = replay;
  screen_event.number = str(payload, "number");
  screen_event.service = str(payload, "service");
  screen_event.ticket = num<std::int64_t>(payload, "ticket");
  screen_event.counter = num<int>(payload, "counter");

  if (type == "ticket.called" || type == "ticket.recalled") {
    const bool recall = type == "ticket.recalled";
    screen_event.kind = recall ? ScreenEvent::Kind::recall : ScreenEvent::Kind::call;
    if (screen_event.service.empty() || screen_event.number.empty()) {
      // A recall names the ticket; the service and number come from the earlier call when absent.
      for (const auto& call : calls)
        if (call.ticket == screen_event.ticket) {
          if (screen_event.number.empty()) screen_event.number = call.number;
          if (screen_event.service.empty()) screen_event.service = call.service;
          if (screen_event.counter == 0) screen_event.counter = call.counter;
        }
    }
    if (!replay || !recall) {
      // Newest first; one line per ticket: a recall moves its call back to the top.
      std::erase_if(calls, [&](const CallInfo& c) { return c.ticket == screen_event.ticket; });
      CallInfo call{screen_event.ticket, screen_event.number, screen_event.service, str(event, "at"), "called",
                    screen_event.counter};
      calls.insert(calls.begin(), call);
      if (calls.size() > max_calls) calls.resize(max_calls);
    }
    out.push_back(screen_event);
    return out;
  }
  if (type == "ticket.finished") {
    screen_event.kind = ScreenEvent::Kind::ticket_finished;
    for (auto& call : calls)
      if (call.ticket == screen_event.ticket) call.state = "served";
    out.push_back(screen_event);
    return out;
  }
  if (type == "settings.changed") {
    out.push_back(ScreenEvent::of(ScreenEvent::Kind::settings_changed));
    return out;
  }
  if (type.rfind("ticket.", 0) == 0 || type.rfind("counter.", 0) == 0 || type.rfind("staff.", 0) == 0 ||
      type.rfind("rating.", 0) == 0) {
    for (auto& call : calls)
      if (call.ticket == screen_event.ticket && type == "ticket.no_show") call.state = "no_show";
    out.push_back(screen_event);
  }
  return out;
}

void QueueRefresher::request(HubPort& hub, HubState& state) {
  if (!state.connected) return;
  if (flags_->in_flight) {
    flags_->again = true;
    return;
  }
  send(flags_, hub, state);
}

// The reply may outlive the view that asked (its flags are shared); the hub port and the state live as long
// as the program.
void QueueRefresher::send(const std::shared_ptr<Flags>& flags, HubPort& hub, HubState& state) {
  flags->in_flight = true;
  flags->again = false;
  hub.request("queue.status", json::object(), [flags, &hub, &state](const Reply& reply) {
    flags->in_flight = false;
    if (reply.ok) state.apply_queue_status(reply.result);
    if (flags->again && state.connected) send(flags, hub, state);
  });
}

const ServiceInfo* HubState::service(const std::string& code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

const QueueEntry* HubState::queue_entry(const std::string& code) const {
  for (const auto& q : queue)
    if (q.service == code) return &q;
  return nullptr;
}

std::string HubState::service_name(const std::string& code) const {
  const auto* s = service(code);
  return s != nullptr ? pick(s->name_vi, s->name_en) : code;
}

std::string HubState::centre_name() const { return pick(centre_name_vi, centre_name_en); }

}  // namespace kiosk::ui
