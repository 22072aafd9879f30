#include "storage/sqlite_store.h"

#include "storage/key_dirs.h"
#include "storage/key_range.h"
#include "storage/schema.h"
#include "storage/sqlite_rows.h"
#include "storage/store_error.h"

#include <string>
#include <unordered_set>

namespace s3emu::storage {

namespace {

constexpr const char* sql_bucket_exists = "SELECT 1 FROM buckets WHERE name = ?1";
constexpr const char* sql_insert_bucket = "INSERT INTO buckets (name, region, created_ms) VALUES (?1, ?2, ?3)";
constexpr const char* sql_get_bucket = "SELECT name, region, created_ms FROM buckets WHERE name = ?1";
constexpr const char* sql_list_buckets = "SELECT name, region, created_ms FROM buckets ORDER BY name";
constexpr const char* sql_bucket_has_objects = "SELECT 1 FROM objects WHERE bucket = ?1 LIMIT 1";
constexpr const char* sql_delete_bucket = "DELETE FROM buckets WHERE name = ?1";
constexpr const char* sql_get_object =
    "SELECT key, size, etag, last_modified_ms, headers, checksum_algorithm, checksum_value, checksum_type, blob_id, "
    "segments, tags FROM objects WHERE bucket = ?1 AND key = ?2";

constexpr const char* sql_delete_object = "DELETE FROM objects WHERE bucket = ?1 AND key = ?2";
// Objects' rows read in order from the table itself (sqlite_autoindex_objects_1 is SQLite's name
// for a WITHOUT ROWID table's primary key): the planner would otherwise walk the objects_by_key
// index and look every row up in the table.
constexpr const char* sql_list_from = "SELECT key, size, etag, last_modified_ms FROM objects "
                                      "INDEXED BY sqlite_autoindex_objects_1 "
                                      "WHERE bucket = ?1 AND key >= ?2 ORDER BY key LIMIT ?3";
constexpr const char* sql_list_after = "SELECT key, size, etag, last_modified_ms FROM objects "
                                       "INDEXED BY sqlite_autoindex_objects_1 "
                                       "WHERE bucket = ?1 AND key > ?2 ORDER BY key LIMIT ?3";
// The first key at or after ?2, from the narrow index alone (see schema migration 3): how a
// delimiter listing moves past a common prefix.
constexpr const char* sql_next_key_from = "SELECT key FROM objects INDEXED BY objects_by_key "
                                          "WHERE bucket = ?1 AND key >= ?2 ORDER BY key LIMIT 1";

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& data_dir, FsyncMode fsync)
    : db_path_(data_dir / "meta.sqlite3"),
      fsync_(fsync),
      blobs_(data_dir, fsync),
      writer_(open_connection()),
      commits_(*writer_, [this] { cache_.invalidate(); }),
      blobs_root_(data_dir / "blobs") {
    auto version = writer_->statement("PRAGMA user_version");
    version->step();
    std::int64_t applied = version->int_at(0);
    version->reset();
    // All pending migrations in one transaction: one sync for a new data dir, not one each.
    if (static_cast<std::size_t>(applied) < schema_migrations.size()) {
        Transaction tx(*writer_);
        for (std::size_t i = static_cast<std::size_t>(applied); i < schema_migrations.size(); ++i)
            writer_->exec(schema_migrations[i]);
        if (static_cast<std::size_t>(applied) < key_dirs_migration) count_all_keys_in_dirs(*writer_);
        writer_->exec(("PRAGMA user_version = " + std::to_string(schema_migrations.size())).c_str());
        tx.commit();
    }
    // Object rows that an s3emu from before key_dirs wrote in this data dir: count the keys again.
    if (key_dirs_stale(*writer_)) {
        Transaction tx(*writer_);
        count_all_keys_in_dirs(*writer_);
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
    // Files written after start-up may belong to a PUT between rename and commit: keep them.
    // File times come from a coarse kernel clock, so leave a margin rather than compare exactly.
    started -= std::chrono::seconds(10);
    // The candidates first: a store of small objects has no blob files, and then there is no
    // reason to read every row (at a million keys, seconds of a core just after start-up).
    std::vector<std::string> candidates;
    for (const auto& dir : std::filesystem::directory_iterator(blobs_root_)) {
        for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
            if (stopping_) return;
            if (file.last_write_time() < started) candidates.push_back(file.path().filename().string());
        }
    }
    if (candidates.empty()) return;
    std::unordered_set<std::string> live;
    {
        Reader db(*this);
        // One snapshot: a completion moving parts into an object is seen whole.
        Transaction snapshot(*db, Transaction::Mode::read);
        {
            auto objects = db->statement("SELECT blob_id, segments, size FROM objects");
            while (objects->step()) {
                if (stopping_) return;
                for (auto& segment : decode_segments(objects->text_at(0), objects->text_at(1), 0))
                    live.insert(std::move(segment.blob_id));
            }
            auto parts = db->statement("SELECT blob_id FROM parts");
            while (parts->step()) live.insert(parts->text_at(0));
        }
        snapshot.commit();
    }
    for (const auto& id : candidates) {
        if (stopping_) return;
        if (!live.contains(id)) blobs_.remove_blob(id);
    }
}

std::unique_ptr<SqliteDb> SqliteStore::open_connection() {
    auto db = std::make_unique<SqliteDb>(db_path_.string());
    db->exec("PRAGMA journal_mode = WAL");
    // FULL syncs the WAL at every commit: an acknowledged write survives power loss.
    db->exec(fsync_ == FsyncMode::always ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
    // Reads through a memory map instead of a pread per 4 KiB page: a delimiter listing re-seeks
    // the key index up to a thousand times a page, and at a million keys most pages miss
    // SQLite's own cache. Address space only; the kernel's page cache holds the pages.
    db->exec("PRAGMA mmap_size = 1073741824");
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
    commits_.run([&](SqliteDb& db) {
        if (bucket_exists(db, name)) throw StoreError(StoreErrc::bucket_already_exists);
        auto s = db.statement(sql_insert_bucket);
        s->bind(1, name).bind(2, region).bind(3, now);
        s->step();
    });
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
    std::vector<std::string> part_blobs;
    commits_.run([&](SqliteDb& db) {
        if (!bucket_exists(db, name)) throw StoreError(StoreErrc::no_such_bucket);
        {
            auto s = db.statement(sql_bucket_has_objects);
            s->bind(1, name);
            if (s->step()) throw StoreError(StoreErrc::bucket_not_empty);
        }
        // Uploads still in progress do not keep a bucket alive: they go with it.
        {
            auto s = db.statement(
                "SELECT p.blob_id FROM parts p JOIN uploads u ON u.upload_id = p.upload_id WHERE u.bucket = ?1");
            s->bind(1, name);
            while (s->step()) part_blobs.push_back(s->text_at(0));
        }
        // key_dirs has no rows left for an empty bucket; deleting them anyway means a count that
        // ever went wrong cannot show in a new bucket of the same name.
        for (const char* sql : {"DELETE FROM parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = ?1)",
                                "DELETE FROM uploads WHERE bucket = ?1", "DELETE FROM key_dirs WHERE bucket = ?1",
                                sql_delete_bucket}) {
            auto s = db.statement(sql);
            s->bind(1, name);
            s->step();
        }
    });
    for (const auto& blob : part_blobs) blobs_.remove_blob(blob);
}

std::unique_ptr<ObjectWriter> SqliteStore::new_object_writer(ChecksumAlgorithm checksum) {
    return std::make_unique<ObjectWriter>(blobs_, checksum, small_object_limit);
}

namespace {

ObjectMeta new_object_meta(const std::string& key, const ObjectWriter& writer, NewObject object, EpochMillis now) {
    return ObjectMeta{.key = key,
                      .size = writer.size(),
                      .etag = writer.md5_hex(),
                      .last_modified = now,
                      .headers = std::move(object.headers),
                      .checksum = {std::string(checksum_name(writer.checksum_algorithm())),
                                   checksum_base64(writer.checksum_raw()), "FULL_OBJECT"},
                      .tags = std::move(object.tags)};
}

}  // namespace

std::vector<std::string> SqliteStore::write_put(SqliteDb& db, const std::string& bucket, const ObjectMeta& meta,
                                                const std::string& blob_id, const std::string* small_bytes,
                                                const WriteCondition& condition) {
    std::vector<Segment> old = object_segments(db, bucket, meta.key);
    // A key with a row is in a bucket that exists.
    if (old.empty() && !bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    if (condition.must_not_exist || condition.etag_must_match) {
        auto current = find_object(db, bucket, meta.key, nullptr);
        if (condition.must_not_exist && current) throw StoreError(StoreErrc::precondition_failed);
        if (condition.etag_must_match && (!current || current->etag != *condition.etag_must_match))
            throw StoreError(StoreErrc::precondition_failed);
    }
    if (small_bytes && old.size() == 1 && is_small_blob(old.front().blob_id)) {
        // A small object over a small object keeps the blob row and rewrites its bytes: SQLite
        // then writes the row's own pages (in place when the size is the same) instead of
        // freeing them, allocating new ones and updating the id index twice. Readers see the
        // row and the bytes together in one snapshot, so reusing the id is safe.
        replace_small_blob(db, old.front().blob_id, *small_bytes);
        write_object_row(db, bucket, meta, {Segment{.blob_id = old.front().blob_id, .size = meta.size}}, true);
        return {};
    }
    std::vector<std::string> replaced = drop_segments(db, old);
    if (small_bytes) insert_small_blob(db, blob_id, *small_bytes);
    write_object_row(db, bucket, meta, {Segment{.blob_id = blob_id, .size = meta.size}}, !old.empty());
    return replaced;
}

ObjectMeta SqliteStore::put_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                   NewObject object, EpochMillis now, const WriteCondition& condition) {
    ObjectMeta meta = new_object_meta(key, writer, std::move(object), now);
    // A small object goes into the database with its row: one sequential WAL write, shared by
    // every PUT of the group commit, where a file would cost its own sync.
    const bool small = writer.in_memory();
    const std::string blob_id = small ? new_small_blob_id() : writer.temp().id;
    if (!small) {
        blobs_.commit(writer.temp());
        writer.mark_committed();
    }
    std::vector<std::string> replaced;
    try {
        commits_.run([&](SqliteDb& db) {
            replaced = write_put(db, bucket, meta, blob_id, small ? &writer.memory() : nullptr, condition);
        });
    } catch (...) {
        if (!small) blobs_.remove_blob(blob_id);
        throw;
    }
    // Readers that opened the old blobs keep reading them: unlinking only drops the names.
    for (const auto& blob : replaced) blobs_.remove_blob(blob);
    return meta;
}

void SqliteStore::put_small_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                   NewObject object, EpochMillis now, const WriteCondition& condition,
                                   PutDone done) {
    if (!writer.in_memory()) throw std::logic_error("put_small_object: the object's bytes are in a file");
    struct State {
        std::string bucket;
        ObjectMeta meta;
        WriteCondition condition;
        std::string blob_id;
        std::vector<std::string> replaced;
    };
    auto state = std::make_shared<State>(
        State{bucket, new_object_meta(key, writer, std::move(object), now), condition, new_small_blob_id(), {}});
    commits_.submit(
        [this, state, &writer](SqliteDb& db) {
            state->replaced =
                write_put(db, state->bucket, state->meta, state->blob_id, &writer.memory(), state->condition);
        },
        [this, state, done = std::move(done)](std::exception_ptr error) {
            if (!error)
                for (const auto& blob : state->replaced) blobs_.remove_blob(blob);
            done(error, std::move(state->meta));
        });
}

std::optional<ObjectMeta> SqliteStore::find_object(SqliteDb& db, const std::string& bucket, const std::string& key,
                                                   std::vector<Segment>* segments) {
    {
        auto s = db.statement(sql_get_object);
        s->bind(1, bucket).bind(2, key);
        if (s->step()) {
            ObjectMeta meta{.key = s->text_at(0),
                            .size = static_cast<std::uint64_t>(s->int_at(1)),
                            .etag = s->text_at(2),
                            .last_modified = s->int_at(3),
                            .headers = decode_headers(s->text_at(4)),
                            .checksum = {s->text_at(5), s->text_at(6), s->text_at(7)},
                            .tags = decode_headers(s->text_at(10))};
            std::vector<Segment> parts = decode_segments(s->text_at(8), s->text_at(9), meta.size);
            if (!s->is_null(9))
                for (const auto& p : parts) {
                    meta.part_sizes.push_back(p.size);
                    meta.part_checksums.push_back(p.checksum);
                }
            if (segments) *segments = std::move(parts);
            return meta;
        }
    }
    if (!bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
    return std::nullopt;
}

std::optional<ObjectMeta> SqliteStore::head_object(const std::string& bucket, const std::string& key) {
    if (auto hit = cache_.get(bucket, key)) return hit->meta;
    Reader db(*this);
    return find_object(*db, bucket, key, nullptr);
}

std::optional<OpenObject> SqliteStore::open_object(const std::string& bucket, const std::string& key) {
    if (auto hit = cache_.get(bucket, key)) {
        OpenObject open{hit->meta, {}};
        open.segments.push_back(OpenSegment{.size = hit->meta.size, .data = hit->data});
        return open;
    }
    const ObjectCache::Ticket ticket = cache_.ticket();
    Reader db(*this);
    // A concurrent overwrite can unlink a blob between the lookup and the open; look again, in a
    // new snapshot. Within one, the row and a small object's bytes are read together.
    for (int attempt = 0; attempt < 5; ++attempt) {
        Transaction snapshot(*db, Transaction::Mode::read);
        std::vector<Segment> segments;
        auto meta = find_object(*db, bucket, key, &segments);
        if (!meta) return std::nullopt;
        OpenObject open{std::move(*meta), {}};
        for (const auto& segment : segments) {
            OpenSegment open_segment{.size = segment.size};
            if (is_small_blob(segment.blob_id)) {
                auto data = read_small_blob(*db, segment.blob_id);
                if (!data) break;
                open_segment.data = std::make_shared<const std::string>(std::move(*data));
            } else {
                open_segment.fd = blobs_.open_blob(segment.blob_id);
                if (!open_segment.fd) break;
            }
            open.segments.push_back(std::move(open_segment));
        }
        if (open.segments.size() == segments.size()) {
            if (open.segments.size() == 1 && !open.segments[0].fd)
                cache_.put(ticket, bucket, key,
                           std::make_shared<const ObjectCache::Entry>(ObjectCache::Entry{open.meta, open.segments[0].data}));
            return open;
        }
    }
    throw std::runtime_error("object blob missing: " + bucket + "/" + key);
}

bool SqliteStore::set_object_tags(const std::string& bucket, const std::string& key, const Tags& tags) {
    bool found = false;
    commits_.run([&](SqliteDb& db) {
        if (!bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
        auto s = db.statement("UPDATE objects SET tags = ?3 WHERE bucket = ?1 AND key = ?2");
        s->bind(1, bucket).bind(2, key).bind(3, encode_headers(tags));
        s->step();
        found = db.changes() > 0;
    });
    return found;
}

void SqliteStore::delete_object(const std::string& bucket, const std::string& key) {
    delete_objects(bucket, {key});
}

void SqliteStore::delete_objects(const std::string& bucket, const std::vector<std::string>& keys) {
    std::vector<std::string> removed;
    commits_.run([&](SqliteDb& db) {
        if (!bucket_exists(db, bucket)) throw StoreError(StoreErrc::no_such_bucket);
        for (const auto& key : keys) {
            auto segments = object_segments(db, bucket, key);
            if (segments.empty()) continue;
            auto s = db.statement(sql_delete_object);
            s->bind(1, bucket).bind(2, key);
            s->step();
            count_key_in_dirs(db, bucket, key, -1);
            auto files = drop_segments(db, segments);
            removed.insert(removed.end(), files.begin(), files.end());
        }
    });
    for (const auto& blob : removed) blobs_.remove_blob(blob);
}

ListPage SqliteStore::list_objects(const std::string& bucket, const ListQuery& query) {
    Reader db(*this);
    // One snapshot for the page: each statement outside a transaction would take and release
    // SQLite's locks (system calls) on its own, and a delimiter page can re-seek 1000 times.
    Transaction snapshot(*db, Transaction::Mode::read);
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
    // A '/' listing of a directory that holds no object of its own is its subdirectories: one
    // range scan of key_dirs, however many keys lie under them.
    if (query.delimiter == "/" && (query.prefix.empty() || query.prefix.back() == '/') &&
        key_dirs_cover(query.prefix) && keys_directly_in(*db, bucket, query.prefix) == 0) {
        page.prefixes = subdirectories(*db, bucket, query.prefix, cursor, inclusive, static_cast<std::int64_t>(limit) + 1);
        if (page.prefixes.size() > limit) {
            page.prefixes.pop_back();
            page.truncated = true;
        }
        if (!page.prefixes.empty()) page.last = page.prefixes.back();
        return page;
    }
    auto count = [&] { return page.objects.size() + page.prefixes.size(); };
    // After a common prefix only the next key matters, so it comes from the narrow key index: a
    // page of 1000 prefixes is 1000 seeks, and in the table each would descend a deeper tree of
    // mostly cold pages (its cells hold whole rows). The table is read again from the first key
    // that is an object.
    bool keys_only = false;
    bool done = false;
    while (!done) {
        auto s = db->statement(keys_only ? sql_next_key_from : inclusive ? sql_list_from : sql_list_after);
        s->bind(1, bucket).bind(2, cursor);
        // One row more than the page holds tells whether the listing is truncated.
        if (!keys_only) s->bind(3, static_cast<std::int64_t>(limit - count() + 1));
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
                keys_only = true;
                reseek = true;
                if (cursor.empty()) done = true;
                break;
            }
            if (keys_only) {
                // An object: its row, and those after it, come from the table.
                cursor = key;
                inclusive = true;
                keys_only = false;
                reseek = true;
                break;
            }
            page.objects.push_back(ObjectMeta{.key = key,
                                              .size = static_cast<std::uint64_t>(s->int_at(1)),
                                              .etag = s->text_at(2),
                                              .last_modified = s->int_at(3)});
            page.last = key;
        }
        if (!reseek && !done) done = true;  // the scan ran out of rows
    }
    return page;
}

}  // namespace s3emu::storage
