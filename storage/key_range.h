// Key-order helpers for listings: where a delimiter rolls keys up, and how to seek past a prefix.
#pragma once

#include <string>

namespace s3emu::storage {

// The smallest string greater than every string that starts with `prefix`; empty if none.
std::string successor(std::string prefix);

// The common prefix `key` rolls up into under `delimiter` (after `prefix`), or empty.
std::string common_prefix(const std::string& key, const std::string& prefix, const std::string& delimiter);

}  // namespace s3emu::storage
