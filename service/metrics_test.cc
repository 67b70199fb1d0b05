// Copyright 2026 The Harrier Authors.
#include "service/metrics.h"

#include "gtest/gtest.h"
#include "service/metrics_http.h"
#include "service/testing/http_get.h"

namespace harrier {
namespace {

TEST(MetricsTest, RendersCountersHistogramsAndGauges) {
  Metrics metrics;
  metrics.Count("harrier_decisions_total", {{"instance", "a"}, {"action", "REJECT"}});
  metrics.Count("harrier_decisions_total", {{"instance", "a"}, {"action", "REJECT"}});
  metrics.Count("harrier_decisions_total", {{"instance", "b\"x"}, {"action", "ACCEPT"}});
  metrics.ingest_latency.Observe(0.0003);
  metrics.ingest_latency.Observe(2);
  std::string text = metrics.Render({{"harrier_review_queue_open", "Open items.",
                                      {{"instance", "a"}}, 3}});
  EXPECT_NE(text.find("# TYPE harrier_decisions_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("harrier_decisions_total{instance=\"a\",action=\"REJECT\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("instance=\"b\\\"x\""), std::string::npos);  // escaped quote
  EXPECT_NE(text.find("harrier_ingest_latency_seconds_bucket{le=\"0.0005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("harrier_ingest_latency_seconds_bucket{le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("harrier_ingest_latency_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE harrier_review_queue_open gauge\n"
                      "harrier_review_queue_open{instance=\"a\"} 3\n"),
            std::string::npos);
}

TEST(MetricsHttpTest, ServesMetricsAnd404) {
  MetricsHttpServer server([] { return std::string("harrier_up 1\n"); });
  absl::StatusOr<int> port = server.Start("127.0.0.1:0");
  ASSERT_TRUE(port.ok()) << port.status();
  std::string ok = testing::HttpGet(*port, "/metrics");
  EXPECT_EQ(ok.substr(0, 15), "HTTP/1.0 200 OK");
  EXPECT_NE(ok.find("\r\n\r\nharrier_up 1\n"), std::string::npos);
  EXPECT_EQ(testing::HttpGet(*port, "/").substr(0, 12), "HTTP/1.0 404");
  server.Stop();
  EXPECT_FALSE(MetricsHttpServer([] { return std::string(); }).Start("nonsense").ok());
}

}  // namespace
}  // namespace harrier
