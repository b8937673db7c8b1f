#pragma once

#include <string>

struct sqlite3;

namespace ig {

// The project file's schema: how a new file is laid out and how older files are brought up to
// date. The version lives in PRAGMA user_version; PRAGMA application_id marks the file as ours.
namespace schema {

inline constexpr int kApplicationId = 0x49474447; // "IGDG"
inline constexpr int kCurrentVersion = 3;

// Creates every table of the current version in an empty database (caller holds a transaction).
void createCurrent(sqlite3* db);

// Migrates from `fromVersion` to kCurrentVersion step by step (caller holds a transaction).
// Each step is a function of its own so a file of any old version can be brought forward.
void migrate(sqlite3* db, int fromVersion);

} // namespace schema
} // namespace ig
