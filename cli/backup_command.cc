// Copyright 2026 The Harrier Authors.
#include "cli/client.h"
#include "cli/commands.h"
#include "harrier/v1/operations.grpc.pb.h"

namespace harrier::cli {

int RunBackup(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, kClientFlags, {}, err)) return 2;
  if (args.positional().size() != 1) {
    err << "usage: harrier backup [--server ADDR] [--token OPERATOR_TOKEN] "
           "/absolute/dir/on/the/server\n";
    return 2;
  }
  v1::CreateCheckpointRequest request;
  request.set_directory(args.positional()[0]);
  v1::CreateCheckpointResponse response;
  grpc::ClientContext context;
  grpc::Status status = v1::Operations::NewStub(Connect(args))
                            ->CreateCheckpoint(&context, request, &response);
  if (!status.ok()) {
    out << ErrorJson(status) << "\n";
    return 1;
  }
  out << ToJson(response) << "\n";
  return 0;
}

}  // namespace harrier::cli
