#include "server/tagging.h"

#include "auth/http_request_view.h"
#include "server/s3_error.h"

#include <pugixml.hpp>

namespace s3emu::server {

namespace {

constexpr std::size_t max_tags = 10;
constexpr std::size_t max_key_length = 128;
constexpr std::size_t max_value_length = 256;

// Lengths count characters, not bytes: UTF-8 continuation bytes are skipped.
std::size_t characters(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

void validate(const storage::Tags& tags) {
    if (tags.size() > max_tags) throw S3Error(S3Code::InvalidTag, "Object tags cannot be greater than 10");
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const auto& [key, value] = tags[i];
        if (key.empty() || characters(key) > max_key_length)
            throw S3Error(S3Code::InvalidTag, "The TagKey you have provided is invalid", {{"TagKey", key}});
        if (characters(value) > max_value_length)
            throw S3Error(S3Code::InvalidTag, "The TagValue you have provided is invalid",
                          {{"TagKey", key}, {"TagValue", value}});
        for (std::size_t j = 0; j < i; ++j)
            if (tags[j].first == key)
                throw S3Error(S3Code::InvalidTag, "Cannot provide multiple Tags with the same key", {{"TagKey", key}});
    }
}

}  // namespace

storage::Tags parse_tagging_header(std::string_view header) {
    storage::Tags tags;
    for (auto& [key, value] : auth::parse_query(header)) tags.emplace_back(std::move(key), std::move(value));
    validate(tags);
    return tags;
}

storage::Tags parse_tagging_xml(const std::string& body) {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size())) throw S3Error(S3Code::MalformedXML);
    auto set = doc.child("Tagging").child("TagSet");
    if (!set) throw S3Error(S3Code::MalformedXML);
    storage::Tags tags;
    for (auto tag : set.children("Tag")) {
        if (!tag.child("Key")) throw S3Error(S3Code::MalformedXML);
        tags.emplace_back(tag.child("Key").text().get(), tag.child("Value").text().get());
    }
    validate(tags);
    return tags;
}

}  // namespace s3emu::server
