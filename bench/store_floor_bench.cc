// Copyright 2026 The Harrier Authors.
//
// store_floor_bench: what the storage layer alone costs per activity on this
// machine — Harrier's Store (the same RocksDB build and options as harrierd)
// with no engine code, no gRPC and no rules. Each simulated activity writes
// `keys` keys and makes `reads` point reads shaped like the ingest path's
// (URL-sized ids under an instance prefix, the activity record's ~800-byte
// value, small index and counter values), in write batches of 250 like a
// soak's IngestBatch calls. It is the floor under any ingest path with that
// many keys and reads per activity: the soak's target of 25,000 activities/s
// on two cores leaves about 71 µs of server CPU per activity in all.
//
//   bazel run -c opt //bench:store_floor_bench
//
// Counters: cpu_us_per_activity is the process's CPU time (user + system,
// every thread: the writer and RocksDB's flushes and compactions) divided by
// the activities written; floor_share is that over the 71 µs budget.
// Arguments: keys per activity, reads per activity. 2/1 is the least any
// design with a durable dedup record and a decision index can do; 8/3 is
// about what the soak's realistic mix costs today (docs/PERFORMANCE.md).
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/storage/keys.h"
#include "engine/storage/store.h"

namespace harrier {
namespace {

constexpr int kBatch = 250;
constexpr double kBudgetMicros = 71.0;

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Ids and values shaped like the soak's: 50 hosts, 5,000 actors, posts that
// are engaged with while recent.
class Shapes {
 public:
  explicit Shapes(uint64_t seed) : rng_(seed) {}

  std::string Host() { return absl::StrCat("h", rng_() % 50, ".example"); }
  std::string ActivityId(uint64_t n) {
    return absl::StrCat("https://", Host(), "/a/floor/", n % 4, "/", n);
  }
  std::string Actor() { return absl::StrCat("https://", Host(), "/users/u", rng_() % 5000); }
  std::string RecentObject(uint64_t n) {
    const uint64_t back = rng_() % 500;
    const uint64_t post = n > back ? n - back : 0;
    return absl::StrCat("https://h", post % 50, ".example/notes/floor/", post);
  }
  // A value of `size` bytes, JSON-like text so LZ4 on blobs and SST blocks
  // behaves as on records; one of 64 made up front, so that building values
  // is not counted as storage work.
  std::string_view Value(size_t size) {
    std::vector<std::string>& pool = values_[size];
    if (pool.empty()) {
      for (int i = 0; i < 64; ++i) {
        std::string value = absl::StrCat(R"({"id":"https://h1.example/a/floor/)", i,
                                         R"(","type":"Create","content":"<p>Post about )");
        while (value.size() < size) {
          absl::StrAppend(&value, "painting the harbour at dawn #art #t", rng_() % 20, " ");
        }
        value.resize(size);
        pool.push_back(std::move(value));
      }
    }
    return pool[rng_() % pool.size()];
  }

