// Copyright 2026 The Harrier Authors.
#include "engine/ranking/rescorer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

// gperftools' tcmalloc (harrierd links it; see service/BUILD), when present.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace harrier::ranking {

bool NeedsRescoring(const FeedDefinition& feed) {
  return !feed.ranker->time_invariant() || feed.window > absl::ZeroDuration();
}

void Rescorer::Start() {
  absl::MutexLock start(&start_mutex_);
  if (thread_.joinable()) return;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Rescorer::Stop() {
  absl::MutexLock start(&start_mutex_);
  if (!thread_.joinable()) return;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void Rescorer::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return stopping_; };
      mutex_.AwaitWithTimeout(absl::Condition(&stopping), options_.interval);
      if (stopping_) return;
    }
    RunOnce();
  }
}

void Rescorer::RunOnce() {
  const absl::Time started = absl::Now();
  int64_t rescored = 0, skipped = 0, deferred = 0, errors = 0, members = 0;
  const bool bounded = options_.max_share > 0;
  absl::Duration max_pause;
  std::string last_error;
  for (const std::string& instance : feeds_->registry().Instances()) {
    std::shared_ptr<const FeedSet> set = feeds_->registry().Get(instance);
    for (const FeedDefinition& feed : set->feeds()) {
      if (!NeedsRescoring(feed)) continue;
      const absl::Time now = options_.clock();
      // The same order, and no member old enough to leave: nothing to do.
      if (feed.ranker->time_invariant() && !feeds_->MayHoldExpired(instance, feed, now)) {
        ++skipped;
        continue;
      }
      const std::string key = bounded ? absl::StrCat(instance, "\n", feed.id) : "";
      if (bounded) {
        absl::MutexLock lock(&mutex_);
        auto it = not_before_.find(key);
        if (it != not_before_.end() && now < it->second) {
          ++deferred;
          continue;
        }
      }
      absl::StatusOr<RescoreStats> result = feeds_->Rescore(instance, feed.id, now);
      if (result.ok()) {
        if (bounded) {
          absl::MutexLock lock(&mutex_);
          not_before_[key] = now + result->elapsed / options_.max_share;
        }
        ++rescored;
        members += result->members;
        max_pause = std::max(max_pause, result->flip_pause);
      } else {
        ++errors;
        last_error = result.status().ToString();
      }
    }
  }
  // A round's working set (the members of the largest feed) is freed now;
  // hand it back to the system rather than keep it cached until the next
  // round, so the server's resident memory does not sit at its peak.
  if (MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();
  absl::MutexLock lock(&mutex_);
  ++stats_.runs;
  stats_.feeds_rescored += rescored;
  stats_.feeds_skipped += skipped;
  stats_.feeds_deferred += deferred;
  stats_.errors += errors;
  stats_.members_rescored += members;
  stats_.last_run_max_flip_pause = max_pause;
  stats_.max_flip_pause = std::max(stats_.max_flip_pause, max_pause);
  if (!last_error.empty()) stats_.last_error = std::move(last_error);
  stats_.last_run_time = absl::Now() - started;
}

Rescorer::Stats Rescorer::stats() const {
  absl::MutexLock lock(&mutex_);
  return stats_;
}

}  // namespace harrier::ranking
