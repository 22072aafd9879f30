// RAII over one SQLite connection and its prepared statements, each prepared once per connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace s3emu::storage {

// One prepared statement. Bind, step, read columns; reset() makes it ready for the next use.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    // Binds `bytes` without copying them (an object's body): they must stay valid until the
    // statement is reset.
    Statement& bind_blob(int index, std::string_view bytes);
    // True while there is a row to read; false when done. Throws on error.
    bool step();
    void reset();

    std::int64_t int_at(int column) const;
    std::string text_at(int column) const;
    std::string blob_at(int column) const;
    bool is_null(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// Resets the statement when it leaves scope, so an early return or a throw never leaves it mid-step.
class StatementUse {
public:
    explicit StatementUse(Statement& s) : s_(s) {}
    ~StatementUse() { s_.reset(); }
    Statement* operator->() { return &s_; }

private:
    Statement& s_;
};

class SqliteDb {
public:
    // REQUIRES: the connection is used by one thread at a time.
    explicit SqliteDb(const std::string& path);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const char* sql);
    // `sql` must outlive the connection (a string literal): its address keys the cache.
    StatementUse statement(const char* sql);
    std::int64_t changes() const { return sqlite3_changes64(db_); }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE (a writer) or BEGIN (a reader's consistent snapshot) on construction;
// ROLLBACK unless commit() was called.
class Transaction {
public:
    enum class Mode { write, read };
    explicit Transaction(SqliteDb& db, Mode mode = Mode::write);
    ~Transaction();
    void commit();

private:
    SqliteDb& db_;
    bool done_ = false;
};

}  // namespace s3emu::storage
