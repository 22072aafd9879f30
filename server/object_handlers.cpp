#include "server/object_handlers.h"

#include "auth/crypto.h"
#include "auth/http_date.h"
#include "server/checksums.h"
#include "server/s3_error.h"

#include <array>
#include <chrono>
#include <memory>
#include <vector>

namespace s3emu::server {

namespace {

constexpr std::uint64_t max_put_size = 5ull << 30;       // S3's limit for a single PUT
constexpr std::size_t max_user_metadata = 2048;          // bytes of x-amz-meta-* names and values
constexpr std::size_t max_key_length = 1024;
constexpr std::size_t write_buffer_size = 256 * 1024;

// Headers stored with the object and sent back on GET/HEAD, in S3's spelling.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> stored_content_headers = {{
    {"content-type", "Content-Type"},
    {"content-encoding", "Content-Encoding"},
    {"content-disposition", "Content-Disposition"},
    {"content-language", "Content-Language"},
    {"cache-control", "Cache-Control"},
    {"expires", "Expires"},
    {"x-amz-website-redirect-location", "x-amz-website-redirect-location"},
}};

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

// Content-Encoding without "aws-chunked": that names the transfer framing, not the object.
std::string object_content_encoding(std::string_view header) {
    std::string out;
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty() || item == "aws-chunked") continue;
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

storage::StoredHeaders headers_to_store(const S3Request& request) {
    storage::StoredHeaders stored;
    for (const auto& [lower, spelled] : stored_content_headers) {
        auto v = request.header(lower);
        if (v && lower == "content-encoding") v = object_content_encoding(*v);
        if (v && !v->empty()) stored.emplace_back(std::string(spelled), *v);
    }
    bool has_type = false;
    for (const auto& [name, value] : stored) has_type = has_type || name == "Content-Type";
    // S3's default when the client names no type.
    if (!has_type) stored.emplace(stored.begin(), "Content-Type", "binary/octet-stream");

    std::size_t metadata_size = 0;
    for (const auto& [name, value] : request.headers) {
        if (!name.starts_with("x-amz-meta-")) continue;
        metadata_size += name.size() - 11 + value.size();
        stored.emplace_back(name, value);
    }
    if (metadata_size > max_user_metadata)
        throw S3Error(S3Code::MetadataTooLarge, {}, {{"Size", std::to_string(metadata_size)},
                                                     {"MaxSizeAllowed", std::to_string(max_user_metadata)}});
    return stored;
}

// The Content-MD5 header decoded to 16 raw bytes, or "" when absent.
std::string expected_md5(const S3Request& request) {
    auto header = request.header("content-md5");
    if (!header) return {};
    std::string raw;
    if (!auth::base64_decode(*header, raw) || raw.size() != 16) throw S3Error(S3Code::InvalidDigest);
    return raw;
}

std::string http_date(storage::EpochMillis ms) {
    return auth::format_rfc1123(auth::TimePoint(std::chrono::milliseconds(ms)));
}

void set_object_headers(Response& r, const storage::ObjectMeta& meta, const S3Request& request) {
    for (const auto& [name, value] : meta.headers) r.headers.set(name, value);
    r.headers.set(http::field::etag, "\"" + meta.etag + "\"");
    r.headers.set(http::field::last_modified, http_date(meta.last_modified));
    r.headers.set(http::field::accept_ranges, "bytes");
    for (const auto& [param, header] : response_overrides) {
        if (const std::string* v = request.param(param)) r.headers.set(header, *v);
    }
    if (auto mode = request.header("x-amz-checksum-mode"); mode && *mode == "ENABLED")
        set_checksum_headers(r, meta.checksum);
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
    storage::StoredHeaders headers = headers_to_store(ctx.request);
    std::string md5 = expected_md5(ctx.request);
    RequestedChecksum checksum = requested_checksum(ctx.request);
    // Refuse before the client sends the body: no 100 Continue goes out for a missing bucket.
    if (!ctx.store.get_bucket(ctx.request.bucket))
        throw S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", ctx.request.bucket}});

    auto writer = ctx.store.new_object_writer(checksum.algorithm);
    std::vector<char> buffer(write_buffer_size);
    while (std::size_t n = co_await ctx.body.read_some(buffer.data(), buffer.size())) writer->write(buffer.data(), n);
    writer->finish();
    if (!md5.empty() && md5 != writer->md5_raw())
        throw S3Error(S3Code::BadDigest, {}, {{"ExpectedDigest", auth::base64_encode(md5)},
                                              {"CalculatedDigest", auth::base64_encode(writer->md5_raw())}});
    verify_checksum(checksum, ctx.body, writer->checksum_raw());

    auto meta = ctx.store.put_object(ctx.request.bucket, ctx.request.key, *writer, std::move(headers),
                                     ctx.clock.now_millis());
    Response r = Response::empty(http::status::ok);
    r.headers.set(http::field::etag, "\"" + meta.etag + "\"");
    set_checksum_headers(r, meta.checksum);
    co_return r;
}

boost::asio::awaitable<Response> get_object(HandlerContext& ctx) {
    check_key(ctx);
    auto object = ctx.store.open_object(ctx.request.bucket, ctx.request.key);
    if (!object) throw no_such_key(ctx);
    Response r = Response::empty(http::status::ok);
    set_object_headers(r, object->meta, ctx.request);
    r.length = object->meta.size;
    r.object = std::move(object);
    co_return r;
}

boost::asio::awaitable<Response> head_object(HandlerContext& ctx) {
    check_key(ctx);
    auto meta = ctx.store.head_object(ctx.request.bucket, ctx.request.key);
    if (!meta) throw no_such_key(ctx);
    Response r = Response::empty(http::status::ok);
    set_object_headers(r, *meta, ctx.request);
    r.head_length = meta->size;
    co_return r;
}

boost::asio::awaitable<Response> delete_object(HandlerContext& ctx) {
    check_key(ctx);
    ctx.store.delete_object(ctx.request.bucket, ctx.request.key);
    co_return Response::empty(http::status::no_content);
}

}  // namespace s3emu::server
