#include "server/request_log.h"

#include "auth/http_date.h"

#include <boost/asio/post.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>

namespace s3emu::server {

namespace asio = boost::asio;

namespace {

constexpr std::size_t max_pending = 64 * 1024;

// Keys may hold spaces, quotes and newlines: quote them so one request stays one line.
void append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20) out += '?';
        else out += c;
    }
    out += '"';
}

// to_chars, not snprintf: no format string to interpret on every request's line.
template <class Number, class... Format>
void append_number(std::string& out, Number value, Format... format) {
    char buf[32];
    auto result = std::to_chars(buf, buf + sizeof buf, value, format...);
    out.append(buf, result.ptr);
}

}  // namespace

void RequestLog::write(const LogEntry& e) {
    std::string line = auth::format_iso8601_ms(std::chrono::system_clock::now());
    line.append(" id=").append(e.request_id);
    line.append(" ").append(e.method).append(" ").append(e.operation);
    line.append(" bucket=");
    append_quoted(line, e.bucket);
    line.append(" key=");
    append_quoted(line, e.key);
    line.append(" status=");
    append_number(line, e.status);
    line.append(" in=");
    append_number(line, e.bytes_in);
    line.append(" out=");
    append_number(line, e.bytes_out);
    line.append(" ms=");
    append_number(line, e.millis, std::chars_format::fixed, 2);
    if (!e.error_code.empty()) line.append(" error=").append(e.error_code);
    line.append(" from=").append(e.remote);
    if (!e.string_to_sign.empty()) {
        line.append(" canonical_request=");
        append_quoted(line, e.canonical_request);
        line.append(" string_to_sign=");
        append_quoted(line, e.string_to_sign);
    }
    line += '\n';
    {
        std::lock_guard lock(mutex_);
        pending_ += line;
        // A bound on what a crash can lose, and on the buffer.
        if (!executor_ || pending_.size() >= max_pending) {
            std::fwrite(pending_.data(), 1, pending_.size(), stdout);
            std::fflush(stdout);
            pending_.clear();
            return;
        }
        if (flush_posted_) return;
        flush_posted_ = true;
    }
    asio::post(executor_, [this] { flush(); });
}

void RequestLog::flush() {
    std::lock_guard lock(mutex_);
    flush_posted_ = false;
    if (pending_.empty()) return;
    std::fwrite(pending_.data(), 1, pending_.size(), stdout);
    std::fflush(stdout);
    pending_.clear();
}

void RequestLog::listening(std::string_view url) {
    flush();
    std::lock_guard lock(mutex_);
    std::printf("s3emu listening on %.*s\n", static_cast<int>(url.size()), url.data());
    std::fflush(stdout);
}

}  // namespace s3emu::server
