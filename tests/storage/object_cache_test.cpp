#include "storage/object_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace s3emu::storage {
namespace {

std::shared_ptr<const ObjectCache::Entry> entry(const std::string& key, const std::string& data) {
    ObjectMeta meta;
    meta.key = key;
    meta.size = data.size();
    return std::make_shared<const ObjectCache::Entry>(ObjectCache::Entry{meta, std::make_shared<const std::string>(data)});
}

TEST(ObjectCache, KeepsWhatAReaderReadWhileNoCommitHappened) {
    ObjectCache cache(1024);
    EXPECT_EQ(cache.get("b", "k"), nullptr);
    cache.put(cache.ticket(), "b", "k", entry("k", "data"));
    auto hit = cache.get("b", "k");
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(*hit->data, "data");
    EXPECT_EQ(hit->meta.key, "k");
    EXPECT_EQ(cache.get("b", "other"), nullptr);
    EXPECT_EQ(cache.get("c", "k"), nullptr);
}

TEST(ObjectCache, ACommitEmptiesItAndRefusesWhatWasReadBefore) {
    ObjectCache cache(1024);
    cache.put(cache.ticket(), "b", "k", entry("k", "old"));
    auto before = cache.ticket();  // a reader starts its transaction...
    cache.invalidate();            // ...a commit lands meanwhile...
    EXPECT_EQ(cache.get("b", "k"), nullptr);
    cache.put(before, "b", "k", entry("k", "old"));  // ...so what it read may be stale
    EXPECT_EQ(cache.get("b", "k"), nullptr);
    cache.put(cache.ticket(), "b", "k", entry("k", "new"));
    ASSERT_NE(cache.get("b", "k"), nullptr);
    EXPECT_EQ(*cache.get("b", "k")->data, "new");
}

TEST(ObjectCache, StaysWithinItsBudget) {
    ObjectCache cache(10);
    cache.put(cache.ticket(), "b", "big", entry("big", std::string(11, 'x')));
    EXPECT_EQ(cache.get("b", "big"), nullptr);
    cache.put(cache.ticket(), "b", "one", entry("one", std::string(6, 'x')));
    cache.put(cache.ticket(), "b", "one", entry("one", std::string(6, 'y')));  // replaces, not adds
    EXPECT_EQ(*cache.get("b", "one")->data, std::string(6, 'y'));
    cache.put(cache.ticket(), "b", "two", entry("two", std::string(6, 'x')));  // over: starts again
    EXPECT_EQ(cache.get("b", "one"), nullptr);
    EXPECT_NE(cache.get("b", "two"), nullptr);
}

}  // namespace
}  // namespace s3emu::storage
