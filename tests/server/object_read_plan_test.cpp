// What a GET or HEAD of an object answers before any byte is sent: Range parsing, the four
// conditional headers with S3's precedence, partNumber, and the Content-Range text.
#include "server/object_read_plan.h"

#include "server/s3_error.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace s3emu::server {
namespace {

using boost::beast::http::status;
using Headers = std::vector<std::pair<std::string, std::string>>;

// 2015-10-21T07:28:00.500Z; Last-Modified shows it as "Wed, 21 Oct 2015 07:28:00 GMT".
constexpr storage::EpochMillis last_modified = 1445412480500;
constexpr const char* before = "Wed, 21 Oct 2015 07:27:59 GMT";
constexpr const char* same_second = "Wed, 21 Oct 2015 07:28:00 GMT";
constexpr const char* after = "Wed, 21 Oct 2015 07:28:01 GMT";

S3Request request(Headers headers = {}, std::string_view target = "/b/k") {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    for (const auto& [name, value] : headers) req.insert(name, value);
    return parse_request(req);
}

storage::ObjectMeta object(std::vector<std::uint64_t> part_sizes = {}) {
    storage::ObjectMeta meta;
    meta.key = "k";
    meta.size = 100;
    meta.etag = "0123456789abcdef0123456789abcdef";
    meta.last_modified = last_modified;
    meta.part_sizes = std::move(part_sizes);
    return meta;
}

const std::string quoted_etag = "\"0123456789abcdef0123456789abcdef\"";

ReadPlan plan(Headers headers, std::string_view target = "/b/k", const storage::ObjectMeta& meta = object()) {
    return plan_object_read(request(std::move(headers), target), meta);
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

std::string field(const S3Error& e, std::string_view name) {
    for (const auto& [n, v] : e.fields())
        if (n == name) return v;
    return "<absent>";
}

void expect_range(std::string_view header, std::uint64_t size, std::uint64_t first, std::uint64_t last) {
    auto range = parse_range(header, size);
    ASSERT_TRUE(range) << header;
    EXPECT_EQ(range->first, first) << header;
    EXPECT_EQ(range->last, last) << header;
}

// ---------------------------------------------------------------------------------------------
// parse_range

TEST(ParseRange, FirstAndLast) {
    expect_range("bytes=0-9", 100, 0, 9);
    expect_range("bytes=10-19", 100, 10, 19);
    expect_range("bytes=99-99", 100, 99, 99);
    expect_range("bytes=0-0", 1, 0, 0);
}

TEST(ParseRange, OpenEnded) {
    expect_range("bytes=5-", 100, 5, 99);
    expect_range("bytes=0-", 100, 0, 99);
    expect_range("bytes=99-", 100, 99, 99);
}

TEST(ParseRange, Suffix) {
    expect_range("bytes=-3", 100, 97, 99);
    expect_range("bytes=-100", 100, 0, 99);
    expect_range("bytes=-1000", 100, 0, 99);  // longer than the object: all of it
    expect_range("bytes=-1", 1, 0, 0);
}

TEST(ParseRange, LastBeyondTheSizeIsClamped) {
    expect_range("bytes=90-200", 100, 90, 99);
    expect_range("bytes=0-18446744073709551615", 100, 0, 99);
}

TEST(ParseRange, FirstAtOrBeyondTheSizeIsInvalidRange) {
    for (const char* header : {"bytes=100-", "bytes=100-200", "bytes=1000-1001"}) {
        S3Error e = error_of([&] { parse_range(header, 100); });
        EXPECT_EQ(e.code(), S3Code::InvalidRange) << header;
        EXPECT_EQ(field(e, "RangeRequested"), header);
        EXPECT_EQ(field(e, "ActualObjectSize"), "100");
    }
    EXPECT_EQ(info(S3Code::InvalidRange).status, status::range_not_satisfiable);
}

TEST(ParseRange, EmptySuffixIsInvalidRange) {
    EXPECT_EQ(error_of([] { parse_range("bytes=-0", 100); }).code(), S3Code::InvalidRange);
}

TEST(ParseRange, WhatS3IgnoresGivesTheWholeObject) {
    for (const char* header : {"bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=abc", "bytes=", "bytes=-", "bytes=1-x",
                               "bytes=x-1", "bytes=5", "items=0-9", "0-9", "", "bytes=--1", "bytes=-1-2",
                               "bytes=9-5"})
        EXPECT_FALSE(parse_range(header, 100)) << header;
}

// ---------------------------------------------------------------------------------------------
// plan_object_read: plain, Range

TEST(PlanObjectRead, WholeObject) {
    ReadPlan p = plan({});
    EXPECT_EQ(p.status, status::ok);
    EXPECT_EQ(p.offset, 0u);
    EXPECT_EQ(p.length, 100u);
    EXPECT_EQ(p.content_range, "");
    EXPECT_EQ(p.parts_count, 0);
}

TEST(PlanObjectRead, RangeGivesPartialContent) {
    ReadPlan p = plan({{"Range", "bytes=10-19"}});
    EXPECT_EQ(p.status, status::partial_content);
    EXPECT_EQ(p.offset, 10u);
    EXPECT_EQ(p.length, 10u);
    EXPECT_EQ(p.content_range, "bytes 10-19/100");

    ReadPlan suffix = plan({{"Range", "bytes=-3"}});
    EXPECT_EQ(suffix.offset, 97u);
    EXPECT_EQ(suffix.length, 3u);
    EXPECT_EQ(suffix.content_range, "bytes 97-99/100");

    ReadPlan clamped = plan({{"Range", "bytes=95-1000"}});
    EXPECT_EQ(clamped.offset, 95u);
    EXPECT_EQ(clamped.length, 5u);
    EXPECT_EQ(clamped.content_range, "bytes 95-99/100");

    ReadPlan all = plan({{"Range", "bytes=0-"}});
    EXPECT_EQ(all.status, status::partial_content);
    EXPECT_EQ(all.content_range, "bytes 0-99/100");
}

TEST(PlanObjectRead, IgnoredRangeGivesTheWholeObject) {
    ReadPlan p = plan({{"Range", "bytes=0-1,5-6"}});
    EXPECT_EQ(p.status, status::ok);
    EXPECT_EQ(p.offset, 0u);
    EXPECT_EQ(p.length, 100u);
    EXPECT_EQ(p.content_range, "");
}

TEST(PlanObjectRead, UnsatisfiableRange) {
    EXPECT_EQ(error_of([] { plan({{"Range", "bytes=100-"}}); }).code(), S3Code::InvalidRange);
}

// ---------------------------------------------------------------------------------------------
// Conditional requests

TEST(PlanObjectRead, IfMatch) {
    EXPECT_EQ(plan({{"If-Match", quoted_etag}}).status, status::ok);
    EXPECT_EQ(plan({{"If-Match", "0123456789abcdef0123456789abcdef"}}).status, status::ok);  // unquoted
    EXPECT_EQ(plan({{"If-Match", "*"}}).status, status::ok);
    EXPECT_EQ(plan({{"If-Match", "\"other\", " + quoted_etag}}).status, status::ok);

    S3Error e = error_of([] { plan({{"If-Match", "\"ffffffffffffffffffffffffffffffff\""}}); });
    EXPECT_EQ(e.code(), S3Code::PreconditionFailed);
    EXPECT_EQ(field(e, "Condition"), "If-Match");
    EXPECT_EQ(info(S3Code::PreconditionFailed).status, status::precondition_failed);
}

TEST(PlanObjectRead, IfNoneMatch) {
    ReadPlan p = plan({{"If-None-Match", quoted_etag}});
    EXPECT_EQ(p.status, status::not_modified);
    EXPECT_EQ(plan({{"If-None-Match", "*"}}).status, status::not_modified);
    EXPECT_EQ(plan({{"If-None-Match", "\"a\", " + quoted_etag}}).status, status::not_modified);
    ReadPlan other = plan({{"If-None-Match", "\"ffffffffffffffffffffffffffffffff\""}});
    EXPECT_EQ(other.status, status::ok);
    EXPECT_EQ(other.length, 100u);
}

TEST(PlanObjectRead, IfModifiedSince) {
    EXPECT_EQ(plan({{"If-Modified-Since", before}}).status, status::ok);
    // Last-Modified has whole seconds: modified in the same second is not modified since.
    EXPECT_EQ(plan({{"If-Modified-Since", same_second}}).status, status::not_modified);
    EXPECT_EQ(plan({{"If-Modified-Since", after}}).status, status::not_modified);
    // A date S3 cannot read is ignored.
    EXPECT_EQ(plan({{"If-Modified-Since", "yesterday"}}).status, status::ok);
}

TEST(PlanObjectRead, IfUnmodifiedSince) {
    S3Error e = error_of([] { plan({{"If-Unmodified-Since", before}}); });
    EXPECT_EQ(e.code(), S3Code::PreconditionFailed);
    EXPECT_EQ(field(e, "Condition"), "If-Unmodified-Since");
    EXPECT_EQ(plan({{"If-Unmodified-Since", same_second}}).status, status::ok);
    EXPECT_EQ(plan({{"If-Unmodified-Since", after}}).status, status::ok);
    EXPECT_EQ(plan({{"If-Unmodified-Since", "not a date"}}).status, status::ok);
}

// S3: "If-Match condition evaluates to true, and If-Unmodified-Since condition evaluates to
// false; then, S3 returns 200 OK and the data requested."
TEST(PlanObjectRead, IfMatchTrueOverridesIfUnmodifiedSinceFalse) {
    ReadPlan p = plan({{"If-Match", quoted_etag}, {"If-Unmodified-Since", before}});
    EXPECT_EQ(p.status, status::ok);
    EXPECT_EQ(p.length, 100u);
    // If-Match false fails whatever If-Unmodified-Since says.
    EXPECT_EQ(error_of([] { plan({{"If-Match", "\"nope\""}, {"If-Unmodified-Since", after}}); }).code(),
              S3Code::PreconditionFailed);
}

// S3: "If-None-Match condition evaluates to false, and If-Modified-Since condition evaluates to
// true; then, S3 returns 304 Not Modified" (GetObject / HeadObject API reference): the ETag
// decides, the date is not looked at.
TEST(PlanObjectRead, IfNoneMatchFalseWinsOverIfModifiedSinceTrue) {
    EXPECT_EQ(plan({{"If-None-Match", quoted_etag}, {"If-Modified-Since", before}}).status, status::not_modified);
}

// RFC 7232 section 6: If-Modified-Since is not evaluated when If-None-Match is present.
TEST(PlanObjectRead, IfNoneMatchTrueOverridesIfModifiedSinceFalse) {
    ReadPlan p = plan({{"If-None-Match", "\"other\""}, {"If-Modified-Since", after}});
    EXPECT_EQ(p.status, status::ok);
    EXPECT_EQ(p.length, 100u);
}

TEST(PlanObjectRead, PreconditionFailureComesBeforeNotModified) {
    S3Error e = error_of([] { plan({{"If-Match", "\"nope\""}, {"If-None-Match", quoted_etag}}); });
    EXPECT_EQ(e.code(), S3Code::PreconditionFailed);
}

TEST(PlanObjectRead, NotModifiedIgnoresTheRange) {
    ReadPlan p = plan({{"If-None-Match", quoted_etag}, {"Range", "bytes=0-9"}});
    EXPECT_EQ(p.status, status::not_modified);
    EXPECT_EQ(p.content_range, "");
}

TEST(PlanObjectRead, ConditionsThatHoldKeepTheRange) {
    ReadPlan p = plan({{"If-Match", quoted_etag}, {"If-Modified-Since", before}, {"Range", "bytes=1-2"}});
    EXPECT_EQ(p.status, status::partial_content);
    EXPECT_EQ(p.offset, 1u);
    EXPECT_EQ(p.length, 2u);
    EXPECT_EQ(p.content_range, "bytes 1-2/100");
}

// ---------------------------------------------------------------------------------------------
// partNumber

TEST(PlanObjectRead, PartNumberOfAMultipartObject) {
    const storage::ObjectMeta multipart = object({50, 30, 20});
    ReadPlan first = plan({}, "/b/k?partNumber=1", multipart);
    EXPECT_EQ(first.status, status::partial_content);
    EXPECT_EQ(first.offset, 0u);
    EXPECT_EQ(first.length, 50u);
    EXPECT_EQ(first.parts_count, 3);
    EXPECT_EQ(first.content_range, "bytes 0-49/100");

    ReadPlan second = plan({}, "/b/k?partNumber=2", multipart);
    EXPECT_EQ(second.status, status::partial_content);
    EXPECT_EQ(second.offset, 50u);
    EXPECT_EQ(second.length, 30u);
    EXPECT_EQ(second.parts_count, 3);
    EXPECT_EQ(second.content_range, "bytes 50-79/100");

    ReadPlan third = plan({}, "/b/k?partNumber=3", multipart);
    EXPECT_EQ(third.offset, 80u);
    EXPECT_EQ(third.length, 20u);
    EXPECT_EQ(third.content_range, "bytes 80-99/100");
}

TEST(PlanObjectRead, PartNumberBeyondThePartsCount) {
    const storage::ObjectMeta multipart = object({50, 30, 20});
    S3Error e = error_of([&] { plan({}, "/b/k?partNumber=4", multipart); });
    EXPECT_EQ(e.code(), S3Code::InvalidPartNumber);
    EXPECT_EQ(info(S3Code::InvalidPartNumber).status, status::range_not_satisfiable);
    // A single-PUT object has one part.
    EXPECT_EQ(error_of([] { plan({}, "/b/k?partNumber=2"); }).code(), S3Code::InvalidPartNumber);
}

TEST(PlanObjectRead, PartNumberOutOfRangeOrNotANumber) {
    for (const char* target : {"/b/k?partNumber=0", "/b/k?partNumber=10001", "/b/k?partNumber=abc",
                               "/b/k?partNumber=", "/b/k?partNumber=-1", "/b/k?partNumber=1.5"})
        EXPECT_EQ(error_of([&] { plan({}, target, object({50, 50})); }).code(), S3Code::InvalidArgument) << target;
}

TEST(PlanObjectRead, RangeAndPartNumberTogetherIsInvalidRequest) {
    S3Error e = error_of([] { plan({{"Range", "bytes=0-9"}}, "/b/k?partNumber=1", object({50, 50})); });
    EXPECT_EQ(e.code(), S3Code::InvalidRequest);
}

// S3's GetObject reference: partNumber "effectively performs a 'ranged' GET request for the
// part specified". On a single-PUT object part 1 is the whole object, still answered as a
// range: 206 with Content-Range.
TEST(PlanObjectRead, PartOneOfASinglePutObjectIsARangedGet) {
    ReadPlan p = plan({}, "/b/k?partNumber=1");
    EXPECT_EQ(p.offset, 0u);
    EXPECT_EQ(p.length, 100u);
    EXPECT_EQ(p.status, status::partial_content);
    EXPECT_EQ(p.content_range, "bytes 0-99/100");
}

TEST(PlanObjectRead, ConditionsApplyBeforeThePartNumber) {
    const storage::ObjectMeta multipart = object({50, 50});
    EXPECT_EQ(plan({{"If-None-Match", quoted_etag}}, "/b/k?partNumber=2", multipart).status, status::not_modified);
    EXPECT_EQ(error_of([&] { plan({{"If-Match", "\"x\""}}, "/b/k?partNumber=1", multipart); }).code(),
              S3Code::PreconditionFailed);
}

}  // namespace
}  // namespace s3emu::server
