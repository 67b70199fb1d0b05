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
//   cache.Set(key, bytes);                 // at commit, object stripe held
//   std::optional<CountsCache::Value> v = cache.Get(key);
//   cache.EraseIfSame(key, *v);            // once written to the store
//
// Keys are ledger_keys::Counts keys; a value is the serialised record, or
// nullopt for "no record" (every count back at zero). Thread-safe; the
// engine changes an object's entry only with the object's stripe held.
#ifndef HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_
#define HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace harrier {

class CountsCache {
 public:
  using Value = std::optional<std::string>;

  // The entry for `key`, if any (then it is newer than the store's).
  std::optional<Value> Get(absl::string_view key) const {
    absl::MutexLock lock(&mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  bool Contains(absl::string_view key) const {
    absl::MutexLock lock(&mutex_);
    return entries_.contains(key);
  }

  void Set(std::string key, Value value) {
    absl::MutexLock lock(&mutex_);
    entries_.insert_or_assign(std::move(key), std::move(value));
  }

  // Drops the entry if it still holds `written` (what the store now holds).
  void EraseIfSame(absl::string_view key, const Value& written) {
    absl::MutexLock lock(&mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second == written) entries_.erase(it);
  }

  size_t size() const {
    absl::MutexLock lock(&mutex_);
    return entries_.size();
  }

 private:
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Value> entries_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGAGEMENT_COUNTS_CACHE_H_
