// Copyright 2026 The Harrier Authors.
#include "service/ingestion_service.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "service/resource_names.h"
#include "service/status_conversion.h"
#include "service/json_log.h"
#include "service/metrics.h"
#include "service/unary.h"

namespace harrier {
namespace {

// A per-activity failure inside a stream or batch result.
void SetError(const absl::Status& status, uint64_t sequence, v1::IngestResponse* response) {
  v1::ErrorDetails details = ErrorDetailsFor(status);
  response->set_sequence(sequence);
  v1::IngestError* error = response->mutable_error();
  error->set_code(details.code());
  error->set_message(details.message());
  error->set_field(details.field());
  error->set_retry_after_seconds(details.retry_after_seconds());
}

// One reactor per IngestStream call; deletes itself when the call is done.
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  IngestStreamReactor(Engine* engine, const Authenticator* auth, RateLimiter* limiter,
                      const grpc::ServerContextBase* context)
      : engine_(engine), auth_(auth), limiter_(limiter), context_(context) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client half-closed (or the call broke).
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    absl::Status status = IngestOne(*engine_, *auth_, limiter_, *context_, request_, &response_);
    if (!status.ok()) SetError(status, request_.sequence(), &response_);
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  Engine* const engine_;
  const Authenticator* const auth_;
  RateLimiter* const limiter_;
  const grpc::ServerContextBase* const context_;
  v1::IngestRequest request_;
  v1::IngestResponse response_;
};

}  // namespace

namespace {

// Counts and times the ingests of one call, logging failures with a
// request id; adds its counts to the global counters once, when destroyed
// (a batch of 250 takes the metrics lock a few times, not 500).
class IngestTally {
 public:
  IngestTally(const std::string& instance, const grpc::ServerContextBase& context)
      : instance_(instance), context_(context) {}
  IngestTally(const IngestTally&) = delete;
  IngestTally& operator=(const IngestTally&) = delete;

  ~IngestTally() {
    Metrics& metrics = Metrics::Global();
    if (accepted_ > 0) {
      metrics.Count("harrier_ingest_total", {{"instance", instance_}, {"outcome", "ok"}},
                    accepted_);
    }
    if (duplicates_ > 0) {
      metrics.Count("harrier_ingest_total", {{"instance", instance_}, {"outcome", "duplicate"}},
                    duplicates_);
    }
    for (const auto& [outcome, n] : failures_) {
      metrics.Count("harrier_ingest_total", {{"instance", instance_}, {"outcome", outcome}}, n);
    }
    if (rate_limited_ > 0) {
      metrics.Count("harrier_rate_limited_total", {{"instance", instance_}}, rate_limited_);
    }
    for (const auto& [action, n] : actions_) {
      metrics.Count("harrier_decisions_total",
                    {{"instance", instance_},
                     {"action", v1::ActionType_Name(static_cast<v1::ActionType>(action))}},
                    n);
    }
    for (const auto& [hit, n] : rule_hits_) {
      metrics.Count("harrier_rule_hits_total",
                    {{"instance", instance_},
                     {"rule", hit.first},
                     {"mode", hit.second ? "shadow" : "enforce"}},
                    n);
    }
  }

  void Record(const absl::Status& status, const v1::IngestResponse& response,
              absl::Duration took) {
    Metrics::Global().ingest_latency.Observe(absl::ToDoubleSeconds(took));
    if (!status.ok()) {
      const std::string code = absl::StatusCodeToString(status.code());
      ++failures_[code];
      if (absl::IsResourceExhausted(status)) {
        ++rate_limited_;
        return;  // Expected under load; counted, not logged line by line.
      }
      const auto& metadata = context_.client_metadata();
      auto id = metadata.find("x-request-id");
      LogJson("warning", "ingest failed",
              {{"request_id", id != metadata.end()
                                  ? std::string(id->second.data(), id->second.size())
                                  : absl::StrCat(absl::ToUnixMicros(absl::Now()))},
               {"instance", instance_},
               {"code", code},
               {"error", std::string(status.message())}});
      return;
    }
    if (response.duplicate()) {
      ++duplicates_;
      return;
    }
    ++accepted_;
    for (const v1::Action& action : response.decision().actions()) ++actions_[action.type()];
    for (const v1::Explanation& e : response.decision().explanations()) {
      ++rule_hits_[{e.rule_id(), false}];
    }
    for (const v1::Explanation& e : response.decision().shadow_explanations()) {
      ++rule_hits_[{e.rule_id(), true}];
    }
  }

 private:
  const std::string& instance_;
  const grpc::ServerContextBase& context_;
  // Failures by the status code's name.
  absl::flat_hash_map<std::string, double> failures_;
  double accepted_ = 0;
  double duplicates_ = 0;
  double rate_limited_ = 0;
  absl::flat_hash_map<int, double> actions_;
  // By (rule id, shadow).
  absl::flat_hash_map<std::pair<std::string, bool>, double> rule_hits_;
};

void FillResponse(const v1::IngestRequest& request, IngestResult result,
                  v1::IngestResponse* response) {
  response->set_sequence(request.sequence());
  response->set_activity_id(result.activity_id);
  response->set_activity_type(result.activity_type);
  response->set_duplicate(result.duplicate);
  *response->mutable_decision() = std::move(result.decision);
}

// Ingests one activity of `instance` whose token was checked.
absl::Status IngestAuthorized(Engine& engine, RateLimiter* limiter, const std::string& instance,
                              const v1::IngestRequest& request, v1::IngestResponse* response) {
  if (limiter != nullptr) RETURN_IF_ERROR(limiter->Acquire(instance, absl::Now()));
  ASSIGN_OR_RETURN(IngestResult result,
                   engine.Ingest(instance, request.activity_json(), request.hints()));
  FillResponse(request, std::move(result), response);
  return absl::OkStatus();
}

}  // namespace

