// Query parsing and header lookup as the signers see a request.
#include "auth/http_request_view.h"

#include <gtest/gtest.h>

namespace s3emu::auth {
namespace {

using P = std::pair<std::string, std::string>;

TEST(ParseQuery, KeepsOrderAndDuplicates) {
    EXPECT_EQ(parse_query("b=2&a=1&c=3&a=0"), (QueryParams{P{"b", "2"}, P{"a", "1"}, P{"c", "3"}, P{"a", "0"}}));
}

TEST(ParseQuery, EmptyValuesAndBareNames) {
    EXPECT_EQ(parse_query("uploads"), (QueryParams{P{"uploads", ""}}));
    EXPECT_EQ(parse_query("a=&b&c="), (QueryParams{P{"a", ""}, P{"b", ""}, P{"c", ""}}));
    EXPECT_EQ(parse_query("=v"), (QueryParams{P{"", "v"}}));
}

TEST(ParseQuery, EmptyPartsAreSkipped) {
    EXPECT_TRUE(parse_query("").empty());
    EXPECT_TRUE(parse_query("&&").empty());
    EXPECT_EQ(parse_query("&a=1&&b=2&"), (QueryParams{P{"a", "1"}, P{"b", "2"}}));
}

TEST(ParseQuery, OnlyTheFirstEqualsSplits) {
    EXPECT_EQ(parse_query("a=b=c"), (QueryParams{P{"a", "b=c"}}));
}

TEST(ParseQuery, DecodesNamesAndValues) {
    EXPECT_EQ(parse_query("prefix=a%2Fb%20c&%41=%E2%82%AC"), (QueryParams{P{"prefix", "a/b c"}, P{"A", "\xE2\x82\xAC"}}));
    // '+' is a space; an escaped plus is a plus.
    EXPECT_EQ(parse_query("prefix=a+b%2Bc&x+y=1"), (QueryParams{P{"prefix", "a b+c"}, P{"x y", "1"}}));
    // Escaped separators do not split.
    EXPECT_EQ(parse_query("k=a%26b%3Dc"), (QueryParams{P{"k", "a&b=c"}}));
    // Malformed escapes survive.
    EXPECT_EQ(parse_query("k=100%&j=%zz"), (QueryParams{P{"k", "100%"}, P{"j", "%zz"}}));
}

TEST(HttpRequestView, HeaderLookupJoinsRepeatedHeaders) {
    QueryParams q;
    HeaderList h = {{"host", "example.com"},
                    {"x-amz-meta-a", "one"},
                    {"x-amz-meta-b", ""},
                    {"x-amz-meta-a", "two"},
                    {"x-amz-meta-a", "three"}};
    HttpRequestView view{"GET", "/", q, h};
    EXPECT_EQ(view.header("host"), "example.com");
    EXPECT_EQ(view.header("x-amz-meta-a"), "one,two,three");
    // Present but empty is not absent.
    ASSERT_TRUE(view.header("x-amz-meta-b").has_value());
    EXPECT_EQ(*view.header("x-amz-meta-b"), "");
    EXPECT_FALSE(view.header("x-amz-date").has_value());
}

TEST(HttpRequestView, QueryParamReturnsTheFirstValue) {
    QueryParams q = parse_query("a=1&b&a=2");
    HeaderList h;
    HttpRequestView view{"GET", "/", q, h};
    ASSERT_NE(view.query_param("a"), nullptr);
    EXPECT_EQ(*view.query_param("a"), "1");
    ASSERT_NE(view.query_param("b"), nullptr);
    EXPECT_EQ(*view.query_param("b"), "");
    EXPECT_EQ(view.query_param("c"), nullptr);
    EXPECT_EQ(view.query_param("A"), nullptr);  // names are case-sensitive
}

}  // namespace
}  // namespace s3emu::auth
