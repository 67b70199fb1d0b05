// Copyright 2026 The Harrier Authors.
//
// status_conversion.h: absl::Status -> grpc::Status, written once.
//
// The gRPC status carries the same code and message, plus a
// harrier.v1.ErrorDetails in the binary details trailer whose `field` is the
// message's leading field path (the text before the first ": ", when it looks
// like a field path such as "activity_json.id" or "parent").
#ifndef HARRIER_SERVICE_STATUS_CONVERSION_H_
#define HARRIER_SERVICE_STATUS_CONVERSION_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "harrier/v1/errors.pb.h"

namespace harrier {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The ErrorDetails that ToGrpcStatus attaches for `status`.
v1::ErrorDetails ErrorDetailsFor(const absl::Status& status);

}  // namespace harrier

#endif  // HARRIER_SERVICE_STATUS_CONVERSION_H_
