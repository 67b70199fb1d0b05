// Copyright 2026 The Harrier Authors.
#include "cli/feed_commands.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "service/json_log.h"

namespace harrier::cli {
namespace {

const std::set<std::string> kFeedFlags = {"server", "instance", "token", "tls_ca",
                                          "limit",  "page_token", "author"};

bool Setup(const std::vector<std::string>& words, std::ostream& err, Args* args,
           std::string* instance, int* code) {
  if (!args->Parse(words, kFeedFlags, {"explain"}, err)) {
    *code = 2;
    return false;
  }
  *instance = InstanceName(*args);
  if (instance->empty()) {
    err << "error: --instance NAME (or $HARRIER_INSTANCE) is required\n";
    *code = 2;
    return false;
  }
  return true;
}

int Fail(const grpc::Status& status, std::ostream& out) {
  out << ErrorJson(status) << "\n";
  return 1;
}

}  // namespace

int RunFeed(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args args;
  std::string instance;
  int code = 0;
  if (!Setup(words, err, &args, &instance, &code)) return code;
  if (args.positional().size() != 1) {
    err << "usage: harrier feed NAME [--limit N] [--page_token T] [--explain]\n";
    return 2;
  }
  int limit = 20;
  if (args.Has("limit") && !absl::SimpleAtoi(args.Get("limit"), &limit)) {
    err << "error: --limit must be a number\n";
    return 2;
  }
  auto stub = v1::Feeds::NewStub(Connect(args));
  v1::GetFeedRequest request;
  request.set_name(absl::StrCat("instances/", instance, "/feeds/", args.positional()[0]));
  request.set_page_size(limit);
  request.set_page_token(args.Get("page_token"));
  v1::GetFeedResponse response;
  grpc::ClientContext context;
  grpc::Status status = stub->GetFeed(&context, request, &response);
  if (!status.ok()) return Fail(status, out);
  for (const v1::FeedItem& item : response.items()) {
    if (!args.Has("explain")) {
      out << ToJson(item) << "\n";
      continue;
    }
    v1::ExplainRankingRequest explain;
    explain.set_name(request.name());
    explain.set_object_id(item.object_id());
    v1::ExplainRankingResponse why;
    grpc::ClientContext explain_context;
    grpc::Status explained = stub->ExplainRanking(&explain_context, explain, &why);
    out << "{\"item\":" << ToJson(item) << ",\"explanation\":"
        << (explained.ok() ? ToJson(why) : ErrorJson(explained)) << "}\n";
  }
  if (!response.next_page_token().empty()) {
    out << "{\"next_page_token\":" << JsonQuote(response.next_page_token()) << "}\n";
  }
  return 0;
}

int RunFeeds(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args args;
  std::string instance;
  int code = 0;
  if (!Setup(words, err, &args, &instance, &code)) return code;
  const std::vector<std::string>& pos = args.positional();
  const std::string verb = pos.empty() ? "" : pos[0];
  auto stub = v1::Feeds::NewStub(Connect(args));
  const std::string parent = absl::StrCat("instances/", instance);
  grpc::ClientContext context;
  if ((verb == "push" || verb == "validate") && pos.size() >= 2) {
    std::string source;
    for (size_t i = 1; i < pos.size(); ++i) {
      absl::StatusOr<std::string> content = ReadInput(pos[i]);
      if (!content.ok()) {
        err << "error: " << content.status().message() << "\n";
        return 1;
      }
      absl::StrAppend(&source, *content, "\n");
    }
    v1::PutFeedConfigRequest request;
    request.set_parent(parent);
    request.set_source(source);
    request.set_author(args.Get("author", std::getenv("USER") ? std::getenv("USER") : ""));
    if (verb == "validate") {
      v1::ValidateRuleSetResponse response;
      grpc::Status status = stub->ValidateFeedConfig(&context, request, &response);
      if (!status.ok()) return Fail(status, out);
      for (const v1::Diagnostic& d : response.diagnostics()) {
        err << d.file() << ":" << d.line() << ":" << d.column() << ": error: " << d.message()
            << "\n";
      }
      out << ToJson(response) << "\n";
      return response.valid() ? 0 : 1;
    }
    v1::PutFeedConfigResponse response;
    grpc::Status status = stub->PutFeedConfig(&context, request, &response);
    if (!status.ok()) {
      err << status.error_message() << "\n";
      return Fail(status, out);
    }
    for (const v1::FeedConfig& feed : response.feeds()) out << ToJson(feed) << "\n";
    return 0;
  }
  if ((verb == "get" || verb == "delete") && pos.size() == 2) {
    v1::GetFeedConfigRequest request;
    request.set_name(absl::StrCat(parent, "/feeds/", pos[1]));
    v1::FeedConfig response;
    grpc::Status status = verb == "get" ? stub->GetFeedConfig(&context, request, &response)
                                        : stub->DeleteFeedConfig(&context, request, &response);
    if (!status.ok()) return Fail(status, out);
    out << ToJson(response) << "\n";
    return 0;
  }
  if (verb == "list") {
    v1::ListFeedConfigsRequest request;
    request.set_parent(parent);
    v1::ListFeedConfigsResponse response;
    grpc::Status status = stub->ListFeedConfigs(&context, request, &response);
    if (!status.ok()) return Fail(status, out);
    for (const v1::FeedConfig& feed : response.feeds()) out << ToJson(feed) << "\n";
    return 0;
  }
  err << "usage: harrier feeds push|validate FILE.feeds... | get NAME | list | delete NAME\n";
  return 2;
}

}  // namespace harrier::cli
