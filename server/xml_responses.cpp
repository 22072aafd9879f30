#include "server/xml_responses.h"

#include "auth/http_date.h"
#include "auth/uri_encode.h"

#include <pugixml.hpp>

#include <algorithm>
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
std::string encode_if(bool url_encoded, std::string_view text) {
    return url_encoded ? auth::uri_encode(text, true) : std::string(text);
}

std::string maybe_encode(const ListingView& v, std::string_view text) { return encode_if(v.url_encoded, text); }

// Checksum<ALG> and ChecksumType elements, as S3 names them in multipart results.
void add_checksum(pugi::xml_node node, const std::string& algorithm, const std::string& value) {
    if (algorithm.empty() || value.empty()) return;
    add(node, ("Checksum" + algorithm).c_str(), value);
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

namespace s3emu::server {

std::string list_object_versions_xml(const ListingView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "ListVersionsResult");
    add(result, "Name", v.bucket);
    add(result, "Prefix", maybe_encode(v, v.prefix));
    add(result, "KeyMarker", maybe_encode(v, v.marker));
    add(result, "VersionIdMarker", v.version_id_marker);
    if (!v.next_marker.empty()) {
        add(result, "NextKeyMarker", maybe_encode(v, v.next_marker));
        add(result, "NextVersionIdMarker", "null");
    }
    add(result, "MaxKeys", std::to_string(v.max_keys));
    if (!v.delimiter.empty()) add(result, "Delimiter", maybe_encode(v, v.delimiter));
    add(result, "IsTruncated", v.page->truncated ? "true" : "false");
    if (v.url_encoded) add(result, "EncodingType", "url");
    for (const auto& object : v.page->objects) {
        auto node = result.append_child("Version");
        add(node, "Key", maybe_encode(v, object.key));
        add(node, "VersionId", "null");
        add(node, "IsLatest", "true");
        add(node, "LastModified", iso(object.last_modified));
        add(node, "ETag", "\"" + object.etag + "\"");
        add(node, "Size", std::to_string(object.size));
        if (v.owner) add_owner(node, *v.owner);
        add(node, "StorageClass", "STANDARD");
    }
    for (const auto& prefix : v.page->prefixes) add(result.append_child("CommonPrefixes"), "Prefix", maybe_encode(v, prefix));
    return to_string(doc);
}

std::string delete_result_xml(const std::vector<DeleteOutcome>& outcomes, bool quiet) {
    pugi::xml_document doc;
    auto result = root(doc, "DeleteResult");
    for (const auto& o : outcomes) {
        if (o.error_code.empty()) {
            if (!quiet) add(result.append_child("Deleted"), "Key", o.key);
            continue;
        }
        auto node = result.append_child("Error");
        add(node, "Key", o.key);
        add(node, "Code", o.error_code);
        add(node, "Message", o.error_message);
    }
    return to_string(doc);
}

std::string object_attributes_xml(const AttributesView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "GetObjectAttributesResponse");
    auto wants = [&](std::string_view name) {
        return std::find(v.attributes.begin(), v.attributes.end(), name) != v.attributes.end();
    };
    const storage::ObjectMeta& meta = *v.meta;
    // Unlike everywhere else, S3 gives this ETag without quotes.
    if (wants("ETag")) add(result, "ETag", meta.etag);
    if (wants("Checksum") && !meta.checksum.algorithm.empty()) {
        auto node = result.append_child("Checksum");
        add_checksum(node, meta.checksum.algorithm, meta.checksum.value);
        add(node, "ChecksumType", meta.checksum.type);
    }
    if (wants("ObjectParts") && !meta.part_sizes.empty()) {
        auto node = result.append_child("ObjectParts");
        int total = static_cast<int>(meta.part_sizes.size());
        int first = v.part_number_marker + 1;
        int last = std::min(total, v.part_number_marker + v.max_parts);
        add(node, "PartsCount", std::to_string(total));  // TotalPartsCount in the SDKs
        add(node, "PartNumberMarker", std::to_string(v.part_number_marker));
        add(node, "NextPartNumberMarker", std::to_string(std::max(last, v.part_number_marker)));
        add(node, "MaxParts", std::to_string(v.max_parts));
        add(node, "IsTruncated", last < total ? "true" : "false");
        for (int n = first; n <= last; ++n) {
            auto part = node.append_child("Part");
            add(part, "PartNumber", std::to_string(n));
            add(part, "Size", std::to_string(meta.part_sizes[static_cast<std::size_t>(n - 1)]));
            if (static_cast<std::size_t>(n - 1) < meta.part_checksums.size())
                add_checksum(part, meta.checksum.algorithm, meta.part_checksums[static_cast<std::size_t>(n - 1)]);
        }
    }
    if (wants("StorageClass")) {
        std::string storage_class = "STANDARD";
        for (const auto& [name, value] : meta.headers)
            if (name == "x-amz-storage-class") storage_class = value;
        add(result, "StorageClass", storage_class);
    }
    if (wants("ObjectSize")) add(result, "ObjectSize", std::to_string(meta.size));
    return to_string(doc);
}

