// The '/' directories of every bucket's keys, with how many keys lie under each (table key_dirs,
// schema migration 4). A listing with delimiter '/' reads a directory's subdirectories from it
// in one range scan. Without it each common prefix of a page is a seek in the key index, and at
// a million keys most of those land on a cold page: the page took three times as long as at
// ten thousand.
//
// A key "a/b/c" counts once in each of (bucket, parent "", name "a/"), (bucket, "a/", "a/b/")
// and, as an object directly in "a/b/", in (bucket, "a/b/", ""). Rows whose count reaches 0 go.
// Only the first key_dirs_max_depth directories of a key count: each row holds its whole path, so
// a key of a thousand slashes would otherwise write a thousand rows of up to a kilobyte.
// Listings of deeper directories take the seek walk.
#pragma once

#include "storage/sqlite_db.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3emu::storage {

inline constexpr std::size_t key_dirs_max_depth = 16;

// Whether key_dirs holds all of `dir` ("" or ending with '/'): its objects and its subdirectories.
bool key_dirs_cover(std::string_view dir);

// Counts `key` in (delta 1) or out of (delta -1) its directories, in the caller's transaction.
void count_key_in_dirs(SqliteDb& db, const std::string& bucket, std::string_view key, int delta);

// Counts every key of the objects table again: for a store written before the table existed, or
// since by an s3emu that did not keep it (key_dirs_stale).
void count_all_keys_in_dirs(SqliteDb& db);

// Whether object rows were inserted or deleted without their keys being counted.
bool key_dirs_stale(SqliteDb& db);

// How many keys lie directly in `dir` ("" or ending with '/'), not in a subdirectory.
std::int64_t keys_directly_in(SqliteDb& db, const std::string& bucket, const std::string& dir);

// The subdirectories of `dir` in key order from `from` (itself included when `inclusive`),
// at most `limit`.
std::vector<std::string> subdirectories(SqliteDb& db, const std::string& bucket, const std::string& dir,
                                        const std::string& from, bool inclusive, std::int64_t limit);

}  // namespace s3emu::storage
