#include "server/copy_handlers.h"

#include "auth/http_date.h"
#include "auth/uri_encode.h"
#include "server/checksums.h"
#include "server/object_headers.h"
#include "server/object_read_plan.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"
#include "storage/object_range_reader.h"

#include <charconv>
#include <chrono>
#include <vector>

namespace s3emu::server {

namespace {

constexpr std::size_t copy_buffer_size = 1 << 20;
constexpr std::uint64_t max_copy_size = 5ull << 30;  // S3's limit for CopyObject and UploadPartCopy

struct CopySource {
    std::string bucket, key;
};

// "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=...".
CopySource parse_copy_source(const S3Request& r) {
    std::string value = r.header("x-amz-copy-source").value_or("");
    std::string_view v = value;
    if (auto q = v.find('?'); q != std::string_view::npos) v = v.substr(0, q);
    std::string decoded = auth::percent_decode(v, false);
    std::string_view d = decoded;
    if (d.starts_with('/')) d.remove_prefix(1);
    auto slash = d.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == d.size())
        throw S3Error(S3Code::InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                      {{"ArgumentName", "x-amz-copy-source"}, {"ArgumentValue", value}});
    return {std::string(d.substr(0, slash)), std::string(d.substr(slash + 1))};
}

storage::OpenObject open_source(HandlerContext& ctx, const CopySource& source) {
    auto object = ctx.store.open_object(source.bucket, source.key);
    if (!object) throw S3Error(S3Code::NoSuchKey, {}, {{"Key", source.key}});
    return std::move(*object);
}

// The x-amz-copy-source-if-* conditions, each failing with 412 as S3 answers them.
void check_copy_conditions(const S3Request& r, const storage::ObjectMeta& meta) {
    auto seconds = [](std::string_view text) -> std::optional<std::int64_t> {
        auto t = auth::parse_rfc1123(text);
        if (!t) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
    };
    auto unquote = [](std::string v) {
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        return v;
    };
    std::int64_t modified = meta.last_modified / 1000;
    auto fail = [](const char* condition) {
        return S3Error(S3Code::PreconditionFailed, {}, {{"Condition", condition}});
    };
    auto match = r.header("x-amz-copy-source-if-match");
    if (match && unquote(*match) != meta.etag && *match != "*") throw fail("x-amz-copy-source-If-Match");
    if (!match) {
        if (auto v = r.header("x-amz-copy-source-if-unmodified-since"); v && seconds(*v) && modified > *seconds(*v))
            throw fail("x-amz-copy-source-If-Unmodified-Since");
    }
    auto none = r.header("x-amz-copy-source-if-none-match");
    if (none && (unquote(*none) == meta.etag || *none == "*")) throw fail("x-amz-copy-source-If-None-Match");
    if (!none) {
        if (auto v = r.header("x-amz-copy-source-if-modified-since"); v && seconds(*v) && modified <= *seconds(*v))
            throw fail("x-amz-copy-source-If-Modified-Since");
    }
}

// x-amz-copy-source-range: only "bytes=first-last", inside the source object.
ByteRange parse_copy_range(const std::string& range, std::uint64_t size) {
    auto invalid = [&] {
        return S3Error(S3Code::InvalidArgument,
                       "Range specified is not valid for source object of size: " + std::to_string(size),
                       {{"ArgumentName", "x-amz-copy-source-range"}, {"ArgumentValue", range}});
    };
    std::string_view v = range;
    if (!v.starts_with("bytes=")) throw invalid();
    v.remove_prefix(6);
    auto dash = v.find('-');
    if (dash == std::string_view::npos) throw invalid();
    ByteRange out;
    auto first = v.substr(0, dash), last = v.substr(dash + 1);
    auto [p1, e1] = std::from_chars(first.data(), first.data() + first.size(), out.first);
    auto [p2, e2] = std::from_chars(last.data(), last.data() + last.size(), out.last);
    if (first.empty() || last.empty() || e1 != std::errc{} || e2 != std::errc{} ||
        p1 != first.data() + first.size() || p2 != last.data() + last.size() || out.first > out.last ||
        out.last >= size)
        throw invalid();
    return out;
}

// Streams a byte range of `source` into `writer`, a buffer at a time.
void copy_bytes(const storage::OpenObject& source, std::uint64_t offset, std::uint64_t length,
                storage::ObjectWriter& writer) {
    storage::ObjectRangeReader reader(source.segments, offset, length);
    auto buffer = std::make_unique_for_overwrite<char[]>(copy_buffer_size);
    while (std::size_t n = reader.read(buffer.get(), copy_buffer_size)) writer.write(buffer.get(), n);
    writer.finish();
}

}  // namespace

