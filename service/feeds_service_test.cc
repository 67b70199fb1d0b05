// Copyright 2026 The Harrier Authors.
#include "service/feeds_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1750000000);
absl::Time FixedNow() { return kNow; }

class FeedsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(testing::NewTempDir("feeds_service"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    feeds_ = std::make_unique<ranking::FeedEngine>(store_.get());
    ranking::FeedDefinition all;
    all.id = "all";
    feeds_->registry().Set("a.example", *ranking::FeedSet::Create({all}));
    ranking::FeedEngine::WriteLock lock(*feeds_);
    Store::Batch batch;
    for (int i = 0; i < 30; ++i) {
      v1::NormalizedActivity post;
      post.set_type("Create");
      post.mutable_object()->set_id(absl::StrCat("https://a.example/p/", i));
      post.mutable_object()->set_type("Note");
      post.mutable_object()->mutable_author()->set_id("https://a.example/u/alice");
      post.mutable_object()->mutable_published()->set_seconds(1749990000 + i);
      ASSERT_TRUE(feeds_->OnActivity("a.example", post, nullptr, true, kNow, &batch).ok());
    }
    ASSERT_TRUE(store_->Write(batch).ok());

    service_ = std::make_unique<FeedsService>(feeds_.get(), &instances_, &FixedNow);
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = v1::Feeds::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override {
    server_->Shutdown();
    server_.reset();
    feeds_.reset();
  }

  grpc::Status Get(const std::string& name, int page_size, const std::string& token,
                   v1::GetFeedResponse* response) {
    grpc::ClientContext context;
    v1::GetFeedRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return stub_->GetFeed(&context, request, response);
  }

  InstanceRegistry instances_{std::vector<std::string>{"a.example", "b.example"}};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ranking::FeedEngine> feeds_;
  std::unique_ptr<FeedsService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Feeds::Stub> stub_;
};

TEST_F(FeedsServiceTest, PagesWithTheDefaultSizeAndTokens) {
  v1::GetFeedResponse first;
  ASSERT_TRUE(Get("instances/a.example/feeds/all", 0, "", &first).ok());
  ASSERT_EQ(first.items_size(), 20);
  EXPECT_EQ(first.items(0).object_id(), "https://a.example/p/29");
  EXPECT_EQ(first.items(0).author_id(), "https://a.example/u/alice");
  EXPECT_FALSE(first.next_page_token().empty());
  v1::GetFeedResponse second;
  ASSERT_TRUE(Get("instances/a.example/feeds/all", 0, first.next_page_token(), &second).ok());
  ASSERT_EQ(second.items_size(), 10);
  EXPECT_EQ(second.items(9).object_id(), "https://a.example/p/0");
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(FeedsServiceTest, ErrorsNameTheField) {
  v1::GetFeedResponse response;
  grpc::Status status = Get("instances/a.example/feeds/all", 101, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().substr(0, 11), "page_size: ");
  status = Get("instances/a.example/feeds/all", -1, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Get("instances/a.example/feeds/all", 5, "%%%", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().substr(0, 12), "page_token: ");
  status = Get("feeds/all", 5, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Get("instances/zzz.example/feeds/all", 5, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = Get("instances/b.example/feeds/all", 5, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(FeedsServiceTest, ExplainsAndLeavesConfigUnimplemented) {
  grpc::ClientContext context;
  v1::ExplainRankingRequest request;
  request.set_name("instances/a.example/feeds/all");
  request.set_object_id("https://a.example/p/3");
  v1::ExplainRankingResponse response;
  ASSERT_TRUE(stub_->ExplainRanking(&context, request, &response).ok());
  EXPECT_EQ(response.algorithm(), "chronological");
  EXPECT_DOUBLE_EQ(response.score(), 1749990003);
  EXPECT_GT(response.components_size(), 0);

  grpc::ClientContext config_context;
  v1::GetFeedConfigRequest config_request;
  v1::FeedConfig config;
  EXPECT_EQ(stub_->GetFeedConfig(&config_context, config_request, &config).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace harrier
