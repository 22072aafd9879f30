#include "server/list_handlers.h"

#include "auth/crypto.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"

#include <charconv>

namespace s3emu::server {

namespace {

constexpr int max_page = 1000;

std::string param_or_empty(const S3Request& r, std::string_view name) {
    const std::string* v = r.param(name);
    return v ? *v : std::string();
}

// The parameters both list versions share: prefix, delimiter, max-keys and encoding-type.
ListingView common_view(const HandlerContext& ctx, storage::ListQuery& query) {
    const S3Request& r = ctx.request;
    ListingView view;
    view.bucket = r.bucket;
    view.prefix = query.prefix = param_or_empty(r, "prefix");
    view.delimiter = query.delimiter = param_or_empty(r, "delimiter");
    if (const std::string* max = r.param("max-keys")) {
        int n = 0;
        auto [p, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
        if (ec != std::errc{} || p != max->data() + max->size() || n < 0)
            throw S3Error(S3Code::InvalidArgument, "Provided max-keys not an integer or within integer range",
                          {{"ArgumentName", "max-keys"}, {"ArgumentValue", *max}});
        view.max_keys = std::min(n, max_page);
    }
    query.max_keys = view.max_keys;
    if (const std::string* enc = r.param("encoding-type")) {
        if (*enc != "url")
            throw S3Error(S3Code::InvalidArgument, "Invalid Encoding Method specified in Request",
                          {{"ArgumentName", "encoding-type"}, {"ArgumentValue", *enc}});
        view.url_encoded = true;
    }
    return view;
}

}  // namespace

boost::asio::awaitable<Response> list_objects(HandlerContext& ctx) {
    storage::ListQuery query;
    ListingView view = common_view(ctx, query);
    view.marker = query.after = param_or_empty(ctx.request, "marker");
    Owner owner = owner_of(ctx.config);
    view.owner = &owner;
    storage::ListPage page = ctx.store.list_objects(ctx.request.bucket, query);
    view.page = &page;
    // S3 sends NextMarker only with a delimiter; without one, clients continue from the last key.
    if (page.truncated && !view.delimiter.empty()) view.next_marker = page.last;
    co_return Response::xml(list_objects_xml(view));
}

boost::asio::awaitable<Response> list_objects_v2(HandlerContext& ctx) {
    if (param_or_empty(ctx.request, "list-type") != "2")
        throw S3Error(S3Code::InvalidArgument, "Invalid List Type specified in Request",
                      {{"ArgumentName", "list-type"}, {"ArgumentValue", param_or_empty(ctx.request, "list-type")}});
    storage::ListQuery query;
    ListingView view = common_view(ctx, query);
    view.start_after = param_or_empty(ctx.request, "start-after");
    if (const std::string* token = ctx.request.param("continuation-token")) {
        // The token is the last entry of the previous page, base64-encoded: opaque to clients.
        std::string last;
        if (token->empty() || !auth::base64_decode(*token, last))
            throw S3Error(S3Code::InvalidArgument, "The continuation token provided is incorrect",
                          {{"ArgumentName", "continuation-token"}});
        view.continuation_token = *token;
        query.after = last;
    } else {
        query.after = view.start_after;
    }
    Owner owner = owner_of(ctx.config);
    if (param_or_empty(ctx.request, "fetch-owner") == "true") view.owner = &owner;
    storage::ListPage page = ctx.store.list_objects(ctx.request.bucket, query);
    view.page = &page;
    if (page.truncated) view.next_continuation_token = auth::base64_encode(page.last);
    co_return Response::xml(list_objects_v2_xml(view));
}

}  // namespace s3emu::server

namespace s3emu::server {

boost::asio::awaitable<Response> list_object_versions(HandlerContext& ctx) {
    storage::ListQuery query;
    ListingView view = common_view(ctx, query);
    view.marker = param_or_empty(ctx.request, "key-marker");
    view.version_id_marker = param_or_empty(ctx.request, "version-id-marker");
    // With every version "null", a version-id-marker means its key is done, as a key-marker alone does.
    query.after = view.marker;
    Owner owner = owner_of(ctx.config);
    view.owner = &owner;
    storage::ListPage page = ctx.store.list_objects(ctx.request.bucket, query);
    view.page = &page;
    if (page.truncated) view.next_marker = page.last;
    co_return Response::xml(list_object_versions_xml(view));
}

}  // namespace s3emu::server
