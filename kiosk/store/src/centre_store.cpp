#include "kiosk/store/centre_store.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "kiosk/domain/errors.hpp"
#include "kiosk/domain/queue.hpp"
#include "replay.hpp"
#include "schema.hpp"
#include "store_impl.hpp"

namespace kiosk::store {
namespace {

using nlohmann::json;

std::string meta(tables::StatementCache& db, const char* key) {
  auto& st = db("SELECT value FROM meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return {};
  std::string v = st.text(0);
  st.reset();
  return v;
}

void set_meta(tables::StatementCache& db, const char* key, std::string_view value) {
  auto& st = db("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind(2, value).run();
}

sqlite3* open_connection(const std::filesystem::path& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open " + path.string() + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    throw StoreError(StoreError::Kind::io, msg);
  }
  try {
    sqlite3_busy_timeout(db, 5000);
    if (!create) {
      // Look before writing anything: a file that is not a centre database (another program's SQLite file,
      // an empty file) is refused exactly as it is, not converted to WAL or given our tables.
      sql::Statement version(db, "PRAGMA user_version");
      version.step();
      if (version.int64(0) == 0)
        throw StoreError(StoreError::Kind::not_initialised,
                         "is not a centre database (no schema version); run 'kioskctl init' for a new centre");
    }
    sql::exec(db, "PRAGMA journal_mode = WAL");
    // An event is acknowledged only after its commit reached the disk.
    sql::exec(db, "PRAGMA synchronous = FULL");
    sql::exec(db, "PRAGMA foreign_keys = ON");
  } catch (const StoreError& e) {
    sqlite3_close(db);
    throw StoreError(e.kind(), path.string() + ": " + e.what());
  }
  return db;
}

const char* const kDay = "day";

}  // namespace

CentreStore::CentreStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CentreStore::CentreStore(CentreStore&&) noexcept = default;
CentreStore& CentreStore::operator=(CentreStore&&) noexcept = default;
CentreStore::~CentreStore() = default;

const Catalogue& CentreStore::catalogue() const { return impl_->catalogue; }
const WorkingCalendar& CentreStore::calendar() const { return impl_->calendar; }
const Zone& CentreStore::zone() const { return impl_->zone; }
const std::string& CentreStore::centre_code() const { return impl_->centre; }
int CentreStore::schema_version() const {
  auto& st = impl_->cache("PRAGMA user_version");
  st.step();
  int v = st.int32(0);
  st.reset();
  return v;
}

void CentreStore::initialise(const std::filesystem::path& path, const InitOptions& options, Instant now) {
  if (options.centre_code.empty() || options.centre_code.find_first_of(" \t\n/") != std::string::npos)
    throw StoreError(StoreError::Kind::bad_input, "centre code must be non-empty and contain no spaces or slashes");
  Catalogue catalogue = Catalogue::parse_toml(options.catalogue_toml);  // validate before touching the disk
  if (!options.holidays_toml.empty()) HolidayRules::parse_toml(options.holidays_toml);
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    throw StoreError(StoreError::Kind::already_initialised, path.string() + " already exists; refusing to overwrite it");

  sqlite3* db = open_connection(path, true);
  try {
    migrate(db);
    tables::StatementCache cache(db);
    {
      sql::Transaction tx(db);
      set_meta(cache, "centre", options.centre_code);
      set_meta(cache, "catalogue", options.catalogue_toml);
      set_meta(cache, "holidays", options.holidays_toml);
      Event e;
      e.centre = options.centre_code;
      e.device = options.device;
      e.at = now;
      e.recorded = now;
      e.zone = catalogue.zone().name;
      e.type = std::string(event_type::centre_initialised);
      e.payload = json{{"name", catalogue.centre_name_vi},
                       {"agency_code", catalogue.agency_code},
                       {"catalogue_sha256", to_hex(sha256(options.catalogue_toml))},
                       {"holidays_sha256", to_hex(sha256(options.holidays_toml))}};
      tables::append(cache, e);
      tx.commit();
    }
  } catch (...) {
    sqlite3_close(db);
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path.string() + "-wal", ec);
    std::filesystem::remove(path.string() + "-shm", ec);
    throw;
  }
  sqlite3_close(db);
}

CentreStore CentreStore::open(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw StoreError(StoreError::Kind::not_initialised, path.string() + " does not exist; run 'kioskctl init' first");
  auto impl = std::make_unique<Impl>();
  impl->db = open_connection(path, false);
  impl->cache = tables::StatementCache(impl->db);
  try {
    migrate(impl->db);
    impl->centre = meta(impl->cache, "centre");
    if (impl->centre.empty())
      throw StoreError(StoreError::Kind::not_initialised, path.string() + " is not an initialised centre database");
    impl->catalogue = Catalogue::parse_toml(meta(impl->cache, "catalogue"), "stored catalogue");
    std::string holidays = meta(impl->cache, "holidays");
    impl->calendar = WorkingCalendar(holidays.empty() ? HolidayRules{} : HolidayRules::parse_toml(holidays, "stored holidays"));
    impl->zone = impl->catalogue.zone();
  } catch (const CatalogueError& e) {
    throw StoreError(StoreError::Kind::corrupt, std::string("stored catalogue is unreadable: ") + e.what());
  } catch (const CalendarError& e) {
    throw StoreError(StoreError::Kind::corrupt, std::string("stored holiday table is unreadable: ") + e.what());
  }
  return CentreStore(std::move(impl));
}

// What an operation records: the event type and its payload.
using EventChoice = std::pair<std::string_view, json>;

// ---- Queue -----------------------------------------------------------------------------------------------

IssuedTicket CentreStore::issue_ticket(std::string_view service, Priority priority, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  const ServiceArea* area = m.catalogue.service(service);
  if (!area)
    refuse("service.unknown", "unknown service area " + std::string(service),
           "Không có lĩnh vực " + std::string(service));
  sql::Transaction tx(m.db);
  if (m.settings().closed(area->code))
    refuse("service.closed", "service area " + area->code + " is not issuing tickets now",
           "Lĩnh vực này tạm ngừng cấp số");
  const Date day = m.today(at);
  const auto day_no = static_cast<std::int64_t>(day.time_since_epoch().count());
  auto& seq_st = m.cache("SELECT COALESCE(MAX(day_seq), 0) FROM tickets WHERE day = ?1 AND first_service = ?2");
  seq_st.bind(1, day_no).bind(2, area->code);
  seq_st.step();
  const int day_seq = seq_st.int32(0) + 1;
  seq_st.reset();
  auto& id_st = m.cache("SELECT COALESCE(MAX(id), 0) FROM tickets");
  id_st.step();
  const std::int64_t id = id_st.int64(0) + 1;
  id_st.reset();

  auto waiting = m.waiting_in({area->code}, day);
  IssuedTicket out;
  out.people_ahead = people_ahead(waiting, priority);
  out.estimated_wait_s = m.estimate(area->code, out.people_ahead);
  Event e = m.append(event_type::ticket_issued,
                     json{{"ticket", id},
                          {"number", format_ticket_number(area->prefix, day_seq)},
                          {"service", area->code},
                          {kDay, format_date(day)},
                          {"day_seq", day_seq},
                          {"priority", std::string(to_string(priority))}},
                     at, actor);
  tx.commit();
  out.ticket = ticket_from_issued(e);
  out.seq = e.seq;
  return out;
}

Ticket CentreStore::call_next(int counter, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  const CounterDef& def = m.counter_def(counter);
  sql::Transaction tx(m.db);
  CounterState c = tables::load_counter(m.cache, counter);
  if (c.status != CounterStatus::open)
    refuse("counter.not_open", "counter " + std::to_string(counter) + " is not open",
           "Quầy " + std::to_string(counter) + " chưa mở hoặc đang tạm dừng");
  if (c.current_ticket) {
    auto current = tables::load_ticket(m.cache, *c.current_ticket);
    refuse("counter.busy", "counter " + std::to_string(counter) + " is still serving " + (current ? current->number : "?"),
           "Quầy đang phục vụ số " + (current ? current->number : "?") + "; hãy kết thúc trước khi gọi số mới");
  }
  auto waiting = m.waiting_in(def.services, m.today(at));
  auto next = choose_next(waiting, m.settings().queue_rules(m.catalogue.queue), c.normal_since_priority);
  if (!next) refuse("queue.empty", "nobody is waiting for counter " + std::to_string(counter), "Không có công dân đang chờ");
  Ticket t = *tables::load_ticket(m.cache, waiting[*next].id);
  m.append(event_type::ticket_called,
           json{{"ticket", t.id},
                {"number", t.number},
                {"service", t.service},
                {"counter", counter},
                {"staff", actor.staff.empty() ? c.staff : actor.staff},
                {"priority", std::string(to_string(t.priority))}},
           at, actor);
  tx.commit();
  return *tables::load_ticket(m.cache, t.id);
}

Ticket CentreStore::recall(int counter, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  return m.act_on_current_ticket(counter, {TicketState::called}, "gọi lại", at, actor, [&](const Ticket& t) {
    if (t.recalls >= m.settings().max_recalls) return EventChoice{event_type::ticket_no_show, {{"reason", "recall_limit"}}};
    return EventChoice{event_type::ticket_recalled, {{"recalls", t.recalls + 1}}};
  });
}

Ticket CentreStore::start_service(int counter, Instant at, const Actor& actor) {
  return impl_->act_on_current_ticket(counter, {TicketState::called}, "bắt đầu phục vụ", at, actor, [](const Ticket&) {
    return EventChoice{event_type::ticket_service_started, json::object()};
  });
}

Ticket CentreStore::finish_service(int counter, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  return m.act_on_current_ticket(counter, {TicketState::serving}, "kết thúc phục vụ", at, actor, [&](const Ticket& t) {
    json dossiers = json::array();
    auto& st = m.cache("SELECT code FROM dossiers WHERE ticket = ?1 ORDER BY received_at");
    st.bind(1, t.id);
    while (st.step()) dossiers.push_back(st.text(0));
    return EventChoice{event_type::ticket_finished, {{"service", t.service}, {"dossiers", dossiers}}};
  });
}

Ticket CentreStore::mark_no_show(int counter, Instant at, const Actor& actor) {
  return impl_->act_on_current_ticket(counter, {TicketState::called}, "đánh dấu vắng mặt", at, actor, [](const Ticket&) {
    return EventChoice{event_type::ticket_no_show, {{"reason", "staff"}}};
  });
}

Ticket CentreStore::transfer(int counter, std::string_view to_service, Instant at, const Actor& actor) {
  const ServiceArea* to = impl_->catalogue.service(to_service);
  if (!to)
    refuse("service.unknown", "unknown service area " + std::string(to_service),
           "Không có lĩnh vực " + std::string(to_service));
  return impl_->act_on_current_ticket(
      counter, {TicketState::called, TicketState::serving}, "chuyển lĩnh vực", at, actor, [&](const Ticket& t) {
        if (t.service == to->code)
          refuse("ticket.same_service", "ticket " + t.number + " is already in " + to->code,
                 "Số " + t.number + " đã thuộc lĩnh vực " + to->name_vi);
        return EventChoice{event_type::ticket_transferred, {{"from", t.service}, {"to", to->code}}};
      });
}

Ticket CentreStore::cancel_ticket(std::int64_t id, std::string_view reason, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  sql::Transaction tx(m.db);
  auto t = tables::load_ticket(m.cache, id);
  if (!t) refuse("ticket.unknown", "unknown ticket " + std::to_string(id), "Không tìm thấy số thứ tự");
  if (t->state != TicketState::waiting && t->state != TicketState::called)
    refuse("ticket.wrong_state", "ticket " + t->number + " is " + std::string(to_string(t->state)) + ", cannot cancel",
           "Số " + t->number + " không thể hủy ở trạng thái hiện tại");
  m.cancel(*t, reason, at, actor);
  tx.commit();
  return *tables::load_ticket(m.cache, id);
}

CounterState CentreStore::open_counter(int counter, Instant at, const Actor& actor) {
  return impl_->change_counter(counter, event_type::counter_opened, at, actor, [&](const CounterState& c) {
    if (c.status == CounterStatus::open)
      refuse("counter.already_open", "counter " + std::to_string(counter) + " is already open",
             "Quầy " + std::to_string(counter) + " đã mở");
  });
}

CounterState CentreStore::pause_counter(int counter, Instant at, const Actor& actor) {
  return impl_->change_counter(counter, event_type::counter_paused, at, actor, [&](const CounterState& c) {
    if (c.status != CounterStatus::open)
      refuse("counter.not_open", "counter " + std::to_string(counter) + " is not open",
             "Quầy " + std::to_string(counter) + " chưa mở");
    if (c.current_ticket)
      refuse("counter.busy", "counter " + std::to_string(counter) + " is serving a ticket",
             "Quầy đang phục vụ; hãy kết thúc trước khi tạm dừng");
  });
}

CounterState CentreStore::close_counter(int counter, Instant at, const Actor& actor) {
  return impl_->change_counter(counter, event_type::counter_closed, at, actor, [&](const CounterState& c) {
    if (c.status == CounterStatus::closed)
      refuse("counter.already_closed", "counter " + std::to_string(counter) + " is already closed",
             "Quầy " + std::to_string(counter) + " đã đóng");
    if (c.current_ticket)
      refuse("counter.busy", "counter " + std::to_string(counter) + " is serving a ticket",
             "Quầy đang phục vụ; hãy kết thúc trước khi đóng quầy");
  });
}

std::vector<ServiceQueue> CentreStore::queue_status(Instant now) const {
  const Impl& m = *impl_;
  std::vector<ServiceQueue> out;
  const Date day = m.today(now);
  const CentreSettings settings = m.settings();
  for (const ServiceArea& area : m.catalogue.services) {
    auto waiting = m.waiting_in({area.code}, day);
    ServiceQueue q;
    q.service = area.code;
    q.waiting = static_cast<int>(waiting.size());
    q.priority_waiting = people_ahead(waiting, Priority::elderly);
    q.open_counters = m.open_counters_for(area.code);
    q.estimated_wait_s = m.estimate(area.code, q.waiting);
    q.closed = settings.closed(area.code);
    out.push_back(q);
  }
  return out;
}

std::vector<CounterState> CentreStore::counters() const {
  std::vector<CounterState> out;
  for (const CounterDef& def : impl_->catalogue.counters) out.push_back(tables::load_counter(impl_->cache, def.number));
  return out;
}

std::optional<Ticket> CentreStore::ticket(std::int64_t id) const { return tables::load_ticket(impl_->cache, id); }

std::optional<Ticket> CentreStore::find_ticket(std::string_view number, Instant at) const {
  auto& st = impl_->cache("SELECT id FROM tickets WHERE day = ?1 AND number = ?2");
  st.bind(1, static_cast<std::int64_t>(impl_->today(at).time_since_epoch().count())).bind(2, number);
  if (!st.step()) return std::nullopt;
  std::int64_t id = st.int64(0);
  st.reset();
  return tables::load_ticket(impl_->cache, id);
}

std::vector<Ticket> CentreStore::waiting_tickets(std::string_view service, Instant at) const {
  static const std::string select = std::string("SELECT ") + tables::kTicketColumns +
                                    " FROM tickets WHERE state = 0 AND service = ?1 AND day = ?2 ORDER BY issued_at, id";
  auto& st = impl_->cache(select.c_str());
  st.bind(1, service).bind(2, static_cast<std::int64_t>(impl_->today(at).time_since_epoch().count()));
  std::vector<Ticket> out;
  while (st.step()) out.push_back(tables::read_ticket(st));
  return out;
}

// ---- Dossiers --------------------------------------------------------------------------------------------

Dossier CentreStore::receive_dossier(const DossierIntake& in, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  const Procedure* proc = m.catalogue.procedure(in.procedure);
  if (!proc)
    refuse("procedure.unknown", "unknown procedure " + in.procedure, "Không có thủ tục mã " + in.procedure);
  if (in.initial != DossierStatus::accepted && in.initial != DossierStatus::registered)
    refuse("dossier.invalid_initial_status", "a new dossier is registered (1) or accepted (2)",
           "Hồ sơ mới phải ở trạng thái \"Mới đăng ký\" hoặc \"Được tiếp nhận\"");
  const std::int64_t fee = in.fee.value_or(proc->fee);
  if (fee < 0) refuse("dossier.bad_fee", "fee cannot be negative", "Phí, lệ phí không được âm");
  sql::Transaction tx(m.db);
  if (in.ticket && !tables::load_ticket(m.cache, *in.ticket))
    refuse("ticket.unknown", "unknown ticket " + std::to_string(*in.ticket), "Không tìm thấy số thứ tự");
  const Date day = m.zone.local_date(at);
  auto& seq_st = m.cache("SELECT COALESCE(MAX(day_seq), 0) FROM dossiers WHERE day = ?1");
  seq_st.bind(1, static_cast<std::int64_t>(day.time_since_epoch().count()));
  seq_st.step();
  int seq = seq_st.int32(0) + 1;
  seq_st.reset();
  std::string code = format_dossier_code(m.catalogue.agency_code, day, seq);
  while (tables::load_dossier(m.cache, code)) code = format_dossier_code(m.catalogue.agency_code, day, ++seq);
  // The office hours in force now: a later change of hours moves no appointment already given.
  const Instant due = m.calendar.due(at, proc->processing_time, proc->unit, m.zone, m.settings().office_hours);
  json payload{{"code", code},
               {"procedure", proc->code},
               {"field", proc->field},
               {"channel", std::string(to_string(in.channel))},
               {"inter_agency", in.inter_agency},
               {"status", static_cast<int>(in.initial)},
               {"due_at", to_millis(due)},
               {"digitised", in.digitised},
               {"data_reused", in.data_reused},
               {"fee", fee},
               {"paid_online", in.paid_online},
               {"fee_paid", in.fee_paid || in.paid_online},
               {"legal_version", m.catalogue.legal_version}};
  if (in.ticket) payload["ticket"] = *in.ticket;
  m.append(event_type::dossier_received, std::move(payload), at, actor);
  tx.commit();
  return *tables::load_dossier(m.cache, code);
}

Dossier CentreStore::change_dossier_status(std::string_view code, DossierStatus to, std::string_view reason, Instant at,
                                           const Actor& actor) {
  Impl& m = *impl_;
  switch (to) {
    case DossierStatus::supplement_requested: return request_supplement(code, reason, at, actor);
    case DossierStatus::processed: return resolve_dossier(code, false, at, actor);
    case DossierStatus::returned: return return_result(code, at, actor);
    default: break;
  }
  {
    // Leaving a supplement request resumes the clock: that path moves the appointment.
    auto d = tables::load_dossier(m.cache, code);
    if (d && d->status == DossierStatus::supplement_requested && to == DossierStatus::processing)
      return supplement_received(code, at, actor);
  }
  return m.act_on_dossier(code, at, actor, [&](const Dossier& d) {
    m.check_transition(d, to);
    json payload{{"from", static_cast<int>(d.status)}, {"to", static_cast<int>(to)}, {"reason", std::string(reason)}};
    if (d.status == DossierStatus::registered && to == DossierStatus::accepted) {
      const Procedure* proc = m.catalogue.procedure(d.procedure);
      if (proc)
        payload["due_at"] = to_millis(m.calendar.due(at, proc->processing_time, proc->unit, m.zone, m.settings().office_hours));
    }
    return EventChoice{event_type::dossier_status_changed, std::move(payload)};
  });
}

Dossier CentreStore::request_supplement(std::string_view code, std::string_view reason, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  if (reason.empty())
    refuse("dossier.reason_required", "a supplement request needs a reason", "Yêu cầu bổ sung cần ghi rõ nội dung");
  return m.act_on_dossier(code, at, actor, [&](const Dossier& d) {
    m.check_transition(d, DossierStatus::supplement_requested);
    return EventChoice{event_type::dossier_supplement_requested, {{"reason", std::string(reason)}}};
  });
}

Dossier CentreStore::supplement_received(std::string_view code, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  return m.act_on_dossier(code, at, actor, [&](const Dossier& d) {
    if (d.status != DossierStatus::supplement_requested || !d.paused_at)
      refuse("dossier.not_paused", "dossier " + d.code + " is not waiting for a supplement",
             "Hồ sơ " + d.code + " không ở trạng thái chờ bổ sung");
    if (at < *d.paused_at)
      refuse("dossier.time_before_pause", "the supplement cannot arrive before it was requested",
             "Thời điểm nhận bổ sung không thể trước thời điểm yêu cầu");
    // The clock stood still while the citizen supplemented: the appointment moves by the working days paused.
    const int paused = m.calendar.working_days_between(m.zone.local_date(*d.paused_at), m.zone.local_date(at));
    const Instant new_due = paused == 0 ? d.due_at
                                        : m.zone.at_local(m.calendar.add_working_days(m.zone.local_date(d.due_at), paused),
                                                          m.zone.local_minute_of_day(d.due_at));
    return EventChoice{event_type::dossier_supplement_received,
                       {{"paused_working_days", paused}, {"due_at", to_millis(new_due)}}};
  });
}

Dossier CentreStore::resolve_dossier(std::string_view code, bool result_digitised, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  return m.act_on_dossier(code, at, actor, [&](const Dossier& d) {
    m.check_transition(d, DossierStatus::processed);
    if (at < d.received_at)
      refuse("dossier.time_before_receipt", "a dossier cannot be resolved before it was received",
             "Thời điểm giải quyết không thể trước thời điểm tiếp nhận");
    Dossier done = d;
    done.finished_at = at;
    return EventChoice{event_type::dossier_resolved,
                       {{"result_digitised", result_digitised},
                        {"timeliness", std::string(to_string(*done.timeliness(m.zone)))}}};
  });
}

Dossier CentreStore::issue_apology(std::string_view code, std::string_view reason, Instant new_due, Instant at,
                                   const Actor& actor) {
  if (reason.empty())
    refuse("apology.reason_required", "an apology slip needs a reason", "Phiếu xin lỗi cần ghi rõ lý do");
  return impl_->act_on_dossier(code, at, actor, [&](const Dossier& d) {
    if (d.status == DossierStatus::returned || is_closed_unresolved(d.status))
      refuse("apology.closed", "dossier " + d.code + " is closed", "Hồ sơ " + d.code + " đã kết thúc");
    const Instant old_due = d.promised_at.value_or(d.due_at);
    if (new_due <= old_due || new_due <= at)
      refuse("apology.bad_date", "the new appointment must be later than the previous one and than now",
             "Ngày hẹn mới phải sau ngày hẹn cũ và sau thời điểm hiện tại");
    return EventChoice{event_type::dossier_apology_issued,
                       {{"reason", std::string(reason)}, {"old_due", to_millis(old_due)}, {"new_due", to_millis(new_due)}}};
  });
}

Dossier CentreStore::return_result(std::string_view code, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  return m.act_on_dossier(code, at, actor, [&](const Dossier& d) {
    m.check_transition(d, DossierStatus::returned);
    if (d.timeliness(m.zone) == Timeliness::late && d.apology_slips == 0)
      refuse("dossier.apology_required",
             "dossier " + d.code + " was resolved late: issue an apology slip before returning it",
             "Hồ sơ " + d.code + " giải quyết trễ hạn: cần lập phiếu xin lỗi và hẹn lại trước khi trả kết quả");
    if (at < *d.finished_at)
      refuse("dossier.time_before_resolution", "a result cannot be returned before it was resolved",
             "Thời điểm trả kết quả không thể trước thời điểm giải quyết");
    return EventChoice{event_type::dossier_returned, json::object()};
  });
}

Dossier CentreStore::record_payment(std::string_view code, bool online, Instant at, const Actor& actor) {
  return impl_->act_on_dossier(code, at, actor, [&](const Dossier& d) {
    if (d.fee <= 0) refuse("dossier.no_fee", "dossier " + d.code + " has no fee", "Hồ sơ " + d.code + " không có phí, lệ phí");
    if (d.fee_paid) refuse("dossier.already_paid", "dossier " + d.code + " is already paid", "Hồ sơ " + d.code + " đã nộp phí");
    return EventChoice{event_type::dossier_fee_paid, {{"online", online}, {"amount", d.fee}}};
  });
}

std::optional<Dossier> CentreStore::dossier(std::string_view code) const { return tables::load_dossier(impl_->cache, code); }

// ---- Ratings ---------------------------------------------------------------------------------------------

Rating CentreStore::submit_rating(const RatingInput& in, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  if (in.scale != 5 && in.scale != 3)
    refuse("rating.bad_scale", "rating scale must be 5 or 3", "Thang đánh giá phải là 5 hoặc 3 mức");
  if (in.level < 1 || in.level > 5 || (in.scale == 3 && (in.level < 2 || in.level > 4)))
    refuse("rating.bad_level", "rating level out of range", "Mức đánh giá không hợp lệ");
  json criteria = nullptr;
  if (in.criteria) {
    criteria = json::array();
    for (int c : *in.criteria) {
      if (c < -1 || c > 2) refuse("rating.bad_criterion", "each criterion scores 0 to 2", "Mỗi tiêu chí chấm từ 0 đến 2 điểm");
      criteria.push_back(c < 0 ? json(nullptr) : json(c));
    }
  }
  sql::Transaction tx(m.db);
  const Ticket t = m.ticket_to_rate(in.ticket);
  json payload{{"ticket", t.id},
               {"number", t.number},
               {"dossier", t.dossiers.empty() ? std::string() : t.dossiers.front()},
               {"level", in.level},
               {"scale", in.scale},
               {"reason", in.reason},
               {"comment", in.comment},
               {"staff", t.staff},
               {"service", t.service}};
  if (t.counter) payload["counter"] = *t.counter;
  if (!criteria.is_null()) payload["criteria"] = criteria;
  Event e = m.append(event_type::rating_submitted, std::move(payload), at, actor);
  tx.commit();
  return rating_from_event(e);
}

RatingAbandonment CentreStore::abandon_rating(std::int64_t ticket, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  sql::Transaction tx(m.db);
  const Ticket t = m.ticket_to_rate(ticket);
  // The same facts as a rating would have carried, so the two outcomes read alike.
  json payload{{"ticket", t.id},
               {"number", t.number},
               {"dossier", t.dossiers.empty() ? std::string() : t.dossiers.front()},
               {"staff", t.staff},
               {"service", t.service}};
  if (t.counter) payload["counter"] = *t.counter;
  Event e = m.append(event_type::rating_abandoned, std::move(payload), at, actor);
  tx.commit();
  return abandonment_from_event(e);
}

// ---- Settings --------------------------------------------------------------------------------------------

CentreSettings CentreStore::settings() const { return impl_->settings(); }

SettingsOutcome CentreStore::change_settings(const SettingsChange& change, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  sql::Transaction tx(m.db);
  SettingsOutcome out = kiosk::change_settings(m.settings(), change, m.catalogue);
  if (out.changed.empty()) return out;
  m.append(event_type::settings_changed, out.payload, at, actor);
  tx.commit();
  return out;
}

OfficeStatus CentreStore::office(Instant now) const {
  return office_status(now, impl_->zone, impl_->calendar, impl_->settings());
}

// ---- Staff -----------------------------------------------------------------------------------------------

namespace {

// "10:15", or "10:15 09/10/2026" when it is not on the local day of `now`.
std::string local_time(Instant t, Instant now, const Zone& zone) {
  std::string text = format_hhmm(zone.local_minute_of_day(t));
  if (zone.local_date(t) != zone.local_date(now)) text += " " + format_date_vi(zone.local_date(t));
  return text;
}

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool locked_at(const StaffMember& s, Instant at) { return s.locked_until && *s.locked_until > at; }

}  // namespace

StaffMember CentreStore::add_staff(std::string_view id, std::string_view name, std::string_view pin_hash, Instant at,
                                   const Actor& actor) {
  Impl& m = *impl_;
  if (id.empty() || name.empty() || pin_hash.empty())
    refuse("staff.invalid", "a staff member needs an id, a name and a PIN", "Cán bộ cần có mã, họ tên và mã PIN");
  sql::Transaction tx(m.db);
  if (tables::load_staff(m.cache, id))
    refuse("staff.exists", "staff member " + std::string(id) + " already exists", "Đã có cán bộ mã " + std::string(id));
  StaffMember s{std::string(id), std::string(name), std::string(pin_hash), 0, std::nullopt, true};
  tables::save_staff(m.cache, s);
  m.append(event_type::staff_added, json{{"staff", s.id}, {"name", s.name}}, at, actor);
  tx.commit();
  return s;
}

StaffMember CentreStore::set_staff_pin(std::string_view id, std::string_view pin_hash, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  if (pin_hash.empty()) refuse("staff.invalid", "the PIN cannot be empty", "Mã PIN không được để trống");
  sql::Transaction tx(m.db);
  StaffMember s = m.existing_staff(id);
  s.pin_hash = std::string(pin_hash);
  s.failed_attempts = 0;
  s.locked_until.reset();
  tables::save_staff(m.cache, s);
  m.append(event_type::staff_pin_changed, json{{"staff", s.id}}, at, actor);
  tx.commit();
  return s;
}

std::optional<StaffMember> CentreStore::staff_member(std::string_view id) const { return tables::load_staff(impl_->cache, id); }

std::vector<StaffMember> CentreStore::staff() const { return tables::load_all_staff(impl_->cache); }

CounterState CentreStore::sign_in(int counter, std::string_view id, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  m.counter_def(counter);
  sql::Transaction tx(m.db);
  StaffMember s = m.existing_staff(id, true);
  if (locked_at(s, at)) {
    const std::string until = local_time(*s.locked_until, at, m.zone);
    refuse("staff.locked", "staff member " + s.id + " is locked until " + until + " after repeated wrong PINs",
           "Tài khoản cán bộ " + s.id + " đang tạm khóa đến " + until + " do nhập sai mã PIN nhiều lần");
  }
  // One person, one counter: whoever holds this counter leaves it, and so does this member any other.
  for (const CounterState& c : counters()) {
    const bool replaced = c.number == counter && !c.staff.empty() && c.staff != s.id;
    const bool moved_away = c.number != counter && c.staff == s.id;
    if (replaced || moved_away)
      m.append(event_type::staff_signed_out, json{{"counter", c.number}, {"staff", c.staff}}, at, actor);
  }
  m.append(event_type::staff_signed_in, json{{"counter", counter}, {"staff", s.id}}, at, actor);
  s.failed_attempts = 0;
  s.locked_until.reset();
  tables::save_staff(m.cache, s);
  tx.commit();
  return tables::load_counter(m.cache, counter);
}

std::optional<StaffMember> CentreStore::record_sign_in_failure(int counter, std::string_view id, int max_failures,
                                                               std::chrono::milliseconds lock_for, Instant at,
                                                               const Actor& actor) {
  Impl& m = *impl_;
  if (max_failures < 1 || lock_for <= std::chrono::milliseconds::zero())
    throw StoreError(StoreError::Kind::bad_input, "a lockout needs at least one failure and a positive duration");
  m.counter_def(counter);
  sql::Transaction tx(m.db);
  auto s = tables::load_staff(m.cache, id);
  if (!s || !s->active) {
    m.append(event_type::staff_sign_in_failed,
             json{{"counter", counter}, {"staff", ""}, {"failures", 0}, {"attempted_id", std::string(id)}}, at, actor);
    tx.commit();
    return std::nullopt;
  }
  // During a lock the attempt is only recorded: it neither counts towards nor extends the lock.
  const bool locked = locked_at(*s, at);
  if (!locked) ++s->failed_attempts;
  m.append(event_type::staff_sign_in_failed, json{{"counter", counter}, {"staff", s->id}, {"failures", s->failed_attempts}},
           at, actor);
  if (!locked && s->failed_attempts >= max_failures) {
    s->failed_attempts = 0;
    s->locked_until = at + lock_for;
    m.append(event_type::staff_locked, json{{"staff", s->id}, {"until", to_millis(*s->locked_until)}}, at, actor);
  }
  tables::save_staff(m.cache, *s);
  tx.commit();
  return s;
}

CounterState CentreStore::sign_out(int counter, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  m.counter_def(counter);
  sql::Transaction tx(m.db);
  const CounterState c = tables::load_counter(m.cache, counter);
  if (c.staff.empty())
    refuse("staff.not_signed_in", "nobody is signed in at counter " + std::to_string(counter),
           "Chưa có cán bộ đăng nhập tại quầy " + std::to_string(counter));
  m.append(event_type::staff_signed_out, json{{"counter", counter}, {"staff", c.staff}}, at, actor);
  tx.commit();
  return tables::load_counter(m.cache, counter);
}

// ---- Devices ---------------------------------------------------------------------------------------------

void CentreStore::create_pairing(const PairingRequest& request, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  static constexpr std::array<std::string_view, 5> kRoles = {"ticket", "counter", "rating", "board", "manager"};
  const std::string& role = request.role;
  if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end())
    refuse("device.invalid_role", "unknown device role '" + role + "'", "Vai trò thiết bị không hợp lệ: " + role);
  const bool at_a_counter = role == "counter" || role == "rating";
  if (at_a_counter && !request.counter)
    refuse("device.invalid_role", "a " + role + " device needs the counter it stands at",
           "Thiết bị tại quầy cần ghi rõ số quầy");
  if (!at_a_counter && request.counter)
    refuse("device.invalid_role", "a " + role + " device belongs to no counter", "Thiết bị loại này không gắn với quầy");
  if (request.counter) m.counter_def(*request.counter);
  if (!is_sha256_hex(request.code_sha256) || request.expires_at <= at)
    refuse("pairing.invalid", "a pairing needs the SHA-256 (lowercase hex) of its code and an expiry after now",
           "Mã ghép nối không hợp lệ");
  sql::Transaction tx(m.db);
  auto& live = m.cache("SELECT 1 FROM pairings WHERE code_sha256 = ?1 AND used_at IS NULL AND expires_at > ?2");
  live.bind(1, request.code_sha256).bind(2, to_millis(at));
  if (live.step()) {
    live.reset();
    refuse("pairing.exists", "this pairing code is already waiting to be used",
           "Mã ghép nối này đang được sử dụng; hãy tạo mã khác");
  }
  // A spent code may come round again: its old row is only history, and the log keeps that.
  m.cache("DELETE FROM pairings WHERE code_sha256 = ?1").bind(1, request.code_sha256).run();
  auto& insert = m.cache("INSERT INTO pairings(code_sha256, role, counter, created_at, expires_at) VALUES(?1,?2,?3,?4,?5)");
  insert.bind(1, request.code_sha256).bind(2, role).bind(3, request.counter).bind(4, to_millis(at));
  insert.bind(5, to_millis(request.expires_at)).run();
  m.append(event_type::pairing_created,
           json{{"role", role}, {"counter", request.counter ? json(*request.counter) : json(nullptr)},
                {"expires_at", to_millis(request.expires_at)}},
           at, actor);
  tx.commit();
}

