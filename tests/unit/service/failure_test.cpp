// The database failing under the service: another connection holds SQLite's write lock (as a stuck
// process would). Each refused write waits for the store's busy timeout (5 s) before it gives up, so each
// test takes about that long; there is no timing assertion.
#include <sqlite3.h>

#include "fixture.hpp"

namespace kiosk::service::testing {
namespace {

// A second connection holding the write lock until released.
class WriteLock {
 public:
  explicit WriteLock(const std::filesystem::path& db) {
    if (sqlite3_open(db.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << "cannot open " << db;
    else if (sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK)
      ADD_FAILURE() << "cannot lock: " << sqlite3_errmsg(db_);
  }
  ~WriteLock() { release(); }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;
  void release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

using ServiceDatabase = ServiceTest;

TEST_F(ServiceDatabase, AWriteThatCannotCommitIsHubUnavailableAndChangesNothing) {
  const Caller kiosk = pair_device(Role::ticket).caller;
  const std::int64_t before = centre->last_seq();
  WriteLock lock(db_path);
  Reply r;
  ASSERT_NO_THROW(r = send(kiosk, "ticket.issue", {{"service", "HT"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, protocol::error_code::unavailable) << r.error.message;
  EXPECT_NE(r.error.message_vi.find("cơ sở dữ liệu"), std::string::npos) << r.error.message_vi;
  // Reading still works while another process writes.
  EXPECT_EQ(ok(kiosk, "queue.status")["services"].size(), centre->catalogue().services.size());
  lock.release();

  EXPECT_EQ(centre->last_seq(), before);
  json ticket = ok(kiosk, "ticket.issue", {{"service", "HT"}});
  EXPECT_EQ(ticket["number"], "B-001") << "the failed attempt used no number";
}

TEST_F(ServiceDatabase, IsUnhealthyWhileItCannotTakeTheWriteLock) {
  EXPECT_TRUE(service->healthy());
  {
    WriteLock lock(db_path);
    EXPECT_FALSE(service->healthy());
  }
  EXPECT_TRUE(service->healthy());
}

}  // namespace
}  // namespace kiosk::service::testing
