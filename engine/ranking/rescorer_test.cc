// Copyright 2026 The Harrier Authors.
#include "engine/ranking/rescorer.h"

#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1750000000);
absl::Time Later() { return kNow + absl::Hours(30); }

TEST(RescorerTest, RescoresOnlyFeedsThatChangeWithTime) {
  auto store = Store::Open(harrier::testing::NewTempDir("rescorer"), {});
  ASSERT_TRUE(store.ok());
  FeedEngine feeds(store->get());
  FeedDefinition hot, chrono, windowed;
  hot.id = "hot";
  hot.algorithm = {"hot", {}};
  chrono.id = "chrono";
  windowed.id = "windowed";
  windowed.window = absl::Hours(24);
  feeds.registry().Set("i", *FeedSet::Create({hot, chrono, windowed}));
  {
    FeedEngine::WriteLock lock(feeds);
    Store::Batch batch;
    v1::NormalizedActivity post;
    post.set_type("Create");
    post.mutable_object()->set_id("p");
    post.mutable_object()->set_type("Note");
    post.mutable_object()->mutable_published()->set_seconds(absl::ToUnixSeconds(kNow));
    ASSERT_TRUE(feeds.OnActivity("i", post, nullptr, true, kNow, &batch).ok());
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  Rescorer rescorer(&feeds, {absl::Hours(1), &Later});
  rescorer.RunOnce();
  Rescorer::Stats stats = rescorer.stats();
  EXPECT_EQ(stats.runs, 1);
  EXPECT_EQ(stats.feeds_rescored, 2);  // hot and windowed.
  EXPECT_EQ(stats.errors, 0);
  // 30 h later the post left the 24 h window.
  EXPECT_TRUE(feeds.GetFeed("i", "windowed", 10, "")->items.empty());
  EXPECT_EQ(feeds.GetFeed("i", "chrono", 10, "")->items.size(), 1u);
}

TEST(RescorerTest, StartsAndStops) {
  auto store = Store::Open(harrier::testing::NewTempDir("rescorer_thread"), {});
  ASSERT_TRUE(store.ok());
  FeedEngine feeds(store->get());
  Rescorer rescorer(&feeds, {absl::Hours(1), &absl::Now});
  rescorer.Start();
  rescorer.Start();
  rescorer.Stop();  // Returns promptly although the interval is an hour.
  rescorer.Stop();
  EXPECT_EQ(rescorer.stats().runs, 0);
}

}  // namespace
}  // namespace harrier::ranking
