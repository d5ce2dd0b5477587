// Rows of the state tables and the projection that keeps them in step with the event log.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <unordered_map>
#include <string>

#include "kiosk/domain/events.hpp"
#include "kiosk/domain/records.hpp"
#include "kiosk/store/centre_store.hpp"
#include "sqlite.hpp"

namespace kiosk::store::tables {

// Prepared statements of one connection, kept for its life: the import and the simulator append hundreds
// of thousands of events, and preparing each statement each time would cost more than running it.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  sqlite3* db() const { return db_; }
  // The statement for `sql` (a string that outlives the cache), reset and with no bindings.
  sql::Statement& operator()(const char* sql);

 private:
  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<sql::Statement>> statements_;
};

std::optional<Ticket> load_ticket(StatementCache& db, std::int64_t id);
std::optional<Dossier> load_dossier(StatementCache& db, std::string_view code);
CounterState load_counter(StatementCache& db, int number);  // a counter never seen is closed

Ticket read_ticket(const sql::Statement& st);  // from `kTicketColumns`
Dossier read_dossier(const sql::Statement& st);  // from `kDossierColumns`
Rating read_rating(const sql::Statement& st);    // from `kRatingColumns`
RatingAbandonment read_abandonment(const sql::Statement& st);  // from `kAbandonmentColumns`
extern const char* const kTicketColumns;
extern const char* const kDossierColumns;
extern const char* const kRatingColumns;
extern const char* const kAbandonmentColumns;

// A ticket's one outcome on the rating screen.
enum class RatingOutcome { none = 0, rated = 1, abandoned = 2 };
RatingOutcome rating_outcome(StatementCache& db, std::int64_t ticket);

// The settings values every settings.changed so far set (their "new" parts merged, later over earlier):
// an empty object while the catalogue's values hold.
nlohmann::json load_changed_settings(StatementCache& db);

// Reads the last event's sequence and hash (0 and zeros for an empty log).
std::pair<std::int64_t, Hash> chain_head(StatementCache& db);
// Appends an event after the current head (assigns seq and hash) and applies it to the state tables.
// Must run inside a transaction.
void append(StatementCache& db, Event& e);
// Applies one event to the state tables.
void project(StatementCache& db, const Event& e);

Event read_event(const sql::Statement& st, const std::string& centre, const std::string& zone);
extern const char* const kEventColumns;

// Staff and devices hold credentials, which never enter the log: their tables are written by the operations
// themselves (in the transaction of the event that reports the change), not derived from events.
std::optional<StaffMember> load_staff(StatementCache& db, std::string_view id);
std::vector<StaffMember> load_all_staff(StatementCache& db);
void save_staff(StatementCache& db, const StaffMember& s);  // inserts or updates
std::optional<Device> load_device(StatementCache& db, std::string_view id);
std::optional<Device> load_device_by_token(StatementCache& db, std::string_view token_sha256);
std::vector<Device> load_all_devices(StatementCache& db);
void insert_device(StatementCache& db, const Device& d, std::string_view token_sha256);

}  // namespace kiosk::store::tables