Device CentreStore::pair_device(std::string_view code_sha256, std::string_view name, std::string_view token_sha256,
                                Instant at, const Actor& actor) {
  Impl& m = *impl_;
  if (!is_sha256_hex(token_sha256))
    refuse("device.invalid_token", "a device token is kept as its SHA-256 in lowercase hex",
           "Mã thiết bị không hợp lệ");
  sql::Transaction tx(m.db);
  auto& st = m.cache("SELECT role, counter FROM pairings WHERE code_sha256 = ?1 AND used_at IS NULL AND expires_at > ?2");
  st.bind(1, code_sha256).bind(2, to_millis(at));
  if (!st.step())
    refuse("pairing.invalid", "unknown, used or expired pairing code",
           "Mã ghép nối không đúng, đã được dùng hoặc đã hết hạn");
  Device d;
  d.role = st.text(0);
  if (!st.is_null(1)) d.counter = st.int32(1);
  st.reset();
  if (tables::load_device_by_token(m.cache, token_sha256))
    refuse("device.token_exists", "another device already holds this token",
           "Mã thiết bị đã được dùng cho thiết bị khác");
  auto& next = m.cache("SELECT COALESCE(MAX(CAST(substr(id, 3) AS INTEGER)), 0) + 1 FROM devices");
  next.step();
  char id[24];
  std::snprintf(id, sizeof id, "d-%04lld", static_cast<long long>(next.int64(0)));
  next.reset();
  d.id = id;
  d.name = std::string(name);
  d.paired_at = at;
  tables::insert_device(m.cache, d, token_sha256);
  m.cache("UPDATE pairings SET used_at = ?2 WHERE code_sha256 = ?1").bind(1, code_sha256).bind(2, to_millis(at)).run();
  m.append(event_type::device_paired,
           json{{"device", d.id}, {"name", d.name}, {"role", d.role}, {"counter", d.counter ? json(*d.counter) : json(nullptr)}},
           at, actor);
  tx.commit();
  return d;
}

