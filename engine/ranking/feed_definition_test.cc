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
