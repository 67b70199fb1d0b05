// Copyright 2026 The Harrier Authors.
#include "service/rate_limiter.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harrier {

absl::Status RateLimiter::Acquire(absl::string_view instance, absl::Time now) {
  if (rate_ <= 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = buckets_.try_emplace(instance, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.last));
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.last = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return absl::OkStatus();
  }
  const double wait = (1.0 - bucket.tokens) / rate_;
  absl::Status status = absl::ResourceExhaustedError(absl::StrFormat(
      "parent: ingest rate limit of %g/s for instance '%s' exceeded; retry in %.3f s", rate_,
      std::string(instance), wait));
  status.SetPayload(kRetryAfterPayload, absl::Cord(absl::StrFormat("%.6f", wait)));
  return status;
}

double RateLimiter::RetryAfterSeconds(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kRetryAfterPayload);
  double seconds = 0;
  if (!payload.has_value() || !absl::SimpleAtod(std::string(*payload), &seconds)) return 0;
  return seconds;
}

}  // namespace harrier