std::optional<Device> CentreStore::device_by_token(std::string_view token_sha256) const {
  return tables::load_device_by_token(impl_->cache, token_sha256);
}

std::vector<Device> CentreStore::devices() const { return tables::load_all_devices(impl_->cache); }

Device CentreStore::revoke_device(std::string_view id, Instant at, const Actor& actor) {
  Impl& m = *impl_;
  sql::Transaction tx(m.db);
  auto d = tables::load_device(m.cache, id);
  if (!d) refuse("device.unknown", "unknown device " + std::string(id), "Không có thiết bị " + std::string(id));
  if (d->revoked())
    refuse("device.already_revoked", "device " + d->id + " is already revoked",
           "Thiết bị " + d->id + " đã bị thu hồi");
  d->revoked_at = at;
  m.cache("UPDATE devices SET revoked_at = ?2 WHERE id = ?1").bind(1, d->id).bind(2, to_millis(at)).run();
  m.append(event_type::device_revoked, json{{"device", d->id}}, at, actor);
  tx.commit();
  return *d;
}

// ---- Day end ---------------------------------------------------------------------------------------------

int CentreStore::close_past_days(Instant now, const Actor& actor) {
  Impl& m = *impl_;
  const Date today = m.today(now);
  sql::Transaction tx(m.db);
  std::vector<Ticket> unfinished;
  {
    static const std::string select = std::string("SELECT ") + tables::kTicketColumns +
                                      " FROM tickets WHERE day < ?1 AND state IN (0, 1, 2) ORDER BY id";
    auto& st = m.cache(select.c_str());
    st.bind(1, static_cast<std::int64_t>(today.time_since_epoch().count()));
    while (st.step()) unfinished.push_back(tables::read_ticket(st));
  }
  for (const Ticket& t : unfinished) m.cancel(t, "day_end", now, actor);
  for (const CounterState& c : counters()) {
    // A counter still holding a ticket took it today (earlier days' tickets are cancelled above): in use.
    if (c.status == CounterStatus::closed || c.current_ticket) continue;
    const auto last = m.last_counter_activity(c.number);
    if (last && m.today(*last) >= today) continue;
    close_counter(c.number, now, actor);
  }
  tx.commit();
  return static_cast<int>(unfinished.size());
}

