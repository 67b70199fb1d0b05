// Copyright 2026 The Harrier Authors.
#include <iostream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "service/json_log.h"
#include "cli/commands.h"
#include "harrier/v1/ingestion.grpc.pb.h"

namespace harrier::cli {
namespace {

// Streams JSON lines from stdin; prints one result line per activity.
int IngestStdinLines(v1::Ingestion::Stub& stub, const std::string& parent,
                     std::ostream& out, std::ostream& err) {
  grpc::ClientContext context;
  auto stream = stub.IngestStream(&context);
  std::thread writer([&] {
    std::string line;
    uint64_t sequence = 0;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      v1::IngestRequest request;
      request.set_parent(parent);
      request.set_activity_json(line);
      request.set_sequence(++sequence);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  int failures = 0;
  v1::IngestResponse response;
  while (stream->Read(&response)) {
    if (response.has_error()) ++failures;
    out << ToJson(response) << "\n";
  }
  writer.join();
  grpc::Status status = stream->Finish();
  if (!status.ok()) {
    err << ErrorJson(status) << "\n";
    return 1;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

int RunIngest(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, kClientFlags, {}, err)) return 2;
  std::string instance = InstanceName(args);
  if (instance.empty() || args.positional().empty()) {
    err << "usage: harrier ingest [--server ADDR] --instance NAME FILE... (- for "
           "JSON lines on stdin)\n";
    return 2;
  }
  const std::string parent = absl::StrCat("instances/", instance);
  auto stub = v1::Ingestion::NewStub(Connect(args));
  int failures = 0;
  for (const std::string& file : args.positional()) {
    if (file == "-") {
      failures += IngestStdinLines(*stub, parent, out, err);
      continue;
    }
    absl::StatusOr<std::string> json = ReadInput(file);
    if (!json.ok()) {
      err << "error: " << json.status().message() << "\n";
      ++failures;
      continue;
    }
    v1::IngestRequest request;
    request.set_parent(parent);
    request.set_activity_json(*json);
    v1::IngestResponse response;
    grpc::ClientContext context;
    grpc::Status status = stub->Ingest(&context, request, &response);
    if (status.ok()) {
      out << "{\"file\":" << JsonQuote(file) << ",\"result\":" << ToJson(response)
          << "}\n";
    } else {
      out << ErrorJson(status, file) << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

int RunGetActivity(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, kClientFlags, {}, err)) return 2;
  std::string instance = InstanceName(args);
  if (instance.empty() || args.positional().size() != 1) {
    err << "usage: harrier get-activity [--server ADDR] --instance NAME ACTIVITY_ID\n";
    return 2;
  }
  v1::GetActivityRequest request;
  request.set_parent(absl::StrCat("instances/", instance));
  request.set_activity_id(args.positional()[0]);
  v1::StoredActivity response;
  grpc::ClientContext context;
  grpc::Status status =
      v1::Ingestion::NewStub(Connect(args))->GetActivity(&context, request, &response);
  if (!status.ok()) {
    out << ErrorJson(status) << "\n";
    return 1;
  }
  out << ToJson(response) << "\n";
  return 0;
}

int RunGetObject(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, kClientFlags, {}, err)) return 2;
  std::string instance = InstanceName(args);
  if (instance.empty() || args.positional().size() != 1) {
    err << "usage: harrier get-object [--server ADDR] --instance NAME OBJECT_ID\n";
    return 2;
  }
  v1::GetObjectRequest request;
  request.set_parent(absl::StrCat("instances/", instance));
  request.set_object_id(args.positional()[0]);
  v1::StoredObject response;
  grpc::ClientContext context;
  grpc::Status status =
      v1::Ingestion::NewStub(Connect(args))->GetObject(&context, request, &response);
  if (!status.ok()) {
    out << ErrorJson(status) << "\n";
    return 1;
  }
  out << ToJson(response) << "\n";
  return 0;
}

}  // namespace harrier::cli
