#include "tables.hpp"

namespace kiosk::store::tables {
namespace {

using nlohmann::json;

std::optional<Instant> opt_instant(const sql::Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return from_millis(st.int64(col));
}

std::optional<std::int64_t> opt_millis(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

std::int64_t day_number(Date d) { return d.time_since_epoch().count(); }

void save_ticket(StatementCache& db, const Ticket& t, bool insert) {
  sql::Statement& st = db(insert ? "INSERT INTO tickets(number, service, first_service, day, day_seq, priority, state, "
                                 "issued_at, called_at, started_at, finished_at, counter, staff, recalls, transfers, "
                                 "dossiers, id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"
                               : "UPDATE tickets SET number=?1, service=?2, first_service=?3, day=?4, day_seq=?5, "
                                 "priority=?6, state=?7, issued_at=?8, called_at=?9, started_at=?10, finished_at=?11, "
                                 "counter=?12, staff=?13, recalls=?14, transfers=?15, dossiers=?16 WHERE id=?17");
  st.bind(1, t.number).bind(2, t.service).bind(3, t.first_service).bind(4, day_number(t.day)).bind(5, t.day_seq);
  st.bind(6, static_cast<int>(t.priority)).bind(7, static_cast<int>(t.state)).bind(8, to_millis(t.issued_at));
  st.bind(9, opt_millis(t.called_at)).bind(10, opt_millis(t.started_at)).bind(11, opt_millis(t.finished_at));
  st.bind(12, t.counter).bind(13, t.staff).bind(14, t.recalls).bind(15, t.transfers);
  st.bind(16, json(t.dossiers).dump()).bind(17, t.id);
  st.run();
}

void save_counter(StatementCache& db, const CounterState& c) {
  sql::Statement& st = db("INSERT INTO counters(number, status, staff, current_ticket, normal_since_priority) "
                    "VALUES(?1,?2,?3,?4,?5) ON CONFLICT(number) DO UPDATE SET status=excluded.status, "
                    "staff=excluded.staff, current_ticket=excluded.current_ticket, "
                    "normal_since_priority=excluded.normal_since_priority");
  st.bind(1, c.number).bind(2, static_cast<int>(c.status)).bind(3, c.staff).bind(4, c.current_ticket);
  st.bind(5, c.normal_since_priority);
  st.run();
}

int dossier_day_seq(const Dossier& d) {
  // The code's last part is the daily sequence when it follows {agency}-{yymmdd}-{seq}.
  auto dash = d.code.rfind('-');
  if (dash == std::string::npos || dash + 1 >= d.code.size()) return 0;
  int seq = 0;
  for (std::size_t i = dash + 1; i < d.code.size(); ++i) {
    char c = d.code[i];
    if (c < '0' || c > '9' || seq > 100000000) return 0;
    seq = seq * 10 + (c - '0');
  }
  return seq;
}

void save_dossier(StatementCache& db, const Dossier& d, bool insert, const Zone& zone) {
  sql::Statement& st = db(
      insert ? "INSERT INTO dossiers(day, day_seq, procedure, field, channel, inter_agency, status, received_at, "
                   "due_at, finished_at, returned_at, closed_at, paused_at, supplements, digitised, result_digitised, "
                   "data_reused, fee, paid_online, fee_paid, apology_slips, promised_at, ticket, legal_version, code) "
                   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)"
                 : "UPDATE dossiers SET day=?1, day_seq=?2, procedure=?3, field=?4, channel=?5, inter_agency=?6, "
                   "status=?7, received_at=?8, due_at=?9, finished_at=?10, returned_at=?11, closed_at=?12, "
                   "paused_at=?13, supplements=?14, digitised=?15, result_digitised=?16, data_reused=?17, fee=?18, "
                   "paid_online=?19, fee_paid=?20, apology_slips=?21, promised_at=?22, ticket=?23, "
                   "legal_version=?24 WHERE code=?25");
  st.bind(1, day_number(zone.local_date(d.received_at))).bind(2, dossier_day_seq(d)).bind(3, d.procedure);
  st.bind(4, d.field).bind(5, static_cast<int>(d.channel)).bind(6, d.inter_agency).bind(7, static_cast<int>(d.status));
  st.bind(8, to_millis(d.received_at)).bind(9, to_millis(d.due_at)).bind(10, opt_millis(d.finished_at));
  st.bind(11, opt_millis(d.returned_at)).bind(12, opt_millis(d.closed_at)).bind(13, opt_millis(d.paused_at));
  st.bind(14, d.supplements).bind(15, d.digitised).bind(16, d.result_digitised).bind(17, d.data_reused);
  st.bind(18, d.fee).bind(19, d.paid_online).bind(20, d.fee_paid).bind(21, d.apology_slips);
  st.bind(22, opt_millis(d.promised_at)).bind(23, d.ticket).bind(24, d.legal_version).bind(25, d.code);
  st.run();
}

void insert_rating(StatementCache& db, const Rating& r) {
  json criteria = json::array();
  bool any = false;
  for (int c : r.criteria) {
    criteria.push_back(c);
    any = any || c >= 0;
  }
  sql::Statement& st = db("INSERT INTO ratings(ticket, dossier, level, scale, criteria, reason, comment, counter, staff, "
                    "service, at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  st.bind(1, r.ticket).bind(2, r.dossier).bind(3, r.level).bind(4, r.scale).bind(5, any ? criteria.dump() : "");
  st.bind(6, r.reason).bind(7, r.comment).bind(8, r.counter).bind(9, r.staff).bind(10, r.service);
  st.bind(11, to_millis(r.at));
  st.run();
  sql::Statement& mark = db("UPDATE tickets SET rated = 1 WHERE id = ?1");
  mark.bind(1, r.ticket).run();
}

void insert_abandonment(StatementCache& db, const RatingAbandonment& a) {
  sql::Statement& st = db("INSERT INTO rating_abandonments(ticket, dossier, counter, staff, service, at) "
                          "VALUES(?1,?2,?3,?4,?5,?6)");
  st.bind(1, a.ticket).bind(2, a.dossier).bind(3, a.counter).bind(4, a.staff).bind(5, a.service).bind(6, to_millis(a.at));
  st.run();
  sql::Statement& mark = db("UPDATE tickets SET rated = 2 WHERE id = ?1");
  mark.bind(1, a.ticket).run();
}

void merge_changed_settings(StatementCache& db, const Event& e) {
  auto it = e.payload.find("new");
  if (it == e.payload.end() || !it->is_object())
    throw StoreError(StoreError::Kind::corrupt, "settings.changed " + std::to_string(e.seq) + " has no new values");
  json changed = load_changed_settings(db);
  changed.merge_patch(*it);
  sql::Statement& st = db("INSERT INTO settings(id, changed) VALUES(1, ?1) ON CONFLICT(id) DO UPDATE SET changed = excluded.changed");
  st.bind(1, changed.dump()).run();
}

const char* const kStaffColumns = "id, name, pin_hash, failed_attempts, locked_until, active";
const char* const kDeviceColumns = "id, name, role, counter, paired_at, revoked_at";

StaffMember read_staff(const sql::Statement& st) {
  StaffMember s;
  s.id = st.text(0);
  s.name = st.text(1);
  s.pin_hash = st.text(2);
  s.failed_attempts = st.int32(3);
  s.locked_until = opt_instant(st, 4);
  s.active = st.int64(5) != 0;
  return s;
}

Device read_device(const sql::Statement& st) {
  Device d;
  d.id = st.text(0);
  d.name = st.text(1);
  d.role = st.text(2);
  if (!st.is_null(3)) d.counter = st.int32(3);
  d.paired_at = from_millis(st.int64(4));
  d.revoked_at = opt_instant(st, 5);
  return d;
}

// Every row `select` returns (one bound text parameter, or none), read with `read`.
template <typename Row, typename Read>
std::vector<Row> load_rows(StatementCache& db, const std::string& select, std::optional<std::string_view> key,
                           Read&& read) {
  sql::Statement& st = db(select.c_str());
  if (key) st.bind(1, *key);
  std::vector<Row> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

template <typename Row>
std::optional<Row> first(std::vector<Row> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void project_counter(StatementCache& db, const Event& e) {
  auto it = e.payload.find("counter");
  if (it != e.payload.end() && it->is_number_integer()) {
    CounterState c = load_counter(db, it->get<int>());
    apply_counter_event(c, e);
    save_counter(db, c);
  }
}

}  // namespace

sql::Statement& StatementCache::operator()(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<sql::Statement>(db_, sql);
  else slot->reset();
  return *slot;
}

const char* const kTicketColumns =
    "id, number, service, first_service, day, day_seq, priority, state, issued_at, called_at, started_at, "
    "finished_at, counter, staff, recalls, transfers, dossiers";
const char* const kDossierColumns =
    "code, procedure, field, channel, inter_agency, status, received_at, due_at, finished_at, returned_at, "
    "closed_at, paused_at, supplements, digitised, result_digitised, data_reused, fee, paid_online, fee_paid, "
    "apology_slips, promised_at, ticket, legal_version";
const char* const kRatingColumns =
    "ticket, dossier, level, scale, criteria, reason, comment, counter, staff, service, at";
const char* const kAbandonmentColumns = "ticket, dossier, counter, staff, service, at";
const char* const kEventColumns = "seq, at, recorded, device, type, schema, payload, hash";

Ticket read_ticket(const sql::Statement& st) {
  Ticket t;
  t.id = st.int64(0);
  t.number = st.text(1);
  t.service = st.text(2);
  t.first_service = st.text(3);
  t.day = Date{std::chrono::days{st.int64(4)}};
  t.day_seq = st.int32(5);
  t.priority = static_cast<Priority>(st.int32(6));
  t.state = static_cast<TicketState>(st.int32(7));
  t.issued_at = from_millis(st.int64(8));
  t.called_at = opt_instant(st, 9);
  t.started_at = opt_instant(st, 10);
  t.finished_at = opt_instant(st, 11);
  if (!st.is_null(12)) t.counter = st.int32(12);
  t.staff = st.text(13);
  t.recalls = st.int32(14);
  t.transfers = st.int32(15);
  for (const auto& code : json::parse(st.text(16), nullptr, false))
    if (code.is_string()) t.dossiers.push_back(code.get<std::string>());
  return t;
}

Dossier read_dossier(const sql::Statement& st) {
  Dossier d;
  d.code = st.text(0);
  d.procedure = st.text(1);
  d.field = st.text(2);
  d.channel = static_cast<Channel>(st.int32(3));
  d.inter_agency = st.int64(4) != 0;
  d.status = static_cast<DossierStatus>(st.int32(5));
  d.received_at = from_millis(st.int64(6));
  d.due_at = from_millis(st.int64(7));
  d.finished_at = opt_instant(st, 8);
  d.returned_at = opt_instant(st, 9);
  d.closed_at = opt_instant(st, 10);
  d.paused_at = opt_instant(st, 11);
  d.supplements = st.int32(12);
  d.digitised = st.int64(13) != 0;
  d.result_digitised = st.int64(14) != 0;
  d.data_reused = st.int64(15) != 0;
  d.fee = st.int64(16);
  d.paid_online = st.int64(17) != 0;
  d.fee_paid = st.int64(18) != 0;
  d.apology_slips = st.int32(19);
  d.promised_at = opt_instant(st, 20);
  d.ticket = st.optional_int64(21);
  d.legal_version = st.text(22);
  return d;
}

Rating read_rating(const sql::Statement& st) {
  Rating r;
  r.ticket = st.int64(0);
  r.dossier = st.text(1);
  r.level = st.int32(2);
  r.scale = st.int32(3);
  auto criteria = json::parse(st.text(4), nullptr, false);
  if (criteria.is_array() && criteria.size() == kCriteriaCount)
    for (std::size_t i = 0; i < kCriteriaCount; ++i) r.criteria[i] = criteria[i].get<int>();
  r.reason = st.text(5);
  r.comment = st.text(6);
  if (!st.is_null(7)) r.counter = st.int32(7);
  r.staff = st.text(8);
  r.service = st.text(9);
  r.at = from_millis(st.int64(10));
  return r;
}

RatingAbandonment read_abandonment(const sql::Statement& st) {
  RatingAbandonment a;
  a.ticket = st.int64(0);
  a.dossier = st.text(1);
  if (!st.is_null(2)) a.counter = st.int32(2);
  a.staff = st.text(3);
  a.service = st.text(4);
  a.at = from_millis(st.int64(5));
  return a;
}

RatingOutcome rating_outcome(StatementCache& db, std::int64_t ticket) {
  sql::Statement& st = db("SELECT rated FROM tickets WHERE id = ?1");
  st.bind(1, ticket);
  if (!st.step()) return RatingOutcome::none;
  const auto outcome = static_cast<RatingOutcome>(st.int32(0));
  st.reset();
  return outcome;
}

json load_changed_settings(StatementCache& db) {
  sql::Statement& st = db("SELECT changed FROM settings WHERE id = 1");
  if (!st.step()) return json::object();
  json changed = json::parse(st.text(0), nullptr, false);
  st.reset();
  if (!changed.is_object()) throw StoreError(StoreError::Kind::corrupt, "the changed settings are unreadable");
  return changed;
}

std::optional<Ticket> load_ticket(StatementCache& db, std::int64_t id) {
  static const std::string select = std::string("SELECT ") + kTicketColumns + " FROM tickets WHERE id = ?1";
  sql::Statement& st = db(select.c_str());
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Ticket t = read_ticket(st);
  st.reset();
  return t;
}

std::optional<Dossier> load_dossier(StatementCache& db, std::string_view code) {
  static const std::string select = std::string("SELECT ") + kDossierColumns + " FROM dossiers WHERE code = ?1";
  sql::Statement& st = db(select.c_str());
  st.bind(1, code);
  if (!st.step()) return std::nullopt;
  Dossier d = read_dossier(st);
  st.reset();
  return d;
}

CounterState load_counter(StatementCache& db, int number) {
  sql::Statement& st = db("SELECT status, staff, current_ticket, normal_since_priority FROM counters WHERE number = ?1");
  st.bind(1, number);
  CounterState c;
  c.number = number;
  if (st.step()) {
    c.status = static_cast<CounterStatus>(st.int32(0));
    c.staff = st.text(1);
    c.current_ticket = st.optional_int64(2);
    c.normal_since_priority = st.int32(3);
    st.reset();
  }
  return c;
}

std::pair<std::int64_t, Hash> chain_head(StatementCache& db) {
  sql::Statement& st = db("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
  Hash h{};
  if (!st.step()) return {0, h};
  std::string bytes = st.blob(1);
  if (bytes.size() != h.size()) throw StoreError(StoreError::Kind::corrupt, "event hash has the wrong length");
  std::copy(bytes.begin(), bytes.end(), h.begin());
  std::int64_t seq = st.int64(0);
  st.reset();
  return {seq, h};
}

Event read_event(const sql::Statement& st, const std::string& centre, const std::string& zone) {
  Event e;
  e.seq = st.int64(0);
  e.at = from_millis(st.int64(1));
  e.recorded = from_millis(st.int64(2));
  e.device = st.text(3);
  e.type = st.text(4);
  e.schema = st.int32(5);
  e.centre = centre;
  e.zone = zone;
  e.payload = json::parse(st.text(6), nullptr, false);
  if (e.payload.is_discarded())
    throw StoreError(StoreError::Kind::corrupt, "event " + std::to_string(e.seq) + " has an unreadable payload");
  std::string bytes = st.blob(7);
  if (bytes.size() != e.hash.size())
    throw StoreError(StoreError::Kind::corrupt, "event " + std::to_string(e.seq) + " has a malformed hash");
  std::copy(bytes.begin(), bytes.end(), e.hash.begin());
  return e;
}

void append(StatementCache& db, Event& e) {
  auto [seq, previous] = chain_head(db);
  e.seq = seq + 1;
  e.hash = chain_hash(previous, e);
  sql::Statement& st = db("INSERT INTO events(seq, at, recorded, device, type, schema, payload, hash) "
                        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  st.bind(1, e.seq).bind(2, to_millis(e.at)).bind(3, to_millis(e.recorded)).bind(4, e.device).bind(5, e.type);
  st.bind(6, e.schema).bind(7, e.payload.dump(-1, ' ', false, json::error_handler_t::strict));
  st.bind_blob(8, e.hash.data(), e.hash.size());
  st.run();
  project(db, e);
}

std::optional<StaffMember> load_staff(StatementCache& db, std::string_view id) {
  static const std::string select = std::string("SELECT ") + kStaffColumns + " FROM staff WHERE id = ?1";
  return first(load_rows<StaffMember>(db, select, id, read_staff));
}

std::vector<StaffMember> load_all_staff(StatementCache& db) {
  static const std::string select = std::string("SELECT ") + kStaffColumns + " FROM staff ORDER BY id";
  return load_rows<StaffMember>(db, select, std::nullopt, read_staff);
}

void save_staff(StatementCache& db, const StaffMember& s) {
  sql::Statement& st = db("INSERT INTO staff(id, name, pin_hash, failed_attempts, locked_until, active) "
                          "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
                          "pin_hash=excluded.pin_hash, failed_attempts=excluded.failed_attempts, "
                          "locked_until=excluded.locked_until, active=excluded.active");
  st.bind(1, s.id).bind(2, s.name).bind(3, s.pin_hash).bind(4, s.failed_attempts).bind(5, opt_millis(s.locked_until));
  st.bind(6, s.active);
  st.run();
}

std::optional<Device> load_device(StatementCache& db, std::string_view id) {
  static const std::string select = std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?1";
  return first(load_rows<Device>(db, select, id, read_device));
}

std::optional<Device> load_device_by_token(StatementCache& db, std::string_view token_sha256) {
  static const std::string select = std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE token_sha256 = ?1";
  return first(load_rows<Device>(db, select, token_sha256, read_device));
}

std::vector<Device> load_all_devices(StatementCache& db) {
  static const std::string select = std::string("SELECT ") + kDeviceColumns + " FROM devices ORDER BY id";
  return load_rows<Device>(db, select, std::nullopt, read_device);
}

void insert_device(StatementCache& db, const Device& d, std::string_view token_sha256) {
  sql::Statement& st = db("INSERT INTO devices(id, name, role, counter, token_sha256, paired_at, revoked_at) "
                          "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  st.bind(1, d.id).bind(2, d.name).bind(3, d.role).bind(4, d.counter).bind(5, token_sha256);
  st.bind(6, to_millis(d.paired_at)).bind(7, opt_millis(d.revoked_at));
  st.run();
}

void project(StatementCache& db, const Event& e) {
  const std::string_view type = e.type;
  const Zone zone = Zone::resolve(e.zone).value_or(Zone::vietnam());
  if (type == event_type::ticket_issued) {
    save_ticket(db, ticket_from_issued(e), true);
  } else if (type.starts_with("ticket.")) {
    const std::int64_t id = payload_int(e, "ticket");
    auto t = load_ticket(db, id);
    if (!t) throw StoreError(StoreError::Kind::corrupt, e.type + " names unknown ticket " + std::to_string(id));
    apply_ticket_event(*t, e);
    save_ticket(db, *t, false);
    if (type == event_type::ticket_cancelled) {
      sql::Statement& st = db("SELECT number FROM counters WHERE current_ticket = ?1");
      st.bind(1, id);
      std::vector<int> holding;
      while (st.step()) holding.push_back(st.int32(0));
      for (int number : holding) {
        CounterState c = load_counter(db, number);
        apply_counter_event(c, e);
        save_counter(db, c);
      }
    } else {
      project_counter(db, e);
    }
  } else if (type.starts_with("counter.") || type == event_type::staff_signed_in ||
             type == event_type::staff_signed_out) {
    project_counter(db, e);
  } else if (type == event_type::dossier_received || type == event_type::dossier_imported) {
    save_dossier(db, dossier_from_received(e), true, zone);
  } else if (type.starts_with("dossier.")) {
    const std::string code = payload_string(e, "code");
    auto d = load_dossier(db, code);
    if (!d) throw StoreError(StoreError::Kind::corrupt, e.type + " names unknown dossier " + code);
    apply_dossier_event(*d, e);
    save_dossier(db, *d, false, zone);
    if (type == event_type::dossier_apology_issued) {
      ApologySlip s = apology_from_event(e);
      sql::Statement& st = db("INSERT INTO apology_slips(dossier, issued_at, reason, old_due, new_due) VALUES(?1,?2,?3,?4,?5)");
      st.bind(1, s.dossier).bind(2, to_millis(s.issued_at)).bind(3, s.reason).bind(4, to_millis(s.old_due));
      st.bind(5, to_millis(s.new_due)).run();
    }
  } else if (type == event_type::rating_submitted) {
    insert_rating(db, rating_from_event(e));
  } else if (type == event_type::rating_abandoned) {
    insert_abandonment(db, abandonment_from_event(e));
  } else if (type == event_type::settings_changed) {
    merge_changed_settings(db, e);
  }
  // centre.*, the other staff.* events, pairing.*, device.* and unknown future types change no state table
  // (the staff and devices tables hold credentials and are written by the operations, not by the log).
}

}  // namespace kiosk::store::tables
