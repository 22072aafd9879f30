// SqliteStore's multipart uploads: parts are blobs of their own, and completing an upload
// records the chosen parts as the object's segments, so no byte is copied.
#include "storage/key_range.h"
#include "storage/sqlite_store.h"
#include "storage/store_error.h"

#include <cstdio>

namespace s3emu::storage {

namespace {

#define S3EMU_UPLOAD_COLUMNS \
    "SELECT upload_id, bucket, key, initiated_ms, headers, checksum_algorithm, checksum_type, tags "
constexpr const char* sql_get_upload =
    S3EMU_UPLOAD_COLUMNS "FROM uploads WHERE upload_id = ?1 AND bucket = ?2 AND key = ?3";
constexpr const char* sql_uploads_after = S3EMU_UPLOAD_COLUMNS
    "FROM uploads WHERE bucket = ?1 AND (key > ?2 OR (key = ?2 AND upload_id > ?3)) ORDER BY key, upload_id LIMIT ?4";
constexpr const char* sql_uploads_from = S3EMU_UPLOAD_COLUMNS
    "FROM uploads WHERE bucket = ?1 AND key >= ?2 ORDER BY key, upload_id LIMIT ?3";
#undef S3EMU_UPLOAD_COLUMNS

UploadInfo read_upload(Statement& s) {
    return UploadInfo{s.text_at(0), s.text_at(1), s.text_at(2), s.int_at(3), decode_headers(s.text_at(4)),
                      decode_headers(s.text_at(7)), s.text_at(5), s.text_at(6)};
}

bool upload_exists(SqliteDb& db, const UploadInfo& upload) {
    auto s = db.statement("SELECT 1 FROM uploads WHERE upload_id = ?1 AND bucket = ?2 AND key = ?3");
    s->bind(1, upload.upload_id).bind(2, upload.bucket).bind(3, upload.key);
    return s->step();
}

std::vector<std::string> part_blobs(SqliteDb& db, const std::string& upload_id) {
    std::vector<std::string> out;
    auto s = db.statement("SELECT blob_id FROM parts WHERE upload_id = ?1");
    s->bind(1, upload_id);
    while (s->step()) out.push_back(s->text_at(0));
    return out;
}

void delete_upload_rows(SqliteDb& db, const std::string& upload_id) {
    for (const char* sql : {"DELETE FROM parts WHERE upload_id = ?1", "DELETE FROM uploads WHERE upload_id = ?1"}) {
        auto s = db.statement(sql);
        s->bind(1, upload_id);
        s->step();
    }
}

}  // namespace

UploadInfo SqliteStore::create_upload(const std::string& bucket, const std::string& key, NewObject object,
                                      std::string checksum_algorithm, std::string checksum_type, EpochMillis now) {
    // Ids begin with the initiation time, so that uploads of one key list in the order they began,
    // as S3 lists them, while the index stays (bucket, key, upload_id).
    char stamp[17];
    std::snprintf(stamp, sizeof stamp, "%016llx", static_cast<unsigned long long>(now));
    UploadInfo upload{stamp + random_id(), bucket,          key, now, std::move(object.headers),
                      std::move(object.tags),      std::move(checksum_algorithm), std::move(checksum_type)};
    commits_.run([&](SqliteDb& db) {
        if (!bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
        auto s = db.statement(
            "INSERT INTO uploads (upload_id, bucket, key, initiated_ms, headers, checksum_algorithm, checksum_type, "
            "tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        s->bind(1, upload.upload_id).bind(2, bucket).bind(3, key).bind(4, now).bind(5, encode_headers(upload.headers));
        s->bind(6, upload.checksum_algorithm).bind(7, upload.checksum_type).bind(8, encode_headers(upload.tags));
        s->step();
    });
    return upload;
}

UploadInfo SqliteStore::get_upload(const std::string& bucket, const std::string& key, const std::string& upload_id) {
    Reader db(*this);
    {
        auto s = db->statement(sql_get_upload);
        s->bind(1, upload_id).bind(2, bucket).bind(3, key);
        if (s->step()) return read_upload(*s.operator->());
    }
    if (!bucket_exists(*db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    throw StoreError(StoreErrc::no_such_upload);
}

PartInfo SqliteStore::put_part(const UploadInfo& upload, int number, ObjectWriter& writer, EpochMillis now) {
    PartInfo part{number, writer.size(), writer.md5_hex(), now, checksum_base64(writer.checksum_raw()),
                  std::string(checksum_name(writer.checksum_algorithm()))};
    writer.to_file();  // parts stay files: completing makes them an object's segments as they are
    const std::string blob_id = writer.temp().id;
    blobs_.commit(writer.temp());
    writer.mark_committed();
    std::string replaced;
    try {
        commits_.run([&](SqliteDb& db) {
            if (!upload_exists(db, upload)) throw StoreError(StoreErrc::no_such_upload);
            {
                auto s = db.statement("SELECT blob_id FROM parts WHERE upload_id = ?1 AND part_number = ?2");
                s->bind(1, upload.upload_id).bind(2, std::int64_t{number});
                if (s->step()) replaced = s->text_at(0);
            }
            auto s = db.statement(
                "INSERT OR REPLACE INTO parts (upload_id, part_number, blob_id, size, etag, checksum, "
                "last_modified_ms, checksum_algorithm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            s->bind(1, upload.upload_id).bind(2, std::int64_t{number}).bind(3, blob_id);
            s->bind(4, static_cast<std::int64_t>(part.size)).bind(5, part.etag).bind(6, part.checksum).bind(7, now);
            s->bind(8, part.checksum_algorithm);
            s->step();
        });
    } catch (...) {
        blobs_.remove_blob(blob_id);
        throw;
    }
    if (!replaced.empty()) blobs_.remove_blob(replaced);
    return part;
}

PartsPage SqliteStore::list_parts(const UploadInfo& upload, int after, int max_parts) {
    Reader db(*this);
    if (!upload_exists(*db, upload)) throw StoreError(StoreErrc::no_such_upload);
    PartsPage page;
    auto s = db->statement(
        "SELECT part_number, size, etag, last_modified_ms, checksum, checksum_algorithm FROM parts "
        "WHERE upload_id = ?1 AND part_number > ?2 ORDER BY part_number LIMIT ?3");
    s->bind(1, upload.upload_id).bind(2, std::int64_t{after}).bind(3, std::int64_t{max_parts} + 1);
    while (s->step()) {
        if (static_cast<int>(page.parts.size()) == max_parts) {
            page.truncated = true;
            break;
        }
        page.parts.push_back(PartInfo{static_cast<int>(s->int_at(0)), static_cast<std::uint64_t>(s->int_at(1)),
                                      s->text_at(2), s->int_at(3), s->text_at(4), s->text_at(5)});
    }
    return page;
}

UploadsPage SqliteStore::list_uploads(const std::string& bucket, const UploadsQuery& query) {
    Reader db(*this);
    if (!bucket_exists(*db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    UploadsPage page;
    if (query.max_uploads <= 0) return page;

    // The cursor is either strictly after (key, upload_id) or, after a jump past a common
    // prefix, at `key` inclusive. Without an upload-id-marker, S3 skips every upload of the key marker.
    std::string key = query.prefix, upload_id;
    bool after = false;
    if (!query.key_marker.empty() && query.key_marker >= query.prefix) {
        std::string rolled = common_prefix(query.key_marker, query.prefix, query.delimiter);
        if (!rolled.empty()) {
            key = successor(rolled);
            if (key.empty()) return page;
        } else if (query.upload_id_marker.empty()) {
            key = query.key_marker;
            upload_id = std::string(1, '\x7f');
            after = true;
        } else {
            key = query.key_marker;
            upload_id = query.upload_id_marker;
            after = true;
        }
    }
    const std::size_t limit = static_cast<std::size_t>(query.max_uploads);
    auto count = [&] { return page.uploads.size() + page.prefixes.size(); };
    for (;;) {
        auto s = db->statement(after ? sql_uploads_after : sql_uploads_from);
        auto want = static_cast<std::int64_t>(limit - count() + 1);
        s->bind(1, bucket).bind(2, key);
        if (after) s->bind(3, upload_id).bind(4, want);
        else s->bind(3, want);
        bool jumped = false;
        while (s->step()) {
            UploadInfo u = read_upload(*s.operator->());
            if (!u.key.starts_with(query.prefix)) return page;
            if (count() == limit) {
                page.truncated = true;
                return page;
            }
            std::string rolled = common_prefix(u.key, query.prefix, query.delimiter);
            if (rolled.empty()) {
                page.next_key_marker = u.key;
                page.next_upload_id_marker = u.upload_id;
                page.uploads.push_back(std::move(u));
                continue;
            }
            page.next_key_marker = rolled;
            page.next_upload_id_marker.clear();
            page.prefixes.push_back(rolled);
            key = successor(rolled);
            if (key.empty()) return page;
            after = false;
            jumped = true;
            break;
        }
        if (!jumped) return page;
    }
}

void SqliteStore::abort_upload(const UploadInfo& upload) {
    std::vector<std::string> blobs;
    commits_.run([&](SqliteDb& db) {
        if (!upload_exists(db, upload)) throw StoreError(StoreErrc::no_such_upload);
        blobs = part_blobs(db, upload.upload_id);
        delete_upload_rows(db, upload.upload_id);
    });
    for (const auto& blob : blobs) blobs_.remove_blob(blob);
}

ObjectMeta SqliteStore::complete_upload(const UploadInfo& upload, const std::vector<int>& part_numbers,
                                        ObjectMeta meta, EpochMillis now) {
    std::vector<std::string> replaced;
    std::vector<std::string> unused;
    commits_.run([&](SqliteDb& db) {
        if (!bucket_exists(db, upload.bucket)) throw StoreError(StoreErrc::no_such_bucket);
        if (!upload_exists(db, upload)) throw StoreError(StoreErrc::no_such_upload);
        std::vector<Segment> segments;
        meta.size = 0;
        meta.part_sizes.clear();
        meta.part_checksums.clear();
        for (int number : part_numbers) {
            auto s = db.statement(
                "SELECT blob_id, size, checksum, checksum_algorithm FROM parts WHERE upload_id = ?1 AND part_number = ?2");
            s->bind(1, upload.upload_id).bind(2, std::int64_t{number});
            if (!s->step()) throw StoreError(StoreErrc::no_such_upload);
            std::string checksum = s->text_at(3) == meta.checksum.algorithm ? s->text_at(2) : std::string();
            segments.push_back(Segment{s->text_at(0), static_cast<std::uint64_t>(s->int_at(1)), checksum});
            meta.size += segments.back().size;
            meta.part_sizes.push_back(segments.back().size);
            meta.part_checksums.push_back(std::move(checksum));
        }
        for (auto& blob : part_blobs(db, upload.upload_id)) {
            bool chosen = false;
            for (const auto& seg : segments) chosen = chosen || seg.blob_id == blob;
            if (!chosen) unused.push_back(std::move(blob));
        }
        meta.key = upload.key;
        meta.tags = upload.tags;
        meta.last_modified = now;
        const std::vector<Segment> old = object_segments(db, upload.bucket, upload.key);
        replaced = drop_segments(db, old);
        write_object_row(db, upload.bucket, meta, segments, !old.empty());
        delete_upload_rows(db, upload.upload_id);
    });
    for (const auto& blob : replaced) blobs_.remove_blob(blob);
    for (const auto& blob : unused) blobs_.remove_blob(blob);
    return meta;
}

}  // namespace s3emu::storage
