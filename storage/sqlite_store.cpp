#include "storage/sqlite_store.h"

#include "storage/schema.h"
#include "storage/store_error.h"

#include <boost/json.hpp>

#include <string>
#include <unordered_set>

namespace s3emu::storage {

namespace {

namespace json = boost::json;

std::string encode_headers(const StoredHeaders& headers) {
    json::array arr;
    for (const auto& [name, value] : headers) arr.push_back(json::array{json::string(name), json::string(value)});
    return json::serialize(arr);
}

StoredHeaders decode_headers(const std::string& text) {
    StoredHeaders headers;
    json::value v = json::parse(text);
    for (const auto& item : v.as_array()) {
        const auto& pair = item.as_array();
        headers.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
    }
    return headers;
}

// The smallest string greater than every string that starts with `prefix`; empty if none.
std::string successor(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
    if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}

// The common prefix `key` rolls up into under `delimiter`, or empty if it does not.
std::string common_prefix(const std::string& key, const std::string& prefix, const std::string& delimiter) {
    if (delimiter.empty() || !key.starts_with(prefix)) return {};
    auto pos = key.find(delimiter, prefix.size());
    if (pos == std::string::npos) return {};
    return key.substr(0, pos + delimiter.size());
}

constexpr const char* sql_bucket_exists = "SELECT 1 FROM buckets WHERE name = ?1";
constexpr const char* sql_insert_bucket = "INSERT INTO buckets (name, region, created_ms) VALUES (?1, ?2, ?3)";
constexpr const char* sql_get_bucket = "SELECT name, region, created_ms FROM buckets WHERE name = ?1";
constexpr const char* sql_list_buckets = "SELECT name, region, created_ms FROM buckets ORDER BY name";
constexpr const char* sql_bucket_has_objects = "SELECT 1 FROM objects WHERE bucket = ?1 LIMIT 1";
constexpr const char* sql_delete_bucket = "DELETE FROM buckets WHERE name = ?1";
constexpr const char* sql_get_object =
    "SELECT key, size, etag, last_modified_ms, headers, checksum_algorithm, checksum_value, checksum_type, blob_id "
    "FROM objects WHERE bucket = ?1 AND key = ?2";
constexpr const char* sql_object_blob = "SELECT blob_id FROM objects WHERE bucket = ?1 AND key = ?2";
constexpr const char* sql_put_object =
    "INSERT OR REPLACE INTO objects (bucket, key, blob_id, size, etag, last_modified_ms, headers, "
    "checksum_algorithm, checksum_value, checksum_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* sql_delete_object = "DELETE FROM objects WHERE bucket = ?1 AND key = ?2";
constexpr const char* sql_list_from = "SELECT key, size, etag, last_modified_ms FROM objects "
                                      "WHERE bucket = ?1 AND key >= ?2 ORDER BY key LIMIT ?3";
constexpr const char* sql_list_after = "SELECT key, size, etag, last_modified_ms FROM objects "
                                       "WHERE bucket = ?1 AND key > ?2 ORDER BY key LIMIT ?3";

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& data_dir, FsyncMode fsync)
    : db_path_(data_dir / "meta.sqlite3"), fsync_(fsync), blobs_(data_dir, fsync), blobs_root_(data_dir / "blobs") {
    writer_ = open_connection();
    auto version = writer_->statement("PRAGMA user_version");
    version->step();
    std::int64_t applied = version->int_at(0);
    version->reset();
    for (std::size_t i = static_cast<std::size_t>(applied); i < schema_migrations.size(); ++i) {
        Transaction tx(*writer_);
        writer_->exec(schema_migrations[i]);
        writer_->exec(("PRAGMA user_version = " + std::to_string(i + 1)).c_str());
        tx.commit();
    }
    sweeper_ = std::thread([this, started = std::filesystem::file_time_type::clock::now()] {
        try {
            sweep_orphans(started);
        } catch (const std::exception&) {
            // A failed sweep only leaves garbage behind; the next start-up tries again.
        }
    });
}

SqliteStore::~SqliteStore() {
    stopping_ = true;
    if (sweeper_.joinable()) sweeper_.join();
}

void SqliteStore::sweep_orphans(std::filesystem::file_time_type started) {
    std::unordered_set<std::string> live;
    {
        Reader db(*this);
        auto s = db->statement("SELECT blob_id FROM objects");
        while (s->step()) live.insert(s->text_at(0));
    }
    // Files written after start-up may belong to a PUT between rename and commit: keep them.
    for (const auto& dir : std::filesystem::directory_iterator(blobs_root_)) {
        for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
            if (stopping_) return;
            std::string id = file.path().filename().string();
            if (!live.contains(id) && file.last_write_time() < started) blobs_.remove_blob(id);
        }
    }
}

