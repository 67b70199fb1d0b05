// Copyright 2026 The Harrier Authors.
//
// Feeds end to end over the real harrierd: feed definitions from the config
// directory and pushed over gRPC; posts, likes, boosts and replies from
// several hosts rank; Undo and Delete change the order; one host's 1,000
// likes are capped; pages neither repeat nor skip; a broken feed push names
// line:col and the old configuration stays active.
#include <csignal>
#include <filesystem>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

constexpr char kFeeds[] = R"(feed art "Art" {
  include  "art" in object.hashtags
  rank     half_life(half_life_hours: 6)
  weights  like: 1, boost: 2, reply: 3
}

feed capped "Art, no server more than a fifth" {
  include  "art" in object.hashtags
  rank     half_life(half_life_hours: 6)
  weights  like: 1, boost: 2, reply: 3, per_host_cap: 0.2
}
)";

std::string Post(const std::string& name, const std::string& host = "a.example") {
  return absl::StrCat(R"({"id":"https://)", host, "/create/", name,
                      R"(","type":"Create","actor":"https://)", host, R"(/users/author)", name,
                      R"(","to":["https://www.w3.org/ns/activitystreams#Public"],)",
                      R"("object":{"id":"https://)", host, "/notes/", name,
                      R"(","type":"Note","attributedTo":"https://)", host, "/users/author", name,
                      R"(","published":"2026-11-26T09:00:00Z","content":"<p>)", name,
                      R"(</p>","tag":[{"type":"Hashtag","name":"#art"}],)",
                      R"("to":["https://www.w3.org/ns/activitystreams#Public"]}})");
}

std::string Note(const std::string& name) { return "https://a.example/notes/" + name; }

std::string Like(const std::string& id, const std::string& host, const std::string& user,
                 const std::string& post, const std::string& type = "Like") {
  return absl::StrCat(R"({"id":"https://)", host, "/likes/", id, R"(","type":")", type,
                      R"(","actor":"https://)", host, "/users/", user, R"(","object":")",
                      Note(post), R"("})");
}

class FeedsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = harrier::testing::NewTempDir("config");
    std::filesystem::create_directories(config_ + "/instances/a.social/feeds");
    harrier::testing::WriteFile(config_ + "/instances/a.social/feeds/art.feeds", kFeeds);
    data_ = harrier::testing::NewTempDir("data");
    StartServer({});
  }

  void StartServer(const std::vector<std::string>& flags) {
    auto server = ServerProcess::Start(
        {.data_dir = data_, .config_dir = config_, .extra_flags = flags});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ingestion_ = v1::Ingestion::NewStub(server_->channel());
    feeds_ = v1::Feeds::NewStub(server_->channel());
  }

  void Ingest(const std::string& json) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(json);
    v1::IngestResponse response;
    grpc::ClientContext context;
    grpc::Status status = ingestion_->Ingest(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Every page of the feed, concatenated.
  std::vector<std::string> Feed(int page_size = 100, const std::string& feed = "art") {
    std::vector<std::string> ids;
    std::string token;
    do {
      v1::GetFeedRequest request;
      request.set_name("instances/a.social/feeds/" + feed);
      request.set_page_size(page_size);
      request.set_page_token(token);
      v1::GetFeedResponse response;
      grpc::ClientContext context;
      grpc::Status status = feeds_->GetFeed(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& item : response.items()) {
        ids.push_back(item.object_id().substr(item.object_id().rfind('/') + 1));
      }
      token = response.next_page_token();
    } while (!token.empty());
    return ids;
  }

  std::string config_;
  std::string data_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Ingestion::Stub> ingestion_;
  std::unique_ptr<v1::Feeds::Stub> feeds_;
};

TEST_F(FeedsE2ETest, EngagementFromSeveralHostsOrdersUndoAndDeleteChangeIt) {
  for (const char* name : {"p1", "p2", "p3"}) Ingest(Post(name));
  // p2: 4 likes from 4 hosts (4); p3: a boost (2) and a reply (3); p1: nothing.
  for (int i = 0; i < 4; ++i) {
    Ingest(Like(absl::StrCat("l", i), absl::StrCat("h", i, ".example"), "u", "p2"));
  }
  Ingest(Like("b1", "h7.example", "u", "p3", "Announce"));
  Ingest(absl::StrCat(R"({"id":"https://h8.example/create/r1","type":"Create",)",
                      R"("actor":"https://h8.example/users/u","object":{"id":"https://h8.example/notes/r1",)",
                      R"("type":"Note","content":"reply","inReplyTo":")", Note("p3"), R"("}})"));
  std::vector<std::string> order = Feed();
  ASSERT_GE(order.size(), 3u);
  EXPECT_EQ(order[0], "p3");  // boost 2 + reply 3 = 5
  EXPECT_EQ(order[1], "p2");  // 4 likes = 4
  // Undo of the boost: p3 (3) falls below p2 (4).
  Ingest(R"({"id":"https://h7.example/undo/1","type":"Undo","actor":"https://h7.example/users/u",
    "object":"https://h7.example/likes/b1"})");
  order = Feed();
  EXPECT_EQ(order[0], "p2");
  // Delete of p2: it leaves the feed.
  Ingest(R"({"id":"https://a.example/delete/p2","type":"Delete","actor":"https://a.example/users/authorp2",
    "object":{"id":"https://a.example/notes/p2","type":"Tombstone"}})");
  order = Feed();
  EXPECT_EQ(std::count(order.begin(), order.end(), "p2"), 0);
  EXPECT_EQ(order[0], "p3");
}

