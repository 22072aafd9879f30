// Which request headers a new object keeps (content headers, x-amz-meta-*, storage class),
// S3's limits on them, the Content-MD5 header, and x-amz-tagging.
#include "server/object_headers.h"

#include "server/s3_error.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace s3emu::server {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

S3Request request(Headers headers) {
    http::request<http::empty_body> req{http::verb::put, "/b/k", 11};
    for (const auto& [name, value] : headers) req.insert(name, value);
    return parse_request(req);
}

storage::StoredHeaders stored(Headers headers) { return headers_to_store(request(std::move(headers))); }

std::optional<std::string> find(const storage::StoredHeaders& headers, std::string_view name) {
    std::optional<std::string> out;
    for (const auto& [n, v] : headers)
        if (n == name) {
            EXPECT_FALSE(out) << name << " stored twice";
            out = v;
        }
    return out;
}

S3Error error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const S3Error& e) {
        return e;
    }
    ADD_FAILURE() << "no S3Error thrown";
    return S3Error(S3Code::InternalError);
}

// ---------------------------------------------------------------------------------------------
// headers_to_store

TEST(HeadersToStore, DefaultContentTypeIsBinaryOctetStream) {
    storage::StoredHeaders h = stored({});
    EXPECT_EQ(h, (storage::StoredHeaders{{"Content-Type", "binary/octet-stream"}}));
}

