// Copyright 2026 The Harrier Authors.
#include "service/metrics_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace harrier {

absl::StatusOr<int> MetricsHttpServer::Start(const std::string& listen) {
  size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_listen: expected host:port, got '", listen, "'"));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  std::string host = listen.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_listen: '", host, "' is not an IPv4 address"));
  }
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd_, 16) != 0) {
    std::string error = strerror(errno);
    close(fd_);
    fd_ = -1;
    return absl::UnavailableError(absl::StrCat("metrics_listen: ", listen, ": ", error));
  }
  socklen_t length = sizeof(address);
  getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  thread_ = std::thread([this] { Serve(); });
  return ntohs(address.sin_port);
}

void MetricsHttpServer::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

void MetricsHttpServer::Serve() {
  while (!stop_.load()) {
    pollfd listener{fd_, POLLIN, 0};
    if (poll(&listener, 1, 200) <= 0) continue;
    int client = accept(fd_, nullptr, nullptr);
    if (client < 0) continue;
    std::string request;
    char buffer[2048];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 8192) {
      pollfd readable{client, POLLIN, 0};
      if (poll(&readable, 1, 2000) <= 0) break;
      ssize_t n = read(client, buffer, sizeof(buffer));
      if (n <= 0) break;
      request.append(buffer, static_cast<size_t>(n));
    }
    std::string body, status = "200 OK", type = "text/plain; version=0.0.4";
    if (absl::StartsWith(request, "GET /metrics ") || absl::StartsWith(request, "GET /metrics?")) {
      body = render_();
    } else {
      status = "404 Not Found";
      body = "try GET /metrics\n";
      type = "text/plain";
    }
    std::string response = absl::StrCat("HTTP/1.0 ", status, "\r\nContent-Type: ", type,
                                        "\r\nContent-Length: ", body.size(),
                                        "\r\nConnection: close\r\n\r\n", body);
    size_t sent = 0;
    while (sent < response.size()) {
      ssize_t n = write(client, response.data() + sent, response.size() - sent);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    close(client);
  }
}

}  // namespace harrier
