// Copyright 2026 The Harrier Authors.
//
// feeds_service.h: the harrier.v1.Feeds gRPC service, a thin adapter over
// ranking::FeedEngine (proto in, one engine call, proto out).
//
//   GetFeed         name "instances/{i}/feeds/{f}"; page_size 0 means 20,
//                   1..100 accepted, else INVALID_ARGUMENT "page_size: ...";
//                   page_token as returned by the previous page.
//   ExplainRanking  the components of one object's score.
//   Feed configuration RPCs answer UNIMPLEMENTED until the rule language's
//   `feed` blocks are connected.
//
// Thread safety: shared by all gRPC threads; FeedEngine is thread-safe.
// Ownership: `feeds` and `instances` are not owned and must outlive the
// service. `instances` may be null (no instance check; unknown instances
// then simply have no feeds).
#ifndef HARRIER_SERVICE_FEEDS_SERVICE_H_
#define HARRIER_SERVICE_FEEDS_SERVICE_H_

#include "absl/time/time.h"
#include "engine/feed_configs.h"
#include "engine/instances.h"
#include "engine/ranking/feed_engine.h"
#include "service/auth.h"
#include "service/resource_names.h"
#include "harrier/v1/feeds.grpc.pb.h"

namespace harrier {

class FeedsService final : public v1::Feeds::CallbackService {
 public:
  using Clock = absl::Time (*)();

  // `auth` null: no authentication (in-process tests only).
  // `configs` null: the feed configuration calls answer UNIMPLEMENTED.
  FeedsService(ranking::FeedEngine* feeds, const InstanceRegistry* instances,
               Clock clock = &absl::Now, const Authenticator* auth = nullptr,
               FeedConfigs* configs = nullptr)
      : feeds_(feeds), instances_(instances), clock_(clock), auth_(auth), configs_(configs) {}

  grpc::ServerUnaryReactor* GetFeed(grpc::CallbackServerContext* context,
                                    const v1::GetFeedRequest* request,
                                    v1::GetFeedResponse* response) override;

  grpc::ServerUnaryReactor* ExplainRanking(grpc::CallbackServerContext* context,
                                           const v1::ExplainRankingRequest* request,
                                           v1::ExplainRankingResponse* response) override;

  // Feed configuration: validate and put need an `admin` token, the rest
  // `read` (delete: `admin`).
  grpc::ServerUnaryReactor* ValidateFeedConfig(grpc::CallbackServerContext* context,
                                               const v1::PutFeedConfigRequest* request,
                                               v1::ValidateRuleSetResponse* response) override;
  grpc::ServerUnaryReactor* PutFeedConfig(grpc::CallbackServerContext* context,
                                          const v1::PutFeedConfigRequest* request,
                                          v1::PutFeedConfigResponse* response) override;
  grpc::ServerUnaryReactor* GetFeedConfig(grpc::CallbackServerContext* context,
                                          const v1::GetFeedConfigRequest* request,
                                          v1::FeedConfig* response) override;
  grpc::ServerUnaryReactor* ListFeedConfigs(grpc::CallbackServerContext* context,
                                            const v1::ListFeedConfigsRequest* request,
                                            v1::ListFeedConfigsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteFeedConfig(grpc::CallbackServerContext* context,
                                             const v1::GetFeedConfigRequest* request,
                                             v1::FeedConfig* response) override;

 private:
  // Parses "instances/{i}/feeds/{f}", checks the call's token for `scope`
  // on instance i, then that i is hosted here.
  absl::StatusOr<ChildName> ParseFeedName(const grpc::CallbackServerContext& context,
                                          absl::string_view name, Scope scope) const;

  ranking::FeedEngine* const feeds_;
  const InstanceRegistry* const instances_;
  const Clock clock_;
  const Authenticator* const auth_;
  FeedConfigs* const configs_;

  // "instances/{i}" checked for `scope`; UNIMPLEMENTED without configs_.
  absl::StatusOr<std::string> ConfigInstance(const grpc::CallbackServerContext& context,
                                             absl::string_view parent, Scope scope) const;
};

// The default page size when a request leaves it 0.
inline constexpr int kDefaultFeedPageSize = 20;

}  // namespace harrier

#endif  // HARRIER_SERVICE_FEEDS_SERVICE_H_
