#include "server/send_object.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <sys/sendfile.h>

#include <algorithm>
#include <cerrno>

namespace s3emu::server {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// sendfile until `length` bytes from `position` have gone out, waiting whenever the socket's
// send buffer is full.
asio::awaitable<beast::error_code> send_file_range(asio::ip::tcp::socket& socket, int fd, std::uint64_t position,
                                                   std::uint64_t length, std::uint64_t& bytes_out) {
    off_t at = static_cast<off_t>(position);
    while (length > 0) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, 1u << 30));
        ssize_t n = ::sendfile(socket.native_handle(), fd, &at, want);
        if (n > 0) {
            length -= static_cast<std::uint64_t>(n);
            bytes_out += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n == 0) co_return beast::error_code(EIO, boost::system::generic_category());  // file shorter than recorded
        if (errno == EINTR) continue;
        if (errno != EAGAIN) co_return beast::error_code(errno, boost::system::generic_category());
        auto [ec] = co_await socket.async_wait(asio::ip::tcp::socket::wait_write, use_tuple);
        if (ec) co_return ec;
    }
    co_return beast::error_code{};
}

}  // namespace

asio::awaitable<beast::error_code> send_object(beast::tcp_stream& stream,
                                               const std::vector<storage::OpenSegment>& segments,
                                               std::uint64_t offset, std::uint64_t length, std::uint64_t& bytes_out) {
    auto& socket = stream.socket();
    socket.native_non_blocking(true);
    std::uint64_t base = 0;  // where the current segment starts in the object
    for (const auto& segment : segments) {
        if (length == 0) break;
        if (offset >= base + segment.size) {
            base += segment.size;
            continue;
        }
        std::uint64_t in_segment = offset - base;
        std::uint64_t take = std::min(segment.size - in_segment, length);
        if (segment.fd) {
            auto ec = co_await send_file_range(socket, segment.fd.get(), in_segment, take, bytes_out);
            if (ec) co_return ec;
        } else {
            const std::string_view bytes = segment.bytes();
            if (in_segment + take > bytes.size())
                co_return beast::error_code(EIO, boost::system::generic_category());
            auto [ec, n] = co_await asio::async_write(
                socket, asio::buffer(bytes.data() + in_segment, static_cast<std::size_t>(take)), use_tuple);
            bytes_out += n;
            if (ec) co_return ec;
        }
        offset += take;
        length -= take;
        base += segment.size;
    }
    co_return beast::error_code{};
}

}  // namespace s3emu::server
