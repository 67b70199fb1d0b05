// Copyright 2026 The Harrier Authors.
//
// rate_limiter.h: per-instance token buckets for ingestion. Each instance
// has its own bucket (`rate` activities per second, up to `burst` at once),
// so one instance flooding Harrier is slowed down without touching the
// others' throughput.
//
//   RateLimiter limiter(/*rate=*/5000, /*burst=*/10000);
//   absl::Status status = limiter.Acquire("example.social", absl::Now());
//   // RESOURCE_EXHAUSTED "parent: ingest rate limit of 5000/s for instance
//   // 'example.social' exceeded; retry in 0.02 s" when empty.
//
// A rate of 0 disables limiting. Thread safety: thread-safe.
#ifndef HARRIER_SERVICE_RATE_LIMITER_H_
#define HARRIER_SERVICE_RATE_LIMITER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace harrier {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst > 0 ? burst : rate) {}

  // Takes one token from `instance`'s bucket, or answers RESOURCE_EXHAUSTED
  // whose message ends with the seconds to wait ("retry in S s").
  absl::Status Acquire(absl::string_view instance, absl::Time now);

  // Seconds to wait, carried by a RESOURCE_EXHAUSTED status of Acquire as
  // the payload kRetryAfterPayload (0 when absent).
  static double RetryAfterSeconds(const absl::Status& status);
  static constexpr char kRetryAfterPayload[] = "type.harrier.dev/retry_after_seconds";

  bool enabled() const { return rate_ > 0; }

 private:
  struct Bucket {
    double tokens;
    absl::Time last;
  };
  const double rate_;
  const double burst_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_RATE_LIMITER_H_
