// Copyright 2026 The Harrier Authors.
#include "engine/ranking/snapshot_cache.h"

#include <utility>

namespace harrier::ranking {

void SnapshotCache::EvictLocked(absl::Time now) {
  while (!lru_.empty()) {
    const uint64_t oldest = lru_.back();
    auto it = entries_.find(oldest);
    if (entries_.size() < options_.max_entries && it->second.expires > now) break;
    entries_.erase(it);
    lru_.pop_back();
  }
}

uint64_t SnapshotCache::Insert(std::shared_ptr<const rocksdb::Snapshot> snapshot) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mutex_);
  EvictLocked(now);
  uint64_t id = 0;
  while (id == 0 || entries_.contains(id)) id = random_();
  lru_.push_front(id);
  entries_[id] = Entry{std::move(snapshot), now + options_.ttl, lru_.begin()};
  return id;
}

std::shared_ptr<const rocksdb::Snapshot> SnapshotCache::Find(uint64_t id) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return nullptr;
  if (it->second.expires <= now) {
    lru_.erase(it->second.lru);
    entries_.erase(it);
    return nullptr;
  }
  it->second.expires = now + options_.ttl;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.snapshot;
}

void SnapshotCache::Clear() {
  absl::MutexLock lock(&mutex_);
  entries_.clear();
  lru_.clear();
}

size_t SnapshotCache::size() const {
  absl::MutexLock lock(&mutex_);
  return entries_.size();
}

}  // namespace harrier::ranking
