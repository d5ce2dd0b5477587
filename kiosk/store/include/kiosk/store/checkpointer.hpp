// Copies the write-ahead log back into the database file from a connection of its own, so that no
// counter's commit pays for it. SQLite otherwise checkpoints inside whichever commit crosses 1,000 pages of
// log, which turns one acknowledged call in a few hundred into a tens-of-milliseconds wait.
#pragma once

#include <filesystem>
#include <memory>

namespace kiosk::store {

class WalCheckpointer {
 public:
  explicit WalCheckpointer(const std::filesystem::path& db);  // throws StoreError
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  struct Result {
    int log_frames = 0;           // frames in the log
    int checkpointed_frames = 0;  // of which now in the database file
  };
  // A passive checkpoint: never waits for the writer, never blocks it. Throws StoreError.
  Result run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::store
