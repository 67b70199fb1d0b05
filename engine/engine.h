// Copyright 2026 The Harrier Authors.
//
// engine.h: Harrier's engine, the one object the service calls. It owns the
// store and runs the ingest pipeline (see docs/ARCHITECTURE.md):
//
//   raw JSON -> normalise -> deduplicate -> moderate (the instance's rule
//   set) -> review items, rule hits -> count engagement / rank (unless
//   rejected; held objects stay hidden) -> feed indexes (engine/ranking) ->
//   store (one atomic RocksDB batch) -> decision
//
//   ASSIGN_OR_RETURN(auto engine, Engine::Open(options));
//   ASSIGN_OR_RETURN(IngestResult result,
//                    engine->Ingest("example.social", json, hints));
//
// Thread safety: every method is thread-safe. Ingests of the same activity id
// are serialised; the second one reports a duplicate.
//
// Errors: NOT_FOUND for an unknown instance ("parent: unknown instance ..."),
// INVALID_ARGUMENT naming the field for bad input (see normalizer.h),
// INTERNAL / UNAVAILABLE for storage failures.
#ifndef HARRIER_ENGINE_ENGINE_H_
#define HARRIER_ENGINE_ENGINE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/engagement/ledger.h"
#include "engine/feed_configs.h"
#include "engine/instances.h"
#include "engine/moderation/audit_log.h"
#include "engine/moderation/decision_log.h"
#include "engine/moderation/moderator.h"
#include "engine/moderation/review_queue.h"
#include "engine/ranking/feed_engine.h"
#include "engine/ranking/rescorer.h"
#include "engine/lock_stripes.h"
#include "engine/storage/store.h"
#include "harrier/v1/activity.pb.h"
#include "harrier/v1/decision.pb.h"
#include "harrier/v1/records.pb.h"

namespace harrier {

struct EngineOptions {
  // Where RocksDB keeps its files.
  std::string data_dir;
  // Configuration root (see instances.h and moderator.h).
  std::string config_dir;
  // fsync each write (survives power loss, not only process crashes).
  bool sync_writes = false;
  // Largest accepted activity JSON.
  size_t max_activity_bytes = 1 << 20;
  // How often feeds whose order changes with time (power-law decays) are
  // re-scored in the background; zero: never (tests call Rescore).
  absl::Duration rescore_interval = absl::ZeroDuration();
  // Share of one core each feed's re-score passes may take: a feed whose
  // pass took d waits at least d / share for its next (ranking::Rescorer).
  // 0: every interval. Outside [0, 1]: Open fails with INVALID_ARGUMENT.
  double rescore_max_share = 0;
  // Posts created or updated, and the objects likes, boosts and replies
  // change, are written to the feeds at most this long after being
  // acknowledged (coalesced: one write per object however many events it
  // had), and before any GetFeed or ExplainRanking of the instance. Zero:
  // only then and at shutdown.
  absl::Duration feed_flush_interval = absl::Seconds(1);
  // More objects than this waiting for the flush: the ingest that finds
  // them flushes them before it returns (bounds memory, about 2 KB per
  // pending post, and staleness).
  size_t feed_flush_max_pending = 100000;
  // How many lock stripes activity and object ids map to (at most 65536;
  // see lock_stripes.h). Fewer only make unrelated activities wait for
  // each other: tests lower it to make every ordering path run.
  size_t lock_stripes = 65536;
};

struct IngestResult {
  std::string activity_id;
  std::string activity_type;
  // True when the activity id had already been ingested; nothing changed and
  // `decision` is the stored one.
  bool duplicate = false;
  v1::Decision decision;
};

// The clock, injectable for tests.
using Clock = absl::Time (*)();

class Engine {
 public:
  static absl::StatusOr<std::unique_ptr<Engine>> Open(
      const EngineOptions& options, Clock clock = &absl::Now);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Ingests one activity for `instance`.
  absl::StatusOr<IngestResult> Ingest(absl::string_view instance,
                                      absl::string_view json,
                                      const v1::ServerHints& hints);

