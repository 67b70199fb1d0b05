// Copyright 2026 The Harrier Authors.
//
// snapshot_cache.h: RocksDB snapshots held for paging, by random 64-bit id.
//
// GetFeed pins a snapshot on the first page of a feed and puts its id in the
// page token; later pages read at the same snapshot, so a paged sequence is
// exactly the ranking at the first page. Snapshots pin old data (memtables,
// SST files), so the cache is bounded: an entry expires `ttl` after its last
// use and the least recently used entry goes when `max_entries` is reached.
// Ids are random so a restarted server (empty cache) does not mistake an old
// id for a new snapshot.
//
// Thread safety: thread-safe. Ownership: entries share ownership of the
// snapshots; Clear() (or destroying the cache) must happen before the Store
// is destroyed.
#ifndef HARRIER_ENGINE_RANKING_SNAPSHOT_CACHE_H_
#define HARRIER_ENGINE_RANKING_SNAPSHOT_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"

namespace harrier::ranking {

class SnapshotCache {
 public:
  struct Options {
    absl::Duration ttl = absl::Minutes(10);
    size_t max_entries = 1024;
  };
  using Clock = absl::Time (*)();

  explicit SnapshotCache(Options options, Clock clock = &absl::Now)
      : options_(options), clock_(clock) {}

  // Keeps `snapshot`; returns its id (never 0).
  uint64_t Insert(std::shared_ptr<const rocksdb::Snapshot> snapshot)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // The snapshot with `id`, or null when unknown or expired. Refreshes its
  // expiry.
  std::shared_ptr<const rocksdb::Snapshot> Find(uint64_t id) ABSL_LOCKS_EXCLUDED(mutex_);

  void Clear() ABSL_LOCKS_EXCLUDED(mutex_);
  size_t size() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Entry {
    std::shared_ptr<const rocksdb::Snapshot> snapshot;
    absl::Time expires;
    std::list<uint64_t>::iterator lru;
  };
  void EvictLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const Options options_;
  const Clock clock_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(mutex_);
  // Most recently used first.
  std::list<uint64_t> lru_ ABSL_GUARDED_BY(mutex_);
  std::mt19937_64 random_ ABSL_GUARDED_BY(mutex_){std::random_device()()};
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_SNAPSHOT_CACHE_H_
