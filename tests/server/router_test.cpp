// The routing table: (method, level, sub-resource) to the S3 operation and its handler.
#include "server/router.h"
#include "server/tagging_handlers.h"

#include "server/bucket_handlers.h"
#include "server/list_handlers.h"
#include "server/multipart_handlers.h"
#include "server/object_handlers.h"

#include <gtest/gtest.h>

namespace s3emu::server {
namespace {

S3Request make(http::verb method, std::string bucket, std::string key = {}, std::string raw_query = {}) {
    S3Request r;
    r.method = method;
    r.method_name = std::string(http::to_string(method));
    r.bucket = std::move(bucket);
    r.key = std::move(key);
    r.raw_query = std::move(raw_query);
    r.query = auth::parse_query(r.raw_query);
    return r;
}

struct Case {
    http::verb method;
    const char* bucket;
    const char* key;
    const char* query;
    const char* operation;
    Handler handler;
};

TEST(Router, EachRouteMapsToItsOperation) {
    using http::verb;
    const Case cases[] = {
        {verb::get, "", "", "", "ListBuckets", list_buckets},
        {verb::put, "b", "", "", "CreateBucket", create_bucket},
        {verb::head, "b", "", "", "HeadBucket", head_bucket},
        {verb::delete_, "b", "", "", "DeleteBucket", delete_bucket},
        {verb::get, "b", "", "location", "GetBucketLocation", get_bucket_location},
        {verb::get, "b", "", "list-type=2", "ListObjectsV2", list_objects_v2},
        {verb::get, "b", "", "list-type=2&prefix=a&delimiter=%2F&continuation-token=x", "ListObjectsV2",
         list_objects_v2},
        {verb::get, "b", "", "", "ListObjects", list_objects},
        {verb::get, "b", "", "prefix=a&marker=m&max-keys=3&encoding-type=url", "ListObjects", list_objects},
        {verb::put, "b", "k", "", "PutObject", put_object},
        {verb::get, "b", "k", "", "GetObject", get_object},
        {verb::head, "b", "k", "", "HeadObject", head_object},
        {verb::delete_, "b", "k", "", "DeleteObject", delete_object},
        {verb::get, "b", "dir/k", "", "GetObject", get_object},
        // Parameters that are not sub-resources do not change the operation.
        {verb::get, "b", "k", "versionId=3", "GetObject", get_object},
        {verb::get, "b", "k", "response-content-type=text%2Fplain&x-id=GetObject", "GetObject", get_object},
        {verb::get, "b", "k", "partNumber=1", "GetObject", get_object},
        {verb::put, "b", "k", "x-id=PutObject", "PutObject", put_object},
        {verb::delete_, "b", "k", "versionId=3", "DeleteObject", delete_object},
        // Multipart uploads: the sub-resource picks the operation, other parameters do not.
        {verb::get, "b", "", "uploads", "ListMultipartUploads", list_multipart_uploads},
        {verb::get, "b", "", "uploads&prefix=a&key-marker=k", "ListMultipartUploads", list_multipart_uploads},
        {verb::post, "b", "k", "uploads", "CreateMultipartUpload", create_multipart_upload},
        {verb::put, "b", "k", "partNumber=1&uploadId=abc", "UploadPart", upload_part},
        {verb::put, "b", "k", "uploadId=abc&partNumber=2", "UploadPart", upload_part},
        {verb::post, "b", "k", "uploadId=abc", "CompleteMultipartUpload", complete_multipart_upload},
        {verb::delete_, "b", "k", "uploadId=abc", "AbortMultipartUpload", abort_multipart_upload},
        {verb::get, "b", "", "versions", "ListObjectVersions", list_object_versions},
        {verb::get, "b", "k", "tagging", "GetObjectTagging", get_object_tagging},
        {verb::put, "b", "k", "tagging", "PutObjectTagging", put_object_tagging},
        {verb::delete_, "b", "k", "tagging", "DeleteObjectTagging", delete_object_tagging},
        {verb::post, "b", "", "delete", "DeleteObjects", delete_objects},
        {verb::get, "b", "k", "uploadId=abc&max-parts=2", "ListParts", list_parts},
    };
    for (const auto& c : cases) {
        Operation op = route(make(c.method, c.bucket, c.key, c.query));
        std::string what = std::string(http::to_string(c.method)) + " /" + c.bucket + "/" + c.key + "?" + c.query;
        EXPECT_EQ(op.name, std::string_view(c.operation)) << what;
        EXPECT_EQ(op.handler, c.handler) << what;
        EXPECT_FALSE(op.not_implemented) << what;
    }
}

TEST(Router, KnownButUnservedSubResourcesAreNotImplemented) {
    using http::verb;
    const Case cases[] = {
        {verb::get, "b", "", "versioning", "versioning", nullptr},
        {verb::put, "b", "", "versioning", "versioning", nullptr},
        {verb::put, "b", "", "cors", "cors", nullptr},
        {verb::delete_, "b", "", "policy", "policy", nullptr},
        {verb::get, "b", "", "tagging", "tagging", nullptr},
        {verb::put, "b", "k", "acl", "acl", nullptr},
        {verb::get, "b", "", "lifecycle", "lifecycle", nullptr},
        {verb::put, "b", "", "uploads", "uploads", nullptr},  // only GET lists uploads on a bucket
    };
    for (const auto& c : cases) {
        Operation op = route(make(c.method, c.bucket, c.key, c.query));
        std::string what = std::string(http::to_string(c.method)) + " /" + c.bucket + "/" + c.key + "?" + c.query;
        EXPECT_TRUE(op.not_implemented) << what;
        EXPECT_EQ(op.handler, nullptr) << what;
        EXPECT_EQ(op.name, std::string_view(c.operation)) << what;
    }
}

TEST(Router, WrongMethodHasNoHandler) {
    using http::verb;
    const Case cases[] = {
        {verb::post, "", "", "", "", nullptr},     {verb::put, "", "", "", "", nullptr},
        {verb::delete_, "", "", "", "", nullptr},  {verb::post, "b", "", "", "", nullptr},
        {verb::post, "b", "k", "", "", nullptr},   {verb::patch, "b", "k", "", "", nullptr},
        {verb::options, "b", "k", "", "", nullptr}, {verb::put, "b", "", "location", "", nullptr},
    };
    for (const auto& c : cases) {
        Operation op = route(make(c.method, c.bucket, c.key, c.query));
        std::string what = std::string(http::to_string(c.method)) + " /" + c.bucket + "/" + c.key + "?" + c.query;
        EXPECT_EQ(op.handler, nullptr) << what;
    }
    EXPECT_FALSE(route(make(verb::post, "b", "k")).not_implemented);
    EXPECT_FALSE(route(make(verb::delete_, "")).not_implemented);
}

}  // namespace
}  // namespace s3emu::server
