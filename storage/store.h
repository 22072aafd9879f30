// The narrow interface between the S3 layer and storage: buckets, objects and listings.
// The server sees only this; SQLite and the blob files stay behind it.
#pragma once

#include "storage/object_writer.h"
#include "storage/unique_fd.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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

struct ObjectChecksum {
    std::string algorithm;  // "CRC64NVME", ...
    std::string value;      // base64, as in x-amz-checksum-*
    std::string type;       // "FULL_OBJECT" or "COMPOSITE"
};

struct ObjectMeta {
    std::string key;
    std::uint64_t size = 0;
    std::string etag;  // hex, without quotes
    EpochMillis last_modified = 0;
    StoredHeaders headers;
    ObjectChecksum checksum;
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

// An object opened for reading: its metadata and a descriptor of its bytes that stays valid
// even if the object is replaced or deleted meanwhile.
struct OpenObject {
    ObjectMeta meta;
    UniqueFd fd;
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
    virtual ObjectMeta put_object(const std::string& bucket, const std::string& key, ObjectWriter& writer,
                                  StoredHeaders headers, EpochMillis now) = 0;
    // nullopt when the key does not exist. Throws StoreError(no_such_bucket).
    virtual std::optional<ObjectMeta> head_object(const std::string& bucket, const std::string& key) = 0;
    virtual std::optional<OpenObject> open_object(const std::string& bucket, const std::string& key) = 0;
    // Deleting a missing key is not an error (S3 answers 204). Throws StoreError(no_such_bucket).
    virtual void delete_object(const std::string& bucket, const std::string& key) = 0;

    // One page in key order (UTF-8 byte order). Cost depends on the page, not the bucket size.
    // Throws StoreError(no_such_bucket).
    virtual ListPage list_objects(const std::string& bucket, const ListQuery& query) = 0;
};

}  // namespace s3emu::storage
