// Every XML body s3emu sends, one builder per response type, all with pugixml.
#pragma once

#include "server/handler_context.h"
#include "server/s3_error.h"
#include "storage/store.h"

#include <string>
#include <string_view>
#include <vector>

namespace s3emu::server {

std::string error_xml(const S3Error& error, std::string_view resource, std::string_view request_id,
                      std::string_view host_id);

std::string list_buckets_xml(const std::vector<storage::BucketInfo>& buckets, const Owner& owner);

std::string location_xml(std::string_view region);

// What a ListObjects (v1) or ListObjectsV2 answer shows besides the page itself.
struct ListingView {
    std::string bucket, prefix, delimiter;
    int max_keys = 1000;
    bool url_encoded = false;   // encoding-type=url
    const Owner* owner = nullptr;  // set to include Owner in each Contents
    const storage::ListPage* page = nullptr;
    // v1 (marker), ListObjectVersions (key-marker)
    std::string marker, next_marker, version_id_marker;
    // v2
    std::string start_after, continuation_token, next_continuation_token;
};

std::string list_objects_xml(const ListingView& view);
std::string list_objects_v2_xml(const ListingView& view);
std::string list_object_versions_xml(const ListingView& view);

// DeleteObjects: what was deleted and what failed, per key.
struct DeleteOutcome {
    std::string key;
    std::string error_code, error_message;  // empty when deleted
};
std::string delete_result_xml(const std::vector<DeleteOutcome>& outcomes, bool quiet);

std::string tagging_xml(const storage::Tags& tags);

// GetObjectAttributesResponse with the attributes asked for.
struct AttributesView {
    std::vector<std::string> attributes;  // ETag, Checksum, ObjectParts, StorageClass, ObjectSize
    const storage::ObjectMeta* meta = nullptr;
    int part_number_marker = 0;
    int max_parts = 1000;
};
std::string object_attributes_xml(const AttributesView& view);

// CopyObjectResult or CopyPartResult (`element`).
std::string copy_result_xml(const char* element, const std::string& etag, storage::EpochMillis last_modified,
                            const storage::ObjectChecksum* checksum);

std::string initiate_multipart_upload_xml(const storage::UploadInfo& upload);
std::string complete_multipart_upload_xml(std::string_view location, const std::string& bucket,
                                          const storage::ObjectMeta& meta);

struct PartsView {
    const storage::UploadInfo* upload = nullptr;
    const storage::PartsPage* page = nullptr;
    const Owner* owner = nullptr;
    int part_number_marker = 0;
    int max_parts = 1000;
};
std::string list_parts_xml(const PartsView& view);

struct UploadsView {
    std::string bucket;
    const storage::UploadsQuery* query = nullptr;
    const storage::UploadsPage* page = nullptr;
    const Owner* owner = nullptr;
    bool url_encoded = false;
};
std::string list_multipart_uploads_xml(const UploadsView& view);

}  // namespace s3emu::server
