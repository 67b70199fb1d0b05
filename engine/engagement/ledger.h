// Copyright 2026 The Harrier Authors.
//
// ledger.h: what each activity does to stored objects and their engagement
// counts, across every server.
//
//   Create/Update  store (or replace) the object; counts are kept on edits.
//                  A reply counts once on its parent, a quote once on the
//                  quoted object (keyed by the replying/quoting object).
//   Like           one like per actor per object; Misskey's reaction Like
//                  also counts the reaction emoji.
//   EmojiReact     one reaction per actor per emoji per object.
//   Dislike        one dislike per actor per object (Lemmy downvotes).
//   Announce       one boost per actor per object. Lemmy's community
//                  Announce(Like) etc. arrive unwrapped by the normaliser and
//                  count as the inner activity.
//   Undo           removes exactly the edges the undone activity created
//                  (looked up by its id; else, when the Undo embeds the
//                  activity, the actor's edge of that kind). An Undo that
//                  arrives before the activity it undoes is remembered, and
//                  the activity is then not counted when it arrives.
//   Delete         of an object: removes it, its counts and its edges, and
//                  its reply/quote edge on the parent; later engagement on
//                  it is ignored. Of an actor: deletes every object the
//                  actor authored.
//
// Engagement that arrives before the object it targets is kept against the
// target id and shows once the object arrives (nothing is lost or delayed).
// Each count is also kept per source host (the engaging actor's host) so
// rankings can cap or weight one server's contribution.
//
// Thread safety: Apply must run with the locks of LockKeys(activity) held
// (the engine does that); GetObject is thread-safe. The writes of one Apply go
// into the caller's batch, together with the activity's dedup record, so a
// crash either applies all of them or none: nothing is counted twice. The
// engine keeps changed counts records in memory until the feed flush
// (Apply's `cached`): the edges are the durable truth they are recounted
// from after a crash.
#ifndef HARRIER_ENGINE_ENGAGEMENT_LEDGER_H_
#define HARRIER_ENGINE_ENGAGEMENT_LEDGER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/engagement/counts_cache.h"
#include "engine/engagement/marker_index.h"
#include "engine/storage/store.h"
#include "harrier/v1/activity.pb.h"
#include "harrier/storage/records.pb.h"
#include "harrier/v1/records.pb.h"

namespace harrier {

class Ledger {
 public:
  explicit Ledger(Store* store) : store_(store), markers_(store) {}

  // The object ids whose engagement Apply reads and writes; the caller locks
  // them (in a consistent order) around Apply + Store::Write.
  static std::vector<std::string> LockKeys(const v1::NormalizedActivity& activity);

  // The objects Apply(activity, ..., undone) changes, for locking:
  // LockKeys(activity) plus what only the store knows — for an Undo, the
  // objects of the undone activity's edges; for the Delete of an object, the
  // objects it replied to and quoted. Read without the object locks: the
  // caller must hold the stripes of the activity's id and of the undone
  // activity's id (so the undone activity is not being applied meanwhile),
  // and should check that every object Apply reports in `changed` was
  // locked (an Update can change what a post replies to in between; then
  // redo under an exclusive lock).
  // Not for an actor's Delete (every object the actor wrote; see
  // ChangesUnlistedObjects).
  absl::StatusOr<std::vector<std::string>> ObjectsTouched(
      absl::string_view instance, const v1::NormalizedActivity& activity,
      const v1::NormalizedActivity* undone = nullptr) const;

  // True when the objects an activity changes cannot be listed before
  // applying it: the Delete of an actor.
  static bool ChangesUnlistedObjects(const v1::NormalizedActivity& activity);

  // A record Apply will read for an activity, which the caller may read
  // ahead (in one batch with other activities'): its family and key, and
  // the object whose lock guards every write of it.
  struct ReadAhead {
    Family family;
    std::string key;
    std::string object_id;
  };
  // The reads worth making ahead for `activity`: a Create's or Update's
  // object record (and its parent's counts and reply edge); a
  // like's, boost's or reaction's counts and edge, and those of an Undo that
  // names the undone activity's type and object. Appended to `out`.
  static void ReadAheadKeys(absl::string_view instance, const v1::NormalizedActivity& activity,
                            std::vector<ReadAhead>* out);
  // Values read ahead, by (family, key): nullopt for absent. Only what no
  // write can have changed since it was read (the caller's to ensure).
  using Prefetched =
      absl::flat_hash_map<std::pair<int, std::string>, std::optional<std::string>>;