TEST_F(FeedsE2ETest, LikesNotYetReScoredSurviveSIGKILL) {
  // No background flush: likes wait for a read (or a restart) to reach
  // feed order.
  server_->Stop(SIGTERM);
  StartServer({"--feed_flush_interval=1h"});
  Ingest(Post("k1"));
  Ingest(Post("k2"));
  EXPECT_EQ(Feed(), (std::vector<std::string>{"k1", "k2"}));  // equal scores: by id
  for (int i = 0; i < 3; ++i) {
    Ingest(Like(absl::StrCat("k", i), absl::StrCat("h", i, ".example"), "u", "k2"));
  }
  // Acknowledged, not yet re-scored in the feed; then the process dies.
  ASSERT_EQ(server_->Stop(SIGKILL), 128 + SIGKILL);
  StartServer({"--feed_flush_interval=1h"});
  EXPECT_EQ(Feed(), (std::vector<std::string>{"k2", "k1"}));
}

TEST_F(FeedsE2ETest, OneHostsThousandLikesAreCapped) {
  Ingest(Post("brigaded"));
  Ingest(Post("liked-widely"));
  grpc::ClientContext context;
  auto stream = ingestion_->IngestStream(&context);
  for (int i = 0; i < 1000; ++i) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(Like(absl::StrCat("b", i), "brigade.example",
                                   absl::StrCat("u", i), "brigaded"));
    request.set_sequence(i);
    ASSERT_TRUE(stream->Write(request));
  }
  for (int i = 0; i < 30; ++i) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(Like(absl::StrCat("w", i), absl::StrCat("w", i, ".example"), "u",
                                   "liked-widely"));
    request.set_sequence(1000 + i);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  v1::IngestResponse response;
  int acked = 0;
  while (stream->Read(&response)) {
    EXPECT_FALSE(response.has_error()) << response.error().message();
    ++acked;
  }
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(acked, 1030);
  std::vector<std::string> order = Feed(100, "capped");
  ASSERT_GE(order.size(), 2u);
  EXPECT_EQ(order[0], "liked-widely");
  EXPECT_EQ(order[1], "brigaded");
}

TEST_F(FeedsE2ETest, PagesNeitherRepeatNorSkip) {
  for (int i = 0; i < 57; ++i) Ingest(Post(absl::StrCat("n", i)));
  std::vector<std::string> all = Feed(/*page_size=*/10);
  EXPECT_EQ(all.size(), 57u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 57u);
}

TEST_F(FeedsE2ETest, BrokenFeedPushNamesLineAndColumnAndChangesNothing) {
  Ingest(Post("kept"));
  v1::PutFeedConfigRequest request;
  request.set_parent("instances/a.social");
  request.set_source("feed art \"Art\" {\n  include  \"art\" in object.hashtag\n}\n");
  v1::PutFeedConfigResponse response;
  grpc::ClientContext context;
  grpc::Status status = feeds_->PutFeedConfig(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("source.feeds:2:"), std::string::npos)
      << status.error_message();
  EXPECT_NE(status.error_message().find("object.hashtags"), std::string::npos)
      << status.error_message();
  // The old definition still serves, at its version.
  EXPECT_EQ(Feed(), std::vector<std::string>{"kept"});
  v1::GetFeedConfigRequest get;
  get.set_name("instances/a.social/feeds/art");
  v1::FeedConfig config;
  grpc::ClientContext get_context;
  ASSERT_TRUE(feeds_->GetFeedConfig(&get_context, get, &config).ok());
  EXPECT_EQ(config.version(), 1);
  EXPECT_EQ(config.source().substr(0, 14), "feed art \"Art\"");

  // A good push replaces it (version 2) and is listed.
  request.set_source(R"(feed art "Art, newest first" {
  include "art" in object.hashtags
  rank chronological()
}
feed all "Everything" {
  include true
}
)");
  grpc::ClientContext put_context;
  ASSERT_TRUE(feeds_->PutFeedConfig(&put_context, request, &response).ok());
  ASSERT_EQ(response.feeds_size(), 2);
  v1::ListFeedConfigsRequest list;
  list.set_parent("instances/a.social");
  v1::ListFeedConfigsResponse listed;
  grpc::ClientContext list_context;
  ASSERT_TRUE(feeds_->ListFeedConfigs(&list_context, list, &listed).ok());
  EXPECT_EQ(listed.feeds_size(), 3);  // art (replaced), capped, all
}

}  // namespace
}  // namespace harrier
