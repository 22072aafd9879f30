// Object tag sets from the x-amz-tagging header and from a Tagging XML body, and S3's limits:
// 10 tags, keys up to 128 characters, values up to 256, keys unique.
#include "server/tagging.h"

#include "server/s3_error.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace s3emu::server {
namespace {

using storage::Tags;

S3Error error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const S3Error& e) {
        return e;
    }
    ADD_FAILURE() << "no S3Error thrown";
    return S3Error(S3Code::InternalError);
}

// A string of `n` copies of `unit` (one character, however many bytes).
std::string repeat(const std::string& unit, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

std::string xml_of(const Tags& tags) {
    std::string out = "<Tagging><TagSet>";
    for (const auto& [k, v] : tags) out += "<Tag><Key>" + k + "</Key><Value>" + v + "</Value></Tag>";
    return out + "</TagSet></Tagging>";
}

// "k0=v&k1=v&..." with `n` distinct keys.
std::string header_with(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? "&k" : "k") + std::to_string(i) + "=v";
    return out;
}

// ---------------------------------------------------------------------------------------------
// x-amz-tagging header

TEST(TaggingHeader, PairsInOrder) {
    EXPECT_EQ(parse_tagging_header("k1=v1&k2=v2"), (Tags{{"k1", "v1"}, {"k2", "v2"}}));
    EXPECT_EQ(parse_tagging_header("b=2&a=1"), (Tags{{"b", "2"}, {"a", "1"}}));
    EXPECT_TRUE(parse_tagging_header("").empty());
}

TEST(TaggingHeader, EmptyValues) {
    EXPECT_EQ(parse_tagging_header("k="), (Tags{{"k", ""}}));
    EXPECT_EQ(parse_tagging_header("k"), (Tags{{"k", ""}}));
}

TEST(TaggingHeader, PercentDecoding) {
    EXPECT_EQ(parse_tagging_header("project%20name=blue%26green&path=a%2Fb%3Dc"),
              (Tags{{"project name", "blue&green"}, {"path", "a/b=c"}}));
    EXPECT_EQ(parse_tagging_header("caf%C3%A9=%E2%82%AC"), (Tags{{"caf\xC3\xA9", "\xE2\x82\xAC"}}));
    EXPECT_EQ(parse_tagging_header("a+b=c+d"), (Tags{{"a b", "c d"}}));  // '+' is a space in query form
    EXPECT_EQ(parse_tagging_header("k=%2B"), (Tags{{"k", "+"}}));
}

TEST(TaggingHeader, TenTagsAllowedElevenNot) {
    EXPECT_EQ(parse_tagging_header(header_with(10)).size(), 10u);
    EXPECT_EQ(error_of([] { parse_tagging_header(header_with(11)); }).code(), S3Code::InvalidTag);
}

TEST(TaggingHeader, DuplicateKeysAreInvalidTag) {
    EXPECT_EQ(error_of([] { parse_tagging_header("a=1&b=2&a=3"); }).code(), S3Code::InvalidTag);
    // Same key once encoded and once not.
    EXPECT_EQ(error_of([] { parse_tagging_header("a%20b=1&a+b=2"); }).code(), S3Code::InvalidTag);
}

TEST(TaggingHeader, EmptyKeyIsInvalidTag) {
    EXPECT_EQ(error_of([] { parse_tagging_header("=v"); }).code(), S3Code::InvalidTag);
}

TEST(TaggingHeader, LengthLimits) {
    EXPECT_NO_THROW(parse_tagging_header(repeat("k", 128) + "=" + repeat("v", 256)));
    EXPECT_EQ(error_of([] { parse_tagging_header(repeat("k", 129) + "=v"); }).code(), S3Code::InvalidTag);
    EXPECT_EQ(error_of([] { parse_tagging_header("k=" + repeat("v", 257)); }).code(), S3Code::InvalidTag);
}

// ---------------------------------------------------------------------------------------------
// Tagging XML

TEST(TaggingXml, TagSetInOrder) {
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n"
        "  <TagSet>\n"
        "    <Tag><Key>env</Key><Value>prod</Value></Tag>\n"
        "    <Tag><Key>team</Key><Value>storage &amp; more</Value></Tag>\n"
        "  </TagSet>\n"
        "</Tagging>";
    EXPECT_EQ(parse_tagging_xml(body), (Tags{{"env", "prod"}, {"team", "storage & more"}}));
}

