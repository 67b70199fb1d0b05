// Copyright 2026 The Harrier Authors.
//
// TLS over the real harrierd: a TLS server refuses plaintext clients; mutual
// TLS refuses clients without a certificate from the configured CA; plaintext
// on a non-loopback address needs an explicit flag. Certificates are made for
// the test with the openssl command.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "cli/client.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A CA, a server certificate for localhost/127.0.0.1 and a client
// certificate, all signed by the CA, in `dir`.
void MakeCertificates(const std::string& dir) {
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string script = absl::StrCat(
      "set -e; cd ", dir, "; exec >openssl.log 2>&1;",
      "openssl req -x509 ", ec, " -keyout ca.key -out ca.pem -days 2 -subj /CN=harrier-test-ca;",
      "openssl req ", ec, " -keyout server.key -out server.csr -subj /CN=localhost;",
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' >server.ext;",
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial",
      " -out server.pem -days 2 -extfile server.ext;",
      "openssl req ", ec, " -keyout client.key -out client.csr -subj /CN=example.social;",
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial",
      " -out client.pem -days 2");
  ASSERT_EQ(std::system(script.c_str()), 0) << Read(dir + "/openssl.log");
}

class TlsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    certs_ = harrier::testing::NewTempDir("certs");
    MakeCertificates(certs_);
    config_ = harrier::testing::NewTempDir("config");
    std::filesystem::create_directories(config_ + "/instances/a.social");
  }

  static grpc::Status Ingest(const std::shared_ptr<grpc::Channel>& channel) {
    v1::IngestRequest request;
    request.set_parent("instances/a.social");
    request.set_activity_json(
        R"({"id":"https://x.example/a/1","type":"Like","actor":"https://x.example/u","object":"https://y.example/n"})");
    v1::IngestResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return v1::Ingestion::NewStub(channel)->Ingest(&context, request, &response);
  }

  std::string certs_;
  std::string config_;
};

TEST_F(TlsE2ETest, TlsServerServesTlsClientsOnly) {
  auto server = ServerProcess::Start(
      {.data_dir = harrier::testing::NewTempDir("data"),
       .config_dir = config_,
       .extra_flags = {"--tls_cert=" + certs_ + "/server.pem",
                       "--tls_key=" + certs_ + "/server.key"},
       .tls_ca_pem = Read(certs_ + "/ca.pem")});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(Ingest((*server)->channel()).ok());
  auto plaintext = cli::ChannelWithToken((*server)->address(), "t");
  EXPECT_EQ(Ingest(plaintext).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsE2ETest, MutualTlsNeedsAClientCertificateFromTheCa) {
  const std::string ca = Read(certs_ + "/ca.pem");
  auto server = ServerProcess::Start(
      {.data_dir = harrier::testing::NewTempDir("data"),
       .config_dir = config_,
       .extra_flags = {"--tls_cert=" + certs_ + "/server.pem",
                       "--tls_key=" + certs_ + "/server.key",
                       "--tls_client_ca=" + certs_ + "/ca.pem"},
       .tls_ca_pem = ca,
       .client_cert_pem = Read(certs_ + "/client.pem"),
       .client_key_pem = Read(certs_ + "/client.key")});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(Ingest((*server)->channel()).ok());
  auto no_certificate = cli::ChannelWithToken((*server)->address(), "t", ca);
  EXPECT_EQ(Ingest(no_certificate).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsE2ETest, PlaintextOffLoopbackNeedsTheExplicitFlag) {
  auto refused = ServerProcess::Start({.data_dir = harrier::testing::NewTempDir("data"),
                                       .config_dir = config_,
                                       .listen = "0.0.0.0:0"});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.status().message()).find("exited during start"),
            std::string::npos);
  auto allowed = ServerProcess::Start({.data_dir = harrier::testing::NewTempDir("data"),
                                       .config_dir = config_,
                                       .extra_flags = {"--allow_insecure_plaintext"},
                                       .listen = "0.0.0.0:0"});
  EXPECT_TRUE(allowed.ok()) << allowed.status();
}

}  // namespace
}  // namespace harrier
