// Copyright 2026 The Harrier Authors.
//
// harrierd: the Harrier server. See README.md and docs/OPERATIONS.md.
//
//   harrierd --listen=127.0.0.1:50051 --data_dir=var/data --config_dir=examples
//
// SIGINT/SIGTERM shut it down gracefully: stop accepting calls, finish
// in-flight calls (up to --shutdown_grace), flush and close RocksDB.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "service/json_log.h"
#include "service/metrics.h"
#include "service/metrics_http.h"
#include "service/server.h"
#include "service/version.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve gRPC on; port 0 picks a free port");
ABSL_FLAG(std::string, data_dir, "var/data", "RocksDB data directory");
ABSL_FLAG(std::string, config_dir, "examples",
          "configuration root: instances/<name>/{rules,feeds}");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the port actually listened on to this file");
ABSL_FLAG(int64_t, max_activity_bytes, 1 << 20,
          "largest activity JSON accepted (larger: INVALID_ARGUMENT)");
ABSL_FLAG(bool, sync_writes, false,
          "fsync the write-ahead log on every write (survives power loss)");
ABSL_FLAG(std::string, auth, "on",
          "\"on\": every call needs a bearer token (see docs/OPERATIONS.md); "
          "\"off\": no authentication (development and tests only)");
ABSL_FLAG(std::vector<std::string>, tokens_file, {},
          "extra token files (lines: INSTANCE sha256:HEX SCOPES), besides each "
          "instance's <config_dir>/instances/<name>/tokens");
ABSL_FLAG(double, ingest_rate, 20000,
          "per-instance ingest limit in activities per second (0: none); over it "
          "callers get RESOURCE_EXHAUSTED with a retry hint");
ABSL_FLAG(double, ingest_burst, 40000, "per-instance ingest burst (bucket size)");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain: serve TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require and verify client certificates (mutual TLS)");
ABSL_FLAG(bool, allow_insecure_plaintext, false,
          "allow plaintext gRPC on a non-loopback --listen address");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port for Prometheus scrapes (GET /metrics); empty: off");
ABSL_FLAG(absl::Duration, rescore_interval, absl::Minutes(1),
          "how often feeds ranked by power-law decays (hot, hn, ...) are re-scored; "
          "0: never");
ABSL_FLAG(double, rescore_max_share, 0.05,
          "share of one core each feed's re-score passes may take: a feed whose pass "
          "took d is re-scored again after d / share at the earliest; 0: every interval");
