// The narrow interface between the S3 layer and storage: buckets, objects and listings.
// The server sees only this; SQLite and the blob files stay behind it.
#pragma once

#include "storage/object_writer.h"
#include "storage/unique_fd.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3emu::storage {

using EpochMillis = std::int64_t;

struct BucketInfo {
    std::string name;
    std::string region;
    EpochMillis created = 0;
};

// Response headers stored with an object (Content-Type, x-amz-meta-*, ...), names as they
// are sent back. Storage keeps them opaque.
using StoredHeaders = std::vector<std::pair<std::string, std::string>>;
// An object's tag set (key, value), in the order the client gave it.
using Tags = std::vector<std::pair<std::string, std::string>>;

// What a new object carries besides its bytes.
struct NewObject {
    StoredHeaders headers;
    Tags tags;
};

struct ObjectChecksum {
    std::string algorithm;  // "CRC64NVME", ...
    std::string value;      // base64, as in x-amz-checksum-*
    std::string type;       // "FULL_OBJECT" or "COMPOSITE"
};

struct ObjectMeta {
    std::string key;
    std::uint64_t size = 0;
    std::string etag;  // hex, without quotes; "<hex>-N" for a multipart object
    EpochMillis last_modified = 0;
    StoredHeaders headers;
    ObjectChecksum checksum;
    Tags tags;
    // Sizes of the parts a multipart object was completed from; empty for a single PUT.
    std::vector<std::uint64_t> part_sizes;
    // Each part's checksum in the object's algorithm (base64), parallel to part_sizes; "" if none.
    std::vector<std::string> part_checksums;
};

struct ListQuery {
    std::string prefix;
    std::string delimiter;
    std::string after;  // list only entries that sort after this key (exclusive)
    int max_keys = 1000;
};

struct ListPage {
    std::vector<ObjectMeta> objects;     // without headers
    std::vector<std::string> prefixes;   // common prefixes, each once
    bool truncated = false;
    std::string last;                    // the last key or prefix returned, to continue from
};

// An object opened for reading: its metadata and descriptors of its bytes (one per part of a
// multipart object, in order) that stay valid even if the object is replaced or deleted.
struct OpenSegment {
    UniqueFd fd;  // invalid for a small object, whose bytes are in `data`
    std::uint64_t size = 0;
    // Shared with the object cache, so that serving a cached object copies none of its bytes.
    std::shared_ptr<const std::string> data;

    std::string_view bytes() const { return data ? std::string_view(*data) : std::string_view(); }
};

struct OpenObject {
    ObjectMeta meta;
    std::vector<OpenSegment> segments;
};

struct UploadInfo {
    std::string upload_id, bucket, key;
    EpochMillis initiated = 0;
    StoredHeaders headers;           // what the completed object will carry
    Tags tags;
    std::string checksum_algorithm;  // "" when the client named none
    std::string checksum_type;       // "COMPOSITE" or "FULL_OBJECT" when named
};

struct PartInfo {
    int number = 0;
    std::uint64_t size = 0;
    std::string etag;  // hex md5, without quotes
    EpochMillis last_modified = 0;
    std::string checksum;            // base64
    std::string checksum_algorithm;  // the upload's, or the one the part was sent with
};

struct PartsPage {
    std::vector<PartInfo> parts;
    bool truncated = false;
};

struct UploadsQuery {
    std::string prefix, delimiter, key_marker, upload_id_marker;
    int max_uploads = 1000;
};

struct UploadsPage {
    std::vector<UploadInfo> uploads;
    std::vector<std::string> prefixes;
    bool truncated = false;
    // Where the next page starts: the last upload (key and id) or common prefix (id empty) returned.
    std::string next_key_marker, next_upload_id_marker;
};

// A conditional write (If-None-Match: * / If-Match: etag), checked in the commit transaction
// so that two racing writers cannot both pass it.
struct WriteCondition {
    bool must_not_exist = false;
    std::optional<std::string> etag_must_match;  // hex, without quotes
};

class Store {
public:
    virtual ~Store() = default;

