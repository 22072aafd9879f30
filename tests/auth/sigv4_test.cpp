// SigV4 against the worked examples with published signatures in the AWS S3 SigV4 docs
// ("Signature Calculations for the Authorization Header" and "Query String Authentication").
#include "auth/sigv4.h"

#include "auth/crypto.h"

#include <gtest/gtest.h>

namespace s3emu::auth {
namespace {

constexpr const char* secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* empty_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string sign(const HttpRequestView& req, const std::vector<std::string>& signed_headers, const std::string& payload,
                 const std::string& skip = {}) {
    std::string headers, missing, joined;
    EXPECT_TRUE(sigv4::canonical_headers(req, signed_headers, headers, missing)) << missing;
    for (const auto& h : signed_headers) joined += (joined.empty() ? "" : ";") + h;
    std::string creq = sigv4::canonical_request(req.method, sigv4::canonical_uri(req.raw_path),
                                                sigv4::canonical_query(req.query, skip), headers, joined, payload);
    std::string scope = sigv4::scope("20130524", "us-east-1", "s3");
    std::string sts = sigv4::string_to_sign("20130524T000000Z", scope, creq);
    return sigv4::signature(sigv4::signing_key(secret, "20130524", "us-east-1", "s3"), sts);
}

TEST(SigV4, GetObjectExample) {
    QueryParams query;
    HeaderList headers = {{"host", "examplebucket.s3.amazonaws.com"},
                          {"range", "bytes=0-9"},
                          {"x-amz-content-sha256", empty_sha},
                          {"x-amz-date", "20130524T000000Z"}};
    HttpRequestView req{"GET", "/test.txt", query, headers};
    EXPECT_EQ(sign(req, {"host", "range", "x-amz-content-sha256", "x-amz-date"}, empty_sha),
              "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, PutObjectExample) {
    std::string payload_hash = sha256_hex("Welcome to Amazon S3.");
    QueryParams query;
    HeaderList headers = {{"host", "examplebucket.s3.amazonaws.com"},
                          {"date", "Fri, 24 May 2013 00:00:00 GMT"},
                          {"x-amz-date", "20130524T000000Z"},
                          {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                          {"x-amz-content-sha256", payload_hash}};
    // The key is "test$file.text": '$' is encoded in the canonical URI.
    HttpRequestView req{"PUT", "/test$file.text", query, headers};
    EXPECT_EQ(sign(req, {"date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class"}, payload_hash),
              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, GetBucketLifecycleExample) {
    QueryParams query = parse_query("lifecycle");
    HeaderList headers = {{"host", "examplebucket.s3.amazonaws.com"},
                          {"x-amz-date", "20130524T000000Z"},
                          {"x-amz-content-sha256", empty_sha}};
    HttpRequestView req{"GET", "/", query, headers};
    EXPECT_EQ(sign(req, {"host", "x-amz-content-sha256", "x-amz-date"}, empty_sha),
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, ListObjectsExample) {
    QueryParams query = parse_query("max-keys=2&prefix=J");
    HeaderList headers = {{"host", "examplebucket.s3.amazonaws.com"},
                          {"x-amz-date", "20130524T000000Z"},
                          {"x-amz-content-sha256", empty_sha}};
    HttpRequestView req{"GET", "/", query, headers};
    EXPECT_EQ(sign(req, {"host", "x-amz-content-sha256", "x-amz-date"}, empty_sha),
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, PresignedGetExample) {
    QueryParams query = parse_query(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_"
        "request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=ignored");
    HeaderList headers = {{"host", "examplebucket.s3.amazonaws.com"}};
    HttpRequestView req{"GET", "/test.txt", query, headers};
    EXPECT_EQ(sign(req, {"host"}, "UNSIGNED-PAYLOAD", "X-Amz-Signature"),
              "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4, CanonicalUriEncodesOnceAndKeepsSlashes) {
    EXPECT_EQ(sigv4::canonical_uri("/bucket/a%20b+c/%C3%BC"), "/bucket/a%20b%2Bc/%C3%BC");
    EXPECT_EQ(sigv4::canonical_uri("/bucket/it's(1)!*"), "/bucket/it%27s%281%29%21%2A");
    EXPECT_EQ(sigv4::canonical_uri("/bucket//double//"), "/bucket//double//");
    EXPECT_EQ(sigv4::canonical_uri("/bucket/%7Etilde-_."), "/bucket/~tilde-_.");
    EXPECT_EQ(sigv4::canonical_uri(""), "/");
}

TEST(SigV4, CanonicalQuerySortsEncodesAndKeepsEmptyValues) {
    QueryParams q = parse_query("prefix=a%20b%2Bc&uploads&b=%2F&a=2&a=1");
    EXPECT_EQ(sigv4::canonical_query(q), "a=1&a=2&b=%2F&prefix=a%20b%2Bc&uploads=");
    EXPECT_EQ(sigv4::canonical_query(parse_query("x=1&X-Amz-Signature=abc"), "X-Amz-Signature"), "x=1");
    // A raw '+' in a query is a space to S3.
    EXPECT_EQ(sigv4::canonical_query(parse_query("prefix=a+b")), "prefix=a%20b");
}

TEST(SigV4, CanonicalHeadersTrimFoldAndJoin) {
    QueryParams q;
    HeaderList headers = {{"host", "h"}, {"x-amz-meta-a", "  one   two  "}, {"x-amz-meta-a", "three"}};
    HttpRequestView req{"GET", "/", q, headers};
    std::string out, missing;
    ASSERT_TRUE(sigv4::canonical_headers(req, {"host", "x-amz-meta-a"}, out, missing));
    EXPECT_EQ(out, "host:h\nx-amz-meta-a:one two,three\n");
    EXPECT_FALSE(sigv4::canonical_headers(req, {"host", "x-amz-date"}, out, missing));
    EXPECT_EQ(missing, "x-amz-date");
}

}  // namespace
}  // namespace s3emu::auth
