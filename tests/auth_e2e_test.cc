// Copyright 2026 The Harrier Authors.
//
// Tenant isolation over the real harrierd: for every RPC (ingestion,
// moderation, feeds; checkpoints need an operator token), no token or an
// unknown token is UNAUTHENTICATED; instance A's token on instance B's
// resources is PERMISSION_DENIED; a read-scoped token cannot change rules,
// resolve reviews or ingest; the right token gets through.
#include <filesystem>
#include <functional>
#include <string>

#include "engine/testing/temp_dir.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "harrier/v1/operations.grpc.pb.h"
#include "service/auth.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

enum class Needs { kIngest, kRead, kAdmin };

struct Rpc {
  std::string name;
  Needs needs;
  // Calls the RPC on `instance`'s resources over `channel`.
  std::function<grpc::Status(const std::shared_ptr<grpc::Channel>&, const std::string&)> call;
};

template <typename Request, typename Response, typename Method>
grpc::Status Unary(Method method, const std::shared_ptr<grpc::Channel>& channel,
                   const Request& request) {
  Response response;
  grpc::ClientContext context;
  return method(channel, &context, request, &response);
}

std::vector<Rpc> AllRpcs() {
  using v1::Ingestion;
  using v1::Moderation;
  auto ing = [](const std::shared_ptr<grpc::Channel>& c) { return Ingestion::NewStub(c); };
  auto mod = [](const std::shared_ptr<grpc::Channel>& c) { return Moderation::NewStub(c); };
  std::vector<Rpc> rpcs;
  rpcs.push_back({"Ingest", Needs::kIngest, [ing](auto channel, const std::string& i) {
                    v1::IngestRequest request;
                    request.set_parent("instances/" + i);
                    request.set_activity_json(
                        R"({"id":"https://x.example/a/1","type":"Like","actor":"https://x.example/u","object":"https://y.example/n/1"})");
                    v1::IngestResponse response;
                    grpc::ClientContext context;
                    return ing(channel)->Ingest(&context, request, &response);
                  }});
  rpcs.push_back({"IngestStream", Needs::kIngest, [ing](auto channel, const std::string& i) {
                    grpc::ClientContext context;
                    auto stream = ing(channel)->IngestStream(&context);
                    v1::IngestRequest request;
                    request.set_parent("instances/" + i);
                    request.set_activity_json(
                        R"({"id":"https://x.example/a/2","type":"Like","actor":"https://x.example/u","object":"https://y.example/n/1"})");
                    stream->Write(request);
                    stream->WritesDone();
                    v1::IngestResponse response;
                    grpc::Status status = grpc::Status::OK;
                    while (stream->Read(&response)) {
                      if (response.has_error()) {
                        status = grpc::Status(
                            static_cast<grpc::StatusCode>(response.error().code()),
                            response.error().message());
                      }
                    }
                    grpc::Status finish = stream->Finish();
                    return finish.ok() ? status : finish;
                  }});
  rpcs.push_back({"IngestBatch", Needs::kIngest, [ing](auto channel, const std::string& i) {
                    v1::IngestBatchRequest request;
                    request.set_parent("instances/" + i);
                    request.add_activities()->set_activity_json(
                        R"({"id":"https://x.example/a/3","type":"Like","actor":"https://x.example/u","object":"https://y.example/n/1"})");
                    v1::IngestBatchResponse response;
                    grpc::ClientContext context;
                    return ing(channel)->IngestBatch(&context, request, &response);
                  }});
  rpcs.push_back({"GetActivity", Needs::kRead, [ing](auto channel, const std::string& i) {
                    v1::GetActivityRequest request;
                    request.set_parent("instances/" + i);
                    request.set_activity_id("https://x.example/a/1");
                    v1::StoredActivity response;
                    grpc::ClientContext context;
                    return ing(channel)->GetActivity(&context, request, &response);
                  }});
  rpcs.push_back({"GetObject", Needs::kRead, [ing](auto channel, const std::string& i) {
                    v1::GetObjectRequest request;
                    request.set_parent("instances/" + i);
                    request.set_object_id("https://y.example/n/1");
                    v1::StoredObject response;
                    grpc::ClientContext context;
                    return ing(channel)->GetObject(&context, request, &response);
                  }});
  auto rule_files = [](auto* request) {
    v1::RuleFile* file = request->add_files();
    file->set_path("main.rules");
    file->set_content("rule r { when object.text contains \"x\" then reject }\n");
  };
  rpcs.push_back({"ValidateRuleSet", Needs::kAdmin,
                  [mod, rule_files](auto channel, const std::string& i) {
                    v1::ValidateRuleSetRequest request;
                    request.set_parent("instances/" + i);
                    rule_files(&request);
                    v1::ValidateRuleSetResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->ValidateRuleSet(&context, request, &response);
                  }});
  rpcs.push_back({"PutRuleSet", Needs::kAdmin,
                  [mod, rule_files](auto channel, const std::string& i) {
                    v1::PutRuleSetRequest request;
                    request.set_parent("instances/" + i);
                    rule_files(&request);
                    v1::PutRuleSetResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->PutRuleSet(&context, request, &response);
                  }});
  rpcs.push_back({"GetRuleSet", Needs::kRead, [mod](auto channel, const std::string& i) {
                    v1::GetRuleSetRequest request;
                    request.set_name("instances/" + i + "/ruleSet");
                    v1::RuleSet response;
                    grpc::ClientContext context;
                    return mod(channel)->GetRuleSet(&context, request, &response);
                  }});
  rpcs.push_back({"ListRuleSetVersions", Needs::kRead,
                  [mod](auto channel, const std::string& i) {
                    v1::ListRuleSetVersionsRequest request;
                    request.set_parent("instances/" + i);
                    v1::ListRuleSetVersionsResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->ListRuleSetVersions(&context, request, &response);
                  }});
  rpcs.push_back({"RollbackRuleSet", Needs::kAdmin, [mod](auto channel, const std::string& i) {
                    v1::RollbackRuleSetRequest request;
                    request.set_parent("instances/" + i);
                    request.set_version(1);
                    v1::PutRuleSetResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->RollbackRuleSet(&context, request, &response);
                  }});
  rpcs.push_back({"GetRuleStats", Needs::kRead, [mod](auto channel, const std::string& i) {
                    v1::GetRuleStatsRequest request;
                    request.set_parent("instances/" + i);
                    v1::GetRuleStatsResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->GetRuleStats(&context, request, &response);
                  }});
  rpcs.push_back({"GetDecision", Needs::kRead, [mod](auto channel, const std::string& i) {
                    v1::GetDecisionRequest request;
                    request.set_parent("instances/" + i);
                    request.set_activity_id("https://x.example/a/1");
                    v1::Decision response;
                    grpc::ClientContext context;
                    return mod(channel)->GetDecision(&context, request, &response);
                  }});
  rpcs.push_back({"ListDecisions", Needs::kRead, [mod](auto channel, const std::string& i) {
                    v1::ListDecisionsRequest request;
                    request.set_parent("instances/" + i);
                    v1::ListDecisionsResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->ListDecisions(&context, request, &response);
                  }});
  rpcs.push_back({"ListReviewItems", Needs::kAdmin, [mod](auto channel, const std::string& i) {
                    v1::ListReviewItemsRequest request;
                    request.set_parent("instances/" + i);
                    v1::ListReviewItemsResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->ListReviewItems(&context, request, &response);
                  }});
  rpcs.push_back({"ResolveReviewItem", Needs::kAdmin,
                  [mod](auto channel, const std::string& i) {
                    v1::ResolveReviewItemRequest request;
                    request.set_name("instances/" + i + "/reviewItems/1");
                    request.set_resolution(v1::ReviewItem::APPROVED);
                    v1::ReviewItem response;
                    grpc::ClientContext context;
                    return mod(channel)->ResolveReviewItem(&context, request, &response);
                  }});
  rpcs.push_back({"ListAuditEntries", Needs::kRead, [mod](auto channel, const std::string& i) {
                    v1::ListAuditEntriesRequest request;
                    request.set_parent("instances/" + i);
                    v1::ListAuditEntriesResponse response;
                    grpc::ClientContext context;
                    return mod(channel)->ListAuditEntries(&context, request, &response);
                  }});
  auto feeds = [](const std::shared_ptr<grpc::Channel>& c) { return v1::Feeds::NewStub(c); };
  rpcs.push_back({"GetFeed", Needs::kRead, [feeds](auto channel, const std::string& i) {
                    v1::GetFeedRequest request;
                    request.set_name("instances/" + i + "/feeds/art");
                    v1::GetFeedResponse response;
                    grpc::ClientContext context;
                    return feeds(channel)->GetFeed(&context, request, &response);
                  }});
  rpcs.push_back({"ExplainRanking", Needs::kRead, [feeds](auto channel, const std::string& i) {
                    v1::ExplainRankingRequest request;
                    request.set_name("instances/" + i + "/feeds/art");
                    request.set_object_id("https://y.example/n/1");
                    v1::ExplainRankingResponse response;
                    grpc::ClientContext context;
                    return feeds(channel)->ExplainRanking(&context, request, &response);
                  }});
  const std::string feed_source = "feed art \"Art\" {\n  include \"art\" in object.hashtags\n}\n";
  rpcs.push_back({"ValidateFeedConfig", Needs::kAdmin,
                  [feeds, feed_source](auto channel, const std::string& i) {
                    v1::PutFeedConfigRequest request;
                    request.set_parent("instances/" + i);
                    request.set_source(feed_source);
                    v1::ValidateRuleSetResponse response;
                    grpc::ClientContext context;
                    return feeds(channel)->ValidateFeedConfig(&context, request, &response);
                  }});
  rpcs.push_back({"PutFeedConfig", Needs::kAdmin,
                  [feeds, feed_source](auto channel, const std::string& i) {
                    v1::PutFeedConfigRequest request;
                    request.set_parent("instances/" + i);
                    request.set_source(feed_source);
                    v1::PutFeedConfigResponse response;
                    grpc::ClientContext context;
                    return feeds(channel)->PutFeedConfig(&context, request, &response);
                  }});
  rpcs.push_back({"GetFeedConfig", Needs::kRead, [feeds](auto channel, const std::string& i) {
                    v1::GetFeedConfigRequest request;
                    request.set_name("instances/" + i + "/feeds/art");
                    v1::FeedConfig response;
                    grpc::ClientContext context;
                    return feeds(channel)->GetFeedConfig(&context, request, &response);
                  }});
  rpcs.push_back({"ListFeedConfigs", Needs::kRead, [feeds](auto channel, const std::string& i) {
                    v1::ListFeedConfigsRequest request;
                    request.set_parent("instances/" + i);
                    v1::ListFeedConfigsResponse response;
                    grpc::ClientContext context;
                    return feeds(channel)->ListFeedConfigs(&context, request, &response);
                  }});
  rpcs.push_back({"DeleteFeedConfig", Needs::kAdmin, [feeds](auto channel, const std::string& i) {
                    v1::GetFeedConfigRequest request;
                    request.set_name("instances/" + i + "/feeds/nonexistent");
                    v1::FeedConfig response;
                    grpc::ClientContext context;
                    return feeds(channel)->DeleteFeedConfig(&context, request, &response);
                  }});
  return rpcs;
}

bool Authorized(const grpc::Status& status) {
  return status.error_code() != grpc::StatusCode::UNAUTHENTICATED &&
         status.error_code() != grpc::StatusCode::PERMISSION_DENIED;
}

TEST(AuthE2ETest, EveryRpcChecksTokenInstanceAndScope) {
  std::string config = harrier::testing::NewTempDir("config");
  std::filesystem::create_directories(config + "/instances/a.social");
  std::filesystem::create_directories(config + "/instances/b.social");
  auto server = harrier::testing::ServerProcess::Start(
      {.data_dir = harrier::testing::NewTempDir("data"),
       .config_dir = config,
       .token_lines = {"a.social " + Authenticator::HashToken("a-admin") + " admin,ingest",
        "a.social " + Authenticator::HashToken("a-read") + " read",
        "a.social " + Authenticator::HashToken("a-ingest") + " ingest",
        "b.social " + Authenticator::HashToken("b-admin") + " admin,ingest"}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto none = (*server)->ChannelWithToken("");
  auto wrong = (*server)->ChannelWithToken("not-a-token");
  auto a_admin = (*server)->ChannelWithToken("a-admin");
  auto a_read = (*server)->ChannelWithToken("a-read");
  auto a_ingest = (*server)->ChannelWithToken("a-ingest");

  std::vector<Rpc> rpcs = AllRpcs();
  // Every RPC of the three tenant services is in the matrix.
  int methods = 0;
  for (const char* name : {"harrier.v1.Ingestion", "harrier.v1.Moderation", "harrier.v1.Feeds"}) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    methods += service->method_count();
  }
  EXPECT_EQ(static_cast<int>(rpcs.size()), methods);
  for (const Rpc& rpc : rpcs) {
    EXPECT_EQ(rpc.call(none, "a.social").error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << rpc.name;
    EXPECT_EQ(rpc.call(wrong, "a.social").error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << rpc.name;
    EXPECT_EQ(rpc.call(a_admin, "b.social").error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << rpc.name;
    // A token of A on an instance that does not exist is denied, not NOT_FOUND:
    // tokens do not reveal which instances a server hosts.
    EXPECT_EQ(rpc.call(a_admin, "c.social").error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << rpc.name;
    EXPECT_TRUE(Authorized(rpc.call(a_admin, "a.social"))) << rpc.name;
    const grpc::Status read = rpc.call(a_read, "a.social");
    if (rpc.needs == Needs::kRead) {
      EXPECT_TRUE(Authorized(read)) << rpc.name << ": " << read.error_message();
    } else {
      EXPECT_EQ(read.error_code(), grpc::StatusCode::PERMISSION_DENIED) << rpc.name;
    }
    const grpc::Status ingest = rpc.call(a_ingest, "a.social");
    if (rpc.needs == Needs::kIngest) {
      EXPECT_TRUE(Authorized(ingest)) << rpc.name << ": " << ingest.error_message();
    } else {
      EXPECT_EQ(ingest.error_code(), grpc::StatusCode::PERMISSION_DENIED) << rpc.name;
    }
  }

  // Server-wide calls need an operator token ("*"): instance admins are denied.
  auto checkpoint = [&](const std::shared_ptr<grpc::Channel>& channel) {
    v1::CreateCheckpointRequest request;
    request.set_directory(harrier::testing::NewTempDir("backup") + "/cp");
    v1::CreateCheckpointResponse response;
    grpc::ClientContext context;
    return v1::Operations::NewStub(channel)->CreateCheckpoint(&context, request, &response);
  };
  EXPECT_EQ(checkpoint(none).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(checkpoint(a_admin).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(checkpoint((*server)->channel()).ok());
}

}  // namespace
}  // namespace harrier
