// Copyright 2026 The Harrier Authors.
#include "service/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harrier {
namespace {

const std::map<std::string, std::string>& CounterHelp() {
  static const auto* help = new std::map<std::string, std::string>{
      {"harrier_ingest_total", "Activities ingested, by instance and outcome."},
      {"harrier_decisions_total", "Final actions of decisions, by instance and action."},
      {"harrier_rule_hits_total", "Rule matches, by instance, rule and mode."},
      {"harrier_rate_limited_total", "Ingests refused by the per-instance rate limit."},
      {"harrier_rpc_errors_total", "RPCs that ended in an error, by method and code."},
  };
  return *help;
}

std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string SeriesName(const std::string& name, const Labels& labels) {
  if (labels.empty()) return name;
  std::string out = name + "{";
  bool first = true;
  for (const auto& [key, value] : labels) {
    absl::StrAppend(&out, first ? "" : ",", key, "=\"", Escape(value), "\"");
    first = false;
  }
  out += "}";
  return out;
}

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::Render(const std::string& name, const std::string& help,
                       std::string* out) const {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " histogram\n");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    absl::StrAppend(out, name, "_bucket{le=\"", absl::StrFormat("%g", kBounds[i]), "\"} ",
                    cumulative, "\n");
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  absl::StrAppend(out, name, "_bucket{le=\"+Inf\"} ", cumulative, "\n", name, "_sum ",
                  absl::StrFormat("%.6f", sum_micros_.load() / 1e6), "\n", name, "_count ",
                  count_.load(), "\n");
}

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();
  return *metrics;
}

void Metrics::Count(const std::string& name, const Labels& labels, double delta) {
  absl::MutexLock lock(&mu_);
  counters_[name][labels] += delta;
}

std::string Metrics::Render(const std::vector<Gauge>& gauges) const {
  std::string out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, series] : counters_) {
      auto help = CounterHelp().find(name);
      absl::StrAppend(&out, "# HELP ", name, " ",
                      help == CounterHelp().end() ? name : help->second, "\n# TYPE ", name,
                      " counter\n");
      for (const auto& [labels, value] : series) {
        absl::StrAppend(&out, SeriesName(name, labels), " ", absl::StrFormat("%.17g", value),
                        "\n");
      }
    }
  }
  ingest_latency.Render("harrier_ingest_latency_seconds",
                        "Time to ingest one activity (normalise, decide, store).", &out);
  feed_latency.Render("harrier_feed_query_latency_seconds", "Time to serve one feed page.",
                      &out);
  std::string last;
  for (const Gauge& gauge : gauges) {
    if (gauge.name != last) {
      absl::StrAppend(&out, "# HELP ", gauge.name, " ", gauge.help, "\n# TYPE ", gauge.name,
                      " gauge\n");
      last = gauge.name;
    }
    absl::StrAppend(&out, SeriesName(gauge.name, gauge.labels), " ",
                    absl::StrFormat("%.17g", gauge.value), "\n");
  }
  return out;
}

}  // namespace harrier
