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

absl::Time g_clock;
absl::Time Clock() { return g_clock; }

void Post(FeedEngine& feeds, Store& store, const std::string& id, absl::Time published,
          absl::Time now) {
  FeedEngine::WriteLock lock(feeds);
  Store::Batch batch;
  v1::NormalizedActivity post;
  post.set_type("Create");
  post.mutable_object()->set_id(id);
  post.mutable_object()->set_type("Note");
  post.mutable_object()->mutable_published()->set_seconds(absl::ToUnixSeconds(published));
  ASSERT_TRUE(feeds.OnActivity("i", post, nullptr, true, now, &batch).ok());
  ASSERT_TRUE(store.Write(batch).ok());
}

// A feed whose order never changes with time is re-scored only to drop
// members that left its window: not while its oldest member is inside it,
// counting members written since its last pass.
TEST(RescorerTest, SkipsOrderPreservingFeedsUntilAMemberMayLeaveTheWindow) {
  auto store = Store::Open(harrier::testing::NewTempDir("rescorer_skip"), {});
  ASSERT_TRUE(store.ok());
  FeedEngine feeds(store->get());
  FeedDefinition hot, windowed;
  hot.id = "hot";
  hot.algorithm = {"hot", {}};
  windowed.id = "windowed";
  windowed.window = absl::Hours(24);
  feeds.registry().Set("i", *FeedSet::Create({hot, windowed}));
  Post(feeds, **store, "p1", kNow, kNow);
  Rescorer rescorer(&feeds, {absl::Hours(1), &Clock});
  auto ids = [&] {
    std::vector<std::string> out;
    absl::StatusOr<FeedPage> page = feeds.GetFeed("i", "windowed", 10, "");
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    for (const FeedItem& item : page->items) out.push_back(item.object_id);
    return out;
  };

  g_clock = kNow + absl::Hours(1);
  rescorer.RunOnce();  // the oldest member is not known yet: a pass
  EXPECT_EQ(rescorer.stats().feeds_rescored, 2);
  EXPECT_EQ(rescorer.stats().feeds_skipped, 0);
  g_clock = kNow + absl::Hours(2);
  rescorer.RunOnce();  // p1 is 2 h old
  EXPECT_EQ(rescorer.stats().feeds_rescored, 3);  // hot alone
  EXPECT_EQ(rescorer.stats().feeds_skipped, 1);

  // An older post arrives, 22 h old; three hours later it is outside.
  Post(feeds, **store, "p0", kNow - absl::Hours(20), kNow + absl::Hours(2));
  EXPECT_EQ(ids(), (std::vector<std::string>{"p1", "p0"}));
  g_clock = kNow + absl::Hours(5);
  rescorer.RunOnce();
  EXPECT_EQ(rescorer.stats().feeds_skipped, 1);
  EXPECT_EQ(ids(), (std::vector<std::string>{"p1"}));
  g_clock = kNow + absl::Hours(6);
  rescorer.RunOnce();
  EXPECT_EQ(rescorer.stats().feeds_skipped, 2);
  g_clock = kNow + absl::Hours(25);
  rescorer.RunOnce();
  EXPECT_EQ(rescorer.stats().feeds_skipped, 2);
  EXPECT_TRUE(ids().empty());
  EXPECT_EQ(rescorer.stats().errors, 0);
}

// With max_share, a feed is not re-scored again until its last pass's
// duration divided by the share has passed; without it, every interval.
TEST(RescorerTest, MaxShareDefersTheNextPassOfAFeed) {
  for (double share : {0.0, 1e-9}) {
    SCOPED_TRACE(share);
    auto store = Store::Open(harrier::testing::NewTempDir("rescorer"), {});
    ASSERT_TRUE(store.ok());
    FeedEngine feeds(store->get());
    FeedDefinition hot;
    hot.id = "hot";
    hot.algorithm = {"hot", {}};
    feeds.registry().Set("i", *FeedSet::Create({hot}));
    g_clock = kNow;
    Post(feeds, **store, "p", kNow, kNow);
    Rescorer::Options options;
    options.interval = absl::Minutes(1);
    options.clock = &Clock;
    options.max_share = share;
    Rescorer rescorer(&feeds, options);
    rescorer.RunOnce();
    EXPECT_EQ(rescorer.stats().feeds_rescored, 1);
    g_clock += absl::Minutes(1);
    rescorer.RunOnce();
    // A pass takes at least a microsecond: at a share of 1e-9 the next may
    // come 1,000 s later at the earliest.
    EXPECT_EQ(rescorer.stats().feeds_rescored, share == 0 ? 2 : 1);
    EXPECT_EQ(rescorer.stats().feeds_deferred, share == 0 ? 0 : 1);
    // Once that time has passed, the feed is re-scored again.
    g_clock += absl::Hours(24 * 365 * 200);
    rescorer.RunOnce();
    EXPECT_EQ(rescorer.stats().feeds_rescored, share == 0 ? 3 : 2);
    EXPECT_EQ(rescorer.stats().errors, 0);
  }
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
