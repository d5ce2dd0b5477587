// The store's private state, shared by its source files.
#pragma once

#include <algorithm>

#include "kiosk/domain/errors.hpp"
#include "kiosk/domain/queue.hpp"
#include "kiosk/store/centre_store.hpp"
#include "sqlite.hpp"
#include "tables.hpp"

namespace kiosk::store {

[[noreturn]] inline void refuse(std::string code, const std::string& en, std::string vi) {
  throw DomainError(std::move(code), en, std::move(vi));
}

struct CentreStore::Impl {
  sqlite3* db = nullptr;
  mutable tables::StatementCache cache{nullptr};
  std::string centre;
  Catalogue catalogue;
  WorkingCalendar calendar;
  Zone zone;

  ~Impl() {
    if (db) {
      cache = tables::StatementCache{nullptr};
      sqlite3_close(db);
    }
  }

  Event make_event(std::string_view type, nlohmann::json payload, Instant at, const Actor& actor) const {
    Event e;
    e.centre = centre;
    e.device = actor.device;
    e.at = at;
    e.recorded = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    e.zone = zone.name;
    e.type = std::string(type);
    e.payload = std::move(payload);
    return e;
  }

  // Appends inside the caller's transaction.
  Event append(std::string_view type, nlohmann::json payload, Instant at, const Actor& actor) {
    Event e = make_event(type, std::move(payload), at, actor);
    tables::append(cache, e);
    return e;
  }

  const CounterDef& counter_def(int number) const {
    const CounterDef* c = catalogue.counter(number);
    if (!c)
      refuse("counter.unknown", "unknown counter " + std::to_string(number),
             "Không có quầy số " + std::to_string(number));
    return *c;
  }

  Ticket current_ticket(int number, std::initializer_list<TicketState> allowed, const char* action_vi) {
    counter_def(number);
    CounterState c = tables::load_counter(cache, number);
    if (!c.current_ticket)
      refuse("counter.no_ticket", "counter " + std::to_string(number) + " has no current ticket",
             std::string("Quầy chưa gọi số nào để ") + action_vi);
    auto t = tables::load_ticket(cache, *c.current_ticket);
    if (!t) throw StoreError(StoreError::Kind::corrupt, "counter holds an unknown ticket");
    if (std::find(allowed.begin(), allowed.end(), t->state) == allowed.end())
      refuse("ticket.wrong_state",
             "ticket " + t->number + " is " + std::string(to_string(t->state)) + ", cannot do that now",
             "Số " + t->number + " đang ở trạng thái không cho phép " + action_vi);
    return *t;
  }

  Dossier existing_dossier(std::string_view code) {
    auto d = tables::load_dossier(cache, code);
    if (!d) refuse("dossier.unknown", "unknown dossier " + std::string(code), "Không tìm thấy hồ sơ " + std::string(code));
    return *d;
  }

  void check_transition(const Dossier& d, DossierStatus to) {
    if (!transition_allowed(d.status, to))
      refuse("dossier.invalid_transition",
             "dossier " + d.code + " cannot go from " + std::string(to_string(d.status)) + " to " +
                 std::string(to_string(to)),
             "Hồ sơ " + d.code + " không thể chuyển từ \"" + std::string(status_name_vi(d.status)) + "\" sang \"" +
                 std::string(status_name_vi(to)) + "\"");
  }

  std::vector<WaitingTicket> waiting_in(const std::vector<std::string>& services, Date day) const {
    std::vector<WaitingTicket> out;
    auto& st = cache("SELECT id, priority, issued_at, service FROM tickets WHERE state = 0 AND day = ?1");
    st.bind(1, static_cast<std::int64_t>(day.time_since_epoch().count()));
    while (st.step())
      if (std::find(services.begin(), services.end(), st.text(3)) != services.end())
        out.push_back({st.int64(0), static_cast<Priority>(st.int32(1)), from_millis(st.int64(2))});
    return out;
  }

  int open_counters_for(std::string_view service) const {
    int n = 0;
    auto& st = cache("SELECT number FROM counters WHERE status = 1");
    while (st.step()) {
      const CounterDef* def = catalogue.counter(st.int32(0));
      if (def && std::find(def->services.begin(), def->services.end(), service) != def->services.end()) ++n;
    }
    return n;
  }

  std::vector<std::int64_t> recent_service_seconds(std::string_view service) const {
    std::vector<std::int64_t> out;
    auto& st = cache(
        "SELECT finished_at - started_at FROM tickets WHERE service = ?1 AND state = 3 AND started_at IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT ?2");
    st.bind(1, service).bind(2, catalogue.queue.estimate_window);
    while (st.step()) out.push_back(st.int64(0) / 1000);
    return out;
  }

  std::int64_t estimate(std::string_view service, int ahead) const {
    const ServiceArea* area = catalogue.service(service);
    int default_minutes = area ? area->avg_service_minutes : catalogue.queue.default_service_minutes;
    auto recent = recent_service_seconds(service);
    return estimate_wait_seconds(ahead, recent, default_minutes, open_counters_for(service));
  }

