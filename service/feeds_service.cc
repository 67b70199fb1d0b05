// Copyright 2026 The Harrier Authors.
#include "service/feeds_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/metrics.h"
#include "engine/status_macros.h"
#include "service/status_conversion.h"

namespace harrier {
namespace {

grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace

absl::StatusOr<ChildName> FeedsService::ParseFeedName(
    const grpc::CallbackServerContext& context, absl::string_view name, Scope scope) const {
  ASSIGN_OR_RETURN(ChildName parsed, ParseChildName("name", name, "feeds"));
  if (auth_ != nullptr) RETURN_IF_ERROR(auth_->Check(context, parsed.instance, scope));
  if (instances_ != nullptr && !instances_->Contains(parsed.instance)) {
    return absl::NotFoundError(
        absl::StrCat("name: unknown instance '", parsed.instance, "'"));
  }
  return parsed;
}

grpc::ServerUnaryReactor* FeedsService::GetFeed(grpc::CallbackServerContext* context,
                                                const v1::GetFeedRequest* request,
                                                v1::GetFeedResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseFeedName(*context, request->name(), Scope::kRead));
    int page_size = request->page_size();
    if (page_size == 0) page_size = kDefaultFeedPageSize;
    if (page_size < 1 || page_size > 100) {
      return absl::InvalidArgumentError(absl::StrCat(
          "page_size: must be between 0 and 100, got ", request->page_size()));
    }
    ASSIGN_OR_RETURN(ranking::FeedPage page,
                     feeds_->GetFeed(name.instance, name.id, page_size, request->page_token()));
    for (ranking::FeedItem& item : page.items) {
      v1::FeedItem* out = response->add_items();
      out->set_object_id(std::move(item.object_id));
      out->set_score(item.score);
      out->set_author_id(std::move(item.author_id));
    }
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  }();
  if (status.ok()) Metrics::Global().feed_latency.Observe(absl::ToDoubleSeconds(absl::Now() - start));
  return Respond(context, status);
}

grpc::ServerUnaryReactor* FeedsService::ExplainRanking(
    grpc::CallbackServerContext* context, const v1::ExplainRankingRequest* request,
    v1::ExplainRankingResponse* response) {
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseFeedName(*context, request->name(), Scope::kRead));
    ASSIGN_OR_RETURN(ranking::RankingExplanation explanation,
                     feeds_->ExplainRanking(name.instance, name.id, request->object_id(),
                                            clock_()));
    response->set_score(explanation.score);
    response->set_algorithm(explanation.algorithm);
    for (const ranking::ScoreComponent& component : explanation.components) {
      v1::ScoreComponent* out = response->add_components();
      out->set_name(component.name);
      out->set_value(component.value);
    }
    return absl::OkStatus();
  }();
  return Respond(context, status);
}

absl::StatusOr<std::string> FeedsService::ConfigInstance(
    const grpc::CallbackServerContext& context, absl::string_view parent, Scope scope) const {
  if (configs_ == nullptr) return absl::UnimplementedError("feed configuration is not enabled");
  ASSIGN_OR_RETURN(std::string instance, ParseInstanceName("parent", parent));
  if (auth_ != nullptr) RETURN_IF_ERROR(auth_->Check(context, instance, scope));
  if (instances_ != nullptr && !instances_->Contains(instance)) {
    return absl::NotFoundError(absl::StrCat("parent: unknown instance '", instance, "'"));
  }
  return instance;
}

grpc::ServerUnaryReactor* FeedsService::ValidateFeedConfig(
    grpc::CallbackServerContext* context, const v1::PutFeedConfigRequest* request,
    v1::ValidateRuleSetResponse* response) {
  return Respond(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance,
                     ConfigInstance(*context, request->parent(), Scope::kAdmin));
    ASSIGN_OR_RETURN(*response, configs_->Validate(instance, request->source()));
    return absl::OkStatus();
  }());
}

grpc::ServerUnaryReactor* FeedsService::PutFeedConfig(grpc::CallbackServerContext* context,
                                                      const v1::PutFeedConfigRequest* request,
                                                      v1::PutFeedConfigResponse* response) {
  return Respond(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance,
                     ConfigInstance(*context, request->parent(), Scope::kAdmin));
    ASSIGN_OR_RETURN(std::vector<v1::FeedConfig> feeds,
                     configs_->Put(instance, request->source(),
                                   request->author().empty() ? "unknown" : request->author(),
                                   clock_()));
    for (v1::FeedConfig& feed : feeds) *response->add_feeds() = std::move(feed);
    return absl::OkStatus();
  }());
}

grpc::ServerUnaryReactor* FeedsService::GetFeedConfig(grpc::CallbackServerContext* context,
                                                      const v1::GetFeedConfigRequest* request,
                                                      v1::FeedConfig* response) {
  return Respond(context, [&]() -> absl::Status {
    if (configs_ == nullptr) return absl::UnimplementedError("feed configuration is not enabled");
    ASSIGN_OR_RETURN(ChildName name, ParseFeedName(*context, request->name(), Scope::kRead));
    ASSIGN_OR_RETURN(*response, configs_->Get(name.instance, name.id));
    return absl::OkStatus();
  }());
}

grpc::ServerUnaryReactor* FeedsService::ListFeedConfigs(
    grpc::CallbackServerContext* context, const v1::ListFeedConfigsRequest* request,
    v1::ListFeedConfigsResponse* response) {
  return Respond(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance,
                     ConfigInstance(*context, request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(std::vector<v1::FeedConfig> feeds, configs_->List(instance));
    for (v1::FeedConfig& feed : feeds) *response->add_feeds() = std::move(feed);
    return absl::OkStatus();
  }());
}

grpc::ServerUnaryReactor* FeedsService::DeleteFeedConfig(
    grpc::CallbackServerContext* context, const v1::GetFeedConfigRequest* request,
    v1::FeedConfig* response) {
  return Respond(context, [&]() -> absl::Status {
    if (configs_ == nullptr) return absl::UnimplementedError("feed configuration is not enabled");
    ASSIGN_OR_RETURN(ChildName name, ParseFeedName(*context, request->name(), Scope::kAdmin));
    ASSIGN_OR_RETURN(*response, configs_->Delete(name.instance, name.id, "api", clock_()));
    return absl::OkStatus();
  }());
}

}  // namespace harrier
