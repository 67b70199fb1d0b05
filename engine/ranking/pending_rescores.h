// Copyright 2026 The Harrier Authors.
//
// pending_rescores.h: the feed writes the ingest path has deferred to the
// next flush, per instance: objects whose engagement changed (a re-score),
// and objects a Create or Update brought (their entries in every matching
// feed).
//
// Likes, boosts, replies and their Undos only change an object's counts, and
// a new post is usually engaged within seconds of its creation; the ingest
// path records both here instead of writing feed entries at once. A flush
// (FeedEngine::ApplyPending, driven by the engine) writes each object once,
// from the counts stored by then, however many events it had: a post created
// and liked a hundred times within a second gets its feed entries written
// once. Reads flush first, so a page still reflects every acknowledged
// activity.
//
// Durability: each ingest write group stores one marker listing what it
// deferred (FeedEngine::AddMarker, in the same atomic write); the flush that
// took a marker's objects deletes it once they are written. After a crash,
// FeedEngine::LoadPending adds back what the stored markers list.
//
//   std::vector<Deferred> deferred;      // filled by FeedEngine::OnActivity
//   std::string marker = feeds.AddMarker(instance, deferred, &batch);
//   ... write batch ...
//   pending.Add(instance, std::move(deferred), marker);
//   PendingRescores::Taken taken = pending.Take(instance);  // the flush
//
// Thread safety: thread-safe. Callers serialise Add and the flush of one
// object with the engine's object locks (see engine_feed_flush.cc).
#ifndef HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_
#define HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/ranking/feed_definition.h"

namespace harrier::ranking {

// An object's Create or Update whose feed entries wait for the flush: what
// the feeds need of the activity (FeedEngine::MakeCreate), not the activity
// itself, so that nothing but this small record is copied into the pending
// set and freed by the flush thread.
struct PendingCreate {
  // The instance's feeds when the activity was matched, and whether each
  // admits it (FeedSet::Matching, window aside), evaluated on the activity
  // as feeds see it (moderation's delist and sensitive applied). Should the
  // instance's feeds be replaced before the flush, its feeds of the same id
  // take these answers (a post is matched against the feeds of the time it
  // was ingested).
  std::shared_ptr<const FeedSet> feeds;
  std::vector<bool> matching;
  std::string author_id;
  // The object's time (its own, else the activity's, else when ingested).
  absl::Time published;
  // The object's Lemmy community, if any.
  std::string community;
  // A Create (one community interaction), not an Update.
  bool is_create = false;
  // Moderation's downrank(f) for the object, in (0, 1); 1 for none.
  double rank_factor = 1.0;
  // False while held for review or rejected: entries are written hidden.
  bool visible = true;
  // The object was never stored before the activity, so it has no feed
  // entries to read or replace. False for anything loaded after a restart.
  bool new_object = false;
  // The activity's id: the durable marker records it, and the flush
  // matches the stored activity again should the feeds be replaced.
  std::string activity_id;
};

// One deferred feed write of an ingested activity.
struct Deferred {
  std::string object_id;
  // Set for a Create or Update of the object; null for an engagement event.
  std::shared_ptr<PendingCreate> create;
  // Only the object's counts record changed (kept in memory until the
  // flush writes it: Ledger::CacheCounts), not an engagement event.
  bool counts_only = false;
};

class PendingRescores {
 public:
  struct Entry {
    // Engagement events since the object's feed entries were last written.
    int events = 0;
    // The latest Create or Update not yet written, if any.
    std::shared_ptr<const PendingCreate> create;
  };
  using Objects = absl::flat_hash_map<std::string, Entry>;
  // What a flush takes: the objects, and the markers to delete once every
  // one of them is written.
  struct Taken {
    Objects objects;
    std::vector<std::string> markers;
  };

  // Records `deferred` (in order: a later Create or Update of an object
  // replaces an earlier one, keeping its downrank factor when the later one
  // has none) and the marker that stores it (none when empty; a marker
  // with nothing left to write is only deleted by the next flush).
  void Add(absl::string_view instance, std::vector<Deferred> deferred,
           const std::string& marker) ABSL_LOCKS_EXCLUDED(mutex_);
  // Puts back what a failed flush took, before what was added meanwhile
  // (restored Creates count as already stored: their objects may have been
  // written before the failure).
  void Restore(absl::string_view instance, Taken taken) ABSL_LOCKS_EXCLUDED(mutex_);

  // Removes and returns every pending object and marker of `instance`.
  Taken Take(absl::string_view instance) ABSL_LOCKS_EXCLUDED(mutex_);

  // Instances with pending objects.
  std::vector<std::string> Instances() const ABSL_LOCKS_EXCLUDED(mutex_);
  // Pending objects over all instances.
  size_t size() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct PerInstance {
    Objects objects;
    std::vector<std::string> markers;
  };
  // Merges `later` into `*earlier` (both of one object).
  static void Merge(Entry later, Entry* earlier);
  void AddLocked(PerInstance& into, const std::string& id, Entry entry)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, PerInstance> by_instance_ ABSL_GUARDED_BY(mutex_);
  size_t size_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_PENDING_RESCORES_H_
