// Damaged and tampered centre databases. A damaged file must give a clear StoreError when opened or a
// failed verify(), never a crash and never another kind of exception; an events table edited behind the
// store's back (a payload changed, a row deleted, two rows' sequence numbers swapped) must fail verify()
// with a chain problem, even though SQLite itself finds nothing wrong with the file.
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kiosk/domain/errors.hpp"
#include "kiosk/store/centre_store.hpp"

namespace {

namespace fs = std::filesystem;
using kiosk::store::CentreStore;
using kiosk::store::StoreError;

kiosk::Instant now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << p;
}

std::string random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << msg;
}

// How a damaged file was received.
enum class Outcome { store_error, verify_failed, verify_threw, verify_ok, other_exception };

bool refused(Outcome o) { return o == Outcome::store_error || o == Outcome::verify_failed || o == Outcome::verify_threw; }

struct Result {
  Outcome outcome;
  std::string message;
};

Result open_and_verify(const fs::path& db) {
  std::optional<CentreStore> store;
  try {
    store.emplace(CentreStore::open(db));
  } catch (const StoreError& e) {
    return {Outcome::store_error, std::string("open: ") + e.what()};
  } catch (const std::exception& e) {
    return {Outcome::other_exception, std::string("open: unexpected exception: ") + e.what()};
  }
  try {
    kiosk::store::VerifyReport r = store->verify();
    if (r.ok()) return {Outcome::verify_ok, "verify() ok with " + std::to_string(r.events) + " events"};
    return {Outcome::verify_failed, "verify: " + r.integrity_message + " / " + r.chain_problem.value_or("chain ok")};
  } catch (const StoreError& e) {
    // Not a report but an exception: still a clear refusal (kioskctl verify prints it).
    return {Outcome::verify_threw, std::string("verify threw: ") + e.what()};
  } catch (const std::exception& e) {
    return {Outcome::other_exception, std::string("verify: unexpected exception: ") + e.what()};
  }
}

class StoreFault : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kiosk-fault-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    catalogue_ = read_file(fs::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml");
    ASSERT_FALSE(catalogue_.empty());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A real centre database with `tickets` tickets (some served and rated) and `dossiers` imported dossiers,
  // checkpointed so that the whole database is in the main file.
  fs::path make_database(const std::string& name, int tickets, int dossiers) {
    const fs::path db = dir_ / name;
    CentreStore::InitOptions init;
    init.centre_code = "H15.50.05.13";
    init.catalogue_toml = catalogue_;
    CentreStore::initialise(db, init, now());
    {
      CentreStore store = CentreStore::open(db);
      const auto& services = store.catalogue().services;
      kiosk::store::Actor staff{"counter-3", "nv03"};
      store.open_counter(3, now(), staff);
      for (int i = 0; i < tickets; ++i) {
        auto t = store.issue_ticket(services[static_cast<std::size_t>(i) % services.size()].code,
                                    i % 5 == 0 ? kiosk::Priority::elderly : kiosk::Priority::none, now(), {});
        if (t.ticket.service == "HT") {
          store.call_next(3, now(), staff);
          store.start_service(3, now(), staff);
          store.finish_service(3, now(), staff);
          store.submit_rating({t.ticket.id, 4 + i % 2, 5, std::nullopt, "", ""}, now(), {"rating-3", ""});
        }
      }
      if (dossiers > 0) {
        std::ostringstream csv;
        csv << "code,procedure,channel,inter_agency,received_at,due_at,finished_at,returned_at,status,digitised,"
               "result_digitised,fee,paid_online\n";
        for (int i = 1; i <= dossiers; ++i)
          csv << "H15.50.05.13-250304-" << i << ",2.000815,in_person,0,2025-03-04T09:15:00+07:00,,"
              << "2025-03-04T10:00:00+07:00,2025-03-04T10:30:00+07:00,10,1,1,2000,0\n";
        std::istringstream in(csv.str());
        EXPECT_EQ(store.import_dossiers_csv(in, now(), {}), dossiers);
      }
      EXPECT_TRUE(store.verify().ok());
    }
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(raw);
    std::error_code ec;
    EXPECT_TRUE(!fs::exists(db.string() + "-wal", ec) || fs::file_size(db.string() + "-wal") == 0);
    return db;
  }

  // A copy of `db` (main file only: it was checkpointed) under a new name.
  fs::path copy_of(const fs::path& db, const std::string& name) {
    const fs::path copy = dir_ / name;
    fs::copy_file(db, copy, fs::copy_options::overwrite_existing);
    return copy;
  }

  fs::path dir_;
  std::string catalogue_;
};

