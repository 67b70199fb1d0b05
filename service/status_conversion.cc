// Copyright 2026 The Harrier Authors.
#include "service/status_conversion.h"

#include "absl/strings/ascii.h"
#include "service/rate_limiter.h"

namespace harrier {
namespace {

// "activity_json.id: missing" -> "activity_json.id".
std::string LeadingField(absl::string_view message) {
  size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || colon == 0 || colon > 80) return "";
  absl::string_view field = message.substr(0, colon);
  for (char c : field) {
    if (!(absl::ascii_isalnum(c) || c == '_' || c == '.' || c == '[' || c == ']')) {
      return "";
    }
  }
  return std::string(field);
}

}  // namespace

v1::ErrorDetails ErrorDetailsFor(const absl::Status& status) {
  v1::ErrorDetails details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  details.set_field(LeadingField(status.message()));
  details.set_retry_after_seconds(RateLimiter::RetryAfterSeconds(status));
  return details;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()),
                      ErrorDetailsFor(status).SerializeAsString());
}

}  // namespace harrier
