// Copyright 2026 The Harrier Authors.
//
// Ranking benchmarks (issue 6, acceptance 4):
//
//   bazel run -c opt --jobs=2 //bench:ranking_bench
//   bazel run -c opt --jobs=2 //bench:ranking_bench -- --benchmark_filter=GetFeed
//
//   BM_EngagementEvents   engine-level: one Like re-scores its object in every
//                         feed it belongs to (OnActivity + Store::Write with
//                         the WAL on, no fsync), over 100k objects in 10 feeds.
//   BM_GetFeedTop40       one 40-item first page (snapshot + seek + 40 steps)
//                         of a random feed, 1M objects in 1,000 feeds; the
//                         index is written directly (FeedIndex::PutEntry) to
//                         keep set-up short. Reports p50/p99 in µs.
//   BM_GetFeedTop40Grpc   the same through harrier.v1.Feeds/GetFeed on a
//                         loopback gRPC server (callback API), one client.
//   BM_Rescore            FeedEngine::Rescore of N members of a Lemmy-hot
//                         feed (new generation + atomic flip).
//
// Figures and the machine they came from are in docs/RANKING.md.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "engine/ranking/feed_engine.h"
#include "engine/ranking/feed_index.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "service/feeds_service.h"

namespace harrier {
namespace {

using ranking::FeedDefinition;
using ranking::FeedEngine;
using ranking::FeedIndex;

const absl::Time kNow = absl::FromUnixSeconds(1750000000);

// A store + feed engine in a fresh directory, removed on destruction.
struct Fixture {
  explicit Fixture(const std::string& name)
      : dir(absl::StrCat("/tmp/harrier-ranking-bench-", name, "-", getpid())) {
    std::filesystem::remove_all(dir);
    Store::Options options;
    options.block_cache_bytes = 256 << 20;
    store = *Store::Open(dir, options);
    feeds = std::make_unique<FeedEngine>(store.get());
  }
  ~Fixture() {
    feeds.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
  std::string dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<FeedEngine> feeds;
};

void ReportPercentiles(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
}

v1::NormalizedActivity Post(int n, int tag) {
  v1::NormalizedActivity activity;
  activity.set_type("Create");
  v1::Object* object = activity.mutable_object();
  object->set_id(absl::StrCat("https://a.example/notes/", n));
  object->set_type("Note");
  object->mutable_author()->set_id(absl::StrCat("https://a.example/users/", n % 997));
  object->mutable_published()->set_seconds(absl::ToUnixSeconds(kNow) - n);
  object->add_hashtags(absl::StrCat("t", tag));
  object->add_hashtags(absl::StrCat("t", (tag + 3) % 10));
  return activity;
}

void BM_EngagementEvents(benchmark::State& state) {
  constexpr int kObjects = 100000;
  Fixture fixture("events");
  std::vector<FeedDefinition> defs;
  const char* algorithms[] = {"hot", "reddit_hot", "half_life", "best", "trending"};
  for (int f = 0; f < 10; ++f) {
    FeedDefinition feed;
    feed.id = absl::StrCat("feed", f);
    feed.algorithm = {algorithms[f % 5], {}};
    feed.weights.per_host_cap = 0.2;
    const std::string tag = absl::StrCat("t", f);
    feed.include = [tag](const v1::NormalizedActivity& a) {
      for (const std::string& t : a.object().hashtags()) {
        if (t == tag) return true;
      }
      return false;
    };
    defs.push_back(std::move(feed));
  }
  fixture.feeds->registry().Set("a.example", *ranking::FeedSet::Create(std::move(defs)));
  {
    Store::Batch batch;
    for (int n = 0; n < kObjects; ++n) {
      (void)fixture.feeds->OnActivity("a.example", Post(n, n % 10), nullptr, true, kNow,
                                      &batch);
      if (batch.count() > 20000) {
        (void)fixture.store->Write(batch);
        batch = Store::Batch();
      }
    }
    (void)fixture.store->Write(batch);
  }
  std::mt19937_64 random(7);
  int64_t events = 0;
  for (auto _ : state) {
    const int n = static_cast<int>(random() % kObjects);
    v1::NormalizedActivity like;
    like.set_type("Like");
    like.mutable_object()->set_id(absl::StrCat("https://a.example/notes/", n));
    storage::EngagementRecord counts;
    for (int h = 0; h < 4; ++h) {
      (*counts.mutable_by_host())[absl::StrCat("h", h, ".example")].set_likes(
          static_cast<int64_t>(random() % 50));
    }
    FeedEngine::WriteLock lock(*fixture.feeds);
    Store::Batch batch;
    absl::Status status =
        fixture.feeds->OnActivity("a.example", like, &counts, true, kNow, &batch);
    if (status.ok()) status = fixture.store->Write(batch);
    if (!status.ok()) state.SkipWithError(status.ToString().c_str());
    ++events;
  }
  state.SetItemsProcessed(events);
}
BENCHMARK(BM_EngagementEvents)->Unit(benchmark::kMicrosecond);

// 1M objects in 1,000 feeds, built once for both GetFeed benchmarks.
constexpr int kFeeds = 1000;
constexpr int kPerFeed = 1000;

Fixture& FeedData() {
  // Destroyed at exit, which removes its directory.
  static Fixture data("getfeed");
  static Fixture* fixture = [] {
    Fixture* f = &data;
    std::vector<FeedDefinition> defs;
    for (int i = 0; i < kFeeds; ++i) {
      FeedDefinition feed;
      feed.id = absl::StrCat("feed", i);
      feed.algorithm = {"reddit_hot", {}};
      defs.push_back(std::move(feed));
    }
    f->feeds->registry().Set("a.example", *ranking::FeedSet::Create(std::move(defs)));
    const absl::Time start = absl::Now();
    std::mt19937_64 random(11);
    Store::Batch batch;
    storage::FeedIndexValue value;
    for (int i = 0; i < kFeeds; ++i) {
      const std::string feed = absl::StrCat("feed", i);
      for (int j = 0; j < kPerFeed; ++j) {
        value.set_author_id(absl::StrCat("https://a.example/users/", j % 313));
        value.set_published_unix_micros(absl::ToUnixMicros(kNow) - j);
        FeedIndex::PutEntry(&batch, "a.example", feed, 0,
                            static_cast<double>(random() % 1000000) / 1000,
                            absl::StrCat("https://a.example/notes/", i * kPerFeed + j), value);
      }
      if (batch.count() >= 50000) {
        (void)f->store->Write(batch);
        batch = Store::Batch();
      }
    }
    (void)f->store->Write(batch);
    (void)f->store->Flush();
    fprintf(stderr, "built %d objects in %d feeds in %.1f s\n", kFeeds * kPerFeed, kFeeds,
            absl::ToDoubleSeconds(absl::Now() - start));
    return f;
  }();
  return *fixture;
}

void BM_GetFeedTop40(benchmark::State& state) {
  Fixture& data = FeedData();
  std::mt19937_64 random(3);
  std::vector<double> micros;
  for (auto _ : state) {
    const std::string feed = absl::StrCat("feed", random() % kFeeds);
    const absl::Time start = absl::Now();
    absl::StatusOr<ranking::FeedPage> page = data.feeds->GetFeed("a.example", feed, 40, "");
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
    if (!page.ok() || page->items.size() != 40) state.SkipWithError("bad page");
  }
  state.SetItemsProcessed(state.iterations());
  ReportPercentiles(state, micros);
}
BENCHMARK(BM_GetFeedTop40)->Unit(benchmark::kMicrosecond);

void BM_GetFeedTop40Grpc(benchmark::State& state) {
  Fixture& data = FeedData();
  InstanceRegistry instances(std::vector<std::string>{"a.example"});
  FeedsService service(data.feeds.get(), &instances);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = v1::Feeds::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                                     grpc::InsecureChannelCredentials()));
  std::mt19937_64 random(5);
  std::vector<double> micros;
  for (auto _ : state) {
    v1::GetFeedRequest request;
    request.set_name(absl::StrCat("instances/a.example/feeds/feed", random() % kFeeds));
    request.set_page_size(40);
    v1::GetFeedResponse response;
    grpc::ClientContext context;
    const absl::Time start = absl::Now();
    grpc::Status status = stub->GetFeed(&context, request, &response);
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
    if (!status.ok() || response.items_size() != 40) state.SkipWithError("bad page");
  }
  state.SetItemsProcessed(state.iterations());
  ReportPercentiles(state, micros);
  server->Shutdown();
}
BENCHMARK(BM_GetFeedTop40Grpc)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Rescore(benchmark::State& state) {
  const int members = static_cast<int>(state.range(0));
  Fixture fixture(absl::StrCat("rescore", members));
  FeedDefinition hot;
  hot.id = "hot";
  hot.algorithm = {"hot", {}};
  fixture.feeds->registry().Set("a.example", *ranking::FeedSet::Create({hot}));
  {
    std::mt19937_64 random(13);
    Store::Batch batch;
    storage::FeedMemberRecord record;
    for (int n = 0; n < members; ++n) {
      const std::string id = absl::StrCat("https://a.example/notes/", n);
      record.set_author_id(absl::StrCat("https://a.example/users/", n % 997));
      record.set_published_unix_micros(absl::ToUnixMicros(kNow) -
                                       static_cast<int64_t>(random() % 600000) * 1000000);
      record.mutable_signals()->set_likes(static_cast<double>(random() % 100));
      record.mutable_signals()->set_positive(record.signals().likes());
      const double score = fixture.feeds->registry()
                               .Get("a.example")
                               ->Find("hot")
                               ->ranker->Score(ranking::InputsOf(record, kNow));
      record.set_score(score);
      batch.Put(Family::kFeedScores, FeedIndex::MemberKey("a.example", "hot", id),
                record.SerializeAsString());
      storage::FeedIndexValue value;
      value.set_author_id(record.author_id());
      FeedIndex::PutEntry(&batch, "a.example", "hot", 0, score, id, value);
      if (batch.count() >= 50000) {
        (void)fixture.store->Write(batch);
        batch = Store::Batch();
      }
    }
    (void)fixture.store->Write(batch);
    (void)fixture.store->Flush();
  }
  int round = 0;
  for (auto _ : state) {
    absl::StatusOr<ranking::RescoreStats> stats =
        fixture.feeds->Rescore("a.example", "hot", kNow + absl::Minutes(10 * ++round));
    if (!stats.ok()) state.SkipWithError(stats.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * members);
}
BENCHMARK(BM_Rescore)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace harrier