// ---- Damaged files ----------------------------------------------------------------------------------------

TEST_F(StoreFault, RandomBytesAreNotADatabase) {
  std::mt19937_64 rng(1);
  for (std::size_t size : {1u, 100u, 512u, 4096u, 65536u, 1u << 20}) {
    const fs::path f = dir_ / ("random-" + std::to_string(size) + ".db");
    write_file(f, random_bytes(rng, size));
    Result r = open_and_verify(f);
    EXPECT_EQ(r.outcome, Outcome::store_error) << size << " bytes: " << r.message;
  }
}

TEST_F(StoreFault, SqliteHeaderFollowedByRandomBytes) {
  std::mt19937_64 rng(2);
  const fs::path db = make_database("valid.db", 5, 0);
  const std::string good = read_file(db);
  for (int round = 0; round < 8; ++round) {
    const fs::path f = dir_ / ("header-" + std::to_string(round) + ".db");
    // The real 100-byte header (page size, page count ...) over random pages.
    write_file(f, good.substr(0, 100) + random_bytes(rng, good.size() - 100));
    Result r = open_and_verify(f);
    EXPECT_TRUE(refused(r.outcome))
        << "round " << round << ": " << r.message;
  }
}

TEST_F(StoreFault, TruncatedDatabase) {
  const fs::path db = make_database("valid.db", 40, 300);
  const std::string good = read_file(db);
  for (std::size_t keep : {good.size() / 2, good.size() - 4096, std::size_t{4096}, std::size_t{50}}) {
    const fs::path f = dir_ / ("truncated-" + std::to_string(keep) + ".db");
    write_file(f, good.substr(0, keep));
    Result r = open_and_verify(f);
    EXPECT_TRUE(refused(r.outcome))
        << "kept " << keep << " of " << good.size() << " bytes: " << r.message;
  }
}

// Every page of a real database in turn overwritten with random bytes (one damaged copy per page).
TEST_F(StoreFault, EveryOverwrittenPageIsDetected) {
  std::mt19937_64 rng(3);
  const fs::path db = make_database("valid.db", 60, 400);
  const std::string good = read_file(db);
  const std::size_t page_size = (static_cast<std::size_t>(static_cast<unsigned char>(good[16])) << 8) |
                                static_cast<unsigned char>(good[17]);
  ASSERT_TRUE(page_size >= 512 && good.size() % page_size == 0) << page_size;
  const std::size_t pages = good.size() / page_size;
  ASSERT_GE(pages, 10u);
  {
    // Free pages hold nothing; overwriting one is harmless and undetectable. The fixture deletes nothing.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA freelist_count", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
  }
  int store_errors = 0, verify_failures = 0, verify_threw = 0;
  for (std::size_t page = 1; page <= pages; ++page) {
    const fs::path f = dir_ / "page.db";
    std::error_code ec;
    fs::remove(f.string() + "-wal", ec);
    fs::remove(f.string() + "-shm", ec);
    std::string bad = good;
    bad.replace((page - 1) * page_size, page_size, random_bytes(rng, page_size));
    write_file(f, bad);
    Result r = open_and_verify(f);
    if (std::getenv("KIOSK_FAULT_VERBOSE")) std::printf("page %zu: %s\n", page, r.message.c_str());
    if (r.outcome == Outcome::store_error) ++store_errors;
    if (r.outcome == Outcome::verify_failed) ++verify_failures;
    if (r.outcome == Outcome::verify_threw) ++verify_threw;
    EXPECT_TRUE(refused(r.outcome))
        << "page " << page << " of " << pages << ": " << r.message;
  }
  std::printf(
      "store_fault_test: %zu pages overwritten one at a time: %d refused at open, %d failed verify(), %d made verify() "
      "throw StoreError\n",
      pages, store_errors, verify_failures, verify_threw);
}

