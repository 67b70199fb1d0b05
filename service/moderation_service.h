// Copyright 2026 The Harrier Authors.
//
// moderation_service.h: the harrier.v1.Moderation gRPC service (rule sets,
// decisions, review queue, audit log, rule insights), a thin adapter over
// Engine. Every call names its instance in `parent` or `name`; the caller's
// token must belong to that instance (see auth.h: rule changes and the review
// queue need `admin`, the rest `read`); records of other instances are never
// visible through it.
//
// Thread safety: shared by all gRPC threads; Engine is thread-safe.
#ifndef HARRIER_SERVICE_MODERATION_SERVICE_H_
#define HARRIER_SERVICE_MODERATION_SERVICE_H_

#include "engine/engine.h"
#include "service/auth.h"
#include "harrier/v1/moderation.grpc.pb.h"

namespace harrier {

class ModerationService final : public v1::Moderation::CallbackService {
 public:
  // `auth` must outlive the service.
  ModerationService(Engine* engine, const Authenticator* auth)
      : engine_(engine), auth_(auth) {}

  grpc::ServerUnaryReactor* ValidateRuleSet(grpc::CallbackServerContext* context,
                                            const v1::ValidateRuleSetRequest* request,
                                            v1::ValidateRuleSetResponse* response) override;
  grpc::ServerUnaryReactor* PutRuleSet(grpc::CallbackServerContext* context,
                                       const v1::PutRuleSetRequest* request,
                                       v1::PutRuleSetResponse* response) override;
  grpc::ServerUnaryReactor* GetRuleSet(grpc::CallbackServerContext* context,
                                       const v1::GetRuleSetRequest* request,
                                       v1::RuleSet* response) override;
  grpc::ServerUnaryReactor* ListRuleSetVersions(
      grpc::CallbackServerContext* context, const v1::ListRuleSetVersionsRequest* request,
      v1::ListRuleSetVersionsResponse* response) override;
  grpc::ServerUnaryReactor* RollbackRuleSet(grpc::CallbackServerContext* context,
                                            const v1::RollbackRuleSetRequest* request,
                                            v1::PutRuleSetResponse* response) override;
  grpc::ServerUnaryReactor* GetRuleStats(grpc::CallbackServerContext* context,
                                         const v1::GetRuleStatsRequest* request,
                                         v1::GetRuleStatsResponse* response) override;
  grpc::ServerUnaryReactor* GetDecision(grpc::CallbackServerContext* context,
                                        const v1::GetDecisionRequest* request,
                                        v1::Decision* response) override;
  grpc::ServerUnaryReactor* ListDecisions(grpc::CallbackServerContext* context,
                                          const v1::ListDecisionsRequest* request,
                                          v1::ListDecisionsResponse* response) override;
  grpc::ServerUnaryReactor* ListReviewItems(grpc::CallbackServerContext* context,
                                            const v1::ListReviewItemsRequest* request,
                                            v1::ListReviewItemsResponse* response) override;
  grpc::ServerUnaryReactor* ResolveReviewItem(grpc::CallbackServerContext* context,
                                              const v1::ResolveReviewItemRequest* request,
                                              v1::ReviewItem* response) override;
  grpc::ServerUnaryReactor* ListAuditEntries(grpc::CallbackServerContext* context,
                                             const v1::ListAuditEntriesRequest* request,
                                             v1::ListAuditEntriesResponse* response) override;

 private:
  // The instance named by `value` (field `field`), after checking the call's
  // token for `scope` on it and that the instance is hosted here.
  absl::StatusOr<std::string> Authorize(grpc::CallbackServerContext* context,
                                        absl::string_view field, absl::string_view value,
                                        Scope scope) const;

  Engine* const engine_;
  const Authenticator* const auth_;
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_MODERATION_SERVICE_H_