  struct IngestItem {
    absl::string_view json;
    const v1::ServerHints* hints = nullptr;  // null: none
  };
  // Ingests `items`, each as Ingest would (one result per item, in order),
  // committing them in groups of up to kMaxGroup with one RocksDB write per
  // group: activities that touch nothing another activity of the group
  // touches share the write (and the write-ahead log record). An activity
  // that conflicts with the group (the same post liked twice, a reply and
  // its Delete) waits for a later group, and so does every later activity
  // touching what it touches, so activities on the same keys apply in
  // their order. When this returns, every result is durable (or an error).
  std::vector<absl::StatusOr<IngestResult>> IngestMany(absl::string_view instance,
                                                       const std::vector<IngestItem>& items);
  static constexpr int kMaxGroup = 256;
  // Objects the feed flush writes under one hold of their stripes. Small,
  // because the flush's objects are the ones being engaged with right now:
  // an ingest group that needs one of them waits for the whole chunk, and on
  // a busy machine a chunk of 256 held them for milliseconds (PERFORMANCE.md,
  // twelfth session).
  static constexpr int kFlushChunk = 32;

  // Writes to the feeds every pending object of `instance`: posts created
  // or updated, and objects whose engagement changed, since the last flush
  // (see EngineOptions::feed_flush_interval).
  // GetFeed and ExplainRanking call it; so does a background thread.
  absl::Status FlushFeedUpdates(absl::string_view instance);
  // The same for every instance.
  absl::Status FlushAllFeedUpdates();

  // The stored activity with its decision. NOT_FOUND when never ingested.
  absl::StatusOr<v1::StoredActivity> GetActivity(absl::string_view instance,
                                                 absl::string_view activity_id);

  // The stored object with its engagement counts. NOT_FOUND when never
  // stored or deleted.
  absl::StatusOr<v1::StoredObject> GetObject(absl::string_view instance,
                                             absl::string_view object_id);

  // Resolves a review item; approving a held object makes it visible.
  // Recorded in the audit log.
  absl::StatusOr<v1::ReviewItem> ResolveReview(absl::string_view instance, uint64_t id,
                                               v1::ReviewItem::State resolution,
                                               absl::string_view note,
                                               absl::string_view moderator);

  const InstanceRegistry& instances() const { return instances_; }
  Moderator& moderator() { return moderator_; }
  ranking::FeedEngine& feeds() { return *feeds_; }
  // Engagement counts records changed since the feed flush last wrote them
  // (kept in memory until it does; see Ledger::CacheCounts).
  size_t counts_in_memory() const { return ledger_.cached_counts(); }
  // The background re-scorer's counters; none when it is not running
  // (rescore_interval 0).
  std::optional<ranking::Rescorer::Stats> rescorer_stats() const {
    if (rescorer_ == nullptr) return std::nullopt;
    return rescorer_->stats();
  }
  FeedConfigs& feed_configs() { return *feed_configs_; }
  const DecisionLog& decisions() const { return decisions_; }
  const ReviewQueue& review() const { return review_; }
  const AuditLog& audit() const { return audit_; }
  absl::Time Now() const { return clock_(); }
  Store& store() { return *store_; }
  const EngineOptions& options() const { return options_; }

  // NOT_FOUND naming `field` unless `instance` is hosted here.
  absl::Status CheckInstance(absl::string_view field,
                             absl::string_view instance) const;

 private:
  Engine(EngineOptions options, Clock clock, InstanceRegistry instances,
         std::unique_ptr<Store> store);

