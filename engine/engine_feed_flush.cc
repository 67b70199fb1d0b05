// Copyright 2026 The Harrier Authors.
//
// Engine::FlushFeedUpdates and the background thread that calls it: the
// feed writes deferred by ingest (see ARCHITECTURE.md, "Pending feed
// writes").
#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace harrier {

absl::Status Engine::FlushFeedUpdates(absl::string_view instance) {
  // One flush at a time: a read that finds nothing pending must not pass a
  // flush that has taken objects and not written them yet.
  absl::MutexLock one_at_a_time(&flush_run_mutex_);
  return FlushFeedUpdatesLocked(instance);
}

absl::Status Engine::FlushFeedUpdatesLocked(absl::string_view instance) {
  ranking::PendingRescores::Taken taken = feeds_->pending().Take(instance);
  if (taken.objects.empty() && taken.markers.empty()) return absl::OkStatus();
  std::vector<std::string> ids;
  ids.reserve(taken.objects.size());
  for (const auto& [id, entry] : taken.objects) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  // In chunks, each under the locks an ingest group takes (lock order: the
  // ledger, the feed write lock, object stripes), so ingest goes on between
  // them and no feed write interleaves with a write to the same object. The
  // last chunk deletes the markers: after a crash before it, the markers
  // bring every object back (written again, which changes nothing).
  absl::Status status;
  size_t done = 0;
  bool markers_deleted = false;
  while (status.ok() && !markers_deleted) {
    const size_t end = std::min(ids.size(), done + static_cast<size_t>(kFlushChunk));
    const std::vector<std::string> chunk(ids.begin() + done, ids.begin() + end);
    absl::ReaderMutexLock ledger(&ledger_mutex_);
    ranking::FeedEngine::WriteLock feed_lock(*feeds_);
    ScopedStripeLocks locks(object_locks_, instance, chunk);
    const absl::Time now = clock_();
    Store::Batch batch;
    absl::StatusOr<std::vector<CountsCache::Value>> counts =
        ledger_.GetEngagementMany(instance, chunk);
    status = counts.status();
    for (size_t i = 0; status.ok() && i < chunk.size(); ++i) {
      const CountsCache::Value& record = (*counts)[i];
      status = feeds_->ApplyPending(
          instance, chunk[i],
          record != nullptr ? *record : storage::EngagementRecord::default_instance(),
          taken.objects[chunk[i]], now, &batch);
    }
    // The counts records ingest kept in memory, written once per flush
    // (before the markers that would have them recounted go).
    Ledger::CountsToCache written;
    if (status.ok()) ledger_.WriteCachedCounts(instance, chunk, &batch, &written);
    const bool last = end == ids.size();
    if (status.ok() && last) ranking::FeedEngine::DeleteMarkers(taken.markers, &batch);
    if (status.ok()) status = store_->Write(batch);
    if (status.ok()) {
      ledger_.ForgetCounts(written);
      done = end;
      markers_deleted = last;
    }
  }
  if (!status.ok()) {
    ranking::PendingRescores::Taken rest;
    for (size_t i = done; i < ids.size(); ++i) rest.objects[ids[i]] = taken.objects[ids[i]];
    rest.markers = std::move(taken.markers);
    feeds_->pending().Restore(instance, std::move(rest));
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

}  // namespace harrier
