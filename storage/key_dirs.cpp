#include "storage/key_dirs.h"

#include <algorithm>

namespace s3emu::storage {

namespace {

void count_in(SqliteDb& db, const std::string& bucket, std::string_view parent, std::string_view name, int delta) {
    if (delta > 0) {
        auto s = db.statement(
            "INSERT INTO key_dirs (bucket, parent, name, keys) VALUES (?1, ?2, ?3, 1) "
            "ON CONFLICT (bucket, parent, name) DO UPDATE SET keys = keys + 1");
        s->bind(1, bucket).bind(2, parent).bind(3, name);
        s->step();
        return;
    }
    {
        auto s = db.statement("UPDATE key_dirs SET keys = keys - 1 WHERE bucket = ?1 AND parent = ?2 AND name = ?3");
        s->bind(1, bucket).bind(2, parent).bind(3, name);
        s->step();
    }
    auto s = db.statement("DELETE FROM key_dirs WHERE bucket = ?1 AND parent = ?2 AND name = ?3 AND keys <= 0");
    s->bind(1, bucket).bind(2, parent).bind(3, name);
    s->step();
}

void count_dirs_of(SqliteDb& db, const std::string& bucket, std::string_view key, int delta) {
    std::string_view parent;
    std::size_t depth = 0;
    for (auto slash = key.find('/'); slash != std::string_view::npos; slash = key.find('/', slash + 1)) {
        if (++depth > key_dirs_max_depth) return;  // neither deeper directories nor the key itself count
        std::string_view dir = key.substr(0, slash + 1);
        count_in(db, bucket, parent, dir, delta);
        parent = dir;
    }
    count_in(db, bucket, parent, "", delta);
}

}  // namespace

bool key_dirs_cover(std::string_view dir) {
    return static_cast<std::size_t>(std::count(dir.begin(), dir.end(), '/')) < key_dirs_max_depth;
}

void count_key_in_dirs(SqliteDb& db, const std::string& bucket, std::string_view key, int delta) {
    count_dirs_of(db, bucket, key, delta);
    // Takes back what the trigger counted for this row's insert or delete.
    db.statement("UPDATE key_dirs_uncounted SET writes = writes - 1")->step();
}

void count_all_keys_in_dirs(SqliteDb& db) {
    db.exec("DELETE FROM key_dirs");
    {
        auto s = db.statement("SELECT bucket, key FROM objects");
        while (s->step()) count_dirs_of(db, s->text_at(0), s->text_at(1), 1);
    }
    db.exec("UPDATE key_dirs_uncounted SET writes = 0");
}

bool key_dirs_stale(SqliteDb& db) {
    auto s = db.statement("SELECT writes FROM key_dirs_uncounted");
    return !s->step() || s->int_at(0) != 0;
}

std::int64_t keys_directly_in(SqliteDb& db, const std::string& bucket, const std::string& dir) {
    auto s = db.statement("SELECT keys FROM key_dirs WHERE bucket = ?1 AND parent = ?2 AND name = ''");
    s->bind(1, bucket).bind(2, dir);
    return s->step() ? s->int_at(0) : 0;
}

std::vector<std::string> subdirectories(SqliteDb& db, const std::string& bucket, const std::string& dir,
                                        const std::string& from, bool inclusive, std::int64_t limit) {
    auto s = db.statement(inclusive ? "SELECT name FROM key_dirs WHERE bucket = ?1 AND parent = ?2 AND name <> '' "
                                      "AND name >= ?3 ORDER BY name LIMIT ?4"
                                    : "SELECT name FROM key_dirs WHERE bucket = ?1 AND parent = ?2 AND name <> '' "
                                      "AND name > ?3 ORDER BY name LIMIT ?4");
    s->bind(1, bucket).bind(2, dir).bind(3, from).bind(4, limit);
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->text_at(0));
    return out;
}

}  // namespace s3emu::storage
