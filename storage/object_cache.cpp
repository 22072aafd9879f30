#include "storage/object_cache.h"

#include <utility>

namespace s3emu::storage {

std::string ObjectCache::id(std::string_view bucket, std::string_view key) {
    std::string out;
    out.reserve(bucket.size() + 1 + key.size());
    out.append(bucket).append(1, '/').append(key);
    return out;
}

ObjectCache::Ticket ObjectCache::ticket() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

std::shared_ptr<const ObjectCache::Entry> ObjectCache::get(std::string_view bucket, std::string_view key) const {
    const std::string name = id(bucket, key);
    std::lock_guard lock(mutex_);
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second;
}

void ObjectCache::put(Ticket ticket, std::string_view bucket, std::string_view key,
                      std::shared_ptr<const Entry> entry) {
    const std::size_t size = entry->data->size();
    if (size > budget_) return;
    std::string name = id(bucket, key);
    std::lock_guard lock(mutex_);
    if (ticket != generation_) return;  // what was read may be older than a commit since
    if (bytes_ + size > budget_) {
        entries_.clear();
        bytes_ = 0;
    }
    auto [it, inserted] = entries_.try_emplace(std::move(name), entry);
    if (!inserted) {
        bytes_ -= it->second->data->size();
        it->second = std::move(entry);
    }
    bytes_ += size;
}

void ObjectCache::invalidate() {
    std::unordered_map<std::string, std::shared_ptr<const Entry>> dropped;
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        dropped.swap(entries_);
        bytes_ = 0;
    }
    // `dropped` is freed here, outside the lock.
}

}  // namespace s3emu::storage
