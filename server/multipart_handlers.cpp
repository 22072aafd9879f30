#include "server/multipart_handlers.h"

#include "auth/crypto.h"
#include "server/checksums.h"
#include "server/receive_body.h"
#include "server/object_headers.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <vector>

namespace s3emu::server {

namespace {

constexpr int max_part_number = 10000;
constexpr std::uint64_t max_part_size = 5ull << 30;
constexpr std::uint64_t min_part_size = 5ull << 20;  // every part but the last
constexpr std::size_t max_complete_body = 4 << 20;   // 10000 parts of XML fit well within

// An integer query parameter in [low, high]; `fallback` when absent. Throws InvalidArgument.
int int_param(const S3Request& r, std::string_view name, int low, int high, int fallback, const char* message) {
    const std::string* v = r.param(name);
    if (!v) return fallback;
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc{} || p != v->data() + v->size() || n < low || n > high)
        throw S3Error(S3Code::InvalidArgument, message, {{"ArgumentName", std::string(name)}, {"ArgumentValue", *v}});
    return n;
}

storage::UploadInfo find_upload(HandlerContext& ctx) {
    const std::string* id = ctx.request.param("uploadId");
    return ctx.store.get_upload(ctx.request.bucket, ctx.request.key, id ? *id : std::string());
}

std::string strip_quotes(std::string_view etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    return std::string(etag);
}

bool hex_to_raw(std::string_view hex, std::string& raw) {
    if (hex.size() % 2) return false;
    raw.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned value = 0;
        auto [p, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        if (ec != std::errc{} || p != hex.data() + i + 2) return false;
        raw.push_back(static_cast<char>(value));
    }
    return true;
}

struct RequestedPart {
    int number = 0;
    std::string etag;
    std::string checksum;  // Checksum<ALG> of the upload's algorithm, if given
};

std::vector<RequestedPart> parse_complete_body(const std::string& body, const std::string& algorithm) {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size())) throw S3Error(S3Code::MalformedXML);
    auto root = doc.child("CompleteMultipartUpload");
    if (!root) throw S3Error(S3Code::MalformedXML);
    std::vector<RequestedPart> parts;
    for (auto part : root.children("Part")) {
        RequestedPart p;
        std::string number = part.child("PartNumber").text().get();
        auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), p.number);
        if (ec != std::errc{} || end != number.data() + number.size()) throw S3Error(S3Code::MalformedXML);
        p.etag = strip_quotes(part.child("ETag").text().get());
        if (!algorithm.empty()) p.checksum = part.child(("Checksum" + algorithm).c_str()).text().get();
        parts.push_back(std::move(p));
    }
    if (parts.empty()) throw S3Error(S3Code::MalformedXML);
    return parts;
}

// The completed object's checksum: COMPOSITE is a checksum of the parts' checksums, suffixed
// "-N" like the ETag; otherwise, when every part carries a CRC of one algorithm, the CRCs are
// combined into the CRC of the whole object (FULL_OBJECT) without reading it again.
storage::ObjectChecksum multipart_checksum(const storage::UploadInfo& upload,
                                           const std::vector<storage::PartInfo>& parts) {
    std::string algorithm_name = upload.checksum_algorithm.empty() ? parts.front().checksum_algorithm
                                                                   : upload.checksum_algorithm;
    auto algorithm = storage::checksum_algorithm_from_name(algorithm_name);
    if (!algorithm) return {};
    std::vector<std::string> raws;
    for (const auto& p : parts) {
        std::string raw;
        if (p.checksum_algorithm != algorithm_name || !auth::base64_decode(p.checksum, raw)) return {};
        raws.push_back(std::move(raw));
    }
    if (upload.checksum_type == "COMPOSITE") {
        storage::Checksum composite(*algorithm);
        for (const auto& raw : raws) composite.update(raw.data(), raw.size());
        return {algorithm_name, storage::checksum_base64(composite.finish()) + "-" + std::to_string(parts.size()),
                "COMPOSITE"};
    }
    if (!storage::is_crc(*algorithm)) return {};
    std::string whole = raws.front();
    for (std::size_t i = 1; i < parts.size(); ++i)
        whole = storage::combine_crc(*algorithm, whole, raws[i], parts[i].size);
    return {algorithm_name, storage::checksum_base64(whole), "FULL_OBJECT"};
}

}  // namespace

