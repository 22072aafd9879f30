#include "auth/sigv4.h"

#include "auth/crypto.h"
#include "auth/uri_encode.h"

#include <algorithm>

namespace s3emu::auth::sigv4 {

std::string canonical_uri(std::string_view raw_path) {
    if (raw_path.empty()) return "/";
    return uri_encode(percent_decode(raw_path, false), true);
}

std::string canonical_query(const QueryParams& query, std::string_view skip) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(query.size());
    for (const auto& [name, value] : query) {
        if (!skip.empty() && name == skip) continue;
        encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) out += '&';
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

static std::string trim_and_fold(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool in_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += c;
    }
    return out;
}

bool canonical_headers(const HttpRequestView& request, const std::vector<std::string>& signed_headers,
                       std::string& out, std::string& missing) {
    out.clear();
    for (const auto& name : signed_headers) {
        std::string value;
        bool found = false;
        for (const auto& [n, v] : request.headers) {
            if (n != name) continue;
            if (found) value += ',';
            value += trim_and_fold(v);
            found = true;
        }
        if (!found) {
            missing = name;
            return false;
        }
        out += name;
        out += ':';
        out += value;
        out += '\n';
    }
    return true;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash) {
    std::string out;
    out.reserve(256 + canonical_headers.size() + canonical_query.size() + canonical_uri.size());
    out.append(method).append("\n");
    out.append(canonical_uri).append("\n");
    out.append(canonical_query).append("\n");
    out.append(canonical_headers).append("\n");
    out.append(signed_headers).append("\n");
    out.append(payload_hash);
    return out;
}

std::string scope(std::string_view date8, std::string_view region, std::string_view service) {
    std::string out;
    out.append(date8).append("/").append(region).append("/").append(service).append("/aws4_request");
    return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
    std::string out;
    out.append(algorithm).append("\n");
    out.append(amz_date).append("\n");
    out.append(scope).append("\n");
    out.append(sha256_hex(canonical_request));
    return out;
}

std::string signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service) {
    std::string k = hmac_sha256("AWS4" + std::string(secret), date8);
    k = hmac_sha256(k, region);
    k = hmac_sha256(k, service);
    return hmac_sha256(k, "aws4_request");
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
    return to_hex(hmac_sha256(signing_key, string_to_sign));
}

}  // namespace s3emu::auth::sigv4
