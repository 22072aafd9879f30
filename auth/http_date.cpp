#include "auth/http_date.h"

#include <ctime>
#include <cstdio>

namespace s3emu::auth {

static std::optional<TimePoint> parse_with(std::string_view text, const char* format) {
    std::string copy(text);
    std::tm tm{};
    const char* end = strptime(copy.c_str(), format, &tm);
    if (!end || *end != '\0') return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::optional<TimePoint> parse_amz_date(std::string_view text) {
    if (text.size() != 16) return std::nullopt;
    return parse_with(text, "%Y%m%dT%H%M%SZ");
}

std::optional<TimePoint> parse_rfc1123(std::string_view text) {
    if (auto t = parse_with(text, "%a, %d %b %Y %H:%M:%S GMT")) return t;
    return parse_with(text, "%a, %d %b %Y %H:%M:%S +0000");
}

std::optional<TimePoint> parse_iso8601(std::string_view text) {
    auto dot = text.find('.');
    if (dot != std::string_view::npos && text.back() == 'Z') text = text.substr(0, dot);
    else if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
    return parse_with(text, "%Y-%m-%dT%H:%M:%S");
}

static std::string format_with(TimePoint t, const char* format) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    return std::string(buf, std::strftime(buf, sizeof buf, format, &tm));
}

std::string format_amz_date(TimePoint t) { return format_with(t, "%Y%m%dT%H%M%SZ"); }
std::string format_rfc1123(TimePoint t) { return format_with(t, "%a, %d %b %Y %H:%M:%S GMT"); }

std::string format_iso8601_ms(TimePoint t) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    if (ms < 0) ms += 1000;
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
    return format_with(t, "%Y-%m-%dT%H:%M:%S") + frac;
}

}  // namespace s3emu::auth
