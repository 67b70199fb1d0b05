// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_engine.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/storage/keys.h"
#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1750000000);

v1::NormalizedActivity Post(const std::string& id, const std::string& author,
                            absl::Time published, std::vector<std::string> tags = {}) {
  v1::NormalizedActivity activity;
  activity.set_id(id + "/activity");
  activity.set_type("Create");
  activity.mutable_actor()->set_id(author);
  v1::Object* object = activity.mutable_object();
  object->set_id(id);
  object->set_type("Note");
  object->mutable_author()->set_id(author);
  object->mutable_published()->set_seconds(absl::ToUnixSeconds(published));
  for (const std::string& tag : tags) object->add_hashtags(tag);
  return activity;
}

v1::NormalizedActivity Like(const std::string& object_id) {
  v1::NormalizedActivity activity;
  activity.set_id(object_id + "/like");
  activity.set_type("Like");
  activity.mutable_object()->set_id(object_id);
  return activity;
}

storage::EngagementRecord Likes(std::initializer_list<std::pair<const char*, int>> by_host) {
  storage::EngagementRecord record;
  for (const auto& [host, n] : by_host) {
    (*record.mutable_by_host())[host].set_likes(n);
    record.mutable_total()->set_likes(record.total().likes() + n);
  }
  return record;
}

class FeedEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(harrier::testing::NewTempDir("feed_engine"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    engine_ = std::make_unique<FeedEngine>(store_.get(), options_);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
  }

  void SetFeeds(std::vector<FeedDefinition> feeds) {
    auto set = FeedSet::Create(std::move(feeds));
    ASSERT_TRUE(set.ok()) << set.status();
    engine_->registry().Set("i", *set);
  }

  void Apply(const v1::NormalizedActivity& activity,
             const storage::EngagementRecord* counts = nullptr, bool visible = true,
             absl::Time now = kNow) {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    ASSERT_TRUE(engine_->OnActivity("i", activity, counts, visible, now, &batch).ok());
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  std::vector<std::string> Page(const std::string& feed, int size = 100) {
    absl::StatusOr<FeedPage> page = engine_->GetFeed("i", feed, size, "");
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const FeedItem& item : page->items) ids.push_back(item.object_id);
    }
    return ids;
  }

  FeedEngineOptions options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<FeedEngine> engine_;
};

FeedDefinition Feed(const std::string& id, AlgorithmSpec algorithm) {
  FeedDefinition feed;
  feed.id = id;
  feed.algorithm = std::move(algorithm);
  return feed;
}

// A deferred post waits with the answers of the feeds it was matched
// against. Without a loader to match it again, feeds replaced meanwhile keep
// the answers of the old feeds of the same id; a feed new since gets none.
TEST_F(FeedEngineTest, ADeferredPostKeepsItsMatchesWhenFeedsAreReplacedWithoutALoader) {
  auto tagged = [](const std::string& tag) {
    return [tag](const v1::NormalizedActivity& a) {
      return std::find(a.object().hashtags().begin(), a.object().hashtags().end(), tag) !=
             a.object().hashtags().end();
    };
  };
  FeedDefinition art = Feed("art", {"chronological", {}});
  art.include = tagged("art");
  FeedDefinition cats = Feed("cats", {"chronological", {}});
  cats.include = tagged("cats");
  SetFeeds({art, cats});
  std::vector<Deferred> deferred;
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    ASSERT_TRUE(engine_
                    ->OnActivity("i", Post("p1", "alice", kNow, {"art"}),
                                 std::vector<CountsUpdate>{}, /*visible=*/true, kNow, &batch,
                                 1.0, &deferred, /*new_object=*/true)
                    .ok());
    const std::string marker = engine_->AddMarker("i", deferred, &batch);
    ASSERT_TRUE(store_->Write(batch).ok());
    engine_->pending().Add("i", std::move(deferred), marker);
  }
  // Replaced before the flush: "art" now wants cats, "new" wants art.
  FeedDefinition art_now = Feed("art", {"chronological", {}});
  art_now.include = tagged("cats");
  FeedDefinition added = Feed("new", {"chronological", {}});
  added.include = tagged("art");
  SetFeeds({added, art_now});  // not in the old order
  PendingRescores::Taken taken = engine_->pending().Take("i");
  ASSERT_EQ(taken.objects.size(), 1u);
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    ASSERT_TRUE(engine_
                    ->ApplyPending("i", "p1", storage::EngagementRecord(),
                                   taken.objects.at("p1"), kNow, &batch)
                    .ok());
    FeedEngine::DeleteMarkers(taken.markers, &batch);
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  EXPECT_EQ(Page("art"), std::vector<std::string>{"p1"});
  EXPECT_EQ(Page("new"), std::vector<std::string>{});
}

