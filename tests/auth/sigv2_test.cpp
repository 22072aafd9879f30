// SigV2 against the worked examples of the AWS docs ("Signing and authenticating REST requests",
// AWS signature version 2). Those requests are virtual-hosted (Host: johnsmith.s3.amazonaws.com),
// so the signed resource starts with /johnsmith; a path-style raw path reproduces it.
#include "auth/sigv2.h"

#include <gtest/gtest.h>

namespace s3emu::auth {
namespace {

constexpr const char* secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// Owns what an HttpRequestView points to.
struct Request {
    std::string method = "GET";
    std::string path = "/";
    QueryParams query;
    HeaderList headers;
    HttpRequestView view() const { return HttpRequestView{method, path, query, headers}; }
};

TEST(SigV2, ObjectGetExample) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg", {}, {{"host", "johnsmith.s3.amazonaws.com"},
                                                        {"date", "Tue, 27 Mar 2007 19:36:42 +0000"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "Tue, 27 Mar 2007 19:36:42 +0000");
    EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
    EXPECT_EQ(sigv2::signature(secret, sts), "bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
}

TEST(SigV2, ObjectPutExampleSignsContentType) {
    Request r{"PUT", "/johnsmith/photos/puppy.jpg", {},
              {{"content-type", "image/jpeg"}, {"content-length", "94328"}, {"host", "johnsmith.s3.amazonaws.com"},
               {"date", "Tue, 27 Mar 2007 21:15:45 +0000"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "Tue, 27 Mar 2007 21:15:45 +0000");
    EXPECT_EQ(sts, "PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg");
    EXPECT_EQ(sigv2::signature(secret, sts), "MyyxeRY7whkBe+bq8fHCL/2kKUg=");
}

TEST(SigV2, ListExampleExcludesOrdinaryQueryParameters) {
    Request r{"GET", "/johnsmith/", parse_query("prefix=photos&max-keys=50&marker=puppy"),
              {{"user-agent", "Mozilla/5.0"}, {"host", "johnsmith.s3.amazonaws.com"},
               {"date", "Tue, 27 Mar 2007 19:42:41 +0000"}}};
    EXPECT_EQ(sigv2::canonical_resource(r.view()), "/johnsmith/");
    std::string sts = sigv2::string_to_sign(r.view(), "Tue, 27 Mar 2007 19:42:41 +0000");
    EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/");
    EXPECT_EQ(sigv2::signature(secret, sts), "htDYFYduRNen8P9ZfE/s9SuKy0U=");
}

TEST(SigV2, AclExampleSignsTheSubResource) {
    Request r{"GET", "/johnsmith/", parse_query("acl"), {{"date", "Tue, 27 Mar 2007 19:44:46 +0000"}}};
    EXPECT_EQ(sigv2::canonical_resource(r.view()), "/johnsmith/?acl");
    std::string sts = sigv2::string_to_sign(r.view(), "Tue, 27 Mar 2007 19:44:46 +0000");
    EXPECT_EQ(sigv2::signature(secret, sts), "c2WLPFtWHVgbEmeEG93a4cG37dM=");
}

TEST(SigV2, UploadExampleSortsAndJoinsAmzHeaders) {
    // Header names arrive lower-cased (HeaderList's contract), in the order the example sends them.
    Request r{"PUT", "/static.johnsmith.net/db-backup.dat.gz", {},
              {{"user-agent", "curl/7.15.5"},
               {"host", "static.johnsmith.net:8080"},
               {"date", "Tue, 27 Mar 2007 21:06:08 +0000"},
               {"x-amz-acl", "public-read"},
               {"content-type", "application/x-download"},
               {"content-md5", "4gJE4saaMU4BqNR0kLY+lw=="},
               {"x-amz-meta-reviewedby", "joe@johnsmith.net"},
               {"x-amz-meta-reviewedby", "jane@johnsmith.net"},
               {"x-amz-meta-filechecksum", "0x02661779"},
               {"x-amz-meta-checksumalgorithm", "crc32"},
               {"content-disposition", "attachment; filename=database.dat"},
               {"content-encoding", "gzip"},
               {"content-length", "5913339"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "Tue, 27 Mar 2007 21:06:08 +0000");
    EXPECT_EQ(sts,
              "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
              "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
              "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz");
    EXPECT_EQ(sigv2::signature(secret, sts), "ilyl83RwaSoYIEdixDQcA4OnAnc=");
}

TEST(SigV2, UnicodePathIsSignedAsSent) {
    Request r{"GET", "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", {},
              {{"host", "s3.amazonaws.com"}, {"date", "Wed, 28 Mar 2007 01:49:49 +0000"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "Wed, 28 Mar 2007 01:49:49 +0000");
    EXPECT_EQ(sts, "GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re");
    EXPECT_EQ(sigv2::signature(secret, sts), "DNEZGsoieTZ92F3bUfSPQcbGmlM=");
}

TEST(SigV2, QueryStringExampleSignsExpires) {
    Request r{"GET", "/johnsmith/photos/puppy.jpg",
              parse_query("AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=x"),
              {{"host", "johnsmith.s3.amazonaws.com"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "1175139620");
    EXPECT_EQ(sts, "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg");
    EXPECT_EQ(sigv2::signature(secret, sts), "NpgCjnDzrM+WFzoENXmpNDUsSn8=");
}

TEST(SigV2, XAmzDateLeavesTheDateLineEmpty) {
    Request r{"DELETE", "/johnsmith/photos/puppy.jpg", {},
              {{"date", "Tue, 27 Mar 2007 21:20:27 +0000"}, {"x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"}}};
    std::string sts = sigv2::string_to_sign(r.view(), "");
    EXPECT_EQ(sts, "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg");
    // HMAC-SHA1 of that string under the example secret (openssl dgst -sha1 -hmac).
    EXPECT_EQ(sigv2::signature(secret, sts), "R4dJ53KECjStyBO5iTBJZ4XVOaI=");
}

TEST(SigV2, AmzHeaderValuesAreTrimmed) {
    Request r{"GET", "/b/k", {}, {{"x-amz-meta-b", "  two  "}, {"x-amz-meta-a", " one"}, {"x-other", "ignored"}}};
    EXPECT_EQ(sigv2::string_to_sign(r.view(), "D"), "GET\n\n\nD\nx-amz-meta-a:one\nx-amz-meta-b:two\n/b/k");
}

TEST(SigV2, CanonicalResourceSortsSubResourcesAndKeepsDecodedValues) {
    Request r{"GET", "/b/k",
              parse_query("versionId=3&prefix=x&response-content-disposition=attachment%3B%20filename%3Dx.txt&acl"
                          "&X-Amz-Foo=1&uploadId=abc&partNumber=2"),
              {}};
    EXPECT_EQ(sigv2::canonical_resource(r.view()),
              "/b/k?acl&partNumber=2&response-content-disposition=attachment; filename=x.txt&uploadId=abc&versionId=3");
}

TEST(SigV2, CanonicalResourceOfEmptyPathIsSlash) {
    Request r{"GET", "", {}, {}};
    EXPECT_EQ(sigv2::canonical_resource(r.view()), "/");
    Request r2{"GET", "/", parse_query("location"), {}};
    EXPECT_EQ(sigv2::canonical_resource(r2.view()), "/?location");
}

}  // namespace
}  // namespace s3emu::auth
