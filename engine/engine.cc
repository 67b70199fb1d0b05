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
  // Re-scores a crash left pending, then pages reflect every activity.
  for (const std::string& instance : engine->instances_.names()) {
    RETURN_IF_ERROR(engine->feeds_->LoadPending(instance));
  }
  Engine* raw = engine.get();
  engine->feeds_->SetBeforeRead(
      [raw](absl::string_view instance) { return raw->FlushFeedUpdates(instance); });
  if (options.feed_flush_interval > absl::ZeroDuration()) {
    engine->flush_thread_ = std::thread([raw] { raw->FlushLoop(); });
  }
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

// The activities of one IngestMany committed together: their writes in one
// batch, the stripes they hold and, while the group is open, the shared
// ledger lock and the feed write lock. Lock order everywhere: activity
// stripes, ledger mutex, feed write lock, object stripes. The first activity
// of a group takes them in that order, blocking; later ones only try-lock
// their stripes, and a stripe the group holds already (the same or a
// colliding key: the earlier activity's writes are not in the store yet) or
// cannot get at once means: commit the group first. So a group never waits
// while holding locks, and never deadlocks.
class Engine::Group {
 public:
  Group(Engine& engine, absl::string_view instance) : engine_(engine), instance_(instance) {}
  ~Group() { (void)Commit(); }
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  const std::string& instance() const { return instance_; }
  bool empty() const { return activity_stripes_.empty() && !feed_lock_.has_value(); }
  int size() const { return static_cast<int>(pending_.size()); }
  Store::Batch& batch() { return batch_; }
  // Objects whose feed re-score the group's activities deferred.
  std::vector<std::string>& deferred() { return deferred_; }

  // Locks an activity's stripes (its id; an Undo's undone activity's id).
  // In an empty group: blocking, then (with `shared`) the shared ledger and
  // feed locks. Else false when the group must be committed first.
  bool LockActivity(const std::vector<std::string>& keys, bool shared) {
    return Lock(engine_.activity_locks_, keys, &activity_stripes_, [&] {
      if (shared) {
        engine_.ledger_mutex_.ReaderLock();
        feed_lock_.emplace(*engine_.feeds_);
      }
    });
  }

  // Locks the stripes of the objects an activity changes (after
  // LockActivity): blocking when `may_wait` (the group holds nothing but
  // this activity's locks), else only if none is held by the group already
  // and all are free now.
  bool LockObjects(const std::vector<std::string>& keys, bool may_wait) {
    return Lock(engine_.object_locks_, keys, &object_stripes_, [] {}, may_wait);
  }

  // What the group holds, to give back what one activity took.
  struct Mark {
    size_t activity_stripes;
    size_t object_stripes;
    bool shared;
  };
  Mark mark() const {
    return {activity_stripes_.size(), object_stripes_.size(), feed_lock_.has_value()};
  }
  void ReleaseTo(const Mark& mark) {
    while (object_stripes_.size() > mark.object_stripes) {
      engine_.object_locks_.At(object_stripes_.back()).Unlock();
      object_stripes_.pop_back();
    }
    if (!mark.shared && feed_lock_.has_value()) {
      feed_lock_.reset();
      engine_.ledger_mutex_.ReaderUnlock();
    }
    while (activity_stripes_.size() > mark.activity_stripes) {
      engine_.activity_locks_.At(activity_stripes_.back()).Unlock();
      activity_stripes_.pop_back();
    }
  }

  // `result` becomes final (or the write's error) when the group commits.
  void AddPending(absl::StatusOr<IngestResult>* result) { pending_.push_back(result); }

