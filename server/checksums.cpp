#include "server/checksums.h"

#include "auth/crypto.h"
#include "server/s3_error.h"

#include <array>

namespace s3emu::server {

namespace {

using storage::ChecksumAlgorithm;

constexpr std::array<ChecksumAlgorithm, 5> all_algorithms = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                                             ChecksumAlgorithm::crc64nvme, ChecksumAlgorithm::sha1,
                                                             ChecksumAlgorithm::sha256};

S3Error invalid(std::string message) { return S3Error(S3Code::InvalidRequest, std::move(message)); }

std::optional<ChecksumAlgorithm> algorithm_of_header(std::string_view name) {
    for (auto a : all_algorithms)
        if (storage::checksum_header(a) == name) return a;
    return std::nullopt;
}

}  // namespace

RequestedChecksum requested_checksum(const S3Request& request) {
    RequestedChecksum out;
    std::optional<ChecksumAlgorithm> named;
    if (auto sdk = request.header("x-amz-sdk-checksum-algorithm")) {
        named = storage::checksum_algorithm_from_name(*sdk);
        if (!named) throw invalid("Value for x-amz-sdk-checksum-algorithm header is invalid.");
    }
    int headers_seen = 0;
    for (auto a : all_algorithms) {
        auto value = request.header(storage::checksum_header(a));
        if (!value) continue;
        if (++headers_seen > 1)
            throw invalid("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        std::string raw;
        if (!auth::base64_decode(*value, raw) || raw.size() != storage::checksum_size(a))
            throw invalid("Value for " + std::string(storage::checksum_header(a)) + " header is invalid.");
        if (named && *named != a) throw invalid("Value for x-amz-sdk-checksum-algorithm header is invalid.");
        out.algorithm = a;
        out.header_value = *value;
        named = a;
    }
    if (auto trailer = request.header("x-amz-trailer")) {
        auto a = algorithm_of_header(*trailer);
        if (!a) throw invalid("The value specified in the x-amz-trailer header is not supported");
        if (out.header_value || (named && *named != *a))
            throw invalid("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        out.algorithm = *a;
        out.in_trailer = true;
        named = a;
    }
    if (named) out.algorithm = *named;
    return out;
}

void verify_checksum(const RequestedChecksum& requested, const BodyReader& body, const std::string& computed_raw) {
    std::optional<std::string> expected = requested.header_value;
    if (requested.in_trailer) {
        std::string_view name = storage::checksum_header(requested.algorithm);
        for (const auto& [n, v] : body.trailers())
            if (n == name) expected = v;
        if (!expected)
            throw S3Error(S3Code::MalformedTrailerError);
    }
    if (!expected) return;
    if (*expected != storage::checksum_base64(computed_raw))
        throw S3Error(S3Code::BadDigest, "The " + std::string(storage::checksum_name(requested.algorithm)) +
                                             " you specified did not match the calculated checksum.");
}

void set_checksum_headers(Response& response, const storage::ObjectChecksum& checksum) {
    if (checksum.algorithm.empty()) return;
    auto a = storage::checksum_algorithm_from_name(checksum.algorithm);
    if (!a) return;
    response.headers.set(std::string(storage::checksum_header(*a)), checksum.value);
    response.headers.set("x-amz-checksum-type", checksum.type);
}

}  // namespace s3emu::server
