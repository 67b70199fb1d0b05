// Copyright 2026 The Harrier Authors.
//
// Streaming ingest through gRPC's callback API (what harrierd uses) against
// the completion-queue async API, in one binary and one run, over loopback.
// Both call the same IngestOne() into an Engine on a temporary RocksDB.
//
//   bazel run -c opt //bench:ingest_api_bench
//
// Each iteration opens `streams` IngestStream calls and pushes 5,000
// activities through each (client writes and reads concurrently). Compare
// the items_per_second of the two APIs; docs/OPERATIONS.md records a run.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/engine.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "service/ingestion_service.h"

namespace harrier {
namespace {

constexpr int kPerStream = 5000;

std::string Activity(uint64_t n) {
  return absl::StrCat(
      R"({"id":"https://a.example/activities/)", n,
      R"(","type":"Create","actor":"https://a.example/users/alice",)",
      R"("to":["https://www.w3.org/ns/activitystreams#Public"],"object":{"id":"https://a.example/notes/)",
      n, R"(","type":"Note","content":"<p>A post of ordinary length about painting the harbour at dawn, )",
      R"(with a <a href=\"https://example.com/x\">link</a> and a #tag.</p>"}})");
}

std::unique_ptr<Engine> MakeEngine(const std::string& name) {
  std::string root = absl::StrCat("/tmp/harrier-bench-", name, "-", getpid());
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root + "/config/instances/a.social");
  EngineOptions options;
  options.data_dir = root + "/data";
  options.config_dir = root + "/config";
  return *Engine::Open(options);
}

// The completion-queue server: one state machine per stream.
class AsyncServer {
 public:
  explicit AsyncServer(Engine* engine) : engine_(engine) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    cq_ = builder.AddCompletionQueue();
    server_ = builder.BuildAndStart();
    new Call(this);
    for (int i = 0; i < 2; ++i) {
      threads_.emplace_back([this] {
        void* tag;
        bool ok;
        while (cq_->Next(&tag, &ok)) static_cast<Call*>(tag)->Proceed(ok);
      });
    }
  }
  ~AsyncServer() {
    server_->Shutdown();
    cq_->Shutdown();
    for (auto& t : threads_) t.join();
  }
  int port() const { return port_; }

 private:
  class Call {
   public:
    explicit Call(AsyncServer* server) : server_(server), stream_(&context_) {
      server_->service_.RequestIngestStream(&context_, &stream_, server_->cq_.get(),
                                            server_->cq_.get(), this);
    }
    void Proceed(bool ok) {
      switch (state_) {
        case kConnect:
          if (!ok) {
            delete this;
            return;
          }
          new Call(server_);
          state_ = kRead;
          stream_.Read(&request_, this);
          return;
        case kRead:
          if (!ok) {
            state_ = kFinish;
            stream_.Finish(grpc::Status::OK, this);
            return;
          }
          response_.Clear();
          (void)IngestOne(*server_->engine_, server_->auth_, nullptr, context_, request_, &response_);
          state_ = kWrite;
          stream_.Write(response_, this);
          return;
        case kWrite:
          state_ = kRead;
          stream_.Read(&request_, this);
          return;
        case kFinish:
          delete this;
          return;
      }
    }

   private:
    enum State { kConnect, kRead, kWrite, kFinish };
    AsyncServer* server_;
    grpc::ServerContext context_;
    grpc::ServerAsyncReaderWriter<v1::IngestResponse, v1::IngestRequest> stream_;
    v1::IngestRequest request_;
    v1::IngestResponse response_;
    State state_ = kConnect;
  };

  Engine* engine_;
  const Authenticator auth_ = Authenticator::Disabled();
  v1::Ingestion::AsyncService service_;
  std::unique_ptr<grpc::ServerCompletionQueue> cq_;
  std::unique_ptr<grpc::Server> server_;
  std::vector<std::thread> threads_;
  int port_ = 0;
};

class CallbackServer {
 public:
  explicit CallbackServer(Engine* engine) : service_(engine, &auth_) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~CallbackServer() { server_->Shutdown(); }
  int port() const { return port_; }

 private:
  const Authenticator auth_ = Authenticator::Disabled();
  IngestionService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

std::atomic<uint64_t> next_id{1};

// Pushes kPerStream activities through one stream; returns responses seen.
int RunStream(v1::Ingestion::Stub& stub) {
  grpc::ClientContext context;
  auto stream = stub.IngestStream(&context);
  std::thread writer([&] {
    for (int i = 0; i < kPerStream; ++i) {
      v1::IngestRequest request;
      request.set_parent("instances/a.social");
      request.set_activity_json(Activity(next_id.fetch_add(1)));
      request.set_sequence(i);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  int seen = 0;
  v1::IngestResponse response;
  while (stream->Read(&response)) ++seen;
  writer.join();
  (void)stream->Finish();
  return seen;
}

template <typename ServerType>
void BM_IngestStream(benchmark::State& state) {
  static std::unique_ptr<Engine> engine = MakeEngine(typeid(ServerType).name());
  ServerType server(engine.get());
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::Ingestion::NewStub(channel);
  const int streams = static_cast<int>(state.range(0));
  int64_t items = 0;
  for (auto _ : state) {
    std::vector<std::thread> clients;
    std::atomic<int> seen{0};
    for (int s = 0; s < streams; ++s) {
      clients.emplace_back([&] { seen += RunStream(*stub); });
    }
    for (auto& t : clients) t.join();
    items += seen.load();
  }
  state.SetItemsProcessed(items);
}

BENCHMARK_TEMPLATE(BM_IngestStream, CallbackServer)
    ->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(4);
BENCHMARK_TEMPLATE(BM_IngestStream, AsyncServer)
    ->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(4);

}  // namespace
}  // namespace harrier
