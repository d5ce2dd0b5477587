// The centre's records as derived from the event log. Each record type has one function that applies an
// event to it; the centre's store and the province's store both use it, so both derive the same records
// (and therefore the same figures) from the same log.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/domain/events.hpp"
#include "kiosk/domain/time.hpp"

namespace kiosk {

// ---- Tickets -------------------------------------------------------------------------------------------

enum class Priority { none, elderly, disabled, pregnant, infant, veteran };
std::string_view to_string(Priority p);
std::optional<Priority> parse_priority(std::string_view s);
std::string_view priority_name_vi(Priority p);

enum class TicketState { waiting, called, serving, served, no_show, cancelled };
std::string_view to_string(TicketState s);
std::optional<TicketState> parse_ticket_state(std::string_view s);

struct Ticket {
  std::int64_t id = 0;
  std::string number;         // "B-023"
  std::string service;        // current service area code
  std::string first_service;  // where it was issued (its number's prefix)
  Date day;                   // service day in the centre's zone
  int day_seq = 0;
  Priority priority = Priority::none;
  TicketState state = TicketState::waiting;
  Instant issued_at;          // first issue; kept across transfers
  std::optional<Instant> called_at;   // first call at the current service
  std::optional<Instant> started_at;
  std::optional<Instant> finished_at;
  std::optional<int> counter;
  std::string staff;
  int recalls = 0;
  int transfers = 0;
  std::vector<std::string> dossiers;  // codes opened during the visit

  bool active() const { return state == TicketState::called || state == TicketState::serving; }
  std::optional<std::int64_t> wait_seconds() const;
  std::optional<std::int64_t> service_seconds() const;
};

// "B-023"; three digits, more past 999.
std::string format_ticket_number(std::string_view prefix, int day_seq);

Ticket ticket_from_issued(const Event& e);
// Applies a ticket.* event to the ticket it names; the caller looks the ticket up by payload["ticket"].
void apply_ticket_event(Ticket& t, const Event& e);

// ---- Counters ------------------------------------------------------------------------------------------

enum class CounterStatus { closed, open, paused };
std::string_view to_string(CounterStatus s);

struct CounterState {
  int number = 0;
  CounterStatus status = CounterStatus::closed;
  std::string staff;
  std::optional<std::int64_t> current_ticket;
  int normal_since_priority = 0;  // for the interleave rule
};

// Applies counter.* events and the ticket events that change what a counter is doing.
void apply_counter_event(CounterState& c, const Event& e);

// ---- Dossiers ------------------------------------------------------------------------------------------

enum class Channel { in_person, online_full, online_partial, postal };
std::string_view to_string(Channel c);
std::optional<Channel> parse_channel(std::string_view s);
std::string_view channel_name_vi(Channel c);

// The national portal's status list.
enum class DossierStatus : int {
  registered = 1,
  accepted = 2,
  not_accepted = 3,
  processing = 4,
  supplement_requested = 5,
  financial_obligation = 6,
  withdrawn = 7,
  stopped = 8,
  processed = 9,
  returned = 10,
};
std::optional<DossierStatus> dossier_status_from_int(int n);
std::optional<DossierStatus> parse_dossier_status(std::string_view s);  // "4" or "processing"
std::string_view to_string(DossierStatus s);
std::string_view status_name_vi(DossierStatus s);
bool transition_allowed(DossierStatus from, DossierStatus to);
// Withdrawn, not accepted and stopped dossiers count as received, never as resolved or pending.
inline bool is_closed_unresolved(DossierStatus s) {
  return s == DossierStatus::withdrawn || s == DossierStatus::not_accepted || s == DossierStatus::stopped;
}

enum class Timeliness { early, on_time, late };
std::string_view to_string(Timeliness t);

struct Dossier {
  std::string code;       // H15.50.05.13-261008-0975
  std::string procedure;  // mã TTHC
  std::string field;      // service area code
  Channel channel = Channel::in_person;
  bool inter_agency = false;
  DossierStatus status = DossierStatus::accepted;
  Instant received_at;
  Instant due_at;                          // the appointment, moved by supplement pauses
  std::optional<Instant> finished_at;      // processed (status 9)
  std::optional<Instant> returned_at;      // result returned (status 10)
  std::optional<Instant> closed_at;        // withdrawn / not accepted / stopped
  std::optional<Instant> paused_at;        // supplement requested, not yet received
  int supplements = 0;
  bool digitised = false;                  // every submitted component digitised
  bool result_digitised = false;
  bool data_reused = false;                // data reused from national databases
  std::int64_t fee = 0;
  bool paid_online = false;
  bool fee_paid = false;
  int apology_slips = 0;
  std::optional<Instant> promised_at;      // new date given on the latest apology slip
  std::optional<std::int64_t> ticket;
  std::string legal_version;