  // Writes the batch and releases every lock; on a write error every pending
  // result becomes that error.
  absl::Status Commit() {
    absl::Status status;
    if (!batch_.empty()) status = engine_.store_->Write(batch_);
    if (!status.ok()) {
      for (absl::StatusOr<IngestResult>* result : pending_) *result = status;
    } else {
      // Before the object locks go: see PendingRescores.
      engine_.feeds_->pending().Add(instance_, deferred_);
    }
    deferred_.clear();
    pending_.clear();
    batch_ = Store::Batch();
    for (auto it = object_stripes_.rbegin(); it != object_stripes_.rend(); ++it) {
      engine_.object_locks_.At(*it).Unlock();
    }
    object_stripes_.clear();
    if (feed_lock_.has_value()) {
      feed_lock_.reset();
      engine_.ledger_mutex_.ReaderUnlock();
    }
    for (auto it = activity_stripes_.rbegin(); it != activity_stripes_.rend(); ++it) {
      engine_.activity_locks_.At(*it).Unlock();
    }
    activity_stripes_.clear();
    return status;
  }

 private:
  template <typename AfterFirst>
  bool Lock(LockStripes& stripes, const std::vector<std::string>& keys,
            std::vector<size_t>* held, AfterFirst after_first, bool may_wait = false) {
    std::vector<size_t> wanted;
    for (const std::string& key : keys) wanted.push_back(stripes.Index(instance_, key));
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    if (empty() || may_wait) {
      for (size_t index : wanted) stripes.At(index).Lock();
      held->insert(held->end(), wanted.begin(), wanted.end());
      after_first();
      return true;
    }
    for (size_t index : wanted) {
      if (std::find(held->begin(), held->end(), index) != held->end()) return false;
    }
    for (size_t i = 0; i < wanted.size(); ++i) {
      if (!stripes.At(wanted[i]).TryLock()) {
        for (size_t j = 0; j < i; ++j) stripes.At(wanted[j]).Unlock();
        return false;
      }
    }
    held->insert(held->end(), wanted.begin(), wanted.end());
    return true;
  }

  Engine& engine_;
  const std::string instance_;
  std::vector<size_t> activity_stripes_;  // in locking order
  std::vector<size_t> object_stripes_;
  std::optional<ranking::FeedEngine::WriteLock> feed_lock_;
  Store::Batch batch_;
  std::vector<std::string> deferred_;
  std::vector<absl::StatusOr<IngestResult>*> pending_;
};

absl::StatusOr<IngestResult> Engine::Ingest(absl::string_view instance,
                                            absl::string_view json,
                                            const v1::ServerHints& hints) {
  return std::move(IngestMany(instance, {{json, &hints}})[0]);
}

std::vector<absl::StatusOr<IngestResult>> Engine::IngestMany(
    absl::string_view instance, const std::vector<IngestItem>& items) {
  std::vector<absl::StatusOr<IngestResult>> results(items.size(), absl::UnknownError(""));
  const absl::Status known = CheckInstance("parent", instance);
  if (!known.ok()) {
    for (auto& result : results) result = known;
    return results;
  }
  const v1::ServerHints no_hints;
  // Passes over the activities not yet ingested: each pass puts into one
  // group what it can and postpones the rest (a conflict with the group, or
  // with an earlier postponed activity, so that activities touching the
  // same keys keep their order). A pass always ingests its first activity.
  // Normalised and decided once, kept while postponed.
  std::vector<std::optional<Prepared>> prepared(items.size());
  std::vector<size_t> pending(items.size());
  for (size_t i = 0; i < items.size(); ++i) pending[i] = i;
  while (!pending.empty()) {
    Group group(*this, instance);
    Postponed postponed;
    std::vector<size_t> next;
    for (size_t i : pending) {
      if (group.size() >= kMaxGroup) (void)group.Commit();
      if (!IngestInto(group, &postponed, items[i].json,
                      items[i].hints != nullptr ? *items[i].hints : no_hints, &prepared[i],
                      &results[i])) {
        next.push_back(i);
      }
    }
    (void)group.Commit();
    pending.swap(next);
  }
  if (feeds_->pending().size() > options_.feed_flush_max_pending) {
    // Slows this caller down rather than letting the backlog grow.
    (void)FlushAllFeedUpdates();
  }
  return results;
}

