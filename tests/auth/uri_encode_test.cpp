// UriEncode as the AWS signature docs define it, and the lenient decoding of paths and queries.
#include "auth/uri_encode.h"

#include <gtest/gtest.h>

#include <string>

namespace s3emu::auth {
namespace {

TEST(UriEncode, UnreservedCharactersAreKept) {
    const std::string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    EXPECT_EQ(uri_encode(unreserved, true), unreserved);
    EXPECT_EQ(uri_encode(unreserved, false), unreserved);
    EXPECT_EQ(uri_encode("", false), "");
}

TEST(UriEncode, ReservedAndSpecialCharactersAreEscaped) {
    EXPECT_EQ(uri_encode(" ", false), "%20");  // never '+'
    EXPECT_EQ(uri_encode("a b", true), "a%20b");
    EXPECT_EQ(uri_encode("+", false), "%2B");
    EXPECT_EQ(uri_encode("*", false), "%2A");
    EXPECT_EQ(uri_encode("%", false), "%25");
    EXPECT_EQ(uri_encode("=&?#", false), "%3D%26%3F%23");
    EXPECT_EQ(uri_encode("!$'()", true), "%21%24%27%28%29");
}

TEST(UriEncode, SlashKeptOnlyForPaths) {
    EXPECT_EQ(uri_encode("/a/b/", true), "/a/b/");
    EXPECT_EQ(uri_encode("/a/b/", false), "%2Fa%2Fb%2F");
}

TEST(UriEncode, Utf8BytesBecomeUpperCaseHex) {
    EXPECT_EQ(uri_encode("\xC3\xBC", true), "%C3%BC");            // ü
    EXPECT_EQ(uri_encode("\xE2\x82\xAC", false), "%E2%82%AC");    // €
    EXPECT_EQ(uri_encode("\xF0\x9F\x98\x80", false), "%F0%9F%98%80");
    EXPECT_EQ(uri_encode(std::string("\x00\xff", 2), false), "%00%FF");
}

TEST(PercentDecode, DecodesEscapesInEitherCase) {
    EXPECT_EQ(percent_decode("a%20b", false), "a b");
    EXPECT_EQ(percent_decode("%c3%bc%C3%BC", false), "\xC3\xBC\xC3\xBC");
    EXPECT_EQ(percent_decode("%2F%2f", false), "//");
    EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
    EXPECT_EQ(percent_decode("", true), "");
}

TEST(PercentDecode, PlusIsASpaceOnlyWhenAsked) {
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    // An escaped plus is a plus in both modes.
    EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
    EXPECT_EQ(percent_decode("a%2Bb", false), "a+b");
}

TEST(PercentDecode, MalformedEscapesAreKeptAsTheyAre) {
    EXPECT_EQ(percent_decode("%", false), "%");
    EXPECT_EQ(percent_decode("100%", false), "100%");
    EXPECT_EQ(percent_decode("%4", false), "%4");
    EXPECT_EQ(percent_decode("a%4", true), "a%4");
    EXPECT_EQ(percent_decode("%zz", false), "%zz");
    EXPECT_EQ(percent_decode("%4g", false), "%4g");
    EXPECT_EQ(percent_decode("%g4", false), "%g4");
    EXPECT_EQ(percent_decode("%%41", false), "%A");
    EXPECT_EQ(percent_decode("%41%", false), "A%");
    EXPECT_EQ(percent_decode("%zz+", true), "%zz ");
}

TEST(PercentDecode, InvertsUriEncodeForEveryByte) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    EXPECT_EQ(percent_decode(uri_encode(all, false), false), all);
    EXPECT_EQ(percent_decode(uri_encode(all, true), false), all);
    EXPECT_EQ(percent_decode(uri_encode(all, false), true), all);
}

}  // namespace
}  // namespace s3emu::auth
