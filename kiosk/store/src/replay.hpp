#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>

namespace kiosk::store {

// Replays the whole log into a fresh in-memory database and compares every state table with the live
// one. The chain proves the log untouched; this proves the tables the reports read were derived from it.
// Returns a description of the first difference, or empty when they agree.
std::optional<std::string> compare_with_replay(sqlite3* db, const std::string& centre, const std::string& zone);

}  // namespace kiosk::store
