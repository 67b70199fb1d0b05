// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_definition.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(FeedSetTest, CompilesAndFinds) {
  FeedDefinition art;
  art.id = "art";
  art.algorithm = {"hot", {{"gravity", 1.5}}};
  art.include = [](const v1::NormalizedActivity& a) {
    for (const std::string& tag : a.object().hashtags()) {
      if (tag == "art") return true;
    }
    return false;
  };
  art.exclude = [](const v1::NormalizedActivity& a) { return a.object().sensitive(); };
  auto set = FeedSet::Create({art});
  ASSERT_TRUE(set.ok()) << set.status();
  const FeedDefinition* found = (*set)->Find("art");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->ranker->name(), "hot");
  EXPECT_EQ((*set)->Find("other"), nullptr);

  v1::NormalizedActivity activity;
  activity.mutable_object()->add_hashtags("art");
  EXPECT_TRUE(found->Matches(activity));
  activity.mutable_object()->set_sensitive(true);
  EXPECT_FALSE(found->Matches(activity));
}

// Feeds of one file share one label function: Matching evaluates it once
// per activity, whatever the number of feeds, and each other one once.
TEST(FeedSetTest, MatchingEvaluatesEachSharedLabelFunctionOnce) {
  int first_calls = 0;
  int second_calls = 0;
  auto first = std::make_shared<const LabelFunction>([&first_calls](const v1::NormalizedActivity& a) {
    ++first_calls;
    std::vector<std::string> labels;
    for (const std::string& tag : a.object().hashtags()) labels.push_back("in:" + tag);
    if (a.object().sensitive()) labels.push_back("out:sensitive");
    return labels;
  });
  auto second = std::make_shared<const LabelFunction>([&second_calls](const v1::NormalizedActivity&) {
    ++second_calls;
    return std::vector<std::string>{"in:b"};
  });
  std::vector<FeedDefinition> defs(5);
  const char* ids[] = {"art", "cats", "safe_art", "everything", "b"};
  for (int i = 0; i < 5; ++i) defs[i].id = ids[i];
  defs[0].labels = first;
  defs[0].include_label = "in:art";
  defs[1].labels = first;
  defs[1].include_label = "in:cats";
  defs[2].labels = first;
  defs[2].include_label = "in:art";
  defs[2].exclude_label = "out:sensitive";
  defs[4].labels = second;
  defs[4].include_label = "in:b";
  auto set = FeedSet::Create(std::move(defs));
  ASSERT_TRUE(set.ok()) << set.status();

  v1::NormalizedActivity activity;
  activity.mutable_object()->add_hashtags("art");
  activity.mutable_object()->set_sensitive(true);
  EXPECT_EQ((*set)->Matching(activity), (std::vector<bool>{true, false, false, true, true}));
  EXPECT_EQ(first_calls, 1);
  EXPECT_EQ(second_calls, 1);
  activity.mutable_object()->set_sensitive(false);
  EXPECT_EQ((*set)->Matching(activity), (std::vector<bool>{true, false, true, true, true}));
  EXPECT_EQ(first_calls, 2);
  // One feed on its own gives the same answer.
  EXPECT_TRUE((*set)->Find("safe_art")->Matches(activity));
  EXPECT_FALSE((*set)->Find("cats")->Matches(activity));
}

TEST(FeedSetTest, RejectsBadDefinitionsNamingTheField) {
  FeedDefinition a;
  a.id = "a";
  absl::Status duplicate = FeedSet::Create({a, a}).status();
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(duplicate.message(), "feeds[1].id: duplicate feed 'a'");

  FeedDefinition bad_rank = a;
  bad_rank.algorithm = {"hot", {{"speed", 1}}};
  EXPECT_EQ(FeedSet::Create({bad_rank}).status().message(),
            "feeds[0].rank: hot has no parameter 'speed' (known: gravity, max_age_hours)");

  FeedDefinition bad_cap = a;
  bad_cap.weights.per_host_cap = 0;
  EXPECT_EQ(FeedSet::Create({bad_cap}).status().code(), absl::StatusCode::kInvalidArgument);

  FeedDefinition no_id;
  EXPECT_EQ(FeedSet::Create({no_id}).status().message(), "feeds[0].id: must not be empty");
}

TEST(FeedRegistryTest, SwapsAtomicallyAndOldSetsStayValid) {
  FeedRegistry registry;
  EXPECT_TRUE(registry.Get("x").get()->feeds().empty());
  FeedDefinition a;
  a.id = "a";
  registry.Set("x", *FeedSet::Create({a}));
  std::shared_ptr<const FeedSet> old = registry.Get("x");
  FeedDefinition b;
  b.id = "b";
  registry.Set("x", *FeedSet::Create({b}));
  EXPECT_NE(old->Find("a"), nullptr);  // A reader's copy survives the swap.
  EXPECT_NE(registry.Get("x")->Find("b"), nullptr);
  EXPECT_EQ(registry.Instances(), std::vector<std::string>{"x"});
}

}  // namespace
}  // namespace harrier::ranking
