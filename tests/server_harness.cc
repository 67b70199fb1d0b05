// Copyright 2026 The Harrier Authors.
#include "tests/server_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "grpcpp/create_channel.h"
#include "service/auth.h"
#include "grpcpp/security/credentials.h"

namespace harrier::testing {

std::string HarrierdPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir != nullptr && workspace != nullptr) {
    return absl::StrCat(srcdir, "/", workspace, "/service/harrierd");
  }
  return "bazel-bin/service/harrierd";
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const Options& options) {
  static std::atomic<int> counter{0};
  const int n = counter.fetch_add(1);
  const char* outputs = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string log_dir = outputs != nullptr ? outputs : (tmp != nullptr ? tmp : "/tmp");
  std::string port_file = absl::StrCat(options.data_dir, ".port.", getpid(), ".", n);
  std::filesystem::remove(port_file);

  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->options_ = options;
  server->log_path_ = absl::StrCat(log_dir, "/harrierd.", getpid(), ".", n, ".log");

  const std::string operator_token = absl::StrCat("test-operator-", getpid(), "-", n);
  const std::string tokens_file = absl::StrCat(options.data_dir, ".tokens.", getpid(), ".", n);
  {
    std::ofstream tokens(tokens_file);
    tokens << "* " << Authenticator::HashToken(operator_token) << " admin,ingest\n";
    for (const std::string& line : options.token_lines) tokens << line << "\n";
  }

  std::vector<std::string> argv_strings = {
      HarrierdPath(),
      absl::StrCat("--listen=", options.listen.empty() ? "127.0.0.1:0" : options.listen),
      absl::StrCat("--data_dir=", options.data_dir),
      absl::StrCat("--config_dir=", options.config_dir),
      absl::StrCat("--port_file=", port_file),
      absl::StrCat("--tokens_file=", tokens_file)};
  argv_strings.insert(argv_strings.end(), options.extra_flags.begin(),
                      options.extra_flags.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int log = open(server->log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) dup2(log, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  server->pid_ = pid;

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      return absl::InternalError(absl::StrCat(
          "harrierd exited during start (status ", status, "); see ", server->log_path_));
    }
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      server->port_ = port;
      server->channel_ = server->ChannelWithToken(operator_token);
      if (!server->channel_->WaitForConnected(std::chrono::system_clock::now() +
                                              std::chrono::seconds(10))) {
        return absl::UnavailableError("harrierd did not accept connections");
      }
      return server;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("harrierd did not start within 60 s; see ", server->log_path_));
}

std::shared_ptr<grpc::Channel> ServerProcess::ChannelWithToken(
    const std::string& token) const {
  return cli::ChannelWithToken(address(), token, options_.tls_ca_pem, options_.client_cert_pem,
                               options_.client_key_pem);
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  channel_.reset();
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

}  // namespace harrier::testing