boost::asio::awaitable<Response> copy_object(HandlerContext& ctx) {
    const S3Request& r = ctx.request;
    CopySource source = parse_copy_source(r);
    std::string directive = r.header("x-amz-metadata-directive").value_or("COPY");
    if (directive != "COPY" && directive != "REPLACE")
        throw S3Error(S3Code::InvalidArgument, "Unknown metadata directive.",
                      {{"ArgumentName", "x-amz-metadata-directive"}, {"ArgumentValue", directive}});
    if (source.bucket == r.bucket && source.key == r.key && directive == "COPY" &&
        !r.header("x-amz-storage-class") && !r.header("x-amz-website-redirect-location"))
        throw S3Error(S3Code::InvalidRequest,
                      "This copy request is illegal because it is trying to copy an object to itself without changing "
                      "the object's metadata, storage class, website redirect location or encryption attributes.");
    if (!ctx.store.get_bucket(r.bucket)) throw S3Error(S3Code::NoSuchBucket, {}, {{"BucketName", r.bucket}});

    storage::OpenObject object = open_source(ctx, source);
    check_copy_conditions(r, object.meta);
    if (object.meta.size > max_copy_size)
        throw S3Error(S3Code::InvalidRequest, "The specified copy source is larger than the maximum allowable size for "
                                              "a copy source: 5368709120");
    storage::NewObject copy{directive == "REPLACE" ? headers_to_store(r) : object.meta.headers, object.meta.tags};
    std::string tagging_directive = r.header("x-amz-tagging-directive").value_or("COPY");
    if (tagging_directive != "COPY" && tagging_directive != "REPLACE")
        throw S3Error(S3Code::InvalidArgument, "Unknown tagging directive.",
                      {{"ArgumentName", "x-amz-tagging-directive"}, {"ArgumentValue", tagging_directive}});
    if (tagging_directive == "REPLACE") copy.tags = new_object_from(r).tags;

    // Keep the source's full-object checksum algorithm unless the request names another.
    auto algorithm = storage::ChecksumAlgorithm::crc64nvme;
    if (auto named = r.header("x-amz-checksum-algorithm")) {
        auto parsed = storage::checksum_algorithm_from_name(*named);
        if (!parsed) throw S3Error(S3Code::InvalidRequest, "Checksum algorithm provided is unsupported.");
        algorithm = *parsed;
    } else if (object.meta.checksum.type == "FULL_OBJECT") {
        algorithm = storage::checksum_algorithm_from_name(object.meta.checksum.algorithm).value_or(algorithm);
    }
    // A copy reads and writes the whole object: off the io threads.
    auto meta = co_await ctx.blocking.run([&] {
        auto writer = ctx.store.new_object_writer(algorithm);
        copy_bytes(object, 0, object.meta.size, *writer);
        return ctx.store.put_object(r.bucket, r.key, *writer, std::move(copy), ctx.clock.now_millis());
    });
    co_return Response::xml(copy_result_xml("CopyObjectResult", meta.etag, meta.last_modified, &meta.checksum));
}

boost::asio::awaitable<Response> upload_part_copy(HandlerContext& ctx) {
    const S3Request& r = ctx.request;
    const std::string* part = r.param("partNumber");
    int number = 0;
    if (!part || std::from_chars(part->data(), part->data() + part->size(), number).ec != std::errc{} || number < 1 ||
        number > 10000)
        throw S3Error(S3Code::InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive");
    CopySource source = parse_copy_source(r);
    const std::string* id = r.param("uploadId");
    auto upload = ctx.store.get_upload(r.bucket, r.key, id ? *id : std::string());
    storage::OpenObject object = open_source(ctx, source);
    check_copy_conditions(r, object.meta);

    std::uint64_t offset = 0, length = object.meta.size;
    if (auto range = r.header("x-amz-copy-source-range")) {
        auto parsed = parse_copy_range(*range, object.meta.size);
        offset = parsed.first;
        length = parsed.last - parsed.first + 1;
    }
    if (length > max_copy_size) throw S3Error(S3Code::EntityTooLarge);

    auto algorithm = upload.checksum_algorithm.empty()
                         ? storage::ChecksumAlgorithm::crc64nvme
                         : *storage::checksum_algorithm_from_name(upload.checksum_algorithm);
    auto stored = co_await ctx.blocking.run([&] {
        auto writer = ctx.store.new_object_writer(algorithm);
        copy_bytes(object, offset, length, *writer);
        return ctx.store.put_part(upload, number, *writer, ctx.clock.now_millis());
    });
    storage::ObjectChecksum part_checksum{upload.checksum_algorithm, stored.checksum, ""};
    co_return Response::xml(copy_result_xml("CopyPartResult", stored.etag, stored.last_modified, &part_checksum));
}

}  // namespace s3emu::server
