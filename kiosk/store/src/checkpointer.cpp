#include "kiosk/store/checkpointer.hpp"

#include <sqlite3.h>

#include "kiosk/store/errors.hpp"
#include "sqlite.hpp"

namespace kiosk::store {

struct WalCheckpointer::Impl {
  sqlite3* db = nullptr;
  ~Impl() { sqlite3_close(db); }
};

WalCheckpointer::WalCheckpointer(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
  if (sqlite3_open_v2(path.c_str(), &impl_->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    throw StoreError(StoreError::Kind::io, "cannot open " + path.string() + " to checkpoint: " + sqlite3_errmsg(impl_->db));
  // The copy into the database file must be as durable as the log it empties.
  sql::exec(impl_->db, "PRAGMA synchronous = FULL");
}

WalCheckpointer::~WalCheckpointer() = default;

WalCheckpointer::Result WalCheckpointer::run() {
  Result r;
  const int rc = sqlite3_wal_checkpoint_v2(impl_->db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &r.log_frames, &r.checkpointed_frames);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    throw StoreError(StoreError::Kind::io, std::string("checkpoint failed: ") + sqlite3_errmsg(impl_->db));
  return r;
}

}  // namespace kiosk::store