TEST(HeadersToStore, ContentHeadersInS3Spelling) {
    storage::StoredHeaders h = stored({{"content-type", "text/plain; charset=utf-8"},
                                       {"Content-Disposition", "attachment; filename=\"a.txt\""},
                                       {"CONTENT-LANGUAGE", "en"},
                                       {"Cache-Control", "max-age=60"},
                                       {"Expires", "Thu, 01 Dec 1994 16:00:00 GMT"},
                                       {"Content-Encoding", "gzip"},
                                       {"x-amz-website-redirect-location", "/other"}});
    EXPECT_EQ(find(h, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(find(h, "Content-Disposition"), "attachment; filename=\"a.txt\"");
    EXPECT_EQ(find(h, "Content-Language"), "en");
    EXPECT_EQ(find(h, "Cache-Control"), "max-age=60");
    EXPECT_EQ(find(h, "Expires"), "Thu, 01 Dec 1994 16:00:00 GMT");
    EXPECT_EQ(find(h, "Content-Encoding"), "gzip");
    EXPECT_EQ(find(h, "x-amz-website-redirect-location"), "/other");
    EXPECT_EQ(h.size(), 7u);
}

TEST(HeadersToStore, OtherRequestHeadersAreNotStored) {
    storage::StoredHeaders h = stored({{"Host", "localhost"},
                                       {"Authorization", "AWS4-HMAC-SHA256 ..."},
                                       {"Content-Length", "10"},
                                       {"Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="},
                                       {"x-amz-date", "20130524T000000Z"},
                                       {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"},
                                       {"x-amz-tagging", "a=b"},
                                       {"x-amz-decoded-content-length", "5"}});
    EXPECT_EQ(h, (storage::StoredHeaders{{"Content-Type", "binary/octet-stream"}}));
}

TEST(HeadersToStore, AwsChunkedIsStrippedFromContentEncoding) {
    EXPECT_FALSE(find(stored({{"Content-Encoding", "aws-chunked"}}), "Content-Encoding"));
    EXPECT_EQ(find(stored({{"Content-Encoding", "aws-chunked,gzip"}}), "Content-Encoding"), "gzip");
    EXPECT_EQ(find(stored({{"Content-Encoding", "aws-chunked, gzip"}}), "Content-Encoding"), "gzip");
    EXPECT_EQ(find(stored({{"Content-Encoding", "gzip,aws-chunked"}}), "Content-Encoding"), "gzip");
    EXPECT_EQ(find(stored({{"Content-Encoding", "gzip, aws-chunked, br"}}), "Content-Encoding"), "gzip,br");
    EXPECT_EQ(find(stored({{"Content-Encoding", "identity"}}), "Content-Encoding"), "identity");
}

TEST(HeadersToStore, UserMetadataIsKept) {
    storage::StoredHeaders h = stored({{"X-Amz-Meta-Color", "Red"}, {"x-amz-meta-empty", ""},
                                       {"x-amz-meta-note", "caf\xC3\xA9"}});
    EXPECT_EQ(find(h, "x-amz-meta-color"), "Red");  // names lower-case, values untouched
    EXPECT_EQ(find(h, "x-amz-meta-empty"), "");
    EXPECT_EQ(find(h, "x-amz-meta-note"), "caf\xC3\xA9");
    EXPECT_EQ(find(h, "Content-Type"), "binary/octet-stream");
}

TEST(HeadersToStore, UserMetadataUpToTwoKilobytes) {
    // S3 sums the bytes of every user-metadata name and value: at most 2 KB in all.
    EXPECT_NO_THROW(stored({{"x-amz-meta-a", std::string(1000, 'x')}, {"x-amz-meta-b", std::string(1000, 'y')}}));
    EXPECT_NO_THROW(stored({{"x-amz-meta-k", std::string(2000, 'x')}}));
}

TEST(HeadersToStore, UserMetadataOverTwoKilobytesIsMetadataTooLarge) {
    S3Error e = error_of([] { stored({{"x-amz-meta-k", std::string(2100, 'x')}}); });
    EXPECT_EQ(e.code(), S3Code::MetadataTooLarge);
    EXPECT_EQ(info(S3Code::MetadataTooLarge).status, boost::beast::http::status::bad_request);
    // The sum over headers counts, not each header alone.
    EXPECT_EQ(error_of([] {
                  stored({{"x-amz-meta-a", std::string(1100, 'x')}, {"x-amz-meta-b", std::string(1100, 'y')}});
              }).code(),
              S3Code::MetadataTooLarge);
    // Content headers do not count towards it.
    EXPECT_NO_THROW(stored({{"Content-Disposition", std::string(4000, 'x')}, {"x-amz-meta-a", "b"}}));
}

TEST(HeadersToStore, StandardStorageClassIsNotStored) {
    storage::StoredHeaders h = stored({{"x-amz-storage-class", "STANDARD"}});
    EXPECT_FALSE(find(h, "x-amz-storage-class"));
}

TEST(HeadersToStore, OtherStorageClassesAreStored) {
    for (const char* cls : {"GLACIER", "STANDARD_IA", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "REDUCED_REDUNDANCY",
                            "ONEZONE_IA", "GLACIER_IR"})
        EXPECT_EQ(find(stored({{"x-amz-storage-class", cls}}), "x-amz-storage-class"), cls);
}

TEST(HeadersToStore, UnknownStorageClassIsInvalidStorageClass) {
    for (const char* cls : {"BOGUS", "", "standard "}) {
        S3Error e = error_of([&] { stored({{"x-amz-storage-class", cls}}); });
        EXPECT_EQ(e.code(), S3Code::InvalidStorageClass) << "'" << cls << "'";
    }
    EXPECT_EQ(info(S3Code::InvalidStorageClass).status, boost::beast::http::status::bad_request);
}

// ---------------------------------------------------------------------------------------------
// expected_md5

TEST(ExpectedMd5, AbsentIsEmpty) { EXPECT_EQ(expected_md5(request({})), ""); }

TEST(ExpectedMd5, ValidHeaderDecodesToSixteenBytes) {
    // Content-MD5 of "hello world": 5eb63bbbe01eeed093cb22bb8f5acdc3.
    std::string raw = expected_md5(request({{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}}));
    ASSERT_EQ(raw.size(), 16u);
    EXPECT_EQ(raw, std::string("\x5e\xb6\x3b\xbb\xe0\x1e\xee\xd0\x93\xcb\x22\xbb\x8f\x5a\xcd\xc3", 16));
}

TEST(ExpectedMd5, InvalidHeaderIsInvalidDigest) {
    for (const char* value : {"not-base64!", "", "XrY7u+Ae7tCTyyK7j1rNww", "AAAA" /* 3 bytes */,
                              "XrY7u+Ae7tCTyyK7j1rNwwAA" /* 18 bytes */,
                              "5eb63bbbe01eeed093cb22bb8f5acdc3" /* hex, not base64 of 16 bytes */}) {
        S3Error e = error_of([&] { expected_md5(request({{"Content-MD5", value}})); });
        EXPECT_EQ(e.code(), S3Code::InvalidDigest) << "'" << value << "'";
    }
    EXPECT_EQ(info(S3Code::InvalidDigest).status, boost::beast::http::status::bad_request);
}

// ---------------------------------------------------------------------------------------------
// new_object_from

TEST(NewObjectFrom, HeadersAndTags) {
    storage::NewObject o = new_object_from(
        request({{"Content-Type", "image/png"}, {"x-amz-meta-a", "1"}, {"x-amz-tagging", "k1=v1&k%202=v%262"}}));
    EXPECT_EQ(o.headers, (storage::StoredHeaders{{"Content-Type", "image/png"}, {"x-amz-meta-a", "1"}}));
    EXPECT_EQ(o.tags, (storage::Tags{{"k1", "v1"}, {"k 2", "v&2"}}));
}

TEST(NewObjectFrom, NoTaggingHeaderNoTags) {
    storage::NewObject o = new_object_from(request({}));
    EXPECT_TRUE(o.tags.empty());
    EXPECT_EQ(o.headers, (storage::StoredHeaders{{"Content-Type", "binary/octet-stream"}}));
}

TEST(NewObjectFrom, InvalidTaggingIsInvalidTag) {
    EXPECT_EQ(error_of([] { new_object_from(request({{"x-amz-tagging", "a=1&a=2"}})); }).code(), S3Code::InvalidTag);
}

TEST(NewObjectFrom, HeaderErrorsStillApply) {
    EXPECT_EQ(error_of([] { new_object_from(request({{"x-amz-storage-class", "BOGUS"}})); }).code(),
              S3Code::InvalidStorageClass);
}

}  // namespace
}  // namespace s3emu::server
