// How objects are laid out in the metadata rows: stored headers and blob segments as JSON,
// and the two statements every object write shares.
#pragma once

#include "storage/sqlite_db.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3emu::storage {

// One blob file of an object: the whole object, or one part of a multipart object.
struct Segment {
    std::string blob_id;
    std::uint64_t size = 0;
    std::string checksum;  // a part's checksum in the object's algorithm, if any
};

// Name/value pairs (stored headers, tags) as a JSON array of [name, value].
std::string encode_headers(const StoredHeaders& headers);
StoredHeaders decode_headers(const std::string& text);

// A row holds `blob_id` for a single blob, or `segments` JSON [blob_id, size, checksum]
// (NULL/empty otherwise).
std::string encode_segments(const std::vector<Segment>& segments);
std::vector<Segment> decode_segments(const std::string& blob_id, const std::string& segments_json,
                                     std::uint64_t size);

// Small objects keep their bytes in the small_blobs table under an id beginning with 's'.
bool is_small_blob(const std::string& blob_id);
std::string new_small_blob_id();
void insert_small_blob(SqliteDb& db, const std::string& blob_id, std::string_view data);
void replace_small_blob(SqliteDb& db, const std::string& blob_id, std::string_view data);
std::optional<std::string> read_small_blob(SqliteDb& db, const std::string& blob_id);
// Deletes the small blobs among `segments` (in the caller's transaction) and returns the ids
// of the file blobs, to be removed once the transaction has committed.
std::vector<std::string> drop_segments(SqliteDb& db, const std::vector<Segment>& segments);

// The blobs of the current object at (bucket, key); empty if there is none.
std::vector<Segment> object_segments(SqliteDb& db, const std::string& bucket, const std::string& key);
// Writes the object row: updates the key's row if it `exists`, else inserts one (and counts the
// key in its directories).
void write_object_row(SqliteDb& db, const std::string& bucket, const ObjectMeta& meta,
                      const std::vector<Segment>& segments, bool exists);

}  // namespace s3emu::storage
