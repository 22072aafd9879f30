// AWS Signature Version 2 for S3 (header "AWS AK:sig" and presigned AWSAccessKeyId/Signature/Expires).
// Still made by boto3's generate_presigned_url and `aws s3 presign` in CLI v1.
#pragma once

#include "auth/http_request_view.h"

#include <string>
#include <string_view>

namespace s3emu::auth::sigv2 {

// VERB \n Content-MD5 \n Content-Type \n Date-or-Expires \n x-amz-* headers + resource.
// `date_line` is the Date header, "" when x-amz-date is sent, or Expires for presigned URLs.
std::string string_to_sign(const HttpRequestView& request, std::string_view date_line);

// "/bucket/key" as sent plus the sub-resources S3 signs (?acl, ?uploadId=..., response-* ...).
std::string canonical_resource(const HttpRequestView& request);

std::string signature(std::string_view secret, std::string_view string_to_sign);  // base64 HMAC-SHA1

}  // namespace s3emu::auth::sigv2
