#include "auth/sigv2.h"

#include "auth/crypto.h"

#include <algorithm>
#include <array>
#include <map>

namespace s3emu::auth::sigv2 {

// The sub-resources and overrides that SigV2 includes in the signed resource, sorted.
static constexpr std::array<std::string_view, 30> signed_subresources = {
    "acl",  "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
    "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires", "restore", "tagging", "torrent",
    "uploadId", "uploads", "versionId", "versioning", "versions", "website", "replication", "accelerate",
    "encryption", "object-lock", "attributes"};

std::string canonical_resource(const HttpRequestView& request) {
    std::string out;
    if (!request.virtual_bucket.empty()) out.append("/").append(request.virtual_bucket);
    out.append(request.raw_path.empty() ? std::string_view("/") : request.raw_path);
    std::vector<std::pair<std::string, std::string>> subs;
    for (const auto& [name, value] : request.query) {
        if (std::find(signed_subresources.begin(), signed_subresources.end(), name) != signed_subresources.end())
            subs.emplace_back(name, value);
    }
    std::sort(subs.begin(), subs.end());
    char sep = '?';
    for (const auto& [name, value] : subs) {
        out += sep;
        out += name;
        if (!value.empty()) {
            out += '=';
            out += value;
        }
        sep = '&';
    }
    return out;
}

std::string string_to_sign(const HttpRequestView& request, std::string_view date_line) {
    std::string out(request.method);
    out += '\n';
    out += request.header("content-md5").value_or("");
    out += '\n';
    out += request.header("content-type").value_or("");
    out += '\n';
    out += date_line;
    out += '\n';
    std::map<std::string, std::string> amz;
    for (const auto& [name, value] : request.headers) {
        if (!name.starts_with("x-amz-")) continue;
        std::string_view v = value;
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        auto [it, inserted] = amz.emplace(name, std::string(v));
        if (!inserted) it->second.append(",").append(v);
    }
    for (const auto& [name, value] : amz) out.append(name).append(":").append(value).append("\n");
    out += canonical_resource(request);
    return out;
}

std::string signature(std::string_view secret, std::string_view string_to_sign) {
    return base64_encode(hmac_sha1(secret, string_to_sign));
}

}  // namespace s3emu::auth::sigv2
