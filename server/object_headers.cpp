#include "server/object_headers.h"

#include "auth/crypto.h"
#include "server/s3_error.h"
#include "server/tagging.h"

#include <algorithm>
#include <array>

namespace s3emu::server {

namespace {

constexpr std::size_t max_user_metadata = 2048;  // bytes of x-amz-meta-* names and values

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

constexpr std::array<std::string_view, 11> storage_classes = {
    "STANDARD",     "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
    "DEEP_ARCHIVE", "OUTPOSTS",           "GLACIER_IR",  "SNOW",       "EXPRESS_ONEZONE"};

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

}  // namespace

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
        // A header sent twice is one header with both values, as HTTP folds them.
        auto same = std::find_if(stored.begin(), stored.end(), [&](const auto& h) { return h.first == name; });
        if (same != stored.end()) same->second += "," + value;
        else stored.emplace_back(name, value);
    }
    // Kept (and sent back) only when not STANDARD, as S3 does; every class reads back at once here.
    if (auto storage_class = request.header("x-amz-storage-class")) {
        if (std::find(storage_classes.begin(), storage_classes.end(), *storage_class) == storage_classes.end())
            throw S3Error(S3Code::InvalidStorageClass, {}, {{"StorageClassRequested", *storage_class}});
        if (*storage_class != "STANDARD") stored.emplace_back("x-amz-storage-class", *storage_class);
    }
    if (metadata_size > max_user_metadata)
        throw S3Error(S3Code::MetadataTooLarge, {}, {{"Size", std::to_string(metadata_size)},
                                                     {"MaxSizeAllowed", std::to_string(max_user_metadata)}});
    return stored;
}

storage::NewObject new_object_from(const S3Request& request) {
    storage::NewObject object{headers_to_store(request), {}};
    if (auto tagging = request.header("x-amz-tagging")) object.tags = parse_tagging_header(*tagging);
    return object;
}

// The Content-MD5 header decoded to 16 raw bytes, or "" when absent.
std::string expected_md5(const S3Request& request) {
    auto header = request.header("content-md5");
    if (!header) return {};
    std::string raw;
    if (!auth::base64_decode(*header, raw) || raw.size() != 16) throw S3Error(S3Code::InvalidDigest);
    return raw;
}


}  // namespace s3emu::server
