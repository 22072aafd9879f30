#include "server/xml_responses.h"

#include "auth/http_date.h"
#include "auth/uri_encode.h"

#include <pugixml.hpp>

#include <chrono>
#include <sstream>

namespace s3emu::server {

namespace {

constexpr const char* s3_namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

pugi::xml_node root(pugi::xml_document& doc, const char* name, bool with_namespace = true) {
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto node = doc.append_child(name);
    if (with_namespace) node.append_attribute("xmlns") = s3_namespace;
    return node;
}

void add(pugi::xml_node parent, const char* name, std::string_view text) {
    parent.append_child(name).text().set(std::string(text).c_str());
}

std::string to_string(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    return out.str();
}

std::string iso(storage::EpochMillis ms) {
    return auth::format_iso8601_ms(auth::TimePoint(std::chrono::milliseconds(ms)));
}

// encoding-type=url: S3 percent-encodes keys and prefixes so any byte survives XML.
std::string maybe_encode(const ListingView& v, std::string_view text) {
    return v.url_encoded ? auth::uri_encode(text, true) : std::string(text);
}

void add_owner(pugi::xml_node parent, const Owner& owner) {
    auto node = parent.append_child("Owner");
    add(node, "ID", owner.id);
    add(node, "DisplayName", owner.display_name);
}

void add_entries(pugi::xml_node result, const ListingView& v) {
    for (const auto& object : v.page->objects) {
        auto node = result.append_child("Contents");
        add(node, "Key", maybe_encode(v, object.key));
        add(node, "LastModified", iso(object.last_modified));
        add(node, "ETag", "\"" + object.etag + "\"");
        add(node, "Size", std::to_string(object.size));
        if (v.owner) add_owner(node, *v.owner);
        add(node, "StorageClass", "STANDARD");
    }
    for (const auto& prefix : v.page->prefixes) add(result.append_child("CommonPrefixes"), "Prefix", maybe_encode(v, prefix));
}

}  // namespace

std::string error_xml(const S3Error& error, std::string_view resource, std::string_view request_id,
                      std::string_view host_id) {
    pugi::xml_document doc;
    auto node = root(doc, "Error", false);
    add(node, "Code", info(error.code()).code);
    add(node, "Message", error.message());
    for (const auto& [name, value] : error.fields()) add(node, name.c_str(), value);
    add(node, "Resource", resource);
    add(node, "RequestId", request_id);
    add(node, "HostId", host_id);
    return to_string(doc);
}

std::string list_buckets_xml(const std::vector<storage::BucketInfo>& buckets, const Owner& owner) {
    pugi::xml_document doc;
    auto result = root(doc, "ListAllMyBucketsResult");
    add_owner(result, owner);
    auto list = result.append_child("Buckets");
    for (const auto& b : buckets) {
        auto node = list.append_child("Bucket");
        add(node, "Name", b.name);
        add(node, "CreationDate", iso(b.created));
        add(node, "BucketRegion", b.region);
    }
    return to_string(doc);
}

std::string location_xml(std::string_view region) {
    pugi::xml_document doc;
    auto node = root(doc, "LocationConstraint");
    // S3 reports us-east-1 as an empty constraint.
    if (region != "us-east-1") node.text().set(std::string(region).c_str());
    return to_string(doc);
}

std::string list_objects_xml(const ListingView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "ListBucketResult");
    add(result, "Name", v.bucket);
    add(result, "Prefix", maybe_encode(v, v.prefix));
    add(result, "Marker", maybe_encode(v, v.marker));
    if (!v.next_marker.empty()) add(result, "NextMarker", maybe_encode(v, v.next_marker));
    add(result, "MaxKeys", std::to_string(v.max_keys));
    if (!v.delimiter.empty()) add(result, "Delimiter", maybe_encode(v, v.delimiter));
    add(result, "IsTruncated", v.page->truncated ? "true" : "false");
    if (v.url_encoded) add(result, "EncodingType", "url");
    add_entries(result, v);
    return to_string(doc);
}

std::string list_objects_v2_xml(const ListingView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "ListBucketResult");
    add(result, "Name", v.bucket);
    add(result, "Prefix", maybe_encode(v, v.prefix));
    if (!v.start_after.empty()) add(result, "StartAfter", maybe_encode(v, v.start_after));
    if (!v.continuation_token.empty()) add(result, "ContinuationToken", v.continuation_token);
    if (!v.next_continuation_token.empty()) add(result, "NextContinuationToken", v.next_continuation_token);
    add(result, "KeyCount", std::to_string(v.page->objects.size() + v.page->prefixes.size()));
    add(result, "MaxKeys", std::to_string(v.max_keys));
    if (!v.delimiter.empty()) add(result, "Delimiter", maybe_encode(v, v.delimiter));
    add(result, "IsTruncated", v.page->truncated ? "true" : "false");
    if (v.url_encoded) add(result, "EncodingType", "url");
    add_entries(result, v);
    return to_string(doc);
}

}  // namespace s3emu::server
