// Copyright 2026 The Harrier Authors.
#include "service/server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "harrier/v1/operations.grpc.pb.h"
#include "service/ingestion_service.h"
#include "service/moderation_service.h"
#include "service/operations_service.h"

namespace harrier {

struct Server::Services {
  Services(Engine* engine, Authenticator authenticator, const ServerOptions& options)
      : auth(std::move(authenticator)),
        limiter(options.ingest_rate, options.ingest_burst),
        ingestion(engine, &auth, &limiter),
        moderation(engine, &auth),
        operations(engine, &auth) {}
  const Authenticator auth;
  RateLimiter limiter;
  IngestionService ingestion;
  ModerationService moderation;
  OperationsService operations;
  // Declared in the API; its calls answer UNIMPLEMENTED until built.
  v1::Feeds::CallbackService feeds;
};

absl::StatusOr<std::unique_ptr<Server>> Server::Start(Engine* engine, Authenticator auth,
                                                      const ServerOptions& options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->services_ = std::make_unique<Services>(engine, std::move(auth), options);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
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