std::unique_ptr<SqliteDb> SqliteStore::open_connection() {
    auto db = std::make_unique<SqliteDb>(db_path_.string());
    db->exec("PRAGMA journal_mode = WAL");
    // FULL syncs the WAL at every commit: an acknowledged write survives power loss.
    db->exec(fsync_ == FsyncMode::always ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
    return db;
}

SqliteStore::Reader::Reader(SqliteStore& store) : store_(store) {
    {
        std::lock_guard lock(store_.pool_mutex_);
        if (!store_.idle_readers_.empty()) {
            db_ = std::move(store_.idle_readers_.back());
            store_.idle_readers_.pop_back();
        }
    }
    if (!db_) db_ = store_.open_connection();
}

SqliteStore::Reader::~Reader() {
    std::lock_guard lock(store_.pool_mutex_);
    store_.idle_readers_.push_back(std::move(db_));
}

bool SqliteStore::bucket_exists(SqliteDb& db, const std::string& name) {
    auto s = db.statement(sql_bucket_exists);
    s->bind(1, name);
    return s->step();
}

void SqliteStore::create_bucket(const std::string& name, const std::string& region, EpochMillis now) {
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (bucket_exists(*writer_, name)) throw StoreError(StoreErrc::bucket_already_exists);
    auto s = writer_->statement(sql_insert_bucket);
    s->bind(1, name).bind(2, region).bind(3, now);
    s->step();
    tx.commit();
}

std::optional<BucketInfo> SqliteStore::get_bucket(const std::string& name) {
    Reader db(*this);
    auto s = db->statement(sql_get_bucket);
    s->bind(1, name);
    if (!s->step()) return std::nullopt;
    return BucketInfo{s->text_at(0), s->text_at(1), s->int_at(2)};
}

std::vector<BucketInfo> SqliteStore::list_buckets() {
    Reader db(*this);
    auto s = db->statement(sql_list_buckets);
    std::vector<BucketInfo> out;
    while (s->step()) out.push_back(BucketInfo{s->text_at(0), s->text_at(1), s->int_at(2)});
    return out;
}

void SqliteStore::delete_bucket(const std::string& name) {
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (!bucket_exists(*writer_, name)) throw StoreError(StoreErrc::no_such_bucket);
    {
        auto s = writer_->statement(sql_bucket_has_objects);
        s->bind(1, name);
        if (s->step()) throw StoreError(StoreErrc::bucket_not_empty);
    }
    auto s = writer_->statement(sql_delete_bucket);
    s->bind(1, name);
    s->step();
    tx.commit();
}

std::unique_ptr<ObjectWriter> SqliteStore::new_object_writer(ChecksumAlgorithm checksum) {
    return std::make_unique<ObjectWriter>(blobs_, checksum);
}

ObjectMeta SqliteStore::put_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                   StoredHeaders headers, EpochMillis now) {
    ObjectMeta meta{key, writer.size(), writer.md5_hex(), now, std::move(headers),
                    ObjectChecksum{std::string(checksum_name(writer.checksum_algorithm())),
                                   checksum_base64(writer.checksum_raw()), "FULL_OBJECT"}};
    const std::string blob_id = writer.temp().id;
    blobs_.commit(writer.temp());
    writer.mark_committed();
    std::string old_blob;
    try {
        std::lock_guard lock(write_mutex_);
        Transaction tx(*writer_);
        if (!bucket_exists(*writer_, bucket)) throw StoreError(StoreErrc::no_such_bucket);
        {
            auto s = writer_->statement(sql_object_blob);
            s->bind(1, bucket).bind(2, key);
            if (s->step()) old_blob = s->text_at(0);
        }
        auto s = writer_->statement(sql_put_object);
        s->bind(1, bucket).bind(2, key).bind(3, blob_id).bind(4, static_cast<std::int64_t>(meta.size));
        s->bind(5, meta.etag).bind(6, now).bind(7, encode_headers(meta.headers));
        s->bind(8, meta.checksum.algorithm).bind(9, meta.checksum.value).bind(10, meta.checksum.type);
        s->step();
        tx.commit();
    } catch (...) {
        blobs_.remove_blob(blob_id);
        throw;
    }
    // Readers that opened the old blob keep reading it: unlinking only drops the name.
    if (!old_blob.empty()) blobs_.remove_blob(old_blob);
    return meta;
}

