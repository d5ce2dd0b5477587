// The centre's commands behind the LAN protocol (docs/protocol.md): decoded requests in, replies and
// pushes out. It owns no thread and no socket; whoever runs it (the hub's store thread, or kioskctl on a
// local database) calls it from one thread at a time, like the CentreStore it drives.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/protocol/messages.hpp"
#include "kiosk/protocol/roles.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::service {

using protocol::Role;

// Who sends a request: a paired device, or the operator at the database itself.
struct Caller {
  std::string device;  // "d-0007"; for a local operator whatever --device says
  Role role = Role::manager;
  std::optional<int> counter;  // counter and rating devices
  std::string name;
  // kioskctl on the database file: may name the staff member and back-date, as before there was a hub.
  bool local_operator = false;
};

// Which pushes a connection receives (docs/protocol.md, "Subscriptions").
struct Subscription {
  bool calls = false;               // ticket.called / ticket.recalled anywhere (boards)
  bool queue = false;               // queue summaries
  bool all_events = false;          // every event (manager)
  std::optional<int> counter;       // the events of one counter (counter and rating devices)
  // Of those, only ticket.* and rating.*: a rating screen faces citizens and sees no staff events.
  bool citizen_facing = false;
};
Subscription default_subscription(const Caller& caller);

// One message for the connections that want it.
struct Push {
  std::shared_ptr<const std::string> text;
  bool is_call = false;
  bool is_queue = false;
  bool is_ticket = false;  // a ticket.* event
  bool is_rating = false;  // a rating.* event
  bool is_device = false;  // a device's reported state (managers)
  std::optional<int> counter;
  std::optional<std::string> revoked_device;  // connections of this device must be closed
  std::int64_t seq = 0;                       // 0 for queue summaries
};
bool wants(const Subscription& subscription, const Push& push);

struct Reply {
  bool ok = true;
  nlohmann::json result = nlohmann::json::object();
  protocol::Error error;
  std::optional<Caller> authenticated;        // hello and pair: the connection now speaks for this device
  std::optional<Subscription> subscription;   // hello and subscribe: what it now receives
  std::vector<std::string> follow_up;         // sent to this connection only, after the reply (missed events)
};

// Work too slow for the store's thread (Argon2id hashing of a PIN): `slow` runs elsewhere and touches
// nothing of the service; `finish` runs back on the service's thread and makes the reply.
struct Deferred {
  std::function<void()> slow;
  std::function<Reply()> finish;
};
using Outcome = std::variant<Reply, Deferred>;

// What the hub knows of a device's connections (its registry of open connections).
struct DeviceConnections {
  int open = 0;                         // authenticated connections open now
  std::optional<Instant> last_closed;   // when the latest one ended
};
using ConnectionMap = std::unordered_map<std::string, DeviceConnections>;

struct Options {
  int max_pin_failures = 5;
  std::chrono::milliseconds lock_for = std::chrono::minutes(5);
  std::chrono::milliseconds pairing_ttl = std::chrono::minutes(10);
  // Argon2id cost for new PIN hashes; 0 means libsodium's "interactive" level. Verification reads the
  // cost from each stored hash.
  unsigned long long pin_opslimit = 0;
  std::size_t pin_memlimit = 0;
  int board_calls = 10;          // calls in a board's snapshot
  int max_replay_events = 500;   // missed events sent on hello; past that the snapshot alone resyncs
  std::filesystem::path backup_dir;  // store.backup writes here; empty: refused
  // The hub's open connections by device, for device.list (called on the service's thread; must be
  // thread-safe). Unset, as for kioskctl on the database file: no device counts as connected.
  std::function<ConnectionMap()> connections;
};

struct Figures {
  std::int64_t tickets_issued = 0;  // since the service started
  std::int64_t tickets_served = 0;
  std::int64_t events = 0;
  std::int64_t last_seq = 0;
  std::vector<store::ServiceQueue> queues;
};

class Service {
 public:
  using Clock = std::function<Instant()>;
  Service(store::CentreStore& store, Options options, Clock clock = system_clock_ms);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // `caller` is empty until the connection has said hello (or paired): then only hello, pair and ping.
  // Never throws: refusals, bad arguments and database failures become error replies.
  Outcome handle(const std::optional<Caller>& caller, const protocol::Request& request);
  // Convenience for in-process callers: runs a Deferred's two halves here.
  Reply handle_now(const std::optional<Caller>& caller, const protocol::Request& request);

  // Pushes for every event committed since the last call, whoever wrote it (this service, or kioskctl
  // on the same file), plus one queue summary when the queue may have changed.
  std::vector<Push> take_pushes();

  // Tickets of earlier days never finished are cancelled, counters left open are closed.
  int close_past_days();

  Figures figures();
  // The database answers and takes a write lock.
  bool healthy();

  const store::CentreStore& store() const;
  static Instant system_clock_ms();

 // Defined in the service's sources only; named here so they can share it.
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::service
