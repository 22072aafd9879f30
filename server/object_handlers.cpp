#include "server/object_handlers.h"

#include "auth/crypto.h"
#include "auth/http_date.h"
#include "server/checksums.h"
#include "server/receive_body.h"
#include "server/object_headers.h"
#include "server/object_read_plan.h"
#include "server/s3_error.h"
#include "server/store_completion.h"
#include "server/xml_responses.h"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <vector>

namespace s3emu::server {

namespace {

constexpr std::uint64_t max_put_size = 5ull << 30;       // S3's limit for a single PUT
constexpr std::uint64_t early_check_size = 64 * 1024;    // bodies above this are checked for before reading
constexpr std::size_t max_key_length = 1024;

// The response-* query parameters a signed GET may use to override stored headers.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> response_overrides = {{
    {"response-content-type", "Content-Type"},
    {"response-content-language", "Content-Language"},
    {"response-expires", "Expires"},
    {"response-cache-control", "Cache-Control"},
    {"response-content-disposition", "Content-Disposition"},
    {"response-content-encoding", "Content-Encoding"},
}};

void check_key(const HandlerContext& ctx) {
    if (ctx.request.key.size() > max_key_length)
        throw S3Error(S3Code::KeyTooLongError, {},
                      {{"MaxSizeAllowed", std::to_string(max_key_length)},
                       {"Size", std::to_string(ctx.request.key.size())}});
}

std::string http_date(storage::EpochMillis ms) {
    return auth::format_rfc1123(auth::TimePoint(std::chrono::milliseconds(ms)));
}

void set_object_headers(Response& r, const storage::ObjectMeta& meta, const S3Request& request,
                        const ReadPlan& plan) {
    r.status = plan.status;
    r.headers.set(http::field::etag, "\"" + meta.etag + "\"");
    r.headers.set(http::field::last_modified, http_date(meta.last_modified));
    if (plan.status == http::status::not_modified) return;
    for (const auto& [name, value] : meta.headers) r.headers.set(name, value);
    r.headers.set(http::field::accept_ranges, "bytes");
    if (!plan.content_range.empty()) r.headers.set(http::field::content_range, plan.content_range);
    if (plan.parts_count) r.headers.set("x-amz-mp-parts-count", std::to_string(plan.parts_count));
    if (!meta.tags.empty()) r.headers.set("x-amz-tagging-count", std::to_string(meta.tags.size()));
    for (const auto& [param, header] : response_overrides) {
        if (const std::string* v = request.param(param)) r.headers.set(header, *v);
    }
    // Never the whole-object checksum on a partial answer: SDKs would check the part against it.
    auto mode = request.header("x-amz-checksum-mode");
    if (mode && *mode == "ENABLED" && plan.status == http::status::ok) set_checksum_headers(r, meta.checksum);
}

// PutObject's conditional writes: If-None-Match accepts only "*", If-Match one ETag.
storage::WriteCondition write_condition(const S3Request& request) {
    storage::WriteCondition condition;
    if (auto none = request.header("if-none-match")) {
        if (*none != "*") throw S3Error(S3Code::NotImplemented, {}, {{"Header", "If-None-Match"}});
        condition.must_not_exist = true;
    }
    if (auto match = request.header("if-match")) {
        std::string_view etag = *match;
        if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
        condition.etag_must_match = std::string(etag);
    }
    return condition;
}

S3Error no_such_key(const HandlerContext& ctx) {
    return S3Error(S3Code::NoSuchKey, {}, {{"Key", ctx.request.key}});
}

}  // namespace

boost::asio::awaitable<Response> put_object(HandlerContext& ctx) {
    check_key(ctx);
    auto length = ctx.body.content_length();
    if (!length) throw S3Error(S3Code::MissingContentLength);
    if (*length > max_put_size)
        throw S3Error(S3Code::EntityTooLarge, {}, {{"ProposedSize", std::to_string(*length)},
                                                   {"MaxSizeAllowed", std::to_string(max_put_size)}});
    storage::NewObject object = new_object_from(ctx.request);
    std::string md5 = expected_md5(ctx.request);
    RequestedChecksum checksum = requested_checksum(ctx.request);
    storage::WriteCondition condition = write_condition(ctx.request);
    // Refuse before the client sends the body: no 100 Continue goes out for a missing bucket
    // or a condition that already fails (the commit checks both again, atomically). A small
    // body already on its way costs less to read than the lookup costs every PUT.
    const bool waits_to_send = ctx.request.header("expect").has_value();
    if ((waits_to_send || *length > early_check_size) && !ctx.store.get_bucket(ctx.request.bucket))
        throw S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", ctx.request.bucket}});
    if (condition.must_not_exist || condition.etag_must_match) {
        auto current = ctx.store.head_object(ctx.request.bucket, ctx.request.key);
        // If-Match on a key that does not exist: S3 answers NoSuchKey.
        if (condition.etag_must_match && !current) throw no_such_key(ctx);
        if ((condition.must_not_exist && current) ||
            (condition.etag_must_match && (!current || current->etag != *condition.etag_must_match)))
            throw S3Error(S3Code::PreconditionFailed, {},
                          {{"Condition", condition.must_not_exist ? "If-None-Match" : "If-Match"}});
    }

    auto writer = co_await receive_body(ctx, *length, md5, checksum);

    storage::ObjectMeta meta;
    if (writer->in_memory()) {
        // Only the metadata to commit: queued to the group commit, no thread waits for it.
        meta = co_await await_store<storage::ObjectMeta>([&](storage::Store::PutDone done) {
            ctx.store.put_small_object(ctx.request.bucket, ctx.request.key, *writer, std::move(object),
                                       ctx.clock.now_millis(), condition, std::move(done));
        });
    } else {
        meta = co_await ctx.blocking.run([&] {
            return ctx.store.put_object(ctx.request.bucket, ctx.request.key, *writer, std::move(object),
                                        ctx.clock.now_millis(), condition);
        });
    }
    Response r = Response::empty(http::status::ok);
    r.headers.set(http::field::etag, "\"" + meta.etag + "\"");
    set_checksum_headers(r, meta.checksum);
    co_return r;
}

