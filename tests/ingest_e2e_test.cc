// Copyright 2026 The Harrier Authors.
//
// End-to-end: the real harrierd on a free port with a temporary data dir.
// Ingest over gRPC (unary and streaming), restart after SIGTERM, health and
// reflection, and bad input that must not take the server down.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/errors.pb.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "service/testing/http_get.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

std::string Note(int n) {
  return absl::StrCat(R"({"id":"https://a.example/activities/)", n,
                      R"(","type":"Create","actor":"https://a.example/users/alice",)",
                      R"("to":["https://www.w3.org/ns/activitystreams#Public"],)",
                      R"("object":{"id":"https://a.example/notes/)", n,
                      R"(","type":"Note","content":"<p>post )", n, R"(</p>"}})");
}

class IngestE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_dir_ = harrier::testing::NewTempDir("config");
    std::filesystem::create_directories(config_dir_ + "/instances/a.social");
    data_dir_ = harrier::testing::NewTempDir("data");
    StartServer();
  }

  void StartServer() {
    auto server = ServerProcess::Start({.data_dir = data_dir_, .config_dir = config_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::Ingestion::NewStub(server_->channel());
  }

  grpc::Status Ingest(const std::string& json, v1::IngestResponse* response,
                      const std::string& parent = "instances/a.social") {
    v1::IngestRequest request;
    request.set_parent(parent);
    request.set_activity_json(json);
    grpc::ClientContext context;
    return stub_->Ingest(&context, request, response);
  }

  std::string config_dir_;
  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Ingestion::Stub> stub_;
};

TEST_F(IngestE2ETest, ActivitiesSurviveSigtermAndRestart) {
  for (int i = 0; i < 5; ++i) {
    v1::IngestResponse response;
    ASSERT_TRUE(Ingest(Note(i), &response).ok());
    EXPECT_FALSE(response.duplicate());
    EXPECT_EQ(response.decision().actions(0).type(), v1::ACCEPT);
  }
  EXPECT_EQ(server_->Stop(SIGTERM), 0) << "see " << server_->log_path();
  StartServer();

  for (int i = 0; i < 5; ++i) {
    v1::GetActivityRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_id(absl::StrCat("https://a.example/activities/", i));
    v1::StoredActivity stored;
    grpc::ClientContext context;
    grpc::Status status = stub_->GetActivity(&context, request, &stored);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(stored.activity_json(), Note(i));
    EXPECT_EQ(stored.activity_type(), "Create");
  }
  // Re-delivery after the restart is still recognised.
  v1::IngestResponse again;
  ASSERT_TRUE(Ingest(Note(3), &again).ok());
  EXPECT_TRUE(again.duplicate());
}

TEST_F(IngestE2ETest, StreamAcknowledgesEachActivityInOrder) {
  grpc::ClientContext context;
  auto stream = stub_->IngestStream(&context);
  const int kCount = 50;
  for (int i = 0; i < kCount; ++i) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    // Every 10th is malformed; the stream must carry on.
    request.set_activity_json(i % 10 == 9 ? std::string("{\"id\":") : Note(100 + i));
    request.set_sequence(i + 1);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  v1::IngestResponse response;
  int seen = 0, errors = 0;
  while (stream->Read(&response)) {
    EXPECT_EQ(response.sequence(), static_cast<uint64_t>(seen + 1));
    if (seen % 10 == 9) {
      EXPECT_EQ(response.error().code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(response.error().field(), "activity_json");
      ++errors;
    } else {
      EXPECT_FALSE(response.has_error()) << response.error().message();
      EXPECT_EQ(response.activity_id(), absl::StrCat("https://a.example/activities/", 100 + seen));
    }
    ++seen;
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(seen, kCount);
  EXPECT_EQ(errors, 5);
}

TEST_F(IngestE2ETest, BatchAnswersEachActivityInOrder) {
  v1::IngestBatchRequest request;
  request.set_parent("instances/a.social");
  for (int i = 0; i < 30; ++i) {
    v1::IngestRequest* activity = request.add_activities();
    // Every 10th is malformed; the 6th repeats the 5th.
    activity->set_activity_json(i % 10 == 9 ? std::string("{\"id\":")
                                            : Note(200 + (i == 5 ? 4 : i)));
    activity->set_sequence(1000 + i);
  }
  // An activity may repeat the batch's parent.
  request.mutable_activities(1)->set_parent("instances/a.social");
  v1::IngestBatchResponse response;
  grpc::ClientContext context;
  grpc::Status status = stub_->IngestBatch(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 30);
  for (int i = 0; i < 30; ++i) {
    const v1::IngestResponse& result = response.results(i);
    SCOPED_TRACE(i);
    if (i % 10 == 9) {
      EXPECT_EQ(result.error().code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(result.error().field(), "activity_json");
      EXPECT_EQ(result.sequence(), 1000u + i);
      continue;
    }
    EXPECT_FALSE(result.has_error()) << result.error().message();
    EXPECT_EQ(result.activity_id(),
              absl::StrCat("https://a.example/activities/", 200 + (i == 5 ? 4 : i)));
    EXPECT_EQ(result.duplicate(), i == 5);
    EXPECT_EQ(result.decision().actions(0).type(), v1::ACCEPT);
  }
  // Everything accepted is stored.
  v1::GetActivityRequest get;
  get.set_parent("instances/a.social");
  get.set_activity_id("https://a.example/activities/228");
  v1::StoredActivity stored;
  grpc::ClientContext get_context;
  ASSERT_TRUE(stub_->GetActivity(&get_context, get, &stored).ok());
  EXPECT_EQ(stored.activity_json(), Note(228));
  EXPECT_EQ(stored.decision().actions(0).type(), v1::ACCEPT);
}

TEST_F(IngestE2ETest, BatchProblemsFailTheWholeCallBeforeIngesting) {
  auto call = [&](const v1::IngestBatchRequest& request) {
    v1::IngestBatchResponse response;
    grpc::ClientContext context;
    return stub_->IngestBatch(&context, request, &response);
  };
  v1::IngestBatchRequest mismatched;
  mismatched.set_parent("instances/a.social");
  mismatched.add_activities()->set_activity_json(Note(300));
  v1::IngestRequest* other = mismatched.add_activities();
  other->set_parent("instances/b.social");
  other->set_activity_json(Note(301));
  grpc::Status status = call(mismatched);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("activities[1].parent: ", 0), 0u)
      << status.error_message();

  v1::IngestBatchRequest oversize;
  oversize.set_parent("instances/a.social");
  for (int i = 0; i < 1001; ++i) oversize.add_activities()->set_activity_json(Note(400 + i));
  status = call(oversize);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "activities: at most 1000 per batch, got 1001");

  v1::IngestBatchRequest unknown;
  unknown.set_parent("instances/nowhere.social");
  unknown.add_activities()->set_activity_json(Note(302));
  EXPECT_EQ(call(unknown).error_code(), grpc::StatusCode::NOT_FOUND);

  // None of them ingested anything.
  for (int n : {300, 400, 302}) {
    v1::IngestResponse response;
    ASSERT_TRUE(Ingest(Note(n), &response).ok());
    EXPECT_FALSE(response.duplicate()) << n;
  }

  v1::IngestBatchRequest empty;
  empty.set_parent("instances/a.social");
  v1::IngestBatchResponse response;
  grpc::ClientContext context;
  EXPECT_TRUE(stub_->IngestBatch(&context, empty, &response).ok());
  EXPECT_EQ(response.results_size(), 0);
}

TEST_F(IngestE2ETest, HealthCheckServes) {
  auto health = grpc::health::v1::Health::NewStub(server_->channel());
  for (const char* service : {"", "harrier.v1.Ingestion"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  }
}

TEST_F(IngestE2ETest, ReflectionListsHarrierServices) {
  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub(server_->channel());
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  for (const char* expected : {"harrier.v1.Ingestion", "harrier.v1.Moderation",
                               "harrier.v1.Feeds", "harrier.v1.Operations"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  while (stream->Read(&response)) {
  }
  EXPECT_TRUE(stream->Finish().ok());
}

struct BadInput {
  std::string name;
  std::string body;
  std::string expected_in_message;
};

TEST_F(IngestE2ETest, BadInputIsInvalidArgumentAndServerKeepsServing) {
  const std::vector<BadInput> cases = {
      {"malformed", "{\"id\": \"x\", \"type\": ", "malformed JSON"},
      {"empty", "", "empty body"},
      {"oversized", "{\"content\":\"" + std::string(1 << 20, 'a') + "\"}",
       "exceeds max_bytes 1048576"},
      {"not an object", "[1,2,3]", "not a JSON object"},
      {"no id", R"({"type":"Create"})", "activity_json.id"},
  };
  for (const BadInput& bad : cases) {
    v1::IngestResponse response;
    grpc::Status status = Ingest(bad.body, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.name;
    EXPECT_NE(status.error_message().find(bad.expected_in_message), std::string::npos)
        << bad.name << ": " << status.error_message();
    v1::ErrorDetails details;
    ASSERT_TRUE(details.ParseFromString(status.error_details())) << bad.name;
    EXPECT_EQ(details.field().substr(0, 13), "activity_json") << bad.name;
  }
  v1::IngestResponse response;
  grpc::Status status = Ingest(Note(7), &response, "instances/nope.social");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = Ingest(Note(7), &response, "a.social");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().substr(0, 8), "parent: ");

  // Still serving, and nothing bad was stored.
  ASSERT_TRUE(Ingest(Note(7), &response).ok());
  EXPECT_FALSE(response.duplicate());
}

// A server whose instance a.social has one feed, `top` (every post, `hot`),
// serving metrics on `metrics_port`.
absl::StatusOr<std::unique_ptr<ServerProcess>> StartWithHotFeed(int metrics_port,
                                                                std::vector<std::string> flags) {
  std::string config = harrier::testing::NewTempDir("config");
  std::filesystem::create_directories(config + "/instances/a.social/feeds");
  std::ofstream(config + "/instances/a.social/feeds/main.feeds")
      << "feed top \"Top\" {\n  rank hot()\n}\n";
  flags.push_back(absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port));
  return ServerProcess::Start({.data_dir = harrier::testing::NewTempDir("data"),
                               .config_dir = config,
                               .extra_flags = std::move(flags)});
}

TEST(MetricsE2ETest, PrometheusEndpointCountsIngestsAndDecisions) {
  const int metrics_port = harrier::testing::FreePort();
  auto server = StartWithHotFeed(metrics_port, {"--feed_flush_interval=1h"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Ingestion::NewStub((*server)->channel());
  for (int i = 0; i < 4; ++i) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    // The third is a duplicate; the fourth likes a post. The two posts'
    // feed entries wait for the next flush, the like with its post.
    request.set_activity_json(
        i == 3 ? R"({"id":"https://b.example/likes/1","type":"Like",)"
                 R"("actor":"https://b.example/users/bob","object":"https://a.example/notes/1"})"
               : i == 2 ? Note(0) : Note(i));
    v1::IngestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(stub->Ingest(&context, request, &response).ok());
  }
  // A batch's ingests count one by one as well: two new, one duplicate.
  v1::IngestBatchRequest batch;
  batch.set_parent("instances/a.social");
  for (int n : {4, 5, 0}) batch.add_activities()->set_activity_json(Note(n));
  v1::IngestBatchResponse batch_response;
  grpc::ClientContext batch_context;
  ASSERT_TRUE(stub->IngestBatch(&batch_context, batch, &batch_response).ok());
  std::string text = harrier::testing::HttpGet(metrics_port, "/metrics");
  EXPECT_NE(text.find("harrier_ingest_total{instance=\"a.social\",outcome=\"ok\"} 5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("harrier_ingest_total{instance=\"a.social\",outcome=\"duplicate\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("harrier_decisions_total{instance=\"a.social\",action=\"ACCEPT\"} 5\n"),
            std::string::npos);
  EXPECT_NE(text.find("harrier_ingest_latency_seconds_count 7"), std::string::npos);
  EXPECT_NE(text.find("harrier_feed_pending_objects 4"), std::string::npos);
  EXPECT_NE(text.find("harrier_engagement_counts_in_memory 1"), std::string::npos);
  EXPECT_NE(text.find("harrier_review_queue_open{instance=\"a.social\"} 0"), std::string::npos);
  EXPECT_NE(text.find("harrier_rocksdb_estimated_keys{family=\"activities\"}"),
            std::string::npos);
}

// The re-scorer's passes, the members they scored and the longest pause of
// writers at a flip are exported.
TEST(MetricsE2ETest, RescorePassesAreReported) {
  const int metrics_port = harrier::testing::FreePort();
  auto server =
      StartWithHotFeed(metrics_port, {"--feed_flush_interval=100ms", "--rescore_interval=500ms"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Ingestion::NewStub((*server)->channel());
  for (int i = 0; i < 3; ++i) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(Note(i));
    v1::IngestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(stub->Ingest(&context, request, &response).ok());
  }
  // `hot` changes with time: every pass re-scores it, with its 3 members
  // once their entries are flushed.
  auto value = [](const std::string& text, const std::string& series) {
    const size_t at = text.find("\n" + series + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + series.size() + 2));
  };
  std::string text;
  for (int attempt = 0; attempt < 100; ++attempt) {
    text = harrier::testing::HttpGet(metrics_port, "/metrics");
    if (value(text, "harrier_rescore_members") >= 6) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(value(text, "harrier_rescore_members"), 6) << text;
  EXPECT_GE(value(text, "harrier_rescore_passes"), 2);
  EXPECT_GE(value(text, "harrier_rescore_feeds{result=\"rescored\"}"), 2);
  EXPECT_EQ(value(text, "harrier_rescore_feeds{result=\"error\"}"), 0);
  EXPECT_GE(value(text, "harrier_rescore_feeds{result=\"deferred\"}"), 0);
  // Exported (a missing series reads -1); how long the pause is, is a
  // benchmark's question (tools/soak prints it), not a timed test's.
  EXPECT_GE(value(text, "harrier_rescore_flip_pause_seconds{pass=\"any\"}"), 0);
  EXPECT_GE(value(text, "harrier_rescore_flip_pause_seconds{pass=\"last\"}"), 0);
}

}  // namespace
}  // namespace harrier
