// Key-order helpers: the successor of a prefix (the seek past every key under it) and the
// common prefix a delimiter rolls a key up into.
#include "storage/key_range.h"

#include <gtest/gtest.h>

#include <string>

namespace s3emu::storage {
namespace {

TEST(Successor, IncrementsTheLastByte) {
    EXPECT_EQ(successor("a"), "b");
    EXPECT_EQ(successor("dir/"), "dir0");  // '/' + 1 == '0'
    EXPECT_EQ(successor("abc"), "abd");
    EXPECT_EQ(successor(std::string("a\x00", 2)), std::string("a\x01", 2));
    EXPECT_EQ(successor("a\x7f"), "a\x80");
    EXPECT_EQ(successor("a\xfe"), "a\xff");
}

TEST(Successor, DropsTrailingFfBytes) {
    EXPECT_EQ(successor("a\xff"), "b");
    EXPECT_EQ(successor("ab\xff\xff\xff"), "ac");
    EXPECT_EQ(successor("\xfe\xff"), "\xff");
    // An 0xff that is not trailing stays.
    EXPECT_EQ(successor("\xff" "a"), "\xff" "b");
}

TEST(Successor, AllFfOrEmptyHasNoSuccessor) {
    EXPECT_EQ(successor("\xff"), "");
    EXPECT_EQ(successor("\xff\xff\xff"), "");
    EXPECT_EQ(successor(""), "");
}

TEST(Successor, IsGreaterThanEveryKeyWithThePrefix) {
    // In byte order, as SQLite compares TEXT with the BINARY collation.
    const std::string prefix = "photos/\xc3\xa9t\xc3\xa9\xff";
    const std::string next = successor(prefix);
    for (std::string key : {prefix, prefix + "a", prefix + "\xff\xff\xff", prefix + std::string(1000, '\xff')}) {
        EXPECT_LT(key, next) << key;
        EXPECT_TRUE(key.starts_with(prefix));
    }
    // ...and no greater than the first key outside it.
    EXPECT_EQ(next, "photos/\xc3\xa9t\xc3\xaa");
    EXPECT_FALSE(std::string("photos/\xc3\xa9t\xc3\xaa").starts_with(prefix));
}

TEST(CommonPrefix, RollsUpAtTheFirstDelimiterAfterThePrefix) {
    EXPECT_EQ(common_prefix("a/b/c", "", "/"), "a/");
    EXPECT_EQ(common_prefix("a/b/c", "a/", "/"), "a/b/");
    EXPECT_EQ(common_prefix("a/b/c", "a", "/"), "a/");
    EXPECT_EQ(common_prefix("a/b/c", "a/b/", "/"), "");  // no delimiter after the prefix
    EXPECT_EQ(common_prefix("dir/", "", "/"), "dir/");  // the delimiter as the last byte
    EXPECT_EQ(common_prefix("/lead", "", "/"), "/");
}

TEST(CommonPrefix, NoDelimiterOrNoMatch) {
    EXPECT_EQ(common_prefix("a/b", "", ""), "");       // no delimiter: no roll-up
    EXPECT_EQ(common_prefix("abc", "", "/"), "");      // delimiter absent from the key
    EXPECT_EQ(common_prefix("b/c", "a", "/"), "");     // key outside the prefix
    EXPECT_EQ(common_prefix("", "", "/"), "");
}

TEST(CommonPrefix, DelimiterInsideThePrefixIsIgnored) {
    // The prefix itself contains the delimiter; only a delimiter after the prefix counts.
    EXPECT_EQ(common_prefix("a/b", "a/", "/"), "");
    EXPECT_EQ(common_prefix("a/b/c/d", "a/b", "/"), "a/b/");
}

TEST(CommonPrefix, MultiCharacterAndNonSlashDelimiters) {
    EXPECT_EQ(common_prefix("2024--01--02", "", "--"), "2024--");
    EXPECT_EQ(common_prefix("2024--01--02", "2024--", "--"), "2024--01--");
    EXPECT_EQ(common_prefix("2024-01", "", "--"), "");
    EXPECT_EQ(common_prefix("a|b|c", "", "|"), "a|");
    EXPECT_EQ(common_prefix("x\xc3\xa9y", "", "\xc3\xa9"), "x\xc3\xa9");
    // The delimiter overlapping the end of the prefix does not count.
    EXPECT_EQ(common_prefix("ab-cd", "ab-", "-"), "");
}

}  // namespace
}  // namespace s3emu::storage
