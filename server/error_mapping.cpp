#include "server/error_mapping.h"

namespace s3emu::server {

S3Error from_auth(const auth::AuthResult& failure) {
    using auth::AuthError;
    S3Code code = S3Code::AccessDenied;
    switch (failure.error) {
        case AuthError::AccessDenied: code = S3Code::AccessDenied; break;
        case AuthError::AuthorizationHeaderMalformed: code = S3Code::AuthorizationHeaderMalformed; break;
        case AuthError::AuthorizationQueryParametersError: code = S3Code::AuthorizationQueryParametersError; break;
        case AuthError::InvalidAccessKeyId: code = S3Code::InvalidAccessKeyId; break;
        case AuthError::InvalidArgument: code = S3Code::InvalidArgument; break;
        case AuthError::InvalidRequest: code = S3Code::InvalidRequest; break;
        case AuthError::MissingSecurityHeader: code = S3Code::MissingSecurityHeader; break;
        case AuthError::RequestTimeTooSkewed: code = S3Code::RequestTimeTooSkewed; break;
        case AuthError::SignatureDoesNotMatch: code = S3Code::SignatureDoesNotMatch; break;
    }
    return S3Error(code, failure.message, failure.fields);
}

S3Error from_store(const storage::StoreError& error, const S3Request& request) {
    switch (error.code()) {
        case storage::StoreErrc::no_such_bucket:
            return S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", request.bucket}});
        case storage::StoreErrc::bucket_already_exists:
            return S3Error(S3Code::BucketAlreadyOwnedByYou, {}, {{"BucketName", request.bucket}});
        case storage::StoreErrc::bucket_not_empty:
            return S3Error(S3Code::BucketNotEmpty, {}, {{"BucketName", request.bucket}});
        case storage::StoreErrc::precondition_failed:
            return S3Error(S3Code::PreconditionFailed, {},
                           {{"Condition", request.header("if-match") ? "If-Match" : "If-None-Match"}});
        case storage::StoreErrc::no_such_upload: {
            const std::string* id = request.param("uploadId");
            return S3Error(S3Code::NoSuchUpload, {}, {{"UploadId", id ? *id : std::string()}});
        }
    }
    return S3Error(S3Code::InternalError);
}

}  // namespace s3emu::server