std::string tagging_xml(const storage::Tags& tags) {
    pugi::xml_document doc;
    auto set = root(doc, "Tagging").append_child("TagSet");
    for (const auto& [key, value] : tags) {
        auto tag = set.append_child("Tag");
        add(tag, "Key", key);
        add(tag, "Value", value);
    }
    return to_string(doc);
}

std::string copy_result_xml(const char* element, const std::string& etag, storage::EpochMillis last_modified,
                            const storage::ObjectChecksum* checksum) {
    pugi::xml_document doc;
    auto result = root(doc, element);
    add(result, "ETag", "\"" + etag + "\"");
    add(result, "LastModified", iso(last_modified));
    if (checksum) {
        add_checksum(result, checksum->algorithm, checksum->value);
        if (!checksum->type.empty()) add(result, "ChecksumType", checksum->type);
    }
    return to_string(doc);
}

std::string initiate_multipart_upload_xml(const storage::UploadInfo& upload) {
    pugi::xml_document doc;
    auto result = root(doc, "InitiateMultipartUploadResult");
    add(result, "Bucket", upload.bucket);
    add(result, "Key", upload.key);
    add(result, "UploadId", upload.upload_id);
    return to_string(doc);
}

std::string complete_multipart_upload_xml(std::string_view location, const std::string& bucket,
                                          const storage::ObjectMeta& meta) {
    pugi::xml_document doc;
    auto result = root(doc, "CompleteMultipartUploadResult");
    add(result, "Location", location);
    add(result, "Bucket", bucket);
    add(result, "Key", meta.key);
    add(result, "ETag", "\"" + meta.etag + "\"");
    add_checksum(result, meta.checksum.algorithm, meta.checksum.value);
    if (!meta.checksum.type.empty()) add(result, "ChecksumType", meta.checksum.type);
    return to_string(doc);
}

std::string list_parts_xml(const PartsView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "ListPartsResult");
    add(result, "Bucket", v.upload->bucket);
    add(result, "Key", v.upload->key);
    add(result, "UploadId", v.upload->upload_id);
    add(result, "PartNumberMarker", std::to_string(v.part_number_marker));
    if (!v.page->parts.empty()) add(result, "NextPartNumberMarker", std::to_string(v.page->parts.back().number));
    add(result, "MaxParts", std::to_string(v.max_parts));
    add(result, "IsTruncated", v.page->truncated ? "true" : "false");
    for (const auto& part : v.page->parts) {
        auto node = result.append_child("Part");
        add(node, "PartNumber", std::to_string(part.number));
        add(node, "LastModified", iso(part.last_modified));
        add(node, "ETag", "\"" + part.etag + "\"");
        add(node, "Size", std::to_string(part.size));
        add_checksum(node, v.upload->checksum_algorithm, part.checksum);
    }
    auto initiator = result.append_child("Initiator");
    add(initiator, "ID", v.owner->id);
    add(initiator, "DisplayName", v.owner->display_name);
    add_owner(result, *v.owner);
    add(result, "StorageClass", "STANDARD");
    if (!v.upload->checksum_algorithm.empty()) {
        add(result, "ChecksumAlgorithm", v.upload->checksum_algorithm);
        add(result, "ChecksumType", v.upload->checksum_type);
    }
    return to_string(doc);
}

std::string list_multipart_uploads_xml(const UploadsView& v) {
    pugi::xml_document doc;
    auto result = root(doc, "ListMultipartUploadsResult");
    add(result, "Bucket", v.bucket);
    add(result, "KeyMarker", encode_if(v.url_encoded, v.query->key_marker));
    add(result, "UploadIdMarker", v.query->upload_id_marker);
    if (v.page->truncated) {
        add(result, "NextKeyMarker", encode_if(v.url_encoded, v.page->next_key_marker));
        add(result, "NextUploadIdMarker", v.page->next_upload_id_marker);
    }
    if (!v.query->delimiter.empty()) add(result, "Delimiter", encode_if(v.url_encoded, v.query->delimiter));
    if (!v.query->prefix.empty()) add(result, "Prefix", encode_if(v.url_encoded, v.query->prefix));
    add(result, "MaxUploads", std::to_string(v.query->max_uploads));
    add(result, "IsTruncated", v.page->truncated ? "true" : "false");
    if (v.url_encoded) add(result, "EncodingType", "url");
    for (const auto& upload : v.page->uploads) {
        auto node = result.append_child("Upload");
        add(node, "Key", encode_if(v.url_encoded, upload.key));
        add(node, "UploadId", upload.upload_id);
        auto initiator = node.append_child("Initiator");
        add(initiator, "ID", v.owner->id);
        add(initiator, "DisplayName", v.owner->display_name);
        add_owner(node, *v.owner);
        add(node, "StorageClass", "STANDARD");
        add(node, "Initiated", iso(upload.initiated));
        if (!upload.checksum_algorithm.empty()) add(node, "ChecksumAlgorithm", upload.checksum_algorithm);
    }
    for (const auto& prefix : v.page->prefixes)
        add(result.append_child("CommonPrefixes"), "Prefix", encode_if(v.url_encoded, prefix));
    return to_string(doc);
}

}  // namespace s3emu::server
