// The power-loss test (DESIGN.md, "Durability"; quality bar "200 kill -9 cycles mid-write: 0 acknowledged
// events lost, 0 numbers reused, chain intact").
//
// Each cycle starts crash_writer on one database, reads its acknowledgements through a pipe for a random
// 2–40 ms (counted from the exec in one cycle of four, from the first acknowledgement in the others), kills
// it with SIGKILL wherever it is (opening the database, mid-transaction, mid-fsync, between commit and
// acknowledgement), and then checks the database as the next start would find it:
//   - PRAGMA integrity_check is ok on a plain read-only SQLite connection, and the file is still in WAL mode;
//   - CentreStore::open succeeds and verify() finds the integrity and the hash chain intact;
//   - the event sequence is gapless from 1 (count == max(seq));
//   - every ticket ever acknowledged (in this cycle or any earlier one) is still there: its event at the
//     acknowledged seq is the ticket.issued of that ticket, number and day, and the tickets table holds it
//     with the same number and day;
//   - no ticket number appears twice on one day, neither in the tickets table nor among the ticket.issued
//     events, and the tickets table holds exactly one row per ticket.issued event.
// A SIGKILL loses the process, not the page cache, so this checks what SQLite and the store make of a
// transaction cut at any instant; it does not simulate a disk that lies about fsync.
//
// KIOSK_CRASH_CYCLES overrides the number of cycles (default 200).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kiosk/store/centre_store.hpp"

#ifndef KIOSK_CRASH_WRITER
#error "KIOSK_CRASH_WRITER must name the crash_writer executable"
#endif

namespace {

namespace fs = std::filesystem;
using kiosk::store::CentreStore;

struct Ack {
  std::int64_t seq = 0;
  std::int64_t ticket = 0;
  std::string number;
  std::string day;  // YYYY-MM-DD
  int cycle = 0;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kiosk-crash-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    path_ = tmpl;
  }
  ~TempDir() {
    if (std::getenv("KIOSK_KEEP_TMP")) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A read-only SQLite connection, independent of the store.
class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const fs::path& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("open read-only " + path.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~ReadOnlyDb() { sqlite3_close(db_); }
  ReadOnlyDb(const ReadOnlyDb&) = delete;
  ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

  // Every row of `sql` (with `seq` bound to ?1 when given), each column as text ("NULL" for null).
  std::vector<std::vector<std::string>> rows(const char* sql, std::optional<std::int64_t> arg = std::nullopt) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql, -1, &st, nullptr);
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("prepare ") + sql + ": " + sqlite3_errmsg(db_));
    if (arg) sqlite3_bind_int64(st, 1, *arg);
    std::vector<std::vector<std::string>> out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        row.emplace_back(text ? text : "NULL");
      }
      out.push_back(std::move(row));
    }
    std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (!err.empty()) throw std::runtime_error(std::string("step ") + sql + ": " + err);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct CycleResult {
  std::vector<Ack> acks;
  bool killed = false;  // false: the writer had already exited by itself
  int status = 0;
  std::string stray;    // an incomplete last line (not acknowledged)
};

// Parses "seq ticket_id number day" lines; returns false on a malformed complete line.
bool parse_ack(const std::string& line, Ack& a) {
  std::istringstream in(line);
  std::string extra;
  if (!(in >> a.seq >> a.ticket >> a.number >> a.day)) return false;
  return !(in >> extra);
}

