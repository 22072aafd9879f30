#include "server/bucket_name.h"

#include <array>

namespace s3emu::server {

static bool looks_like_ip(std::string_view name) {
    int dots = 0;
    for (char c : name) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

bool valid_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (char c : name)
        if (!alnum(c) && c != '.' && c != '-') return false;
    if (!alnum(name.front()) || !alnum(name.back())) return false;
    if (name.find("..") != std::string_view::npos) return false;
    if (looks_like_ip(name)) return false;
    static constexpr std::array<std::string_view, 3> prefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
    static constexpr std::array<std::string_view, 4> suffixes = {"-s3alias", "--ol-s3", ".mrap", "--x-s3"};
    for (auto p : prefixes)
        if (name.starts_with(p)) return false;
    for (auto s : suffixes)
        if (name.ends_with(s)) return false;
    return true;
}

}  // namespace s3emu::server
