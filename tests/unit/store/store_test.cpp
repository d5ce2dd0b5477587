#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

class Store : public CentreTest {};

int exec(const std::filesystem::path& db, const char* sql) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  int rc = sqlite3_exec(h, sql, nullptr, nullptr, nullptr);
  sqlite3_close(h);
  return rc;
}

TEST_F(Store, OpensInWalModeWithTheLatestSchema) {
  EXPECT_EQ(c().schema_version(), 4);
  EXPECT_EQ(c().centre_code(), "TEST01");
  EXPECT_EQ(c().catalogue().services.size(), 2u);
  EXPECT_EQ(c().last_seq(), 1);  // centre.initialised
  EXPECT_TRUE(std::filesystem::exists(db_path.string() + "-wal"));
}

TEST_F(Store, EventsAreChainedAndExported) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {"kiosk-1", ""});
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:01"), {"kiosk-1", ""});
  std::vector<Event> events;
  c().for_each_event(1, [&](const Event& e) {
    events.push_back(e);
    return true;
  });
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "centre.initialised");
  EXPECT_EQ(events[1].type, "ticket.issued");
  EXPECT_EQ(events[1].device, "kiosk-1");
  EXPECT_EQ(events[2].payload["number"], "B-002");
  EXPECT_EQ(events[2].centre, "TEST01");
  EXPECT_FALSE(verify_chain(events, Hash{}, 0));
  auto report = c().verify();
  EXPECT_TRUE(report.ok()) << report.integrity_message << " " << report.chain_problem.value_or("");
  EXPECT_EQ(report.events, 3);
}

TEST_F(Store, ReopenKeepsEverythingAndContinuesTheSequence) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  centre.reset();
  centre.emplace(CentreStore::open(db_path));
  EXPECT_EQ(c().issue_ticket("HT", Priority::none, at("2026-10-08T08:01"), {}).ticket.number, "B-002");
  EXPECT_EQ(c().last_seq(), 3);
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Store, EditedDeletedOrReorderedEventsFailVerification) {
  for (int i = 0; i < 3; ++i) c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  centre.reset();
  ASSERT_EQ(exec(db_path, "UPDATE events SET payload = replace(payload, 'B-002', 'B-009') WHERE seq = 3"), SQLITE_OK);
  centre.emplace(CentreStore::open(db_path));
  auto r = c().verify();
  EXPECT_FALSE(r.ok());
  ASSERT_TRUE(r.chain_problem);
  EXPECT_NE(r.chain_problem->find("sequence 3"), std::string::npos) << *r.chain_problem;
}

TEST_F(Store, DeletedEventLeavesAGap) {
  for (int i = 0; i < 3; ++i) c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  centre.reset();
  ASSERT_EQ(exec(db_path, "DELETE FROM events WHERE seq = 2"), SQLITE_OK);
  centre.emplace(CentreStore::open(db_path));
  EXPECT_FALSE(c().verify().ok());
}

TEST_F(Store, BackupIsAConsistentCopy) {
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  auto copy = dir.path() / "backup.db";
  c().backup(copy);
  EXPECT_THROW(c().backup(copy), StoreError);  // never overwrites
  CentreStore restored = CentreStore::open(copy);
  EXPECT_EQ(restored.last_seq(), c().last_seq());
  EXPECT_TRUE(restored.verify().ok());
  EXPECT_FALSE(std::filesystem::exists(copy.string() + ".partial"));
}

TEST(StoreOpen, MissingFileIsNotInitialised) {
  TempDir dir;
  try {
    CentreStore::open(dir.path() / "none.db");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::not_initialised);
  }
}

TEST(StoreOpen, CorruptFileIsAClearError) {
  TempDir dir;
  auto path = dir.path() / "corrupt.db";
  std::ofstream(path) << std::string(8192, 'x');
  try {
    CentreStore::open(path);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::corrupt) << e.what();
  }
}

TEST(StoreOpen, NewerSchemaIsRefused) {
  TempDir dir;
  auto path = dir.path() / "c.db";
  CentreStore::initialise(path, {"T", kCatalogue, "", "hub"}, at("2026-10-01T07:00"));
  ASSERT_EQ(exec(path, "PRAGMA user_version = 99"), SQLITE_OK);
  try {
    CentreStore::open(path);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::newer_schema);
  }
}

