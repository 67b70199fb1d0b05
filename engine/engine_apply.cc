// Copyright 2026 The Harrier Authors.
//
// What an ingested activity writes besides its record: review items, rule
// hits, the ledger's engagement and the feeds (deferred re-scores included).
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/status_macros.h"

namespace harrier {
namespace {

using engine_internal::HasAction;

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

void Engine::AddRecordWrites(absl::string_view instance, const v1::StoredActivity& record,
                             absl::string_view json, absl::Time now, Store::Batch* batch,
                             DecisionIndexBuffer* decision_index) {
  for (v1::ReviewItem& item : ReviewItemsFor(record.normalized(), record.decision())) {
    review_.Add(instance, std::move(item), now, batch);
  }
  moderator_.RecordHits(instance, record.decision(), now, batch);
  decisions_.Record(instance, record, json, batch, decision_index);
}

bool Engine::NamesUndone(const v1::NormalizedActivity& activity) {
  return activity.type() == "Undo" && !activity.inner_id().empty();
}

absl::StatusOr<std::optional<v1::NormalizedActivity>> Engine::UndoneFrom(
    absl::StatusOr<v1::StoredActivity> stored) {
  if (absl::IsNotFound(stored.status())) return std::optional<v1::NormalizedActivity>();
  if (!stored.ok()) return stored.status();
  return std::optional<v1::NormalizedActivity>(std::move(*stored->mutable_normalized()));
}

absl::StatusOr<std::optional<v1::NormalizedActivity>> Engine::UndoneActivity(
    absl::string_view instance, const v1::NormalizedActivity& activity) const {
  if (!NamesUndone(activity)) return std::optional<v1::NormalizedActivity>();
  return UndoneFrom(decisions_.GetActivity(instance, activity.inner_id()));
}

absl::Status Engine::ApplyEngagement(absl::string_view instance,
                                     const v1::StoredActivity& record,
                                     const v1::Decision& decision,
                                     const v1::NormalizedActivity* undone,
                                     const std::vector<std::string>& objects, bool exclusive,
                                     absl::Time now, Store::Batch* batch, bool* redo,
                                     std::vector<ranking::Deferred>* deferred,
                                     Ledger::CountsToCache* cached,
                                     Ledger::Prefetched* prefetched) {
  *redo = false;
  const size_t deferred_mark = deferred->size();
  const size_t cached_mark = cached->size();
  // Every object whose counts record stays in memory is named by the
  // pending marker written with the batch: after a crash it is recounted
  // from its edges (Engine::Open).
  auto defer_cached = [&] {
    for (size_t i = cached_mark; i < cached->size(); ++i) {
      const std::string& id = (*cached)[i].object_id;
      const bool named =
          std::any_of(deferred->begin() + deferred_mark, deferred->end(),
                      [&id](const ranking::Deferred& item) { return item.object_id == id; });
      if (!named) deferred->push_back({id, nullptr, /*counts_only=*/true});
    }
  };
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
  std::vector<std::string> changed;
  bool new_object = false;
  RETURN_IF_ERROR(ledger_.Apply(instance, normalized, record.ingest_time_unix_micros(), held,
                                batch, &changed, undone, &new_object, prefetched, cached));
  if (!exclusive) {
    for (const std::string& object_id : changed) {
      if (std::find(objects.begin(), objects.end(), object_id) == objects.end()) {
        batch->Truncate(mark);
        deferred->resize(deferred_mark);
        cached->resize(cached_mark);
        *redo = true;
        return absl::OkStatus();
      }
    }
  }
  if (is_delete) {
    defer_cached();
    return absl::OkStatus();
  }
  // Deferred: the feed flush re-scores each changed object from its counts
  // then.
  std::vector<ranking::CountsUpdate> updates;
  updates.reserve(changed.size());
  for (std::string& object_id : changed) {
    updates.push_back({std::move(object_id), nullptr});
  }
  RETURN_IF_ERROR(feeds_->OnActivity(instance, *view.activity, updates, !held, now, batch,
                                     view.rank_factor, deferred, new_object));
  defer_cached();
  return absl::OkStatus();
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
  std::vector<ranking::Deferred> deferred;
  Ledger::CountsToCache cached;
  RETURN_IF_ERROR(ApplyEngagement(instance, record, decision,
                                  undone.has_value() ? &*undone : nullptr, {},
                                  /*exclusive=*/true, now, &batch, &redo, &deferred, &cached));
  const std::string marker = feeds_->AddMarker(instance, deferred, &batch);
  const absl::Status written = store_->Write(batch);
  // Whatever it changed, reads made ahead of it are stale (see Prefetch).
  exclusive_stamp_ = commit_stamp_.fetch_add(1) + 1;
  RETURN_IF_ERROR(written);
  ledger_.CacheCounts(std::move(cached));
  feeds_->pending().Add(instance, std::move(deferred), marker);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<ranking::PendingCreate>> Engine::StoredCreate(
    absl::string_view instance, absl::string_view activity_id) const {
  absl::StatusOr<v1::StoredActivity> stored = decisions_.GetActivity(instance, activity_id);
  if (absl::IsNotFound(stored.status())) return std::shared_ptr<ranking::PendingCreate>();
  if (!stored.ok()) return stored.status();
  FeedView view;
  MakeFeedView(stored->normalized(), stored->decision(), &view);
  return ranking::FeedEngine::MakeCreate(
      feeds_->registry().Get(instance), *view.activity, view.rank_factor,
      /*visible=*/!HasAction(stored->decision(), v1::HOLD),
      absl::FromUnixMicros(stored->ingest_time_unix_micros()), /*new_object=*/false);
}

}  // namespace harrier