TEST(TaggingXml, EmptyTagSetAndEmptyValue) {
    EXPECT_TRUE(parse_tagging_xml("<Tagging><TagSet/></Tagging>").empty());
    EXPECT_TRUE(parse_tagging_xml("<Tagging><TagSet></TagSet></Tagging>").empty());
    EXPECT_EQ(parse_tagging_xml("<Tagging><TagSet><Tag><Key>k</Key><Value></Value></Tag></TagSet></Tagging>"),
              (Tags{{"k", ""}}));
}

TEST(TaggingXml, Utf8KeysAndValues) {
    const Tags tags = {{"caf\xC3\xA9", "\xE2\x82\xAC 5"}};
    EXPECT_EQ(parse_tagging_xml(xml_of(tags)), tags);
}

TEST(TaggingXml, TenTagsAllowedElevenNot) {
    Tags ten;
    for (int i = 0; i < 10; ++i) ten.emplace_back("k" + std::to_string(i), "v");
    EXPECT_EQ(parse_tagging_xml(xml_of(ten)), ten);
    Tags eleven = ten;
    eleven.emplace_back("k10", "v");
    EXPECT_EQ(error_of([&] { parse_tagging_xml(xml_of(eleven)); }).code(), S3Code::InvalidTag);
}

TEST(TaggingXml, KeyAndValueLengthLimits) {
    EXPECT_NO_THROW(parse_tagging_xml(xml_of({{repeat("k", 128), repeat("v", 256)}})));
    S3Error key = error_of([] { parse_tagging_xml(xml_of({{repeat("k", 129), "v"}})); });
    EXPECT_EQ(key.code(), S3Code::InvalidTag);
    S3Error value = error_of([] { parse_tagging_xml(xml_of({{"k", repeat("v", 257)}})); });
    EXPECT_EQ(value.code(), S3Code::InvalidTag);
}

TEST(TaggingXml, LimitsCountCharactersNotBytes) {
    // 128 two-byte characters (256 bytes) and 256 three-byte characters (768 bytes) are in limits.
    const std::string e_acute = "\xC3\xA9", euro = "\xE2\x82\xAC", emoji = "\xF0\x9F\x98\x80";
    Tags ok = {{repeat(e_acute, 128), repeat(euro, 256)}, {repeat(emoji, 128), repeat(emoji, 256)}};
    EXPECT_EQ(parse_tagging_xml(xml_of(ok)), ok);
    EXPECT_EQ(error_of([&] { parse_tagging_xml(xml_of({{repeat(e_acute, 129), "v"}})); }).code(),
              S3Code::InvalidTag);
    EXPECT_EQ(error_of([&] { parse_tagging_xml(xml_of({{"k", repeat(euro, 257)}})); }).code(), S3Code::InvalidTag);
    // The same through the header.
    EXPECT_NO_THROW(parse_tagging_header("%C3%A9=" + repeat("%E2%82%AC", 256)));
    EXPECT_EQ(error_of([&] { parse_tagging_header(repeat("%C3%A9", 129) + "=v"); }).code(), S3Code::InvalidTag);
}

TEST(TaggingXml, DuplicateKeysAreInvalidTag) {
    S3Error e = error_of([] { parse_tagging_xml(xml_of({{"a", "1"}, {"b", "2"}, {"a", "1"}})); });
    EXPECT_EQ(e.code(), S3Code::InvalidTag);
    EXPECT_EQ(info(S3Code::InvalidTag).status, boost::beast::http::status::bad_request);
}

TEST(TaggingXml, EmptyKeyIsInvalidTag) {
    EXPECT_EQ(error_of([] { parse_tagging_xml(xml_of({{"", "v"}})); }).code(), S3Code::InvalidTag);
}

TEST(TaggingXml, MalformedXml) {
    for (const char* body : {"", "not xml", "<Tagging><TagSet>", "<Tagging><TagSet><Tag></TagSet></Tagging>",
                             "<Tagging></Tagging>", "<Other><TagSet/></Other>", "<TagSet/>",
                             "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>"}) {
        S3Error e = error_of([&] { parse_tagging_xml(body); });
        EXPECT_EQ(e.code(), S3Code::MalformedXML) << body;
    }
}

}  // namespace
}  // namespace s3emu::server