 private:
  std::mt19937_64 rng_;
  std::map<size_t, std::vector<std::string>> values_;
};

void BM_StoreFloor(benchmark::State& state) {
  const int keys_per_activity = static_cast<int>(state.range(0));
  const int reads_per_activity = static_cast<int>(state.range(1));
  const std::string dir = absl::StrCat(std::filesystem::temp_directory_path().string(),
                                       "/harrier_floor_", getpid(), "_", keys_per_activity,
                                       "_", reads_per_activity);
  std::filesystem::remove_all(dir);
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir, Store::Options());
  if (!store.ok()) {
    state.SkipWithError(std::string(store.status().message()).c_str());
    return;
  }
  const std::string instance = "floor.social";
  Shapes shapes(keys_per_activity * 131 + reads_per_activity);
  uint64_t n = 0;
  int64_t found = 0;
  // Families the extra keys go to, in the ingest path's proportions
  // (engagement edges and counts, objects, feed members and index entries).
  const Family extra_families[] = {Family::kEngagement, Family::kFeedScores, Family::kFeedIndex,
                                   Family::kEngagement, Family::kObjects,    Family::kFeedScores};
  for (size_t size : {780, 160, 48}) shapes.Value(size);
  const double cpu_start = ProcessCpuSeconds();
  // FLOOR_MULTIGET=1: the dedup reads of each batch as one MultiGet, as
  // harrierd's IngestMany makes them.
  const bool multi = std::getenv("FLOOR_MULTIGET") != nullptr;
  for (auto _ : state) {
    Store::Batch batch;
    if (multi) {
      std::vector<std::string> dedup;
      for (int i = 0; i < kBatch; ++i) {
        dedup.push_back(keys::Make(instance, {shapes.ActivityId(n + i)}));
      }
      for (const auto& value : (*store)->MultiGet(Family::kActivities, dedup)) {
        if (value.ok()) ++found;
      }
    }
    for (int i = 0; i < kBatch; ++i, ++n) {
      const std::string id = shapes.ActivityId(n);
      for (int r = multi ? 1 : 0; r < reads_per_activity; ++r) {
        // The first read is the dedup read of a new activity (absent); the
        // others alternate between an absent edge and a recent object's
        // counts (present once written).
        std::string key;
        Family family = Family::kActivities;
        if (r == 0) {
          key = keys::Make(instance, {id});
        } else if (r % 2 == 1) {
          family = Family::kEngagement;
          key = keys::Make(instance, {"e", shapes.RecentObject(n), "like", shapes.Actor()});
        } else {
          family = Family::kEngagement;
          key = keys::Make(instance, {"c", shapes.RecentObject(n)});
        }
        absl::StatusOr<std::string> value = (*store)->Get(family, key);
        if (value.ok()) ++found;
      }
      if (keys_per_activity >= 1) {
        batch.Put(Family::kActivities, keys::Make(instance, {id}), shapes.Value(780));
      }
      if (keys_per_activity >= 2) {
        std::string time;
        keys::AppendBigEndian64(&time, n);
        batch.Put(Family::kDecisions, keys::Make(instance, {"t", time, id}),
                  shapes.Value(160));
      }
      for (int k = 2; k < keys_per_activity; ++k) {
        const Family family = extra_families[(k - 2) % 6];
        std::string key =
            k % 2 == 0
                ? keys::Make(instance, {"e", shapes.RecentObject(n), "like", shapes.Actor()})
                : keys::Make(instance, {"c", shapes.RecentObject(n)});
        batch.Put(family, key, shapes.Value(48));
      }
    }
    absl::Status status = (*store)->Write(batch);
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      break;
    }
  }
  // Background work still owed for what was written (flushes) counts too.
  store->reset();
  const double cpu_micros = (ProcessCpuSeconds() - cpu_start) * 1e6;
  const double activities = static_cast<double>(state.iterations()) * kBatch;
  state.SetItemsProcessed(static_cast<int64_t>(activities));
  state.counters["cpu_us_per_activity"] = cpu_micros / activities;
  state.counters["floor_share"] = cpu_micros / activities / kBudgetMicros;
  state.counters["reads_found"] = static_cast<double>(found);
  std::filesystem::remove_all(dir);
}

// Batches per run: by default 2,000 = 500,000 activities, long enough that
// memtables flush and compactions run several times (a soak's first
// minute); FLOOR_BATCHES=14400 writes as many as a five-minute soak at
// 12,000/s (3.6 million).
int64_t Batches() {
  const char* env = std::getenv("FLOOR_BATCHES");
  const int64_t batches = env != nullptr ? std::atoll(env) : 0;
  return batches > 0 ? batches : 2000;
}

BENCHMARK(BM_StoreFloor)
    ->ArgNames({"keys", "reads"})
    ->Args({2, 1})
    ->Args({4, 2})
    ->Args({6, 3})
    ->Args({8, 3})
    ->Iterations(Batches())
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace harrier
