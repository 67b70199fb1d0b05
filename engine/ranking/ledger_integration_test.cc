// Copyright 2026 The Harrier Authors.
//
// The ledger and the feed engine together, the way the ingest pipeline is
// to use them (acceptance 2 at the engine level): posts, likes, boosts and
// replies from several hosts give the expected order; Undo and Delete change
// it; one host's 1,000 likes are capped.
//
// The pipeline here writes the ledger's batch first and reads the counts
// back; the engine is to pass the counts from the same batch instead (see
// the report: a small Ledger accessor).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/engagement/ledger.h"
#include "engine/ranking/feed_engine.h"
#include "engine/storage/keys.h"
#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1750000000);

v1::NormalizedActivity Activity(const std::string& id, const std::string& type,
                                const std::string& actor, const std::string& object) {
  v1::NormalizedActivity activity;
  activity.set_id(id);
  activity.set_type(type);
  activity.mutable_actor()->set_id(actor);
  activity.mutable_actor()->set_host(actor.substr(8, actor.find('/', 8) - 8));
  activity.mutable_object()->set_id(object);
  return activity;
}

v1::NormalizedActivity Create(const std::string& id, const std::string& actor,
                              const std::string& object, int minutes_ago,
                              const std::string& in_reply_to = "") {
  v1::NormalizedActivity activity = Activity(id, "Create", actor, object);
  activity.mutable_object()->set_type("Note");
  *activity.mutable_object()->mutable_author() = activity.actor();
  activity.mutable_object()->set_in_reply_to(in_reply_to);
  activity.mutable_object()->mutable_published()->set_seconds(
      absl::ToUnixSeconds(kNow - absl::Minutes(minutes_ago)));
  return activity;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(harrier::testing::NewTempDir("pipeline"), {});
    ASSERT_TRUE(store.ok());
    store_ = *std::move(store);
    ledger_ = std::make_unique<Ledger>(store_.get());
    feeds_ = std::make_unique<FeedEngine>(store_.get());
    FeedDefinition top;
    top.id = "top";
    top.algorithm = {"half_life", {{"half_life_hours", 24}}};
    top.weights.like = 1;
    top.weights.boost = 2;
    top.weights.reply = 3;
    top.weights.per_host_cap = 0.2;
    top.exclude = [](const v1::NormalizedActivity& a) {
      return !a.object().in_reply_to().empty();  // Top-level posts only.
    };
    feeds_->registry().Set("i", *FeedSet::Create({top}));
  }

  storage::EngagementRecord CountsOf(const std::string& object_id) {
    storage::EngagementRecord record;
    absl::StatusOr<std::string> bytes =
        store_->Get(Family::kEngagement, keys::Make("i", {"c", object_id}));
    if (bytes.ok()) {
      EXPECT_TRUE(record.ParseFromString(*bytes));
    }
    return record;
  }

  void Ingest(const v1::NormalizedActivity& activity) {
    FeedEngine::WriteLock lock(*feeds_);
    if (activity.type() == "Delete") {  // Before the ledger drops the author index.
      Store::Batch batch;
      ASSERT_TRUE(feeds_->OnActivity("i", activity, {}, true, kNow, &batch).ok());
      ASSERT_TRUE(store_->Write(batch).ok());
    }
    Store::Batch ledger_batch;
    std::vector<std::string> changed;
    ASSERT_TRUE(ledger_->Apply("i", activity, absl::ToUnixMicros(kNow), /*hidden=*/false,
                               &ledger_batch, &changed)
                    .ok());
    ASSERT_TRUE(store_->Write(ledger_batch).ok());
    if (activity.type() == "Delete") return;
    // The ledger reports the activity's own objects first.
    const std::vector<std::string> own = Ledger::LockKeys(activity);
    ASSERT_GE(changed.size(), own.size());
    EXPECT_EQ(std::vector<std::string>(changed.begin(), changed.begin() + own.size()), own);
    // Feeds re-score from the counts the ledger stored.
    std::vector<CountsUpdate> updates;
    for (const std::string& id : changed) {
      updates.push_back({id, std::make_shared<storage::EngagementRecord>(CountsOf(id))});
    }
    Store::Batch batch;
    ASSERT_TRUE(feeds_->OnActivity("i", activity, updates, true, kNow, &batch).ok());
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  std::vector<std::string> Top() {
    absl::StatusOr<FeedPage> page = feeds_->GetFeed("i", "top", 100, "");
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    for (const FeedItem& item : page->items) ids.push_back(item.object_id);
    return ids;
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<FeedEngine> feeds_;
};

TEST_F(PipelineTest, EngagementFromSeveralHostsUndoDeleteAndCaps) {
  const std::string a = "https://a.example/notes/a", b = "https://b.example/notes/b",
                    c = "https://c.example/notes/c";
  Ingest(Create("ca", "https://a.example/u/alice", a, 30));
  Ingest(Create("cb", "https://b.example/u/bob", b, 20));
  Ingest(Create("cc", "https://c.example/u/carol", c, 10));
  EXPECT_EQ(Top(), (std::vector<std::string>{c, b, a}));

  // a: 3 likes from three hosts; b: a boost (2) and a reply (3).
  Ingest(Activity("l1", "Like", "https://x.example/u/1", a));
  Ingest(Activity("l2", "Like", "https://y.example/u/2", a));
  v1::NormalizedActivity like3 = Activity("l3", "Like", "https://z.example/u/3", a);
  Ingest(like3);
  Ingest(Activity("b1", "Announce", "https://x.example/u/1", b));
  Ingest(Create("r1", "https://y.example/u/2", "https://y.example/notes/r1", 5, b));
  // a: ln(1 + 3) + λ·t(-30 min); b: ln(1 + 2 + 3) + λ·t(-20 min);
  // c: ln(1) + λ·t(-10 min), with λ = ln 2 / 24 h.
  EXPECT_EQ(Top(), (std::vector<std::string>{b, a, c}));

  // Undo one like of a (by the Like's id) and the boost of b (by id):
  // a = ln(1 + 2), b = ln(1 + 3) (the reply), c = ln(1): b, a, c
  // (λ·20 min = 0.0096 does not change that).
  v1::NormalizedActivity undo = Activity("u1", "Undo", "https://z.example/u/3", a);
  undo.set_inner_id("l3");
  undo.set_inner_type("Like");
  Ingest(undo);
  v1::NormalizedActivity unboost = Activity("u2", "Undo", "https://x.example/u/1", b);
  unboost.set_inner_id("b1");
  unboost.set_inner_type("Announce");
  Ingest(unboost);
  absl::StatusOr<RankingExplanation> b_now = feeds_->ExplainRanking("i", "top", b, kNow);
  ASSERT_TRUE(b_now.ok());
  EXPECT_DOUBLE_EQ(b_now->components[1].value, 0);  // boosts
  EXPECT_DOUBLE_EQ(b_now->components[2].value, 1);  // replies
  EXPECT_EQ(Top(), (std::vector<std::string>{b, a, c}));

  // 1,000 likes from one host on c: capped at the floor of 5, c = ln(6) =
  // 1.79 > b = ln(4) = 1.39: first, but not by a 1,000-like margin.
  for (int i = 0; i < 1000; ++i) {
    Ingest(Activity(absl::StrCat("brigade", i), "Like",
                    absl::StrCat("https://brigade.example/u/", i), c));
  }
  EXPECT_EQ(Top(), (std::vector<std::string>{c, b, a}));
  absl::StatusOr<RankingExplanation> explained = feeds_->ExplainRanking("i", "top", c, kNow);
  ASSERT_TRUE(explained.ok());
  EXPECT_DOUBLE_EQ(explained->components[0].value, 5);  // likes after the cap

  // Delete removes it.
  Ingest(Activity("d1", "Delete", "https://c.example/u/carol", c));
  EXPECT_EQ(Top(), (std::vector<std::string>{b, a}));
}

}  // namespace
}  // namespace harrier::ranking