std::optional<ObjectMeta> SqliteStore::find_object(SqliteDb& db, const std::string& bucket, const std::string& key,
                                                   std::string* blob_id) {
    {
        auto s = db.statement(sql_get_object);
        s->bind(1, bucket).bind(2, key);
        if (s->step()) {
            if (blob_id) *blob_id = s->text_at(8);
            return ObjectMeta{s->text_at(0), static_cast<std::uint64_t>(s->int_at(1)), s->text_at(2), s->int_at(3),
                              decode_headers(s->text_at(4)),
                              ObjectChecksum{s->text_at(5), s->text_at(6), s->text_at(7)}};
        }
    }
    if (!bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    return std::nullopt;
}

std::optional<ObjectMeta> SqliteStore::head_object(const std::string& bucket, const std::string& key) {
    Reader db(*this);
    return find_object(*db, bucket, key, nullptr);
}

std::optional<OpenObject> SqliteStore::open_object(const std::string& bucket, const std::string& key) {
    Reader db(*this);
    // A concurrent overwrite can unlink the blob between the lookup and the open; look again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        std::string blob_id;
        auto meta = find_object(*db, bucket, key, &blob_id);
        if (!meta) return std::nullopt;
        UniqueFd fd = blobs_.open_blob(blob_id);
        if (fd) return OpenObject{std::move(*meta), std::move(fd)};
    }
    throw std::runtime_error("object blob missing: " + bucket + "/" + key);
}

void SqliteStore::delete_object(const std::string& bucket, const std::string& key) {
    std::string old_blob;
    {
        std::lock_guard lock(write_mutex_);
        Transaction tx(*writer_);
        if (!bucket_exists(*writer_, bucket)) throw StoreError(StoreErrc::no_such_bucket);
        {
            auto s = writer_->statement(sql_object_blob);
            s->bind(1, bucket).bind(2, key);
            if (!s->step()) return;
            old_blob = s->text_at(0);
        }
        auto s = writer_->statement(sql_delete_object);
        s->bind(1, bucket).bind(2, key);
        s->step();
        tx.commit();
    }
    blobs_.remove_blob(old_blob);
}

ListPage SqliteStore::list_objects(const std::string& bucket, const ListQuery& query) {
    Reader db(*this);
    if (!bucket_exists(*db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    ListPage page;
    if (query.max_keys <= 0) return page;

    // Where to start: after `after`, skipping the rest of its common prefix if it lies in one
    // (that prefix has been returned already), and never before `prefix`.
    std::string cursor = query.prefix;
    bool inclusive = true;
    if (!query.after.empty() && query.after >= cursor) {
        std::string rolled = common_prefix(query.after, query.prefix, query.delimiter);
        if (!rolled.empty()) {
            cursor = successor(rolled);
            if (cursor.empty()) return page;
        } else {
            cursor = query.after;
            inclusive = false;
        }
    }

    const std::size_t limit = static_cast<std::size_t>(query.max_keys);
    auto count = [&] { return page.objects.size() + page.prefixes.size(); };
    bool done = false;
    while (!done) {
        // One row more than the page holds tells whether the listing is truncated.
        auto s = db->statement(inclusive ? sql_list_from : sql_list_after);
        s->bind(1, bucket).bind(2, cursor).bind(3, static_cast<std::int64_t>(limit - count() + 1));
        bool reseek = false;
        while (s->step()) {
            std::string key = s->text_at(0);
            if (!key.starts_with(query.prefix)) {
                done = true;
                break;
            }
            if (count() == limit) {
                page.truncated = true;
                done = true;
                break;
            }
            std::string rolled = common_prefix(key, query.prefix, query.delimiter);
            if (!rolled.empty()) {
                page.prefixes.push_back(rolled);
                page.last = rolled;
                // Jump past every key under this prefix with one index seek.
                cursor = successor(rolled);
                inclusive = true;
                reseek = true;
                if (cursor.empty()) done = true;
                break;
            }
            page.objects.push_back(ObjectMeta{key, static_cast<std::uint64_t>(s->int_at(1)), s->text_at(2),
                                              s->int_at(3), {}, {}});
            page.last = key;
        }
        if (!reseek && !done) done = true;  // the scan ran out of rows
    }
    return page;
}

}  // namespace s3emu::storage