TEST_F(FeedEngineTest, MembershipByPredicateAndWindow) {
  FeedDefinition art = Feed("art", {"chronological", {}});
  art.include = [](const v1::NormalizedActivity& a) {
    for (const std::string& tag : a.object().hashtags()) {
      if (tag == "art") return true;
    }
    return false;
  };
  art.window = absl::Hours(24 * 7);
  SetFeeds({art, Feed("all", {"chronological", {}})});
  Apply(Post("p1", "alice", kNow - absl::Hours(3), {"art"}));
  Apply(Post("p2", "bob", kNow - absl::Hours(1), {"cats"}));
  Apply(Post("p3", "carol", kNow - absl::Hours(2), {"art"}));
  Apply(Post("old", "carol", kNow - absl::Hours(24 * 8), {"art"}));
  EXPECT_EQ(Page("art"), (std::vector<std::string>{"p3", "p1"}));
  EXPECT_EQ(Page("all"), (std::vector<std::string>{"p2", "p3", "p1", "old"}));
  // An Update that drops the hashtag leaves the feed.
  v1::NormalizedActivity update = Post("p1", "alice", kNow - absl::Hours(3), {"sculpture"});
  update.set_type("Update");
  Apply(update);
  EXPECT_EQ(Page("art"), (std::vector<std::string>{"p3"}));
  EXPECT_EQ(engine_->GetFeed("i", "nope", 10, "").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->GetFeed("i", "art", 101, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FeedEngineTest, EngagementUndoAndDeleteChangeTheOrder) {
  SetFeeds({Feed("hot", {"reddit_hot", {}})});
  Apply(Post("a", "alice", kNow - absl::Hours(1)));
  Apply(Post("b", "bob", kNow - absl::Hours(1) + absl::Seconds(1)));
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"b", "a"}));
  storage::EngagementRecord ten = Likes({{"x.example", 6}, {"y.example", 4}});
  Apply(Like("a"), &ten);
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"a", "b"}));
  // Undo of the likes: counts back to zero.
  storage::EngagementRecord none;
  v1::NormalizedActivity undo = Like("a");
  undo.set_type("Undo");
  Apply(undo, &none);
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"b", "a"}));
  v1::NormalizedActivity del;
  del.set_type("Delete");
  del.mutable_actor()->set_id("bob");
  del.mutable_object()->set_id("b");
  Apply(del);
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(engine_->ExplainRanking("i", "hot", "b", kNow).status().code(),
            absl::StatusCode::kNotFound);
}