  // Compares local dates: finished before the appointment day, on it, or after.
  std::optional<Timeliness> timeliness(const Zone& zone) const;
  bool late_at(Instant now, const Zone& zone) const;
};

// "{agency}-{yymmdd}-{seq:04}"
std::string format_dossier_code(std::string_view agency, Date day, int seq);

Dossier dossier_from_received(const Event& e);  // dossier.received or dossier.imported
void apply_dossier_event(Dossier& d, const Event& e);

struct ApologySlip {
  std::string dossier;
  Instant issued_at;
  std::string reason;
  Instant old_due;
  Instant new_due;
};
ApologySlip apology_from_event(const Event& e);

// ---- Ratings -------------------------------------------------------------------------------------------

// Five-level raw scale: 5 Rất hài lòng … 1 Rất không hài lòng. A three-level screen (Hài lòng, Bình
// thường, Không hài lòng) maps onto 4, 3, 2, so "satisfied" (the top two levels) keeps its meaning.
inline constexpr int kCriteriaCount = 9;
int level_from_three(int three_level);  // 3 → 4, 2 → 3, 1 → 2; 0 when out of range
std::string_view level_name_vi(int level);
std::string_view level_name_en(int level);
inline bool is_satisfied(int level) { return level >= 4; }

struct Rating {
  std::int64_t ticket = 0;
  std::string dossier;
  int level = 0;  // 1..5
  int scale = 5;  // the scale shown to the citizen: 5 or 3
  std::array<int, kCriteriaCount> criteria{-1, -1, -1, -1, -1, -1, -1, -1, -1};  // 0..2, -1 unanswered
  std::string reason;
  std::string comment;
  std::optional<int> counter;
  std::string staff;
  std::string service;
  Instant at;
};
Rating rating_from_event(const Event& e);
std::string_view criterion_name_vi(int index);

// The screen asked and nobody answered in time (rating.abandoned). Like a rating, it is the ticket's one
// outcome on the rating screen; unlike one, it carries no level and never counts among the ratings.
struct RatingAbandonment {
  std::int64_t ticket = 0;
  std::string dossier;
  std::optional<int> counter;
  std::string staff;
  std::string service;
  Instant at;
};
RatingAbandonment abandonment_from_event(const Event& e);

// Payload accessors that throw EventError naming the field.
std::string payload_string(const Event& e, const char* key);
std::int64_t payload_int(const Event& e, const char* key);

}  // namespace kiosk

namespace kiosk {
// JSON views of the records (times as ISO 8601 in the centre's zone), for kioskctl and the hub's protocol.
nlohmann::json to_json(const Ticket& t, const Zone& zone);
nlohmann::json to_json(const Dossier& d, const Zone& zone);
nlohmann::json to_json(const Rating& r, const Zone& zone);
nlohmann::json to_json(const RatingAbandonment& a, const Zone& zone);
nlohmann::json to_json(const CounterState& c);
}  // namespace kiosk
