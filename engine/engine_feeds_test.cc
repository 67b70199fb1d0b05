// Copyright 2026 The Harrier Authors.
//
// Feeds through the whole ingest path: posts and engagement as servers send
// them rank in the engine's feeds; rejected posts never appear; held posts
// appear only once a moderator approves them; deletes leave the feed.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/ranking/feed_index.h"
#include "engine/testing/temp_dir.h"
#include "engine/testing/test_engine.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

constexpr char kRules[] = R"(rule hold_later { when object.text contains "later" then hold }
rule no_spam { when object.text contains "spam" then reject }
rule quiet { when object.text contains "quietly" then delist }
rule nsfw { when object.text contains "gore" then mark_sensitive }
rule meh { when object.text contains "meh" then downrank(0.1) }
)";

std::string Post(int n, const std::string& text, const std::string& tag = "art") {
  return absl::StrCat(R"({"id":"https://a.example/create/)", n,
                      R"(","type":"Create","actor":"https://a.example/users/u)", n,
                      R"(","published":"2026-11-26T10:00:0)", n % 10, R"(Z",)",
                      R"("to":["https://www.w3.org/ns/activitystreams#Public"],)",
                      R"("object":{"id":"https://a.example/notes/)", n,
                      R"(","type":"Note","attributedTo":"https://a.example/users/u)", n,
                      R"(","published":"2026-11-26T10:00:0)", n % 10, R"(Z","content":")", text,
                      R"(","tag":[{"type":"Hashtag","name":"#)", tag, R"("}],)",
                      R"("to":["https://www.w3.org/ns/activitystreams#Public"]}})");
}

std::string Like(int n, int liker) {
  return absl::StrCat(R"({"id":"https://b.example/likes/)", n, "-", liker,
                      R"(","type":"Like","actor":"https://b.example/users/l)", liker,
                      R"(","object":"https://a.example/notes/)", n, R"("})");
}

class EngineFeedsTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(""); }

  // On `data_dir` (a fresh one when empty), with no background flush of
  // engagement re-scores: only reads and FlushFeedUpdates flush.
  void Open(const std::string& data_dir,
            absl::Duration flush_interval = absl::ZeroDuration()) {
    EngineOptions options;
    options.data_dir = data_dir;
    options.feed_flush_interval = flush_interval;
    auto engine = testing::OpenTestEngine({"i.social"}, options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
    v1::RuleFile file;
    file.set_path("main.rules");
    file.set_content(kRules);
    auto put = engine_->moderator().Put("i.social", {file}, "mod", absl::Now());
    ASSERT_TRUE(put.ok() && put->activated());

    ranking::FeedDefinition art;
    art.id = "art";
    art.title = "Art";
    art.algorithm = {"half_life", {{"half_life_hours", 6}}};
    art.include = [](const v1::NormalizedActivity& a) {
      for (const std::string& tag : a.object().hashtags()) {
        if (tag == "art") return true;
      }
      return false;
    };
    // Public, non-sensitive posts only: moderation's delist and
    // mark_sensitive take posts out through this filter.
    art.exclude = [](const v1::NormalizedActivity& a) {
      return a.object().sensitive() || a.object().visibility() != v1::VISIBILITY_PUBLIC;
    };
    ranking::FeedDefinition latest;
    latest.id = "latest";
    latest.algorithm = {"chronological", {}};
    std::vector<ranking::FeedDefinition> feeds;
    feeds.push_back(std::move(art));
    feeds.push_back(std::move(latest));
    auto set = ranking::FeedSet::Create(std::move(feeds));
    ASSERT_TRUE(set.ok()) << set.status();
    engine_->feeds().registry().Set("i.social", *set);
  }

  v1::Decision Ingest(const std::string& json) {
    auto result = engine_->Ingest("i.social", json, {});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->decision : v1::Decision();
  }

  std::vector<std::string> Feed(const std::string& feed) {
    auto page = engine_->feeds().GetFeed("i.social", feed, 100, "");
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const auto& item : page->items) ids.push_back(item.object_id);
    }
    return ids;
  }

  // Likes of the object as its "art" feed entry has them (-1: not a member).
  double StoredLikes(int n) {
    ranking::FeedIndex index(&engine_->store());
    auto member = index.ReadMember("i.social", "art", absl::StrCat("https://a.example/notes/", n));
    EXPECT_TRUE(member.ok()) << member.status();
    return member.ok() && member->has_value() ? (*member)->signals().likes() : -1;
  }
  // Durable markers of deferred feed writes (deleted by the flush).
  int Markers() {
    const std::string prefix = ranking::FeedIndex::MarkerPrefix("i.social");
    auto it = engine_->store().NewIterator(Family::kFeedScores, prefix);
    int count = 0;
    for (it->Seek(prefix); it->Valid(); it->Next()) ++count;
    return count;
  }
  void Flush() { ASSERT_TRUE(engine_->FlushFeedUpdates("i.social").ok()); }

  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineFeedsTest, LikesAreReScoredOncePerFlushNotPerLike) {
  Ingest(Post(20, "twenty"));
  Ingest(Post(21, "twenty-one"));
  Flush();
  EXPECT_EQ(StoredLikes(21), 0);
  EXPECT_EQ(Markers(), 0);
  for (int liker = 0; liker < 4; ++liker) Ingest(Like(21, liker));
  // Acknowledged and counted, but not yet re-scored in the feeds: the
  // object waits, listed by the durable markers of the four writes.
  EXPECT_EQ(engine_->GetObject("i.social", "https://a.example/notes/21")->engagement().likes(),
            4);
  EXPECT_EQ(StoredLikes(21), 0);
  EXPECT_EQ(Markers(), 4);
  EXPECT_EQ(engine_->feeds().pending().size(), 1u);

  Flush();
  EXPECT_EQ(StoredLikes(21), 4);
  EXPECT_EQ(Markers(), 0);
  EXPECT_EQ(engine_->feeds().pending().size(), 0u);
  EXPECT_EQ(Feed("art")[0], "https://a.example/notes/21");
}

TEST_F(EngineFeedsTest, AFlushOfSeveralChunksWritesEveryPostAndItsLikes) {
  // The flush writes its objects a chunk at a time (Engine::kFlushChunk);
  // every one of them must come out, with the counts ingest kept in memory.
  const int posts = 2 * Engine::kFlushChunk + 5;  // under GetFeed's page of 100
  for (int n = 100; n < 100 + posts; ++n) {
    Ingest(Post(n, "many"));
    for (int liker = 0; liker < n % 3; ++liker) Ingest(Like(n, liker));
  }
  EXPECT_GT(engine_->counts_in_memory(), 0u);
  Flush();
  for (int n = 100; n < 100 + posts; ++n) EXPECT_EQ(StoredLikes(n), n % 3) << n;
  EXPECT_EQ(Feed("latest").size(), static_cast<size_t>(posts));
  EXPECT_EQ(engine_->feeds().pending().size(), 0u);
  EXPECT_EQ(engine_->counts_in_memory(), 0u);
  EXPECT_EQ(Markers(), 0);
}

TEST_F(EngineFeedsTest, ANewPostEntersItsFeedsAtTheFlushWithItsEngagement) {
  Ingest(Post(27, "twenty-seven"));
  for (int liker = 0; liker < 3; ++liker) Ingest(Like(27, liker));
  // Nothing in the feeds yet: one pending entry for the post and its likes.
  EXPECT_EQ(StoredLikes(27), -1);
  EXPECT_EQ(engine_->feeds().pending().size(), 1u);
  Flush();
  EXPECT_EQ(StoredLikes(27), 3);
  EXPECT_EQ(Markers(), 0);
  EXPECT_EQ(Feed("latest"), std::vector<std::string>{"https://a.example/notes/27"});
}

