// Copyright 2026 The Harrier Authors.
//
// Crash safety: harrierd is killed with SIGKILL 20 times in the middle of
// streaming ingest (and 10 times in the middle of IngestBatch calls). After each restart every acknowledged activity is there
// with its decision, and after re-delivering everything that was sent (as a
// server would, not knowing what survived) each like counts exactly once.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

constexpr int kPosts = 5;
constexpr int kCycles = 20;
constexpr int kMaxPerCycle = 3000;

std::string PostId(int p) { return absl::StrCat("https://home.example/notes/", p); }

std::string Like(int n) {
  return absl::StrCat(R"({"id":"https://h)", n % 3, ".example/likes/", n,
                      R"(","type":"Like","actor":"https://h)", n % 3, ".example/users/u", n,
                      R"(","object":")", PostId(n % kPosts), R"("})");
}

std::string LikeId(int n) { return absl::StrCat("https://h", n % 3, ".example/likes/", n); }

class CrashE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = harrier::testing::NewTempDir("config");
    std::filesystem::create_directories(config_ + "/instances/a.social");
    data_ = harrier::testing::NewTempDir("data");
  }

  void Start() {
    auto server = ServerProcess::Start({.data_dir = data_, .config_dir = config_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::Ingestion::NewStub(server_->channel());
  }

  grpc::Status Ingest(const std::string& json) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(json);
    v1::IngestResponse response;
    grpc::ClientContext context;
    return stub_->Ingest(&context, request, &response);
  }

  // Sends likes [first, last) over one stream; every one must be answered
  // without error.
  void Redeliver(int first, int last) {
    grpc::ClientContext context;
    auto stream = stub_->IngestStream(&context);
    std::thread writer([&] {
      for (int n = first; n < last; ++n) {
        v1::IngestRequest request;
        request.set_parent("instances/a.social");
        request.set_activity_json(Like(n));
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    int answered = 0;
    v1::IngestResponse response;
    while (stream->Read(&response)) {
      EXPECT_FALSE(response.has_error()) << response.error().message();
      ++answered;
    }
    writer.join();
    EXPECT_TRUE(stream->Finish().ok());
    EXPECT_EQ(answered, last - first);
  }

  // Sends likes [first, last) in IngestBatch calls of `batch`; every one
  // must be answered without error.
  void RedeliverInBatches(int first, int last, int batch) {
    for (int begin = first; begin < last; begin += batch) {
      v1::IngestBatchRequest request;
      request.set_parent("instances/a.social");
      for (int n = begin; n < std::min(last, begin + batch); ++n) {
        request.add_activities()->set_activity_json(Like(n));
      }
      v1::IngestBatchResponse response;
      grpc::ClientContext context;
      grpc::Status status = stub_->IngestBatch(&context, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      for (const auto& result : response.results()) {
        EXPECT_FALSE(result.has_error()) << result.error().message();
      }
    }
  }

  // The posts the likes target.
  void CreatePosts() {
    for (int p = 0; p < kPosts; ++p) {
      ASSERT_TRUE(Ingest(absl::StrCat(R"({"id":"https://home.example/create/)", p,
                                      R"(","type":"Create","actor":"https://home.example/users/a",)",
                                      R"("object":{"id":")", PostId(p),
                                      R"(","type":"Note","content":"post"}})"))
                      .ok());
    }
  }

  // Every acknowledged like has its decision after the restart.
  void ExpectDecided(const std::vector<int>& acknowledged, int cycle) {
    auto moderation = v1::Moderation::NewStub(server_->channel());
    for (int n : acknowledged) {
      v1::GetDecisionRequest request;
      request.set_parent("instances/a.social");
      request.set_activity_id(LikeId(n));
      v1::Decision decision;
      grpc::ClientContext context;
      ASSERT_TRUE(moderation->GetDecision(&context, request, &decision).ok())
          << "cycle " << cycle << ": acknowledged like " << n << " lost";
    }
  }

  int64_t TotalLikes() {
    int64_t total = 0;
    for (int p = 0; p < kPosts; ++p) {
      v1::GetObjectRequest request;
      request.set_parent("instances/a.social");
      request.set_object_id(PostId(p));
      v1::StoredObject object;
      grpc::ClientContext context;
      EXPECT_TRUE(stub_->GetObject(&context, request, &object).ok());
      total += object.engagement().likes();
    }
    return total;
  }

  std::string config_, data_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Ingestion::Stub> stub_;
};

TEST_F(CrashE2ETest, Sigkill20TimesUnderStreamingLoadLosesAndDoublesNothing) {
  Start();
  ASSERT_NO_FATAL_FAILURE(CreatePosts());
  int next = 0;  // likes 0..next-1 have been sent at least once
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    const int first = next;
    std::set<int> acknowledged;
    {
      grpc::ClientContext context;
      auto stream = stub_->IngestStream(&context);
      std::atomic<bool> stop{false};
      std::thread writer([&] {
        for (int n = first; !stop.load() && n < first + kMaxPerCycle; ++n) {
          v1::IngestRequest request;
          request.set_parent("instances/a.social");
          request.set_activity_json(Like(n));
          request.set_sequence(n);
          if (!stream->Write(request)) break;
          next = n + 1;
        }
      });
      std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(40 + 23 * (cycle % 5)));
        server_->Stop(SIGKILL);
        stop = true;
      });
      v1::IngestResponse response;
      while (stream->Read(&response)) {
        if (!response.has_error()) acknowledged.insert(static_cast<int>(response.sequence()));
      }
      killer.join();
      context.TryCancel();
      writer.join();
    }
    ASSERT_GT(acknowledged.size(), 0u) << "cycle " << cycle;
    std::cout << "cycle " << cycle << ": sent " << next - first << ", acknowledged "
              << acknowledged.size() << " before SIGKILL\n";
    Start();
    // Every acknowledged activity survived, with its decision.
    ASSERT_NO_FATAL_FAILURE(ExpectDecided({acknowledged.begin(), acknowledged.end()}, cycle));
    // Re-deliver everything sent this cycle: what survived is a duplicate,
    // what did not is applied now. Then each like counts exactly once.
    Redeliver(first, next);
    ASSERT_EQ(TotalLikes(), next) << "cycle " << cycle;
  }
  EXPECT_GT(next, kCycles * 10);
}

