// A thin RAII layer over the SQLite C API, private to the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "kiosk/store/errors.hpp"

namespace kiosk::store::sql {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, const void* data, std::size_t size);
  Statement& bind_null(int i);
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // True while a row is available.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  int int32(int col) const { return static_cast<int>(int64(col)); }
  double real(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql);

// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed uncommitted (an exception left the scope). Inside an
// open transaction (a batch) it is a savepoint: a refused operation undoes only itself.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  sqlite3* db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace kiosk::store::sql
