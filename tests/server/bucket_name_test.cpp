// S3's general purpose bucket naming rules.
#include "server/bucket_name.h"

#include <gtest/gtest.h>

#include <string>

namespace s3emu::server {
namespace {

TEST(BucketName, Valid) {
    for (const char* name : {"abc", "my-bucket", "my.bucket.name", "a1b2c3", "123", "bucket-2024.logs", "a-b.c-d",
                             "1.2.3", "1.2.3.4.5", "xn-abc", "sthree", "mrap", "s3alias"})
        EXPECT_TRUE(valid_bucket_name(name)) << name;
    EXPECT_TRUE(valid_bucket_name(std::string(63, 'a')));
}

TEST(BucketName, Length) {
    EXPECT_FALSE(valid_bucket_name(""));
    EXPECT_FALSE(valid_bucket_name("ab"));
    EXPECT_FALSE(valid_bucket_name(std::string(64, 'a')));
}

TEST(BucketName, Characters) {
    for (const char* name : {"My-Bucket", "my_bucket", "my bucket", "my/bucket", "buck\xC3\xA9t", "bucket!", "a:b"})
        EXPECT_FALSE(valid_bucket_name(name)) << name;
}

TEST(BucketName, MustStartAndEndWithLetterOrDigit) {
    for (const char* name : {"-abc", "abc-", ".abc", "abc.", "-a-"}) EXPECT_FALSE(valid_bucket_name(name)) << name;
}

TEST(BucketName, NoAdjacentPeriods) {
    EXPECT_FALSE(valid_bucket_name("a..b"));
}

TEST(BucketName, NotAnIpAddress) {
    EXPECT_FALSE(valid_bucket_name("192.168.5.4"));
    EXPECT_FALSE(valid_bucket_name("10.0.0.1"));
}

TEST(BucketName, ReservedPrefixesAndSuffixes) {
    for (const char* name : {"xn--abc", "sthree-bucket", "sthree-configurator", "amzn-s3-demo-bucket",
                             "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3"})
        EXPECT_FALSE(valid_bucket_name(name)) << name;
}

}  // namespace
}  // namespace s3emu::server
