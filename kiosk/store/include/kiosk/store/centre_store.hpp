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
#include "kiosk/domain/settings.hpp"
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
  bool closed = false;                // a manager stopped issuing tickets for it (settings)
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

// A staff member who can sign in at a counter. The PIN is kept only as an Argon2id string (libsodium's
// crypto_pwhash_str format), computed by the caller; the store never sees a PIN.
struct StaffMember {
  std::string id;    // "nv01"
  std::string name;  // "Nguyễn Thị Lan"
  std::string pin_hash;
  int failed_attempts = 0;             // consecutive failures since the last success or lock
  std::optional<Instant> locked_until;  // refused until then
  bool active = true;
};

// A paired device. Only a SHA-256 of its token is kept (lowercase hex), never the token.
struct Device {
  std::string id;    // "d-0007"
  std::string name;  // what the manager called it: "Bảng gọi số tầng 1"
  std::string role;  // ticket, counter, rating, board, manager
  std::optional<int> counter;  // for counter and rating devices
  Instant paired_at;
  std::optional<Instant> revoked_at;
  bool revoked() const { return revoked_at.has_value(); }
};

struct PairingRequest {
  std::string code_sha256;  // SHA-256 (hex) of the one-time code; the code itself is only shown
  std::string role;
  std::optional<int> counter;
  Instant expires_at;
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

  // The catalogue as stored at initialisation. Office hours and queue rules may have changed since:
  // settings() has the values in force.
  const Catalogue& catalogue() const;
  const WorkingCalendar& calendar() const;
  const Zone& zone() const;
  const std::string& centre_code() const;
  int schema_version() const;

  // ---- Settings
  // The catalogue's office hours, queue rules and open services with every settings.changed applied.
  CentreSettings settings() const;
  // settings.changed {old, new} with the fields that change (checked by kiosk::change_settings, which
  // refuses with settings.invalid or service.unknown). Nothing is recorded when no value changes. From the
  // commit on, ticket issue, calls, recalls and due dates of dossiers received or accepted afterwards
  // follow the new values; what was decided before stays as the log recorded it.
  SettingsOutcome change_settings(const SettingsChange& change, Instant at, const Actor& actor);
  // Open now? By the settings' office hours and weekdays and the holiday calendar.
  OfficeStatus office(Instant now) const;

  // ---- Queue
  // Refuses an unknown service (service.unknown) and one a manager closed (service.closed).
  IssuedTicket issue_ticket(std::string_view service, Priority priority, Instant at, const Actor& actor);
  Ticket call_next(int counter, Instant at, const Actor& actor);
  Ticket recall(int counter, Instant at, const Actor& actor);  // past the settings' max_recalls: a no-show
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
  // One counter as it stands (a counter never opened is closed, with nobody signed in).
  CounterState counter_state(int number) const;
  std::optional<Ticket> ticket(std::int64_t id) const;
  // "B-023" on the service day of `at`.
  std::optional<Ticket> find_ticket(std::string_view number, Instant at) const;
  // The service day of `at`: who waits for `service`, in the order they queued.
  std::vector<Ticket> waiting_tickets(std::string_view service, Instant at) const;
  // The service day of `now`: the latest calls, newest first (what a board shows).
  std::vector<Ticket> recent_calls(Instant now, int limit) const;

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
  // One outcome per served ticket: a rating or an abandonment. Refuses a ticket already rated
  // (rating.duplicate) or whose rating was abandoned (rating.abandoned).
  Rating submit_rating(const RatingInput& input, Instant at, const Actor& actor);
  // rating.abandoned {ticket, number, dossier, staff, service, counter}: the screen asked and nobody
  // answered. Refuses as submit_rating does (rating.unknown_ticket, rating.not_served, rating.duplicate,
  // rating.abandoned).
  RatingAbandonment abandon_rating(std::int64_t ticket, Instant at, const Actor& actor);

