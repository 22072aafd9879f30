#include "server/object_read_plan.h"

#include "auth/http_date.h"
#include "server/s3_error.h"

#include <charconv>
#include <chrono>

namespace s3emu::server {

namespace {

using boost::beast::http::status;

bool parse_u64(std::string_view s, std::uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc{} && p == s.data() + s.size();
}

// Does an If-Match / If-None-Match list name this ETag? "*" names any.
bool etag_listed(std::string_view list, const std::string& etag) {
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

// Last-Modified has one-second resolution on the wire, so compare whole seconds.
std::int64_t seconds(storage::EpochMillis ms) { return ms / 1000; }

std::optional<std::int64_t> header_seconds(const S3Request& r, std::string_view name) {
    auto v = r.header(name);
    if (!v) return std::nullopt;
    auto t = auth::parse_rfc1123(*v);
    if (!t) return std::nullopt;  // S3 ignores a date it cannot read
    return std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
}

S3Error precondition_failed(const char* condition) {
    return S3Error(S3Code::PreconditionFailed, {}, {{"Condition", condition}});
}

}  // namespace

std::optional<ByteRange> parse_range(std::string_view header, std::uint64_t size) {
    if (!header.starts_with("bytes=")) return std::nullopt;
    std::string_view spec = header.substr(6);
    if (spec.find(',') != std::string_view::npos) return std::nullopt;  // S3 serves one range at most
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
    std::uint64_t first = 0, last = 0;
    auto unsatisfiable = [&] {
        return S3Error(S3Code::InvalidRange, {},
                       {{"RangeRequested", std::string(header)}, {"ActualObjectSize", std::to_string(size)}});
    };
    if (a.empty()) {  // the last n bytes
        std::uint64_t n = 0;
        if (!parse_u64(b, n)) return std::nullopt;
        if (n == 0 || size == 0) throw unsatisfiable();
        return ByteRange{n >= size ? 0 : size - n, size - 1};
    }
    if (!parse_u64(a, first)) return std::nullopt;
    if (b.empty()) last = size ? size - 1 : 0;
    else if (!parse_u64(b, last) || last < first) return std::nullopt;
    if (first >= size) throw unsatisfiable();
    return ByteRange{first, std::min(last, size - 1)};
}

ReadPlan plan_object_read(const S3Request& r, const storage::ObjectMeta& meta) {
    // S3's precedence: If-Match true makes If-Unmodified-Since irrelevant; If-None-Match false
    // makes If-Modified-Since irrelevant.
    if (auto match = r.header("if-match")) {
        if (!etag_listed(*match, meta.etag)) throw precondition_failed("If-Match");
    } else if (auto since = header_seconds(r, "if-unmodified-since"); since && seconds(meta.last_modified) > *since) {
        throw precondition_failed("If-Unmodified-Since");
    }
    ReadPlan plan;
    if (auto none = r.header("if-none-match")) {
        if (etag_listed(*none, meta.etag)) {
            plan.status = status::not_modified;
            return plan;
        }
    } else if (auto since = header_seconds(r, "if-modified-since"); since && seconds(meta.last_modified) <= *since) {
        plan.status = status::not_modified;
        return plan;
    }

    plan.length = meta.size;
    auto range_header = r.header("range");
    if (const std::string* part = r.param("partNumber")) {
        if (range_header)
            throw S3Error(S3Code::InvalidRequest, "Cannot specify both Range header and partNumber query parameter");
        std::uint64_t number = 0;
        if (!parse_u64(*part, number) || number < 1 || number > 10000)
            throw S3Error(S3Code::InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive",
                          {{"ArgumentName", "partNumber"}, {"ArgumentValue", *part}});
        // A single-PUT object is one part: part 1 is a ranged GET of all of it.
        std::size_t count = meta.part_sizes.empty() ? 1 : meta.part_sizes.size();
        if (number > count) throw S3Error(S3Code::InvalidPartNumber);
        if (!meta.part_sizes.empty()) {
            plan.parts_count = static_cast<int>(count);
            for (std::size_t i = 0; i + 1 < number; ++i) plan.offset += meta.part_sizes[i];
            plan.length = meta.part_sizes[number - 1];
        }
    } else if (range_header) {
        auto range = parse_range(*range_header, meta.size);
        if (!range) return plan;
        plan.offset = range->first;
        plan.length = range->last - range->first + 1;
    } else {
        return plan;
    }
    plan.status = status::partial_content;
    plan.content_range = "bytes " + std::to_string(plan.offset) + "-" +
                         std::to_string(plan.offset + plan.length - (plan.length ? 1 : 0)) + "/" +
                         std::to_string(meta.size);
    return plan;
}

}  // namespace s3emu::server
