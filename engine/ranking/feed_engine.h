// Copyright 2026 The Harrier Authors.
//
// feed_engine.h: keeps every feed of every instance ranked in RocksDB as
// activities arrive, and serves pages and explanations (see docs/RANKING.md).
//
//   FeedEngine feeds(&store);
//   feeds.registry().Set("example.social", feed_set);
//   // In the ingest path, with the ledger's batch:
//   {
//     FeedEngine::WriteLock lock(feeds);        // across OnActivity + Write
//     RETURN_IF_ERROR(feeds.OnActivity(instance, activity, &counts_after,
//                                      visible, now, &batch));
//     RETURN_IF_ERROR(store.Write(batch));
//   }
//   ASSIGN_OR_RETURN(FeedPage page, feeds.GetFeed(instance, "art", 40, ""));
//
// What OnActivity does, by activity type:
//   Create/Update of an object  membership by each feed's predicates and
//                               window (re-evaluated on Update), scored from
//                               the object's counts; `visible` false (held or
//                               rejected by moderation) keeps it out of every
//                               index until SetHidden(..., false).
//   Delete of an object/actor   removes the object (every object of the
//                               actor) from every feed.
//   anything else (Like,        re-scores each object of `counts_after` in
//   Announce, Dislike, Undo…)   the feeds it belongs to, and only those.
// A Create of a reply or quote changes the parent's counts: pass them too
// (the vector overload), or the parent is re-scored on its next event.
//
// Concurrency contract (the caller's side):
//   * Calls for the same object are serialised by the caller (the engine's
//     object lock stripes), each with its batch written before the next.
//   * OnActivity and SetHidden run with a FeedEngine::WriteLock held until
//     their batch is written: Rescore publishes a new generation while no
//     such batch is in flight.
// Everything else is thread-safe. GetFeed and ExplainRanking take no lock;
// they read RocksDB snapshots.
//
// Ownership: `store` is not owned and must outlive the FeedEngine (the
// engine's snapshots are released in its destructor).
//
// Errors: NOT_FOUND "name: ..." for an unknown feed, "object_id: ..." for an
// object not in the feed; INVALID_ARGUMENT "page_size: ..." / "page_token:
// ..."; DATA_LOSS for corrupt records; storage errors as Store reports them.
#ifndef HARRIER_ENGINE_RANKING_FEED_ENGINE_H_
#define HARRIER_ENGINE_RANKING_FEED_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/ranking/community_activity.h"
#include "engine/ranking/feed_definition.h"
#include "engine/ranking/feed_index.h"
#include "engine/ranking/member_record.h"
#include "engine/ranking/pending_rescores.h"
#include "engine/ranking/snapshot_cache.h"
#include "engine/storage/store.h"
#include "harrier/storage/records.pb.h"
#include "harrier/v1/activity.pb.h"

namespace harrier::ranking {

struct FeedEngineOptions {
  SnapshotCache::Options snapshots;
  // Rescore writes a new generation of at least this many members as one
  // bulk-loaded SST file, smaller ones as one write batch.
  int64_t bulk_load_threshold = 20000;
  // Rescore sorts and bulk-loads at most this many members at a time (one
  // SST file each), so its memory stays bounded however large the feed.
  int64_t rescore_run_items = 1 << 18;
  // Rescore catches the new generation up with members changed since its
  // snapshot in rounds while writers go on, until at most this many are
  // left for the flip, when writers pause (or after eight rounds).
  int64_t rescore_flip_changes = 1000;
  // Index entries a page may pass over (diversity skips) before it returns
  // a short page with a token to go on.
  int max_scan_per_page = 5000;
};

// The counts of one object after the activity (the ledger's record, shared
// and immutable; null when the object has none).
struct CountsUpdate {
  std::string object_id;
  std::shared_ptr<const storage::EngagementRecord> counts;
};

struct FeedItem {
  std::string object_id;
  double score = 0;
  std::string author_id;
  absl::Time published;
};

struct FeedPage {
  std::vector<FeedItem> items;
  // Empty on the last page.
  std::string next_page_token;
};

struct RankingExplanation {
  // The score the object is ranked by now (its index key).
  double score = 0;
  std::string algorithm;
  // Inputs and intermediate values; "score_now" is the formula at `now`.
  std::vector<ScoreComponent> components;
};

struct RescoreStats {
  uint64_t generation = 0;
  int64_t members = 0;
  int64_t expired = 0;
  // Members changed by events while the generation was built (caught up
  // before or at the flip).
  int64_t changed_during_rescore = 0;
  absl::Duration elapsed;
  // How long writers of every feed waited at the flip (the exclusive lock:
  // the last changes caught up, expired members removed, the pointer
  // flipped).
  absl::Duration flip_pause;
};

class FeedEngine {
 public:
  explicit FeedEngine(Store* store, FeedEngineOptions options = {});
  ~FeedEngine();

