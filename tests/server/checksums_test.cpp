// Flexible checksums as a request names them (x-amz-checksum-*, x-amz-sdk-checksum-algorithm,
// x-amz-trailer), their verification against a header or a trailer, and the response headers.
#include "server/checksums.h"

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

using storage::ChecksumAlgorithm;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A body already read to its end, with the trailers an aws-chunked body ended with.
class FakeBody : public BodyReader {
public:
    explicit FakeBody(auth::HeaderList trailers = {}) : trailers_(std::move(trailers)) {}
    boost::asio::awaitable<std::size_t> read_some(char*, std::size_t) override { co_return 0; }
    std::optional<std::uint64_t> content_length() const override { return 0; }
    const auth::HeaderList& trailers() const override { return trailers_; }

private:
    auth::HeaderList trailers_;
};

S3Request request(Headers headers) {
    http::request<http::empty_body> req{http::verb::put, "/b/k", 11};
    for (const auto& [name, value] : headers) req.insert(name, value);
    return parse_request(req);
}

RequestedChecksum requested(Headers headers) { return requested_checksum(request(std::move(headers))); }

std::string raw_of(ChecksumAlgorithm a, const std::string& data) {
    storage::Checksum c(a);
    c.update(data.data(), data.size());
    return c.finish();
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

const std::string data = "123456789";
const std::string crc32_b64 = "y/Q5Jg==";  // CRC32 of "123456789"

// ---------------------------------------------------------------------------------------------
// requested_checksum

TEST(RequestedChecksum, DefaultIsCrc64NvmeWithNothingToVerify) {
    RequestedChecksum r = requested({});
    EXPECT_EQ(r.algorithm, ChecksumAlgorithm::crc64nvme);
    EXPECT_FALSE(r.header_value);
    EXPECT_FALSE(r.in_trailer);
}

TEST(RequestedChecksum, ChecksumHeaderNamesTheAlgorithmAndValue) {
    RequestedChecksum r = requested({{"x-amz-checksum-crc32", crc32_b64}});
    EXPECT_EQ(r.algorithm, ChecksumAlgorithm::crc32);
    ASSERT_TRUE(r.header_value);
    EXPECT_EQ(*r.header_value, crc32_b64);
    EXPECT_FALSE(r.in_trailer);

    // Header names are case-insensitive on the wire.
    EXPECT_EQ(requested({{"X-Amz-Checksum-Crc32", crc32_b64}}).algorithm, ChecksumAlgorithm::crc32);
}

TEST(RequestedChecksum, EveryAlgorithmsHeader) {
    for (auto a : {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c, ChecksumAlgorithm::crc64nvme,
                   ChecksumAlgorithm::sha1, ChecksumAlgorithm::sha256}) {
        std::string value = storage::checksum_base64(raw_of(a, data));
        RequestedChecksum r = requested({{std::string(storage::checksum_header(a)), value}});
        EXPECT_EQ(r.algorithm, a) << storage::checksum_name(a);
        EXPECT_EQ(r.header_value, value);
    }
}

TEST(RequestedChecksum, InvalidHeaderValueIsInvalidRequest) {
    for (const char* value : {"not base64!", "y/Q5Jg=", "", "AAAAAAAAAAA=" /* 8 bytes, not 4 */, "AAA=" /* 2 */}) {
        S3Error e = error_of([&] { requested({{"x-amz-checksum-crc32", value}}); });
        EXPECT_EQ(e.code(), S3Code::InvalidRequest) << "'" << value << "'";
        EXPECT_NE(e.message().find("x-amz-checksum-crc32"), std::string::npos) << e.message();
    }
    // A SHA256 value in the CRC32 header has the wrong size.
    std::string sha = storage::checksum_base64(raw_of(ChecksumAlgorithm::sha256, data));
    EXPECT_EQ(error_of([&] { requested({{"x-amz-checksum-crc32", sha}}); }).code(), S3Code::InvalidRequest);
}

TEST(RequestedChecksum, TwoChecksumHeadersAreInvalidRequest) {
    std::string sha1 = storage::checksum_base64(raw_of(ChecksumAlgorithm::sha1, data));
    S3Error e = error_of([&] { requested({{"x-amz-checksum-crc32", crc32_b64}, {"x-amz-checksum-sha1", sha1}}); });
    EXPECT_EQ(e.code(), S3Code::InvalidRequest);
}

TEST(RequestedChecksum, SdkAlgorithmAgreeingWithTheHeader) {
    RequestedChecksum r =
        requested({{"x-amz-sdk-checksum-algorithm", "CRC32"}, {"x-amz-checksum-crc32", crc32_b64}});
    EXPECT_EQ(r.algorithm, ChecksumAlgorithm::crc32);
    EXPECT_EQ(r.header_value, crc32_b64);
    // The algorithm name is case-insensitive.
    EXPECT_EQ(requested({{"x-amz-sdk-checksum-algorithm", "crc32"}, {"x-amz-checksum-crc32", crc32_b64}}).algorithm,
              ChecksumAlgorithm::crc32);
}

TEST(RequestedChecksum, SdkAlgorithmMismatchingTheHeaderIsInvalidRequest) {
    S3Error e = error_of([] {
        requested({{"x-amz-sdk-checksum-algorithm", "SHA256"}, {"x-amz-checksum-crc32", crc32_b64}});
    });
    EXPECT_EQ(e.code(), S3Code::InvalidRequest);
}

TEST(RequestedChecksum, SdkAlgorithmAloneNamesTheAlgorithmToCompute) {
    RequestedChecksum r = requested({{"x-amz-sdk-checksum-algorithm", "CRC32C"}});
    EXPECT_EQ(r.algorithm, ChecksumAlgorithm::crc32c);
    EXPECT_FALSE(r.header_value);
    EXPECT_FALSE(r.in_trailer);
    EXPECT_EQ(requested({{"x-amz-sdk-checksum-algorithm", "sha1"}}).algorithm, ChecksumAlgorithm::sha1);
}

TEST(RequestedChecksum, UnknownSdkAlgorithmIsInvalidRequest) {
    EXPECT_EQ(error_of([] { requested({{"x-amz-sdk-checksum-algorithm", "MD5"}}); }).code(), S3Code::InvalidRequest);
    EXPECT_EQ(error_of([] { requested({{"x-amz-sdk-checksum-algorithm", ""}}); }).code(), S3Code::InvalidRequest);
}

TEST(RequestedChecksum, TrailerNamesTheAlgorithm) {
    RequestedChecksum r = requested({{"x-amz-trailer", "x-amz-checksum-crc32c"}});
    EXPECT_EQ(r.algorithm, ChecksumAlgorithm::crc32c);
    EXPECT_TRUE(r.in_trailer);
    EXPECT_FALSE(r.header_value);

    RequestedChecksum agreeing =
        requested({{"x-amz-sdk-checksum-algorithm", "CRC64NVME"}, {"x-amz-trailer", "x-amz-checksum-crc64nvme"}});
    EXPECT_EQ(agreeing.algorithm, ChecksumAlgorithm::crc64nvme);
    EXPECT_TRUE(agreeing.in_trailer);
}

TEST(RequestedChecksum, ContradictoryOrUnknownTrailerIsInvalidRequest) {
    EXPECT_EQ(error_of([] { requested({{"x-amz-trailer", "x-amz-checksum-md5"}}); }).code(), S3Code::InvalidRequest);
    EXPECT_EQ(error_of([] {
                  requested({{"x-amz-sdk-checksum-algorithm", "SHA1"}, {"x-amz-trailer", "x-amz-checksum-crc32"}});
              }).code(),
              S3Code::InvalidRequest);
    // A value in a header and another announced in the trailer.
    EXPECT_EQ(error_of([] {
                  requested({{"x-amz-checksum-crc32", crc32_b64}, {"x-amz-trailer", "x-amz-checksum-crc32"}});
              }).code(),
              S3Code::InvalidRequest);
}

// ---------------------------------------------------------------------------------------------
// verify_checksum

TEST(VerifyChecksum, HeaderValueMatching) {
    RequestedChecksum r = requested({{"x-amz-checksum-crc32", crc32_b64}});
    EXPECT_NO_THROW(verify_checksum(r, FakeBody(), raw_of(ChecksumAlgorithm::crc32, data)));
}

TEST(VerifyChecksum, HeaderValueMismatchIsBadDigest) {
    RequestedChecksum r = requested({{"x-amz-checksum-crc32", crc32_b64}});
    S3Error e = error_of([&] { verify_checksum(r, FakeBody(), raw_of(ChecksumAlgorithm::crc32, "12345678")); });
    EXPECT_EQ(e.code(), S3Code::BadDigest);
    EXPECT_NE(e.message().find("CRC32"), std::string::npos) << e.message();
    EXPECT_EQ(info(S3Code::BadDigest).status, boost::beast::http::status::bad_request);
}

TEST(VerifyChecksum, NothingToVerifyWithoutHeaderOrTrailer) {
    RequestedChecksum r = requested({});
    EXPECT_NO_THROW(verify_checksum(r, FakeBody(), raw_of(ChecksumAlgorithm::crc64nvme, "anything")));
    // A trailer the request did not announce is not looked at.
    EXPECT_NO_THROW(verify_checksum(r, FakeBody(auth::HeaderList{{"x-amz-checksum-crc64nvme", "AAAAAAAAAAA="}}),
                                    raw_of(ChecksumAlgorithm::crc64nvme, "anything")));
}

TEST(VerifyChecksum, TrailerValueMatching) {
    RequestedChecksum r = requested({{"x-amz-trailer", "x-amz-checksum-crc32"}});
    FakeBody body(auth::HeaderList{{"x-amz-checksum-crc32", crc32_b64}});
    EXPECT_NO_THROW(verify_checksum(r, body, raw_of(ChecksumAlgorithm::crc32, data)));

    std::string sha256 = storage::checksum_base64(raw_of(ChecksumAlgorithm::sha256, data));
    RequestedChecksum rs = requested({{"x-amz-trailer", "x-amz-checksum-sha256"}});
    FakeBody among_others(auth::HeaderList{{"x-amz-meta-x", "y"}, {"x-amz-checksum-sha256", sha256}});
    EXPECT_NO_THROW(verify_checksum(rs, among_others, raw_of(ChecksumAlgorithm::sha256, data)));
}

TEST(VerifyChecksum, TrailerValueMismatchIsBadDigest) {
    RequestedChecksum r = requested({{"x-amz-trailer", "x-amz-checksum-crc32"}});
    FakeBody body(auth::HeaderList{{"x-amz-checksum-crc32", "AAAAAA=="}});
    EXPECT_EQ(error_of([&] { verify_checksum(r, body, raw_of(ChecksumAlgorithm::crc32, data)); }).code(),
              S3Code::BadDigest);
}

TEST(VerifyChecksum, MissingTrailerIsMalformedTrailerError) {
    RequestedChecksum r = requested({{"x-amz-trailer", "x-amz-checksum-crc32"}});
    EXPECT_EQ(error_of([&] { verify_checksum(r, FakeBody(), raw_of(ChecksumAlgorithm::crc32, data)); }).code(),
              S3Code::MalformedTrailerError);
    // A trailer of another algorithm does not stand in for the announced one.
    FakeBody other(auth::HeaderList{{"x-amz-checksum-crc32c", "4waSgw=="}});
    EXPECT_EQ(error_of([&] { verify_checksum(r, other, raw_of(ChecksumAlgorithm::crc32, data)); }).code(),
              S3Code::MalformedTrailerError);
}

// ---------------------------------------------------------------------------------------------
// set_checksum_headers

TEST(SetChecksumHeaders, AlgorithmHeaderAndType) {
    Response response;
    set_checksum_headers(response, storage::ObjectChecksum{"CRC32", crc32_b64, "FULL_OBJECT"});
    EXPECT_EQ(response.headers["x-amz-checksum-crc32"], crc32_b64);
    EXPECT_EQ(response.headers["x-amz-checksum-type"], "FULL_OBJECT");

    Response composite;
    set_checksum_headers(composite, storage::ObjectChecksum{"SHA256", "abc=", "COMPOSITE"});
    EXPECT_EQ(composite.headers["x-amz-checksum-sha256"], "abc=");
    EXPECT_EQ(composite.headers["x-amz-checksum-type"], "COMPOSITE");
}

TEST(SetChecksumHeaders, NoneWithoutAKnownAlgorithm) {
    Response response;
    set_checksum_headers(response, storage::ObjectChecksum{});
    set_checksum_headers(response, storage::ObjectChecksum{"MD5", "x", "FULL_OBJECT"});
    EXPECT_EQ(response.headers.begin(), response.headers.end());
}

}  // namespace
}  // namespace s3emu::server
