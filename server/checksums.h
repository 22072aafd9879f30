// Flexible checksums as a request names them (x-amz-checksum-*, x-amz-sdk-checksum-algorithm,
// x-amz-trailer), their verification once the body is read, and their response headers.
#pragma once

#include "server/body_reader.h"
#include "server/response.h"
#include "server/s3_request.h"
#include "storage/checksum.h"
#include "storage/store.h"

#include <optional>
#include <string>

namespace s3emu::server {

struct RequestedChecksum {
    // S3 computes CRC64NVME for objects uploaded without any checksum.
    storage::ChecksumAlgorithm algorithm = storage::ChecksumAlgorithm::crc64nvme;
    std::optional<std::string> header_value;  // base64 from x-amz-checksum-<alg>
    bool in_trailer = false;                  // x-amz-trailer names x-amz-checksum-<alg>
};

// Throws S3Error(InvalidRequest) for contradictory or malformed checksum headers.
RequestedChecksum requested_checksum(const S3Request& request);

// After the body is read: the client's value (header or trailer) must equal `computed_raw`.
// Throws S3Error(BadDigest) on a mismatch.
void verify_checksum(const RequestedChecksum& requested, const BodyReader& body, const std::string& computed_raw);

// x-amz-checksum-<alg> and x-amz-checksum-type, for x-amz-checksum-mode: ENABLED.
void set_checksum_headers(Response& response, const storage::ObjectChecksum& checksum);

}  // namespace s3emu::server