// A write-ahead log of random bytes (its header and checksums do not match): SQLite ignores it, so the
// database opens as it was at the last checkpoint and verifies.
TEST_F(StoreFault, GarbageWalIsIgnored) {
  std::mt19937_64 rng(4);
  const fs::path db = make_database("valid.db", 10, 0);
  std::int64_t events = 0;
  {
    CentreStore store = CentreStore::open(db);
    events = store.last_seq();
  }
  const fs::path f = copy_of(db, "garbage-wal.db");
  write_file(f.string() + "-wal", random_bytes(rng, 64 * 1024));
  Result r = open_and_verify(f);
  EXPECT_EQ(r.outcome, Outcome::verify_ok) << r.message;
  CentreStore store = CentreStore::open(f);
  EXPECT_EQ(store.last_seq(), events);
}

// A write-ahead log cut short, as a disk that lost the tail of its last writes would leave it: SQLite replays
// the commits whose frames are complete and drops the rest, so the log is shorter but gapless and chained.
TEST_F(StoreFault, TornWalTailLosesOnlyWholeCommits) {
  const fs::path db = make_database("valid.db", 5, 0);
  std::string main_file, wal;
  std::int64_t events = 0;
  {
    CentreStore store = CentreStore::open(db);
    for (int i = 0; i < 30; ++i) store.issue_ticket("CT", kiosk::Priority::none, now(), {});
    events = store.last_seq();
    // Copied while the store is open and idle: the committed frames are still in the log, not checkpointed.
    main_file = read_file(db);
    wal = read_file(db.string() + "-wal");
  }
  ASSERT_GT(wal.size(), 32u + 24u + 4096u) << "expected un-checkpointed frames in the write-ahead log";
  std::int64_t previous = -1;
  for (std::size_t keep : {wal.size(), wal.size() - 1, wal.size() - 3000, wal.size() / 2, wal.size() / 3,
                           std::size_t{32 + 24 + 4096 + 100}, std::size_t{31}}) {
    const fs::path f = dir_ / ("torn-" + std::to_string(keep) + ".db");
    write_file(f, main_file);
    write_file(f.string() + "-wal", wal.substr(0, keep));
    Result r = open_and_verify(f);
    EXPECT_EQ(r.outcome, Outcome::verify_ok) << "wal cut to " << keep << " of " << wal.size() << ": " << r.message;
    CentreStore store = CentreStore::open(f);
    const std::int64_t seq = store.last_seq();
    if (keep == wal.size()) {
      EXPECT_EQ(seq, events);
    }
    EXPECT_LE(seq, events);
    if (previous >= 0) {
      EXPECT_LE(seq, previous) << "a shorter log kept more";
    }
    previous = seq;
    if (keep == wal.size() / 2) {
      EXPECT_LT(seq, events) << "half the log should have lost commits";
    }
    std::printf("store_fault_test: write-ahead log cut to %zu of %zu bytes: %lld of %lld events survive\n", keep,
                wal.size(), static_cast<long long>(seq), static_cast<long long>(events));
  }
}

