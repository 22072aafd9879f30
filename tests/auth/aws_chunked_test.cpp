// The aws-chunked decoder against the AWS SigV4 streaming example (64 KiB + 1 KiB of 'a',
// signatures published in "Signature Calculations for the Authorization Header: Transferring
// Payload in Multiple Chunks"), with reads split at arbitrary points.
#include "auth/aws_chunked.h"

#include "auth/sigv4.h"

#include <gtest/gtest.h>

namespace s3emu::auth {
namespace {

constexpr const char* secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

AwsChunkedDecoder::Signing example_signing() {
    return {sigv4::signing_key(secret, "20130524", "us-east-1", "s3"), "20130524T000000Z",
            "20130524/us-east-1/s3/aws4_request", seed};
}

std::string example_body() {
    std::string body;
    body += "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
    body += std::string(65536, 'a') + "\r\n";
    body += "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n";
    body += std::string(1024, 'a') + "\r\n";
    body += "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
    return body;
}

// Feeds `body` in pieces of `step` bytes; returns the decoded payload.
std::string decode_in_steps(AwsChunkedDecoder& d, std::string body, std::size_t step) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += step) {
        std::size_t n = std::min(step, body.size() - at);
        std::size_t got = d.decode(body.data() + at, n);
        out.append(body.data() + at, got);
        if (d.error() != ChunkedError::none) break;
    }
    d.finish();
    return out;
}

TEST(AwsChunked, SignedExampleDecodesAtAnySplit) {
    for (std::size_t step : {1ul, 2ul, 7ul, 83ul, 4096ul, 65536ul, 1ul << 20}) {
        AwsChunkedDecoder d(example_signing());
        std::string payload = decode_in_steps(d, example_body(), step);
        ASSERT_EQ(d.error(), ChunkedError::none) << "step " << step;
        EXPECT_TRUE(d.done());
        EXPECT_EQ(payload, std::string(66560, 'a')) << "step " << step;
        EXPECT_EQ(d.decoded_size(), 66560u);
    }
}

TEST(AwsChunked, TamperedDataFailsTheChunkSignature) {
    std::string body = example_body();
    body[200] = 'b';
    AwsChunkedDecoder d(example_signing());
    decode_in_steps(d, body, 1000);
    EXPECT_EQ(d.error(), ChunkedError::chunk_signature);
}

TEST(AwsChunked, WrongSeedFailsTheFirstChunk) {
    auto signing = example_signing();
    signing.seed_signature[0] = '5';
    AwsChunkedDecoder d(signing);
    decode_in_steps(d, example_body(), 4096);
    EXPECT_EQ(d.error(), ChunkedError::chunk_signature);
}

TEST(AwsChunked, MissingSignatureOnSignedStreamIsMalformed) {
    AwsChunkedDecoder d(example_signing());
    decode_in_steps(d, "3\r\nabc\r\n0\r\n\r\n", 5);
    EXPECT_EQ(d.error(), ChunkedError::malformed);
}

TEST(AwsChunked, UnsignedWithTrailer) {
    AwsChunkedDecoder d(std::nullopt);
    const std::string first(8192, 'h');  // every chunk but the last is at least 8 KiB
    std::string payload = decode_in_steps(
        d, "2000\r\n" + first + "\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n", 3);
    ASSERT_EQ(d.error(), ChunkedError::none);
    EXPECT_EQ(payload, first + " world");
    ASSERT_EQ(d.trailers().size(), 1u);
    EXPECT_EQ(d.trailers()[0].first, "x-amz-checksum-crc32");
    EXPECT_EQ(d.trailers()[0].second, "DUoRhQ==");
}

TEST(AwsChunked, TrailerWithoutClosingLineIsAccepted) {
    AwsChunkedDecoder d(std::nullopt);
    std::string payload = decode_in_steps(d, "2\r\nhi\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n", 64);
    EXPECT_EQ(d.error(), ChunkedError::none);
    EXPECT_EQ(payload, "hi");
    EXPECT_EQ(d.trailers().size(), 1u);
}

TEST(AwsChunked, AChunkUnder8KiBFollowedByMoreDataIsTooSmall) {
    AwsChunkedDecoder d(std::nullopt);
    const std::string big(8192, 'b');
    decode_in_steps(d, "2000\r\n" + big + "\r\n3e8\r\n" + std::string(1000, 'x') + "\r\n5\r\nhello\r\n0\r\n\r\n", 100);
    EXPECT_EQ(d.error(), ChunkedError::chunk_too_small);
    // As S3 reports it: the chunk whose header showed the 1000-byte one was not the last.
    EXPECT_EQ(d.bad_chunk_number(), 3u);
    EXPECT_EQ(d.bad_chunk_size(), 1000u);
}

TEST(AwsChunked, ASmallLastDataChunkIsFine) {
    AwsChunkedDecoder d(std::nullopt);
    EXPECT_EQ(decode_in_steps(d, "5\r\nhello\r\n0\r\n\r\n", 4), "hello");
    EXPECT_EQ(d.error(), ChunkedError::none);
}

TEST(AwsChunked, BadSizeIsMalformed) {
    AwsChunkedDecoder d(std::nullopt);
    decode_in_steps(d, "zz\r\nhello\r\n0\r\n\r\n", 64);
    EXPECT_EQ(d.error(), ChunkedError::malformed);
}

TEST(AwsChunked, DataLongerThanItsSizeIsMalformed) {
    AwsChunkedDecoder d(std::nullopt);
    decode_in_steps(d, "2\r\nhello\r\n0\r\n\r\n", 64);
    EXPECT_EQ(d.error(), ChunkedError::malformed);
}

TEST(AwsChunked, EndingBeforeTheFinalChunkIsIncomplete) {
    AwsChunkedDecoder d(std::nullopt);
    decode_in_steps(d, "5\r\nhel", 64);
    EXPECT_EQ(d.error(), ChunkedError::incomplete);
}

TEST(AwsChunked, SignedTrailerVerifies) {
    // Build a signed stream with a trailer the way a client does, then tamper with the trailer.
    auto signing = example_signing();
    std::string key = signing.key;
    auto chunk_sig = [&](const std::string& prev, const std::string& data) {
        std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" + prev +
                          "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" + sha256_hex(data);
        return sigv4::signature(key, sts);
    };
    std::string s1 = chunk_sig(seed, "hello");
    std::string s2 = chunk_sig(s1, "");
    std::string trailer = "x-amz-checksum-crc32:NhCmhg==\n";
    std::string tsts = "AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" + s2 + "\n" +
                       sha256_hex(trailer);
    std::string tsig = sigv4::signature(key, tsts);
    std::string body = "5;chunk-signature=" + s1 + "\r\nhello\r\n0;chunk-signature=" + s2 +
                       "\r\nx-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:" + tsig + "\r\n\r\n";
    {
        AwsChunkedDecoder d(signing);
        EXPECT_EQ(decode_in_steps(d, body, 9), "hello");
        EXPECT_EQ(d.error(), ChunkedError::none);
    }
    {
        std::string tampered = body;
        tampered.replace(tampered.find("NhCmhg=="), 8, "AAAAAA==");
        AwsChunkedDecoder d(signing);
        decode_in_steps(d, tampered, 9);
        EXPECT_EQ(d.error(), ChunkedError::trailer_signature);
    }
}

}  // namespace
}  // namespace s3emu::auth