  // For the ticket a counter holds, in one of `allowed` states: `decide` names the event and the payload
  // beyond ticket, number and counter (it may refuse); the event is recorded and the ticket returned.
  template <typename Decide>
  Ticket act_on_current_ticket(int counter, std::initializer_list<TicketState> allowed, const char* action_vi,
                               Instant at, const Actor& actor, Decide&& decide) {
    sql::Transaction tx(db);
    Ticket t = current_ticket(counter, allowed, action_vi);
    auto [type, extra] = decide(t);
    nlohmann::json payload{{"ticket", t.id}, {"number", t.number}, {"counter", counter}};
    payload.update(extra);
    append(type, std::move(payload), at, actor);
    tx.commit();
    return *tables::load_ticket(cache, t.id);
  }

  // For an existing dossier: `decide` checks it (it may refuse) and names the event and its payload beyond
  // the code; the event is recorded and the dossier returned as it now stands.
  template <typename Decide>
  Dossier act_on_dossier(std::string_view code, Instant at, const Actor& actor, Decide&& decide) {
    sql::Transaction tx(db);
    Dossier d = existing_dossier(code);
    auto [type, payload] = decide(d);
    payload["code"] = d.code;
    append(type, std::move(payload), at, actor);
    tx.commit();
    return *tables::load_dossier(cache, code);
  }

  // Checks the counter's state with `check` (which refuses), then records `type` for it.
  template <typename Check>
  CounterState change_counter(int number, std::string_view type, Instant at, const Actor& actor, Check&& check) {
    counter_def(number);
    sql::Transaction tx(db);
    check(tables::load_counter(cache, number));
    append(type, nlohmann::json{{"counter", number}, {"staff", actor.staff}}, at, actor);
    tx.commit();
    return tables::load_counter(cache, number);
  }

  Date today(Instant at) const { return service_day(at, zone, catalogue.queue.day_rollover_minute); }

  // Read from the settings table each time, inside the caller's transaction where there is one: a change
  // committed by another process on the file (kioskctl --db) holds from its commit on, with no cache to
  // go stale.
  CentreSettings settings() const {
    CentreSettings s = CentreSettings::from(catalogue);
    try {
      apply_settings_values(s, tables::load_changed_settings(cache));
    } catch (const EventError& e) {
      throw StoreError(StoreError::Kind::corrupt, std::string("the changed settings are unreadable: ") + e.what());
    }
    return s;
  }

  // The ticket a rating outcome is for: served, with no outcome yet (the refusals name which).
  Ticket ticket_to_rate(std::int64_t id) {
    auto t = tables::load_ticket(cache, id);
    if (!t) refuse("rating.unknown_ticket", "unknown ticket " + std::to_string(id), "Không tìm thấy số thứ tự");
    if (t->state != TicketState::served)
      refuse("rating.not_served", "ticket " + t->number + " has not been served", "Số " + t->number + " chưa được phục vụ xong");
    switch (tables::rating_outcome(cache, id)) {
      case tables::RatingOutcome::rated:
        refuse("rating.duplicate", "ticket " + t->number + " has already been rated", "Số " + t->number + " đã được đánh giá");
      case tables::RatingOutcome::abandoned:
        refuse("rating.abandoned", "the rating of ticket " + t->number + " was abandoned (nobody answered in time)",
               "Số " + t->number + " đã hết thời gian đánh giá");
      case tables::RatingOutcome::none: break;
    }
    return *t;
  }

  // The one way a ticket is cancelled, by an operator or at day end; the projection clears the counter
  // holding it.
  void cancel(const Ticket& t, std::string_view reason, Instant at, const Actor& actor) {
    append(event_type::ticket_cancelled,
           nlohmann::json{{"ticket", t.id}, {"number", t.number}, {"reason", std::string(reason)}}, at, actor);
  }

  // `active_only`: a member no longer active is unknown too (to a counter signing in).
  StaffMember existing_staff(std::string_view id, bool active_only = false) {
    auto s = tables::load_staff(cache, id);
    if (!s || (active_only && !s->active))
      refuse("staff.unknown", "unknown staff member " + std::string(id), "Không có cán bộ mã " + std::string(id));
    return *s;
  }

  // The instant of the latest counter.* or staff.* event naming `counter` (by sequence), if any.
  std::optional<Instant> last_counter_activity(int counter) const {
    auto& st = cache("SELECT at FROM events WHERE (type GLOB 'counter.*' OR type GLOB 'staff.*') "
                     "AND json_extract(payload, '$.counter') = ?1 ORDER BY seq DESC LIMIT 1");
    st.bind(1, counter);
    if (!st.step()) return std::nullopt;
    const Instant at = from_millis(st.int64(0));
    st.reset();
    return at;
  }
};


}  // namespace kiosk::store