// A like moves a post in a Reddit-hot feed but not in a chronological one:
// only the first feed's index entry is rewritten (a delete and a put); the
// second keeps its entry as it is.
TEST_F(FeedEngineTest, EngagementThatLeavesTheKeyAloneWritesNoIndexEntry) {
  SetFeeds({Feed("new", {"chronological", {}}), Feed("top", {"reddit_hot", {}})});
  Apply(Post("a", "alice", kNow - absl::Hours(2)));
  Apply(Post("b", "bob", kNow - absl::Hours(1)));
  ASSERT_TRUE(store_->Flush().ok());
  storage::EngagementRecord likes = Likes({{"x.example", 5}});
  Apply(Like("a"), &likes);
  EXPECT_EQ(store_->IntProperty(Family::kFeedIndex, "rocksdb.num-entries-active-mem-table"), 2);
  EXPECT_EQ(Page("new"), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(Page("top"), (std::vector<std::string>{"a", "b"}));
  // The member record still follows the engagement.
  absl::StatusOr<RankingExplanation> explained = engine_->ExplainRanking("i", "new", "a", kNow);
  ASSERT_TRUE(explained.ok()) << explained.status();
  bool saw_likes = false;
  for (const ScoreComponent& component : explained->components) {
    if (component.name == "likes") saw_likes = component.value == 5;
  }
  EXPECT_TRUE(saw_likes);
}

TEST_F(FeedEngineTest, OneHostSendingAThousandLikesIsCapped) {
  FeedDefinition feed = Feed("top", {"best", {}});
  feed.algorithm = {"half_life", {{"half_life_hours", 1000}}};
  feed.weights.per_host_cap = 0.2;
  SetFeeds({feed});
  Apply(Post("brigaded", "alice", kNow));
  Apply(Post("popular", "bob", kNow));
  storage::EngagementRecord brigade = Likes({{"brigade.example", 1000}, {"a.example", 2}});
  Apply(Like("brigaded"), &brigade);
  storage::EngagementRecord broad = Likes({});
  for (int i = 0; i < 30; ++i) {
    (*broad.mutable_by_host())[absl::StrCat("h", i, ".example")].set_likes(1);
  }
  Apply(Like("popular"), &broad);
  EXPECT_EQ(Page("top"), (std::vector<std::string>{"popular", "brigaded"}));
  absl::StatusOr<RankingExplanation> explain =
      engine_->ExplainRanking("i", "top", "brigaded", kNow);
  ASSERT_TRUE(explain.ok()) << explain.status();
  // 1,000 likes capped at the floor of 5; plus 2: 7.
  EXPECT_EQ(explain->components[0].name, "likes");
  EXPECT_DOUBLE_EQ(explain->components[0].value, 7);
  EXPECT_EQ(explain->algorithm, "half_life");
}

TEST_F(FeedEngineTest, HeldObjectsStayOutUntilApproved) {
  SetFeeds({Feed("all", {"chronological", {}})});
  Apply(Post("held", "alice", kNow), nullptr, /*visible=*/false);
  Apply(Post("ok", "bob", kNow - absl::Hours(1)));
  EXPECT_EQ(Page("all"), (std::vector<std::string>{"ok"}));
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    ASSERT_TRUE(engine_->SetHidden("i", "held", false, kNow, &batch).ok());
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  EXPECT_EQ(Page("all"), (std::vector<std::string>{"held", "ok"}));
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    ASSERT_TRUE(engine_->SetHidden("i", "ok", true, kNow, &batch).ok());
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  EXPECT_EQ(Page("all"), (std::vector<std::string>{"held"}));
}

TEST_F(FeedEngineTest, DiversityCapsAnAuthorPerWindowAcrossPages) {
  FeedDefinition feed = Feed("all", {"chronological", {}});
  feed.diversity = {1, 3};
  SetFeeds({feed});
  // Newest first: a1 a2 b1 a3 c1 a4
  Apply(Post("a1", "a", kNow - absl::Minutes(1)));
  Apply(Post("a2", "a", kNow - absl::Minutes(2)));
  Apply(Post("b1", "b", kNow - absl::Minutes(3)));
  Apply(Post("a3", "a", kNow - absl::Minutes(4)));
  Apply(Post("c1", "c", kNow - absl::Minutes(5)));
  Apply(Post("a4", "a", kNow - absl::Minutes(6)));
  // Window 1 (3 items): a1, (a2 skipped), b1, (a3 skipped), c1; window 2: a4.
  std::vector<std::string> ids;
  std::string token;
  do {
    absl::StatusOr<FeedPage> page = engine_->GetFeed("i", "all", 2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const FeedItem& item : page->items) ids.push_back(item.object_id);
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(ids, (std::vector<std::string>{"a1", "b1", "c1", "a4"}));
}

TEST_F(FeedEngineTest, RejectsGarbageTokens) {
  SetFeeds({Feed("all", {"chronological", {}}), Feed("other", {"chronological", {}})});
  for (int i = 0; i < 5; ++i) Apply(Post(absl::StrCat("p", i), "a", kNow - absl::Minutes(i)));
  absl::Status status = engine_->GetFeed("i", "all", 2, "garbage!").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().substr(0, 12), "page_token: ");
  absl::StatusOr<FeedPage> page = engine_->GetFeed("i", "all", 2, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(engine_->GetFeed("i", "other", 2, page->next_page_token).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FeedEngineTest, ExpiredSnapshotContinuesByKeyset) {
  options_.snapshots.max_entries = 1;
  engine_ = std::make_unique<FeedEngine>(store_.get(), options_);
  SetFeeds({Feed("all", {"chronological", {}})});
  for (int i = 0; i < 6; ++i) Apply(Post(absl::StrCat("p", i), "a", kNow - absl::Minutes(i)));
  absl::StatusOr<FeedPage> first = engine_->GetFeed("i", "all", 2, "");
  ASSERT_TRUE(first.ok());
  // Another reader's first page evicts the snapshot (max_entries 1).
  ASSERT_TRUE(engine_->GetFeed("i", "all", 2, "").ok());
  Apply(Post("new", "a", kNow));
  absl::StatusOr<FeedPage> second = engine_->GetFeed("i", "all", 2, first->next_page_token);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].object_id, "p2");
  EXPECT_EQ(second->items[1].object_id, "p3");
}

TEST_F(FeedEngineTest, ScaledDividesByCommunityActivity) {
  SetFeeds({Feed("scaled", {"scaled", {}})});
  v1::NormalizedActivity busy = Post("busy", "a", kNow - absl::Hours(1));
  busy.mutable_object()->set_community("https://lemmy.example/c/busy");
  v1::NormalizedActivity quiet = Post("quiet", "b", kNow - absl::Hours(1));
  quiet.mutable_object()->set_community("https://lemmy.example/c/quiet");
  Apply(busy);
  Apply(quiet);
  storage::EngagementRecord counts = Likes({{"x", 3}});
  for (int i = 0; i < 98; ++i) Apply(Like("busy"), &counts);
  Apply(Like("quiet"), &counts);
  // Equal votes and age; busy has 99 interactions, quiet 2: quiet first.
  EXPECT_EQ(Page("scaled"), (std::vector<std::string>{"quiet", "busy"}));
  absl::StatusOr<RankingExplanation> explained =
      engine_->ExplainRanking("i", "scaled", "busy", kNow);
  ASSERT_TRUE(explained.ok());
  double interactions = -1;
  for (const ScoreComponent& c : explained->components) {
    if (c.name == "community_interactions") interactions = c.value;
  }
  EXPECT_DOUBLE_EQ(interactions, 99);
}

// Acceptance 3: page through 5,000 items while another thread adds
// engagement; the pages hold each item of the snapshot exactly once.
TEST_F(FeedEngineTest, PagingWhileScoresChangeNeitherRepeatsNorSkips) {
  SetFeeds({Feed("hot", {"reddit_hot", {}})});
  constexpr int kItems = 5000;
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    for (int i = 0; i < kItems; ++i) {
      ASSERT_TRUE(engine_
                      ->OnActivity("i", Post(absl::StrCat("p", i), "a",
                                             kNow - absl::Seconds(i * 7)),
                                   nullptr, true, kNow, &batch)
                      .ok());
    }
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> events{0};
  std::thread engager([&] {
    uint64_t x = 88172645463325252ull;
    while (!stop.load()) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const std::string id = absl::StrCat("p", x % kItems);
      storage::EngagementRecord counts =
          Likes({{"h.example", static_cast<int>(x % 5000)}});
      FeedEngine::WriteLock lock(*engine_);
      Store::Batch batch;
      ASSERT_TRUE(engine_->OnActivity("i", Like(id), &counts, true, kNow, &batch).ok());
      ASSERT_TRUE(store_->Write(batch).ok());
      events.fetch_add(1);
    }
  });
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<FeedPage> page = engine_->GetFeed("i", "hot", 37, token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const FeedItem& item : page->items) seen.push_back(item.object_id);
    token = page->next_page_token;
    ++pages;
    if (pages % 20 == 0) absl::SleepFor(absl::Milliseconds(1));
  } while (!token.empty());
  stop = true;
  engager.join();
  EXPECT_GT(events.load(), 0);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(seen.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(unique.size(), static_cast<size_t>(kItems));
  // And the live ranking did change meanwhile.
  EXPECT_NE(Page("hot", 100), std::vector<std::string>(seen.begin(), seen.begin() + 100));
}