TEST(StoreOpen, UninitialisedEmptyDatabaseIsRefusedUnchanged) {
  // Version 0 (an empty SQLite file, or another program's) is not a centre: refused, and left at version 0.
  TempDir dir;
  auto path = dir.path() / "empty.db";
  ASSERT_EQ(exec(path, "PRAGMA user_version = 0"), SQLITE_OK);
  EXPECT_THROW(CentreStore::open(path), StoreError);
  sqlite3* h = nullptr;
  sqlite3_open(path.c_str(), &h);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
}

TEST(StoreInit, RefusesAnExistingFileAndABadCatalogue) {
  TempDir dir;
  auto path = dir.path() / "c.db";
  CentreStore::initialise(path, {"T", kCatalogue, "", "hub"}, at("2026-10-01T07:00"));
  EXPECT_THROW(CentreStore::initialise(path, {"T", kCatalogue, "", "hub"}, at("2026-10-01T07:00")), StoreError);
  auto other = dir.path() / "bad.db";
  EXPECT_THROW(CentreStore::initialise(other, {"T", "[centre]\nagency_code = 1\n", "", "hub"}, at("2026-10-01T07:00")),
               CatalogueError);
  EXPECT_FALSE(std::filesystem::exists(other));
  EXPECT_THROW(CentreStore::initialise(other, {"has space", kCatalogue, "", "hub"}, at("2026-10-01T07:00")), StoreError);
}

// ---- Import ------------------------------------------------------------------------------------------------

const char* kHeader =
    "code,procedure,channel,inter_agency,received_at,due_at,finished_at,returned_at,status,digitised,result_digitised,"
    "fee,paid_online\n";

class Import : public CentreTest {
 protected:
  std::int64_t import(const std::string& rows) {
    std::istringstream in(std::string(kHeader) + rows);
    return c().import_dossiers_csv(in, at("2026-11-01T08:00"), {});
  }
  void expect_rejected(const std::string& csv, std::int64_t line, const std::string& words) {
    const std::int64_t before = c().last_seq();
    std::istringstream in(csv);
    try {
      c().import_dossiers_csv(in, at("2026-11-01T08:00"), {});
      ADD_FAILURE() << "accepted: " << csv;
    } catch (const ImportError& e) {
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    EXPECT_EQ(c().last_seq(), before);
  }
};

TEST_F(Import, ImportsHistoricalDossiersWithTheirOutcome) {
  EXPECT_EQ(import("H-1,1.001193,online_full,0,2026-07-02T09:00:00+07:00,,2026-07-08T10:00:00+07:00,"
                   "2026-07-09T10:00:00+07:00,10,1,1,0,0\n"
                   "H-2,1.002804,in_person,1,2026-07-03 09:00,2026-07-06T17:00:00+07:00,2026-07-10 10:00,,9,0,1,135000,1\n"
                   "H-3,1.001193,postal,0,2026-07-04T09:00,,,,7,0,0,0,0\n"
                   "\"H-4\",1.001193,in_person,0,2026-07-05T09:00,,,,4,1,0,0,0\n"),
            4);
  Dossier h1 = *c().dossier("H-1");
  EXPECT_EQ(h1.status, DossierStatus::returned);
  EXPECT_EQ(c().zone().local_date(h1.due_at), *parse_date("2026-07-09"));  // computed: Thu 2 Jul + 5 working days
  EXPECT_EQ(h1.timeliness(c().zone()), Timeliness::early);
  EXPECT_EQ(c().dossier("H-2")->timeliness(c().zone()), Timeliness::late);
  EXPECT_TRUE(c().dossier("H-2")->inter_agency);
  EXPECT_TRUE(c().dossier("H-3")->closed_at);
  Indicators ind = c().indicators(Period::quarter(2026, 3), at("2026-11-01T08:00"));
  EXPECT_EQ(ind.dossiers.received, 4);
  EXPECT_EQ(ind.dossiers.resolved, 2);
  EXPECT_EQ(ind.dossiers.late, 1);
  EXPECT_EQ(ind.dossiers.pending, 1);
  EXPECT_EQ(ind.dossiers.closed_unresolved, 1);
  EXPECT_EQ(ind.paid_online, 1);
  EXPECT_TRUE(c().verify().ok());
}

TEST_F(Import, OneBadRowImportsNothing) {
  std::string good = "G-1,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n";
  expect_rejected(std::string(kHeader) + good + "G-2,9.999,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n", 3,
                  "unknown procedure");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,walk_in,0,2026-07-02T09:00,,,,4,1,0,0,0\n", 3, "channel");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,0,02/07/2026,,,,4,1,0,0,0\n", 3, "received_at");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,0,2026-07-02T09:00,,,,11,1,0,0,0\n", 3, "status");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,2,2026-07-02T09:00,,,,4,1,0,0,0\n", 3,
                  "inter_agency");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,0,2026-07-02T09:00,,,,9,1,0,0,0\n", 3,
                  "needs finished_at");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,0,2026-07-02T09:00,,2026-07-01T09:00,,9,1,0,0,0\n",
                  3, "before received_at");
  expect_rejected(std::string(kHeader) + good + "G-1,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n", 3, "twice");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,-5,0\n", 3, "fee");
  expect_rejected(std::string(kHeader) + good + "G-2,1.001193,in_person\n", 3, "expected 13 fields");
  expect_rejected(std::string(kHeader) + good + "\"G-2,1.001193,in_person\n", 3, "not closed");
  expect_rejected("code,procedure\n" + good, 1, "missing column");
  expect_rejected(std::string(kHeader) + good + "X\xc0\x80,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n", 3,
                  "UTF-8");
  expect_rejected("", 1, "empty");
  EXPECT_FALSE(c().dossier("G-1"));
}

