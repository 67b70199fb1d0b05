// Copyright 2026 The Harrier Authors.
#include "engine/engine.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/normalize/normalizer.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

bool HasAction(const v1::Decision& decision, v1::ActionType type) {
  for (const v1::Action& action : decision.actions()) {
    if (action.type() == type) return true;
  }
  return false;
}

// The review items a decision calls for: held or flagged by rules, and
// incoming reports (Flag activities) unless a rule drops them.
std::vector<v1::ReviewItem> ReviewItemsFor(const v1::NormalizedActivity& activity,
                                           const v1::Decision& decision) {
  std::vector<v1::ReviewItem> items;
  auto base = [&](v1::ReviewItem::Reason reason) {
    v1::ReviewItem item;
    item.set_reason(reason);
    item.set_activity_id(activity.id());
    item.set_object_id(activity.object().id());
    item.set_actor_id(activity.actor().id());
    for (const v1::Explanation& e : decision.explanations()) item.add_rule_ids(e.rule_id());
    return item;
  };
  if (activity.type() == "Flag" && !HasAction(decision, v1::DROP_REPORT) &&
      !HasAction(decision, v1::REJECT)) {
    v1::ReviewItem report = base(v1::ReviewItem::REPORT);
    report.set_reporter(activity.actor().id());
    for (const std::string& id : activity.reported_ids()) report.add_reported_ids(id);
    report.set_comment(activity.object().text());
    items.push_back(std::move(report));
  }
  if (HasAction(decision, v1::REJECT)) return items;
  if (HasAction(decision, v1::HOLD)) items.push_back(base(v1::ReviewItem::HELD));
  std::vector<std::string> categories;
  for (const v1::Action& action : decision.actions()) {
    if (action.type() == v1::FLAG) categories.push_back(action.argument());
  }
  if (!categories.empty()) {
    v1::ReviewItem flagged = base(v1::ReviewItem::FLAGGED);
    for (const std::string& c : categories) flagged.add_categories(c);
    items.push_back(std::move(flagged));
  }
  return items;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                                     Clock clock) {
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
  if (options.rescore_interval > absl::ZeroDuration()) {
    ranking::Rescorer::Options rescore;
    rescore.interval = options.rescore_interval;
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
      feed_configs_(std::make_unique<FeedConfigs>(store_.get(), &audit_, feeds_.get())) {}

Engine::~Engine() {
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

absl::StatusOr<IngestResult> Engine::Ingest(absl::string_view instance,
                                            absl::string_view json,
                                            const v1::ServerHints& hints) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  NormalizeOptions normalize_options;
  normalize_options.max_bytes = options_.max_activity_bytes;
  ASSIGN_OR_RETURN(v1::NormalizedActivity activity,
                   NormalizeActivity(std::string_view(json.data(), json.size()),
                                     normalize_options));
  RETURN_IF_ERROR(keys::ValidateKeyPart("activity_json.id", activity.id()));
  *activity.mutable_hints() = hints;

  // The activity's id, and an Undo's undone activity's: an Undo and the
  // activity it undoes never run at once (see Ledger::ObjectsTouched).
  std::vector<std::string> activity_keys = {activity.id()};
  if (!activity.inner_id().empty()) activity_keys.push_back(activity.inner_id());
  ScopedStripeLocks activity_lock(activity_locks_, instance, activity_keys);

  IngestResult result;
  result.activity_id = activity.id();
  result.activity_type = activity.type();
  absl::StatusOr<v1::Decision> stored = decisions_.Get(instance, activity.id());
  if (stored.ok()) {
    result.duplicate = true;
    result.decision = *std::move(stored);
    return result;
  }
  if (!absl::IsNotFound(stored.status())) return stored.status();

  const absl::Time now = clock_();
  v1::Decision decision = moderator_.Decide(instance, activity, now);
  decision.set_name(absl::StrCat("instances/", instance, "/decisions/", activity.id()));
  decision.set_activity_id(activity.id());
  decision.set_activity_type(activity.type());
  decision.set_actor_host(activity.actor().host());
  SetTimestamp(now, decision.mutable_decide_time());

  Store::Batch batch;
  for (v1::ReviewItem& item : ReviewItemsFor(activity, decision)) {
    review_.Add(instance, std::move(item), now, &batch);
  }
  moderator_.RecordHits(instance, decision, now, &batch);
  const bool rejected = HasAction(decision, v1::REJECT);
  const bool held = HasAction(decision, v1::HOLD);

  v1::StoredActivity record;
  record.set_activity_id(activity.id());
  record.set_activity_type(activity.type());
  record.set_activity_json(std::string(json));
  record.set_ingest_time_unix_micros(absl::ToUnixMicros(now));
  *record.mutable_normalized() = std::move(activity);
  *record.mutable_decision() = decision;
  decisions_.Record(instance, record, &batch);
  result.decision = std::move(decision);
  if (rejected) {
    // A rejected activity is remembered (and its decision answered again on
    // re-delivery) but changes no object and counts nothing.
    RETURN_IF_ERROR(store_->Write(batch));
    return result;
  }

  // Engagement and objects change in the same atomic batch as the dedup
  // record: after a crash either both are there or neither. Updates that
  // cannot name every object they touch (an actor's Delete, an Undo known
  // only by id) run alone.
  const v1::NormalizedActivity& normalized = record.normalized();
  // Feeds see the object as moderation left it: delisted means unlisted,
  // marked sensitive (or given a content warning) means sensitive, so each
  // feed's own filters decide.
  v1::NormalizedActivity moderated_view;
  const v1::NormalizedActivity* feed_view = &normalized;
  const bool delisted = HasAction(result.decision, v1::DELIST);
  const bool sensitive = HasAction(result.decision, v1::MARK_SENSITIVE) ||
                         HasAction(result.decision, v1::CONTENT_WARNING);
  // downrank(f) actions multiply.
  double rank_factor = 1.0;
  for (const v1::Action& action : result.decision.actions()) {
    if (action.type() == v1::DOWNRANK && action.factor() > 0) rank_factor *= action.factor();
  }
  if (delisted || sensitive) {
    moderated_view = normalized;
    if (delisted && moderated_view.object().visibility() == v1::VISIBILITY_PUBLIC) {
      moderated_view.mutable_object()->set_visibility(v1::VISIBILITY_UNLISTED);
    }
    if (sensitive) moderated_view.mutable_object()->set_sensitive(true);
    feed_view = &moderated_view;
  }
  // Ledger updates lock the stripes of the objects they change and run in
  // parallel; an actor's Delete (every object they wrote) runs alone, as
  // does an update that turned out to change an object it had not locked.
  const bool actor_delete = Ledger::ChangesUnlistedObjects(normalized);
  std::vector<std::string> objects = Ledger::LockKeys(normalized);
  if (!actor_delete) {
    ASSIGN_OR_RETURN(objects, ledger_.ObjectsTouched(instance, normalized));
  }
  const int batch_before_ledger = batch.count();
  absl::Status status;
  for (bool exclusive = actor_delete;; exclusive = true) {
    if (exclusive) {
      ledger_mutex_.WriterLock();
    } else {
      ledger_mutex_.ReaderLock();
    }
    bool redo = false;
    {
      // Feeds re-score from the ledger's counts after this activity, in the
      // same batch; the feed write lock keeps a background re-score from
      // publishing a generation in between.
      ranking::FeedEngine::WriteLock feed_lock(*feeds_);
      ScopedStripeLocks object_lock(object_locks_, instance, objects);
      const bool is_delete = normalized.type() == "Delete";
      if (is_delete) {
        // Before the ledger drops the author index that finds an actor's posts.
        status = feeds_->OnActivity(instance, *feed_view,
                                    std::vector<ranking::CountsUpdate>{}, !held, now, &batch);
      }
      Ledger::CountsAfter counts_after;
      if (status.ok()) {
        status = ledger_.Apply(instance, normalized, record.ingest_time_unix_micros(), held,
                               &batch, &counts_after);
      }
      if (status.ok() && !exclusive) {
        for (const auto& [object_id, counts] : counts_after) {
          if (std::find(objects.begin(), objects.end(), object_id) == objects.end()) {
            redo = true;
          }
        }
      }
      if (status.ok() && !redo && !is_delete) {
        std::vector<ranking::CountsUpdate> updates;
        for (auto& [object_id, counts] : counts_after) {
          updates.push_back({object_id, std::move(counts)});
        }
        status = feeds_->OnActivity(instance, *feed_view, updates, !held, now, &batch,
                                    rank_factor);
      }
      if (status.ok() && !redo) status = store_->Write(batch);
    }
    if (exclusive) {
      ledger_mutex_.WriterUnlock();
    } else {
      ledger_mutex_.ReaderUnlock();
    }
    if (!redo) break;
    batch.Truncate(batch_before_ledger);
  }
  RETURN_IF_ERROR(status);
  return result;
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
  std::optional<ranking::FeedEngine::WriteLock> feed_lock;
  std::optional<ScopedStripeLocks> object_lock;
  if (item.reason() == v1::ReviewItem::HELD && resolution == v1::ReviewItem::APPROVED &&
      !item.object_id().empty()) {
    feed_lock.emplace(*feeds_);
    object_lock.emplace(object_locks_, instance, std::vector<std::string>{item.object_id()});
    absl::Status shown = ledger_.SetHidden(instance, item.object_id(), false, &batch);
    if (!shown.ok() && !absl::IsNotFound(shown)) return shown;
    RETURN_IF_ERROR(feeds_->SetHidden(instance, item.object_id(), false, now, &batch));
  }
  audit_.Record(instance, moderator, "review.resolve", item.name(),
                absl::StrCat(v1::ReviewItem::State_Name(resolution), ": ", note), now, &batch);
  RETURN_IF_ERROR(store_->Write(batch));
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
  return ledger_.GetObject(instance, object_id);
}

}  // namespace harrier
