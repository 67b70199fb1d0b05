// Copyright 2026 The Harrier Authors.
#include "service/operations_service.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "service/unary.h"

namespace harrier {

grpc::ServerUnaryReactor* OperationsService::CreateCheckpoint(
    grpc::CallbackServerContext* context, const v1::CreateCheckpointRequest* request,
    v1::CreateCheckpointResponse* response) {
  return RunUnary(context, [&]() -> absl::Status {
    RETURN_IF_ERROR(auth_->Check(*context, "*", Scope::kAdmin));
    const std::string& directory = request->directory();
    if (directory.empty() || directory[0] != '/') {
      return absl::InvalidArgumentError(
          "directory: must be an absolute path on the server's filesystem");
    }
    std::error_code error;
    if (std::filesystem::exists(directory, error)) {
      return absl::AlreadyExistsError(absl::StrCat("directory: ", directory, " already exists"));
    }
    ASSIGN_OR_RETURN(uint64_t sequence, engine_->store().Checkpoint(directory));
    response->set_directory(directory);
    response->set_sequence_number(static_cast<int64_t>(sequence));
    return absl::OkStatus();
  });
}

}  // namespace harrier
