// The three date formats: x-amz-date, RFC 1123 and ISO 8601 with milliseconds.
#include "auth/http_date.h"

#include <gtest/gtest.h>

namespace s3emu::auth {
namespace {

using namespace std::chrono;

// 2013-05-24T00:00:00Z, the date of the AWS SigV4 examples.
const TimePoint may24 = sys_days{year{2013} / 5 / 24};

TEST(HttpDate, ParsesAmzDate) {
    EXPECT_EQ(parse_amz_date("20130524T000000Z"), may24);
    EXPECT_EQ(parse_amz_date("20130524T235959Z"), may24 + hours(23) + minutes(59) + seconds(59));
    EXPECT_EQ(parse_amz_date("20070327T193642Z"), TimePoint(seconds(1175024202)));
}

TEST(HttpDate, RejectsMalformedAmzDate) {
    EXPECT_FALSE(parse_amz_date(""));
    EXPECT_FALSE(parse_amz_date("20130524T000000"));     // no Z
    EXPECT_FALSE(parse_amz_date("20130524T000000Zx"));   // trailing garbage
    EXPECT_FALSE(parse_amz_date("20130524X000000Z"));
    EXPECT_FALSE(parse_amz_date("2013-05-24T00:00:00Z"));
    EXPECT_FALSE(parse_amz_date("20131324T000000Z"));    // month 13
    EXPECT_FALSE(parse_amz_date("20130524T250000Z"));    // hour 25
    EXPECT_FALSE(parse_amz_date("Fri, 24 May 2013 00:00:00 GMT"));
}

TEST(HttpDate, ParsesRfc1123WithGmtOrZeroOffset) {
    EXPECT_EQ(parse_rfc1123("Fri, 24 May 2013 00:00:00 GMT"), may24);
    EXPECT_EQ(parse_rfc1123("Tue, 27 Mar 2007 19:36:42 +0000"), TimePoint(seconds(1175024202)));
}

TEST(HttpDate, RejectsMalformedRfc1123) {
    EXPECT_FALSE(parse_rfc1123(""));
    EXPECT_FALSE(parse_rfc1123("Fri, 24 May 2013 00:00:00"));          // no zone
    EXPECT_FALSE(parse_rfc1123("Fri, 24 Foo 2013 00:00:00 GMT"));      // no such month
    EXPECT_FALSE(parse_rfc1123("Fri, 24 May 2013 00:00:00 GMT junk"));
    EXPECT_FALSE(parse_rfc1123("20130524T000000Z"));
    EXPECT_FALSE(parse_rfc1123("2013-05-24T00:00:00Z"));
    // Another offset must not be read as if it were UTC.
    auto other = parse_rfc1123("Fri, 24 May 2013 01:00:00 +0100");
    EXPECT_TRUE(!other || *other == may24);
}

TEST(HttpDate, ParsesIso8601WithAndWithoutMilliseconds) {
    EXPECT_EQ(parse_iso8601("2013-05-24T00:00:00.000Z"), may24);
    EXPECT_EQ(parse_iso8601("2013-05-24T00:00:00Z"), may24);
    EXPECT_EQ(parse_iso8601("2013-05-24T12:34:56Z"), may24 + hours(12) + minutes(34) + seconds(56));
    auto with_ms = parse_iso8601("2013-05-24T00:00:01.250Z");
    ASSERT_TRUE(with_ms);
    EXPECT_EQ(floor<seconds>(*with_ms), may24 + seconds(1));
}

TEST(HttpDate, RejectsMalformedIso8601) {
    EXPECT_FALSE(parse_iso8601(""));
    EXPECT_FALSE(parse_iso8601("garbage"));
    EXPECT_FALSE(parse_iso8601("2013-05-24"));
    EXPECT_FALSE(parse_iso8601("2013-05-24 00:00:00Z"));
    EXPECT_FALSE(parse_iso8601("2013-13-24T00:00:00Z"));
    EXPECT_FALSE(parse_iso8601("20130524T000000Z"));
    EXPECT_FALSE(parse_iso8601("2013-05-24T00:00:00Zjunk"));
}

TEST(HttpDate, Formats) {
    EXPECT_EQ(format_amz_date(may24), "20130524T000000Z");
    EXPECT_EQ(format_rfc1123(may24), "Fri, 24 May 2013 00:00:00 GMT");
    EXPECT_EQ(format_iso8601_ms(may24), "2013-05-24T00:00:00.000Z");
    EXPECT_EQ(format_iso8601_ms(may24 + milliseconds(7)), "2013-05-24T00:00:00.007Z");
    EXPECT_EQ(format_iso8601_ms(may24 + seconds(61) + milliseconds(999)), "2013-05-24T00:01:01.999Z");
    // Sub-second parts never round a whole-second format up.
    EXPECT_EQ(format_amz_date(may24 + milliseconds(999)), "20130524T000000Z");
    EXPECT_EQ(format_rfc1123(TimePoint(seconds(1175024202))), "Tue, 27 Mar 2007 19:36:42 GMT");
}

TEST(HttpDate, FormatThenParseRoundTrips) {
    TimePoint t = may24 + days(200) + hours(5) + minutes(6) + seconds(7);
    EXPECT_EQ(parse_amz_date(format_amz_date(t)), t);
    EXPECT_EQ(parse_rfc1123(format_rfc1123(t)), t);
    EXPECT_EQ(parse_iso8601(format_iso8601_ms(t)), t);
}

}  // namespace
}  // namespace s3emu::auth
