// Copyright 2026 The Harrier Authors.
#include "cli/moderation_commands.h"

#include <filesystem>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "rules/rule_set.h"

namespace harrier::cli {
namespace {

const std::set<std::string> kModerationFlags = {"token", "tls_ca", 
    "server", "instance", "author", "version", "limit", "state", "reason",
    "note",   "moderator", "rule",  "action",  "host"};

struct Call {
  Args args;
  std::string parent;
  std::unique_ptr<v1::Moderation::Stub> stub;
};

// Parses flags; usage errors return 2 through `code`.
bool Setup(const std::vector<std::string>& words, std::ostream& err, Call* call, int* code) {
  if (!call->args.Parse(words, kModerationFlags, {}, err)) {
    *code = 2;
    return false;
  }
  std::string instance = InstanceName(call->args);
  if (instance.empty()) {
    err << "error: --instance NAME (or $HARRIER_INSTANCE) is required\n";
    *code = 2;
    return false;
  }
  call->parent = absl::StrCat("instances/", instance);
  call->stub = v1::Moderation::NewStub(Connect(call->args));
  return true;
}

int Report(const grpc::Status& status, const google::protobuf::Message& response,
           std::ostream& out) {
  if (!status.ok()) {
    out << ErrorJson(status) << "\n";
    return 1;
  }
  out << ToJson(response) << "\n";
  return 0;
}

int Limit(const Args& args) {
  int limit = 0;
  return absl::SimpleAtoi(args.Get("limit", "0"), &limit) ? limit : 0;
}

// Rule files and what they name: a directory contributes every file under it
// (paths relative to it); a file contributes itself and the lists and test
// files it names (paths relative to its folder).
absl::StatusOr<std::vector<v1::RuleFile>> GatherRuleFiles(
    const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<v1::RuleFile> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      for (auto it = fs::recursive_directory_iterator(path, error);
           !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (!it->is_regular_file()) continue;
        absl::StatusOr<std::string> content = ReadInput(it->path().string());
        if (!content.ok()) return content.status();
        v1::RuleFile* file = &files.emplace_back();
        file->set_path(fs::relative(it->path(), path).string());
        file->set_content(*std::move(content));
      }
      continue;
    }
    absl::StatusOr<std::vector<rules::SourceFile>> sources = rules::LoadSourceFiles({path});
    if (!sources.ok()) return sources.status();
    const fs::path base = fs::path(path).parent_path();
    for (rules::SourceFile& source : *sources) {
      v1::RuleFile* file = &files.emplace_back();
      file->set_path(base.empty() ? source.path : fs::relative(source.path, base).string());
      file->set_content(std::move(source.content));
    }
  }
  return files;
}

void PrintDiagnostics(const google::protobuf::RepeatedPtrField<v1::Diagnostic>& diagnostics,
                      std::ostream& err) {
  for (const v1::Diagnostic& d : diagnostics) {
    err << d.file() << ":" << d.line() << ":" << d.column() << ": "
        << (d.severity() == v1::Diagnostic::WARNING ? "warning" : "error") << ": "
        << d.message() << "\n";
  }
}

int RulesPushOrValidate(Call& call, bool push, std::ostream& out, std::ostream& err) {
  if (call.args.positional().size() < 2) {
    err << "usage: harrier rules " << (push ? "push" : "validate") << " FILE_OR_DIR...\n";
    return 2;
  }
  std::vector<std::string> paths(call.args.positional().begin() + 1,
                                 call.args.positional().end());
  absl::StatusOr<std::vector<v1::RuleFile>> files = GatherRuleFiles(paths);
  if (!files.ok()) {
    err << "error: " << files.status().message() << "\n";
    return 1;
  }
  grpc::ClientContext context;
  if (!push) {
    v1::ValidateRuleSetRequest request;
    request.set_parent(call.parent);
    for (auto& f : *files) *request.add_files() = f;
    v1::ValidateRuleSetResponse response;
    grpc::Status status = call.stub->ValidateRuleSet(&context, request, &response);
    PrintDiagnostics(response.diagnostics(), err);
    if (Report(status, response, out) != 0) return 1;
    return response.valid() ? 0 : 1;
  }
  v1::PutRuleSetRequest request;
  request.set_parent(call.parent);
  request.set_author(call.args.Get("author", std::getenv("USER") ? std::getenv("USER") : ""));
  for (auto& f : *files) *request.add_files() = f;
  v1::PutRuleSetResponse response;
  grpc::Status status = call.stub->PutRuleSet(&context, request, &response);
  PrintDiagnostics(response.diagnostics(), err);
  if (Report(status, response, out) != 0) return 1;
  return response.activated() ? 0 : 1;
}

}  // namespace

