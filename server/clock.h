// The one source of "now" for the server, so tests and the control API can move time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace s3emu::server {

class Clock {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    TimePoint now() const;
    std::int64_t now_millis() const;
    // Shifts every later now() by `offset` (for tests of expiry and skew).
    void set_offset(std::chrono::milliseconds offset) { offset_ms_ = offset.count(); }

private:
    std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace s3emu::server