TEST_F(FeedEngineTest, RescorePublishesANewGenerationAndExpiresOldMembers) {
  FeedDefinition hot = Feed("hot", {"hot", {}});
  hot.window = absl::Hours(24 * 7);
  SetFeeds({hot});
  // `old` has more votes but ages faster at the rescore time.
  Apply(Post("old", "a", kNow - absl::Hours(10)));
  Apply(Post("new", "b", kNow - absl::Hours(1)));
  Apply(Post("ancient", "c", kNow - absl::Hours(24 * 6)));
  storage::EngagementRecord many = Likes({{"x", 30}});
  storage::EngagementRecord few = Likes({{"x", 5}});
  Apply(Like("old"), &many, true, kNow);
  Apply(Like("new"), &few, true, kNow);
  // At kNow: old = log10(32)/12^1.8 = 1.505/87.7 = 0.0172; new =
  // log10(7)/3^1.8 = 0.845/7.22 = 0.117.
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"new", "old", "ancient"}));
  const absl::Time later = kNow + absl::Hours(24 * 2);
  absl::StatusOr<RescoreStats> stats = engine_->Rescore("i", "hot", later);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->generation, 1u);
  EXPECT_EQ(stats->members, 2);
  EXPECT_EQ(stats->expired, 1);
  // 2 days later: old = log10(32)/(58 + 2)^1.8 = 1.505/1586 = 0.000949,
  // new = log10(7)/(49 + 2)^1.8 = 0.845/1187 = 0.000712: old first.
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"old", "new"}));
  FeedIndex index(store_.get());
  EXPECT_EQ(*index.Count("i", "hot", 0), 0);
  EXPECT_EQ(*index.Count("i", "hot", 1), 2);
  // An event after the flip replaces the right key.
  storage::EngagementRecord more = Likes({{"x", 500}});
  Apply(Like("new"), &more, true, later);
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"new", "old"}));
  EXPECT_EQ(*index.Count("i", "hot", 1), 2);
}