TEST_F(EngineFeedsTest, APostDeletedBeforeTheFlushNeverEntersAFeed) {
  Ingest(Post(28, "twenty-eight"));
  Ingest(Post(29, "twenty-nine"));
  Ingest(R"({"id":"https://a.example/delete/28","type":"Delete","actor":"https://a.example/users/u28",
    "object":{"id":"https://a.example/notes/28","type":"Tombstone"}})");
  EXPECT_EQ(Feed("latest"), std::vector<std::string>{"https://a.example/notes/29"});
  EXPECT_EQ(StoredLikes(28), -1);
}

TEST_F(EngineFeedsTest, AnUpdateBeforeTheFlushIsWhatTheFeedsSee) {
  Ingest(Post(30, "thirty"));
  // The edit moves the post out of #art before any flush.
  Ingest(R"({"id":"https://a.example/update/30","type":"Update","actor":"https://a.example/users/u30",
    "object":{"id":"https://a.example/notes/30","type":"Note","attributedTo":"https://a.example/users/u30",
    "published":"2026-11-26T10:00:00Z","content":"thirty, edited","tag":[{"type":"Hashtag","name":"#cats"}],
    "to":["https://www.w3.org/ns/activitystreams#Public"]}})");
  EXPECT_EQ(Feed("art"), std::vector<std::string>{});
  EXPECT_EQ(Feed("latest"), std::vector<std::string>{"https://a.example/notes/30"});
}

TEST_F(EngineFeedsTest, AReadFlushesFirst) {
  Ingest(Post(22, "twenty-two"));
  Ingest(Post(23, "twenty-three"));
  Ingest(Like(22, 1));
  EXPECT_EQ(StoredLikes(22), -1);
  EXPECT_EQ(Feed("art")[0], "https://a.example/notes/22");
  EXPECT_EQ(StoredLikes(22), 1);
}

TEST_F(EngineFeedsTest, AReadNeverOvertakesABackgroundFlush) {
  // A background flush every millisecond races every read: a read must
  // still see every like acknowledged before it.
  std::shared_ptr<const ranking::FeedSet> feeds = engine_->feeds().registry().Get("i.social");
  Open("", absl::Milliseconds(1));
  engine_->feeds().registry().Set("i.social", feeds);
  Ingest(Post(26, "twenty-six"));
  double last = -1e300;
  for (int liker = 0; liker < 300; ++liker) {
    Ingest(Like(26, liker));
    auto page = engine_->feeds().GetFeed("i.social", "art", 1, "");
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->items.size(), 1u);
    // Every like raises the score the page was read at.
    ASSERT_GT(page->items[0].score, last) << "like " << liker;
    last = page->items[0].score;
  }
}

TEST_F(EngineFeedsTest, PendingFeedWritesSurviveACrash) {
  Ingest(Post(24, "twenty-four"));
  Ingest(Post(25, "twenty-five"));
  Ingest(Post(31, "later"));  // held: written hidden
  for (int liker = 0; liker < 3; ++liker) Ingest(Like(25, liker));
  ASSERT_EQ(StoredLikes(25), -1);
  // What a crash leaves: the database as written, nothing flushed.
  const std::string copy = testing::NewTempDir("crash") + "/data";
  ASSERT_TRUE(engine_->store().Checkpoint(copy).ok());
  ranking::FeedRegistry& old_registry = engine_->feeds().registry();
  std::shared_ptr<const ranking::FeedSet> feeds = old_registry.Get("i.social");
  Open(copy);
  engine_->feeds().registry().Set("i.social", feeds);
  EXPECT_EQ(engine_->feeds().pending().size(), 3u);
  EXPECT_EQ(StoredLikes(25), -1);
  EXPECT_EQ(Feed("art"), (std::vector<std::string>{"https://a.example/notes/25",
                                                   "https://a.example/notes/24"}));
  EXPECT_EQ(StoredLikes(25), 3);
  EXPECT_EQ(StoredLikes(31), 0);  // a member, hidden
  EXPECT_EQ(Markers(), 0);
  // Written once: flushing again (as after another crash) changes nothing.
  Flush();
  EXPECT_EQ(Feed("art").size(), 2u);
}

