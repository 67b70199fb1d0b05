// Copyright 2026 The Harrier Authors.
//
// load_generator: replays a realistic mix of activities against a running
// harrierd, in IngestBatch calls (or one IngestStream message per activity
// with --batch=1), and reports throughput, latency percentiles
// and the server's resident memory over time. See tools/soak.
//
//   bazel-bin/bench/load_generator --server=127.0.0.1:50051 --token=$T
//       --instance=example.social --rate=25000 --duration=300s --streams=4
//       --batch=100
//       --server_pid=$(pidof harrierd)
//
// Mix (per 100 activities): 30 posts (a third of them replies; each tagged
// #art and one of #t0..#t19), 40 likes,
// 10 boosts, 10 Undo of an earlier like, 5 deletes of an earlier post, 5
// reports. Likes, boosts, replies and reports target recent posts, from
// actors spread over 50 hosts. Rates above what the server sustains are
// not queued without bound: each worker keeps one batch (or, streaming, at
// most --window activities) in flight.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/client.h"
#include "harrier/v1/ingestion.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "harrierd address");
ABSL_FLAG(std::string, token, "", "bearer token with the ingest scope");
ABSL_FLAG(std::string, instance, "example.social", "instance to ingest into");
ABSL_FLAG(double, rate, 0, "target activities per second over all streams; 0: as fast as possible");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(30), "how long to run");
ABSL_FLAG(int, streams, 4, "concurrent workers: IngestBatch calls or IngestStream streams");
ABSL_FLAG(int, batch, 100,
          "activities per IngestBatch call; 1: one IngestStream message per activity");
ABSL_FLAG(int, window, 256, "activities in flight per stream at most");
ABSL_FLAG(int, server_pid, 0, "harrierd's pid, to sample its RSS (0: skip)");
ABSL_FLAG(std::string, run_id, "", "prefix of activity ids (default: the current time)");

namespace {

int64_t RssKb(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6);
  }
  return -1;
}

// CPU seconds (user + system) `pid` has used so far; -1 when unknown.
double CpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::vector<std::string> fields = absl::StrSplit(stat.substr(paren + 2), ' ');
  // Fields 14 and 15 of stat(5), counted from the state (field 3).
  if (fields.size() < 13) return -1;
  return (std::atof(fields[11].c_str()) + std::atof(fields[12].c_str())) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Per-activity errors by code and message (the first 20 distinct ones), so a
// run with errors says what they were.
absl::Mutex error_mu;
std::map<std::string, uint64_t>* error_counts = new std::map<std::string, uint64_t>();

void NoteError(const harrier::v1::IngestError& error) {
  std::string what = absl::StrCat("code ", error.code(), ": ", error.message().substr(0, 200));
  absl::MutexLock lock(&error_mu);
  auto it = error_counts->find(what);
  if (it != error_counts->end()) {
    ++it->second;
  } else if (error_counts->size() < 20) {
    (*error_counts)[what] = 1;
  }
}

// Builds the n-th activity of stream `s`.
class Mix {
 public:
  Mix(std::string run, int stream) : run_(std::move(run)), stream_(stream), rng_(stream + 1) {}

