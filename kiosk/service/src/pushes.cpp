#include "pushes.hpp"

#include "kiosk/domain/events.hpp"

namespace kiosk::service {

using nlohmann::json;

Subscription default_subscription(const Caller& caller) {
  Subscription s;
  switch (caller.role) {
    case Role::board: s.calls = s.queue = true; break;
    case Role::ticket: s.queue = true; break;
    case Role::counter: s.queue = true; s.counter = caller.counter; break;
    case Role::rating:
      s.counter = caller.counter;
      s.citizen_facing = true;
      break;
    case Role::manager: s.all_events = s.queue = true; break;
  }
  return s;
}

bool wants(const Subscription& s, const Push& p) {
  if (p.is_queue) return s.queue;
  if (p.is_device) return s.all_events;
  if (s.all_events) return true;
  if (p.is_call && s.calls) return true;
  return s.counter && p.counter == s.counter && (!s.citizen_facing || p.is_ticket || p.is_rating);
}

json event_view(const Event& e, const Zone& zone) {
  return json{{"seq", e.seq}, {"type", e.type}, {"at", format_instant(e.at, zone)}, {"device", e.device}, {"payload", e.payload}};
}

Push event_push(const Event& e, const Zone& zone, bool replay) {
  Push p;
  json body{{"event", event_view(e, zone)}};
  if (replay) body["replay"] = true;
  p.text = std::make_shared<const std::string>(protocol::encode_push("event", body));
  p.seq = e.seq;
  p.is_call = e.type == event_type::ticket_called || e.type == event_type::ticket_recalled;
  p.is_ticket = e.type.starts_with("ticket.");
  p.is_rating = e.type.starts_with("rating.");
  if (auto it = e.payload.find("counter"); it != e.payload.end() && it->is_number_integer()) p.counter = it->get<int>();
  if (e.type == event_type::device_revoked) p.revoked_device = e.payload.value("device", std::string());
  return p;
}

json queue_json(const std::vector<store::ServiceQueue>& queues) {
  json services = json::array();
  for (const auto& q : queues)
    services.push_back({{"service", q.service},
                        {"waiting", q.waiting},
                        {"priority_waiting", q.priority_waiting},
                        {"open_counters", q.open_counters},
                        {"estimated_wait_s", q.estimated_wait_s},
                        {"closed", q.closed}});
  return services;
}

Push queue_push(const std::vector<store::ServiceQueue>& queues) {
  Push p;
  p.is_queue = true;
  p.text = std::make_shared<const std::string>(protocol::encode_push("queue", json{{"services", queue_json(queues)}}));
  return p;
}

Push device_push(const json& device) {
  Push p;
  p.is_device = true;
  p.text = std::make_shared<const std::string>(protocol::encode_push("device", json{{"device", device}}));
  return p;
}

bool changes_queue(const Event& e) {
  const std::string_view t = e.type;
  // A settings change may close or reopen a service area: the queue entries carry that.
  return t.starts_with("ticket.") || t.starts_with("counter.") || t == event_type::staff_signed_out ||
         t == event_type::settings_changed;
}

}  // namespace kiosk::service
