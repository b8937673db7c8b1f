#include "project/Statement.h"

#include "util/Error.h"

#include <sqlite3.h>

namespace ig {

void throwSqlite(sqlite3* db, int rc, const std::string& what) {
    const int primary = rc & 0xff;
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw Error(Error::Kind::Busy, "The project is busy: another program is writing to it (" +
                                           detail + "). Wait for it to finish and try again.");
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
        throw Error(Error::Kind::Project,
                    what + ": the file is not a valid project (" + detail + ").");
    if (primary == SQLITE_FULL)
        throw Error(Error::Kind::Input,
                    what + ": the disk is full. Free some space and try again; nothing was lost.");
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
        throw Error(Error::Kind::Input,
                    what + ": " + detail + ". Check that the file and its folder are writable.");
    if (primary == SQLITE_IOERR)
        throw Error(Error::Kind::Input,
                    what + ": the file could not be read or written (" + detail +
                        "). Check the disk: free space, the file size limit (ulimit -f), "
                        "permissions; then try again. Nothing committed was lost.");
    if (primary == SQLITE_CONSTRAINT)
        throw Error(Error::Kind::Input, what + ": " + detail + ".");
    throw Error(Error::Kind::Internal, what + ": " + detail + ".");
}

void execSql(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message ? message : "";
        sqlite3_free(message);
        (void)text;
        throwSqlite(db, rc, "SQL failed");
    }
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        throwSqlite(db, rc, "Preparing a project query");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

void Statement::check(int rc) const {
    if (rc != SQLITE_OK)
        throwSqlite(db_, rc, "Binding a value of a project query");
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(sqlite3_bind_double(stmt_, index, value));
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind(int index, const std::vector<std::uint8_t>& blob) {
    check(sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()),
                            SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindNull(int index) {
    check(sqlite3_bind_null(stmt_, index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        // Ready to bind and run again: SQLite refuses new bindings until a reset.
        sqlite3_reset(stmt_);
        return false;
    }
    const bool reading = sqlite3_stmt_readonly(stmt_) != 0;
    sqlite3_reset(stmt_);
    throwSqlite(db_, rc, reading ? "Reading the project" : "Writing to the project");
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::optInt64(int column) const {
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::optional<std::string> Statement::optText(int column) const {
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

} // namespace ig
