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

#include <array>
#include <cstddef>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace harrier {

class LockStripes {
 public:
  absl::Mutex& For(absl::string_view scope, absl::string_view key) {
    return mutexes_[Index(scope, key)];
  }

  // To lock several keys without deadlock, lock their distinct indexes in
  // increasing order.
  size_t Index(absl::string_view scope, absl::string_view key) const {
    return absl::HashOf(scope, key) % kStripes;
  }
  absl::Mutex& At(size_t index) { return mutexes_[index]; }

 private:
  static constexpr size_t kStripes = 256;
  std::array<absl::Mutex, kStripes> mutexes_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_LOCK_STRIPES_H_
