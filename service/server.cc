// Copyright 2026 The Harrier Authors.
#include "service/server.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "harrier/v1/operations.grpc.pb.h"
#include "service/ingestion_service.h"
#include "service/feeds_service.h"
#include "service/moderation_service.h"
#include "service/operations_service.h"

namespace harrier {

struct Server::Services {
  Services(Engine* engine, Authenticator authenticator, const ServerOptions& options)
      : auth(std::move(authenticator)),
        limiter(options.ingest_rate, options.ingest_burst),
        ingestion(engine, &auth, &limiter),
        moderation(engine, &auth),
        operations(engine, &auth),
        feeds(&engine->feeds(), &engine->instances(), &absl::Now, &auth,
              &engine->feed_configs()) {}
  const Authenticator auth;
  RateLimiter limiter;
  IngestionService ingestion;
  ModerationService moderation;
  OperationsService operations;
  FeedsService feeds;
};

namespace {

absl::StatusOr<std::string> ReadPem(absl::string_view flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// 127.0.0.0/8, ::1 and localhost.
bool IsLoopback(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("tls_cert: --tls_cert and --tls_key go together");
  }
  if (options.tls_cert_file.empty()) {
    if (!IsLoopback(options.listen) && !options.allow_insecure_plaintext) {
      return absl::FailedPreconditionError(absl::StrCat(
          "listen: plaintext on the non-loopback address ", options.listen,
          " needs --tls_cert/--tls_key, or --allow_insecure_plaintext"));
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem("tls_cert", options.tls_cert_file));
  ASSIGN_OR_RETURN(pair.private_key, ReadPem("tls_key", options.tls_key_file));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem("tls_client_ca", options.tls_client_ca_file));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(Engine* engine, Authenticator auth,
                                                      const ServerOptions& options) {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials, Credentials(options));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->services_ = std::make_unique<Services>(engine, std::move(auth), options);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.RegisterService(&server->services_->ingestion);
  builder.RegisterService(&server->services_->moderation);
  builder.RegisterService(&server->services_->feeds);
  builder.RegisterService(&server->services_->operations);
  server->service_names_ = {
      v1::Ingestion::service_full_name(), v1::Moderation::service_full_name(),
      v1::Feeds::service_full_name(), v1::Operations::service_full_name()};
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen: cannot listen on ", options.listen));
  }
  grpc::HealthCheckServiceInterface* health = server->server_->GetHealthCheckService();
  for (const std::string& name : server->service_names_) {
    health->SetServingStatus(name, true);
  }
  return server;
}

void Server::Shutdown(absl::Duration deadline) {
  if (server_ == nullptr) return;
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::microseconds(absl::ToInt64Microseconds(deadline)));
  server_->Wait();
  server_.reset();
}

Server::~Server() { Shutdown(absl::Seconds(5)); }

}  // namespace harrier