  class Group;
  // What a pass of IngestMany left for the next pass: the stripes of the
  // activities it postponed (a later activity touching one waits too, to
  // keep their order); `barrier`: everything after waits.
  struct Postponed {
    absl::flat_hash_set<size_t> activity_stripes;
    absl::flat_hash_set<size_t> object_stripes;
    bool barrier = false;
    bool empty() const {
      return activity_stripes.empty() && object_stripes.empty() && !barrier;
    }
  };
  // An activity normalised and decided (kept while it is postponed).
  struct Prepared {
    v1::NormalizedActivity activity;
    v1::Decision decision;
    absl::Time now;
    // Prefetch found no record of the activity, and read `read_ahead`,
    // after commit stamp `prefetched_since` (each valid while the stamp of
    // its stripe is no later).
    bool absent = false;
    uint64_t prefetched_since = 0;
    struct ReadValue {
      Ledger::ReadAhead read;
      std::optional<std::string> value;
    };
    std::vector<ReadValue> read_ahead;
    // An Undo's undone activity as read ahead (inner nullopt: not stored),
    // valid while the stamp of the undone activity's stripe is no later.
    std::optional<std::optional<v1::NormalizedActivity>> undone;
  };
  // Normalises and decides `json` into `*prepared`; false (with `*out` set
  // to the error) when it cannot be ingested.
  bool Prepare(absl::string_view instance, absl::string_view json,
               const v1::ServerHints& hints, std::optional<Prepared>* prepared,
               absl::StatusOr<IngestResult>* out);
  // Reads in one batch per family whether each of `indexes`' activities is
  // stored already, and the ledger records each will read
  // (Ledger::ReadAheadKeys), before any lock: IngestInto skips a read done
  // ahead unless a write that may have changed its record committed since
  // (its activity's stripe, or for an object record its object's stripe,
  // or for an engagement record — edge, counts — its key's slot of
  // `engagement_stamps_`, stamped later; or an exclusive ledger write), and
  // then reads again. An error leaves every activity to its own reads.
  void Prefetch(absl::string_view instance, const std::vector<size_t>& indexes,
                std::vector<std::optional<Prepared>>* prepared);
  // The reads `prepared` did ahead that still hold, for Ledger::Apply
  // (taken out of `prepared`). `objects`: the objects locked now.
  Ledger::Prefetched UsablePrefetch(absl::string_view instance, Prepared& prepared,
                                    const std::vector<std::string>& objects)
      ABSL_SHARED_LOCKS_REQUIRED(ledger_mutex_);
  // Marks `stripes` (held) of `stamps` as committed now: called after every
  // write of activity records (activity stripes) or ledger records (object
  // stripes; the engagement keys' slots), before the stripes are released.
  void StampStripes(std::array<uint64_t, LockStripes::size()>& stamps,
                    const std::vector<size_t>& stripes);
  // The same for slots of engagement_stamps_ (each raised to the new stamp
  // unless a later one is there).
  void StampKeys(const std::vector<size_t>& slots);
  // The slot of engagement_stamps_ of an engagement record's key.
  static size_t EngagementSlot(absl::string_view key) {
    return absl::HashOf(key) & (LockStripes::size() - 1);
  }
  // Ingests one activity into `group`, or alone when it must run
  // exclusively (committing the group first), and sets `*out`; when the
  // activity's writes wait in the group, `*out` is final once the group
  // commits. False: postponed (it conflicts with the group or with
  // `postponed`); nothing was done and `*out` is untouched.
  // `*prepared` is set (Prepare).
  bool IngestInto(Group& group, Postponed* postponed, absl::string_view json,
                  std::optional<Prepared>* prepared, absl::StatusOr<IngestResult>* out);
  // The writes every decided activity makes: review items, rule-hit
  // counters, the activity record with its decision (the dedup marker).
  // `json`: the activity as received (`record` carries no copy of it).
  // The decision's time-index entry goes into `decision_index` (the
  // activity's own, moved into its write group's once the activity's writes
  // are final there, and written with the group) or, without one, into
  // `batch` at once.
  void AddRecordWrites(absl::string_view instance, const v1::StoredActivity& record,
                       absl::string_view json, absl::Time now, Store::Batch* batch,
                       DecisionIndexBuffer* decision_index = nullptr);
  // The ledger and feed writes of `normalized` into `batch`. `objects`: the
  // object stripes held (ignored when `exclusive`). Sets `*redo` when the
  // update changed an object outside `objects` (nothing usable was added).
  // The feed writes deferred to the flush are appended to `deferred`; put
  // their marker into the batch (FeedEngine::AddMarker) and hand them to
  // feeds_->pending() once it is written.
  // `undone`: see UndoneActivity. The counts records it changes are
  // appended to `cached` (Ledger::Apply), each object also to `deferred`
  // (so the marker names it); hand them to ledger_.CacheCounts once the
  // batch is written.
  absl::Status ApplyEngagement(absl::string_view instance,
                               const v1::StoredActivity& record, const v1::Decision& decision,
                               const v1::NormalizedActivity* undone,
                               const std::vector<std::string>& objects, bool exclusive,
                               absl::Time now, Store::Batch* batch, bool* redo,
                               std::vector<ranking::Deferred>* deferred,
                               Ledger::CountsToCache* cached,
                               Ledger::Prefetched* prefetched = nullptr);
  // A stored Create or Update as the ingest path defers it for the feeds
  // (FeedEngine::CreateLoader: after a restart, or when the instance's
  // feeds were replaced before the flush).
  absl::StatusOr<std::shared_ptr<ranking::PendingCreate>> StoredCreate(
      absl::string_view instance, absl::string_view activity_id) const;
  // For an Undo naming the undone activity's id, that activity as stored
  // (nullopt when never ingested, and for any other activity). Read with
  // both activity stripes held.
  absl::StatusOr<std::optional<v1::NormalizedActivity>> UndoneActivity(
      absl::string_view instance, const v1::NormalizedActivity& activity) const;
  // Whether `activity` is an Undo naming the undone activity's id (the ones
  // UndoneActivity reads; Prefetch reads them ahead, batched).
  static bool NamesUndone(const v1::NormalizedActivity& activity);
  // UndoneActivity's answer from what DecisionLog::GetActivity(ies) read.
  static absl::StatusOr<std::optional<v1::NormalizedActivity>> UndoneFrom(
      absl::StatusOr<v1::StoredActivity> stored);
  // The stripes of the objects `activity` would change, read without its
  // locks (for an activity postponed before it could take them; see
  // IngestInto). What an earlier activity of the same write group has not
  // yet committed is missed, but the group holds those objects' stripes.
  absl::StatusOr<std::vector<size_t>> UnlockedObjectStripes(
      absl::string_view instance, const v1::NormalizedActivity& activity);
  // Runs `record`'s ledger and feed updates alone under the exclusive
  // ledger lock, and writes `batch` (holding the record's other writes).
  absl::Status ApplyExclusive(absl::string_view instance, const v1::StoredActivity& record,
                              const v1::Decision& decision, absl::Time now,
                              Store::Batch& batch);

