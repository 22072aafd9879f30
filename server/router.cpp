#include "server/router.h"

#include "server/attributes_handlers.h"
#include "server/bucket_handlers.h"
#include "server/copy_handlers.h"
#include "server/list_handlers.h"
#include "server/multipart_handlers.h"
#include "server/object_handlers.h"
#include "server/tagging_handlers.h"

#include <array>

namespace s3emu::server {

namespace {

enum class Level { service, bucket, object };

struct Route {
    http::verb method;
    Level level;
    std::string_view subresource;  // "" when the request names none
    std::string_view name;
    Handler handler;
    bool copy = false;  // selected by an x-amz-copy-source header
};

// The query parameters that select a different operation on the same path.
constexpr std::array<std::string_view, 34> subresources = {
    "accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption", "intelligent-tiering",
    "inventory", "legal-hold", "lifecycle", "list-type", "location", "logging", "metrics", "notification",
    "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication",
    "requestPayment", "restore", "retention", "select", "session", "tagging", "torrent", "uploadId", "uploads",
    "versioning", "versions", "website"};

constexpr auto GET = http::verb::get, PUT = http::verb::put, HEAD = http::verb::head, DEL = http::verb::delete_,
               POST = http::verb::post;

const std::array routes = {
    Route{GET, Level::service, "", "ListBuckets", list_buckets},
    Route{PUT, Level::bucket, "", "CreateBucket", create_bucket},
    Route{HEAD, Level::bucket, "", "HeadBucket", head_bucket},
    Route{DEL, Level::bucket, "", "DeleteBucket", delete_bucket},
    Route{GET, Level::bucket, "location", "GetBucketLocation", get_bucket_location},
    Route{GET, Level::bucket, "list-type", "ListObjectsV2", list_objects_v2},
    Route{GET, Level::bucket, "", "ListObjects", list_objects},
    Route{GET, Level::bucket, "uploads", "ListMultipartUploads", list_multipart_uploads},
    Route{GET, Level::bucket, "versions", "ListObjectVersions", list_object_versions},
    Route{POST, Level::bucket, "delete", "DeleteObjects", delete_objects},
    Route{PUT, Level::object, "", "CopyObject", copy_object, true},
    Route{PUT, Level::object, "", "PutObject", put_object},
    Route{GET, Level::object, "", "GetObject", get_object},
    Route{HEAD, Level::object, "", "HeadObject", head_object},
    Route{DEL, Level::object, "", "DeleteObject", delete_object},
    Route{GET, Level::object, "attributes", "GetObjectAttributes", get_object_attributes},
    Route{GET, Level::object, "tagging", "GetObjectTagging", get_object_tagging},
    Route{PUT, Level::object, "tagging", "PutObjectTagging", put_object_tagging},
    Route{DEL, Level::object, "tagging", "DeleteObjectTagging", delete_object_tagging},
    Route{POST, Level::object, "uploads", "CreateMultipartUpload", create_multipart_upload},
    Route{PUT, Level::object, "uploadId", "UploadPartCopy", upload_part_copy, true},
    Route{PUT, Level::object, "uploadId", "UploadPart", upload_part},
    Route{POST, Level::object, "uploadId", "CompleteMultipartUpload", complete_multipart_upload},
    Route{DEL, Level::object, "uploadId", "AbortMultipartUpload", abort_multipart_upload},
    Route{GET, Level::object, "uploadId", "ListParts", list_parts},
};

std::string_view subresource_of(const S3Request& request) {
    for (const auto& [name, value] : request.query)
        for (auto s : subresources)
            if (name == s) return s;
    return {};
}

}  // namespace

Operation route(const S3Request& request) {
    Level level = request.bucket.empty() ? Level::service : request.key.empty() ? Level::bucket : Level::object;
    std::string_view sub = subresource_of(request);
    bool copy = request.header("x-amz-copy-source").has_value();
    for (const auto& r : routes)
        if (r.method == request.method && r.level == level && r.subresource == sub && (!r.copy || copy))
            return {r.name, r.handler};
    if (!sub.empty()) return {sub, nullptr, true};
    return {"Unknown", nullptr, false};
}

}  // namespace s3emu::server
