// Copyright 2026 The Harrier Authors.
//
// Engine: opening and closing, reads, review resolution. Ingest is in
// engine_ingest.cc (group commit: engine_group.h) and engine_apply.cc; the
// deferred feed re-scores in engine_feed_flush.cc.
#include "engine/engine.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"

namespace harrier {

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                                     Clock clock) {
  if (!(options.rescore_max_share >= 0 && options.rescore_max_share <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rescore_max_share: must be between 0 and 1, got ", options.rescore_max_share));
  }
  ASSIGN_OR_RETURN(InstanceRegistry instances,
                   InstanceRegistry::LoadFromConfigDir(options.config_dir));
  Store::Options store_options;
  store_options.sync_writes = options.sync_writes;
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                   Store::Open(options.data_dir, store_options));
  std::unique_ptr<Engine> engine(
      new Engine(options, clock, std::move(instances), std::move(store)));
  RETURN_IF_ERROR(engine->moderator_.Load(engine->instances_, options.config_dir, clock()));
  RETURN_IF_ERROR(
      engine->feed_configs_->Load(engine->instances_, options.config_dir, clock()));
  // Feed writes a crash left pending, then pages reflect every activity.
  Engine* raw = engine.get();
  engine->feeds_->SetCreateLoader(
      [raw](absl::string_view instance, absl::string_view activity_id) {
        return raw->StoredCreate(instance, activity_id);
      });
  for (const std::string& instance : engine->instances_.names()) {
    RETURN_IF_ERROR(engine->feeds_->LoadPending(instance));
    // Ingest keeps counts records in memory until the flush: those of the
    // objects the markers name may be stale after a crash.
    ranking::PendingRescores::Taken taken = engine->feeds_->pending().Take(instance);
    std::vector<std::string> objects;
    objects.reserve(taken.objects.size());
    for (const auto& [id, entry] : taken.objects) objects.push_back(id);
    const absl::Status recounted = engine->ledger_.Recount(instance, objects);
    engine->feeds_->pending().Restore(instance, std::move(taken));
    RETURN_IF_ERROR(recounted);
  }
  engine->feeds_->SetBeforeRead(
      [raw](absl::string_view instance) { return raw->FlushFeedUpdates(instance); });
  if (options.feed_flush_interval > absl::ZeroDuration()) {
    engine->flush_thread_ = std::thread([raw] { raw->FlushLoop(); });
  }
  if (options.rescore_interval > absl::ZeroDuration()) {
    ranking::Rescorer::Options rescore;
    rescore.interval = options.rescore_interval;
    rescore.max_share = options.rescore_max_share;
    engine->rescorer_ = std::make_unique<ranking::Rescorer>(engine->feeds_.get(), rescore);
    engine->rescorer_->Start();
  }
  return engine;
}

Engine::Engine(EngineOptions options, Clock clock, InstanceRegistry instances,
               std::unique_ptr<Store> store)
    : options_(std::move(options)),
      clock_(clock),
      instances_(std::move(instances)),
      store_(std::move(store)),
      ledger_(store_.get()),
      decisions_(store_.get()),
      audit_(store_.get()),
      review_(store_.get()),
      moderator_(store_.get(), &audit_),
      feeds_(std::make_unique<ranking::FeedEngine>(store_.get())),
      feed_configs_(std::make_unique<FeedConfigs>(store_.get(), &audit_, feeds_.get())),
      activity_locks_(options_.lock_stripes),
      object_locks_(options_.lock_stripes) {}

Engine::~Engine() {
  if (flush_thread_.joinable()) {
    {
      absl::MutexLock lock(&flush_mutex_);
      flush_stopping_ = true;
    }
    flush_thread_.join();
  }
  // A clean shutdown leaves nothing pending (a crash leaves markers, which
  // Open loads again).
  (void)FlushAllFeedUpdates();
  if (rescorer_ != nullptr) rescorer_->Stop();
  feed_configs_.reset();  // Joins background rebuilds before the feeds go.
}

