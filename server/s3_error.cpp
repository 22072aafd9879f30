#include "server/s3_error.h"

#include <array>

namespace s3emu::server {

namespace {

using boost::beast::http::status;

// In the order of the S3Code enum. Messages are S3's own.
constexpr std::array<S3CodeInfo, 40> table = {{
    {"AccessDenied", status::forbidden, "Access Denied"},
    {"AuthorizationHeaderMalformed", status::bad_request, "The authorization header is malformed."},
    {"AuthorizationQueryParametersError", status::bad_request, "Error parsing the query-string authentication parameters."},
    {"BadDigest", status::bad_request, "The Content-MD5 you specified did not match what we received."},
    {"BucketAlreadyExists", status::conflict,
     "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please "
     "select a different name and try again."},
    {"BucketAlreadyOwnedByYou", status::conflict,
     "Your previous request to create the named bucket succeeded and you already own it."},
    {"BucketNotEmpty", status::conflict, "The bucket you tried to delete is not empty"},
    {"EntityTooLarge", status::bad_request, "Your proposed upload exceeds the maximum allowed size"},
    {"EntityTooSmall", status::bad_request, "Your proposed upload is smaller than the minimum allowed object size."},
    {"IncompleteBody", status::bad_request,
     "You did not provide the number of bytes specified by the Content-Length HTTP header"},
    {"InternalError", status::internal_server_error, "We encountered an internal error. Please try again."},
    {"InvalidAccessKeyId", status::forbidden, "The AWS Access Key Id you provided does not exist in our records."},
    {"InvalidArgument", status::bad_request, "Invalid Argument"},
    {"InvalidBucketName", status::bad_request, "The specified bucket is not valid."},
    {"InvalidChunkSizeError", status::bad_request, "Only the last chunk is allowed to have a size less than 8192 bytes"},
    {"InvalidDigest", status::bad_request, "The Content-MD5 you specified was invalid."},
    {"InvalidLocationConstraint", status::bad_request, "The specified location-constraint is not valid"},
    {"InvalidPart", status::bad_request,
     "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified "
     "entity tag may not match the part's entity tag."},
    {"InvalidPartNumber", status::range_not_satisfiable, "The requested partnumber is not satisfiable"},
    {"InvalidPartOrder", status::bad_request,
     "The list of parts was not in ascending order. Parts must be ordered by part number."},
    {"InvalidRange", status::range_not_satisfiable, "The requested range is not satisfiable"},
    {"InvalidRequest", status::bad_request, "Invalid Request"},
    {"InvalidStorageClass", status::bad_request, "The storage class you specified is not valid"},
    {"InvalidTag", status::bad_request, "The tag provided was not a valid tag."},
    {"KeyTooLongError", status::bad_request, "Your key is too long"},
    {"MalformedTrailerError", status::bad_request,
     "The request contained trailing data that was not well-formed or did not conform to our published schema."},
    {"MalformedXML", status::bad_request,
     "The XML you provided was not well-formed or did not validate against our published schema"},
    {"MetadataTooLarge", status::bad_request,
     "Your metadata headers exceed the maximum allowed metadata size"},
    {"MethodNotAllowed", status::method_not_allowed, "The specified method is not allowed against this resource."},
    {"MissingContentLength", status::length_required, "You must provide the Content-Length HTTP header."},
    {"MissingSecurityHeader", status::bad_request, "Your request is missing a required header."},
    {"NoSuchBucket", status::not_found, "The specified bucket does not exist"},
    {"NoSuchKey", status::not_found, "The specified key does not exist."},
    {"NoSuchUpload", status::not_found,
     "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or "
     "completed."},
    {"NotImplemented", status::not_implemented,
     "A header you provided implies functionality that is not implemented"},
    {"PreconditionFailed", status::precondition_failed,
     "At least one of the pre-conditions you specified did not hold"},
    {"RequestHeaderSectionTooLarge", status::bad_request,
     "Your request header section exceeds the maximum allowed size."},
    {"RequestTimeTooSkewed", status::forbidden,
     "The difference between the request time and the current time is too large."},
    {"SignatureDoesNotMatch", status::forbidden,
     "The request signature we calculated does not match the signature you provided. Check your key and signing "
     "method."},
    {"XAmzContentSHA256Mismatch", status::bad_request,
     "The provided 'x-amz-content-sha256' header does not match what was computed."},
}};

static_assert(table.size() == static_cast<std::size_t>(S3Code::XAmzContentSHA256Mismatch) + 1,
              "one table row per S3Code");

}  // namespace

const S3CodeInfo& info(S3Code code) { return table[static_cast<std::size_t>(code)]; }

S3Error::S3Error(S3Code code, std::string message, Fields fields)
    : std::runtime_error(std::string(info(code).code)),
      code_(code),
      message_(message.empty() ? std::string(info(code).message) : std::move(message)),
      fields_(std::move(fields)) {}

}  // namespace s3emu::server
