// Bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> list_buckets(HandlerContext& ctx);
boost::asio::awaitable<Response> create_bucket(HandlerContext& ctx);
boost::asio::awaitable<Response> head_bucket(HandlerContext& ctx);
boost::asio::awaitable<Response> delete_bucket(HandlerContext& ctx);
boost::asio::awaitable<Response> get_bucket_location(HandlerContext& ctx);

}  // namespace s3emu::server
