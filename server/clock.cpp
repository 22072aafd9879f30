#include "server/clock.h"

namespace s3emu::server {

Clock::TimePoint Clock::now() const {
    return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
}

std::int64_t Clock::now_millis() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
}

}  // namespace s3emu::server
