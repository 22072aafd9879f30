// The Store on SQLite (metadata, WAL) and a BlobDir (bytes). One writer connection at a
// time; readers each take their own connection from a pool, so reads run in parallel.
#pragma once

#include "storage/blob_dir.h"
#include "storage/group_commit.h"
#include "storage/object_cache.h"
#include "storage/sqlite_db.h"
#include "storage/sqlite_rows.h"
#include "storage/store.h"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

namespace s3emu::storage {

class SqliteStore : public Store {
public:
    SqliteStore(const std::filesystem::path& data_dir, FsyncMode fsync);
    ~SqliteStore() override;

    void create_bucket(const std::string& name, const std::string& region, EpochMillis now) override;
    std::optional<BucketInfo> get_bucket(const std::string& name) override;
    std::vector<BucketInfo> list_buckets() override;
    void delete_bucket(const std::string& name) override;

    std::unique_ptr<ObjectWriter> new_object_writer(ChecksumAlgorithm checksum) override;
    ObjectMeta put_object(const std::string& bucket, const std::string& key, ObjectWriter& writer, NewObject object,
                          EpochMillis now, const WriteCondition& condition = {}) override;
    void put_small_object(const std::string& bucket, const std::string& key, ObjectWriter& writer, NewObject object,
                          EpochMillis now, const WriteCondition& condition, PutDone done) override;
    void finish_writes() override { commits_.drain(); }
    bool set_object_tags(const std::string& bucket, const std::string& key, const Tags& tags) override;
    std::optional<ObjectMeta> head_object(const std::string& bucket, const std::string& key) override;
    std::optional<OpenObject> open_object(const std::string& bucket, const std::string& key) override;
    void delete_object(const std::string& bucket, const std::string& key) override;
    void delete_objects(const std::string& bucket, const std::vector<std::string>& keys) override;

    ListPage list_objects(const std::string& bucket, const ListQuery& query) override;

    // Multipart uploads: sqlite_store_multipart.cpp.
    UploadInfo create_upload(const std::string& bucket, const std::string& key, NewObject object,
                             std::string checksum_algorithm, std::string checksum_type, EpochMillis now) override;
    UploadInfo get_upload(const std::string& bucket, const std::string& key, const std::string& upload_id) override;
    PartInfo put_part(const UploadInfo& upload, int number, ObjectWriter& writer, EpochMillis now) override;
    PartsPage list_parts(const UploadInfo& upload, int after, int max_parts) override;
    UploadsPage list_uploads(const std::string& bucket, const UploadsQuery& query) override;
    void abort_upload(const UploadInfo& upload) override;
    ObjectMeta complete_upload(const UploadInfo& upload, const std::vector<int>& part_numbers, ObjectMeta meta,
                               EpochMillis now) override;

    // Objects up to this size keep their bytes in the database rather than in a file.
    static constexpr std::size_t small_object_limit = 64 * 1024;
    // Bytes of small objects kept after a read (object_cache.h).
    static constexpr std::size_t object_cache_budget = 8 << 20;

private:
    // A reader connection borrowed from the pool for one call.
    class Reader {
    public:
        explicit Reader(SqliteStore& store);
        ~Reader();
        SqliteDb* operator->() { return db_.get(); }
        SqliteDb& operator*() { return *db_; }

    private:
        SqliteStore& store_;
        std::unique_ptr<SqliteDb> db_;
    };

    std::unique_ptr<SqliteDb> open_connection();
    // Removes blob files no metadata row names: left by a crash between rename and commit.
    // Runs in the background at start-up, so a large store is ready at once.
    void sweep_orphans(std::filesystem::file_time_type started);
    static bool bucket_exists(SqliteDb& db, const std::string& name);
    std::optional<ObjectMeta> find_object(SqliteDb& db, const std::string& bucket, const std::string& key,
                                          std::vector<Segment>* segments);
    // A put's part of the transaction: checks the bucket and the condition, drops what the key
    // held and writes the row (and a small object's bytes). Returns the replaced blob files,
    // to unlink once committed.
    std::vector<std::string> write_put(SqliteDb& db, const std::string& bucket, const ObjectMeta& meta,
                                       const std::string& blob_id, const std::string* small_bytes,
                                       const WriteCondition& condition);

    std::filesystem::path db_path_;
    FsyncMode fsync_;
    BlobDir blobs_;
    std::unique_ptr<SqliteDb> writer_;
    ObjectCache cache_{object_cache_budget};
    // Every write goes through here: many writers' transactions share one commit.
    GroupCommit commits_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<SqliteDb>> idle_readers_;
    std::filesystem::path blobs_root_;
    std::atomic<bool> stopping_{false};
    std::thread sweeper_;
};

}  // namespace s3emu::storage
