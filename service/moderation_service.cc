// Copyright 2026 The Harrier Authors.
#include "service/moderation_service.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/status_macros.h"
#include "engine/storage/proto_io.h"
#include "service/resource_names.h"
#include "service/unary.h"

namespace harrier {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

std::vector<v1::RuleFile> Files(const google::protobuf::RepeatedPtrField<v1::RuleFile>& files) {
  return std::vector<v1::RuleFile>(files.begin(), files.end());
}

}  // namespace

absl::StatusOr<std::string> ModerationService::Authorize(grpc::CallbackServerContext* context,
                                                         absl::string_view field,
                                                         absl::string_view value,
                                                         Scope scope) const {
  ASSIGN_OR_RETURN(std::string instance, ParseInstanceName(field, value));
  RETURN_IF_ERROR(auth_->Check(*context, instance, scope));
  RETURN_IF_ERROR(engine_->CheckInstance(field, instance));
  return instance;
}

grpc::ServerUnaryReactor* ModerationService::ValidateRuleSet(
    grpc::CallbackServerContext* context, const v1::ValidateRuleSetRequest* request,
    v1::ValidateRuleSetResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kAdmin));
    ASSIGN_OR_RETURN(*response,
                     engine_->moderator().Validate(instance, Files(request->files())));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::PutRuleSet(grpc::CallbackServerContext* context,
                                                        const v1::PutRuleSetRequest* request,
                                                        v1::PutRuleSetResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kAdmin));
    ASSIGN_OR_RETURN(*response, engine_->moderator().Put(instance, Files(request->files()),
                                                         request->author(), engine_->Now()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::GetRuleSet(grpc::CallbackServerContext* context,
                                                        const v1::GetRuleSetRequest* request,
                                                        v1::RuleSet* response) {
  return RunUnary(context, [&]() -> absl::Status {
    // "instances/{i}/ruleSet" or "instances/{i}/ruleSet@{version}".
    absl::string_view name = request->name();
    int64_t version = 0;
    if (size_t at = name.rfind('@'); at != absl::string_view::npos) {
      if (!absl::SimpleAtoi(name.substr(at + 1), &version) || version <= 0) {
        return absl::InvalidArgumentError("name: version after '@' must be a positive number");
      }
      name = name.substr(0, at);
    }
    if (!absl::EndsWith(name, "/ruleSet")) {
      return absl::InvalidArgumentError(
          "name: expected \"instances/{instance}/ruleSet[@version]\"");
    }
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "name",
                                                     name.substr(0, name.size() - 8),
                                                     Scope::kRead));
    ASSIGN_OR_RETURN(*response, engine_->moderator().versions().Get(instance, version));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::ListRuleSetVersions(
    grpc::CallbackServerContext* context, const v1::ListRuleSetVersionsRequest* request,
    v1::ListRuleSetVersionsResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(int page_size,
                     ClampPageSize(request->page_size(), kDefaultPageSize, kMaxPageSize));
    ASSIGN_OR_RETURN(std::vector<v1::RuleSet> rule_sets,
                     engine_->moderator().versions().List(instance, page_size,
                                                          request->page_token(),
                                                          response->mutable_next_page_token()));
    for (v1::RuleSet& rule_set : rule_sets) *response->add_rule_sets() = std::move(rule_set);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::RollbackRuleSet(
    grpc::CallbackServerContext* context, const v1::RollbackRuleSetRequest* request,
    v1::PutRuleSetResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kAdmin));
    if (request->version() <= 0) {
      return absl::InvalidArgumentError("version: must be a positive version number");
    }
    ASSIGN_OR_RETURN(*response,
                     engine_->moderator().Rollback(instance, request->version(),
                                                   request->author(), engine_->Now()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::GetRuleStats(
    grpc::CallbackServerContext* context, const v1::GetRuleStatsRequest* request,
    v1::GetRuleStatsResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(*response, engine_->moderator().Stats(instance, engine_->Now()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::GetDecision(grpc::CallbackServerContext* context,
                                                         const v1::GetDecisionRequest* request,
                                                         v1::Decision* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(*response, engine_->decisions().Get(instance, request->activity_id()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::ListDecisions(
    grpc::CallbackServerContext* context, const v1::ListDecisionsRequest* request,
    v1::ListDecisionsResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(int page_size,
                     ClampPageSize(request->page_size(), kDefaultPageSize, kMaxPageSize));
    DecisionFilter filter;
    filter.rule_id = request->rule_id();
    filter.action = request->action();
    filter.actor_host = request->actor_host();
    if (request->has_start_time()) filter.start = FromTimestamp(request->start_time());
    if (request->has_end_time()) filter.end = FromTimestamp(request->end_time());
    ASSIGN_OR_RETURN(std::vector<v1::Decision> decisions,
                     engine_->decisions().List(instance, filter, page_size,
                                               request->page_token(),
                                               response->mutable_next_page_token()));
    for (v1::Decision& decision : decisions) *response->add_decisions() = std::move(decision);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::ListReviewItems(
    grpc::CallbackServerContext* context, const v1::ListReviewItemsRequest* request,
    v1::ListReviewItemsResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kAdmin));
    ASSIGN_OR_RETURN(int page_size,
                     ClampPageSize(request->page_size(), kDefaultPageSize, kMaxPageSize));
    ASSIGN_OR_RETURN(std::vector<v1::ReviewItem> items,
                     engine_->review().List(instance, request->state(), request->reason(),
                                            page_size, request->page_token(),
                                            response->mutable_next_page_token()));
    for (v1::ReviewItem& item : items) *response->add_items() = std::move(item);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::ResolveReviewItem(
    grpc::CallbackServerContext* context, const v1::ResolveReviewItemRequest* request,
    v1::ReviewItem* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseChildName("name", request->name(), "reviewItems"));
    RETURN_IF_ERROR(auth_->Check(*context, name.instance, Scope::kAdmin));
    RETURN_IF_ERROR(engine_->CheckInstance("name", name.instance));
    ASSIGN_OR_RETURN(uint64_t id, ReviewQueue::ParseId(name.id));
    ASSIGN_OR_RETURN(*response, engine_->ResolveReview(name.instance, id, request->resolution(),
                                                       request->note(), request->moderator()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ModerationService::ListAuditEntries(
    grpc::CallbackServerContext* context, const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance, Authorize(context, "parent", request->parent(), Scope::kRead));
    ASSIGN_OR_RETURN(int page_size,
                     ClampPageSize(request->page_size(), kDefaultPageSize, kMaxPageSize));
    ASSIGN_OR_RETURN(std::vector<v1::AuditEntry> entries,
                     engine_->audit().List(instance, page_size, request->page_token(),
                                           response->mutable_next_page_token()));
    for (v1::AuditEntry& entry : entries) *response->add_entries() = std::move(entry);
    return absl::OkStatus();
  });
}

}  // namespace harrier
