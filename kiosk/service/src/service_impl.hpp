// The service's private state and the command table, shared by its source files.
#pragma once

#include <set>
#include <string_view>
#include <unordered_map>

#include "args.hpp"
#include "kiosk/service/service.hpp"

namespace kiosk::service {

// What the hub remembers of a device between its requests: operational state, not a record, so it lives
// in memory only and is lost with a restart (the device reports again).
struct DeviceMemory {
  std::optional<Instant> last_request;
  std::optional<std::string> printer;  // "ok", "paper_out", …; empty until the device reports
  std::string printer_error;
};

struct Service::Impl {
  store::CentreStore& store;
  Options options;
  Clock clock;
  std::int64_t pushed_seq = 0;
  Figures figures;
  std::unordered_map<std::string, DeviceMemory> devices;
  std::set<std::string> device_pushes;  // devices whose reported state changed since the last pushes
};

// One request being handled.
struct Context {
  Service::Impl& m;
  const Caller& caller;
  const Args& args;
  Instant now;

  store::CentreStore& store() const { return m.store; }
  const Zone& zone() const { return m.store.zone(); }
  // "at" from a manager or the local operator (back-dated entry); everyone else: now.
  Instant at() const;
  // The counter the request acts on: the device's own, or (manager, operator) args.counter.
  int counter() const;
  // Who the events record: the device and the staff member signed in at `counter`. Refused when nobody
  // is signed in there (the local operator may name one with args.staff instead).
  store::Actor staffed_actor(int counter) const;
  store::Actor actor() const;
  // A counter device acts with the staff signed in at its counter; a manager or the operator as itself.
  store::Actor desk_actor() const;
  std::int64_t ticket_ref(const char* key) const;  // an id, or "B-023" on the service day of at()
};

using Handler = Outcome (*)(Context&);
struct Command {
  std::string_view name;
  unsigned roles;  // bit per protocol::Role that may send it
  Handler handler;
};
// Commands after authentication; nullptr when unknown.
const Command* find_command(std::string_view name);

constexpr unsigned role_bit(Role r) { return 1u << static_cast<unsigned>(r); }

Reply ok_reply(nlohmann::json result);

// device.list's entry for `d`: the paired device, its connections now, and what it last reported.
nlohmann::json device_entry(const Service::Impl& m, const store::Device& d, const ConnectionMap& connections);

// The session commands (before and after authentication).
Outcome hello(Service::Impl& m, const protocol::Request& request);
Outcome pair(Service::Impl& m, const protocol::Request& request);

}  // namespace kiosk::service