absl::Status Engine::CheckInstance(absl::string_view field,
                                   absl::string_view instance) const {
  if (!instances_.Contains(instance)) {
    return absl::NotFoundError(
        absl::StrCat(field, ": unknown instance '", instance, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ReviewItem> Engine::ResolveReview(absl::string_view instance, uint64_t id,
                                                     v1::ReviewItem::State resolution,
                                                     absl::string_view note,
                                                     absl::string_view moderator) {
  RETURN_IF_ERROR(CheckInstance("name", instance));
  const absl::Time now = clock_();
  absl::MutexLock lock(&review_.resolve_mutex());
  Store::Batch batch;
  ASSIGN_OR_RETURN(v1::ReviewItem item,
                   review_.Resolve(instance, id, resolution, note, moderator, now, &batch));
  // Approving a held object makes it visible; its stripe is held until the
  // write so a concurrent ingest of the same object sees one or the other.
  // The instance's pending feed writes are flushed first (and no other
  // flush runs until the write), so a held post not yet in its feeds is
  // there, hidden, to be shown, durably in this write.
  std::optional<absl::MutexLock> no_flush;
  std::optional<ranking::FeedEngine::WriteLock> feed_lock;
  std::optional<ScopedStripeLocks> object_lock;
  if (item.reason() == v1::ReviewItem::HELD && resolution == v1::ReviewItem::APPROVED &&
      !item.object_id().empty()) {
    no_flush.emplace(&flush_run_mutex_);
    RETURN_IF_ERROR(FlushFeedUpdatesLocked(instance));
    feed_lock.emplace(*feeds_);
    object_lock.emplace(object_locks_, instance, std::vector<std::string>{item.object_id()});
    absl::Status shown = ledger_.SetHidden(instance, item.object_id(), false, &batch);
    if (!shown.ok() && !absl::IsNotFound(shown)) return shown;
    RETURN_IF_ERROR(feeds_->SetHidden(instance, item.object_id(), false, now, &batch));
  }
  audit_.Record(instance, moderator, "review.resolve", item.name(),
                absl::StrCat(v1::ReviewItem::State_Name(resolution), ": ", note), now, &batch);
  const absl::Status written = store_->Write(batch);
  if (object_lock.has_value()) {
    // The ledger's object record changed (see Prefetch).
    StampStripes(object_stamps_, {object_locks_.Index(instance, item.object_id())});
  }
  RETURN_IF_ERROR(written);
  return item;
}

absl::StatusOr<v1::StoredActivity> Engine::GetActivity(
    absl::string_view instance, absl::string_view activity_id) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  RETURN_IF_ERROR(keys::ValidateKeyPart("activity_id", activity_id));
  return decisions_.GetActivity(instance, activity_id);
}

absl::StatusOr<v1::StoredObject> Engine::GetObject(absl::string_view instance,
                                                   absl::string_view object_id) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  RETURN_IF_ERROR(keys::ValidateKeyPart("object_id", object_id));
  std::string object_activity;
  ASSIGN_OR_RETURN(v1::StoredObject stored,
                   ledger_.GetObject(instance, object_id, &object_activity));
  if (object_activity.empty()) return stored;
  // The whole object, from the activity that created or last updated it
  // (its author falls back to the activity's actor, as the ledger's does).
  ASSIGN_OR_RETURN(v1::StoredActivity activity, decisions_.GetActivity(instance, object_activity));
  v1::NormalizedActivity& normalized = *activity.mutable_normalized();
  if (normalized.object().id() != object_id) return stored;  // not derivable: what the ledger has
  v1::Actor author = stored.object().author();
  stored.mutable_object()->Swap(normalized.mutable_object());
  *stored.mutable_object()->mutable_author() = std::move(author);
  return stored;
}

}  // namespace harrier