  FeedEngine(const FeedEngine&) = delete;
  FeedEngine& operator=(const FeedEngine&) = delete;

  // Held (shared) by writers from before OnActivity/SetHidden until their
  // batch is written.
  class ABSL_SCOPED_LOCKABLE WriteLock {
   public:
    explicit WriteLock(FeedEngine& engine) ABSL_SHARED_LOCK_FUNCTION(engine.publish_mutex_)
        : mutex_(engine.publish_mutex_) {
      mutex_.ReaderLock();
    }
    ~WriteLock() ABSL_UNLOCK_FUNCTION() { mutex_.ReaderUnlock(); }
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

   private:
    absl::Mutex& mutex_;
  };

  FeedRegistry& registry() { return registry_; }

  // `counts_after`: the counts of activity.object().id() after the activity
  // (null when unknown or unchanged).
  absl::Status OnActivity(absl::string_view instance,
                          const v1::NormalizedActivity& activity,
                          const storage::EngagementRecord* counts_after, bool visible,
                          absl::Time now, Store::Batch* batch);

  // The same, with the counts of every object the activity changed.
  // `rank_factor` in (0, 1) is moderation's downrank(f) for an object the
  // activity creates or updates: its positive engagement is scaled by f in
  // every feed, now and on every later event, rescore and rebuild.
  // With `deferred`, nothing is written for the feeds now: the object the
  // activity creates or updates, and each object whose counts changed, are
  // appended to `deferred` instead (only the ids of `counts_after` are
  // read: the flush takes each object's counts then). Once AddMarker's marker is in `batch`
  // and `batch` is written (objects still locked), pass them to
  // pending().Add; the flush (ApplyPending) writes each object's entries
  // once, from its counts then. Deletes are never deferred.
  // `new_object`: the caller knows the activity's object was never stored
  // before (Ledger::Apply's `new_object`), so it is in no feed and not
  // deleted: the reads that would find that out are skipped.
  absl::Status OnActivity(absl::string_view instance,
                          const v1::NormalizedActivity& activity,
                          const std::vector<CountsUpdate>& counts_after, bool visible,
                          absl::Time now, Store::Batch* batch, double rank_factor = 1.0,
                          std::vector<Deferred>* deferred = nullptr,
                          bool new_object = false);

