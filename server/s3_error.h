// The one table of S3 error codes (code, HTTP status, default message) and the exception
// that carries one of them to the response.
#pragma once

#include <ostream>  // boost/core/detail/string_view.hpp needs it before status.hpp

#include <boost/beast/http/status.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3emu::server {

enum class S3Code {
    AccessDenied,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    BadDigest,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    EntityTooLarge,
    EntityTooSmall,
    IncompleteBody,
    InternalError,
    InvalidAccessKeyId,
    InvalidArgument,
    InvalidBucketName,
    InvalidChunkSizeError,
    InvalidDigest,
    InvalidLocationConstraint,
    InvalidPart,
    InvalidPartNumber,
    InvalidPartOrder,
    InvalidRange,
    InvalidRequest,
    InvalidStorageClass,
    InvalidTag,
    KeyTooLongError,
    MalformedTrailerError,
    MalformedXML,
    MetadataTooLarge,
    MethodNotAllowed,
    MissingContentLength,
    MissingSecurityHeader,
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    NotImplemented,
    PreconditionFailed,
    RequestHeaderSectionTooLarge,
    RequestTimeTooSkewed,
    SignatureDoesNotMatch,
    XAmzContentSHA256Mismatch,
};

struct S3CodeInfo {
    std::string_view code;
    boost::beast::http::status status;
    std::string_view message;
};

const S3CodeInfo& info(S3Code code);

class S3Error : public std::runtime_error {
public:
    using Fields = std::vector<std::pair<std::string, std::string>>;

    explicit S3Error(S3Code code, std::string message = {}, Fields fields = {});

    S3Code code() const { return code_; }
    const std::string& message() const { return message_; }
    // Extra elements of the error XML after Message (Key, BucketName, StringToSign, ...).
    const Fields& fields() const { return fields_; }

private:
    S3Code code_;
    std::string message_;
    Fields fields_;
};

}  // namespace s3emu::server
