// s3emu_bench_populate: fills a bucket in an s3emu data dir with N tiny objects through the
// Store interface, so that bench/run.sh can list buckets of 100k and 1M keys without sending
// a million PUTs. Run it while no s3emu uses the data dir (SQLite would serialise the two
// writers, and s3emu's orphan sweep could race with it).
//
//   s3emu_bench_populate DATA_DIR BUCKET COUNT [--size BYTES] [--region REGION] [--jobs N]
//
// Keys are "pNNN/kNNNNNNNNN": object i goes under prefix p(i % 1000), so every bucket has
// the same 1000 common prefixes for a delimiter listing whatever its size, and the key
// "p500/" sorts in the middle of the bucket (a start-after for a page from the middle).
// bench/bench.py builds the same keys for the peers; keep the two in step.
//
// Objects go through put_object one by one, exactly as a PUT would store them, with
// fsync off: the store commits one transaction and renames one blob file per object, and
// this tool reports how long that takes (objects/s), which is what a bulk insert costs today.
// Creating the blob files is most of that time and runs outside the store's write lock, so
// --jobs threads (default 4) overlap it; the SQLite commits stay one at a time.
#include "storage/sqlite_store.h"
#include "storage/store_error.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace storage = s3emu::storage;

namespace {

std::string key_for(long i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "p%03ld/k%09ld", i % 1000, i);
    return buf;
}

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int usage() {
    std::fputs("usage: s3emu_bench_populate DATA_DIR BUCKET COUNT [--size BYTES] [--region REGION] [--jobs N]\n",
               stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return usage();
    const std::string data_dir = argv[1], bucket = argv[2];
    const long count = std::strtol(argv[3], nullptr, 10);
    std::size_t size = 0;
    std::string region = "us-east-1";
    int jobs = 4;
    for (int i = 4; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--size" && i + 1 < argc) {
            size = std::strtoul(argv[++i], nullptr, 10);
        } else if (arg == "--region" && i + 1 < argc) {
            region = argv[++i];
        } else if (arg == "--jobs" && i + 1 < argc) {
            jobs = std::atoi(argv[++i]);
        } else {
            return usage();
        }
    }
    if (count < 0 || jobs < 1) return usage();

    try {
        auto started = std::chrono::steady_clock::now();
        storage::SqliteStore store(data_dir, storage::FsyncMode::never);
        try {
            store.create_bucket(bucket, region, now_ms());
        } catch (const storage::StoreError&) {
            // Already there: add to it (the keys are the same, so a rerun replaces them).
        }
        const std::vector<char> body(size, 'x');
        const storage::NewObject attrs{.headers = {{"Content-Type", "application/octet-stream"}}, .tags = {}};
        // Each job takes the next index; objects land in any order, the keys are the same.
        std::atomic<long> next{0}, done{0};
        std::exception_ptr failure;
        std::atomic<bool> failed{false};
        auto work = [&] {
            try {
                for (long i = next++; i < count && !failed; i = next++) {
                    // CRC64NVME is what s3emu computes when a client names no checksum.
                    auto writer = store.new_object_writer(storage::ChecksumAlgorithm::crc64nvme);
                    if (size) writer->write(body.data(), body.size());
                    writer->finish();
                    store.put_object(bucket, key_for(i), *writer, attrs, now_ms());
                    ++done;
                }
            } catch (...) {
                if (!failed.exchange(true)) failure = std::current_exception();
            }
        };
        std::vector<std::thread> threads;
        for (int j = 0; j < jobs; ++j) threads.emplace_back(work);
        while (done < count && !failed) {
            for (int t = 0; t < 100 && done < count && !failed; ++t)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (done < count && !failed) std::fprintf(stderr, "populate: %ld/%ld\n", done.load(), count);
        }
        for (auto& t : threads) t.join();
        if (failure) std::rethrow_exception(failure);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // One line for bench.py to parse.
        std::printf("populated %ld objects of %zu bytes in %.3f s (%.0f objects/s)\n", count, size, secs,
                    secs > 0 ? count / secs : 0.0);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "s3emu_bench_populate: %s\n", e.what());
        return 1;
    }
    return 0;
}