  std::string Next() {
    const uint64_t n = counter_++;
    const int kind = static_cast<int>(rng_() % 100);
    const std::string host = absl::StrCat("h", rng_() % 50, ".example");
    const std::string actor = absl::StrCat("https://", host, "/users/u", rng_() % 5000);
    const std::string id = absl::StrCat("https://", host, "/a/", run_, "/", stream_, "/", n);
    if (kind < 30 || posts_ < 10) {
      std::string post = absl::StrCat("https://", host, "/notes/", run_, "/", stream_, "/", n);
      // One of 20 community hashtags per post, besides #art.
      const uint64_t tag = rng_() % 20;
      std::string reply;
      if (kind % 3 == 0 && posts_ > 0) {
        reply = absl::StrCat(R"(,"inReplyTo":")", RecentPost(), "\"");
      }
      Remember(post);
      return absl::StrCat(
          R"({"id":")", id, R"(","type":"Create","actor":")", actor,
          R"(","published":"2026-11-26T10:00:00Z","to":["https://www.w3.org/ns/activitystreams#Public"],"object":{"id":")",
          post, R"(","type":"Note","attributedTo":")", actor, "\"", reply,
          R"(,"published":"2026-11-26T10:00:00Z","content":"<p>Post )", n,
          R"( about painting the harbour at dawn with a <a href=\"https://news.example/a\">link</a> and #art #t)",
          tag, R"(</p>",)", R"("tag":[{"type":"Hashtag","name":"#art"},{"type":"Hashtag","name":"#t)", tag,
          R"("}],"to":["https://www.w3.org/ns/activitystreams#Public"]}})");
    }
    if (kind < 70) {
      likes_.push_back({id, actor});
      if (likes_.size() > 1000) likes_.pop_front();
      return absl::StrCat(R"({"id":")", id, R"(","type":"Like","actor":")", actor,
                          R"(","object":")", RecentPost(), R"("})");
    }
    if (kind < 80) {
      return absl::StrCat(R"({"id":")", id, R"(","type":"Announce","actor":")", actor,
                          R"(","to":["https://www.w3.org/ns/activitystreams#Public"],"object":")",
                          RecentPost(), R"("})");
    }
    if (kind < 90 && !likes_.empty()) {
      auto [like_id, like_actor] = likes_[rng_() % likes_.size()];
      return absl::StrCat(R"({"id":")", id, R"(","type":"Undo","actor":")", like_actor,
                          R"(","object":")", like_id, R"("})");
    }
    if (kind < 95) {
      std::string post = RecentPost();
      return absl::StrCat(R"({"id":")", id, R"(","type":"Delete","actor":")", actor,
                          R"(","object":{"id":")", post, R"(","type":"Tombstone"}})");
    }
    return absl::StrCat(R"({"id":")", id, R"(","type":"Flag","actor":"https://)", host,
                        R"(/actor","content":"spam","object":[")", RecentPost(), R"("]})");
  }

 private:
  std::string RecentPost() {
    if (recent_.empty()) return "https://nowhere.example/notes/0";
    return recent_[rng_() % recent_.size()];
  }
  void Remember(const std::string& post) {
    ++posts_;
    recent_.push_back(post);
    if (recent_.size() > 500) recent_.pop_front();
  }

  std::string run_;
  int stream_;
  std::mt19937_64 rng_;
  uint64_t counter_ = 0;
  uint64_t posts_ = 0;
  // The most recent posts and likes, oldest first (deques: dropping the
  // oldest must not shift the rest, which took half the generator's CPU).
  std::deque<std::string> recent_;
  std::deque<std::pair<std::string, std::string>> likes_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int streams = std::max(1, absl::GetFlag(FLAGS_streams));
  const int window = std::max(1, absl::GetFlag(FLAGS_window));
  const int batch = std::clamp(absl::GetFlag(FLAGS_batch), 1, 1000);
  const double rate = absl::GetFlag(FLAGS_rate);
  const absl::Duration duration = absl::GetFlag(FLAGS_duration);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  std::string run = absl::GetFlag(FLAGS_run_id);
  if (run.empty()) run = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  const std::string parent = absl::StrCat("instances/", absl::GetFlag(FLAGS_instance));
  auto channel = harrier::cli::ChannelWithToken(absl::GetFlag(FLAGS_server),
                                                absl::GetFlag(FLAGS_token));

  std::atomic<uint64_t> acked{0}, errors{0};
  absl::Mutex latency_mu;
  // Sampled: every 16th ack on streams, every 4th call's round trip with
  // batches (every activity of a batch waits for the whole call).
  std::vector<double> latencies_us;
  const double server_cpu_start = pid > 0 ? CpuSeconds(pid) : -1;
  const double own_cpu_start = CpuSeconds(getpid());
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  std::vector<std::thread> threads;
  const double per_stream = rate / streams;
  for (int s = 0; s < streams; ++s) {
    if (batch > 1) {
      // IngestBatch: one call carries `batch` activities; a worker keeps one
      // call in flight.
      threads.emplace_back([&, s] {
        auto stub = harrier::v1::Ingestion::NewStub(channel);
        Mix mix(run, s);
        uint64_t calls = 0;
        for (uint64_t n = 0;; n += batch) {
          absl::Time now = absl::Now();
          if (now >= end) break;
          if (per_stream > 0) {
            absl::Time due = start + absl::Seconds(n / per_stream);
            if (due > now) absl::SleepFor(due - now);
          }
          harrier::v1::IngestBatchRequest request;
          request.set_parent(parent);
          for (int i = 0; i < batch; ++i) {
            harrier::v1::IngestRequest* activity = request.add_activities();
            activity->set_activity_json(mix.Next());
            activity->set_sequence(n + i);
          }
          harrier::v1::IngestBatchResponse response;
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
          const absl::Time sent = absl::Now();
          grpc::Status status = stub->IngestBatch(&context, request, &response);
          const double took_us = absl::ToDoubleMicroseconds(absl::Now() - sent);
          if (!status.ok()) {
            std::fprintf(stderr, "IngestBatch: %s\n", status.error_message().c_str());
            errors += batch;
            continue;
          }
          for (const auto& result : response.results()) {
            if (result.has_error()) {
              ++errors;
              NoteError(result.error());
            } else {
              ++acked;
            }
          }
          if (++calls % 4 == 0) {
            absl::MutexLock lock(&latency_mu);
            latencies_us.push_back(took_us);
          }
        }
      });
      continue;
    }
    threads.emplace_back([&, s] {
      auto stub = harrier::v1::Ingestion::NewStub(channel);
      grpc::ClientContext context;
      auto stream = stub->IngestStream(&context);
      Mix mix(run, s);
      absl::Mutex mu;
      std::vector<absl::Time> sent_at(window);
      int64_t in_flight = 0;
      std::thread reader([&] {
        harrier::v1::IngestResponse response;
        uint64_t local = 0;
        while (stream->Read(&response)) {
          absl::Time sent;
          {
            absl::MutexLock lock(&mu);
            sent = sent_at[response.sequence() % window];
            --in_flight;
          }
          if (response.has_error()) {
            ++errors;
            NoteError(response.error());
          } else {
            ++acked;
          }
          if (++local % 16 == 0) {
            absl::MutexLock lock(&latency_mu);
            latencies_us.push_back(absl::ToDoubleMicroseconds(absl::Now() - sent));
          }
        }
      });
      for (uint64_t n = 0;; ++n) {
        absl::Time now = absl::Now();
        if (now >= end) break;
        if (per_stream > 0) {
          absl::Time due = start + absl::Seconds(n / per_stream);
          if (due > now) absl::SleepFor(due - now);
        }
        {
          absl::MutexLock lock(&mu);
          auto room = [&] { return in_flight < window; };
          mu.AwaitWithTimeout(absl::Condition(&room), absl::Seconds(5));
          if (in_flight >= window) continue;
          ++in_flight;
          sent_at[n % window] = absl::Now();
        }
        harrier::v1::IngestRequest request;
        request.set_parent(parent);
        request.set_activity_json(mix.Next());
        request.set_sequence(n);
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
      reader.join();
      (void)stream->Finish();
    });
  }
  // Every 10 s (or a tenth of the run): the server's RSS and the rate of
  // acknowledgements since the previous sample.
  struct Sample {
    double t;
    int64_t rss_kb;
    double rate;
  };
  std::vector<Sample> samples;
  std::thread sampler([&] {
    const absl::Duration every = std::min(absl::Seconds(10), duration / 10);
    absl::Time last = start;
    uint64_t last_acked = 0;
    while (absl::Now() + every <= end) {
      absl::SleepFor(every);
      const absl::Time now = absl::Now();
      const uint64_t now_acked = acked.load();
      samples.push_back({absl::ToDoubleSeconds(now - start), pid > 0 ? RssKb(pid) : -1,
                         (now_acked - last_acked) / absl::ToDoubleSeconds(now - last)});
      last = now;
      last_acked = now_acked;
    }
  });
  for (auto& t : threads) t.join();
  sampler.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    if (latencies_us.empty()) return 0.0;
    return latencies_us[std::min(latencies_us.size() - 1,
                                 static_cast<size_t>(p * latencies_us.size()))];
  };
  std::printf("activities acknowledged: %llu in %.1f s = %.0f/s (errors: %llu)\n",
              static_cast<unsigned long long>(acked.load()), seconds, acked.load() / seconds,
              static_cast<unsigned long long>(errors.load()));
  {
    absl::MutexLock lock(&error_mu);
    for (const auto& [what, count] : *error_counts) {
      std::printf("  error x%llu: %s\n", static_cast<unsigned long long>(count), what.c_str());
    }
  }
  std::printf("%s (µs): p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f\n",
              batch > 1 ? "latency per IngestBatch call" : "latency send->ack", pct(0.5),
              pct(0.9), pct(0.99), pct(0.999));
  // CPU per activity is steadier than throughput on a shared machine.
  const double per_activity = acked.load() > 0 ? 1e6 / acked.load() : 0;
  std::printf("CPU per activity (µs): load generator %.1f",
              (CpuSeconds(getpid()) - own_cpu_start) * per_activity);
  if (pid > 0) std::printf("  server %.1f", (CpuSeconds(pid) - server_cpu_start) * per_activity);
  std::printf("\n");
  std::printf("activities/s over time:");
  for (const Sample& sample : samples) std::printf("  %.0fs:%.0f", sample.t, sample.rate);
  std::printf("\n");
  const int64_t end_rss_kb = pid > 0 ? RssKb(pid) : -1;
  if (pid > 0) {
    std::printf("server RSS (MiB) over time:");
    for (const Sample& sample : samples) std::printf("  %.0fs:%.0f", sample.t, sample.rss_kb / 1024.0);
    std::printf("  end:%.0f\n", end_rss_kb / 1024.0);
  }
  // The figures a sustained-load target is judged by: the slowest interval,
  // and how far RSS moves once the caches have filled (from the third
  // interval on, when there are at least four).
  if (!samples.empty()) {
    const Sample& slowest = *std::min_element(
        samples.begin(), samples.end(),
        [](const Sample& a, const Sample& b) { return a.rate < b.rate; });
    std::printf("slowest interval: %.0f/s (ending at %.0f s)", slowest.rate, slowest.t);
    if (pid > 0 && samples.size() >= 4) {
      // Readings of -1 (the server had gone) are left out.
      std::vector<int64_t> known;
      for (size_t i = 2; i < samples.size(); ++i) {
        if (samples[i].rss_kb >= 0) known.push_back(samples[i].rss_kb);
      }
      if (end_rss_kb >= 0) known.push_back(end_rss_kb);
      if (!known.empty()) {
        const auto [low, high] = std::minmax_element(known.begin(), known.end());
        std::printf("; server RSS from %.0f s to the end: %.0f-%.0f MiB", samples[2].t,
                    *low / 1024.0, *high / 1024.0);
      }
    }
    std::printf("\n");
  }
  return errors.load() == 0 ? 0 : 1;
}
