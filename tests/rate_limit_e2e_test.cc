// Copyright 2026 The Harrier Authors.
//
// Over its ingest rate limit an instance gets RESOURCE_EXHAUSTED with a retry
// hint, while another instance ingesting at the same time is unaffected.
#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/errors.pb.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

TEST(RateLimitE2ETest, FloodingInstanceIsSlowedOthersAreNot) {
  std::string config = harrier::testing::NewTempDir("config");
  std::filesystem::create_directories(config + "/instances/flood.social");
  std::filesystem::create_directories(config + "/instances/calm.social");
  auto server = harrier::testing::ServerProcess::Start(
      {.data_dir = harrier::testing::NewTempDir("data"),
       .config_dir = config,
       .extra_flags = {"--ingest_rate=50", "--ingest_burst=50"}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Ingestion::NewStub((*server)->channel());
  auto ingest = [&](const std::string& instance, int n) {
    v1::IngestRequest request;
    request.set_parent("instances/" + instance);
    request.set_activity_json(absl::StrCat(R"({"id":"https://x.example/a/)", instance, n,
                                           R"(","type":"Like","actor":"https://x.example/u)",
                                           n, R"(","object":"https://y.example/n/1"})"));
    v1::IngestResponse response;
    grpc::ClientContext context;
    return stub->Ingest(&context, request, &response);
  };

  std::atomic<int> flood_ok{0}, flood_limited{0}, calm_failed{0};
  std::atomic<double> retry_hint{0};
  std::thread flood([&] {
    for (int i = 0; i < 400; ++i) {
      grpc::Status status = ingest("flood.social", i);
      if (status.ok()) {
        ++flood_ok;
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++flood_limited;
        v1::ErrorDetails details;
        if (details.ParseFromString(status.error_details())) {
          retry_hint = details.retry_after_seconds();
        }
      }
    }
  });
  for (int i = 0; i < 40; ++i) {
    if (!ingest("calm.social", i).ok()) ++calm_failed;
  }
  flood.join();
  EXPECT_GT(flood_limited.load(), 0);
  EXPECT_GE(flood_ok.load(), 50);    // the burst went through
  EXPECT_LT(flood_ok.load(), 400);   // the rest was slowed
  EXPECT_GT(retry_hint.load(), 0.0);
  EXPECT_LE(retry_hint.load(), 0.03);  // one token at 50/s: at most 20 ms
  EXPECT_EQ(calm_failed.load(), 0);
}

}  // namespace
}  // namespace harrier
