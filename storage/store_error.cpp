#include "storage/store_error.h"

namespace s3emu::storage {

static const char* describe(StoreErrc code) {
    switch (code) {
        case StoreErrc::no_such_bucket: return "no such bucket";
        case StoreErrc::bucket_already_exists: return "bucket already exists";
        case StoreErrc::bucket_not_empty: return "bucket not empty";
        case StoreErrc::no_such_upload: return "no such upload";
        case StoreErrc::precondition_failed: return "precondition failed";
    }
    return "store error";
}

StoreError::StoreError(StoreErrc code) : std::runtime_error(describe(code)), code_(code) {}

}  // namespace s3emu::storage