CycleResult run_cycle(const fs::path& db, std::chrono::milliseconds run_for, bool after_first_ack, int cycle) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Child: stdout is the pipe's write end (dup2 clears O_CLOEXEC on the copy).
    if (::dup2(fds[1], STDOUT_FILENO) < 0) ::_exit(126);
    ::execl(KIOSK_CRASH_WRITER, KIOSK_CRASH_WRITER, db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);

  std::string buffer;
  char chunk[4096];
  auto drain = [&](int timeout_ms) {
    pollfd p{fds[0], POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r == 0 || (r < 0 && errno == EINTR)) return true;  // timeout or a signal: keep going
    if (r < 0) return false;
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n > 0) buffer.append(chunk, static_cast<std::size_t>(n));
    return n > 0 || (n < 0 && errno == EINTR);
  };
  // Read acknowledgements while the writer runs, so it never blocks on a full pipe, until the deadline:
  // `run_for` after the exec, or after the first acknowledgement (the writer is past its start-up and
  // writing) when `after_first_ack`.
  bool waiting_for_first = after_first_ack;
  auto deadline = std::chrono::steady_clock::now() + (after_first_ack ? std::chrono::milliseconds(20000) : run_for);
  for (;;) {
    if (waiting_for_first && buffer.find('\n') != std::string::npos) {
      waiting_for_first = false;
      deadline = std::chrono::steady_clock::now() + run_for;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (!drain(static_cast<int>(left.count()))) break;  // EOF: the writer died by itself
  }
  ::kill(pid, SIGKILL);
  CycleResult result;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = status;
  result.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  // Whatever it wrote before it died is still in the pipe.
  for (;;) {
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  ::close(fds[0]);

  std::size_t start = 0;
  for (std::size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
    Ack a;
    a.cycle = cycle;
    const std::string line = buffer.substr(start, nl - start);
    if (!parse_ack(line, a)) throw std::runtime_error("malformed acknowledgement: '" + line + "'");
    result.acks.push_back(std::move(a));
  }
  result.stray = buffer.substr(start);
  return result;
}

std::int64_t day_number(const std::string& iso) {
  auto d = kiosk::parse_date(iso);
  if (!d) throw std::runtime_error("bad day in acknowledgement: " + iso);
  return d->time_since_epoch().count();
}

// Every check of one cycle; sets `events` to the number of events in the log.
void check_database(const fs::path& db, const std::vector<Ack>& acked, int cycle, std::int64_t& events) {
  SCOPED_TRACE("after cycle " + std::to_string(cycle));
  events = 0;
  {
    // First as a plain SQLite reader finds the file (it recovers the WAL index but writes nothing).
    ReadOnlyDb ro(db);
    auto integrity = ro.rows("PRAGMA integrity_check");
    EXPECT_TRUE(integrity.size() == 1 && integrity[0][0] == "ok")
        << "integrity_check: " << (integrity.empty() ? "no rows" : integrity[0][0]);
    EXPECT_EQ(ro.rows("PRAGMA journal_mode")[0][0], "wal");
  }
  {
    CentreStore store = CentreStore::open(db);
    const kiosk::store::VerifyReport report = store.verify();
    EXPECT_TRUE(report.integrity_ok) << report.integrity_message;
    EXPECT_FALSE(report.chain_problem) << *report.chain_problem;
    events = report.events;
    EXPECT_EQ(store.last_seq(), report.events);
  }
  ReadOnlyDb ro(db);
  auto counts = ro.rows("SELECT COUNT(*), COALESCE(MAX(seq), 0), COALESCE(MIN(seq), 0) FROM events");
  const std::int64_t count = std::stoll(counts[0][0]), max_seq = std::stoll(counts[0][1]);
  EXPECT_EQ(count, max_seq) << "the event sequence has a gap";
  EXPECT_EQ(counts[0][2], "1");
  EXPECT_EQ(count, events);

  for (const Ack& a : acked) {
    auto ev = ro.rows(
        "SELECT type, json_extract(payload, '$.ticket'), json_extract(payload, '$.number'), "
        "json_extract(payload, '$.day') FROM events WHERE seq = ?1",
        a.seq);
    ASSERT_EQ(ev.size(), 1u) << "acknowledged event " << a.seq << " (ticket " << a.number << " of " << a.day
                             << ", cycle " << a.cycle << ") is lost";
    EXPECT_EQ(ev[0][0], "ticket.issued") << "event " << a.seq;
    EXPECT_EQ(ev[0][1], std::to_string(a.ticket)) << "event " << a.seq;
    EXPECT_EQ(ev[0][2], a.number) << "event " << a.seq;
    EXPECT_EQ(ev[0][3], a.day) << "event " << a.seq;
    auto t = ro.rows("SELECT number, day FROM tickets WHERE id = ?1", a.ticket);
    ASSERT_EQ(t.size(), 1u) << "acknowledged ticket " << a.ticket << " (" << a.number << ", cycle " << a.cycle
                            << ") is missing from the tickets table";
    EXPECT_EQ(t[0][0], a.number);
    EXPECT_EQ(t[0][1], std::to_string(day_number(a.day)));
  }

  auto dup_tickets = ro.rows("SELECT day, number, COUNT(*) FROM tickets GROUP BY day, number HAVING COUNT(*) > 1");
  EXPECT_TRUE(dup_tickets.empty()) << "ticket " << dup_tickets[0][1] << " issued " << dup_tickets[0][2]
                                   << " times on day " << dup_tickets[0][0];
  auto dup_events = ro.rows(
      "SELECT json_extract(payload, '$.day') AS d, json_extract(payload, '$.number') AS n, COUNT(*) FROM events "
      "WHERE type = 'ticket.issued' GROUP BY d, n HAVING COUNT(*) > 1");
  EXPECT_TRUE(dup_events.empty()) << "ticket.issued names " << dup_events[0][1] << " " << dup_events[0][2]
                                  << " times on " << dup_events[0][0];
  auto issued = ro.rows("SELECT COUNT(*) FROM events WHERE type = 'ticket.issued'");
  auto tickets = ro.rows("SELECT COUNT(*) FROM tickets");
  EXPECT_EQ(issued[0][0], tickets[0][0]) << "tickets table out of step with the log";
}

TEST(PowerLoss, KillNineMidWriteLosesNothingAcknowledged) {
  int cycles = 200;
  if (const char* env = std::getenv("KIOSK_CRASH_CYCLES")) cycles = std::max(1, std::atoi(env));

  TempDir dir;
  const fs::path db = dir.path() / "centre.db";
  kiosk::store::CentreStore::InitOptions init;
  init.centre_code = "H15.50.05.13";
  init.catalogue_toml = read_file(fs::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml");
  ASSERT_FALSE(init.catalogue_toml.empty());
  CentreStore::initialise(db, init,
                          std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));

  std::mt19937_64 rng(0x6b696f736bULL);  // fixed seed: the same kill instants every run
  std::uniform_int_distribution<int> run_ms(2, 40);
  std::uniform_int_distribution<int> start_kind(0, 3);
  int from_exec_cycles = 0;
  std::vector<Ack> acked;
  std::map<std::int64_t, int> acked_seq;  // no seq may be acknowledged twice
  int kills_without_ack = 0, stray_lines = 0;
  std::int64_t events = 0, last_events = 0;
  const auto started = std::chrono::steady_clock::now();

  for (int cycle = 1; cycle <= cycles; ++cycle) {
    // One cycle in four counts its 2–40 ms from the exec, so the kill can land while the writer opens the
    // database (WAL recovery after the previous kill, migrations check); the others count from the first
    // acknowledgement, so the kill lands among the writes. On a loaded machine the start-up alone can take
    // longer than 40 ms, which would otherwise leave most cycles without a single write to cut.
    const bool from_exec = start_kind(rng) == 0;
    const auto run_for = std::chrono::milliseconds(run_ms(rng));
    CycleResult r = run_cycle(db, run_for, !from_exec, cycle);
    if (from_exec) ++from_exec_cycles;
    ASSERT_TRUE(r.killed) << "cycle " << cycle << ": crash_writer ended by itself (wait status " << r.status
                          << "); see its stderr above";
    if (r.acks.empty()) ++kills_without_ack;
    if (!r.stray.empty()) ++stray_lines;
    for (Ack& a : r.acks) {
      auto [it, fresh] = acked_seq.emplace(a.seq, cycle);
      ASSERT_TRUE(fresh) << "seq " << a.seq << " acknowledged in cycle " << it->second << " and again in cycle " << cycle;
      acked.push_back(std::move(a));
    }
    check_database(db, acked, cycle, events);
    ASSERT_GE(events, last_events) << "the log shrank";
    last_events = events;
    if (HasFatalFailure() || HasNonfatalFailure()) {
      ADD_FAILURE() << "stopping after the first damaged cycle (" << cycle << "); database kept in " << dir.path();
      ::setenv("KIOSK_KEEP_TMP", "1", 1);
      return;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "crash_test: %d cycles (%d timed from exec), %lld events in the log, %zu acknowledged tickets, all present; "
      "%d kills before the first acknowledgement, %d cut mid-line; %.1f s\n",
      cycles, from_exec_cycles, static_cast<long long>(events), acked.size(), kills_without_ack, stray_lines, seconds);
  EXPECT_GT(acked.size(), static_cast<std::size_t>(cycles)) << "too few acknowledgements to mean anything";
}

}  // namespace
