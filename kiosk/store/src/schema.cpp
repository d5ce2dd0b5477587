// Numbered migrations. Never edit one that has shipped: add the next. tests/unit/store/migration_test.cpp
// opens a database of every older version.
#include "schema.hpp"

#include <array>
#include <string>

#include "sqlite.hpp"

namespace kiosk::store {
namespace {

constexpr std::array<const char*, 4> kMigrations = {
    // 1: the event log and the state tables derived from it.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  recorded INTEGER NOT NULL,
  device TEXT NOT NULL,
  type TEXT NOT NULL,
  schema INTEGER NOT NULL,
  payload TEXT NOT NULL,
  hash BLOB NOT NULL CHECK(length(hash) = 32));
CREATE TABLE tickets(
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  service TEXT NOT NULL,
  first_service TEXT NOT NULL,
  day INTEGER NOT NULL,
  day_seq INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  state INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  called_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  counter INTEGER,
  staff TEXT NOT NULL DEFAULT '',
  recalls INTEGER NOT NULL DEFAULT 0,
  transfers INTEGER NOT NULL DEFAULT 0,
  dossiers TEXT NOT NULL DEFAULT '[]',
  rated INTEGER NOT NULL DEFAULT 0,
  UNIQUE(day, first_service, day_seq),
  UNIQUE(day, number));
CREATE INDEX tickets_by_state ON tickets(state, service);
CREATE INDEX tickets_by_issue ON tickets(issued_at);
CREATE INDEX tickets_by_finish ON tickets(service, finished_at);
CREATE TABLE counters(
  number INTEGER PRIMARY KEY,
  status INTEGER NOT NULL,
  staff TEXT NOT NULL DEFAULT '',
  current_ticket INTEGER,
  normal_since_priority INTEGER NOT NULL DEFAULT 0);
CREATE TABLE dossiers(
  code TEXT PRIMARY KEY,
  day INTEGER NOT NULL,
  day_seq INTEGER NOT NULL,
  procedure TEXT NOT NULL,
  field TEXT NOT NULL,
  channel INTEGER NOT NULL,
  inter_agency INTEGER NOT NULL,
  status INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  finished_at INTEGER,
  returned_at INTEGER,
  closed_at INTEGER,
  paused_at INTEGER,
  supplements INTEGER NOT NULL DEFAULT 0,
  digitised INTEGER NOT NULL,
  result_digitised INTEGER NOT NULL,
  data_reused INTEGER NOT NULL,
  fee INTEGER NOT NULL,
  paid_online INTEGER NOT NULL,
  fee_paid INTEGER NOT NULL,
  apology_slips INTEGER NOT NULL DEFAULT 0,
  promised_at INTEGER,
  ticket INTEGER,
  legal_version TEXT NOT NULL DEFAULT '');
CREATE INDEX dossiers_by_receipt ON dossiers(received_at);
CREATE INDEX dossiers_by_day ON dossiers(day, day_seq);
CREATE TABLE apology_slips(
  id INTEGER PRIMARY KEY,
  dossier TEXT NOT NULL REFERENCES dossiers(code),
  issued_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  old_due INTEGER NOT NULL,
  new_due INTEGER NOT NULL);
CREATE INDEX apology_by_issue ON apology_slips(issued_at);
CREATE TABLE ratings(
  ticket INTEGER PRIMARY KEY REFERENCES tickets(id),
  dossier TEXT NOT NULL DEFAULT '',
  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),
  scale INTEGER NOT NULL,
  criteria TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  counter INTEGER,
  staff TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL);
CREATE INDEX ratings_by_time ON ratings(at);
)sql",
    // 2: finishing a visit looks up the dossiers received during it.
    R"sql(
CREATE INDEX dossiers_by_ticket ON dossiers(ticket);
)sql",
    // 3: staff, paired devices and pending pairings. Credentials (PIN hashes, SHA-256 of device tokens and
    // pairing codes) live only here, never in the event log, so these tables are not derived from it.
    R"sql(
CREATE TABLE staff(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE devices(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  counter INTEGER,
  token_sha256 TEXT NOT NULL UNIQUE,
  paired_at INTEGER NOT NULL,
  revoked_at INTEGER);
CREATE TABLE pairings(
  code_sha256 TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  counter INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER);
)sql",
    // 4: ratings the citizen never gave (rating.abandoned), and the settings a manager changed
    // (settings.changed: the values that differ from the catalogue's, as one JSON object). Both derived
    // from the log. A ticket's `rated` becomes 2 when its rating is abandoned (1 rated, 0 neither).
    R"sql(
CREATE TABLE rating_abandonments(
  ticket INTEGER PRIMARY KEY REFERENCES tickets(id),
  dossier TEXT NOT NULL DEFAULT '',
  counter INTEGER,
  staff TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL);
CREATE INDEX rating_abandonments_by_time ON rating_abandonments(at);
CREATE TABLE settings(
  id INTEGER PRIMARY KEY CHECK(id = 1),
  changed TEXT NOT NULL);
)sql",
};

int user_version(sqlite3* db) {
  sql::Statement st(db, "PRAGMA user_version");
  st.step();
  return st.int32(0);
}

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(sqlite3* db) {
  int version = user_version(db);
  if (version > latest_schema_version())
    throw StoreError(StoreError::Kind::newer_schema,
                     "database schema " + std::to_string(version) + " is newer than this program (" +
                         std::to_string(latest_schema_version()) + "); upgrade the program");
  for (int v = version; v < latest_schema_version(); ++v) {
    sql::Transaction tx(db);
    sql::exec(db, kMigrations[static_cast<std::size_t>(v)]);
    sql::exec(db, ("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
    tx.commit();
  }
}

}  // namespace kiosk::store
