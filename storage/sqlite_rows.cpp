#include "storage/sqlite_rows.h"

#include "storage/blob_dir.h"
#include "storage/key_dirs.h"

#include <boost/json.hpp>

namespace s3emu::storage {

namespace json = boost::json;

std::string encode_headers(const StoredHeaders& headers) {
    json::array arr;
    for (const auto& [name, value] : headers) arr.push_back(json::array{json::string(name), json::string(value)});
    return json::serialize(arr);
}

StoredHeaders decode_headers(const std::string& text) {
    StoredHeaders headers;
    const json::value parsed = json::parse(text);  // must outlive the loop over its array
    for (const auto& item : parsed.as_array()) {
        const auto& pair = item.as_array();
        headers.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
    }
    return headers;
}

std::string encode_segments(const std::vector<Segment>& segments) {
    json::array arr;
    for (const auto& s : segments) arr.push_back(json::array{json::string(s.blob_id), s.size, json::string(s.checksum)});
    return json::serialize(arr);
}

std::vector<Segment> decode_segments(const std::string& blob_id, const std::string& segments_json,
                                     std::uint64_t size) {
    if (segments_json.empty()) return {Segment{blob_id, size}};
    std::vector<Segment> out;
    const json::value parsed = json::parse(segments_json);
    for (const auto& item : parsed.as_array()) {
        const auto& pair = item.as_array();
        out.push_back(Segment{std::string(pair.at(0).as_string()), pair.at(1).to_number<std::uint64_t>(),
                              pair.size() > 2 ? std::string(pair.at(2).as_string()) : std::string()});
    }
    return out;
}

bool is_small_blob(const std::string& blob_id) { return blob_id.starts_with('s'); }

std::string new_small_blob_id() { return "s" + random_id(); }

void insert_small_blob(SqliteDb& db, const std::string& blob_id, std::string_view data) {
    auto s = db.statement("INSERT INTO small_blobs (blob_id, data) VALUES (?1, ?2)");
    s->bind(1, blob_id).bind_blob(2, data);
    s->step();
}

void replace_small_blob(SqliteDb& db, const std::string& blob_id, std::string_view data) {
    auto s = db.statement("UPDATE small_blobs SET data = ?2 WHERE blob_id = ?1");
    s->bind(1, blob_id).bind_blob(2, data);
    s->step();
}

std::optional<std::string> read_small_blob(SqliteDb& db, const std::string& blob_id) {
    auto s = db.statement("SELECT data FROM small_blobs WHERE blob_id = ?1");
    s->bind(1, blob_id);
    if (!s->step()) return std::nullopt;
    return s->blob_at(0);
}

std::vector<std::string> drop_segments(SqliteDb& db, const std::vector<Segment>& segments) {
    std::vector<std::string> files;
    for (const auto& segment : segments) {
        if (!is_small_blob(segment.blob_id)) {
            files.push_back(segment.blob_id);
            continue;
        }
        auto s = db.statement("DELETE FROM small_blobs WHERE blob_id = ?1");
        s->bind(1, segment.blob_id);
        s->step();
    }
    return files;
}

std::vector<Segment> object_segments(SqliteDb& db, const std::string& bucket, const std::string& key) {
    auto s = db.statement("SELECT blob_id, segments, size FROM objects WHERE bucket = ?1 AND key = ?2");
    s->bind(1, bucket).bind(2, key);
    if (!s->step()) return {};
    return decode_segments(s->text_at(0), s->text_at(1), static_cast<std::uint64_t>(s->int_at(2)));
}

void write_object_row(SqliteDb& db, const std::string& bucket, const ObjectMeta& meta,
                      const std::vector<Segment>& segments, bool exists) {
    // An UPDATE leaves the key index alone, where a REPLACE deletes and reinserts its entry.
    auto s = db.statement(exists ? "UPDATE objects SET blob_id = ?3, size = ?4, etag = ?5, last_modified_ms = ?6, "
                                   "headers = ?7, checksum_algorithm = ?8, checksum_value = ?9, checksum_type = ?10, "
                                   "segments = ?11, tags = ?12 WHERE bucket = ?1 AND key = ?2"
                                 : "INSERT INTO objects (bucket, key, blob_id, size, etag, last_modified_ms, headers, "
                                   "checksum_algorithm, checksum_value, checksum_type, segments, tags) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    s->bind(1, bucket).bind(2, meta.key);
    if (segments.size() == 1 && meta.part_sizes.empty()) {
        s->bind(3, segments.front().blob_id).bind_null(11);
    } else {
        s->bind(3, std::string_view{}).bind(11, encode_segments(segments));
    }
    s->bind(4, static_cast<std::int64_t>(meta.size)).bind(5, meta.etag).bind(6, meta.last_modified);
    s->bind(7, encode_headers(meta.headers));
    s->bind(8, meta.checksum.algorithm).bind(9, meta.checksum.value).bind(10, meta.checksum.type);
    s->bind(12, encode_headers(meta.tags));
    s->step();
    if (!exists) count_key_in_dirs(db, bucket, meta.key, 1);
}

}  // namespace s3emu::storage
