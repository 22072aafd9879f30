// Server-side copies: CopyObject and UploadPartCopy (x-amz-copy-source).
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> copy_object(HandlerContext& ctx);
boost::asio::awaitable<Response> upload_part_copy(HandlerContext& ctx);

}  // namespace s3emu::server