boost::asio::awaitable<Response> get_object(HandlerContext& ctx) {
    check_key(ctx);
    auto object = ctx.store.open_object(ctx.request.bucket, ctx.request.key);
    if (!object) throw no_such_key(ctx);
    ReadPlan plan = plan_object_read(ctx.request, object->meta);
    Response r;
    set_object_headers(r, object->meta, ctx.request, plan);
    if (plan.status == http::status::not_modified) co_return r;
    r.offset = plan.offset;
    r.length = plan.length;
    r.object = std::move(object);
    co_return r;
}

boost::asio::awaitable<Response> head_object(HandlerContext& ctx) {
    check_key(ctx);
    auto meta = ctx.store.head_object(ctx.request.bucket, ctx.request.key);
    if (!meta) throw no_such_key(ctx);
    ReadPlan plan = plan_object_read(ctx.request, *meta);
    Response r;
    set_object_headers(r, *meta, ctx.request, plan);
    if (plan.status != http::status::not_modified) r.head_length = plan.length;
    co_return r;
}

boost::asio::awaitable<Response> delete_object(HandlerContext& ctx) {
    check_key(ctx);
    co_await ctx.blocking.run([&] { ctx.store.delete_object(ctx.request.bucket, ctx.request.key); });
    co_return Response::empty(http::status::no_content);
}

boost::asio::awaitable<Response> delete_objects(HandlerContext& ctx) {
    constexpr std::size_t max_keys = 1000;
    const S3Request& r = ctx.request;
    std::string md5 = expected_md5(r);
    RequestedChecksum checksum = requested_checksum(r);
    // S3 requires an integrity header here: Content-MD5, or (as current SDKs send) a checksum.
    if (md5.empty() && !checksum.header_value && !checksum.in_trailer)
        throw S3Error(S3Code::InvalidRequest, "Missing required header for this request: Content-MD5");
    if (!ctx.store.get_bucket(r.bucket)) throw S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", r.bucket}});
    std::string body = co_await ctx.body.read_all(2 << 20);
    if (!md5.empty()) {
        auto d = auth::Digest::md5();
        d.update(body.data(), body.size());
        if (d.finish() != md5) throw S3Error(S3Code::BadDigest);
    }
    storage::Checksum computed(checksum.algorithm);
    computed.update(body.data(), body.size());
    verify_checksum(checksum, ctx.body, computed.finish());

    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size())) throw S3Error(S3Code::MalformedXML);
    auto root = doc.child("Delete");
    if (!root) throw S3Error(S3Code::MalformedXML);
    bool quiet = std::string_view(root.child("Quiet").text().get()) == "true";
    std::vector<DeleteOutcome> outcomes;
    for (auto object : root.children("Object")) {
        if (!object.child("Key")) throw S3Error(S3Code::MalformedXML);
        outcomes.push_back(DeleteOutcome{object.child("Key").text().get(), {}, {}});
    }
    if (outcomes.empty() || outcomes.size() > max_keys) throw S3Error(S3Code::MalformedXML);
    std::vector<std::string> keys;
    for (auto& o : outcomes) {
        if (o.key.empty() || o.key.size() > max_key_length) {
            o.error_code = o.key.empty() ? "UserKeyMustBeSpecified" : "KeyTooLongError";
            o.error_message = o.key.empty() ? "The request was missing a required header" : "Your key is too long";
            continue;
        }
        keys.push_back(o.key);
    }
    co_await ctx.blocking.run([&] { ctx.store.delete_objects(r.bucket, keys); });
    co_return Response::xml(delete_result_xml(outcomes, quiet));
}

}  // namespace s3emu::server
