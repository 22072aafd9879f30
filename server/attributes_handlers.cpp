#include "server/attributes_handlers.h"

#include "auth/http_date.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"

#include <charconv>
#include <algorithm>
#include <chrono>

namespace s3emu::server {

namespace {

constexpr std::string_view known_attributes[] = {"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"};

int int_param(const S3Request& r, std::string_view header, int fallback) {
    auto v = r.header(header);
    if (!v) return fallback;
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc{} || p != v->data() + v->size() || n < 0)
        throw S3Error(S3Code::InvalidArgument, "Invalid value for " + std::string(header),
                      {{"ArgumentName", std::string(header)}, {"ArgumentValue", *v}});
    return n;
}

}  // namespace

boost::asio::awaitable<Response> get_object_attributes(HandlerContext& ctx) {
    const S3Request& r = ctx.request;
    AttributesView view;
    const std::string header = r.header("x-amz-object-attributes").value_or("");
    std::string_view list = header;
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) continue;
        if (std::find(std::begin(known_attributes), std::end(known_attributes), item) == std::end(known_attributes))
            throw S3Error(S3Code::InvalidArgument, "Invalid attribute name specified.",
                          {{"ArgumentName", "x-amz-object-attributes"}, {"ArgumentValue", std::string(item)}});
        view.attributes.emplace_back(item);
    }
    if (view.attributes.empty())
        throw S3Error(S3Code::InvalidArgument, "Invalid attribute name specified.",
                      {{"ArgumentName", "x-amz-object-attributes"}, {"ArgumentValue", ""}});
    view.max_parts = std::min(int_param(r, "x-amz-max-parts", 1000), 1000);
    view.part_number_marker = int_param(r, "x-amz-part-number-marker", 0);

    auto meta = ctx.store.head_object(r.bucket, r.key);
    if (!meta) throw S3Error(S3Code::NoSuchKey, {}, {{"Key", r.key}});
    view.meta = &*meta;
    Response res = Response::xml(object_attributes_xml(view));
    res.headers.set(http::field::last_modified,
                    auth::format_rfc1123(auth::TimePoint(std::chrono::milliseconds(meta->last_modified))));
    co_return res;
}

}  // namespace s3emu::server