// ---- Figures ---------------------------------------------------------------------------------------------

Indicators CentreStore::indicators(const Period& period, Instant now) const {
  const Impl& m = *impl_;
  IndicatorBuilder builder(period, m.zone, now);
  const std::int64_t start = to_millis(builder.start()), end = to_millis(builder.end());
  {
    static const std::string select = std::string("SELECT ") + tables::kDossierColumns +
                                      " FROM dossiers WHERE received_at < ?2 AND (COALESCE(finished_at, closed_at) IS NULL "
                                      "OR COALESCE(finished_at, closed_at) >= ?1)";
    auto& st = m.cache(select.c_str());
    st.bind(1, start).bind(2, end);
    while (st.step()) builder.add(tables::read_dossier(st));
  }
  {
    static const std::string select =
        std::string("SELECT ") + tables::kTicketColumns + " FROM tickets WHERE issued_at >= ?1 AND issued_at < ?2";
    auto& st = m.cache(select.c_str());
    st.bind(1, start).bind(2, end);
    while (st.step()) builder.add(tables::read_ticket(st));
  }
  {
    static const std::string select =
        std::string("SELECT ") + tables::kRatingColumns + " FROM ratings WHERE at >= ?1 AND at < ?2";
    auto& st = m.cache(select.c_str());
    st.bind(1, start).bind(2, end);
    while (st.step()) builder.add(tables::read_rating(st));
  }
  {
    static const std::string select = std::string("SELECT ") + tables::kAbandonmentColumns +
                                      " FROM rating_abandonments WHERE at >= ?1 AND at < ?2";
    auto& st = m.cache(select.c_str());
    st.bind(1, start).bind(2, end);
    while (st.step()) builder.add(tables::read_abandonment(st));
  }
  {
    auto& st = m.cache("SELECT dossier, issued_at, reason, old_due, new_due FROM apology_slips WHERE issued_at >= ?1 AND issued_at < ?2");
    st.bind(1, start).bind(2, end);
    while (st.step())
      builder.add(ApologySlip{st.text(0), from_millis(st.int64(1)), st.text(2), from_millis(st.int64(3)), from_millis(st.int64(4))});
  }
  return builder.finish();
}