  // ---- Staff (the hub checks PINs; the store records the outcome with its event)
  // staff.added; refuses an existing id (staff.exists) and an empty id, name or PIN hash (staff.invalid).
  StaffMember add_staff(std::string_view id, std::string_view name, std::string_view pin_hash, Instant at,
                        const Actor& actor);
  // staff.pin_changed; also clears failures and any lock. Refuses an unknown id (staff.unknown) and an empty
  // hash (staff.invalid).
  StaffMember set_staff_pin(std::string_view id, std::string_view pin_hash, Instant at, const Actor& actor);
  std::optional<StaffMember> staff_member(std::string_view id) const;
  std::vector<StaffMember> staff() const;
  // staff.signed_in {counter, staff}: the counter's staff becomes `id` (a previous one is replaced and
  // recorded as signed out first, as is this member at any other counter: one person, one counter); clears
  // the member's failures. Refuses an unknown or inactive member (staff.unknown) and a locked one
  // (staff.locked, saying until when).
  CounterState sign_in(int counter, std::string_view id, Instant at, const Actor& actor);
  // staff.sign_in_failed {counter, staff, failures}; at `max_failures` consecutive failures also
  // staff.locked {staff, until = at + lock_for} and the count restarts. An attempt while the member is locked
  // is recorded too, but neither counts nor extends the lock (failures stays as it is). An unknown or inactive
  // id is recorded with staff "", failures 0 and attempted_id. Never refuses a locked member; refuses an
  // unknown counter (counter.unknown); max_failures < 1 or lock_for <= 0 is a StoreError (bad_input).
  // Returns the member as it now is (nullopt for an unknown id).
  std::optional<StaffMember> record_sign_in_failure(int counter, std::string_view id, int max_failures,
                                                    std::chrono::milliseconds lock_for, Instant at,
                                                    const Actor& actor);
  // staff.signed_out {counter, staff}; refuses a counter with nobody signed in (staff.not_signed_in).
  CounterState sign_out(int counter, Instant at, const Actor& actor);

  // ---- Devices
  // pairing.created {role, counter, expires_at}; refuses an unknown role (device.invalid_role), a counter
  // or rating role without a counter (device.invalid_role) or with an unknown one (counter.unknown), a counter
  // given for another role (device.invalid_role), a code_sha256 that is not 64 lowercase hex digits or an
  // expiry not after `at` (pairing.invalid), and a code still waiting to be used (pairing.exists).
  void create_pairing(const PairingRequest& request, Instant at, const Actor& actor);
  // Consumes the code (once): device.paired {device, name, role, counter}; ids run d-0001, d-0002, …
  // Refuses an unknown, used or expired code (pairing.invalid) with nothing changed, a token_sha256 that is
  // not 64 lowercase hex digits (device.invalid_token) or that another device holds (device.token_exists).
  Device pair_device(std::string_view code_sha256, std::string_view name, std::string_view token_sha256,
                     Instant at, const Actor& actor);
  // Revoked devices too (the caller checks revoked()).
  std::optional<Device> device_by_token(std::string_view token_sha256) const;
  std::vector<Device> devices() const;
  // device.revoked {device}; refuses an unknown (device.unknown) or already revoked device
  // (device.already_revoked).
  Device revoke_device(std::string_view id, Instant at, const Actor& actor);

  // ---- Day end
  // Tickets of service days before the day of `now` that never finished (waiting, called, serving) are
  // cancelled with reason "day_end"; counters left open or paused since an earlier day (their latest counter.*
  // or staff.* event is from an earlier service day) are closed, which signs their staff out; a counter still
  // holding a ticket (one it called today) is left alone. "Day" is the service day, as for ticket numbers
  // (the catalogue's day_rollover). All events are dated `now`, in one transaction. Returns how many
  // tickets it cancelled. Idempotent.
  int close_past_days(Instant now, const Actor& actor);

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
  // The database answers and grants a write lock (taken and released at once): the hub's health check.
  bool writable() const;
  // Whether a commit that grows the write-ahead log past 1,000 pages copies it back into the database file
  // itself (SQLite's default). The hub turns this off and runs a WalCheckpointer beside it.
  void set_checkpoint_on_commit(bool on);
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