ABSL_FLAG(absl::Duration, feed_flush_interval, absl::Seconds(1),
          "likes, boosts and replies reach feed order at most this long after they are "
          "acknowledged (re-scores coalesced per object), and before any read of the "
          "instance's feeds; 0: only before reads");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "how long in-flight calls may run after a shutdown signal");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // Abseil's debug-mode lock-order graph costs every Mutex acquisition a
  // global lookup; lock order is checked by the test builds instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the shutdown signals in every thread (gRPC and RocksDB threads
  // inherit the mask); the main thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  harrier::EngineOptions engine_options;
  engine_options.data_dir = absl::GetFlag(FLAGS_data_dir);
  engine_options.config_dir = absl::GetFlag(FLAGS_config_dir);
  engine_options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  engine_options.rescore_interval = absl::GetFlag(FLAGS_rescore_interval);
  engine_options.rescore_max_share = absl::GetFlag(FLAGS_rescore_max_share);
  engine_options.feed_flush_interval = absl::GetFlag(FLAGS_feed_flush_interval);
  engine_options.max_activity_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_activity_bytes));
  auto engine = harrier::Engine::Open(engine_options);
  if (!engine.ok()) {
    harrier::LogJson("error", "harrierd failed to open its engine",
                     {{"error", engine.status().ToString()}});
    return 1;
  }

  harrier::Authenticator auth = harrier::Authenticator::Disabled();
  if (absl::GetFlag(FLAGS_auth) == "on") {
    auto loaded = harrier::Authenticator::Load(engine_options.config_dir,
                                               (*engine)->instances(),
                                               absl::GetFlag(FLAGS_tokens_file));
    if (!loaded.ok()) {
      harrier::LogJson("error", "harrierd failed to load tokens",
                       {{"error", loaded.status().ToString()}});
      return 1;
    }
    auth = *std::move(loaded);
  } else if (absl::GetFlag(FLAGS_auth) != "off") {
    harrier::LogJson("error", "--auth must be on or off");
    return 1;
  }
  const bool auth_enabled = auth.enabled();
  const size_t token_count = auth.token_count();

  harrier::ServerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  server_options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  server_options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  server_options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  server_options.allow_insecure_plaintext = absl::GetFlag(FLAGS_allow_insecure_plaintext);
  server_options.ingest_rate = absl::GetFlag(FLAGS_ingest_rate);
  server_options.ingest_burst = absl::GetFlag(FLAGS_ingest_burst);
  auto server = harrier::Server::Start(engine->get(), std::move(auth), server_options);
  if (!server.ok()) {
    harrier::LogJson("error", "harrierd failed to start",
                     {{"error", server.status().ToString()}});
    return 1;
  }
  const int port = (*server)->port();
  harrier::Engine* engine_ptr = engine->get();
  harrier::MetricsHttpServer metrics_server([engine_ptr] {
    std::vector<harrier::Metrics::Gauge> gauges;
    for (const std::string& instance : engine_ptr->instances().names()) {
      absl::StatusOr<int64_t> open = engine_ptr->review().CountOpen(instance);
      gauges.push_back({"harrier_review_queue_open", "Open or escalated review items.",
                        {{"instance", instance}}, open.ok() ? static_cast<double>(*open) : -1});
    }
    for (int f = 0; f < harrier::kFamilyCount; ++f) {
      const auto family = static_cast<harrier::Family>(f);
      const std::string name(harrier::FamilyName(family));
      gauges.push_back({"harrier_rocksdb_estimated_keys", "RocksDB estimate-num-keys.",
                        {{"family", name}},
                        static_cast<double>(engine_ptr->store().IntProperty(
                            family, "rocksdb.estimate-num-keys"))});
    }
    for (int f = 0; f < harrier::kFamilyCount; ++f) {
      const auto family = static_cast<harrier::Family>(f);
      gauges.push_back({"harrier_rocksdb_sst_bytes", "RocksDB total-sst-files-size.",
                        {{"family", std::string(harrier::FamilyName(family))}},
                        static_cast<double>(engine_ptr->store().IntProperty(
                            family, "rocksdb.total-sst-files-size"))});
    }
    for (int f = 0; f < harrier::kFamilyCount; ++f) {
      const auto family = static_cast<harrier::Family>(f);
      gauges.push_back({"harrier_rocksdb_memtable_bytes", "RocksDB cur-size-all-mem-tables.",
                        {{"family", std::string(harrier::FamilyName(family))}},
                        static_cast<double>(engine_ptr->store().IntProperty(
                            family, "rocksdb.cur-size-all-mem-tables"))});
    }
    for (int f = 0; f < harrier::kFamilyCount; ++f) {
      const auto family = static_cast<harrier::Family>(f);
      gauges.push_back({"harrier_rocksdb_table_readers_bytes",
                        "RocksDB estimate-table-readers-mem (outside the block cache).",
                        {{"family", std::string(harrier::FamilyName(family))}},
                        static_cast<double>(engine_ptr->store().IntProperty(
                            family, "rocksdb.estimate-table-readers-mem"))});
    }
    gauges.push_back({"harrier_engagement_counts_in_memory",
                      "Engagement counts records changed since the last feed flush, kept in "
                      "memory until it writes them (recounted from their edges after a crash).",
                      {},
                      static_cast<double>(engine_ptr->counts_in_memory())});
    gauges.push_back({"harrier_feed_pending_objects",
                      "Objects whose feed writes (a new or edited post's entries, a "
                      "re-score after engagement) wait for the next flush "
                      "(--feed_flush_interval).",
                      {},
                      static_cast<double>(engine_ptr->feeds().pending().size())});
    if (std::optional<harrier::ranking::Rescorer::Stats> rescore =
            engine_ptr->rescorer_stats()) {
      gauges.push_back({"harrier_rescore_passes", "Re-scoring passes over every feed since start.",
                        {}, static_cast<double>(rescore->runs)});
      gauges.push_back({"harrier_rescore_feeds", "Feeds re-scored, skipped (no member can have "
                        "left the window), deferred (--rescore_max_share) or failed, "
                        "since start.",
                        {{"result", "rescored"}}, static_cast<double>(rescore->feeds_rescored)});
      gauges.push_back({"harrier_rescore_feeds", "", {{"result", "skipped"}},
                        static_cast<double>(rescore->feeds_skipped)});
      gauges.push_back({"harrier_rescore_feeds", "", {{"result", "deferred"}},
                        static_cast<double>(rescore->feeds_deferred)});
      gauges.push_back({"harrier_rescore_feeds", "", {{"result", "error"}},
                        static_cast<double>(rescore->errors)});
      gauges.push_back({"harrier_rescore_members", "Feed members re-scored since start.", {},
                        static_cast<double>(rescore->members_rescored)});
      gauges.push_back({"harrier_rescore_last_pass_seconds", "Duration of the last pass.", {},
                        absl::ToDoubleSeconds(rescore->last_run_time)});
      gauges.push_back({"harrier_rescore_flip_pause_seconds",
                        "Longest pause of feed writers at a generation flip, in the last pass "
                        "and since start.",
                        {{"pass", "last"}},
                        absl::ToDoubleSeconds(rescore->last_run_max_flip_pause)});
      gauges.push_back({"harrier_rescore_flip_pause_seconds", "", {{"pass", "any"}},
                        absl::ToDoubleSeconds(rescore->max_flip_pause)});
    }
    // One cache for all families; the memtable budget is charged to it.
    gauges.push_back({"harrier_rocksdb_block_cache_bytes",
                      "RocksDB block-cache-usage (data, index and filter blocks, and the "
                      "memtables' reservation).",
                      {},
                      static_cast<double>(engine_ptr->store().IntProperty(
                          harrier::Family::kMeta, "rocksdb.block-cache-usage"))});
    return harrier::Metrics::Global().Render(gauges);
  });
  std::string metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  if (!metrics_listen.empty()) {
    absl::StatusOr<int> metrics_port = metrics_server.Start(metrics_listen);
    if (!metrics_port.ok()) {
      harrier::LogJson("error", "harrierd failed to serve metrics",
                       {{"error", metrics_port.status().ToString()}});
      return 1;
    }
    metrics_listen = absl::StrCat(metrics_listen.substr(0, metrics_listen.rfind(':')), ":",
                                  *metrics_port);
  }
  if (!absl::GetFlag(FLAGS_port_file).empty()) {
    std::string tmp = absl::GetFlag(FLAGS_port_file) + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), absl::GetFlag(FLAGS_port_file).c_str());
  }
  std::string listen = server_options.listen;
  listen = absl::StrCat(listen.substr(0, listen.rfind(':')), ":", port);
  harrier::LogJson(
      "info", "harrierd started",
      {{"version", harrier::kVersion},
       {"listen", listen},
       {"data_dir", engine_options.data_dir},
       {"config_dir", engine_options.config_dir},
       {"instances", absl::StrJoin((*engine)->instances().names(), ",")},
       {"services", absl::StrJoin((*server)->service_names(), ",")},
       {"sync_writes", engine_options.sync_writes ? "true" : "false"},
       {"ingest_rate", absl::StrCat(server_options.ingest_rate, "/s per instance")},
       {"tls", server_options.tls_cert_file.empty()
                   ? "off (plaintext)"
                   : (server_options.tls_client_ca_file.empty() ? "on" : "on, client certificates required")},
       {"metrics_listen", metrics_listen.empty() ? "off" : metrics_listen},
       {"auth", auth_enabled ? absl::StrCat("on (", token_count, " tokens)") : "off"},
       {"max_activity_bytes", absl::StrCat(engine_options.max_activity_bytes)},
       {"rescore_interval", absl::FormatDuration(engine_options.rescore_interval)},
       {"rescore_max_share", absl::StrCat(engine_options.rescore_max_share)},
       {"feed_flush_interval", absl::FormatDuration(engine_options.feed_flush_interval)}});

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  harrier::LogJson("info", "harrierd stopping",
                   {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  metrics_server.Stop();
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  server->reset();
  engine->reset();  // Flushes and closes RocksDB.
  harrier::LogJson("info", "harrierd stopped", {{"version", harrier::kVersion}});
  return 0;
}