    // Throws StoreError(bucket_already_exists) if it exists.
    virtual void create_bucket(const std::string& name, const std::string& region, EpochMillis now) = 0;
    virtual std::optional<BucketInfo> get_bucket(const std::string& name) = 0;
    virtual std::vector<BucketInfo> list_buckets() = 0;
    // Throws StoreError(no_such_bucket | bucket_not_empty).
    virtual void delete_bucket(const std::string& name) = 0;

    // A writer for a new object's bytes, in a temp file until put_object commits it.
    virtual std::unique_ptr<ObjectWriter> new_object_writer(ChecksumAlgorithm checksum) = 0;
    // Makes the written bytes the object `key`: sync (as configured), rename, one metadata
    // transaction. Replaces an existing object. Throws StoreError(no_such_bucket).
    // REQUIRES: writer.finish() was called.
    // The object's checksum is the writer's, as a FULL_OBJECT checksum.
    // Throws StoreError(precondition_failed) when `condition` does not hold.
    virtual ObjectMeta put_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                  NewObject object, EpochMillis now, const WriteCondition& condition = {}) = 0;
    // put_object without waiting, for a writer that kept its bytes in memory (writer.in_memory():
    // no file to sync, only the metadata transaction). `done` runs on the store's commit thread
    // once the object is durable, or with the exception that stopped it (as put_object throws);
    // it must be quick. The caller keeps the writer alive until then.
    using PutDone = std::function<void(std::exception_ptr, ObjectMeta)>;
    virtual void put_small_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                  NewObject object, EpochMillis now, const WriteCondition& condition,
                                  PutDone done) = 0;
    // Waits until every put_small_object so far has called its `done`: at shutdown, before the
    // memory its callers keep alive goes.
    virtual void finish_writes() = 0;
    // nullopt when the key does not exist. Throws StoreError(no_such_bucket).
    virtual std::optional<ObjectMeta> head_object(const std::string& bucket, const std::string& key) = 0;
    virtual std::optional<OpenObject> open_object(const std::string& bucket, const std::string& key) = 0;
    // Replaces the object's tag set; false when the key does not exist. Throws StoreError(no_such_bucket).
    virtual bool set_object_tags(const std::string& bucket, const std::string& key, const Tags& tags) = 0;
    // Deleting a missing key is not an error (S3 answers 204). Throws StoreError(no_such_bucket).
    virtual void delete_object(const std::string& bucket, const std::string& key) = 0;
    // delete_object for each key, in one commit.
    virtual void delete_objects(const std::string& bucket, const std::vector<std::string>& keys) = 0;

    // One page in key order (UTF-8 byte order). Cost depends on the page, not the bucket size.
    // Throws StoreError(no_such_bucket).
    virtual ListPage list_objects(const std::string& bucket, const ListQuery& query) = 0;

    // Multipart uploads. Calls naming an upload throw StoreError(no_such_upload) when it is not
    // in progress for that bucket and key.
    virtual UploadInfo create_upload(const std::string& bucket, const std::string& key, NewObject object,
                                     std::string checksum_algorithm, std::string checksum_type, EpochMillis now) = 0;
    virtual UploadInfo get_upload(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id) = 0;
    // Stores (or replaces) part `number` with the writer's checksum. REQUIRES: writer.finish() was called.
    virtual PartInfo put_part(const UploadInfo& upload, int number, ObjectWriter& writer, EpochMillis now) = 0;
    // Parts numbered above `after`, at most `max_parts`.
    virtual PartsPage list_parts(const UploadInfo& upload, int after, int max_parts) = 0;
    virtual UploadsPage list_uploads(const std::string& bucket, const UploadsQuery& query) = 0;
    virtual void abort_upload(const UploadInfo& upload) = 0;
    // Makes the chosen parts, in order, the object: no byte is copied. `meta` carries the
    // ETag, checksum and headers the server computed; size and part sizes come from the parts.
    // Parts not chosen are deleted with the upload.
    virtual ObjectMeta complete_upload(const UploadInfo& upload, const std::vector<int>& part_numbers,
                                       ObjectMeta meta, EpochMillis now) = 0;
};

}  // namespace s3emu::storage