  // What the ingest path deferred and the flush will write.
  PendingRescores& pending() { return pending_; }
  // Puts into `batch` the durable marker of `deferred` (what one write
  // group deferred) and returns its key, for pending().Add; empty (and
  // nothing put) when `deferred` is empty.
  std::string AddMarker(absl::string_view instance, const std::vector<Deferred>& deferred,
                        Store::Batch* batch);
  // Writes a pending object's feed entries (taken from pending()) into
  // `batch`: its Create or Update into every feed it now matches, or its
  // re-score in the feeds it belongs to, from `counts`, the ledger's counts
  // now, counting `entry.events` community interactions. An object deleted
  // since (`counts.deleted()`) is left out. The caller holds a WriteLock and
  // the object's lock until `batch` is written.
  absl::Status ApplyPending(absl::string_view instance, absl::string_view object_id,
                            const storage::EngagementRecord& counts,
                            const PendingRescores::Entry& entry, absl::Time now,
                            Store::Batch* batch);
  // Deletes the markers a flush took (Taken::markers), once every object
  // they list is written or goes into the same batch.
  static void DeleteMarkers(const std::vector<std::string>& markers, Store::Batch* batch);
  // The Create or Update stored as activity `activity_id`, as the ingest
  // path would defer it now, matched against the instance's feeds now (null
  // when the activity is not stored).
  using CreateLoader = std::function<absl::StatusOr<std::shared_ptr<PendingCreate>>(
      absl::string_view instance, absl::string_view activity_id)>;
  // Set once, before ingesting: LoadPending makes the Creates a crash left
  // unwritten through it, and ApplyPending makes a Create again when the
  // instance's feeds were replaced after it was matched (without a loader,
  // the new feeds of the same id take the old answers).
  void SetCreateLoader(CreateLoader load) { load_create_ = std::move(load); }
  // What the feeds of `feeds` need of a Create or Update of an object (see
  // PendingCreate; `ingested`: when it was ingested, the object's time when
  // it carries none). The ingest path defers this; a restart makes it again
  // from the stored activity (CreateLoader).
  static std::shared_ptr<PendingCreate> MakeCreate(std::shared_ptr<const FeedSet> feeds,
                                                   const v1::NormalizedActivity& activity,
                                                   double rank_factor, bool visible,
                                                   absl::Time ingested, bool new_object);
  // Adds to pending() what the markers stored for `instance` list (after a
  // restart: what a crash left unwritten), Creates through the loader
  // (SetCreateLoader; FAILED_PRECONDITION without one when a marker lists a
  // Create).
  absl::Status LoadPending(absl::string_view instance);
  // Called with the instance before GetFeed and ExplainRanking read (the
  // engine flushes the instance's pending re-scores, so a page reflects
  // every acknowledged activity). Set before serving reads.
  void SetBeforeRead(std::function<absl::Status(absl::string_view)> hook) {
    before_read_ = std::move(hook);
  }

  // Review queue: hides an object from every feed it belongs to, or shows it
  // again (scored at `now`). Flush the instance's pending writes first: a
  // Create not written yet is not in any feed to show.
  absl::Status SetHidden(absl::string_view instance, absl::string_view object_id,
                         bool hidden, absl::Time now, Store::Batch* batch);

  // One page (1 <= page_size <= 100). See RANKING.md for the guarantee.
  absl::StatusOr<FeedPage> GetFeed(absl::string_view instance, absl::string_view feed,
                                   int page_size, absl::string_view page_token);

  absl::StatusOr<RankingExplanation> ExplainRanking(absl::string_view instance,
                                                    absl::string_view feed,
                                                    absl::string_view object_id,
                                                    absl::Time now);

  // Re-scores every member of `feed` at `now` into a new generation, drops
  // members older than the feed's window, and publishes atomically. Writes
  // its own batches. FAILED_PRECONDITION when a rescore of the feed runs.
  absl::StatusOr<RescoreStats> Rescore(absl::string_view instance, absl::string_view feed,
                                       absl::Time now);

  // Rescore that first recomputes every member's signals from the ledger's
  // counts (engagement column family, <instance> 0 c 0 <object id>) with the
  // feed's current weights and caps: for a change of weights, caps or host
  // trust. Member records are rewritten in chunks while writers pause
  // briefly; the old generation keeps serving until the flip.
  absl::StatusOr<RescoreStats> Rebuild(absl::string_view instance, absl::string_view feed,
                                       absl::Time now);

  // Whether `feed` may hold a member published more than its window before
  // `now`. False only when the oldest member's time is known, from the
  // feed's last completed rescore (lowered by every member written since),
  // and lies within the window. The rescorer skips the periodic pass of a
  // feed whose order does not change with time when this is false: the pass
  // would rewrite the same order and expire nothing. After a restart, or a
  // failed rescore, the time is unknown until the next pass.
  bool MayHoldExpired(absl::string_view instance, const FeedDefinition& feed, absl::Time now)
      ABSL_LOCKS_EXCLUDED(oldest_mutex_);