// The re-scorer passes absl::Now(), which has nanoseconds; the generation
// stores its time in microseconds. Members the pass scored must be found
// again by the prediction of a later event, or their old key stays behind
// and the member is listed twice.
TEST_F(FeedEngineTest, RescoreAtASubMicrosecondTimeLeavesOneKeyPerMember) {
  FeedDefinition hot = Feed("hot", {"hot", {}});
  SetFeeds({hot});
  Apply(Post("a", "alice", kNow - absl::Hours(2)));
  Apply(Post("b", "bob", kNow - absl::Hours(1)));
  const absl::Time later = kNow + absl::Minutes(1) + absl::Nanoseconds(417);
  absl::StatusOr<RescoreStats> stats = engine_->Rescore("i", "hot", later);
  ASSERT_TRUE(stats.ok()) << stats.status();
  storage::EngagementRecord likes = Likes({{"x", 50}});
  Apply(Like("a"), &likes, true, later + absl::Seconds(1));
  EXPECT_EQ(Page("hot"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*FeedIndex(store_.get()).Count("i", "hot", stats->generation), 2);
}

// Events racing a rescore end up in the new generation exactly once, with
// the new generation written as a batch or bulk-loaded.
struct RescoreCase {
  int64_t bulk_load_threshold;
  bool rebuild;
  int64_t run_items = 1 << 18;
  // 0: every change is caught up in rounds before the flip, none at it.
  int64_t flip_changes = 1000;
};

class RescoreRaceTest : public FeedEngineTest,
                        public ::testing::WithParamInterface<RescoreCase> {};

TEST_P(RescoreRaceTest, RescoreConcurrentWithEngagementLeavesOneKeyPerMember) {
  options_.bulk_load_threshold = GetParam().bulk_load_threshold;
  options_.rescore_run_items = GetParam().run_items;
  options_.rescore_flip_changes = GetParam().flip_changes;
  const bool rebuild = GetParam().rebuild;
  engine_ = std::make_unique<FeedEngine>(store_.get(), options_);
  SetFeeds({Feed("hot", {"hot", {}})});
  constexpr int kItems = 3000;
  {
    FeedEngine::WriteLock lock(*engine_);
    Store::Batch batch;
    for (int i = 0; i < kItems; ++i) {
      ASSERT_TRUE(engine_
                      ->OnActivity("i", Post(absl::StrCat("p", i), "a",
                                             kNow - absl::Minutes(i)),
                                   nullptr, true, kNow, &batch)
                      .ok());
    }
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  std::atomic<bool> stop{false};
  std::thread engager([&] {
    int n = 0;
    while (!stop.load()) {
      const std::string id = absl::StrCat("p", (n * 7919) % kItems);
      storage::EngagementRecord counts = Likes({{"h", n % 50 + 1}});
      FeedEngine::WriteLock lock(*engine_);
      Store::Batch batch;
      ASSERT_TRUE(engine_->OnActivity("i", Like(id), &counts, true, kNow, &batch).ok());
      ASSERT_TRUE(store_->Write(batch).ok());
      ++n;
    }
  });
  int64_t changed = 0;
  for (int round = 1; round <= 3; ++round) {
    absl::StatusOr<RescoreStats> stats =
        rebuild ? engine_->Rebuild("i", "hot", kNow + absl::Minutes(round))
                : engine_->Rescore("i", "hot", kNow + absl::Minutes(round));
    ASSERT_TRUE(stats.ok()) << stats.status();
    changed += stats->changed_during_rescore;
  }
  stop = true;
  engager.join();
  EXPECT_GT(changed, 0) << "no event raced the re-scores";
  FeedIndex index(store_.get());
  EXPECT_EQ(*index.Count("i", "hot", 3), kItems);
  // Every index key is the one the member record predicts.
  std::set<std::string> ids;
  double previous = std::numeric_limits<double>::infinity();
  int out_of_order = 0;
  ASSERT_TRUE(index
                  .Scan("i", "hot", 3, std::nullopt, "", nullptr,
                        [&](const IndexEntry& e) {
                          ids.insert(e.object_id);
                          if (e.score > previous) ++out_of_order;
                          previous = e.score;
                          return true;
                        })
                  .ok());
  EXPECT_EQ(ids.size(), static_cast<size_t>(kItems));
  // Loaded in several runs (run_items 500), still one descending order.
  EXPECT_EQ(out_of_order, 0);
  // An event on each member after the flips replaces its key: the key the
  // member record predicts is the one the re-score left.
  for (int i = 0; i < kItems; ++i) {
    storage::EngagementRecord counts = Likes({{"h", 100 + i}});
    Apply(Like(absl::StrCat("p", i)), &counts, true, kNow + absl::Minutes(4));
  }
  EXPECT_EQ(*index.Count("i", "hot", 3), kItems);
}

// Many members with the same score (unliked posts published in the same
// second) are ordered by object id, across bulk-loaded runs too.
TEST_F(FeedEngineTest, RescoreOrdersTiedMembersByObjectId) {
  options_.bulk_load_threshold = 0;
  options_.rescore_run_items = 70;
  engine_ = std::make_unique<FeedEngine>(store_.get(), options_);
  SetFeeds({Feed("hot", {"hot", {}})});
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    // Ids whose scan order differs from their creation order.
    const std::string id = absl::StrCat("p", (i * 37) % 200);
    Apply(Post(id, "a", kNow - absl::Hours(1) - absl::Seconds(i % 2)));
    expected.push_back(id);
  }
  // Published one hour ago first (higher score), then one second earlier;
  // within each, by id.
  std::sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
    const int ia = std::stoi(a.substr(1)), ib = std::stoi(b.substr(1));
    const int sa = ((ia * 173) % 200) % 2, sb = ((ib * 173) % 200) % 2;  // 37 * 173 = 1 mod 200
    if (sa != sb) return sa < sb;
    return a < b;
  });
  absl::StatusOr<RescoreStats> stats = engine_->Rescore("i", "hot", kNow + absl::Minutes(1));
  ASSERT_TRUE(stats.ok()) << stats.status();
  std::vector<std::string> listed;
  ASSERT_TRUE(FeedIndex(store_.get())
                  .Scan("i", "hot", stats->generation, std::nullopt, "", nullptr,
                        [&](const IndexEntry& e) {
                          listed.push_back(e.object_id);
                          return true;
                        })
                  .ok());
  EXPECT_EQ(listed, expected);
}

