// Copyright 2026 The Harrier Authors.
//
// engine_group.h: Engine::Group, the unit of group commit in IngestMany
// (engine_ingest.cc only; see engine.h for the ordering it guarantees).
#ifndef HARRIER_ENGINE_ENGINE_GROUP_H_
#define HARRIER_ENGINE_ENGINE_GROUP_H_

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace harrier {

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
  // The feed writes the group's activities deferred to the flush.
  std::vector<ranking::Deferred>& deferred() { return deferred_; }
  // The counts records the group's activities changed, cached once the
  // batch is written (Ledger::CacheCounts).
  Ledger::CountsToCache& cached_counts() { return cached_counts_; }
  // The group's decisions, written as one time-index record at commit.
  DecisionIndexBuffer& decision_index() { return decision_index_; }

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
    const std::string marker = engine_.feeds_->AddMarker(instance_, deferred_, &batch_);
    decision_index_.Flush(instance_, &batch_);
    // The engagement records the group changes, in the store or in memory.
    std::vector<size_t> engagement_slots;
    batch_.ForEachKey(Family::kEngagement, [&](std::string_view key) {
      engagement_slots.push_back(Engine::EngagementSlot(absl::string_view(key.data(), key.size())));
    });
    for (const Ledger::CachedCounts& counts : cached_counts_) {
      engagement_slots.push_back(Engine::EngagementSlot(counts.key));
    }
    if (!batch_.empty()) status = engine_.store_->Write(batch_);
    if (!status.ok()) {
      for (absl::StatusOr<IngestResult>* result : pending_) *result = status;
    } else {
      // Before the object locks go: see PendingRescores.
      engine_.ledger_.CacheCounts(std::move(cached_counts_));
      engine_.feeds_->pending().Add(instance_, std::move(deferred_), marker);
    }
    // Before the stripes go: see Engine::Prefetch.
    engine_.StampStripes(engine_.activity_stamps_, activity_stripes_);
    engine_.StampStripes(engine_.object_stamps_, object_stripes_);
    engine_.StampKeys(engagement_slots);
    deferred_.clear();
    cached_counts_.clear();
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
  DecisionIndexBuffer decision_index_;
  std::vector<ranking::Deferred> deferred_;
  Ledger::CountsToCache cached_counts_;
  std::vector<absl::StatusOr<IngestResult>*> pending_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGINE_GROUP_H_
