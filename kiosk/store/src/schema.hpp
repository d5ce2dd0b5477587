#pragma once

#include <sqlite3.h>

namespace kiosk::store {

// The newest schema this build knows.
int latest_schema_version();
// Applies every migration newer than the database's user_version, each in its own transaction.
// Refuses a database written by a newer build.
void migrate(sqlite3* db);

}  // namespace kiosk::store
