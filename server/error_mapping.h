// Turns the errors of the lower layers (auth, storage) into S3 errors.
#pragma once

#include "auth/auth_result.h"
#include "server/s3_error.h"
#include "server/s3_request.h"
#include "storage/store_error.h"

namespace s3emu::server {

S3Error from_auth(const auth::AuthResult& failure);
S3Error from_store(const storage::StoreError& error, const S3Request& request);

}  // namespace s3emu::server
