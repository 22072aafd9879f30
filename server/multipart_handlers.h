// Multipart upload operations: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> create_multipart_upload(HandlerContext& ctx);
boost::asio::awaitable<Response> upload_part(HandlerContext& ctx);
boost::asio::awaitable<Response> complete_multipart_upload(HandlerContext& ctx);
boost::asio::awaitable<Response> abort_multipart_upload(HandlerContext& ctx);
boost::asio::awaitable<Response> list_parts(HandlerContext& ctx);
boost::asio::awaitable<Response> list_multipart_uploads(HandlerContext& ctx);

}  // namespace s3emu::server
