// Copyright 2026 The Harrier Authors.
//
// server.h: assembles the gRPC server: Harrier's services, the standard
// health service and server reflection.
//
// Thread safety: Server is not copyable; Shutdown may be called from any
// thread once.
#ifndef HARRIER_SERVICE_SERVER_H_
#define HARRIER_SERVICE_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "service/auth.h"
#include "grpcpp/server.h"

namespace harrier {

struct ServerOptions {
  // host:port; port 0 picks a free port (see Server::port()).
  std::string listen = "127.0.0.1:50051";
  // Largest gRPC message accepted. Larger than the activity limit, so that a
  // too-large activity gets Harrier's INVALID_ARGUMENT naming the field.
  int max_message_bytes = 16 << 20;
  // TLS: PEM files of the server's certificate chain and private key. Both
  // empty: plaintext, allowed only on a loopback address unless
  // allow_insecure_plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM of CAs whose client certificates are required and verified (mTLS).
  std::string tls_client_ca_file;
  bool allow_insecure_plaintext = false;
  // Per-instance ingest rate limit (activities/s; 0: none) and burst.
  double ingest_rate = 0;
  double ingest_burst = 0;
};

class Server {
 public:
  // Starts serving; the engine must outlive the server. FAILED_PRECONDITION
  // for plaintext on a non-loopback address without allow_insecure_plaintext;
  // INVALID_ARGUMENT naming the flag for unreadable TLS files.
  static absl::StatusOr<std::unique_ptr<Server>> Start(Engine* engine, Authenticator auth,
                                                       const ServerOptions& options);
  ~Server();

  int port() const { return port_; }
  // Names of the services registered (for the start log line).
  const std::vector<std::string>& service_names() const { return service_names_; }

  // Stops accepting calls, lets in-flight calls finish until `deadline`, then
  // cancels what is left. Returns when the server is stopped.
  void Shutdown(absl::Duration deadline);

 private:
  Server() = default;
  struct Services;
  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  std::vector<std::string> service_names_;
  int port_ = 0;
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_SERVER_H_
