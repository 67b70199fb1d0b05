// Copyright 2026 The Harrier Authors.
#include "engine/ranking/pending_rescores.h"

#include <memory>
#include <utility>

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

Deferred Event(const std::string& object_id) { return {object_id, nullptr}; }

Deferred Create(const std::string& object_id, const std::string& text, double factor = 1.0,
                bool new_object = true) {
  auto create = std::make_shared<PendingCreate>();
  create->author_id = text;  // tells the Creates apart
  create->rank_factor = factor;
  create->new_object = new_object;
  create->activity_id = "act-" + text;
  return {object_id, std::move(create)};
}

TEST(PendingRescoresTest, CoalescesEventsPerObjectAndInstance) {
  PendingRescores pending;
  EXPECT_EQ(pending.size(), 0u);
  pending.Add("a", {Event("post1"), Event("post2")}, "m1");
  pending.Add("a", {Event("post1")}, "m2");
  pending.Add("b", {Event("post1")}, "m3");
  EXPECT_EQ(pending.size(), 3u);

  PendingRescores::Taken taken = pending.Take("a");
  ASSERT_EQ(taken.objects.size(), 2u);
  EXPECT_EQ(taken.objects["post1"].events, 2);
  EXPECT_EQ(taken.objects["post2"].events, 1);
  EXPECT_EQ(taken.markers, (std::vector<std::string>{"m1", "m2"}));
  EXPECT_FALSE(taken.objects.contains("post3"));
  // Taken means no longer pending; the other instance keeps its own.
  EXPECT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending.Instances(), std::vector<std::string>{"b"});
  EXPECT_TRUE(pending.Take("a").objects.empty());
  PendingRescores::Taken other = pending.Take("b");
  ASSERT_EQ(other.objects.size(), 1u);
  EXPECT_EQ(other.objects["post1"].events, 1);
  EXPECT_EQ(other.markers, std::vector<std::string>{"m3"});
}

TEST(PendingRescoresTest, ACreateAndItsEngagementAreOneEntry) {
  PendingRescores pending;
  pending.Add("a", {Create("post1", "first")}, "m1");
  pending.Add("a", {Event("post1"), Event("post1")}, "m2");
  PendingRescores::Taken taken = pending.Take("a");
  ASSERT_EQ(taken.objects.size(), 1u);
  const PendingRescores::Entry& entry = taken.objects["post1"];
  EXPECT_EQ(entry.events, 2);
  ASSERT_NE(entry.create, nullptr);
  EXPECT_EQ(entry.create->author_id, "first");
  EXPECT_TRUE(entry.create->new_object);
}

TEST(PendingRescoresTest, ALaterUpdateReplacesTheCreateButKeepsItsFactorAndNovelty) {
  PendingRescores pending;
  pending.Add("a", {Create("post1", "first", /*factor=*/0.5)}, "m1");
  pending.Add("a", {Create("post1", "edited", /*factor=*/1.0, /*new_object=*/false)}, "m2");
  PendingRescores::Entry entry = pending.Take("a").objects["post1"];
  ASSERT_NE(entry.create, nullptr);
  EXPECT_EQ(entry.create->author_id, "edited");
  EXPECT_DOUBLE_EQ(entry.create->rank_factor, 0.5);
  EXPECT_TRUE(entry.create->new_object);

  // An Update moderation downranks itself brings its own factor.
  pending.Add("a", {Create("post2", "first", 0.5)}, "m3");
  pending.Add("a", {Create("post2", "edited", 0.25, false)}, "m4");
  EXPECT_DOUBLE_EQ(pending.Take("a").objects["post2"].create->rank_factor, 0.25);
}

TEST(PendingRescoresTest, RestoreAddsBackWhatAFailedFlushTookBeforeLaterEvents) {
  PendingRescores pending;
  pending.Add("a", {Event("post1"), Event("post1"), Create("post2", "first")}, "m1");
  PendingRescores::Taken taken = pending.Take("a");
  // Meanwhile: another event, and an Update of the post being created.
  pending.Add("a", {Event("post1"), Create("post2", "edited", 1.0, false)}, "m2");
  pending.Restore("a", std::move(taken));
  EXPECT_EQ(pending.size(), 2u);
  PendingRescores::Taken again = pending.Take("a");
  EXPECT_EQ(again.objects["post1"].events, 3);
  EXPECT_EQ(again.objects["post2"].create->author_id, "edited");
  // The failed flush may have written the post already: not new any more.
  EXPECT_FALSE(again.objects["post2"].create->new_object);
  EXPECT_EQ(again.markers, (std::vector<std::string>{"m1", "m2"}));
}

}  // namespace
}  // namespace harrier::ranking
