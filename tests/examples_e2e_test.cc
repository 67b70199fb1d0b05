// Copyright 2026 The Harrier Authors.
//
// The example configuration that `make run` serves: harrierd starts on it,
// imports example.social's rules, and decides the sample activities.
#include <fstream>
#include <sstream>
#include <string>

#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ExamplesE2ETest, ExampleSocialServesItsRules) {
  auto server = testing::ServerProcess::Start(
      {.data_dir = harrier::testing::NewTempDir("data"), .config_dir = "examples"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto ingestion = v1::Ingestion::NewStub((*server)->channel());

  auto decide = [&](const std::string& file) {
    v1::IngestRequest request;
    request.set_parent("instances/example.social");
    request.set_activity_json(ReadFile(file));
    v1::IngestResponse response;
    grpc::ClientContext context;
    grpc::Status status = ingestion->Ingest(&context, request, &response);
    EXPECT_TRUE(status.ok()) << file << ": " << status.error_message();
    std::vector<v1::ActionType> types;
    for (const auto& action : response.decision().actions()) types.push_back(action.type());
    return types;
  };
  EXPECT_EQ(decide("examples/activities/create-note.json"),
            std::vector<v1::ActionType>{v1::ACCEPT});
  EXPECT_EQ(decide("examples/activities/scam.json"),
            (std::vector<v1::ActionType>{v1::HOLD, v1::FLAG}));

  auto moderation = v1::Moderation::NewStub((*server)->channel());
  v1::GetRuleSetRequest request;
  request.set_name("instances/example.social/ruleSet");
  v1::RuleSet rule_set;
  grpc::ClientContext context;
  ASSERT_TRUE(moderation->GetRuleSet(&context, request, &rule_set).ok());
  EXPECT_EQ(rule_set.version(), 1);
  EXPECT_EQ(rule_set.author().substr(0, 7), "config:");
}

}  // namespace
}  // namespace harrier