boost::asio::awaitable<Response> create_multipart_upload(HandlerContext& ctx) {
    storage::NewObject object = new_object_from(ctx.request);
    std::string algorithm, type;
    if (auto a = ctx.request.header("x-amz-checksum-algorithm")) {
        auto parsed = storage::checksum_algorithm_from_name(*a);
        if (!parsed) throw S3Error(S3Code::InvalidRequest, "Checksum algorithm provided is unsupported.");
        algorithm = std::string(storage::checksum_name(*parsed));
        // CRC64NVME can only be a full-object checksum; the others default to composite.
        type = *parsed == storage::ChecksumAlgorithm::crc64nvme ? "FULL_OBJECT" : "COMPOSITE";
    }
    if (auto t = ctx.request.header("x-amz-checksum-type")) {
        if (*t != "COMPOSITE" && *t != "FULL_OBJECT")
            throw S3Error(S3Code::InvalidRequest, "Value for x-amz-checksum-type header is invalid.");
        if (algorithm.empty())
            throw S3Error(S3Code::InvalidRequest,
                          "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        type = *t;
    }
    if (type == "FULL_OBJECT" && (algorithm == "SHA1" || algorithm == "SHA256"))
        throw S3Error(S3Code::InvalidRequest, "The FULL_OBJECT checksum type cannot be used with the " + algorithm +
                                                  " checksum algorithm.");
    if (type == "COMPOSITE" && algorithm == "CRC64NVME")
        throw S3Error(S3Code::InvalidRequest,
                      "The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.");
    auto upload = co_await ctx.blocking.run([&] {
        return ctx.store.create_upload(ctx.request.bucket, ctx.request.key, std::move(object), algorithm, type,
                                       ctx.clock.now_millis());
    });
    Response r = Response::xml(initiate_multipart_upload_xml(upload));
    if (!algorithm.empty()) {
        r.headers.set("x-amz-checksum-algorithm", algorithm);
        r.headers.set("x-amz-checksum-type", type);
    }
    co_return r;
}

boost::asio::awaitable<Response> upload_part(HandlerContext& ctx) {
    int number = int_param(ctx.request, "partNumber", 1, max_part_number, 0,
                           "Part number must be an integer between 1 and 10000, inclusive");
    if (number == 0)
        throw S3Error(S3Code::InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive");
    auto length = ctx.body.content_length();
    if (!length) throw S3Error(S3Code::MissingContentLength);
    if (*length > max_part_size) throw S3Error(S3Code::EntityTooLarge);
    std::string md5 = expected_md5(ctx.request);
    RequestedChecksum checksum = requested_checksum(ctx.request);
    auto upload = find_upload(ctx);
    if (!upload.checksum_algorithm.empty()) {
        auto algorithm = *storage::checksum_algorithm_from_name(upload.checksum_algorithm);
        if ((checksum.header_value || checksum.in_trailer) && checksum.algorithm != algorithm)
            throw S3Error(S3Code::InvalidRequest, "Checksum Type mismatch occurred, expected checksum Type: " +
                                                      std::string(storage::checksum_name(algorithm)));
        checksum.algorithm = algorithm;
    }

    auto writer = co_await receive_body(ctx, *length, md5, checksum);

    auto part =
        co_await ctx.blocking.run([&] { return ctx.store.put_part(upload, number, *writer, ctx.clock.now_millis()); });
    Response r = Response::empty(http::status::ok);
    r.headers.set(http::field::etag, "\"" + part.etag + "\"");
    if (!upload.checksum_algorithm.empty() || checksum.header_value || checksum.in_trailer)
        r.headers.set(std::string(storage::checksum_header(checksum.algorithm)), part.checksum);
    co_return r;
}

boost::asio::awaitable<Response> complete_multipart_upload(HandlerContext& ctx) {
    auto upload = find_upload(ctx);
    std::string body = co_await ctx.body.read_all(max_complete_body);
    auto requested = parse_complete_body(body, upload.checksum_algorithm);

    // Every listed part must exist with that ETag, in ascending order; all but the last >= 5 MiB.
    auto stored = ctx.store.list_parts(upload, 0, max_part_number);
    std::string md5s;
    std::vector<int> numbers;
    std::vector<storage::PartInfo> chosen;
    int previous = 0;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        const auto& want = requested[i];
        if (want.number <= previous) throw S3Error(S3Code::InvalidPartOrder);
        previous = want.number;
        const storage::PartInfo* found = nullptr;
        for (const auto& p : stored.parts)
            if (p.number == want.number) found = &p;
        if (!found || found->etag != want.etag || (!want.checksum.empty() && want.checksum != found->checksum))
            throw S3Error(S3Code::InvalidPart, {},
                          {{"UploadId", upload.upload_id}, {"PartNumber", std::to_string(want.number)},
                           {"ETag", want.etag}});
        if (i + 1 < requested.size() && found->size < min_part_size)
            throw S3Error(S3Code::EntityTooSmall, {},
                          {{"ProposedSize", std::to_string(found->size)},
                           {"MinSizeAllowed", std::to_string(min_part_size)},
                           {"PartNumber", std::to_string(found->number)},
                           {"ETag", found->etag}});
        std::string raw;
        hex_to_raw(found->etag, raw);
        md5s += raw;
        chosen.push_back(*found);
        numbers.push_back(want.number);
    }

    storage::ObjectMeta meta;
    meta.headers = upload.headers;
    // S3's multipart ETag: the MD5 of the parts' binary MD5s, then "-<number of parts>".
    auto md5_of_md5s = auth::Digest::md5();
    md5_of_md5s.update(md5s.data(), md5s.size());
    meta.etag = auth::to_hex(md5_of_md5s.finish()) + "-" + std::to_string(numbers.size());
    meta.checksum = multipart_checksum(upload, chosen);
    // A client may send the whole object's checksum with the completion: it must match.
    if (auto name = storage::checksum_algorithm_from_name(meta.checksum.algorithm)) {
        auto sent = ctx.request.header(storage::checksum_header(*name));
        std::string_view value = meta.checksum.value;
        if (auto dash = value.find('-'); dash != std::string_view::npos) value = value.substr(0, dash);
        if (sent && std::string_view(*sent).substr(0, sent->find('-')) != value)
            throw S3Error(S3Code::BadDigest, "The " + meta.checksum.algorithm +
                                                 " you specified did not match the calculated checksum.");
    }
    meta = co_await ctx.blocking.run(
        [&] { return ctx.store.complete_upload(upload, numbers, std::move(meta), ctx.clock.now_millis()); });
    std::string host = ctx.request.header("host").value_or("localhost");
    std::string location = "http://" + host + ctx.request.raw_path;
    co_return Response::xml(complete_multipart_upload_xml(location, ctx.request.bucket, meta));
}

boost::asio::awaitable<Response> abort_multipart_upload(HandlerContext& ctx) {
    auto upload = find_upload(ctx);
    co_await ctx.blocking.run([&] { ctx.store.abort_upload(upload); });
    co_return Response::empty(http::status::no_content);
}

boost::asio::awaitable<Response> list_parts(HandlerContext& ctx) {
    auto upload = find_upload(ctx);
    PartsView view;
    view.upload = &upload;
    view.part_number_marker = int_param(ctx.request, "part-number-marker", 0, max_part_number, 0,
                                        "Part number marker must be an integer between 0 and 10000");
    view.max_parts = int_param(ctx.request, "max-parts", 0, 1 << 30, 1000, "max-parts must be a non-negative integer");
    view.max_parts = std::min(view.max_parts, 1000);
    auto page = ctx.store.list_parts(upload, view.part_number_marker, view.max_parts);
    view.page = &page;
    Owner owner = owner_of(ctx.config);
    view.owner = &owner;
    co_return Response::xml(list_parts_xml(view));
}

boost::asio::awaitable<Response> list_multipart_uploads(HandlerContext& ctx) {
    const S3Request& r = ctx.request;
    storage::UploadsQuery query;
    auto text = [&](std::string_view name) {
        const std::string* v = r.param(name);
        return v ? *v : std::string();
    };
    query.prefix = text("prefix");
    query.delimiter = text("delimiter");
    query.key_marker = text("key-marker");
    query.upload_id_marker = text("upload-id-marker");
    query.max_uploads = std::min(
        int_param(r, "max-uploads", 0, 1 << 30, 1000, "max-uploads must be a non-negative integer"), 1000);
    UploadsView view;
    view.bucket = r.bucket;
    if (const std::string* enc = r.param("encoding-type")) {
        if (*enc != "url")
            throw S3Error(S3Code::InvalidArgument, "Invalid Encoding Method specified in Request",
                          {{"ArgumentName", "encoding-type"}, {"ArgumentValue", *enc}});
        view.url_encoded = true;
    }
    auto page = ctx.store.list_uploads(r.bucket, query);
    Owner owner = owner_of(ctx.config);
    view.query = &query;
    view.page = &page;
    view.owner = &owner;
    co_return Response::xml(list_multipart_uploads_xml(view));
}

}  // namespace s3emu::server