int RunRules(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Call call;
  int code = 0;
  if (!Setup(words, err, &call, &code)) return code;
  const std::vector<std::string>& pos = call.args.positional();
  const std::string verb = pos.empty() ? "" : pos[0];
  grpc::ClientContext context;
  if (verb == "push" || verb == "validate") {
    return RulesPushOrValidate(call, verb == "push", out, err);
  }
  if (verb == "get") {
    v1::GetRuleSetRequest request;
    request.set_name(absl::StrCat(call.parent, "/ruleSet"));
    if (call.args.Has("version")) absl::StrAppend(request.mutable_name(), "@", call.args.Get("version"));
    v1::RuleSet response;
    return Report(call.stub->GetRuleSet(&context, request, &response), response, out);
  }
  if (verb == "history") {
    v1::ListRuleSetVersionsRequest request;
    request.set_parent(call.parent);
    request.set_page_size(Limit(call.args));
    v1::ListRuleSetVersionsResponse response;
    grpc::Status status = call.stub->ListRuleSetVersions(&context, request, &response);
    if (!status.ok()) return Report(status, response, out);
    for (const v1::RuleSet& rule_set : response.rule_sets()) out << ToJson(rule_set) << "\n";
    return 0;
  }
  if (verb == "rollback" && pos.size() == 2) {
    v1::RollbackRuleSetRequest request;
    request.set_parent(call.parent);
    int64_t version = 0;
    if (!absl::SimpleAtoi(pos[1], &version)) {
      err << "error: VERSION must be a number\n";
      return 2;
    }
    request.set_version(version);
    request.set_author(call.args.Get("author", std::getenv("USER") ? std::getenv("USER") : ""));
    v1::PutRuleSetResponse response;
    grpc::Status status = call.stub->RollbackRuleSet(&context, request, &response);
    PrintDiagnostics(response.diagnostics(), err);
    if (Report(status, response, out) != 0) return 1;
    return response.activated() ? 0 : 1;
  }
  if (verb == "stats") {
    v1::GetRuleStatsRequest request;
    request.set_parent(call.parent);
    v1::GetRuleStatsResponse response;
    grpc::Status status = call.stub->GetRuleStats(&context, request, &response);
    if (!status.ok()) return Report(status, response, out);
    for (const v1::RuleStats& stats : response.rules()) out << ToJson(stats) << "\n";
    return 0;
  }
  err << "usage: harrier rules push|validate|get|history|rollback|stats ... "
         "(see harrier help)\n";
  return 2;
}

int RunReview(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Call call;
  int code = 0;
  if (!Setup(words, err, &call, &code)) return code;
  const std::vector<std::string>& pos = call.args.positional();
  grpc::ClientContext context;
  if (!pos.empty() && pos[0] == "list") {
    v1::ListReviewItemsRequest request;
    request.set_parent(call.parent);
    request.set_page_size(Limit(call.args));
    v1::ReviewItem::State state = v1::ReviewItem::STATE_UNSPECIFIED;
    if (call.args.Has("state") &&
        !v1::ReviewItem::State_Parse(absl::AsciiStrToUpper(call.args.Get("state")), &state)) {
      err << "error: --state must be open, approved, rejected or escalated\n";
      return 2;
    }
    v1::ReviewItem::Reason reason = v1::ReviewItem::REASON_UNSPECIFIED;
    if (call.args.Has("reason") &&
        !v1::ReviewItem::Reason_Parse(absl::AsciiStrToUpper(call.args.Get("reason")), &reason)) {
      err << "error: --reason must be held, flagged or report\n";
      return 2;
    }
    request.set_state(state);
    request.set_reason(reason);
    v1::ListReviewItemsResponse response;
    grpc::Status status = call.stub->ListReviewItems(&context, request, &response);
    if (!status.ok()) return Report(status, response, out);
    for (const v1::ReviewItem& item : response.items()) out << ToJson(item) << "\n";
    return 0;
  }
  if (pos.size() == 3 && pos[0] == "resolve") {
    v1::ResolveReviewItemRequest request;
    request.set_name(absl::StrCat(call.parent, "/reviewItems/", pos[1]));
    const std::string& verdict = pos[2];
    request.set_resolution(verdict == "approve"    ? v1::ReviewItem::APPROVED
                           : verdict == "reject"   ? v1::ReviewItem::REJECTED
                           : verdict == "escalate" ? v1::ReviewItem::ESCALATED
                                                   : v1::ReviewItem::STATE_UNSPECIFIED);
    request.set_note(call.args.Get("note"));
    request.set_moderator(
        call.args.Get("moderator", std::getenv("USER") ? std::getenv("USER") : ""));
    v1::ReviewItem response;
    return Report(call.stub->ResolveReviewItem(&context, request, &response), response, out);
  }
  err << "usage: harrier review list [--state S] [--reason R] | "
         "resolve ITEM_ID approve|reject|escalate [--note TEXT]\n";
  return 2;
}

int RunDecisions(const std::vector<std::string>& words, std::ostream& out,
                 std::ostream& err) {
  Call call;
  int code = 0;
  if (!Setup(words, err, &call, &code)) return code;
  const std::vector<std::string>& pos = call.args.positional();
  grpc::ClientContext context;
  if (pos.size() == 2 && pos[0] == "get") {
    v1::GetDecisionRequest request;
    request.set_parent(call.parent);
    request.set_activity_id(pos[1]);
    v1::Decision response;
    return Report(call.stub->GetDecision(&context, request, &response), response, out);
  }
  if (!pos.empty() && pos[0] == "list") {
    v1::ListDecisionsRequest request;
    request.set_parent(call.parent);
    request.set_page_size(Limit(call.args));
    request.set_rule_id(call.args.Get("rule"));
    request.set_actor_host(call.args.Get("host"));
    if (call.args.Has("action")) {
      v1::ActionType action = v1::ACTION_TYPE_UNSPECIFIED;
      if (!v1::ActionType_Parse(absl::AsciiStrToUpper(call.args.Get("action")), &action)) {
        err << "error: unknown --action " << call.args.Get("action") << "\n";
        return 2;
      }
      request.set_action(action);
    }
    v1::ListDecisionsResponse response;
    grpc::Status status = call.stub->ListDecisions(&context, request, &response);
    if (!status.ok()) return Report(status, response, out);
    for (const v1::Decision& decision : response.decisions()) out << ToJson(decision) << "\n";
    return 0;
  }
  err << "usage: harrier decisions get ACTIVITY_ID | list [--rule ID] [--action A] "
         "[--host H] [--limit N]\n";
  return 2;
}

}  // namespace harrier::cli
