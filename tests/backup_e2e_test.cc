// Copyright 2026 The Harrier Authors.
//
// Backup -> wipe -> restore: a checkpoint taken over gRPC brings back the
// same rule sets, decisions, review items and audit entries.
#include <signal.h>

#include <filesystem>

#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "harrier/v1/operations.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

std::string Dump(const std::shared_ptr<grpc::Channel>& channel) {
  auto moderation = v1::Moderation::NewStub(channel);
  std::string dump;
  {
    v1::GetRuleSetRequest request;
    request.set_name("instances/a.social/ruleSet");
    v1::RuleSet response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation->GetRuleSet(&context, request, &response).ok());
    dump += response.SerializeAsString();
  }
  {
    v1::ListDecisionsRequest request;
    request.set_parent("instances/a.social");
    v1::ListDecisionsResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation->ListDecisions(&context, request, &response).ok());
    EXPECT_EQ(response.decisions_size(), 2);
    dump += response.SerializeAsString();
  }
  {
    v1::ListReviewItemsRequest request;
    request.set_parent("instances/a.social");
    v1::ListReviewItemsResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation->ListReviewItems(&context, request, &response).ok());
    EXPECT_EQ(response.items_size(), 1);
    dump += response.SerializeAsString();
  }
  {
    v1::ListAuditEntriesRequest request;
    request.set_parent("instances/a.social");
    v1::ListAuditEntriesResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation->ListAuditEntries(&context, request, &response).ok());
    dump += response.SerializeAsString();
  }
  return dump;
}

TEST(BackupE2ETest, CheckpointWipeRestoreGivesBackTheSameRecords) {
  std::string config = harrier::testing::NewTempDir("config");
  std::filesystem::create_directories(config + "/instances/a.social");
  std::string data = harrier::testing::NewTempDir("data");
  auto server = ServerProcess::Start({.data_dir = data, .config_dir = config});
  ASSERT_TRUE(server.ok()) << server.status();
  auto moderation = v1::Moderation::NewStub((*server)->channel());
  {
    v1::PutRuleSetRequest request;
    request.set_parent("instances/a.social");
    v1::RuleFile* file = request.add_files();
    file->set_path("main.rules");
    file->set_content("rule held { when object.text contains \"later\" then hold }\n");
    v1::PutRuleSetResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(moderation->PutRuleSet(&context, request, &response).ok());
    ASSERT_TRUE(response.activated());
  }
  auto ingestion = v1::Ingestion::NewStub((*server)->channel());
  for (const char* text : {"now", "later"}) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(std::string(R"({"id":"https://x.example/a/)") + text +
                              R"(","type":"Create","actor":"https://x.example/u",)" +
                              R"("object":{"id":"https://x.example/n/)" + text +
                              R"(","type":"Note","content":")" + text + R"("}})");
    v1::IngestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(ingestion->Ingest(&context, request, &response).ok());
  }
  const std::string before = Dump((*server)->channel());

  const std::string backup = harrier::testing::NewTempDir("backup") + "/checkpoint";
  {
    v1::CreateCheckpointRequest request;
    request.set_directory(backup);
    v1::CreateCheckpointResponse response;
    grpc::ClientContext context;
    grpc::Status status = v1::Operations::NewStub((*server)->channel())
                              ->CreateCheckpoint(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(response.sequence_number(), 0);
    // A second checkpoint into the same directory is refused.
    grpc::ClientContext again;
    EXPECT_EQ(v1::Operations::NewStub((*server)->channel())
                  ->CreateCheckpoint(&again, request, &response)
                  .error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
  ASSERT_EQ((*server)->Stop(SIGTERM), 0);
  std::filesystem::remove_all(data);  // wipe

  // Restore: serve from a copy of the checkpoint.
  std::filesystem::copy(backup, data, std::filesystem::copy_options::recursive);
  auto restored = ServerProcess::Start({.data_dir = data, .config_dir = config});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(Dump((*restored)->channel()), before);
}

}  // namespace
}  // namespace harrier
