#include "server/s3_request.h"

#include "auth/uri_encode.h"

#include <algorithm>

namespace s3emu::server {

const std::string* S3Request::param(std::string_view name) const {
    for (const auto& [n, v] : query)
        if (n == name) return &v;
    return nullptr;
}

std::optional<std::string> S3Request::header(std::string_view lower_name) const {
    return auth_view().header(lower_name);
}

std::string S3Request::resource() const {
    if (bucket.empty()) return "/";
    return key.empty() ? "/" + bucket : "/" + bucket + "/" + key;
}

auth::HttpRequestView S3Request::auth_view() const {
    return auth::HttpRequestView{method_name, raw_path, query, headers,
                                 virtual_host ? std::string_view(bucket) : std::string_view()};
}

// The bucket a Host header names under `domain` ("bucket.localhost:9000" -> "bucket"), or "".
static std::string bucket_from_host(std::string_view host, std::string_view domain) {
    if (domain.empty() || host.starts_with('[')) return {};
    if (auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string suffix = "." + std::string(domain);
    if (lower.size() <= suffix.size() || !lower.ends_with(suffix)) return {};
    return lower.substr(0, lower.size() - suffix.size());
}

S3Request parse_request(const http::request_header<>& head, std::string_view domain) {
    S3Request r;
    r.method = head.method();
    r.method_name = std::string(head.method_string());
    std::string_view target = head.target();
    auto q = target.find('?');
    r.raw_path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.raw_query = std::string(target.substr(q + 1));
    // Absolute-form targets (proxies, some clients) carry scheme and host: keep the path only.
    if (r.raw_path.starts_with("http://") || r.raw_path.starts_with("https://")) {
        auto slash = r.raw_path.find('/', r.raw_path.find("//") + 2);
        r.raw_path = slash == std::string::npos ? "/" : r.raw_path.substr(slash);
    }
    r.query = auth::parse_query(r.raw_query);
    for (const auto& field : head) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    std::string_view path = r.raw_path;
    if (path.starts_with('/')) path.remove_prefix(1);
    if (std::string bucket = bucket_from_host(head[http::field::host], domain); !bucket.empty()) {
        r.virtual_host = true;
        r.bucket = std::move(bucket);
        r.key = auth::percent_decode(path, false);
        return r;
    }
    auto slash = path.find('/');
    r.bucket = auth::percent_decode(path.substr(0, slash), false);
    if (slash != std::string_view::npos) r.key = auth::percent_decode(path.substr(slash + 1), false);
    return r;
}

}  // namespace s3emu::server
