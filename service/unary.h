// Copyright 2026 The Harrier Authors.
//
// unary.h: finishing a callback-API unary call from an absl::Status.
//
//   grpc::ServerUnaryReactor* Service::Get(ctx, request, response) {
//     return FinishUnary(ctx, [&]() -> absl::Status { ...fill response... });
//   }
#ifndef HARRIER_SERVICE_UNARY_H_
#define HARRIER_SERVICE_UNARY_H_

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "service/status_conversion.h"

namespace harrier {

inline grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                             const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Runs `handler` (returning absl::Status) and finishes the call with it.
template <typename Handler>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, Handler&& handler) {
  return FinishUnary(context, handler());
}

}  // namespace harrier

#endif  // HARRIER_SERVICE_UNARY_H_
