// Copyright 2026 The Harrier Authors.
//
// server_harness.h: starts the real harrierd binary for end-to-end tests, on
// a free port (--listen=127.0.0.1:0 --port_file=...) with the given data and
// configuration directories, and stops it with a signal.
//
//   auto server = ServerProcess::Start({.data_dir = data, .config_dir = config});
//   auto stub = v1::Ingestion::NewStub(server->channel());
//   ...
//   EXPECT_EQ(server->Stop(SIGTERM), 0);   // exit status after a clean stop
//
// The server's stderr goes to <log_dir>/harrierd.<n>.log (the test's
// undeclared outputs when run under Bazel). Authentication is on, as in
// production: the harness writes a tokens file with an operator token.
#ifndef HARRIER_TESTS_SERVER_HARNESS_H_
#define HARRIER_TESTS_SERVER_HARNESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace harrier::testing {

class ServerProcess {
 public:
  struct Options {
    std::string data_dir;
    std::string config_dir;
    std::vector<std::string> extra_flags;
    // Lines added to the server's tokens file (INSTANCE sha256:HEX SCOPES),
    // besides the operator token that channel() uses.
    std::vector<std::string> token_lines;
    // Client-side TLS for channel(): the CA to trust, and optionally a client
    // certificate and key (mutual TLS). Empty: plaintext.
    std::string tls_ca_pem;
    std::string client_cert_pem;
    std::string client_key_pem;
    // host:port to listen on ("127.0.0.1:0" when empty).
    std::string listen;
  };

  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const Options& options);

  // Kills the server (SIGKILL) if it is still running.
  ~ServerProcess();

  int port() const { return port_; }
  std::string address() const;
  // A channel whose calls carry an operator token (every instance, every
  // scope), so tests not about authentication need not think about it.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A channel carrying `token` (none when empty), with the TLS settings of
  // the options the server was started with.
  std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& token) const;
  const std::string& log_path() const { return log_path_; }

  // Sends `signal` and waits for the process. Returns its exit status, or
  // 128 + signal number when a signal ended it.
  int Stop(int signal);

 private:
  ServerProcess() = default;
  Options options_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Path of the harrierd binary in the test's runfiles.
std::string HarrierdPath();

}  // namespace harrier::testing

#endif  // HARRIER_TESTS_SERVER_HARNESS_H_