  Store* store() const { return store_; }

 private:
  struct RebuildState {
    absl::flat_hash_set<std::string> dirty;
  };

  // Writes `object_id`'s entries in every feed of `feeds` that `create`
  // matched and whose window it is in, and removes it from the others.
  // `events`: engagement events since the activity (community activity).
  absl::Status UpsertObject(absl::string_view instance, const FeedSet& feeds,
                            absl::string_view object_id, const PendingCreate& create,
                            const storage::EngagementRecord* counts, absl::Time now,
                            Store::Batch* batch, int events = 0);
  // `events`: the engagement events it stands for (community activity).
  absl::Status RescoreObject(absl::string_view instance, const FeedSet& feeds,
                             absl::string_view object_id,
                             const storage::EngagementRecord& counts, absl::Time now,
                             Store::Batch* batch, int events = 1);
  absl::Status RemoveObject(absl::string_view instance, const FeedSet& feeds,
                            absl::string_view object_id, Store::Batch* batch);
  absl::Status RemoveFromFeed(absl::string_view instance, const FeedSet& feeds,
                              absl::string_view feed, absl::string_view object_id,
                              Store::Batch* batch);
  absl::StatusOr<RescoreStats> RescoreImpl(absl::string_view instance,
                                           absl::string_view feed, absl::Time now,
                                           bool reread_engagement);
  // Writes `record` (score, generation filled here) and its index entry,
  // replacing `old` (the stored record, if any).
  absl::Status WriteMember(absl::string_view instance, const FeedDefinition& feed,
                           absl::string_view object_id,
                           const std::optional<storage::FeedMemberRecord>& old,
                           storage::FeedMemberRecord record, absl::Time now,
                           Store::Batch* batch);
  // The feed's published generation, for writers (who hold a WriteLock, so
  // no publish happens meanwhile): cached in memory, since it changes only
  // when a rescore publishes, which forgets it (under the publish lock).
  absl::StatusOr<storage::FeedGeneration> WriterGeneration(absl::string_view instance,
                                                           absl::string_view feed);
  void ForgetGeneration(absl::string_view instance, absl::string_view feed);
  // The score of `record`'s index key in `generation`.
  static double KeyScore(const FeedDefinition& feed, const storage::FeedMemberRecord& record,
                         const storage::FeedGeneration& generation);
  void MarkDirty(absl::string_view instance, absl::string_view feed,
                 absl::string_view object_id);
  // A member of `feed` published at `published` is written (see
  // MayHoldExpired).
  void NoteMember(absl::string_view instance, absl::string_view feed, absl::Time published)
      ABSL_LOCKS_EXCLUDED(oldest_mutex_);

  Store* const store_;
  const FeedEngineOptions options_;
  FeedIndex index_;
  FeedRegistry registry_;
  SnapshotCache snapshots_;
  CommunityActivity communities_;
  PendingRescores pending_;
  // The next marker's sequence number (above every stored one).
  std::atomic<uint64_t> next_marker_{0};
  std::function<absl::Status(absl::string_view)> before_read_;
  CreateLoader load_create_;
  absl::Mutex publish_mutex_;
  absl::Mutex rebuild_mutex_;
  std::atomic<int> active_rebuilds_{0};
  // Keyed by instance 0 feed.
  absl::flat_hash_map<std::string, RebuildState> rebuilds_ ABSL_GUARDED_BY(rebuild_mutex_);
  absl::Mutex oldest_mutex_;
  // Keyed by instance 0 feed: no member of the feed was published before
  // this (where known; see MayHoldExpired).
  absl::flat_hash_map<std::string, absl::Time> oldest_ ABSL_GUARDED_BY(oldest_mutex_);
  absl::Mutex generation_mutex_;
  // Keyed by instance 0 feed.
  absl::flat_hash_map<std::string, storage::FeedGeneration> generations_
      ABSL_GUARDED_BY(generation_mutex_);
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_FEED_ENGINE_H_