// The same with IngestBatch: the server commits each call's activities in
// groups (likes of the same five posts keep postponing one another to later
// groups); every activity of an answered call survives, and nothing of a
// call cut off by the kill is counted twice after re-delivery.
TEST_F(CrashE2ETest, Sigkill10TimesUnderBatchLoadLosesAndDoublesNothing) {
  constexpr int kBatch = 50;
  Start();
  ASSERT_NO_FATAL_FAILURE(CreatePosts());
  int next = 0;
  for (int cycle = 0; cycle < 10; ++cycle) {
    const int first = next;
    std::vector<int> acknowledged;
    std::thread killer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(60 + 31 * (cycle % 4)));
      server_->Stop(SIGKILL);
    });
    for (int begin = first; begin < first + kMaxPerCycle; begin += kBatch) {
      v1::IngestBatchRequest request;
      request.set_parent("instances/a.social");
      for (int n = begin; n < begin + kBatch; ++n) {
        v1::IngestRequest* activity = request.add_activities();
        activity->set_activity_json(Like(n));
        activity->set_sequence(n);
      }
      next = begin + kBatch;
      v1::IngestBatchResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      if (!stub_->IngestBatch(&context, request, &response).ok()) break;
      for (const auto& result : response.results()) {
        if (!result.has_error()) acknowledged.push_back(static_cast<int>(result.sequence()));
      }
    }
    killer.join();
    ASSERT_GT(acknowledged.size(), 0u) << "cycle " << cycle;
    std::cout << "cycle " << cycle << ": sent " << next - first << ", acknowledged "
              << acknowledged.size() << " before SIGKILL\n";
    Start();
    ASSERT_NO_FATAL_FAILURE(ExpectDecided(acknowledged, cycle));
    RedeliverInBatches(first, next, 200);
    ASSERT_EQ(TotalLikes(), next) << "cycle " << cycle;
  }
}

}  // namespace
}  // namespace harrier
