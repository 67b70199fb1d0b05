// Copyright 2026 The Harrier Authors.
//
// metrics_http.h: a minimal HTTP/1.0 server for Prometheus scrapes on
// --metrics_listen: GET /metrics answers `render()`; anything else 404. One
// thread, one connection at a time, 2 s read timeout, requests over 8 KiB
// refused: it serves scrapers, not the public.
//
// Thread safety: Start once, Stop once (joins the thread).
#ifndef HARRIER_SERVICE_METRICS_HTTP_H_
#define HARRIER_SERVICE_METRICS_HTTP_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace harrier {

class MetricsHttpServer {
 public:
  explicit MetricsHttpServer(std::function<std::string()> render)
      : render_(std::move(render)) {}
  ~MetricsHttpServer() { Stop(); }

  // Listens on "host:port" (port 0 picks one); returns the port.
  absl::StatusOr<int> Start(const std::string& listen);
  void Stop();

 private:
  void Serve();

  std::function<std::string()> render_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_METRICS_HTTP_H_
