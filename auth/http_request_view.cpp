#include "auth/http_request_view.h"

#include "auth/uri_encode.h"

namespace s3emu::auth {

QueryParams parse_query(std::string_view raw) {
    QueryParams params;
    while (!raw.empty()) {
        auto amp = raw.find('&');
        std::string_view part = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (part.empty()) continue;
        auto eq = part.find('=');
        if (eq == std::string_view::npos)
            params.emplace_back(percent_decode(part, true), std::string{});
        else
            params.emplace_back(percent_decode(part.substr(0, eq), true), percent_decode(part.substr(eq + 1), true));
    }
    return params;
}

std::optional<std::string> HttpRequestView::header(std::string_view name) const {
    std::optional<std::string> value;
    for (const auto& [n, v] : headers) {
        if (n != name) continue;
        if (value) {
            *value += ',';
            *value += v;
        } else {
            value = v;
        }
    }
    return value;
}

const std::string* HttpRequestView::query_param(std::string_view name) const {
    for (const auto& [n, v] : query)
        if (n == name) return &v;
    return nullptr;
}

}  // namespace s3emu::auth