namespace {

// How moderation changes what feeds see of an activity, and its rank.
struct FeedView {
  const v1::NormalizedActivity* activity;
  v1::NormalizedActivity moderated;  // when delisted or sensitive
  double rank_factor = 1.0;
};

void MakeFeedView(const v1::NormalizedActivity& normalized, const v1::Decision& decision,
                  FeedView* view) {
  // Feeds see the object as moderation left it: delisted means unlisted,
  // marked sensitive (or given a content warning) means sensitive, so each
  // feed's own filters decide.
  view->activity = &normalized;
  const bool delisted = HasAction(decision, v1::DELIST);
  const bool sensitive = HasAction(decision, v1::MARK_SENSITIVE) ||
                         HasAction(decision, v1::CONTENT_WARNING);
  // downrank(f) actions multiply.
  for (const v1::Action& action : decision.actions()) {
    if (action.type() == v1::DOWNRANK && action.factor() > 0) view->rank_factor *= action.factor();
  }
  if (delisted || sensitive) {
    view->moderated = normalized;
    if (delisted && view->moderated.object().visibility() == v1::VISIBILITY_PUBLIC) {
      view->moderated.mutable_object()->set_visibility(v1::VISIBILITY_UNLISTED);
    }
    if (sensitive) view->moderated.mutable_object()->set_sensitive(true);
    view->activity = &view->moderated;
  }
}

}  // namespace