TEST_F(Import, RefusesDossiersAlreadyStored) {
  import("K-1,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n");
  expect_rejected(std::string(kHeader) + "K-1,1.001193,in_person,0,2026-07-02T09:00,,,,4,1,0,0,0\n", 2, "already");
}

}  // namespace
}  // namespace kiosk::store::testing

namespace kiosk::store::testing {
namespace {

TEST_F(Store, HandEditedStateTablesFailVerification) {
  c().open_counter(2, at("2026-10-08T07:30"), staff());
  c().issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  DossierIntake in;
  in.procedure = "1.001193";
  Dossier d = c().receive_dossier(in, at("2026-10-08T09:00"), staff());
  c().resolve_dossier(d.code, true, at("2026-10-20T09:00"), staff());  // late
  ASSERT_TRUE(c().verify().ok());
  centre.reset();
  // Someone makes the late dossier look on time, leaving the log alone.
  ASSERT_EQ(exec(db_path, "UPDATE dossiers SET finished_at = due_at - 3600000"), SQLITE_OK);
  centre.emplace(CentreStore::open(db_path));
  auto r = c().verify();
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.chain_problem);
  ASSERT_TRUE(r.state_problem);
  EXPECT_NE(r.state_problem->find("dossiers"), std::string::npos) << *r.state_problem;
}

}  // namespace
}  // namespace kiosk::store::testing

namespace kiosk::store::testing {
namespace {

TEST(StoreMigration, FromVersionOneKeepsTheDataAndAddsTheTicketIndex) {
  // A database as version 1 left it: no index on dossiers.ticket.
  TempDir dir;
  auto path = dir.path() / "v1.db";
  {
    CentreStore::initialise(path, {"T", kCatalogue, "", "hub"}, at("2026-10-01T07:00"));
    CentreStore c = CentreStore::open(path);
    c.issue_ticket("HT", Priority::none, at("2026-10-08T08:00"), {});
  }
  ASSERT_EQ(exec(path, "DROP INDEX dossiers_by_ticket; DROP TABLE staff; DROP TABLE devices; DROP TABLE pairings; "
                      "DROP TABLE rating_abandonments; DROP TABLE settings; PRAGMA user_version = 1"),
            SQLITE_OK);
  CentreStore c = CentreStore::open(path);
  EXPECT_EQ(c.schema_version(), 4);
  EXPECT_EQ(c.last_seq(), 2);
  EXPECT_TRUE(c.verify().ok());
  sqlite3* h = nullptr;
  sqlite3_open(path.c_str(), &h);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'dossiers_by_ticket'", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(h);
}

}  // namespace
}  // namespace kiosk::store::testing