  // Adds the writes for `activity` to `batch`. `now_micros` stamps new
  // objects; `hidden` stores a created object hidden (held for review).
  // When `changed` is given, it receives the ids of every object in
  // LockKeys(activity) and of every other object whose counts the activity
  // changed (what rankings re-score, from the counts once `batch` is
  // written or cached).
  // `undone`: for an Undo that names the undone activity's id, that
  // activity as stored (the engine's activity record), null when it was
  // never ingested. The edges it would have created are derived from it and
  // removed where it did create them (each edge records its activity); an
  // Undo of an activity never ingested removes what the Undo itself
  // describes, and keeps the activity from counting if it arrives later.
  // `new_object`, when given, is set to whether the activity stores an
  // object the instance had no record of (not even a deletion): a first
  // Create, whose object nothing else (feeds included) can know yet.
  // `prefetched`: records read ahead, used instead of reading them.
  // `cached`: when given, the counts records the activity changes go there
  // instead of into `batch` (a deleted object's goes into both); the caller
  // passes them to CacheCounts once `batch` is written, and writes with
  // `batch` a pending feed marker naming each of their objects (after a
  // crash, the engine recounts those objects: Recount).
  struct CachedCounts {
    std::string object_id;
    std::string key;
    CountsCache::Value value;
  };
  using CountsToCache = std::vector<CachedCounts>;
  absl::Status Apply(absl::string_view instance,
                     const v1::NormalizedActivity& activity, int64_t now_micros,
                     bool hidden, Store::Batch* batch,
                     std::vector<std::string>* changed = nullptr,
                     const v1::NormalizedActivity* undone = nullptr,
                     bool* new_object = nullptr, Prefetched* prefetched = nullptr,
                     CountsToCache* cached = nullptr);

  // Counts records from Apply's `cached`, once their batch is written: read
  // from now on instead of the store's (the caller holds the objects'
  // locks).
  void CacheCounts(CountsToCache counts);
  // Puts into `batch` the cached counts records of `object_ids` (those that
  // have one), listed in `written`; once `batch` is written, ForgetCounts
  // drops them from the cache. The caller holds the objects' locks across
  // both.
  void WriteCachedCounts(absl::string_view instance, const std::vector<std::string>& object_ids,
                         Store::Batch* batch, CountsToCache* written) const;
  void ForgetCounts(const CountsToCache& written);
  // Whether the counts record `key` (ledger_keys::Counts) is in memory: a
  // read ahead of it would be wasted (Apply reads the memory first).
  bool CountsCached(absl::string_view key) const { return cache_.Contains(key); }
  // Counts records in memory, not yet written (tests, the metrics).
  size_t cached_counts() const { return cache_.size(); }

  // Rewrites the counts records of `object_ids` from their edges (not those
  // of deleted objects): after a restart, for the objects whose records a
  // crash may have left stale (those the pending feed markers name). Run
  // before serving.
  absl::Status Recount(absl::string_view instance, const std::vector<std::string>& object_ids);

  // Marks a stored object hidden or visible (a held post approved later).
  // NOT_FOUND when the object is not stored.
  absl::Status SetHidden(absl::string_view instance, absl::string_view object_id,
                         bool hidden, Store::Batch* batch);

  // The stored object with its engagement. NOT_FOUND when the object was
  // never stored or was deleted. The ledger keeps of an object only what it
  // reads (id, type, author, in_reply_to, quote_of): `*object_activity` is
  // set to the id of the activity whose stored record holds the whole object
  // (empty for records of older versions, which hold it themselves).
  absl::StatusOr<v1::StoredObject> GetObject(absl::string_view instance,
                                             absl::string_view object_id,
                                             std::string* object_activity = nullptr) const;

  // The whole engagement record of an object (per-host counts included),
  // empty when none.
  absl::StatusOr<storage::EngagementRecord> GetEngagement(absl::string_view instance,
                                                          absl::string_view object_id) const;
  // The same for several objects, in one batched read (cheaper per object
  // than a GetEngagement each), in the order of `object_ids`; null for an
  // object without a record. Records in memory are shared, not copied.
  absl::StatusOr<std::vector<CountsCache::Value>> GetEngagementMany(
      absl::string_view instance, const std::vector<std::string>& object_ids) const;

  // Engagement of an object, stored or not (zero counts when none).
  absl::StatusOr<v1::EngagementCounts> GetCounts(absl::string_view instance,
                                                 absl::string_view object_id) const;

 private:
  class Transaction;

  Store* const store_;
  CountsCache cache_;
  // Whether the rare undo-before and old deleted markers can exist, so
  // that a new edge reads them only then.
  MarkerIndex markers_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGAGEMENT_LEDGER_H_
