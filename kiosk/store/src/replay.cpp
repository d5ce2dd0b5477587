#include "replay.hpp"

#include <array>
#include <atomic>

#include "schema.hpp"
#include "sqlite.hpp"
#include "tables.hpp"

namespace kiosk::store {
namespace {

// The tables derived from the log. staff, devices and pairings are not among them: they hold credentials
// (PIN hashes, SHA-256 of device tokens and pairing codes) that never enter the log, so the log cannot
// rebuild them; their events (staff.*, pairing.*, device.*) only report the changes.
constexpr std::array<const char*, 7> kStateTables = {"tickets",  "counters",            "dossiers", "apology_slips",
                                                     "ratings",  "rating_abandonments", "settings"};

std::int64_t count(sqlite3* db, const std::string& sql) {
  sql::Statement st(db, sql);
  st.step();
  return st.int64(0);
}

}  // namespace

std::optional<std::string> compare_with_replay(sqlite3* db, const std::string& centre, const std::string& zone) {
  static std::atomic<int> serial{0};
  const std::string uri = "file:kiosk_replay_" + std::to_string(reinterpret_cast<std::uintptr_t>(db)) + "_" +
                          std::to_string(serial++) + "?mode=memory&cache=shared";
  sqlite3* replay = nullptr;
  if (int rc = sqlite3_open_v2(uri.c_str(), &replay, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr);
      rc != SQLITE_OK) {
    sqlite3_close(replay);
    sql::fail(nullptr, rc, "open replay database");
  }
  struct Closer {
    sqlite3* db;
    ~Closer() { sqlite3_close(db); }
  } closer{replay};
  migrate(replay);
  {
    tables::StatementCache cache(replay);
    sql::Transaction tx(replay);
    sql::Statement events(db, std::string("SELECT ") + tables::kEventColumns + " FROM events ORDER BY seq");
    while (events.step()) tables::project(cache, tables::read_event(events, centre, zone));
    tx.commit();
  }
  sql::Statement attach(db, "ATTACH DATABASE ?1 AS replay");
  attach.bind(1, uri).run();
  std::optional<std::string> problem;
  try {
    for (const char* table : kStateTables) {
      const std::string t(table);
      std::int64_t extra = count(db, "SELECT COUNT(*) FROM (SELECT * FROM main." + t + " EXCEPT SELECT * FROM replay." + t + ")");
      std::int64_t missing = count(db, "SELECT COUNT(*) FROM (SELECT * FROM replay." + t + " EXCEPT SELECT * FROM main." + t + ")");
      if (extra || missing) {
        problem = "table " + t + " differs from the event log: " + std::to_string(extra) + " row(s) not derived from it, " +
                  std::to_string(missing) + " derived row(s) missing or changed";
        break;
      }
    }
  } catch (...) {
    sql::exec(db, "DETACH DATABASE replay");
    throw;
  }
  sql::exec(db, "DETACH DATABASE replay");
  return problem;
}

}  // namespace kiosk::store
