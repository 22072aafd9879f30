// Why a Store call failed, in the Store's own terms; the server maps each to its S3 error.
#pragma once

#include <stdexcept>
#include <string>

namespace s3emu::storage {

enum class StoreErrc {
    no_such_bucket,
    bucket_already_exists,  // the caller owns it already
    bucket_not_empty,
    no_such_upload,
    precondition_failed,  // a conditional write's condition does not hold
};

class StoreError : public std::runtime_error {
public:
    explicit StoreError(StoreErrc code);
    StoreErrc code() const { return code_; }

private:
    StoreErrc code_;
};

}  // namespace s3emu::storage