bool Engine::IngestInto(Group& group, Postponed* postponed, absl::string_view json,
                        const v1::ServerHints& hints, std::optional<Prepared>* prepared,
                        absl::StatusOr<IngestResult>* out) {
  if (postponed->barrier) return false;
  const std::string instance(group.instance());
  if (!prepared->has_value()) {
    NormalizeOptions normalize_options;
    normalize_options.max_bytes = options_.max_activity_bytes;
    absl::StatusOr<v1::NormalizedActivity> normalized =
        NormalizeActivity(std::string_view(json.data(), json.size()), normalize_options);
    if (!normalized.ok()) {
      *out = normalized.status();
      return true;
    }
    if (absl::Status valid = keys::ValidateKeyPart("activity_json.id", normalized->id());
        !valid.ok()) {
      *out = valid;
      return true;
    }
    *normalized->mutable_hints() = hints;
    // Moderation is a pure function of the activity: decided before
    // locking (and once, however often the activity is postponed).
    Prepared& ready = prepared->emplace();
    ready.activity = *std::move(normalized);
    ready.now = clock_();
    ready.decision = moderator_.Decide(instance, ready.activity, ready.now);
    ready.decision.set_name(
        absl::StrCat("instances/", instance, "/decisions/", ready.activity.id()));
    ready.decision.set_activity_id(ready.activity.id());
    ready.decision.set_activity_type(ready.activity.type());
    ready.decision.set_actor_host(ready.activity.actor().host());
    SetTimestamp(ready.now, ready.decision.mutable_decide_time());
  }
  v1::NormalizedActivity& activity = (*prepared)->activity;
  const v1::Decision& decision = (*prepared)->decision;
  const absl::Time now = (*prepared)->now;
  const bool rejected = HasAction(decision, v1::REJECT);

  // The activity's id, and an Undo's undone activity's: an Undo and the
  // activity it undoes never run at once (see Ledger::ObjectsTouched). An
  // actor's Delete runs alone, with the ledger locked exclusively.
  std::vector<std::string> activity_keys = {activity.id()};
  if (!activity.inner_id().empty()) activity_keys.push_back(activity.inner_id());
  std::vector<size_t> activity_stripes;
  for (const std::string& key : activity_keys) {
    activity_stripes.push_back(activity_locks_.Index(instance, key));
  }
  auto postpone = [&](const std::vector<size_t>& object_stripes) {
    postponed->activity_stripes.insert(activity_stripes.begin(), activity_stripes.end());
    postponed->object_stripes.insert(object_stripes.begin(), object_stripes.end());
    return false;
  };
  auto touches = [](const absl::flat_hash_set<size_t>& set, const std::vector<size_t>& stripes) {
    for (size_t stripe : stripes) {
      if (set.contains(stripe)) return true;
    }
    return false;
  };
  bool exclusive = !rejected && Ledger::ChangesUnlistedObjects(activity);
  if (exclusive) {
    // After every earlier activity of the call, whatever it touched.
    if (!postponed->empty()) {
      postponed->barrier = true;
      return false;
    }
    (void)group.Commit();
  }
  if (touches(postponed->activity_stripes, activity_stripes)) return postpone({});
  const bool alone = group.empty();
  const Group::Mark mark = group.mark();
  if (!group.LockActivity(activity_keys, /*shared=*/!exclusive)) return postpone({});
  absl::StatusOr<v1::Decision> stored = decisions_.Get(instance, activity.id());
  if (stored.ok()) {
    IngestResult duplicate;
    duplicate.activity_id = activity.id();
    duplicate.activity_type = activity.type();
    duplicate.duplicate = true;
    duplicate.decision = *std::move(stored);
    *out = std::move(duplicate);
    if (exclusive) (void)group.Commit();
    return true;
  }
  if (!absl::IsNotFound(stored.status())) {
    *out = stored.status();
    return true;
  }
  std::optional<v1::NormalizedActivity> undone;
  if (!rejected) {
    absl::StatusOr<std::optional<v1::NormalizedActivity>> read = UndoneActivity(instance, activity);
    if (!read.ok()) {
      *out = read.status();
      return true;
    }
    undone = *std::move(read);
  }
  const v1::NormalizedActivity* undone_ptr = undone.has_value() ? &*undone : nullptr;
  std::vector<std::string> objects;
  std::vector<size_t> object_stripes;
  if (!rejected && !exclusive) {
    absl::StatusOr<std::vector<std::string>> touched =
        ledger_.ObjectsTouched(instance, activity, undone_ptr);
    if (!touched.ok()) {
      *out = touched.status();
      return true;
    }
    objects = *std::move(touched);
    for (const std::string& key : objects) {
      object_stripes.push_back(object_locks_.Index(instance, key));
    }
    if (touches(postponed->object_stripes, object_stripes) ||
        !group.LockObjects(objects, /*may_wait=*/alone)) {
      group.ReleaseTo(mark);
      return postpone(object_stripes);
    }
  }

  IngestResult result;
  result.activity_id = activity.id();
  result.activity_type = activity.type();
  Store::Batch& batch = group.batch();
  const int batch_mark = batch.count();
  std::vector<std::string>& deferred = group.deferred();
  const size_t deferred_mark = deferred.size();
  v1::StoredActivity record;
  record.set_activity_id(activity.id());
  record.set_activity_type(activity.type());
  record.set_activity_json(std::string(json));
  record.set_ingest_time_unix_micros(absl::ToUnixMicros(now));
  *record.mutable_normalized() = std::move(activity);
  *record.mutable_decision() = decision;
  AddRecordWrites(instance, record, now, &batch);
  result.decision = decision;

  // A rejected activity is remembered (and its decision answered again on
  // re-delivery) but changes no object and counts nothing. Otherwise
  // engagement and objects change in the same atomic write as the dedup
  // record: after a crash either both are there or neither.
  absl::Status status;
  if (!rejected && !exclusive) {
    bool redo = false;
    status = ApplyEngagement(instance, record, result.decision, undone_ptr, objects,
                             /*exclusive=*/false, now, &batch, &redo, &deferred);
    if (status.ok() && redo && (!alone || !postponed->empty())) {
      // It changed an object it had not locked (an Update changed what a
      // post replies to meanwhile): again in a later pass, after everything
      // before it.
      batch.Truncate(batch_mark);
      deferred.resize(deferred_mark);
      group.ReleaseTo(mark);
      activity = std::move(*record.mutable_normalized());  // for the next pass
      postponed->barrier = true;
      return postpone(object_stripes);
    }
    if (status.ok() && redo) {
      // The same, with nothing before it: alone, with the ledger
      // exclusively.
      Store::Batch own;
      batch.Truncate(batch_mark);
      deferred.resize(deferred_mark);
      (void)group.Commit();
      exclusive = true;
      ScopedStripeLocks relock(activity_locks_, instance, activity_keys);
      absl::StatusOr<v1::Decision> stored = decisions_.Get(instance, record.activity_id());
      if (stored.ok() || !absl::IsNotFound(stored.status())) {
        // Ingested meanwhile by another call: a duplicate after all.
        if (stored.ok()) {
          result.duplicate = true;
          result.decision = *std::move(stored);
          *out = std::move(result);
        } else {
          *out = stored.status();
        }
        return true;
      }
      AddRecordWrites(instance, record, now, &own);
      status = ApplyExclusive(instance, record, result.decision, now, own);
      if (status.ok()) {
        *out = std::move(result);
      } else {
        *out = status;
      }
      return true;
    }
  } else if (exclusive) {
    // The group is committed and this activity holds only its own stripes.
    Store::Batch own = std::move(batch);
    group.batch() = Store::Batch();
    status = ApplyExclusive(instance, record, result.decision, now, own);
    (void)group.Commit();
    if (status.ok()) {
      *out = std::move(result);
    } else {
      *out = status;
    }
    return true;
  }
  if (!status.ok()) {
    batch.Truncate(batch_mark);
    deferred.resize(deferred_mark);
    *out = status;
    return true;
  }
  *out = std::move(result);
  group.AddPending(out);
  return true;
}

