// From a Beast request head to bucket, key, query and headers (path-style addressing).
#include "server/s3_request.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <gtest/gtest.h>

namespace s3emu::server {
namespace {

S3Request parse(http::verb method, std::string_view target,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::empty_body> req{method, target, 11};
    for (const auto& [name, value] : headers) req.insert(name, value);
    return parse_request(req);
}

TEST(S3Request, ServiceBucketAndObjectLevels) {
    S3Request service = parse(http::verb::get, "/");
    EXPECT_EQ(service.bucket, "");
    EXPECT_EQ(service.key, "");
    EXPECT_EQ(service.method, http::verb::get);
    EXPECT_EQ(service.method_name, "GET");

    S3Request bucket = parse(http::verb::put, "/my-bucket");
    EXPECT_EQ(bucket.bucket, "my-bucket");
    EXPECT_EQ(bucket.key, "");
    EXPECT_EQ(bucket.method_name, "PUT");

    S3Request trailing = parse(http::verb::get, "/my-bucket/");
    EXPECT_EQ(trailing.bucket, "my-bucket");
    EXPECT_EQ(trailing.key, "");

    S3Request object = parse(http::verb::get, "/my-bucket/dir/sub/file.txt");
    EXPECT_EQ(object.bucket, "my-bucket");
    EXPECT_EQ(object.key, "dir/sub/file.txt");
    EXPECT_EQ(object.raw_path, "/my-bucket/dir/sub/file.txt");
    EXPECT_EQ(object.raw_query, "");
    EXPECT_TRUE(object.query.empty());
}

TEST(S3Request, KeyIsPercentDecodedOnce) {
    S3Request r = parse(http::verb::get, "/b/a%20b/c%2Fd%2Be+f/%E2%82%AC/%2541");
    EXPECT_EQ(r.key, "a b/c/d+e+f/\xE2\x82\xAC/%41");  // '+' in a path is a plus; %25 decodes to '%' only
    EXPECT_EQ(r.raw_path, "/b/a%20b/c%2Fd%2Be+f/%E2%82%AC/%2541");
    EXPECT_EQ(parse(http::verb::get, "/b/100%").key, "100%");
}

TEST(S3Request, KeysKeepEmptySegmentsAndLeadingSlashes) {
    EXPECT_EQ(parse(http::verb::get, "/b//double//slash").key, "/double//slash");
    EXPECT_EQ(parse(http::verb::get, "/b/dir/").key, "dir/");
    EXPECT_EQ(parse(http::verb::get, "/b/./..").key, "./..");
}

TEST(S3Request, BucketIsDecodedToo) {
    EXPECT_EQ(parse(http::verb::get, "/my%2Dbucket/k").bucket, "my-bucket");
}

TEST(S3Request, QueryIsSplitAndDecoded) {
    S3Request r = parse(http::verb::get, "/b?list-type=2&prefix=a%2Fb+c&delimiter=%2F&encoding-type=url&fetch-owner");
    EXPECT_EQ(r.raw_query, "list-type=2&prefix=a%2Fb+c&delimiter=%2F&encoding-type=url&fetch-owner");
    EXPECT_EQ(r.raw_path, "/b");
    EXPECT_EQ(r.bucket, "b");
    ASSERT_NE(r.param("prefix"), nullptr);
    EXPECT_EQ(*r.param("prefix"), "a/b c");
    EXPECT_EQ(*r.param("delimiter"), "/");
    EXPECT_TRUE(r.has_param("fetch-owner"));
    EXPECT_EQ(*r.param("fetch-owner"), "");
    EXPECT_FALSE(r.has_param("marker"));
    ASSERT_EQ(r.query.size(), 5u);
    EXPECT_EQ(r.query[0].first, "list-type");

    S3Request uploads = parse(http::verb::post, "/b/k?uploads");
    EXPECT_TRUE(uploads.has_param("uploads"));
    EXPECT_EQ(uploads.key, "k");
    // An encoded '?' in the key is part of the key, not the query.
    S3Request q = parse(http::verb::get, "/b/what%3F?x=1");
    EXPECT_EQ(q.key, "what?");
    EXPECT_EQ(*q.param("x"), "1");
}

TEST(S3Request, HeaderNamesAreLowerCased) {
    S3Request r = parse(http::verb::put, "/b/k",
                        {{"Host", "localhost:9000"},
                         {"Content-Type", "text/plain"},
                         {"X-Amz-Meta-Color", "Red"},
                         {"X-AMZ-DATE", "20130524T000000Z"},
                         {"x-amz-meta-multi", "one"},
                         {"X-Amz-Meta-Multi", "two"}});
    for (const auto& [name, value] : r.headers)
        EXPECT_EQ(name.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << name;
    EXPECT_EQ(r.header("content-type"), "text/plain");
    EXPECT_EQ(r.header("x-amz-meta-color"), "Red");  // values untouched
    EXPECT_EQ(r.header("x-amz-date"), "20130524T000000Z");
    EXPECT_EQ(r.header("x-amz-meta-multi"), "one,two");
    EXPECT_FALSE(r.header("authorization").has_value());
}

TEST(S3Request, AbsoluteFormTargetKeepsThePathOnly) {
    S3Request r = parse(http::verb::get, "http://localhost:9000/b/k%20x?prefix=p");
    EXPECT_EQ(r.raw_path, "/b/k%20x");
    EXPECT_EQ(r.bucket, "b");
    EXPECT_EQ(r.key, "k x");
    EXPECT_EQ(*r.param("prefix"), "p");
    S3Request bare = parse(http::verb::get, "https://localhost:9000");
    EXPECT_EQ(bare.raw_path, "/");
    EXPECT_EQ(bare.bucket, "");
}

TEST(S3Request, Resource) {
    EXPECT_EQ(parse(http::verb::get, "/").resource(), "/");
    EXPECT_EQ(parse(http::verb::get, "/b").resource(), "/b");
    EXPECT_EQ(parse(http::verb::get, "/b/dir/file.txt").resource(), "/b/dir/file.txt");
}

TEST(S3Request, AuthViewShowsTheRawRequest) {
    S3Request r = parse(http::verb::delete_, "/b/a%20b?versionId=1", {{"X-Amz-Date", "d"}});
    auth::HttpRequestView v = r.auth_view();
    EXPECT_EQ(v.method, "DELETE");
    EXPECT_EQ(v.raw_path, "/b/a%20b");
    ASSERT_NE(v.query_param("versionId"), nullptr);
    EXPECT_EQ(*v.query_param("versionId"), "1");
    EXPECT_EQ(v.header("x-amz-date"), "d");
}

}  // namespace
}  // namespace s3emu::server
