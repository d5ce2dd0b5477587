// The command table: what each kind of device may ask, and how each command maps onto the centre's store.
#include <algorithm>
#include <array>
#include <limits>
#include <sstream>

#include "credentials.hpp"
#include "kiosk/domain/errors.hpp"
#include "pushes.hpp"
#include "service_impl.hpp"

namespace kiosk::service {
namespace {

using nlohmann::json;
namespace ec = protocol::error_code;

constexpr unsigned T = role_bit(Role::ticket), C = role_bit(Role::counter), R = role_bit(Role::rating),
                   B = role_bit(Role::board), M = role_bit(Role::manager);
constexpr unsigned kAnyRole = T | C | R | B | M;

json time_or_null(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_instant(*t, zone)) : json(nullptr);
}

std::string staff_name(const Context& c, const std::string& id) {
  if (id.empty()) return {};
  auto member = c.store().staff_member(id);
  return member ? member->name : std::string();
}

json counter_json(const Context& c, const CounterState& s) {
  json j = to_json(s);
  j["staff_name"] = staff_name(c, s.staff);
  if (s.current_ticket) {
    if (auto t = c.store().ticket(*s.current_ticket)) j["ticket"] = to_json(*t, c.zone());
  }
  return j;
}

json counter_json(const Context& c, int number) { return counter_json(c, c.store().counter_state(number)); }

json ticket_json(const Context& c, const Ticket& t) { return to_json(t, c.zone()); }

json services_json(const Catalogue& cat) {
  json out = json::array();
  for (const auto& s : cat.services)
    out.push_back({{"code", s.code}, {"prefix", s.prefix}, {"name_vi", s.name_vi}, {"name_en", s.name_en}});
  return out;
}

json centre_json(const Context& c) {
  const Catalogue& cat = c.store().catalogue();
  return {{"code", c.store().centre_code()}, {"name_vi", cat.centre_name_vi}, {"name_en", cat.centre_name_en}};
}

json calls_json(const Context& c) {
  json calls = json::array();
  for (const Ticket& t : c.store().recent_calls(c.now, c.m.options.board_calls))
    calls.push_back({{"ticket", t.id}, {"number", t.number}, {"service", t.service}, {"counter", t.counter ? json(*t.counter) : json(nullptr)},
                     {"at", time_or_null(t.called_at, c.zone())}, {"state", std::string(to_string(t.state))}});
  return calls;
}

// Whether the centre is open now, for the ticket kiosk's "Ngoài giờ làm việc" and when it opens next.
json office_json(const Context& c) {
  const CentreSettings settings = c.store().settings();
  return to_json(office_status(c.now, c.zone(), c.store().calendar(), settings), settings, c.zone());
}

json queue_status_json(const Context& c) {
  json counters = json::array();
  for (const auto& s : c.store().counters()) counters.push_back(counter_json(c, s));
  return {{"services", queue_json(c.store().queue_status(c.now))}, {"counters", counters}, {"office", office_json(c)}};
}

json staff_json(const Context& c, const store::StaffMember& s) {
  return {{"id", s.id}, {"name", s.name}, {"active", s.active}, {"failed_attempts", s.failed_attempts},
          {"locked_until", time_or_null(s.locked_until, c.zone())}};
}

ConnectionMap connections_now(const Service::Impl& m) { return m.options.connections ? m.options.connections() : ConnectionMap{}; }

json device_json(const Context& c, const store::Device& d) { return device_entry(c.m, d, connections_now(c.m)); }

void require_well_formed(const std::string& pin) {
  if (!pin_well_formed(pin)) refuse_request(ec::bad_args, "a PIN is 4 to 12 digits", "Mã PIN gồm 4 đến 12 chữ số");
}

// Runs a store operation that needs the Argon2id hash of a new PIN: hashing off the store's thread.
template <class Finish>
Outcome with_pin_hash(Context& c, std::string pin, Finish finish) {
  require_well_formed(pin);
  auto hash = std::make_shared<std::string>();
  const auto ops = c.m.options.pin_opslimit;
  const auto mem = c.m.options.pin_memlimit;
  Deferred d;
  d.slow = [hash, pin = std::move(pin), ops, mem] { *hash = hash_pin(pin, ops, mem); };
  d.finish = [hash, finish = std::move(finish)] { return finish(*hash); };
  return d;
}

// ---- Queue ---------------------------------------------------------------------------------------------

Outcome issue_ticket(Context& c) {
  const std::string service = c.args.text("service");
  auto priority = parse_priority(c.args.text_or("priority", "none"));
  if (!priority) refuse_request(ec::bad_args, "unknown priority", "Đối tượng ưu tiên không hợp lệ");
  auto issued = c.store().issue_ticket(service, *priority, c.at(), c.actor());
  json j = ticket_json(c, issued.ticket);
  j["people_ahead"] = issued.people_ahead;
  j["estimated_wait_s"] = issued.estimated_wait_s;
  j["seq"] = issued.seq;
  if (const ServiceArea* area = c.store().catalogue().service(service)) {
    j["service_name_vi"] = area->name_vi;
    j["service_name_en"] = area->name_en;
  }
  j["centre"] = centre_json(c);
  return ok_reply(j);
}

using CounterTicketOp = Ticket (store::CentreStore::*)(int, Instant, const store::Actor&);
template <CounterTicketOp op>
Outcome counter_ticket(Context& c) {
  const int n = c.counter();
  return ok_reply(ticket_json(c, (c.store().*op)(n, c.at(), c.staffed_actor(n))));
}

using CounterStateOp = CounterState (store::CentreStore::*)(int, Instant, const store::Actor&);
template <CounterStateOp op>
Outcome counter_state(Context& c) {
  const int n = c.counter();
  return ok_reply(counter_json(c, (c.store().*op)(n, c.at(), c.staffed_actor(n))));
}

Outcome transfer(Context& c) {
  const int n = c.counter();
  return ok_reply(ticket_json(c, c.store().transfer(n, c.args.text("to"), c.at(), c.staffed_actor(n))));
}

Outcome cancel(Context& c) {
  const std::int64_t id = c.ticket_ref("ticket");
  return ok_reply(ticket_json(c, c.store().cancel_ticket(id, c.args.text_or("reason", ""), c.at(), c.desk_actor())));
}

Outcome get_ticket(Context& c) {
  auto t = c.store().ticket(c.ticket_ref("ticket"));
  if (!t) throw DomainError("ticket.unknown", "unknown ticket", "Không tìm thấy số này");
  return ok_reply(ticket_json(c, *t));
}

Outcome queue_status(Context& c) { return ok_reply(queue_status_json(c)); }

Outcome queue_waiting(Context& c) {
  json tickets = json::array();
  for (const Ticket& t : c.store().waiting_tickets(c.args.text("service"), c.now)) tickets.push_back(ticket_json(c, t));
  return ok_reply({{"tickets", tickets}});
}

Outcome board_snapshot(Context& c) {
  return ok_reply({{"calls", calls_json(c)}, {"services", queue_json(c.store().queue_status(c.now))}});
}

std::string_view online_name(OnlineLevel level) {
  switch (level) {
    case OnlineLevel::partial: return "partial";
    case OnlineLevel::full: return "full";
    case OnlineLevel::none: break;
  }
  return "none";
}

Outcome catalogue_get(Context& c) {
  const Catalogue& cat = c.store().catalogue();
  json counters = json::array(), procedures = json::array();
  for (const auto& k : cat.counters)
    counters.push_back({{"number", k.number}, {"name_vi", k.name_vi}, {"name_en", k.name_en}, {"services", k.services}});
  for (const auto& p : cat.procedures)
    procedures.push_back({{"code", p.code}, {"name_vi", p.name_vi}, {"name_en", p.name_en}, {"field", p.field},
                          {"processing_time", p.processing_time}, {"unit", std::string(to_string(p.unit))},
                          {"fee", p.fee}, {"online", std::string(online_name(p.online))}});
  // The hours in force, as a manager may have changed them since the catalogue was loaded.
  return ok_reply({{"centre", centre_json(c)},
                   {"services", services_json(cat)},
                   {"counters", counters},
                   {"procedures", procedures},
                   {"office_hours", to_json(c.store().settings())["office_hours"]}});
}

// ---- Dossiers ------------------------------------------------------------------------------------------

Outcome dossier_receive(Context& c) {
  store::DossierIntake in;
  in.procedure = c.args.text("procedure");
  auto channel = parse_channel(c.args.text_or("channel", "in_person"));
  if (!channel) refuse_request(ec::bad_args, "unknown channel", "Kênh tiếp nhận không hợp lệ");
  in.channel = *channel;
  in.inter_agency = c.args.flag("inter_agency");
  in.digitised = c.args.flag("digitised");
  in.data_reused = c.args.flag("data_reused");
  in.fee = c.args.optional_integer("fee");
  in.paid_online = c.args.flag("paid_online");
  if (c.args.has("ticket")) in.ticket = c.ticket_ref("ticket");
  in.initial = c.args.flag("registered") ? DossierStatus::registered : DossierStatus::accepted;
  return ok_reply(to_json(c.store().receive_dossier(in, c.at(), c.desk_actor()), c.zone()));
}

Outcome dossier_status(Context& c) {
  const json& to_arg = c.args.raw("to");
  std::optional<DossierStatus> to;
  // Read as 64 bits: a number past an int must not wrap into a valid status.
  if (to_arg.is_number_integer()) {
    const auto n = to_arg.get<std::int64_t>();
    if (n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max()) to = dossier_status_from_int(static_cast<int>(n));
  }
  else if (to_arg.is_string()) to = parse_dossier_status(to_arg.get<std::string>());
  if (!to) refuse_request(ec::bad_args, "argument \"to\" must be a status 1-10 or its name", "Trạng thái hồ sơ không hợp lệ");
  return ok_reply(to_json(c.store().change_dossier_status(c.args.text("code"), *to, c.args.text_or("reason", ""), c.at(), c.desk_actor()), c.zone()));
}

Outcome dossier_supplement(Context& c) {
  return ok_reply(to_json(c.store().request_supplement(c.args.text("code"), c.args.text("reason"), c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_supplemented(Context& c) {
  return ok_reply(to_json(c.store().supplement_received(c.args.text("code"), c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_resolve(Context& c) {
  return ok_reply(to_json(c.store().resolve_dossier(c.args.text("code"), c.args.flag("result_digitised"), c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_apology(Context& c) {
  const std::string text = c.args.text("new_due");
  auto t = parse_instant(text, c.zone());
  if (!t) refuse_request(ec::bad_args, "argument \"new_due\" must be a date or an ISO 8601 time", "Ngày hẹn mới không hợp lệ");
  // A date alone means the end of office hours that day.
  if (text.size() == 10) t = c.zone().at_local(c.zone().local_date(*t), c.store().settings().office_hours.afternoon_end);
  return ok_reply(to_json(c.store().issue_apology(c.args.text("code"), c.args.text("reason"), *t, c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_return(Context& c) {
  return ok_reply(to_json(c.store().return_result(c.args.text("code"), c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_pay(Context& c) {
  return ok_reply(to_json(c.store().record_payment(c.args.text("code"), c.args.flag("online"), c.at(), c.desk_actor()), c.zone()));
}
Outcome dossier_get(Context& c) {
  const std::string code = c.args.text("code");
  auto d = c.store().dossier(code);
  if (!d) throw DomainError("dossier.unknown", "unknown dossier " + code, "Không tìm thấy hồ sơ " + code);
  return ok_reply(to_json(*d, c.zone()));
}
Outcome dossier_import(Context& c) {
  std::istringstream csv(c.args.text("csv"));
  return ok_reply({{"imported", c.store().import_dossiers_csv(csv, c.at(), c.actor())}});
}

// ---- Ratings -------------------------------------------------------------------------------------------

// A rating screen records outcomes only for what its own counter served.
void check_rating_screen(const Context& c, std::int64_t ticket) {
  if (c.caller.role != Role::rating || c.caller.local_operator) return;
  auto t = c.store().ticket(ticket);
  if (!t || t->counter != c.caller.counter)
    refuse_request(ec::forbidden, "this rating screen may rate only tickets served at its counter",
                   "Màn hình này chỉ đánh giá lượt phục vụ tại quầy của mình");
}

Outcome rating_submit(Context& c) {
  store::RatingInput in;
  in.ticket = c.ticket_ref("ticket");
  const std::int64_t scale = c.args.optional_integer("scale").value_or(5);  // compared before narrowing
  if (scale != 5 && scale != 3) refuse_request(ec::bad_args, "argument \"scale\" must be 5 or 3", "Thang đánh giá không hợp lệ");
  in.scale = static_cast<int>(scale);
  const int level = c.args.small_integer("level", 1, in.scale);
  in.level = in.scale == 3 ? level_from_three(level) : level;
  in.reason = c.args.text_or("reason", "");
  in.comment = c.args.text_or("comment", "");
  if (const json& crit = c.args.raw("criteria"); !crit.is_null()) {
    if (!crit.is_array() || crit.size() != kCriteriaCount)
      refuse_request(ec::bad_args, "argument \"criteria\" must be nine scores", "Phiếu đánh giá phải có 9 tiêu chí");
    std::array<int, kCriteriaCount> scores{};
    for (std::size_t i = 0; i < scores.size(); ++i) {
      if (crit[i].is_null()) scores[i] = -1;
      else if (crit[i].is_number_integer() && crit[i].get<std::int64_t>() >= 0 && crit[i].get<std::int64_t>() <= 2)
        scores[i] = static_cast<int>(crit[i].get<std::int64_t>());
      else refuse_request(ec::bad_args, "each criterion is 0, 1, 2 or null", "Điểm tiêu chí không hợp lệ");
    }
    in.criteria = scores;
  }
  check_rating_screen(c, in.ticket);
  return ok_reply(to_json(c.store().submit_rating(in, c.at(), c.actor()), c.zone()));
}

// The screen asked and nobody answered in time (30 s on the rating screen): the visit's outcome is "abandoned".
Outcome rating_abandon(Context& c) {
  const std::int64_t ticket = c.ticket_ref("ticket");
  check_rating_screen(c, ticket);
  return ok_reply(to_json(c.store().abandon_rating(ticket, c.at(), c.actor()), c.zone()));
}

// ---- Settings ------------------------------------------------------------------------------------------

[[noreturn]] void bad_setting(const std::string& name, const char* what) {
  refuse_request(ec::bad_args, "argument \"" + name + "\" " + what, "Tham số \"" + name + "\" không hợp lệ");
}

// `group.key` of the arguments: nullptr when absent (or null).
const json* setting(const json& group, const char* key) {
  auto it = group.find(key);
  return it == group.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> setting_text(const json& group, const std::string& prefix, const char* key) {
  const json* v = setting(group, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) bad_setting(prefix + key, "must be a string");
  return v->get<std::string>();
}

std::optional<std::int64_t> setting_integer(const json& group, const std::string& prefix, const char* key) {
  const json* v = setting(group, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) bad_setting(prefix + key, "must be an integer");
  return v->get<std::int64_t>();
}

// An object argument (office_hours, queue): empty when absent.
const json& setting_group(const Context& c, const char* key) {
  static const json kEmpty = json::object();
  const json& v = c.args.raw(key);
  if (v.is_null()) return kEmpty;
  if (!v.is_object()) bad_setting(key, "must be an object");
  return v;
}

Outcome settings_get(Context& c) { return ok_reply(to_json(c.store().settings())); }

Outcome settings_set(Context& c) {
  SettingsChange change;
  const json& hours = setting_group(c, "office_hours");
  change.morning = setting_text(hours, "office_hours.", "morning");
  change.afternoon = setting_text(hours, "office_hours.", "afternoon");
  if (const json* days = setting(hours, "weekdays")) {
    if (!days->is_array()) bad_setting("office_hours.weekdays", "must be a list of integers 1-7");
    change.weekdays.emplace();
    for (const json& d : *days) {
      if (!d.is_number_integer()) bad_setting("office_hours.weekdays", "must be a list of integers 1-7");
      change.weekdays->push_back(d.get<std::int64_t>());
    }
  }
  const json& queue = setting_group(c, "queue");
  change.priority = setting_text(queue, "queue.", "priority");
  change.normal_per_priority = setting_integer(queue, "queue.", "normal_per_priority");
  change.max_recalls = setting_integer(queue, "queue.", "max_recalls");
  if (const json& closed = c.args.raw("closed_services"); !closed.is_null()) {
    if (!closed.is_array()) bad_setting("closed_services", "must be a list of service area codes");
    change.closed_services.emplace();
    for (const json& code : closed) {
      if (!code.is_string()) bad_setting("closed_services", "must be a list of service area codes");
      change.closed_services->push_back(code.get<std::string>());
    }
  }
  if (change.empty())
    refuse_request(ec::bad_args,
                   "give at least one setting: office_hours (morning, afternoon, weekdays), queue (priority, "
                   "normal_per_priority, max_recalls) or closed_services",
                   "Chưa có thiết lập nào để thay đổi");
  SettingsOutcome out = c.store().change_settings(change, c.at(), c.actor());
  json result = to_json(out.settings);
  result["changed"] = out.changed;
  return ok_reply(result);
}

// ---- Staff ---------------------------------------------------------------------------------------------

Outcome staff_add(Context& c) {
  Service::Impl& m = c.m;
  const std::string id = c.args.text("staff"), name = c.args.text("name");
  const Instant at = c.at();
  const store::Actor actor = c.actor();
  const Zone zone = c.zone();
  return with_pin_hash(c, c.args.text("pin"), [&m, id, name, at, actor, zone](const std::string& hash) {
    auto s = m.store.add_staff(id, name, hash, at, actor);
    return ok_reply({{"id", s.id}, {"name", s.name}, {"active", s.active}});
  });
}

Outcome staff_set_pin(Context& c) {
  Service::Impl& m = c.m;
  const std::string id = c.args.text("staff");
  const Instant at = c.at();
  const store::Actor actor = c.actor();
  return with_pin_hash(c, c.args.text("pin"), [&m, id, at, actor](const std::string& hash) {
    auto s = m.store.set_staff_pin(id, hash, at, actor);
    return ok_reply({{"id", s.id}, {"name", s.name}, {"active", s.active}});
  });
}

Outcome staff_list(Context& c) {
  json out = json::array();
  for (const auto& s : c.store().staff()) out.push_back(staff_json(c, s));
  return ok_reply({{"staff", out}});
}

[[noreturn]] void refuse_locked(const Context& c, Instant until) {
  const std::string hhmm = format_hhmm(c.zone().local_minute_of_day(until));
  throw DomainError("staff.locked", "staff member locked after repeated wrong PINs until " + hhmm,
                    "Tài khoản tạm khoá do nhập sai mã PIN nhiều lần; thử lại sau " + hhmm);
}

// Records a failed sign-in (a locked member's lock is not extended) and refuses with what the staff
// member needs to know: locked until when, or how many tries are left.
[[noreturn]] void sign_in_failed(Context& c, int counter, const std::string& id, Instant at, const store::Actor& actor) {
  const Options& o = c.m.options;
  auto member = c.store().record_sign_in_failure(counter, id, o.max_pin_failures, o.lock_for, at, actor);
  if (member && member->locked_until && *member->locked_until > at) refuse_locked(c, *member->locked_until);
  std::string vi = "Mã nhân viên hoặc mã PIN không đúng";
  if (member) vi += " (còn " + std::to_string(o.max_pin_failures - member->failed_attempts) + " lần thử)";
  throw DomainError("staff.bad_credentials", "wrong staff id or PIN", vi);
}

Outcome staff_sign_in(Context& c) {
  const int counter = c.counter();
  const std::string id = c.args.text("staff"), pin = c.args.text("pin");
  // A PIN that cannot be one is a mistyped request, not an attempt: refused before it counts towards a lock.
  require_well_formed(pin);
  const Instant at = c.at();
  const store::Actor actor = c.actor();
  auto member = c.store().staff_member(id);
  if (!member || !member->active || (member->locked_until && *member->locked_until > at))
    sign_in_failed(c, counter, id, at, actor);
  auto verdict = std::make_shared<bool>(false);
  Deferred d;
  d.slow = [verdict, hash = member->pin_hash, pin] { *verdict = pin_matches(hash, pin); };
  d.finish = [&m = c.m, caller = c.caller, verdict, counter, id, at, actor]() -> Reply {
    const nlohmann::json no_args = nlohmann::json::object();
    const Args args(no_args);
    Context again{m, caller, args, at};
    if (!*verdict) sign_in_failed(again, counter, id, at, actor);
    return ok_reply(counter_json(again, m.store.sign_in(counter, id, at, actor)));
  };
  return d;
}

Outcome staff_sign_out(Context& c) {
  const int n = c.counter();
  return ok_reply(counter_json(c, c.store().sign_out(n, c.at(), c.actor())));
}

// ---- Devices -------------------------------------------------------------------------------------------

Outcome pairing_create(Context& c) {
  auto role = protocol::parse_role(c.args.text("role"));
  if (!role) refuse_request(ec::bad_args, "unknown role", "Vai trò thiết bị không hợp lệ");
  const std::string code = new_pairing_code();
  store::PairingRequest req;
  req.code_sha256 = sha256_hex(code);
  req.role = std::string(protocol::to_string(*role));
  if (c.args.has("counter")) req.counter = c.args.small_integer("counter", 1, 100000);
  req.expires_at = c.now + c.m.options.pairing_ttl;
  c.store().create_pairing(req, c.at(), c.actor());
  return ok_reply({{"code", code}, {"role", req.role}, {"counter", req.counter ? json(*req.counter) : json(nullptr)},
                   {"expires_at", format_instant(req.expires_at, c.zone())}});
}

Outcome device_list(Context& c) {
  const ConnectionMap connections = connections_now(c.m);
  json out = json::array();
  for (const auto& d : c.store().devices()) out.push_back(device_entry(c.m, d, connections));
  return ok_reply({{"devices", out}});
}

constexpr std::array<std::string_view, 6> kPrinterStates = {"ok",      "paper_near_end", "paper_out",
                                                            "cover_open", "offline",     "unknown"};
constexpr std::size_t kMaxPrinterError = 200;

// A device reports its printer: kept in memory (operational state, not a record; no event).
Outcome device_status(Context& c) {
  const std::string printer = c.args.text("printer");
  if (std::find(kPrinterStates.begin(), kPrinterStates.end(), printer) == kPrinterStates.end())
    refuse_request(ec::bad_args,
                   "argument \"printer\" must be ok, paper_near_end, paper_out, cover_open, offline or unknown",
                   "Trạng thái máy in không hợp lệ");
  const std::string error = c.args.text_or("printer_error", "");
  if (error.size() > kMaxPrinterError)
    refuse_request(ec::bad_args, "argument \"printer_error\" must be at most 200 bytes", "Mô tả lỗi máy in quá dài");
  DeviceMemory& memory = c.m.devices[c.caller.device];
  if (memory.printer != printer || memory.printer_error != error) c.m.device_pushes.insert(c.caller.device);
  memory.printer = printer;
  memory.printer_error = error;
  for (const auto& d : c.store().devices())
    if (d.id == c.caller.device) return ok_reply(device_json(c, d));
  // kioskctl on the file is no paired device: it hears back what it said.
  return ok_reply({{"device", c.caller.device}, {"printer", printer}, {"printer_error", error.empty() ? json(nullptr) : json(error)}});
}

Outcome device_revoke(Context& c) {
  return ok_reply(device_json(c, c.store().revoke_device(c.args.text("device"), c.at(), c.actor())));
}

// ---- Figures and the log -------------------------------------------------------------------------------

Outcome report_indicators(Context& c) {
  std::optional<Period> period;
  if (c.args.has("period")) {
    period = Period::parse(c.args.text("period"));
  } else {
    auto from = parse_date(c.args.text("from")), to = parse_date(c.args.text("to"));
    if (from && to && *from <= *to) period = Period{*from, *to};
  }
  if (!period) refuse_request(ec::bad_args, "give a period (2026-Q3, 2026-07, 2026, BC2026, BC2026-Q1) or from/to dates",
                              "Kỳ báo cáo không hợp lệ");
  const std::string format = c.args.text_or("format", "json"), lang = c.args.text_or("lang", "vi");
  Indicators ind = c.store().indicators(*period, c.now);
  const Catalogue& cat = c.store().catalogue();
  json out{{"centre", c.store().centre_code()}};
  if (format == "json") out["indicators"] = to_json(ind);
  else if (format == "csv") out["csv"] = to_csv(ind);
  else if (format == "text")
    out["text"] = to_text(ind, lang == "en" && !cat.centre_name_en.empty() ? cat.centre_name_en : cat.centre_name_vi, lang == "en" ? "en" : "vi");
  else refuse_request(ec::bad_args, "format is json, csv or text", "Định dạng báo cáo không hợp lệ");
  return ok_reply(out);
}

Outcome log_events(Context& c) {
  const std::int64_t from = std::max<std::int64_t>(1, c.args.optional_integer("from_seq").value_or(1));
  const std::int64_t limit = std::clamp<std::int64_t>(c.args.optional_integer("limit").value_or(1000), 1, 5000);
  json events = json::array();
  std::int64_t next = from;
  c.store().for_each_event(from, [&](const Event& e) {
    events.push_back(to_json(e));
    next = e.seq + 1;
    return static_cast<std::int64_t>(events.size()) < limit;
  });
  return ok_reply({{"events", events}, {"next_seq", next}, {"last_seq", c.store().last_seq()}});
}

Outcome store_verify(Context& c) {
  auto r = c.store().verify();
  return ok_reply({{"ok", r.ok()}, {"integrity", r.integrity_message}, {"events", r.events},
                   {"chain_problem", r.chain_problem ? json(*r.chain_problem) : json(nullptr)},
                   {"state_problem", r.state_problem ? json(*r.state_problem) : json(nullptr)}});
}

Outcome store_backup(Context& c) {
  if (c.m.options.backup_dir.empty())
    refuse_request(ec::forbidden, "no backup directory is configured on the hub", "Máy chủ chưa cấu hình thư mục sao lưu");
  std::string stamp = format_instant(c.now, c.zone()).substr(0, 19);
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::filesystem::create_directories(c.m.options.backup_dir);
  const auto path = c.m.options.backup_dir / ("centre-" + stamp + ".db");
  c.store().backup(path);
  return ok_reply({{"path", path.string()}});
}

Outcome ping(Context& c) { return ok_reply({{"server_time", format_instant(c.now, c.zone())}, {"seq", c.store().last_seq()}}); }

Outcome subscribe(Context& c) {
  const json& topics = c.args.raw("topics");
  if (!topics.is_array()) refuse_request(ec::bad_args, "argument \"topics\" must be a list", "Danh sách chủ đề không hợp lệ");
  Subscription s;
  for (const auto& t : topics) {
    const std::string name = t.is_string() ? t.get<std::string>() : std::string();
    if (name == "calls") s.calls = true;
    else if (name == "queue") s.queue = true;
    else if (name == "counter" && c.caller.counter) {
      s.counter = c.caller.counter;
      s.citizen_facing = c.caller.role == Role::rating;
    }
    else if (name == "events" && (c.caller.role == Role::manager || c.caller.local_operator)) s.all_events = true;
    else refuse_request(ec::bad_args, "unknown or not allowed topic \"" + name + "\"", "Chủ đề không hợp lệ");
  }
  Reply r = ok_reply({{"topics", topics}});
  r.subscription = s;
  return r;
}

constexpr std::array kCommands{
    Command{"ping", kAnyRole, ping},
    Command{"subscribe", kAnyRole, subscribe},
    Command{"queue.status", kAnyRole, queue_status},
    Command{"board.snapshot", kAnyRole, board_snapshot},
    Command{"catalogue.get", kAnyRole, catalogue_get},
    Command{"ticket.issue", T | M, issue_ticket},
    Command{"ticket.get", C | R | M, get_ticket},
    Command{"ticket.cancel", C | M, cancel},
    Command{"queue.waiting", C | M, queue_waiting},
    Command{"counter.open", C | M, counter_state<&store::CentreStore::open_counter>},
    Command{"counter.pause", C | M, counter_state<&store::CentreStore::pause_counter>},
    Command{"counter.close", C | M, counter_state<&store::CentreStore::close_counter>},
    Command{"counter.call", C | M, counter_ticket<&store::CentreStore::call_next>},
    Command{"counter.recall", C | M, counter_ticket<&store::CentreStore::recall>},
    Command{"counter.start", C | M, counter_ticket<&store::CentreStore::start_service>},
    Command{"counter.finish", C | M, counter_ticket<&store::CentreStore::finish_service>},
    Command{"counter.no_show", C | M, counter_ticket<&store::CentreStore::mark_no_show>},
    Command{"counter.transfer", C | M, transfer},
    Command{"dossier.receive", C | M, dossier_receive},
    Command{"dossier.status", C | M, dossier_status},
    Command{"dossier.supplement", C | M, dossier_supplement},
    Command{"dossier.supplemented", C | M, dossier_supplemented},
    Command{"dossier.resolve", C | M, dossier_resolve},
    Command{"dossier.apology", C | M, dossier_apology},
    Command{"dossier.return", C | M, dossier_return},
    Command{"dossier.pay", C | M, dossier_pay},
    Command{"dossier.get", C | M, dossier_get},
    Command{"dossier.import_csv", M, dossier_import},
    Command{"rating.submit", R | M, rating_submit},
    Command{"rating.abandon", R | M, rating_abandon},
    Command{"settings.get", M, settings_get},
    Command{"settings.set", M, settings_set},
    Command{"device.status", kAnyRole, device_status},
    Command{"staff.sign_in", C | M, staff_sign_in},
    Command{"staff.sign_out", C | M, staff_sign_out},
    Command{"staff.add", M, staff_add},
    Command{"staff.set_pin", M, staff_set_pin},
    Command{"staff.list", M, staff_list},
    Command{"pairing.create", M, pairing_create},
    Command{"device.list", M, device_list},
    Command{"device.revoke", M, device_revoke},
    Command{"report.indicators", M, report_indicators},
    Command{"log.events", M, log_events},
    Command{"store.verify", M, store_verify},
    Command{"store.backup", M, store_backup},
};

}  // namespace

const Command* find_command(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

Reply ok_reply(json result) {
  Reply r;
  r.result = std::move(result);
  return r;
}

json device_entry(const Service::Impl& m, const store::Device& d, const ConnectionMap& connections) {
  const Zone& zone = m.store.zone();
  json j{{"device", d.id}, {"name", d.name}, {"role", d.role}, {"counter", d.counter ? json(*d.counter) : json(nullptr)},
         {"paired_at", format_instant(d.paired_at, zone)}, {"revoked_at", time_or_null(d.revoked_at, zone)}};
  const auto connection = connections.find(d.id);
  const auto memory = m.devices.find(d.id);
  const bool connected = connection != connections.end() && connection->second.open > 0;
  // Connected: seen now. Otherwise the later of its last request and the end of its last connection.
  std::optional<Instant> seen;
  if (connected) seen = m.clock();
  else {
    if (memory != m.devices.end()) seen = memory->second.last_request;
    if (connection != connections.end() && connection->second.last_closed && (!seen || *seen < *connection->second.last_closed))
      seen = connection->second.last_closed;
  }
  j["connected"] = connected;
  j["last_seen"] = time_or_null(seen, zone);
  const bool reported = memory != m.devices.end() && memory->second.printer;
  j["printer"] = reported ? json(*memory->second.printer) : json(nullptr);
  j["printer_error"] = reported && !memory->second.printer_error.empty() ? json(memory->second.printer_error) : json(nullptr);
  return j;
}

}  // namespace kiosk::service

namespace kiosk::service {
namespace {

using nlohmann::json;
namespace ec = protocol::error_code;

// What a device needs to draw its screen from nothing: after a restart, a reconnect, or a long gap.
json snapshot(Context& c) {
  json j{{"device", c.caller.device},
         {"role", std::string(protocol::to_string(c.caller.role))},
         {"counter", c.caller.counter ? json(*c.caller.counter) : json(nullptr)},
         {"name", c.caller.name},
         {"centre", centre_json(c)},
         {"services", services_json(c.store().catalogue())},
         {"queue", queue_json(c.store().queue_status(c.now))},
         {"office", office_json(c)},
         {"seq", c.store().last_seq()},
         {"server_time", format_instant(c.now, c.zone())}};
  switch (c.caller.role) {
    case Role::board: j["calls"] = calls_json(c); break;
    case Role::counter:
    case Role::rating:
      if (c.caller.counter) j["counter_state"] = counter_json(c, *c.caller.counter);
      break;
    case Role::manager: j["counters"] = queue_status_json(c)["counters"]; break;
    case Role::ticket: break;
  }
  return j;
}

Caller caller_of(const store::Device& d) {
  auto role = protocol::parse_role(d.role);
  if (!role) throw std::runtime_error("device " + d.id + " has an unknown role " + d.role);
  return Caller{d.id, *role, d.counter, d.name, false};
}

}  // namespace

Outcome hello(Service::Impl& m, const protocol::Request& request) {
  const Args args(request.args);
  auto device = m.store.device_by_token(sha256_hex(args.text("token")));
  if (!device || device->revoked())
    refuse_request(ec::auth_invalid, "unknown or revoked device token",
                   "Thiết bị chưa được ghép nối hoặc đã bị thu hồi; xin liên hệ quản lý");
  const Caller caller = caller_of(*device);
  Context c{m, caller, args, m.clock()};
  Reply r = ok_reply(snapshot(c));
  r.authenticated = caller;
  r.subscription = default_subscription(caller);
  // Events the device missed while away, as pushes marked "replay" (a board lists them, never announces them).
  if (auto last = args.optional_integer("last_seq"); last && *last >= 0 && *last < m.store.last_seq()) {
    if (m.store.last_seq() - *last > m.options.max_replay_events) {
      r.result["replay_truncated"] = true;
    } else {
      m.store.for_each_event(*last + 1, [&](const Event& e) {
        Push p = event_push(e, m.store.zone(), /*replay=*/true);
        if (wants(*r.subscription, p)) r.follow_up.push_back(*p.text);
        return true;
      });
    }
  }
  return r;
}

Outcome pair(Service::Impl& m, const protocol::Request& request) {
  const Args args(request.args);
  const std::string code = args.text("code");
  const std::string name = args.text_or("name", "");
  const std::string token = new_device_token();
  const Instant now = m.clock();
  store::Device d = m.store.pair_device(sha256_hex(code), name, sha256_hex(token), now, store::Actor{"hub", ""});
  const Caller caller = caller_of(d);
  Reply r = ok_reply({{"device", d.id}, {"token", token}, {"role", d.role}, {"counter", d.counter ? json(*d.counter) : json(nullptr)}, {"name", d.name}});
  r.authenticated = caller;
  r.subscription = default_subscription(caller);
  return r;
}

}  // namespace kiosk::service
