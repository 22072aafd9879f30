// The three date formats S3 speaks: x-amz-date's ISO 8601 basic form, RFC 1123 for HTTP
// headers and ISO 8601 with milliseconds for XML bodies.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace s3emu::auth {

using TimePoint = std::chrono::system_clock::time_point;

std::optional<TimePoint> parse_amz_date(std::string_view text);  // 20130524T000000Z
std::optional<TimePoint> parse_rfc1123(std::string_view text);    // Fri, 24 May 2013 00:00:00 GMT
std::optional<TimePoint> parse_iso8601(std::string_view text);    // 2013-05-24T00:00:00(.000)Z

std::string format_amz_date(TimePoint t);
std::string format_rfc1123(TimePoint t);
std::string format_iso8601_ms(TimePoint t);  // 2013-05-24T00:00:00.000Z

}  // namespace s3emu::auth
