// The centre's database: the event log (gapless sequence, SHA-256 chain) and the state tables derived from
// it, updated in the same transaction. Every operation returns only after its commit (WAL,
// synchronous=FULL), so whatever it returns survives a power cut.
//
// Refusals by the rules throw kiosk::DomainError and change nothing; database failures throw StoreError.
//
// One CentreStore belongs to one thread at a time (its connection is opened without SQLite's mutex): the
// hub gives it a worker of its own. Other processes may open the same file; SQLite's locks order them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/domain/calendar.hpp"
#include "kiosk/domain/catalogue.hpp"
#include "kiosk/domain/events.hpp"
#include "kiosk/domain/indicators.hpp"
#include "kiosk/domain/records.hpp"
#include "kiosk/store/errors.hpp"

namespace kiosk::store {

// Who asks: the device (and, at a counter, the staff member).
struct Actor {
  std::string device = "hub";
  std::string staff;
};

struct IssuedTicket {
  Ticket ticket;
  int people_ahead = 0;
  std::int64_t estimated_wait_s = 0;
  std::int64_t seq = 0;  // the event that recorded it
};

struct ServiceQueue {
  std::string service;
  int waiting = 0;
  int priority_waiting = 0;
  int open_counters = 0;
  std::int64_t estimated_wait_s = 0;  // for someone taking a normal ticket now
};

struct DossierIntake {
  std::string procedure;
  Channel channel = Channel::in_person;
  bool inter_agency = false;
  bool digitised = false;
  bool data_reused = false;
  std::optional<std::int64_t> fee;  // the procedure's fee when empty
  bool paid_online = false;
  bool fee_paid = false;
  std::optional<std::int64_t> ticket;  // the visit it was received at
  DossierStatus initial = DossierStatus::accepted;  // or registered (online, not yet accepted)
};

struct RatingInput {
  std::int64_t ticket = 0;
  int level = 0;  // 1..5 on the five-level scale
  int scale = 5;  // what the citizen was shown: 5 or 3 (the level is already mapped)
  std::optional<std::array<int, kCriteriaCount>> criteria;
  std::string reason;
  std::string comment;
};

struct VerifyReport {
  bool integrity_ok = false;
  std::string integrity_message;
  std::int64_t events = 0;
  std::optional<std::string> chain_problem;
  // The state tables differ from what the log derives (e.g. a dossier's dates edited by hand).
  std::optional<std::string> state_problem;
  bool ok() const { return integrity_ok && !chain_problem && !state_problem; }
};

class CentreStore {
 public:
  struct InitOptions {
    std::string centre_code;
    std::string catalogue_toml;
    std::string holidays_toml;  // empty: default rules
    std::string device = "hub";
  };
  // Creates a new centre database; refuses an existing file. Validates the catalogue first.
  static void initialise(const std::filesystem::path& db, const InitOptions& options, Instant now);
  // Opens an existing centre database (applying pending migrations); throws StoreError.
  static CentreStore open(const std::filesystem::path& db);

  CentreStore(CentreStore&&) noexcept;
  CentreStore& operator=(CentreStore&&) noexcept;
  ~CentreStore();

  const Catalogue& catalogue() const;
  const WorkingCalendar& calendar() const;
  const Zone& zone() const;
  const std::string& centre_code() const;
  int schema_version() const;

  // ---- Queue
  IssuedTicket issue_ticket(std::string_view service, Priority priority, Instant at, const Actor& actor);
  Ticket call_next(int counter, Instant at, const Actor& actor);
  Ticket recall(int counter, Instant at, const Actor& actor);  // past max_recalls: marks a no-show
  Ticket start_service(int counter, Instant at, const Actor& actor);
  Ticket finish_service(int counter, Instant at, const Actor& actor);
  Ticket mark_no_show(int counter, Instant at, const Actor& actor);
  Ticket transfer(int counter, std::string_view to_service, Instant at, const Actor& actor);
  Ticket cancel_ticket(std::int64_t ticket, std::string_view reason, Instant at, const Actor& actor);
  CounterState open_counter(int counter, Instant at, const Actor& actor);
  CounterState pause_counter(int counter, Instant at, const Actor& actor);
  CounterState close_counter(int counter, Instant at, const Actor& actor);

  std::vector<ServiceQueue> queue_status(Instant now) const;
  std::vector<CounterState> counters() const;
  std::optional<Ticket> ticket(std::int64_t id) const;
  // "B-023" on the service day of `at`.
  std::optional<Ticket> find_ticket(std::string_view number, Instant at) const;
  // The service day of `at`: who waits for `service`, in the order they queued.
  std::vector<Ticket> waiting_tickets(std::string_view service, Instant at) const;

  // ---- Dossiers
  Dossier receive_dossier(const DossierIntake& intake, Instant at, const Actor& actor);
  Dossier change_dossier_status(std::string_view code, DossierStatus to, std::string_view reason, Instant at,
                                const Actor& actor);
  Dossier request_supplement(std::string_view code, std::string_view reason, Instant at, const Actor& actor);
  Dossier supplement_received(std::string_view code, Instant at, const Actor& actor);
  Dossier resolve_dossier(std::string_view code, bool result_digitised, Instant at, const Actor& actor);
  Dossier issue_apology(std::string_view code, std::string_view reason, Instant new_due, Instant at, const Actor& actor);
  Dossier return_result(std::string_view code, Instant at, const Actor& actor);
  Dossier record_payment(std::string_view code, bool online, Instant at, const Actor& actor);
  std::optional<Dossier> dossier(std::string_view code) const;

  // Historical dossiers from CSV (see docs/kioskctl.md). All or nothing: on the first bad row throws
  // ImportError with its line number and nothing is stored. Returns the number of dossiers imported.
  std::int64_t import_dossiers_csv(std::istream& csv, Instant now, const Actor& actor);

  // ---- Ratings
  Rating submit_rating(const RatingInput& input, Instant at, const Actor& actor);

  // ---- Figures
  Indicators indicators(const Period& period, Instant now) const;

  // Runs `operations` in one transaction with a single commit at the end: for bulk work (simulation,
  // migration tools) where one fsync per operation would dominate. Nothing is durable until it returns.
  // An operation refused inside it undoes only itself; an exception escaping `operations` undoes all.
  void batch(const std::function<void()>& operations);

  // ---- Log
  std::int64_t last_seq() const;
  // Events with seq ≥ from_seq, in order, streamed (the callback may stop early by returning false).
  void for_each_event(std::int64_t from_seq, const std::function<bool(const Event&)>& fn) const;
  VerifyReport verify() const;
  // An online backup (SQLite's backup API): a consistent copy while the centre keeps working.
  void backup(const std::filesystem::path& target) const;

 private:
  struct Impl;
  explicit CentreStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class ImportError : public std::runtime_error {
 public:
  ImportError(std::int64_t line, const std::string& message)
      : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}
  std::int64_t line() const { return line_; }

 private:
  std::int64_t line_;
};

}  // namespace kiosk::store
