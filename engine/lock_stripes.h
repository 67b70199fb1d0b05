// Copyright 2026 The Harrier Authors.
//
// lock_stripes.h: a fixed array of mutexes selected by key hash, so that
// work on the same key (an activity id, an object id) is serialised while
// work on different keys mostly runs in parallel.
//
//   absl::MutexLock lock(&stripes.For(instance, object_id));
//
// Thread safety: thread-safe; the stripes live as long as the LockStripes.
#ifndef HARRIER_ENGINE_LOCK_STRIPES_H_
#define HARRIER_ENGINE_LOCK_STRIPES_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace harrier {

class LockStripes {
 public:
  // `used`: how many of the stripes keys map to (1 to size(); fewer make
  // unrelated keys share stripes, which tests use to force collisions).
  explicit LockStripes(size_t used = kStripes) : used_(std::clamp<size_t>(used, 1, kStripes)) {}

  absl::Mutex& For(absl::string_view scope, absl::string_view key) {
    return mutexes_[Index(scope, key)];
  }

  // To lock several keys without deadlock, lock their distinct indexes in
  // increasing order.
  size_t Index(absl::string_view scope, absl::string_view key) const {
    return absl::HashOf(scope, key) % used_;
  }
  absl::Mutex& At(size_t index) { return mutexes_[index]; }
  static constexpr size_t size() { return kStripes; }

 private:
  // Many, so that a group of activities (Engine::IngestMany), which holds
  // the stripes of up to 256 activities and their objects until it commits,
  // rarely shares one with another caller's group. With 4096, the two
  // ingest threads of a soak spent 0.2-0.35 s of every 6 s waiting for
  // activity stripes (no two calls shared an activity id), 0.1 s with 65536
  // (PERFORMANCE.md, twelfth session). 65536 mutexes are 512 KiB.
  static constexpr size_t kStripes = 65536;
  const size_t used_;
  std::array<absl::Mutex, kStripes> mutexes_;
};

// Holds the stripes of several keys at once, locked in increasing index order
// (so two holders never deadlock) and released in reverse.
class ScopedStripeLocks {
 public:
  ScopedStripeLocks(LockStripes& stripes, absl::string_view scope,
                    const std::vector<std::string>& keys)
      : stripes_(stripes) {
    for (const std::string& key : keys) indexes_.push_back(stripes.Index(scope, key));
    std::sort(indexes_.begin(), indexes_.end());
    indexes_.erase(std::unique(indexes_.begin(), indexes_.end()), indexes_.end());
    for (size_t index : indexes_) stripes_.At(index).Lock();
  }
  ~ScopedStripeLocks() {
    for (auto it = indexes_.rbegin(); it != indexes_.rend(); ++it) stripes_.At(*it).Unlock();
  }
  ScopedStripeLocks(const ScopedStripeLocks&) = delete;
  ScopedStripeLocks& operator=(const ScopedStripeLocks&) = delete;

 private:
  LockStripes& stripes_;
  std::vector<size_t> indexes_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_LOCK_STRIPES_H_
