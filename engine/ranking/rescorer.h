// Copyright 2026 The Harrier Authors.
//
// rescorer.h: a background thread that re-scores, every `interval`, each
// feed whose order changes with time (a power-law algorithm) or that has a
// window (members must leave it), with FeedEngine::Rescore.
//
//   Rescorer rescorer(&feeds, {.interval = absl::Minutes(5)});
//   rescorer.Start();
//   ...
//   rescorer.Stop();   // also in the destructor
//
// Feeds with time-invariant algorithms and no window are never re-scored:
// their index is exact after every event. Those with a window are re-scored
// only when a member may have left the window (FeedEngine::MayHoldExpired):
// in the pass after a restart, and then once the oldest member nears the
// window's end, rather than rewriting an unchanged order every interval.
//
// A pass over a large power-law feed costs time in proportion to its
// members. With `max_share` set, a feed whose pass took d is not re-scored
// again for d / max_share (0.05: its passes take at most 5% of one core),
// however short the interval; its readers meanwhile see the last pass's
// order, kept current for every engagement as always.
//
// Thread safety: Start/Stop/RunOnce may be called from any thread; RunOnce
// is what the thread runs (tests call it directly). Ownership: `feeds` is not
// owned and must outlive the Rescorer. Errors of one feed's rescore are
// counted in stats() and do not stop the others.
#ifndef HARRIER_ENGINE_RANKING_RESCORER_H_
#define HARRIER_ENGINE_RANKING_RESCORER_H_

#include <cstdint>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/ranking/feed_engine.h"

namespace harrier::ranking {

class Rescorer {
 public:
  using Clock = absl::Time (*)();
  struct Options {
    absl::Duration interval = absl::Minutes(5);
    Clock clock = &absl::Now;
    // Share of one core a feed's passes may take (see the file comment),
    // in (0, 1]; 0: every interval.
    double max_share = 0;
  };
  struct Stats {
    int64_t runs = 0;
    int64_t feeds_rescored = 0;
    // Passes of time-invariant feeds with a window left out because no
    // member could have left the window (FeedEngine::MayHoldExpired).
    int64_t feeds_skipped = 0;
    // Passes left out because the feed's last pass took longer than
    // max_share allows for the time since.
    int64_t feeds_deferred = 0;
    int64_t errors = 0;
    std::string last_error;
    // Members scored by all passes.
    int64_t members_rescored = 0;
    absl::Duration last_run_time;
    // The longest pause of writers at a flip in the last pass (see
    // RescoreStats::flip_pause), and in any pass since Start.
    absl::Duration last_run_max_flip_pause;
    absl::Duration max_flip_pause;
  };

  Rescorer(FeedEngine* feeds, Options options) : feeds_(feeds), options_(options) {}
  ~Rescorer() { Stop(); }

  Rescorer(const Rescorer&) = delete;
  Rescorer& operator=(const Rescorer&) = delete;

  // Starts the thread (first pass after one interval). No-op when running.
  void Start() ABSL_LOCKS_EXCLUDED(mutex_);
  // Stops and joins the thread; waits for a pass in progress to finish.
  void Stop() ABSL_LOCKS_EXCLUDED(mutex_);

  // One pass over every instance and feed.
  void RunOnce() ABSL_LOCKS_EXCLUDED(mutex_);

  Stats stats() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void Loop();

  FeedEngine* const feeds_;
  const Options options_;
  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  Stats stats_ ABSL_GUARDED_BY(mutex_);
  // Per "instance\nfeed": no pass before this time (max_share).
  absl::flat_hash_map<std::string, absl::Time> not_before_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;  // Touched only by Start/Stop (under start_mutex_).
  absl::Mutex start_mutex_;
};

// Whether Rescorer re-scores `feed`.
bool NeedsRescoring(const FeedDefinition& feed);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_RESCORER_H_