  const EngineOptions options_;
  const Clock clock_;
  const InstanceRegistry instances_;
  std::unique_ptr<Store> store_;
  Ledger ledger_;
  DecisionLog decisions_;
  AuditLog audit_;
  ReviewQueue review_;
  Moderator moderator_;
  // Destroyed before store_ (declared after it).
  std::unique_ptr<ranking::FeedEngine> feeds_;
  std::unique_ptr<ranking::Rescorer> rescorer_;
  std::unique_ptr<FeedConfigs> feed_configs_;
  // Serialise ingests of one activity id (dedup; an Undo also holds its
  // undone activity's) ...
  LockStripes activity_locks_;
  // The commit stamp of each activity and object stripe (written and read
  // with the stripe locked), of the last exclusive ledger write, and the
  // last stamp given: see Prefetch.
  std::array<uint64_t, LockStripes::size()> activity_stamps_{};
  std::array<uint64_t, LockStripes::size()> object_stamps_{};
  // By engagement key (EngagementSlot), written and read with the key's
  // object stripe locked: a like of a post created (or liked by someone
  // else) earlier in the same call keeps its edge read ahead, which only
  // the same actor's engagement changes. Keys of objects in different
  // stripes may share a slot: atomic, and only ever raised (StampKeys).
  std::array<std::atomic<uint64_t>, LockStripes::size()> engagement_stamps_{};
  std::atomic<uint64_t> commit_stamp_{0};
  // ... and engagement updates of one object id.
  LockStripes object_locks_;
  // Held shared by ledger updates that list the objects they change
  // (Ledger::ObjectsTouched; their object stripes serialise them),
  // exclusively by the rare ones that cannot: an actor's Delete, and an
  // update redone because it changed an object it had not locked.
  absl::Mutex ledger_mutex_;
  uint64_t exclusive_stamp_ ABSL_GUARDED_BY(ledger_mutex_) = 0;

  // The background flush of deferred feed writes.
  void FlushLoop();
  // FlushFeedUpdates with flush_run_mutex_ held.
  absl::Status FlushFeedUpdatesLocked(absl::string_view instance)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(flush_run_mutex_);
  // Held by each FlushFeedUpdates from before it takes the pending objects
  // until they are written (taken before the ledger and feed locks).
  absl::Mutex flush_run_mutex_;
  absl::Mutex flush_mutex_;
  bool flush_stopping_ ABSL_GUARDED_BY(flush_mutex_) = false;
  std::thread flush_thread_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGINE_H_