INSTANTIATE_TEST_SUITE_P(
    BatchAndBulkLoad, RescoreRaceTest,
    ::testing::Values(RescoreCase{1 << 30, false}, RescoreCase{0, false},
                      RescoreCase{1 << 30, true}, RescoreCase{0, true},
                      RescoreCase{1 << 30, false, 500}, RescoreCase{0, true, 500},
                      RescoreCase{0, false, 1 << 18, 0}, RescoreCase{0, true, 500, 0}));

TEST_F(FeedEngineTest, RebuildRereadsEngagementWithNewWeights) {
  FeedDefinition top = Feed("top", {"half_life", {}});
  SetFeeds({top});
  Apply(Post("a", "alice", kNow));
  Apply(Post("b", "bob", kNow));
  storage::EngagementRecord likes = Likes({{"x", 3}});
  storage::EngagementRecord boost;
  (*boost.mutable_by_host())["y"].set_boosts(1);
  boost.mutable_total()->set_boosts(1);
  // What the ledger stores (engagement <instance> 0 c 0 <object>).
  Store::Batch ledger;
  ledger.Put(Family::kEngagement, keys::Make("i", {"c", "a"}), likes.SerializeAsString());
  ledger.Put(Family::kEngagement, keys::Make("i", {"c", "b"}), boost.SerializeAsString());
  ASSERT_TRUE(store_->Write(ledger).ok());
  Apply(Like("a"), &likes);
  Apply(Like("b"), &boost);
  EXPECT_EQ(Page("top"), (std::vector<std::string>{"a", "b"}));  // ln 4 > ln 2

  top.weights.boost = 10;
  SetFeeds({top});
  absl::StatusOr<RescoreStats> stats = engine_->Rebuild("i", "top", kNow);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(Page("top"), (std::vector<std::string>{"b", "a"}));  // ln 11 > ln 4
  absl::StatusOr<RankingExplanation> b = engine_->ExplainRanking("i", "top", "b", kNow);
  ASSERT_TRUE(b.ok());
  EXPECT_DOUBLE_EQ(b->components[6].value, 10);  // positive
  // A later event replaces the rebuilt key (no stale duplicate).
  storage::EngagementRecord more = Likes({{"x", 20}});
  Apply(Like("a"), &more);
  EXPECT_EQ(Page("top"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*FeedIndex(store_.get()).Count("i", "top", stats->generation), 2);
}

}  // namespace
}  // namespace harrier::ranking
