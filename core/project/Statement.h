#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ig {

// Throws the ig::Error matching an SQLite result code (busy → Kind::Busy, else Project/Internal),
// with `what` and SQLite's own message.
[[noreturn]] void throwSqlite(sqlite3* db, int rc, const std::string& what);

// Executes SQL text without results (several statements allowed).
void execSql(sqlite3* db, const std::string& sql);

// A prepared statement with RAII finalisation and typed binding/reading. Binding indexes are
// 1-based (as in SQLite), column indexes 0-based.
// Threading: as its connection (one thread at a time).
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, const std::vector<std::uint8_t>& blob);
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances to the next row; false when done (the statement is then reset, ready to be
    // bound and run again). Throws on errors.
    bool step();
    // Runs a statement that returns no rows.
    void run();

    std::int64_t int64(int column) const;
    int int32(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    bool isNull(int column) const;
    std::optional<std::int64_t> optInt64(int column) const;
    std::optional<std::string> optText(int column) const;

private:
    void check(int rc) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

} // namespace ig
