// Copyright 2026 The Harrier Authors.
#include "cli/rules_commands.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/normalize/normalizer.h"
#include "google/protobuf/util/json_util.h"
#include "rules/blocklist/blocklist.h"
#include "rules/format/format.h"
#include "rules/rule_set.h"

namespace harrier::cli {
namespace {

using rules::CompileOptions;
using rules::CompileResult;
using rules::SourceFile;

bool ReadFile(const std::string& path, std::string* content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *content = ss.str();
  return true;
}

// Loads and compiles `paths`; prints diagnostics to `err`. Returns nullptr
// (and sets *code) on failure.
std::shared_ptr<const rules::CompiledRuleSet> Load(
    const std::vector<std::string>& paths, bool run_tests, std::ostream& err,
    int* code) {
  absl::StatusOr<std::vector<SourceFile>> files = rules::LoadSourceFiles(paths);
  if (!files.ok()) {
    err << "error: " << files.status().message() << "\n";
    *code = 1;
    return nullptr;
  }
  CompileOptions opts;
  opts.run_embedded_tests = run_tests;
  absl::StatusOr<CompileResult> result = rules::CompileRuleSet(*files, opts);
  if (!result.ok()) {
    err << "internal error: " << result.status() << "\n";
    *code = 1;
    return nullptr;
  }
  err << result->rendered_diagnostics;
  if (result->rule_set == nullptr) {
    err << result->diagnostics.error_count() << " error"
        << (result->diagnostics.error_count() == 1 ? "" : "s") << "\n";
    *code = 1;
  }
  return result->rule_set;
}

std::string ActionText(const v1::Action& a) {
  std::string name = v1::ActionType_Name(a.type());
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  if (a.type() == v1::DOWNRANK) return absl::StrCat(name, "(", a.factor(), ")");
  if (!a.argument().empty()) return absl::StrCat(name, "(\"", a.argument(), "\")");
  return name;
}

template <typename Actions>
std::string ActionsText(const Actions& actions) {
  std::vector<std::string> parts;
  for (const v1::Action& a : actions) parts.push_back(ActionText(a));
  return absl::StrJoin(parts, ", ");
}

void PrintExplanation(const v1::Explanation& e, std::ostream& out) {
  out << "  " << e.rule_id() << " (" << absl::AsciiStrToLower(v1::RuleMode_Name(e.mode()))
      << ")";
  if (!e.description().empty()) out << ": " << e.description();
  out << " -> " << ActionsText(e.actions());
  if (e.score() != 0) out << " [score " << e.score() << "]";
  out << "\n";
  if (!e.matched_entry().empty()) {
    out << "    matched '" << e.matched_entry() << "'";
    if (!e.matched_reason().empty()) out << " (" << e.matched_reason() << ")";
    if (!e.field().empty()) out << " in " << e.field();
    if (e.span_end() > e.span_start()) {
      out << " [" << e.span_start() << ", " << e.span_end() << ")";
    }
    out << "\n";
  }
}

}  // namespace

int RunCheck(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  if (args.empty()) {
    err << "usage: harrier check FILE...\n";
    return 2;
  }
  int code = 0;
  auto set = Load(args, /*run_tests=*/false, err, &code);
  if (set == nullptr) return code;
  out << "OK: " << set->rules().size() << " rules, " << set->pattern_count()
      << " patterns\n";
  return 0;
}

int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  if (args.empty()) {
    err << "usage: harrier test FILE...\n";
    return 2;
  }
  int code = 0;
  auto set = Load(args, /*run_tests=*/false, err, &code);
  if (set == nullptr) return code;
  int passed = 0, failed = 0;
  for (const rules::TestResult& t : set->RunEmbeddedTests(absl::Now())) {
    if (t.passed) {
      ++passed;
      out << "PASS " << t.rule_id << ": " << t.name << "\n";
    } else {
      ++failed;
      out << "FAIL " << t.rule_id << ": " << t.name << " (" << t.file << ":"
          << t.line << "): " << t.message << "\n";
    }
  }
  out << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

int RunEval(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  std::vector<std::string> rule_files, activities;
  bool json = false;
  absl::Time now = absl::Now();
  v1::ServerHints hints;
  bool in_rules = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--rules") {
      in_rules = true;
    } else if (a == "--json") {
      json = true;
      in_rules = false;
    } else if (a == "--now" && i + 1 < args.size()) {
      std::string e;
      if (!absl::ParseTime(absl::RFC3339_full, args[++i], &now, &e)) {
        err << "error: bad --now time '" << args[i] << "' (RFC 3339)\n";
        return 2;
      }
      in_rules = false;
    } else if (a == "--hints" && i + 1 < args.size()) {
      if (!google::protobuf::util::JsonStringToMessage(args[++i], &hints).ok()) {
        err << "error: bad --hints JSON (a harrier.v1.ServerHints, e.g. "
               "{\"actorCreatedAt\": \"2027-01-01T00:00:00Z\", "
               "\"followedLocally\": false})\n";
        return 2;
      }
      in_rules = false;
    } else if (in_rules && absl::EndsWith(a, ".rules")) {
      rule_files.push_back(a);
    } else {
      in_rules = false;
      activities.push_back(a);
    }
  }
  if (rule_files.empty() || activities.empty()) {
    err << "usage: harrier eval --rules FILE... [--json] [--now TIME] "
           "[--hints JSON] ACTIVITY.json...\n";
    return 2;
  }
  int code = 0;
  auto set = Load(rule_files, /*run_tests=*/false, err, &code);
  if (set == nullptr) return code;
  for (const std::string& path : activities) {
    std::string content;
    if (!ReadFile(path, &content)) {
      err << "error: cannot read '" << path << "'\n";
      code = 1;
      continue;
    }
    absl::StatusOr<v1::NormalizedActivity> activity = NormalizeActivity(content);
    if (!activity.ok()) {
      err << path << ": error: " << activity.status().message() << "\n";
      code = 1;
      continue;
    }
    activity->mutable_hints()->MergeFrom(hints);
    v1::Decision d = set->Evaluate(*activity, now);
    if (json) {
      std::string text;
      google::protobuf::util::JsonPrintOptions opts;
      opts.add_whitespace = false;
      if (!google::protobuf::util::MessageToJsonString(d, &text, opts).ok()) {
        err << "internal error: cannot print the decision as JSON\n";
        return 1;
      }
      out << text << "\n";
      continue;
    }
    out << path << ": " << ActionsText(d.actions());
    if (d.score() != 0) out << " [score " << d.score() << "]";
    out << "\n";
    for (const auto& e : d.explanations()) PrintExplanation(e, out);
    if (d.shadow_actions_size() > 0) {
      out << "  shadow: " << ActionsText(d.shadow_actions()) << "\n";
    }
    for (const auto& e : d.shadow_explanations()) PrintExplanation(e, out);
  }
  return code;
}