// A post waits for the flush with the answers of the feeds it was matched
// against; feeds replaced meanwhile match it again when it is written.
TEST_F(EngineFeedsTest, FeedsReplacedBeforeTheFlushMatchThePostAgain) {
  Ingest(Post(27, "twenty-seven", "cats"));
  ranking::FeedDefinition art;
  art.id = "art";
  art.include = [](const v1::NormalizedActivity& a) {
    for (const std::string& tag : a.object().hashtags()) {
      if (tag == "cats") return true;
    }
    return false;
  };
  ranking::FeedDefinition cats;  // a feed the post's first match never saw
  cats.id = "cats";
  cats.include = art.include;
  auto set = ranking::FeedSet::Create({art, cats});
  ASSERT_TRUE(set.ok()) << set.status();
  engine_->feeds().registry().Set("i.social", *set);
  EXPECT_EQ(Feed("art"), std::vector<std::string>{"https://a.example/notes/27"});
  EXPECT_EQ(Feed("cats"), std::vector<std::string>{"https://a.example/notes/27"});
}

TEST_F(EngineFeedsTest, AnOlderDatabasesPerObjectMarkersAreStillFlushed) {
  Ingest(Post(40, "forty"));
  Flush();
  Ingest(Like(40, 1));
  Ingest(Like(40, 2));
  const std::string copy = testing::NewTempDir("older") + "/data";
  ASSERT_TRUE(engine_->store().Checkpoint(copy).ok());
  std::shared_ptr<const ranking::FeedSet> feeds = engine_->feeds().registry().Get("i.social");
  {
    // As an older version left it: one empty `p` marker per pending object.
    auto store = Store::Open(copy, Store::Options());
    ASSERT_TRUE(store.ok()) << store.status();
    Store::Batch batch;
    const std::string prefix = ranking::FeedIndex::MarkerPrefix("i.social");
    auto it = (*store)->NewIterator(Family::kFeedScores, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      batch.Delete(Family::kFeedScores, it->key().ToString());
    }
    const std::string post = "https://a.example/notes/40";
    batch.Put(Family::kFeedScores, ranking::FeedIndex::PendingKey("i.social", post), "");
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  Open(copy);
  engine_->feeds().registry().Set("i.social", feeds);
  EXPECT_EQ(engine_->feeds().pending().size(), 1u);
  EXPECT_EQ(StoredLikes(40), 0);
  Flush();
  EXPECT_EQ(StoredLikes(40), 2);
  EXPECT_FALSE(engine_->store()
                   .Get(Family::kFeedScores,
                        ranking::FeedIndex::PendingKey("i.social", "https://a.example/notes/40"))
                   .ok());
}

TEST_F(EngineFeedsTest, EngagementOrdersTheFeedAndDeletesLeaveIt) {
  Ingest(Post(1, "one"));
  Ingest(Post(2, "two"));
  Ingest(Post(3, "three", "cats"));
  EXPECT_EQ(Feed("latest"), (std::vector<std::string>{"https://a.example/notes/3",
                                                      "https://a.example/notes/2",
                                                      "https://a.example/notes/1"}));
  for (int liker = 0; liker < 5; ++liker) Ingest(Like(1, liker));
  Ingest(Like(2, 9));
  EXPECT_EQ(Feed("art"), (std::vector<std::string>{"https://a.example/notes/1",
                                                   "https://a.example/notes/2"}));
  Ingest(R"({"id":"https://a.example/delete/1","type":"Delete","actor":"https://a.example/users/u1",
    "object":{"id":"https://a.example/notes/1","type":"Tombstone"}})");
  EXPECT_EQ(Feed("art"), std::vector<std::string>{"https://a.example/notes/2"});
}

