#include "server/receive_body.h"

#include "auth/crypto.h"
#include "server/s3_error.h"

#include <algorithm>

namespace s3emu::server {

boost::asio::awaitable<std::unique_ptr<storage::ObjectWriter>> receive_body(HandlerContext& ctx,
                                                                           std::uint64_t length,
                                                                           const std::string& md5,
                                                                           const RequestedChecksum& checksum) {
    constexpr std::uint64_t max_buffer_size = 256 * 1024;
    auto writer = ctx.store.new_object_writer(checksum.algorithm);
    // Sized to the body: a 256 KiB allocation per small PUT would cost an mmap each time.
    const auto size = static_cast<std::size_t>(std::clamp<std::uint64_t>(length, 1, max_buffer_size));
    auto buffer = std::make_unique_for_overwrite<char[]>(size);
    while (std::size_t n = co_await ctx.body.read_some(buffer.get(), size)) writer->write(buffer.get(), n);
    writer->finish();
    if (!md5.empty() && md5 != writer->md5_raw())
        throw S3Error(S3Code::BadDigest, {}, {{"ExpectedDigest", auth::base64_encode(md5)},
                                              {"CalculatedDigest", auth::base64_encode(writer->md5_raw())}});
    verify_checksum(checksum, ctx.body, writer->checksum_raw());
    co_return writer;
}

}  // namespace s3emu::server
