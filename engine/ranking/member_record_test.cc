// Copyright 2026 The Harrier Authors.
#include "engine/ranking/member_record.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(MemberRecordTest, SignalsRoundTripThroughTheRecord) {
  RankInputs in;
  in.likes = 1;
  in.boosts = 2;
  in.replies = 3;
  in.quotes = 4;
  in.reactions = 5;
  in.dislikes = 6;
  in.positive = 7;
  in.negative = 8;
  in.community_interactions = 9;
  storage::FeedMemberRecord record;
  SetSignals(in, record.mutable_signals());
  record.set_published_unix_micros(1000000);
  record.set_author_id("alice");
  const absl::Time now = absl::FromUnixSeconds(5);
  RankInputs out = InputsOf(record, now);
  EXPECT_EQ(out.likes + out.boosts + out.replies + out.quotes + out.reactions, 15);
  EXPECT_EQ(out.dislikes, 6);
  EXPECT_EQ(out.positive, 7);
  EXPECT_EQ(out.negative, 8);
  EXPECT_EQ(out.community_interactions, 9);
  EXPECT_EQ(out.published, absl::FromUnixSeconds(1));
  EXPECT_EQ(out.now, now);
  EXPECT_EQ(IndexValueOf(record).author_id(), "alice");
}

TEST(MemberRecordTest, WindowAndRebuildKey) {
  FeedDefinition feed;
  storage::FeedMemberRecord record;
  record.set_published_unix_micros(0);
  EXPECT_FALSE(OutsideWindow(feed, record, absl::FromUnixSeconds(1e9)));  // No window.
  feed.window = absl::Hours(1);
  EXPECT_FALSE(OutsideWindow(feed, record, absl::FromUnixSeconds(3600)));
  EXPECT_TRUE(OutsideWindow(feed, record, absl::FromUnixSeconds(3601)));
  EXPECT_EQ(RebuildKey("i", "f"), std::string("i\0f", 3));
}

}  // namespace
}  // namespace harrier::ranking
