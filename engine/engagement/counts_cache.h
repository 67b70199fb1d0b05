// Copyright 2026 The Harrier Authors.
//
// counts_cache.h: engagement counts records changed since they were last
// written to the store. A like, boost, reply or Undo writes its edge at
// once (the durable fact) but leaves the object's counts record here; the
// feed flush writes each object's record once, however many events it had
// (Ledger::WriteCachedCounts). After a crash, the counts of every object a
// pending feed marker names are recounted from the edges (Ledger::Recount):
// those are the only records the store may hold stale.
//
//   CountsCache cache;
//   cache.Set(key, record);                // at commit, object stripe held
//   std::optional<CountsCache::Value> v = cache.Get(key);
//   cache.EraseIfSame(key, *v);            // once written to the store
//
// Keys are ledger_keys::Counts keys; a value is the record, parsed (the
// next event on the object changes a copy of it rather than parsing the
// bytes again; the feed flush serialises it once), or null for "no record"
// (every count back at zero). A value is immutable once set: readers share
// it. Thread-safe; the engine changes an object's entry only with the
// object's stripe held.
#ifndef HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_
#define HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "harrier/storage/records.pb.h"

namespace harrier {

class CountsCache {
 public:
  using Value = std::shared_ptr<const storage::EngagementRecord>;

  // The entry for `key`, if any (then it is newer than the store's).
  std::optional<Value> Get(absl::string_view key) const {
    const Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return std::nullopt;
    return it->second;
  }

  bool Contains(absl::string_view key) const {
    const Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    return shard.entries.contains(key);
  }

  void Set(std::string key, Value value) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    shard.entries.insert_or_assign(std::move(key), std::move(value));
  }

  // Drops the entry if it still holds `written` (what the store now holds):
  // the same record, not an equal one set since.
  void EraseIfSame(absl::string_view key, const Value& written) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    auto it = shard.entries.find(key);
    if (it != shard.entries.end() && it->second == written) shard.entries.erase(it);
  }

  size_t size() const {
    size_t total = 0;
    for (const Shard& shard : shards_) {
      absl::MutexLock lock(&shard.mutex);
      total += shard.entries.size();
    }
    return total;
  }

 private:
  // Sharded by key: both ingest threads read it for every like and the
  // feed flush writes and drops entries chunk by chunk, and one mutex for
  // all of them made each wait for the others.
  static constexpr int kShardBits = 4;
  static constexpr size_t kShards = size_t{1} << kShardBits;
  struct Shard {
    mutable absl::Mutex mutex;
    absl::flat_hash_map<std::string, Value> entries ABSL_GUARDED_BY(mutex);
  };
  // From the hash's top bits: each shard's map hashes the key the same way
  // and keeps its low 7 bits as the slot's fingerprint, so choosing by the
  // low bits would leave the keys of one shard only 3 fingerprint bits apart.
  static size_t ShardIndex(absl::string_view key) {
    return static_cast<size_t>(static_cast<uint64_t>(absl::HashOf(key)) >> (64 - kShardBits));
  }
  Shard& ShardOf(absl::string_view key) { return shards_[ShardIndex(key)]; }
  const Shard& ShardOf(absl::string_view key) const { return shards_[ShardIndex(key)]; }

  std::array<Shard, kShards> shards_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_