// A file that is a valid SQLite database but not a centre's: refused, and left as it was.
TEST_F(StoreFault, ForeignSqliteFileIsRefusedUnchanged) {
  const fs::path f = dir_ / "other.sqlite";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(f.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
  exec(raw, "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)");
  sqlite3_close(raw);
  Result r = open_and_verify(f);
  EXPECT_EQ(r.outcome, Outcome::store_error) << r.message;
  ASSERT_EQ(sqlite3_open_v2(f.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT group_concat(name, ' ') FROM sqlite_schema WHERE type = 'table'", -1, &st,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  const std::string tables = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(raw);
  EXPECT_EQ(tables, "photos") << "opening a foreign database added tables to it";
}

// ---- Tampered event logs ----------------------------------------------------------------------------------

class Tamper : public StoreFault {
 protected:
  void SetUp() override {
    StoreFault::SetUp();
    if (HasFatalFailure()) return;
    pristine_ = make_database("pristine.db", 12, 3);
  }

  // Applies `sql` to a copy with a plain SQLite connection, then opens it with the store and verifies.
  kiosk::store::VerifyReport tampered(const std::string& name, const std::string& sql) {
    const fs::path f = copy_of(pristine_, name);
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(f.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    exec(raw, sql);
    sqlite3_close(raw);
    CentreStore store = CentreStore::open(f);  // tampering is not damage: it opens
    return store.verify();
  }

  fs::path pristine_;
};

TEST_F(Tamper, PristineCopyVerifies) {
  CentreStore store = CentreStore::open(copy_of(pristine_, "copy.db"));
  auto r = store.verify();
  EXPECT_TRUE(r.ok()) << r.integrity_message << " " << r.chain_problem.value_or("");
  EXPECT_GE(r.events, 20);
}

TEST_F(Tamper, ChangedPayloadBreaksTheChain) {
  auto r = tampered("payload.db", "UPDATE events SET payload = json_set(payload, '$.number', 'A-999') WHERE seq = 5");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value()) << "an edited payload went unnoticed";
  EXPECT_EQ(r.events, 4) << *r.chain_problem;
}

TEST_F(Tamper, ChangedPayloadOfTheLastEventBreaksTheChain) {
  auto r = tampered("payload-last.db",
                    "UPDATE events SET payload = json_set(payload, '$.fee', 0) WHERE seq = (SELECT MAX(seq) FROM events)");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  EXPECT_TRUE(r.chain_problem.has_value()) << "an edited last payload went unnoticed";
}

TEST_F(Tamper, PayloadWithTheSameMeaningButOtherBytesStillVerifies) {
  // The hash is over canonical bytes (sorted keys, no whitespace), not over the stored text: re-spacing the
  // stored JSON is not tampering. Documents what "canonical" buys.
  auto r = tampered("spaces.db", "UPDATE events SET payload = replace(replace(payload, ',', ', '), ':', ': ') WHERE seq = 5");
  EXPECT_TRUE(r.ok()) << r.chain_problem.value_or("");
}

TEST_F(Tamper, DeletedRowBreaksTheChain) {
  auto r = tampered("deleted.db", "DELETE FROM events WHERE seq = 7");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value()) << "a deleted event went unnoticed";
  EXPECT_EQ(r.events, 6) << *r.chain_problem;
}

TEST_F(Tamper, DeletedFirstRowBreaksTheChain) {
  auto r = tampered("deleted-first.db", "DELETE FROM events WHERE seq = 1");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value()) << "a deleted first event went unnoticed";
  EXPECT_EQ(r.events, 0);
}

TEST_F(Tamper, SwappedSequenceNumbersBreakTheChain) {
  auto r = tampered("swapped.db",
                    "UPDATE events SET seq = -1 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 9; "
                    "UPDATE events SET seq = 9 WHERE seq = -1");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value()) << "two swapped events went unnoticed";
  EXPECT_EQ(r.events, 5) << *r.chain_problem;
}

TEST_F(Tamper, SwappedAndRehashedRowsBreakTheChainLater) {
  // Swap two rows' whole contents except seq (the order of what happened changes, the numbering does not).
  auto r = tampered("reordered.db",
                    "CREATE TEMP TABLE a AS SELECT * FROM events WHERE seq = 6;"
                    "CREATE TEMP TABLE b AS SELECT * FROM events WHERE seq = 9;"
                    "UPDATE events SET (at, recorded, device, type, schema, payload, hash) = "
                    "(SELECT at, recorded, device, type, schema, payload, hash FROM b) WHERE seq = 6;"
                    "UPDATE events SET (at, recorded, device, type, schema, payload, hash) = "
                    "(SELECT at, recorded, device, type, schema, payload, hash FROM a) WHERE seq = 9;");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value()) << "two reordered events went unnoticed";
  EXPECT_EQ(r.events, 5) << *r.chain_problem;
}

TEST_F(Tamper, ChangedHashBreaksTheChain) {
  auto r = tampered("hash.db", "UPDATE events SET hash = zeroblob(32) WHERE seq = 3");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value());
  EXPECT_EQ(r.events, 2) << *r.chain_problem;
}

TEST_F(Tamper, UnreadablePayloadIsAChainProblemNotACrash) {
  auto r = tampered("garbage.db", "UPDATE events SET payload = '{not json' WHERE seq = 4");
  EXPECT_TRUE(r.integrity_ok) << r.integrity_message;
  ASSERT_TRUE(r.chain_problem.has_value());
}

}  // namespace