void Engine::AddRecordWrites(absl::string_view instance, const v1::StoredActivity& record,
                             absl::Time now, Store::Batch* batch) {
  for (v1::ReviewItem& item : ReviewItemsFor(record.normalized(), record.decision())) {
    review_.Add(instance, std::move(item), now, batch);
  }
  moderator_.RecordHits(instance, record.decision(), now, batch);
  decisions_.Record(instance, record, batch);
}

absl::StatusOr<std::optional<v1::NormalizedActivity>> Engine::UndoneActivity(
    absl::string_view instance, const v1::NormalizedActivity& activity) const {
  if (activity.type() != "Undo" || activity.inner_id().empty()) {
    return std::optional<v1::NormalizedActivity>();
  }
  absl::StatusOr<v1::StoredActivity> stored = decisions_.GetActivity(instance, activity.inner_id());
  if (absl::IsNotFound(stored.status())) return std::optional<v1::NormalizedActivity>();
  if (!stored.ok()) return stored.status();
  return std::optional<v1::NormalizedActivity>(std::move(*stored->mutable_normalized()));
}

absl::Status Engine::ApplyEngagement(absl::string_view instance,
                                     const v1::StoredActivity& record,
                                     const v1::Decision& decision,
                                     const v1::NormalizedActivity* undone,
                                     const std::vector<std::string>& objects, bool exclusive,
                                     absl::Time now, Store::Batch* batch, bool* redo,
                                     std::vector<std::string>* deferred) {
  *redo = false;
  const v1::NormalizedActivity& normalized = record.normalized();
  const bool held = HasAction(decision, v1::HOLD);
  FeedView view;
  MakeFeedView(normalized, decision, &view);
  const int mark = batch->count();
  const bool is_delete = normalized.type() == "Delete";
  if (is_delete) {
    // Before the ledger drops the author index that finds an actor's posts.
    RETURN_IF_ERROR(feeds_->OnActivity(instance, *view.activity,
                                       std::vector<ranking::CountsUpdate>{}, !held, now,
                                       batch));
  }
  Ledger::CountsAfter counts_after;
  RETURN_IF_ERROR(ledger_.Apply(instance, normalized, record.ingest_time_unix_micros(), held,
                                batch, &counts_after, undone));
  if (!exclusive) {
    for (const auto& [object_id, counts] : counts_after) {
      if (std::find(objects.begin(), objects.end(), object_id) == objects.end()) {
        batch->Truncate(mark);
        *redo = true;
        return absl::OkStatus();
      }
    }
  }
  if (is_delete) return absl::OkStatus();
  // Feeds re-score from the ledger's counts after this activity, in the
  // same batch.
  std::vector<ranking::CountsUpdate> updates;
  for (auto& [object_id, counts] : counts_after) {
    updates.push_back({object_id, std::move(counts)});
  }
  return feeds_->OnActivity(instance, *view.activity, updates, !held, now, batch,
                            view.rank_factor, deferred);
}

