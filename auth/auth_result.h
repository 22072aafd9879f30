// The outcome of authenticating one request: who signed it and how its body must be checked,
// or the S3 error that refuses it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace s3emu::auth {

// Named exactly as the S3 error codes they become.
enum class AuthError {
    AccessDenied,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    InvalidAccessKeyId,
    InvalidArgument,
    InvalidRequest,
    MissingSecurityHeader,
    RequestTimeTooSkewed,
    SignatureDoesNotMatch,
};

// How the request body is bound to the signature (the x-amz-content-sha256 value).
enum class PayloadMode {
    unchecked,                 // UNSIGNED-PAYLOAD, SigV2, presigned URLs, anonymous
    sha256,                    // a hex SHA-256 the body must hash to
    streaming_signed,          // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
    streaming_signed_trailer,  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
    streaming_unsigned_trailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER
};

struct AuthResult {
    bool ok = false;
    bool anonymous = false;
    std::string access_key;

    PayloadMode payload = PayloadMode::unchecked;
    std::string payload_sha256;  // lower-case hex, for PayloadMode::sha256
    // What chunk signatures of a streaming body chain from (SigV4 only).
    std::string seed_signature, signing_key, amz_date, scope;

    // When !ok: the error, its message, extra XML elements in order, and what the server
    // computed (logged and returned on SignatureDoesNotMatch, as AWS does).
    AuthError error = AuthError::AccessDenied;
    std::string message;
    std::vector<std::pair<std::string, std::string>> fields;
    std::string canonical_request, string_to_sign;
};

}  // namespace s3emu::auth
