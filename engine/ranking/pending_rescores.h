// Copyright 2026 The Harrier Authors.
//
// pending_rescores.h: the objects whose engagement changed but whose feed
// entries have not been re-scored yet, per instance.
//
// Likes, boosts, replies and their Undos only change an object's counts; the
// ingest path records the object here (and, the first time, a durable marker
// in the same write as the counts) instead of re-scoring it in every feed at
// once. A flush (FeedEngine::ApplyPending, driven by the engine) re-scores
// each object once from the counts stored by then, however many events it
// had, and deletes its marker in the same write. A hot post liked a hundred
// times a second is re-scored a few times a second instead.
//
//   PendingRescores pending;
//   if (!pending.Contains(instance, id)) batch.Put(kFeedScores, MarkerKey(..), "");
//   ... write batch ...
//   pending.Add(instance, {id});
//   for (auto& [id, events] : pending.Take(instance)) { ... }
//
// Thread safety: thread-safe. Callers serialise Contains/Add and the flush of
// one object with the engine's object locks (see engine.cc).
#ifndef HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_
#define HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace harrier::ranking {

class PendingRescores {
 public:
  // Object id -> engagement events since it was last re-scored.
  using Objects = absl::flat_hash_map<std::string, int>;

  // Whether `object_id` waits for a re-score (its marker is stored).
  bool Contains(absl::string_view instance, absl::string_view object_id) const
      ABSL_LOCKS_EXCLUDED(mutex_);

  // Records one engagement event for each of `object_ids`.
  void Add(absl::string_view instance, const std::vector<std::string>& object_ids)
      ABSL_LOCKS_EXCLUDED(mutex_);
  // Puts back what a failed flush took (keeping counts added meanwhile).
  void Restore(absl::string_view instance, const Objects& objects) ABSL_LOCKS_EXCLUDED(mutex_);

  // Removes and returns every pending object of `instance`.
  Objects Take(absl::string_view instance) ABSL_LOCKS_EXCLUDED(mutex_);

  // Instances with pending objects.
  std::vector<std::string> Instances() const ABSL_LOCKS_EXCLUDED(mutex_);
  // Pending objects over all instances.
  size_t size() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void AddLocked(Objects& objects, const std::string& id, int events)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Objects> by_instance_ ABSL_GUARDED_BY(mutex_);
  size_t size_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_
