// What the screens know of the centre: the hub's snapshot, kept current by its pushes. Plain data, no UI:
// the link thread's messages are applied here on the UI thread, and the views only read it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/protocol/messages.hpp"

namespace kiosk::ui {

struct ServiceInfo {
  std::string code, prefix, name_vi, name_en;
};

struct QueueEntry {
  std::string service;
  int waiting = 0;
  int priority_waiting = 0;
  int open_counters = 0;
  int estimated_wait_s = 0;
  bool closed = false;  // the manager stopped issuing tickets for this area
};

struct TicketInfo {
  std::int64_t id = 0;
  std::string number, service, state, priority, staff;
  int counter = 0;
  int recalls = 0;
  std::vector<std::string> dossiers;
};

struct CounterInfo {
  int number = 0;
  std::string status;  // open, paused, closed
  std::string staff, staff_name;
  std::optional<TicketInfo> ticket;
};

struct CallInfo {
  std::int64_t ticket = 0;
  std::string number, service, at, state;
  int counter = 0;
};

struct OfficeInfo {
  bool known = false;  // an older hub does not say
  bool open = true;
  bool working_day = true;
  std::string morning, afternoon, next_open;
};

// Something a screen reacts to beyond redrawing: a board announces a call, a rating screen asks.
struct ScreenEvent {
  enum class Kind { call, recall, ticket_finished, counter_changed, queue_changed, settings_changed, bye };
  static ScreenEvent of(Kind kind) {
    ScreenEvent event;
    event.kind = kind;
    return event;
  }
  Kind kind = Kind::counter_changed;
  bool replay = false;
  std::string number, service, message_vi;
  std::int64_t ticket = 0;
  int counter = 0;
};

class HubState {
 public:
  // Connection
  bool connected = false;
  bool ever_connected = false;
  bool refused = false;  // token unknown or revoked: pair again
  std::string lost_why_vi;

  // Who we are
  std::string device, role, name;
  std::optional<int> counter;

  // The centre
  std::string centre_code, centre_name_vi, centre_name_en;
  std::vector<ServiceInfo> services;
  std::vector<QueueEntry> queue;
  std::vector<CallInfo> calls;  // newest first
  std::optional<CounterInfo> counter_state;
  std::vector<CounterInfo> counters;
  OfficeInfo office;
  std::int64_t seq = 0;
  std::size_t max_calls = 10;

  void apply_snapshot(const nlohmann::json& snapshot);
  // Returns what the screens should react to; malformed pushes are ignored (and logged).
  std::vector<ScreenEvent> apply_push(const protocol::Message& push);
  void apply_queue_status(const nlohmann::json& result);  // queue.status's result
  void apply_counter(const nlohmann::json& counter);       // a Counter object (from a reply)

  const ServiceInfo* service(const std::string& code) const;
  const QueueEntry* queue_entry(const std::string& code) const;
  std::string service_name(const std::string& code) const;  // in the current language
  std::string centre_name() const;
};

class HubPort;

// queue.status brings the queue and the counters up to date: at most one request in flight, and exactly
// one more when something changed while it was out. Shared by the screens that follow the queue.
class QueueRefresher {
 public:
  void request(HubPort& hub, HubState& state);

 private:
  struct Flags {
    bool in_flight = false;
    bool again = false;
  };
  static void send(const std::shared_ptr<Flags>& flags, HubPort& hub, HubState& state);
  std::shared_ptr<Flags> flags_ = std::make_shared<Flags>();
};

TicketInfo parse_ticket(const nlohmann::json& ticket);
CounterInfo parse_counter(const nlohmann::json& counter);

}  // namespace kiosk::ui