int RunFmt(const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err) {
  bool write = false;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "--write") {
      write = true;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    err << "usage: harrier fmt FILE... [--write]\n";
    return 2;
  }
  int code = 0;
  for (const std::string& path : files) {
    std::string content;
    if (!ReadFile(path, &content)) {
      err << "error: cannot read '" << path << "'\n";
      code = 1;
      continue;
    }
    rules::Diagnostics diags;
    std::string formatted = rules::Format(path, content, diags);
    if (diags.has_errors()) {
      err << rules::FormatDiagnostics(diags, {{path, content}});
      code = 1;
      continue;
    }
    if (write) {
      if (formatted != content) {
        std::ofstream o(path, std::ios::binary | std::ios::trunc);
        o << formatted;
        if (!o) {
          err << "error: cannot write '" << path << "'\n";
          code = 1;
        }
      }
    } else {
      out << formatted;
    }
  }
  return code;
}

int RunImportBlocklist(const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err) {
  std::string format, name = "blocklist", file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i] == "--name" && i + 1 < args.size()) {
      name = args[++i];
    } else {
      file = args[i];
    }
  }
  if (file.empty() || (!format.empty() && !rules::IsBlocklistFormat(format))) {
    err << "usage: harrier import-blocklist --format "
           "mastodon|oliphant|gotosocial|plain [--name PREFIX] FILE\n";
    return 2;
  }
  std::string content;
  if (!ReadFile(file, &content)) {
    err << "error: cannot read '" << file << "'\n";
    return 1;
  }
  rules::Diagnostics diags;
  auto entries = rules::ParseBlocklist(file, content, format, diags);
  err << rules::FormatDiagnostics(diags, {{file, content}});
  if (diags.has_errors()) return 1;
  out << rules::BlocklistToRules(entries, name);
  return 0;
}

}  // namespace harrier::cli