void CentreStore::batch(const std::function<void()>& operations) {
  sql::Transaction tx(impl_->db);
  operations();
  tx.commit();
}

// ---- Log -------------------------------------------------------------------------------------------------

std::int64_t CentreStore::last_seq() const { return tables::chain_head(impl_->cache).first; }

void CentreStore::for_each_event(std::int64_t from_seq, const std::function<bool(const Event&)>& fn) const {
  // A statement of its own: the callback may call back into the store.
  sql::Statement st(impl_->db, std::string("SELECT ") + tables::kEventColumns + " FROM events WHERE seq >= ?1 ORDER BY seq");
  st.bind(1, from_seq);
  while (st.step())
    if (!fn(tables::read_event(st, impl_->centre, impl_->zone.name))) break;
}

VerifyReport CentreStore::verify() const {
  VerifyReport r;
  {
    sql::Statement st(impl_->db, "PRAGMA integrity_check");
    std::string messages;
    while (st.step()) messages += (messages.empty() ? "" : "; ") + st.text(0);
    r.integrity_ok = messages == "ok";
    r.integrity_message = messages;
  }
  Hash previous{};
  std::int64_t seq = 0;
  try {
    for_each_event(1, [&](const Event& e) {
      auto problem = verify_chain(std::span<const Event>(&e, 1), previous, seq);
      if (problem) {
        r.chain_problem = problem->reason;
        return false;
      }
      previous = e.hash;
      seq = e.seq;
      ++r.events;
      return true;
    });
  } catch (const std::exception& e) {
    r.chain_problem = e.what();
  }
  if (r.integrity_ok && !r.chain_problem) {
    try {
      r.state_problem = compare_with_replay(impl_->db, impl_->centre, impl_->zone.name);
    } catch (const std::exception& e) {
      r.state_problem = std::string("replay failed: ") + e.what();
    }
  }
  return r;
}

