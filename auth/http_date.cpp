#include "auth/http_date.h"

#include <ctime>
#include <string_view>

namespace s3emu::auth {

static std::optional<TimePoint> parse_with(std::string_view text, const char* format) {
    std::string copy(text);
    std::tm tm{};
    const char* end = strptime(copy.c_str(), format, &tm);
    if (!end || *end != '\0') return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// x-amz-date comes with every signed request: read its fixed digits directly, without
// strptime's locale machinery and timegm's time zone lock.
std::optional<TimePoint> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len, unsigned& out) {
        out = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + static_cast<unsigned>(text[i] - '0');
        }
        return true;
    };
    unsigned y, mo, d, h, mi, sec;
    if (!number(0, 4, y) || !number(4, 2, mo) || !number(6, 2, d) || !number(9, 2, h) || !number(11, 2, mi) ||
        !number(13, 2, sec))
        return std::nullopt;
    using namespace std::chrono;
    year_month_day date{year(static_cast<int>(y)), month(mo), day(d)};
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    return sys_days(date) + hours(h) + minutes(mi) + seconds(sec);
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

namespace {

// UTC calendar fields from the chrono calendar: no gmtime_r (which takes the time zone lock)
// and no strftime (locale lookups) on the path of every response's Date header and log line.
struct Civil {
    int year;
    unsigned month, day, hour, minute, second, weekday, millis;
};

Civil civil(TimePoint t) {
    using namespace std::chrono;
    auto ms = floor<milliseconds>(t);
    auto secs = floor<seconds>(ms);
    auto date = floor<days>(secs);
    year_month_day ymd{date};
    hh_mm_ss<seconds> hms{secs - date};
    return Civil{static_cast<int>(ymd.year()),
                 static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()),
                 static_cast<unsigned>(hms.hours().count()),
                 static_cast<unsigned>(hms.minutes().count()),
                 static_cast<unsigned>(hms.seconds().count()),
                 weekday(date).c_encoding(),
                 static_cast<unsigned>((ms - secs).count())};
}

// Writes `value` as exactly `width` digits (every field here has a fixed width) and returns
// the end: snprintf interpreted a format string for each date of each response and log line.
char* put_digits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

char* put_text(char* out, std::string_view text) {
    for (char ch : text) *out++ = ch;
    return out;
}

// YYYY-MM-DD with `sep` ("-", or "" for x-amz-date) between the fields.
char* put_date(char* out, const Civil& c, std::string_view sep) {
    out = put_text(put_digits(out, static_cast<unsigned>(c.year), 4), sep);
    out = put_text(put_digits(out, c.month, 2), sep);
    return put_digits(out, c.day, 2);
}

// HH:MM:SS with `sep` (":", or "" for x-amz-date) between the fields.
char* put_time(char* out, const Civil& c, std::string_view sep) {
    out = put_text(put_digits(out, c.hour, 2), sep);
    out = put_text(put_digits(out, c.minute, 2), sep);
    return put_digits(out, c.second, 2);
}

}  // namespace

std::string format_amz_date(TimePoint t) {
    Civil c = civil(t);
    char buf[16];
    char* p = put_time(put_text(put_date(buf, c, ""), "T"), c, "");
    *p++ = 'Z';
    return std::string(buf, p);
}

std::string format_rfc1123(TimePoint t) {
    static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    Civil c = civil(t);
    char buf[29];
    char* p = put_text(buf, weekdays[c.weekday]);
    p = put_text(p, ", ");
    p = put_digits(p, c.day, 2);
    *p++ = ' ';
    p = put_text(p, months[c.month - 1]);
    *p++ = ' ';
    p = put_digits(p, static_cast<unsigned>(c.year), 4);
    *p++ = ' ';
    p = put_time(p, c, ":");
    p = put_text(p, " GMT");
    return std::string(buf, p);
}

std::string format_iso8601_ms(TimePoint t) {
    Civil c = civil(t);
    char buf[24];
    char* p = put_time(put_text(put_date(buf, c, "-"), "T"), c, ":");
    *p++ = '.';
    p = put_digits(p, c.millis, 3);
    *p++ = 'Z';
    return std::string(buf, p);
}

}  // namespace s3emu::auth