absl::Status IngestOne(Engine& engine, const Authenticator& auth, RateLimiter* limiter,
                       const grpc::ServerContextBase& context,
                       const v1::IngestRequest& request, v1::IngestResponse* response) {
  ASSIGN_OR_RETURN(std::string instance, ParseInstanceName("parent", request.parent()));
  const absl::Time start = absl::Now();
  absl::Status status = auth.Check(context, instance, Scope::kIngest);
  if (status.ok()) status = IngestAuthorized(engine, limiter, instance, request, response);
  IngestTally(instance, context).Record(status, *response, absl::Now() - start);
  return status;
}

absl::Status IngestBatch(Engine& engine, const Authenticator& auth, RateLimiter* limiter,
                         const grpc::ServerContextBase& context,
                         const v1::IngestBatchRequest& request,
                         v1::IngestBatchResponse* response) {
  ASSIGN_OR_RETURN(std::string instance, ParseInstanceName("parent", request.parent()));
  if (request.activities_size() > kMaxIngestBatch) {
    return absl::InvalidArgumentError(absl::StrCat("activities: at most ", kMaxIngestBatch,
                                                   " per batch, got ",
                                                   request.activities_size()));
  }
  for (int i = 0; i < request.activities_size(); ++i) {
    const std::string& parent = request.activities(i).parent();
    if (!parent.empty() && parent != request.parent()) {
      return absl::InvalidArgumentError(
          absl::StrCat("activities[", i, "].parent: \"", parent,
                       "\" differs from the batch's parent \"", request.parent(), "\""));
    }
  }
  RETURN_IF_ERROR(auth.Check(context, instance, Scope::kIngest));
  RETURN_IF_ERROR(engine.CheckInstance("parent", instance));
  const absl::Time start = absl::Now();
  IngestTally tally(instance, context);
  // Over the rate limit: answered at once; the rest go to the engine
  // together (it commits them in groups).
  std::vector<absl::Status> limited(request.activities_size());
  std::vector<Engine::IngestItem> items;
  std::vector<int> positions;
  for (int i = 0; i < request.activities_size(); ++i) {
    if (limiter != nullptr) limited[i] = limiter->Acquire(instance, start);
    if (!limited[i].ok()) continue;
    items.push_back({request.activities(i).activity_json(), &request.activities(i).hints()});
    positions.push_back(i);
  }
  std::vector<absl::StatusOr<IngestResult>> ingested = engine.IngestMany(instance, items);
  const absl::Duration each =
      (absl::Now() - start) / std::max<int64_t>(1, static_cast<int64_t>(items.size()));
  response->mutable_results()->Reserve(request.activities_size());
  for (int i = 0; i < request.activities_size(); ++i) response->add_results();
  for (int i = 0; i < request.activities_size(); ++i) {
    if (!limited[i].ok()) {
      v1::IngestResponse* result = response->mutable_results(i);
      tally.Record(limited[i], *result, absl::ZeroDuration());
      SetError(limited[i], request.activities(i).sequence(), result);
    }
  }
  for (size_t n = 0; n < positions.size(); ++n) {
    const int i = positions[n];
    v1::IngestResponse* result = response->mutable_results(i);
    absl::StatusOr<IngestResult>& outcome = ingested[n];
    if (outcome.ok()) FillResponse(request.activities(i), *std::move(outcome), result);
    const absl::Status status = outcome.status();
    tally.Record(status, *result, each);
    if (!status.ok()) SetError(status, request.activities(i).sequence(), result);
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* IngestionService::Ingest(
    grpc::CallbackServerContext* context, const v1::IngestRequest* request,
    v1::IngestResponse* response) {
  return FinishUnary(context, IngestOne(*engine_, *auth_, limiter_, *context, *request, response));
}

grpc::ServerUnaryReactor* IngestionService::IngestBatch(
    grpc::CallbackServerContext* context, const v1::IngestBatchRequest* request,
    v1::IngestBatchResponse* response) {
  return FinishUnary(context,
                     harrier::IngestBatch(*engine_, *auth_, limiter_, *context, *request, response));
}

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>*
IngestionService::IngestStream(grpc::CallbackServerContext* context) {
  return new IngestStreamReactor(engine_, auth_, limiter_, context);
}

grpc::ServerUnaryReactor* IngestionService::GetActivity(
    grpc::CallbackServerContext* context, const v1::GetActivityRequest* request,
    v1::StoredActivity* response) {
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance,
                     ParseInstanceName("parent", request->parent()));
    RETURN_IF_ERROR(auth_->Check(*context, instance, Scope::kRead));
    ASSIGN_OR_RETURN(*response, engine_->GetActivity(instance, request->activity_id()));
    return absl::OkStatus();
  }();
  return FinishUnary(context, status);
}

grpc::ServerUnaryReactor* IngestionService::GetObject(
    grpc::CallbackServerContext* context, const v1::GetObjectRequest* request,
    v1::StoredObject* response) {
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string instance,
                     ParseInstanceName("parent", request->parent()));
    RETURN_IF_ERROR(auth_->Check(*context, instance, Scope::kRead));
    ASSIGN_OR_RETURN(*response, engine_->GetObject(instance, request->object_id()));
    return absl::OkStatus();
  }();
  return FinishUnary(context, status);
}

}  // namespace harrier
