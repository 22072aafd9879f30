// Checking a streamed body against the SHA-256 in x-amz-content-sha256.
#include "auth/payload_verifier.h"

#include <gtest/gtest.h>

#include <string>

namespace s3emu::auth {
namespace {

constexpr const char* welcome_sha = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
constexpr const char* empty_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(PayloadVerifier, MatchingBodyInPieces) {
    PayloadVerifier v(welcome_sha);
    std::string body = "Welcome to Amazon S3.";
    v.update(body.data(), 7);
    v.update(body.data() + 7, 0);
    v.update(body.data() + 7, body.size() - 7);
    EXPECT_TRUE(v.verify());
    EXPECT_EQ(v.computed(), welcome_sha);
}

TEST(PayloadVerifier, EmptyBody) {
    PayloadVerifier v(empty_sha);
    EXPECT_TRUE(v.verify());
    EXPECT_EQ(v.computed(), empty_sha);
}

TEST(PayloadVerifier, MismatchReportsTheComputedHash) {
    PayloadVerifier v(welcome_sha);
    std::string body = "Welcome to Amazon S3!";
    v.update(body.data(), body.size());
    EXPECT_FALSE(v.verify());
    EXPECT_EQ(v.computed(), sha256_hex(body));
}

TEST(PayloadVerifier, TruncatedBodyFails) {
    PayloadVerifier v(welcome_sha);
    std::string body = "Welcome to Amazon S3";
    v.update(body.data(), body.size());
    EXPECT_FALSE(v.verify());
}

TEST(PayloadVerifier, NothingToCheckAlwaysPasses) {
    PayloadVerifier v("");
    std::string body = "anything";
    v.update(body.data(), body.size());
    EXPECT_TRUE(v.verify());
    EXPECT_EQ(v.computed(), "");
}

}  // namespace
}  // namespace s3emu::auth