TEST_F(EngineFeedsTest, RejectedNeverAndHeldOnlyAfterApproval) {
  EXPECT_EQ(Ingest(Post(4, "spam spam")).actions(0).type(), v1::REJECT);
  EXPECT_EQ(Ingest(Post(5, "see you later")).actions(0).type(), v1::HOLD);
  Ingest(Post(6, "visible"));
  EXPECT_EQ(Feed("latest"), std::vector<std::string>{"https://a.example/notes/6"});
  EXPECT_EQ(Feed("art"), std::vector<std::string>{"https://a.example/notes/6"});

  std::string next;
  auto items = engine_->review().List("i.social", v1::ReviewItem::OPEN,
                                      v1::ReviewItem::HELD, 10, "", &next);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  const std::string& name = (*items)[0].name();
  auto id = ReviewQueue::ParseId(name.substr(name.rfind('/') + 1));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(engine_->ResolveReview("i.social", *id, v1::ReviewItem::APPROVED, "ok", "mod")
                  .ok());
  EXPECT_EQ(Feed("latest"), (std::vector<std::string>{"https://a.example/notes/6",
                                                      "https://a.example/notes/5"}));
  EXPECT_EQ(Feed("art").size(), 2u);
}

TEST_F(EngineFeedsTest, AHeldPostApprovedBeforeTheFlushAppears) {
  EXPECT_EQ(Ingest(Post(32, "see you later")).actions(0).type(), v1::HOLD);
  std::string next;
  auto items = engine_->review().List("i.social", v1::ReviewItem::OPEN,
                                      v1::ReviewItem::HELD, 10, "", &next);
  ASSERT_TRUE(items.ok() && items->size() == 1u);
  const std::string& name = (*items)[0].name();
  auto id = ReviewQueue::ParseId(name.substr(name.rfind('/') + 1));
  ASSERT_TRUE(id.ok());
  ASSERT_EQ(engine_->feeds().pending().size(), 1u);  // not flushed yet
  ASSERT_TRUE(engine_->ResolveReview("i.social", *id, v1::ReviewItem::APPROVED, "ok", "mod")
                  .ok());
  EXPECT_EQ(Feed("art"), std::vector<std::string>{"https://a.example/notes/32"});
}

TEST_F(EngineFeedsTest, DelistedAndSensitiveFollowTheFeedsFilters) {
  EXPECT_EQ(Ingest(Post(7, "posting quietly")).actions(0).type(), v1::DELIST);
  EXPECT_EQ(Ingest(Post(8, "gore warning")).actions(0).type(), v1::MARK_SENSITIVE);
  Ingest(Post(9, "plain"));
  // "art" excludes non-public and sensitive posts; "latest" has no filter.
  EXPECT_EQ(Feed("art"), std::vector<std::string>{"https://a.example/notes/9"});
  EXPECT_EQ(Feed("latest").size(), 3u);
}

TEST_F(EngineFeedsTest, DownrankScalesEngagementForGood) {
  ASSERT_EQ(Ingest(Post(10, "meh content")).actions(0).type(), v1::DOWNRANK);
  Ingest(Post(11, "fine content"));
  for (int liker = 0; liker < 5; ++liker) Ingest(Like(10, liker));  // 5 x 0.1 = 0.5
  Ingest(Like(11, 7));                                              // 1
  EXPECT_EQ(Feed("art"), (std::vector<std::string>{"https://a.example/notes/11",
                                                   "https://a.example/notes/10"}));
  // Still downranked after more engagement arrives.
  for (int liker = 5; liker < 9; ++liker) Ingest(Like(10, liker));  // 9 x 0.1 = 0.9
  EXPECT_EQ(Feed("art")[0], "https://a.example/notes/11");
}

}  // namespace
}  // namespace harrier
