// Copyright 2026 The Harrier Authors.
#include "service/rate_limiter.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1790000000);

TEST(RateLimiterTest, BurstThenRateAndInstancesAreIndependent) {
  RateLimiter limiter(/*rate=*/10, /*burst=*/5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("a", kT0).ok()) << i;
  absl::Status denied = limiter.Acquire("a", kT0);
  EXPECT_EQ(denied.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NEAR(RateLimiter::RetryAfterSeconds(denied), 0.1, 1e-6);
  EXPECT_EQ(denied.message().substr(0, 8), "parent: ");
  // Another instance has its own bucket.
  EXPECT_TRUE(limiter.Acquire("b", kT0).ok());
  // 0.1 s later one token is back.
  EXPECT_TRUE(limiter.Acquire("a", kT0 + absl::Milliseconds(100)).ok());
  EXPECT_FALSE(limiter.Acquire("a", kT0 + absl::Milliseconds(100)).ok());
  // Never more than the burst, however long the pause.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("a", kT0 + absl::Hours(1)).ok());
  EXPECT_FALSE(limiter.Acquire("a", kT0 + absl::Hours(1)).ok());
}

TEST(RateLimiterTest, ZeroRateDisables) {
  RateLimiter limiter(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Acquire("a", kT0).ok());
  EXPECT_FALSE(limiter.enabled());
}

}  // namespace
}  // namespace harrier
