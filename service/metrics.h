// Copyright 2026 The Harrier Authors.
//
// metrics.h: Harrier's metrics and their Prometheus text exposition.
//
//   Metrics& m = Metrics::Global();
//   m.ingest_latency.Observe(seconds);
//   m.Count("harrier_decisions_total", {{"instance", i}, {"action", "REJECT"}});
//   std::string text = m.Render(extra_gauges);   // GET /metrics
//
// Counters are labelled by name + label set; histograms have fixed buckets.
// Thread safety: thread-safe; Observe/Count are cheap (one atomic add for
// histograms, a short mutex for labelled counters).
#ifndef HARRIER_SERVICE_METRICS_H_
#define HARRIER_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace harrier {

using Labels = std::vector<std::pair<std::string, std::string>>;

// A latency histogram in seconds with buckets from 50 µs to 5 s.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
      0.005,   0.01,   0.025,   0.1,    1.0,   5.0};

  void Observe(double seconds);
  // Appends the exposition of this histogram as `name` with `help`.
  void Render(const std::string& name, const std::string& help, std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  static Metrics& Global();

  // Adds `delta` to the counter `name` with `labels`.
  void Count(const std::string& name, const Labels& labels, double delta = 1);

  // The whole exposition, with `gauges` (name, labels, value) appended.
  struct Gauge {
    std::string name;
    std::string help;
    Labels labels;
    double value;
  };
  std::string Render(const std::vector<Gauge>& gauges) const;

  Histogram ingest_latency;
  Histogram feed_latency;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::map<Labels, double>> counters_ ABSL_GUARDED_BY(mu_);
};

// `name{k="v",...}` with values escaped as Prometheus requires.
std::string SeriesName(const std::string& name, const Labels& labels);

}  // namespace harrier

#endif  // HARRIER_SERVICE_METRICS_H_
