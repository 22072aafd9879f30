#include "server/bucket_handlers.h"

#include "server/bucket_name.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"
#include "storage/store_error.h"

#include <pugixml.hpp>

namespace s3emu::server {

namespace {

S3Error no_such_bucket(const HandlerContext& ctx) {
    return S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", ctx.request.bucket}});
}

// The LocationConstraint of a CreateBucketConfiguration body, or "" when there is none.
std::string location_constraint(const std::string& body) {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size()))
        throw S3Error(S3Code::MalformedXML);
    auto config = doc.child("CreateBucketConfiguration");
    if (!config) throw S3Error(S3Code::MalformedXML);
    return config.child("LocationConstraint").text().get();
}

}  // namespace

boost::asio::awaitable<Response> list_buckets(HandlerContext& ctx) {
    co_return Response::xml(list_buckets_xml(ctx.store.list_buckets(), owner_of(ctx.config)));
}

boost::asio::awaitable<Response> create_bucket(HandlerContext& ctx) {
    const std::string& name = ctx.request.bucket;
    if (!valid_bucket_name(name)) throw S3Error(S3Code::InvalidBucketName, {}, {{"BucketName", name}});
    std::string body = co_await ctx.body.read_all(64 * 1024);
    std::string region = ctx.config.region;
    if (!body.empty()) {
        std::string constraint = location_constraint(body);
        // S3 refuses an explicit us-east-1: that region is the absence of a constraint.
        if (constraint == "us-east-1")
            throw S3Error(S3Code::InvalidLocationConstraint, {}, {{"LocationConstraint", constraint}});
        if (!constraint.empty()) region = constraint;
    }
    try {
        co_await ctx.blocking.run([&] { ctx.store.create_bucket(name, region, ctx.clock.now_millis()); });
    } catch (const storage::StoreError& e) {
        // For legacy compatibility S3 answers 200 to re-creating your own bucket in us-east-1.
        if (e.code() != storage::StoreErrc::bucket_already_exists || ctx.config.region != "us-east-1") throw;
    }
    Response r = Response::empty(http::status::ok);
    r.headers.set(http::field::location, "/" + name);
    co_return r;
}

boost::asio::awaitable<Response> head_bucket(HandlerContext& ctx) {
    auto bucket = ctx.store.get_bucket(ctx.request.bucket);
    if (!bucket) throw no_such_bucket(ctx);
    Response r = Response::empty(http::status::ok);
    r.headers.set("x-amz-bucket-region", bucket->region);
    r.headers.set("x-amz-access-point-alias", "false");
    co_return r;
}

boost::asio::awaitable<Response> delete_bucket(HandlerContext& ctx) {
    co_await ctx.blocking.run([&] { ctx.store.delete_bucket(ctx.request.bucket); });
    co_return Response::empty(http::status::no_content);
}

boost::asio::awaitable<Response> get_bucket_location(HandlerContext& ctx) {
    auto bucket = ctx.store.get_bucket(ctx.request.bucket);
    if (!bucket) throw no_such_bucket(ctx);
    co_return Response::xml(location_xml(bucket->region));
}

}  // namespace s3emu::server
