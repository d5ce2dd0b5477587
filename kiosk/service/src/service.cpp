#include <algorithm>

#include "credentials.hpp"
#include "kiosk/domain/errors.hpp"
#include "pushes.hpp"
#include "service_impl.hpp"

namespace kiosk::service {
namespace {

namespace ec = protocol::error_code;

Reply error_reply(protocol::Error e) {
  Reply r;
  r.ok = false;
  r.result = nullptr;
  r.error = std::move(e);
  return r;
}

// Every failure of a command becomes an error reply: the caller sees why, and nothing changed (a
// command's store operation is one transaction).
template <class F>
Reply guarded_reply(F&& f) {
  try {
    return f();
  } catch (const Refusal& r) {
    return error_reply(r.error);
  } catch (const DomainError& e) {
    return error_reply({e.code(), e.what(), e.message_vi()});
  } catch (const store::ImportError& e) {
    return error_reply({"import.bad_row", std::string("import failed at ") + e.what() + "; nothing was imported",
                        "Lỗi nhập dữ liệu ở dòng " + std::to_string(e.line()) + "; không có hồ sơ nào được nhập"});
  } catch (const store::StoreError& e) {
    return error_reply({ec::unavailable, std::string("database error: ") + e.what(),
                        "Lỗi cơ sở dữ liệu; thao tác chưa được ghi nhận, xin thử lại"});
  } catch (const std::exception& e) {
    return error_reply({ec::internal, std::string("internal error: ") + e.what(), "Lỗi hệ thống; thao tác chưa được ghi nhận"});
  }
}

template <class F>
Outcome guarded(F&& f) {
  Outcome out = Reply{};
  Reply early = guarded_reply([&] {
    out = f();
    return Reply{};
  });
  if (!early.ok) return early;
  if (auto* d = std::get_if<Deferred>(&out)) {
    auto failure = std::make_shared<std::string>();
    d->slow = [slow = std::move(d->slow), failure] {
      try {
        slow();
      } catch (const std::exception& e) {
        *failure = e.what();
        if (failure->empty()) *failure = "unknown failure";
      }
    };
    d->finish = [finish = std::move(d->finish), failure] {
      if (!failure->empty())
        return error_reply({ec::internal, "internal error: " + *failure, "Lỗi hệ thống; thao tác chưa được ghi nhận"});
      return guarded_reply(finish);
    };
  }
  return out;
}

}  // namespace

// ---- Context -------------------------------------------------------------------------------------------

Instant Context::at() const {
  if (!args.has("at")) return now;
  if (!caller.local_operator && caller.role != Role::manager)
    refuse_request(ec::forbidden, "only a manager may back-date", "Chỉ quản lý được ghi lùi thời gian");
  auto t = parse_instant(args.text("at"), zone());
  if (!t) refuse_request(ec::bad_args, "argument \"at\" must be an ISO 8601 time", "Thời điểm không hợp lệ");
  return *t;
}

int Context::counter() const {
  if (protocol::role_has_counter(caller.role) && caller.counter && !caller.local_operator) {
    if (auto asked = args.optional_integer("counter"); asked && *asked != *caller.counter)
      refuse_request(ec::forbidden, "this device belongs to counter " + std::to_string(*caller.counter),
                     "Thiết bị này thuộc quầy số " + std::to_string(*caller.counter));
    return *caller.counter;
  }
  return args.small_integer("counter", 1, 100000);
}

store::Actor Context::actor() const {
  return {caller.device, caller.local_operator ? args.text_or("acting_staff", "") : std::string()};
}

store::Actor Context::staffed_actor(int number) const {
  if (caller.local_operator) return actor();
  const std::string staff = store().counter_state(number).staff;
  if (staff.empty())
    refuse_request(ec::staff_required, "nobody is signed in at counter " + std::to_string(number),
                   "Chưa có cán bộ đăng nhập tại quầy số " + std::to_string(number));
  return {caller.device, staff};
}

store::Actor Context::desk_actor() const {
  return caller.role == Role::counter && !caller.local_operator ? staffed_actor(counter()) : actor();
}

std::int64_t Context::ticket_ref(const char* key) const {
  const auto& v = args.raw(key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  const std::string ref = args.text(key);
  if (std::all_of(ref.begin(), ref.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) && ref.size() < 18)
    return std::stoll(ref);
  auto t = store().find_ticket(ref, at());
  if (!t) throw DomainError("ticket.unknown", "no ticket " + ref + " on that day", "Không có số " + ref + " trong ngày");
  return t->id;
}

// ---- Service -------------------------------------------------------------------------------------------

Service::Service(store::CentreStore& store, Options options, Clock clock)
    : impl_(std::make_unique<Impl>(Impl{store, std::move(options), std::move(clock), store.last_seq(), {}, {}, {}})) {}

Service::~Service() = default;

Instant Service::system_clock_ms() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

const store::CentreStore& Service::store() const { return impl_->store; }

Outcome Service::handle(const std::optional<Caller>& caller, const protocol::Request& request) {
  Impl& m = *impl_;
  // Whatever the answer, the device was there (device.list's last_seen); kioskctl on the file is no device.
  if (caller && !caller->local_operator) m.devices[caller->device].last_request = m.clock();
  return guarded([&]() -> Outcome {
    if (request.cmd == "hello" || request.cmd == "pair") {
      Outcome out = request.cmd == "hello" ? hello(m, request) : pair(m, request);
      if (auto* r = std::get_if<Reply>(&out); r && r->authenticated)
        m.devices[r->authenticated->device].last_request = m.clock();
      return out;
    }
    // Before hello a connection may also ping (is the hub there, what time is it); ping reads nothing of
    // its caller, so it runs for nobody in particular.
    static const Caller nobody{"", Role::board, std::nullopt, "", false};
    if (!caller && request.cmd != "ping") {
      refuse_request(ec::auth_required, "say hello with a device token (or pair) first",
                     "Thiết bị chưa xác thực với máy chủ");
    }
    const Caller& who = caller ? *caller : nobody;
    const Command* command = find_command(request.cmd);
    if (!command)
      refuse_request(ec::unknown_command, "unknown command \"" + request.cmd + "\"", "Lệnh không được hỗ trợ");
    if (!who.local_operator && !(command->roles & role_bit(who.role)))
      refuse_request(ec::forbidden,
                     "a " + std::string(protocol::to_string(who.role)) + " device may not " + request.cmd,
                     std::string(protocol::role_name_vi(who.role)) + " không được phép thực hiện thao tác này");
    const Args args(request.args);
    Context context{m, who, args, m.clock()};
    return command->handler(context);
  });
}

Reply Service::handle_now(const std::optional<Caller>& caller, const protocol::Request& request) {
  Outcome out = handle(caller, request);
  if (auto* reply = std::get_if<Reply>(&out)) return std::move(*reply);
  auto& deferred = std::get<Deferred>(out);
  deferred.slow();
  return deferred.finish();
}

std::vector<Push> Service::take_pushes() {
  Impl& m = *impl_;
  std::vector<Push> out;
  bool queue_changed = false;
  try {
    m.store.for_each_event(m.pushed_seq + 1, [&](const Event& e) {
      out.push_back(event_push(e, m.store.zone()));
      m.pushed_seq = e.seq;
      ++m.figures.events;
      if (e.type == event_type::ticket_issued) ++m.figures.tickets_issued;
      if (e.type == event_type::ticket_finished) ++m.figures.tickets_served;
      queue_changed = queue_changed || changes_queue(e);
      return true;
    });
    if (queue_changed) out.push_back(queue_push(m.store.queue_status(m.clock())));
    if (!m.device_pushes.empty()) {
      const ConnectionMap connections = m.options.connections ? m.options.connections() : ConnectionMap{};
      for (const store::Device& d : m.store.devices())
        if (m.device_pushes.contains(d.id)) out.push_back(device_push(device_entry(m, d, connections)));
      m.device_pushes.clear();
    }
  } catch (const std::exception&) {
    // The database failed mid-read: what was read is pushed; the rest follows on the next call.
  }
  return out;
}

int Service::close_past_days() { return impl_->store.close_past_days(impl_->clock(), store::Actor{"hub", ""}); }

Figures Service::figures() {
  Impl& m = *impl_;
  Figures f = m.figures;
  f.last_seq = m.pushed_seq;
  try {
    f.queues = m.store.queue_status(m.clock());
  } catch (const std::exception&) {
  }
  return f;
}

bool Service::healthy() {
  try {
    return impl_->store.writable();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace kiosk::service
