// Copyright 2026 The Harrier Authors.
//
// ingestion_service.h: the harrier.v1.Ingestion gRPC service, a thin adapter
// over Engine (proto in, one engine call, proto out).
//
// IngestBatch runs up to kMaxIngestBatch activities in one call, each as
// Ingest would (its result or error in the same position); only a bad
// `parent`, a mismatched activity parent, an oversize batch or a token
// problem fails the call as a whole, and those are checked before anything
// is ingested. Rate limits apply per activity.
//
// IngestStream answers every request with exactly one response, in order,
// carrying the request's `sequence`; a bad activity gets a response with
// `error` set and the stream goes on. The stream reads the next request only
// after the previous response is written, so a fast client is slowed by
// HTTP/2 flow control instead of being buffered without bound.
//
// Every call needs a token of the named instance (see auth.h): `ingest`
// for Ingest, IngestBatch and IngestStream (checked per message), `read` for lookups.
//
// Thread safety: the service is shared by all gRPC threads; Engine is
// thread-safe.
#ifndef HARRIER_SERVICE_INGESTION_SERVICE_H_
#define HARRIER_SERVICE_INGESTION_SERVICE_H_

#include "engine/engine.h"
#include "service/auth.h"
#include "service/rate_limiter.h"
#include "harrier/v1/ingestion.grpc.pb.h"

namespace harrier {

class IngestionService final : public v1::Ingestion::CallbackService {
 public:
  // `auth` and `limiter` (null: no limit) must outlive the service.
  IngestionService(Engine* engine, const Authenticator* auth, RateLimiter* limiter = nullptr)
      : engine_(engine), auth_(auth), limiter_(limiter) {}

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;

  grpc::ServerUnaryReactor* IngestBatch(grpc::CallbackServerContext* context,
                                        const v1::IngestBatchRequest* request,
                                        v1::IngestBatchResponse* response) override;

  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>* IngestStream(
      grpc::CallbackServerContext* context) override;

  grpc::ServerUnaryReactor* GetActivity(grpc::CallbackServerContext* context,
                                        const v1::GetActivityRequest* request,
                                        v1::StoredActivity* response) override;

  grpc::ServerUnaryReactor* GetObject(grpc::CallbackServerContext* context,
                                      const v1::GetObjectRequest* request,
                                      v1::StoredObject* response) override;

 private:
  Engine* const engine_;
  const Authenticator* const auth_;
  RateLimiter* const limiter_;
};

// Runs one ingest request through `engine`, filling `response` (without its
// error field), after checking the call's `ingest` token for the request's
// instance and taking a token from its rate limiter (RESOURCE_EXHAUSTED with
// a retry hint when empty; `limiter` may be null). Shared by the unary and streaming calls.
absl::Status IngestOne(Engine& engine, const Authenticator& auth, RateLimiter* limiter,
                       const grpc::ServerContextBase& context,
                       const v1::IngestRequest& request, v1::IngestResponse* response);

// Most activities in one IngestBatch call.
inline constexpr int kMaxIngestBatch = 1000;

// The IngestBatch call (see above), for callers other than gRPC's.
absl::Status IngestBatch(Engine& engine, const Authenticator& auth, RateLimiter* limiter,
                         const grpc::ServerContextBase& context,
                         const v1::IngestBatchRequest& request,
                         v1::IngestBatchResponse* response);

}  // namespace harrier

#endif  // HARRIER_SERVICE_INGESTION_SERVICE_H_
