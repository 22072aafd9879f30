// Hashes, HMACs and encodings against published test vectors (FIPS 180, RFC 2202, RFC 4231,
// RFC 4648).
#include "auth/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace s3emu::auth {
namespace {

std::string hex_digest(Digest d, std::string_view data) {
    d.update(data.data(), data.size());
    return to_hex(d.finish());
}

TEST(Crypto, Sha256KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256("abc").size(), 32u);
    EXPECT_EQ(to_hex(sha256("abc")), sha256_hex("abc"));
}

TEST(Crypto, DigestMd5Sha1Sha256) {
    EXPECT_EQ(hex_digest(Digest::md5(), ""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex_digest(Digest::md5(), "abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(hex_digest(Digest::sha1(), "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(hex_digest(Digest::sha256(), "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, DigestFedInPiecesEqualsOneShot) {
    std::string data = "The quick brown fox jumps over the lazy dog";
    auto d = Digest::sha256();
    for (char c : data) d.update(&c, 1);
    EXPECT_EQ(to_hex(d.finish()), sha256_hex(data));
}

TEST(Crypto, HmacSha256Rfc4231) {
    // Test case 1.
    EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2: a key shorter than the block.
    EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block is hashed first.
    EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Crypto, HmacSha1Rfc2202) {
    EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(hmac_sha1("k", "d").size(), 20u);
}

TEST(Crypto, HmacKeyWithNulBytesIsNotTruncated) {
    std::string key("a\0b", 3);
    EXPECT_NE(hmac_sha256(key, "data"), hmac_sha256("a", "data"));
}

TEST(Crypto, ToHexIsLowerCaseTwoDigitsPerByte) {
    EXPECT_EQ(to_hex(""), "");
    EXPECT_EQ(to_hex(std::string("\x00\x01\x0f\x10\xab\xff", 6)), "00010f10abff");
}

TEST(Crypto, Base64Rfc4648Vectors) {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded) << plain;
        std::string decoded = "stale";
        ASSERT_TRUE(base64_decode(encoded, decoded)) << encoded;
        EXPECT_EQ(decoded, plain) << encoded;
    }
}

TEST(Crypto, Base64RoundTripsEveryByte) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    for (std::size_t len = 0; len <= all.size(); len += 37) {
        std::string in = all.substr(0, len), out;
        ASSERT_TRUE(base64_decode(base64_encode(in), out)) << len;
        EXPECT_EQ(out, in) << len;
    }
    // The 16-byte MD5 of a Content-MD5 header.
    std::string md5_b64 = base64_encode(std::string(16, '\xff'));
    EXPECT_EQ(md5_b64, "/////////////////////w==");
}

TEST(Crypto, Base64RejectsInvalidInput) {
    std::string out;
    EXPECT_FALSE(base64_decode("Zg=", out));       // length not a multiple of 4
    EXPECT_FALSE(base64_decode("Zg", out));        // padding missing
    EXPECT_FALSE(base64_decode("Zm9v!A==", out));  // outside the alphabet
    EXPECT_FALSE(base64_decode("Zm 9", out));      // whitespace
    EXPECT_FALSE(base64_decode("Zg==Zg==", out));  // padding in the middle
    EXPECT_FALSE(base64_decode("Z===", out));      // too much padding
    EXPECT_FALSE(base64_decode("====", out));
    EXPECT_FALSE(base64_decode("Zg=a", out));
}

TEST(Crypto, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
    EXPECT_FALSE(constant_time_equal("ab", "abc"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Crypto, RandomHexHasRequestedLengthAndVaries) {
    std::set<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        std::string h = random_hex(16);
        ASSERT_EQ(h.size(), 32u);
        EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos) << h;
        seen.insert(h);
    }
    EXPECT_EQ(seen.size(), 8u);
    EXPECT_EQ(random_hex(0), "");
}

}  // namespace
}  // namespace s3emu::auth