absl::Status Engine::ApplyExclusive(absl::string_view instance,
                                    const v1::StoredActivity& record,
                                    const v1::Decision& decision, absl::Time now,
                                    Store::Batch& batch) {
  absl::WriterMutexLock ledger(&ledger_mutex_);
  // The feed write lock keeps a background re-score from publishing a
  // generation between these reads and the write.
  ranking::FeedEngine::WriteLock feed_lock(*feeds_);
  ScopedStripeLocks objects(object_locks_, instance, Ledger::LockKeys(record.normalized()));
  ASSIGN_OR_RETURN(std::optional<v1::NormalizedActivity> undone,
                   UndoneActivity(instance, record.normalized()));
  bool redo = false;
  std::vector<std::string> deferred;
  RETURN_IF_ERROR(ApplyEngagement(instance, record, decision,
                                  undone.has_value() ? &*undone : nullptr, {},
                                  /*exclusive=*/true, now, &batch, &redo, &deferred));
  RETURN_IF_ERROR(store_->Write(batch));
  feeds_->pending().Add(instance, deferred);
  return absl::OkStatus();
}

absl::Status Engine::FlushFeedUpdates(absl::string_view instance) {
  // One flush at a time: a read that finds nothing pending must not pass a
  // flush that has taken objects and not written them yet.
  absl::MutexLock one_at_a_time(&flush_run_mutex_);
  ranking::PendingRescores::Objects objects = feeds_->pending().Take(instance);
  if (objects.empty()) return absl::OkStatus();
  std::vector<std::string> ids;
  ids.reserve(objects.size());
  for (const auto& [id, events] : objects) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  // In chunks, each under the locks an ingest group takes (lock order: the
  // ledger, the feed write lock, object stripes), so ingest goes on between
  // them and no re-score interleaves with a write to the same object.
  absl::Status status;
  size_t done = 0;
  while (done < ids.size() && status.ok()) {
    const size_t end = std::min(ids.size(), done + static_cast<size_t>(kMaxGroup));
    const std::vector<std::string> chunk(ids.begin() + done, ids.begin() + end);
    absl::ReaderMutexLock ledger(&ledger_mutex_);
    ranking::FeedEngine::WriteLock feed_lock(*feeds_);
    ScopedStripeLocks locks(object_locks_, instance, chunk);
    const absl::Time now = clock_();
    Store::Batch batch;
    for (const std::string& id : chunk) {
      absl::StatusOr<storage::EngagementRecord> counts = ledger_.GetEngagement(instance, id);
      status = counts.status();
      if (status.ok()) {
        status = feeds_->ApplyPending(instance, id, *counts, objects[id], now, &batch);
      }
      if (!status.ok()) break;
    }
    if (status.ok()) status = store_->Write(batch);
    if (status.ok()) done = end;
  }
  if (!status.ok()) {
    ranking::PendingRescores::Objects rest;
    for (size_t i = done; i < ids.size(); ++i) rest[ids[i]] = objects[ids[i]];
    feeds_->pending().Restore(instance, rest);
  }
  return status;
}

absl::Status Engine::FlushAllFeedUpdates() {
  absl::Status first;
  for (const std::string& instance : feeds_->pending().Instances()) {
    absl::Status status = FlushFeedUpdates(instance);
    if (first.ok()) first = status;
  }
  return first;
}

void Engine::FlushLoop() {
  absl::MutexLock lock(&flush_mutex_);
  while (!flush_stopping_) {
    flush_mutex_.AwaitWithTimeout(absl::Condition(&flush_stopping_),
                                  options_.feed_flush_interval);
    if (flush_stopping_) break;
    flush_mutex_.Unlock();
    // A failed chunk stays pending for the next round.
    (void)FlushAllFeedUpdates();
    flush_mutex_.Lock();
  }
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
