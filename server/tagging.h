// Object tag sets: from the x-amz-tagging header (URL query form) or a Tagging XML body,
// checked against S3's limits.
#pragma once

#include "storage/store.h"

#include <string>
#include <string_view>

namespace s3emu::server {

// "k1=v1&k2=v2" (percent-encoded). Throws S3Error(InvalidTag | InvalidArgument).
storage::Tags parse_tagging_header(std::string_view header);
// <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>. Throws S3Error(MalformedXML | InvalidTag).
storage::Tags parse_tagging_xml(const std::string& body);

}  // namespace s3emu::server
