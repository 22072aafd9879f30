#include "server/tagging_handlers.h"

#include "server/s3_error.h"
#include "server/tagging.h"
#include "server/xml_responses.h"

namespace s3emu::server {

namespace {

S3Error no_such_key(const HandlerContext& ctx) {
    return S3Error(S3Code::NoSuchKey, {}, {{"Key", ctx.request.key}});
}

// Until versioning exists every object is version "null", as S3 reports for unversioned buckets.
void set_version(Response& r) { r.headers.set("x-amz-version-id", "null"); }

}  // namespace

boost::asio::awaitable<Response> get_object_tagging(HandlerContext& ctx) {
    auto meta = ctx.store.head_object(ctx.request.bucket, ctx.request.key);
    if (!meta) throw no_such_key(ctx);
    Response r = Response::xml(tagging_xml(meta->tags));
    set_version(r);
    co_return r;
}

boost::asio::awaitable<Response> put_object_tagging(HandlerContext& ctx) {
    std::string body = co_await ctx.body.read_all(64 * 1024);
    storage::Tags tags = parse_tagging_xml(body);
    bool found =
        co_await ctx.blocking.run([&] { return ctx.store.set_object_tags(ctx.request.bucket, ctx.request.key, tags); });
    if (!found) throw no_such_key(ctx);
    Response r = Response::empty(http::status::ok);
    set_version(r);
    co_return r;
}

boost::asio::awaitable<Response> delete_object_tagging(HandlerContext& ctx) {
    bool found =
        co_await ctx.blocking.run([&] { return ctx.store.set_object_tags(ctx.request.bucket, ctx.request.key, {}); });
    if (!found) throw no_such_key(ctx);
    Response r = Response::empty(http::status::no_content);
    set_version(r);
    co_return r;
}

}  // namespace s3emu::server
