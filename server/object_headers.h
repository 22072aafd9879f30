// Which request headers an object keeps (Content-Type, Content-Encoding, x-amz-meta-*, ...)
// and the Content-MD5 check: shared by PutObject, CreateMultipartUpload and UploadPart.
#pragma once

#include "server/s3_request.h"
#include "storage/store.h"

#include <string>

namespace s3emu::server {

// The headers to store with a new object. Throws S3Error(MetadataTooLarge).
storage::StoredHeaders headers_to_store(const S3Request& request);
// Headers and the x-amz-tagging tag set of a new object. Throws S3Error.
storage::NewObject new_object_from(const S3Request& request);

// The Content-MD5 header decoded to 16 raw bytes, or "" when absent. Throws S3Error(InvalidDigest).
std::string expected_md5(const S3Request& request);

}  // namespace s3emu::server