void CentreStore::backup(const std::filesystem::path& target) const {
  std::error_code ec;
  if (std::filesystem::exists(target, ec))
    throw StoreError(StoreError::Kind::bad_input, target.string() + " already exists; refusing to overwrite it");
  // Written beside the target and renamed, so a half-written backup never carries the target's name.
  const std::filesystem::path partial = target.string() + ".partial";
  std::filesystem::remove(partial, ec);
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(partial.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot create " + partial.string() + ": " + (dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
    sqlite3_close(dest);
    throw StoreError(StoreError::Kind::io, msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", impl_->db, "main");
  if (!b) {
    std::string msg = std::string("backup failed: ") + sqlite3_errmsg(dest);
    sqlite3_close(dest);
    std::filesystem::remove(partial, ec);
    throw StoreError(StoreError::Kind::io, msg);
  }
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  const int final_rc = rc == SQLITE_DONE ? sqlite3_errcode(dest) : rc;
  if (final_rc == SQLITE_OK) {
    // The copy keeps the journal mode of a plain file; make it a complete single file before the rename.
    sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  sqlite3_close(dest);
  if (final_rc != SQLITE_OK) {
    std::filesystem::remove(partial, ec);
    sql::fail(nullptr, final_rc, "backup to " + target.string());
  }
  std::filesystem::rename(partial, target, ec);
  if (ec) throw StoreError(StoreError::Kind::io, "cannot rename backup: " + ec.message());
}

}  // namespace kiosk::store
