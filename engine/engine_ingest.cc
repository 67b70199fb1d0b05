// Copyright 2026 The Harrier Authors.
//
// Engine::Ingest and IngestMany: normalise, decide, deduplicate and commit
// activities in groups (engine_group.h); what each activity writes is in
// engine_apply.cc.
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/engine_group.h"
#include "engine/engine_internal.h"
#include "engine/normalize/normalizer.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {

using engine_internal::HasAction;

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
  std::vector<size_t> pending;
  pending.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (Prepare(instance, items[i].json, items[i].hints != nullptr ? *items[i].hints : no_hints,
                &prepared[i], &results[i])) {
      pending.push_back(i);
    }
  }
  Prefetch(instance, pending, &prepared);
  while (!pending.empty()) {
    Group group(*this, instance);
    Postponed postponed;
    std::vector<size_t> next;
    for (size_t i : pending) {
      if (group.size() >= kMaxGroup) (void)group.Commit();
      if (!IngestInto(group, &postponed, items[i].json, &prepared[i], &results[i])) {
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

bool Engine::Prepare(absl::string_view instance_view, absl::string_view json,
                     const v1::ServerHints& hints, std::optional<Prepared>* prepared,
                     absl::StatusOr<IngestResult>* out) {
  const std::string instance(instance_view);
  NormalizeOptions normalize_options;
  normalize_options.max_bytes = options_.max_activity_bytes;
  absl::StatusOr<v1::NormalizedActivity> normalized =
      NormalizeActivity(std::string_view(json.data(), json.size()), normalize_options);
  if (!normalized.ok()) {
    *out = normalized.status();
    return false;
  }
  if (absl::Status valid = keys::ValidateKeyPart("activity_json.id", normalized->id());
      !valid.ok()) {
    *out = valid;
    return false;
  }
  *normalized->mutable_hints() = hints;
  // Moderation is a pure function of the activity: decided before locking
  // (and once, however often the activity is postponed).
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
  return true;
}

void Engine::Prefetch(absl::string_view instance, const std::vector<size_t>& indexes,
                      std::vector<std::optional<Prepared>>* prepared) {
  // One activity reads as cheaply on its own.
  if (indexes.size() < 2) return;
  std::vector<std::string> ids;
  ids.reserve(indexes.size());
  // The ledger's reads, by family: (activity index, read index) of each key.
  struct Wanted {
    std::vector<std::string> keys;
    std::vector<std::pair<size_t, size_t>> where;
  };
  Wanted objects, engagement;
  // Undos and the activities they undo (read as UndoneActivity would).
  std::vector<size_t> undos;
  std::vector<std::string> undone_ids;
  // The stamp is taken before the reads, and before asking which counts
  // records are in memory: a write committed after it stamps its stripe or
  // key later, and IngestInto then reads again. One committed before it is
  // visible to the reads, or its counts record to CountsCached (a group
  // caches its records before it stamps).
  const uint64_t since = commit_stamp_.load();
  for (size_t i : indexes) {
    Prepared& ready = *(*prepared)[i];
    ids.push_back(ready.activity.id());
    if (HasAction(ready.decision, v1::REJECT)) continue;
    if (NamesUndone(ready.activity)) {
      undos.push_back(i);
      undone_ids.push_back(ready.activity.inner_id());
    }
    std::vector<Ledger::ReadAhead> reads;
    Ledger::ReadAheadKeys(instance, ready.activity, &reads);
    for (Ledger::ReadAhead& read : reads) {
      // A counts record in memory is read there (and only there).
      if (read.family == Family::kEngagement && ledger_.CountsCached(read.key)) continue;
      Wanted& wanted = read.family == Family::kObjects ? objects : engagement;
      // The key goes back to its read once read (below).
      wanted.keys.push_back(std::move(read.key));
      wanted.where.emplace_back(i, ready.read_ahead.size());
      ready.read_ahead.push_back({std::move(read), std::nullopt});
    }
  }
  absl::StatusOr<std::vector<bool>> missing = decisions_.Missing(instance, ids);
  for (size_t k = 0; k < indexes.size(); ++k) {
    Prepared& ready = *(*prepared)[indexes[k]];
    ready.absent = missing.ok() && (*missing)[k];
    ready.prefetched_since = since;
  }
  std::vector<size_t> failed;
  // Reads `wanted` and hands each value to its read ahead.
  auto read_into = [&](Family family, Wanted& wanted) {
    if (wanted.keys.empty()) return;
    std::vector<absl::StatusOr<std::string>> values = store_->MultiGet(family, wanted.keys);
    for (size_t k = 0; k < values.size(); ++k) {
      auto [i, r] = wanted.where[k];
      Prepared::ReadValue& value = (*prepared)[i]->read_ahead[r];
      value.read.key = std::move(wanted.keys[k]);
      if (values[k].ok()) {
        value.value = *std::move(values[k]);
      } else if (!absl::IsNotFound(values[k].status())) {
        failed.push_back(i);
      }
    }
  };
  read_into(Family::kObjects, objects);
  read_into(Family::kEngagement, engagement);
  if (!undos.empty()) {
    std::vector<absl::StatusOr<v1::StoredActivity>> stored =
        decisions_.GetActivities(instance, undone_ids);
    for (size_t k = 0; k < undos.size(); ++k) {
      // A failed read leaves the Undo to read under its locks.
      absl::StatusOr<std::optional<v1::NormalizedActivity>> undone =
          UndoneFrom(std::move(stored[k]));
      if (undone.ok()) (*prepared)[undos[k]]->undone = *std::move(undone);
    }
    // Then what the Undo will read of the undone activity: its edges and
    // their objects' counts (ReadAheadKeys of the undone Like, Announce …).
    Wanted undone_reads;
    for (size_t i : undos) {
      Prepared& ready = *(*prepared)[i];
      if (!ready.undone.has_value() || !ready.undone->has_value()) continue;
      std::vector<Ledger::ReadAhead> reads;
      Ledger::ReadAheadKeys(instance, **ready.undone, &reads);
      for (Ledger::ReadAhead& read : reads) {
        if (read.family != Family::kEngagement || ledger_.CountsCached(read.key)) continue;
        // An Undo that embeds its Like named these keys itself.
        if (std::any_of(ready.read_ahead.begin(), ready.read_ahead.end(),
                        [&read](const Prepared::ReadValue& value) {
                          return value.read.key == read.key;
                        })) {
          continue;
        }
        undone_reads.keys.push_back(std::move(read.key));
        undone_reads.where.emplace_back(i, ready.read_ahead.size());
        ready.read_ahead.push_back({std::move(read), std::nullopt});
      }
    }
    read_into(Family::kEngagement, undone_reads);
  }
  // An activity with a failed read reads everything again under its locks.
  for (size_t i : failed) (*prepared)[i]->read_ahead.clear();
}

Ledger::Prefetched Engine::UsablePrefetch(absl::string_view instance, Prepared& prepared,
                                          const std::vector<std::string>& objects) {
  Ledger::Prefetched usable;
  if (prepared.read_ahead.empty() || exclusive_stamp_ > prepared.prefetched_since) {
    prepared.read_ahead.clear();
    return usable;
  }
  for (Prepared::ReadValue& read : prepared.read_ahead) {
    if (std::find(objects.begin(), objects.end(), read.read.object_id) == objects.end()) continue;
    const uint64_t stamp =
        read.read.family == Family::kEngagement
            ? engagement_stamps_[EngagementSlot(read.read.key)].load(std::memory_order_relaxed)
            : object_stamps_[object_locks_.Index(instance, read.read.object_id)];
    if (stamp > prepared.prefetched_since) continue;
    usable.emplace(std::make_pair(static_cast<int>(read.read.family), std::move(read.read.key)),
                   std::move(read.value));
  }
  // Used once: a later pass (the activity redone) reads for itself.
  prepared.read_ahead.clear();
  return usable;
}

absl::StatusOr<std::vector<size_t>> Engine::UnlockedObjectStripes(
    absl::string_view instance, const v1::NormalizedActivity& activity) {
  ASSIGN_OR_RETURN(std::optional<v1::NormalizedActivity> undone,
                   UndoneActivity(instance, activity));
  ASSIGN_OR_RETURN(std::vector<std::string> objects,
                   ledger_.ObjectsTouched(instance, activity, undone.has_value() ? &*undone : nullptr));
  std::vector<size_t> stripes;
  stripes.reserve(objects.size());
  for (const std::string& object : objects) stripes.push_back(object_locks_.Index(instance, object));
  return stripes;
}

void Engine::StampStripes(std::array<uint64_t, LockStripes::size()>& stamps,
                          const std::vector<size_t>& stripes) {
  if (stripes.empty()) return;
  const uint64_t stamp = commit_stamp_.fetch_add(1) + 1;
  for (size_t stripe : stripes) stamps[stripe] = stamp;
}

void Engine::StampKeys(const std::vector<size_t>& slots) {
  if (slots.empty()) return;
  const uint64_t stamp = commit_stamp_.fetch_add(1) + 1;
  for (size_t slot : slots) {
    std::atomic<uint64_t>& stamped = engagement_stamps_[slot];
    uint64_t was = stamped.load(std::memory_order_relaxed);
    while (was < stamp &&
           !stamped.compare_exchange_weak(was, stamp, std::memory_order_relaxed)) {
    }
  }
}

bool Engine::IngestInto(Group& group, Postponed* postponed, absl::string_view json,
                        std::optional<Prepared>* prepared, absl::StatusOr<IngestResult>* out) {
  if (postponed->barrier) return false;
  const std::string instance(group.instance());
  v1::NormalizedActivity& activity = (*prepared)->activity;
  const absl::Time now = (*prepared)->now;
  const bool rejected = HasAction((*prepared)->decision, v1::REJECT);

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
  // Postponed before its objects are locked: the stripes of those it would
  // change still go into `postponed`, or a later activity on one of them
  // (a like after this Undo of the same actor's like) would overtake it.
  // Unknown (a failed read): nothing after it runs in this pass.
  auto postpone_unlocked = [&] {
    if (rejected || exclusive) return postpone({});
    absl::StatusOr<std::vector<size_t>> object_stripes = UnlockedObjectStripes(instance, activity);
    if (!object_stripes.ok()) {
      postponed->barrier = true;
      return postpone({});
    }
    return postpone(*object_stripes);
  };
  if (touches(postponed->activity_stripes, activity_stripes)) return postpone_unlocked();
  const bool alone = group.empty();
  const Group::Mark mark = group.mark();
  if (!group.LockActivity(activity_keys, /*shared=*/!exclusive)) return postpone_unlocked();
  // Absent at the prefetch and no activity of its stripe committed since:
  // still absent (the stripe is locked now).
  const bool known_absent = (*prepared)->absent &&
                            activity_stamps_[activity_stripes[0]] <= (*prepared)->prefetched_since;
  absl::StatusOr<v1::Decision> stored =
      known_absent ? absl::NotFoundError("activity_id") : decisions_.Get(instance, activity.id());
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
  if (!rejected && (*prepared)->undone.has_value() &&
      activity_stamps_[activity_stripes.back()] <= (*prepared)->prefetched_since) {
    // Read ahead, and no activity of the undone one's stripe (locked now)
    // committed since: what the store holds.
    undone = *std::exchange((*prepared)->undone, std::nullopt);
  } else if (!rejected) {
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
  std::vector<ranking::Deferred>& deferred = group.deferred();
  const size_t deferred_mark = deferred.size();
  Ledger::CountsToCache& cached = group.cached_counts();
  const size_t cached_mark = cached.size();
  // This activity's decision joins the group's index record only once its
  // writes are final in the group's batch (at the end): every path that
  // takes them back out drops it with this buffer.
  DecisionIndexBuffer decision_index;
  v1::StoredActivity record;
  record.set_activity_id(activity.id());
  record.set_activity_type(activity.type());
  record.set_ingest_time_unix_micros(absl::ToUnixMicros(now));
  // The activity and its decision move into the record (and the decision
  // on into the result at the end): each is copied only where it is stored.
  *record.mutable_normalized() = std::move(activity);
  *record.mutable_decision() = std::move((*prepared)->decision);
  const v1::Decision& decision = record.decision();
  AddRecordWrites(instance, record, json, now, &batch, &decision_index);

  // A rejected activity is remembered (and its decision answered again on
  // re-delivery) but changes no object and counts nothing. Otherwise
  // engagement and objects change in the same atomic write as the dedup
  // record: after a crash either both are there or neither.
  absl::Status status;
  if (!rejected && !exclusive) {
    bool redo = false;
    Ledger::Prefetched prefetched = UsablePrefetch(instance, **prepared, objects);
    status = ApplyEngagement(instance, record, decision, undone_ptr, objects,
                             /*exclusive=*/false, now, &batch, &redo, &deferred, &cached,
                             &prefetched);
    if (status.ok() && redo && (!alone || !postponed->empty())) {
      // It changed an object it had not locked (an Update changed what a
      // post replies to meanwhile): again in a later pass, after everything
      // before it.
      batch.Truncate(batch_mark);
      deferred.resize(deferred_mark);
      cached.resize(cached_mark);
      group.ReleaseTo(mark);
      // For the next pass.
      activity = std::move(*record.mutable_normalized());
      (*prepared)->decision = std::move(*record.mutable_decision());
      postponed->barrier = true;
      return postpone(object_stripes);
    }
    if (status.ok() && redo) {
      // The same, with nothing before it: alone, with the ledger
      // exclusively.
      Store::Batch own;
      batch.Truncate(batch_mark);
      deferred.resize(deferred_mark);
      cached.resize(cached_mark);
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
      AddRecordWrites(instance, record, json, now, &own);
      status = ApplyExclusive(instance, record, decision, now, own);
      std::vector<size_t> stripes;
      for (const std::string& key : activity_keys) {
        stripes.push_back(activity_locks_.Index(instance, key));
      }
      StampStripes(activity_stamps_, stripes);
      if (status.ok()) {
        result.decision = std::move(*record.mutable_decision());
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
    decision_index.Flush(instance, &own);
    status = ApplyExclusive(instance, record, decision, now, own);
    (void)group.Commit();
    if (status.ok()) {
      result.decision = std::move(*record.mutable_decision());
      *out = std::move(result);
    } else {
      *out = status;
    }
    return true;
  }
  if (!status.ok()) {
    batch.Truncate(batch_mark);
    deferred.resize(deferred_mark);
    cached.resize(cached_mark);
    *out = status;
    return true;
  }
  result.decision = std::move(*record.mutable_decision());
  *out = std::move(result);
  decision_index.MoveTo(&group.decision_index());
  group.AddPending(out);
  return true;
}

}  // namespace harrier
