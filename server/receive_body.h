// Streams a request body into a new object's writer and checks what the client said of it
// (Content-MD5, x-amz-checksum-*): shared by PutObject and UploadPart.
#pragma once

#include "server/checksums.h"
#include "server/handler_context.h"
#include "storage/object_writer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace s3emu::server {

// Returns the finished writer, ready to commit. `md5` is the raw Content-MD5 ("" when absent).
// Throws S3Error(BadDigest | XAmzContentSHA256Mismatch | IncompleteBody | ...).
boost::asio::awaitable<std::unique_ptr<storage::ObjectWriter>> receive_body(HandlerContext& ctx,
                                                                           std::uint64_t length,
                                                                           const std::string& md5,
                                                                           const RequestedChecksum& checksum);

}  // namespace s3emu::server
