// Copyright 2026 The Harrier Authors.
#include "rules/rule_set.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/normalize/normalizer.h"
#include "engine/status_macros.h"
#include "rules/blocklist/blocklist.h"
#include "rules/checker/checker.h"
#include "rules/compiler/compiler.h"
#include "rules/eval/evaluator.h"
#include "rules/lexer/lexer.h"
#include "rules/lists/lists.h"
#include "rules/parser/parser.h"

namespace harrier::rules {

struct CompiledRuleSet::TestCase {
  const CompiledRule* rule = nullptr;
  const TestAst* test = nullptr;
  std::string file;
  std::string json;
};

CompiledRuleSet::CompiledRuleSet() = default;
CompiledRuleSet::~CompiledRuleSet() = default;

std::string ResolvePath(std::string_view from_file, std::string_view ref) {
  std::string joined;
  if (!ref.empty() && ref[0] == '/') {
    joined = std::string(ref);
  } else {
    size_t slash = from_file.find_last_of('/');
    joined = slash == std::string_view::npos
                 ? std::string(ref)
                 : absl::StrCat(std::string(from_file.substr(0, slash + 1)),
                                std::string(ref));
  }
  std::vector<std::string> parts;
  bool absolute = !joined.empty() && joined[0] == '/';
  for (absl::string_view p : absl::StrSplit(joined, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
      continue;
    }
    parts.emplace_back(p);
  }
  return absl::StrCat(absolute ? "/" : "", absl::StrJoin(parts, "/"));
}

namespace {

std::string ActionToString(const v1::Action& a) {
  std::string name;
  switch (a.type()) {
    case v1::ACCEPT: return "accept";
    case v1::REJECT: return "reject";
    case v1::HOLD: return "hold";
    case v1::DELIST: return "delist";
    case v1::MARK_SENSITIVE: return "mark_sensitive";
    case v1::CONTENT_WARNING: name = "content_warning"; break;
    case v1::STRIP_MEDIA: return "strip_media";
    case v1::FLAG: name = "flag"; break;
    case v1::DOWNRANK: return absl::StrCat("downrank(", a.factor(), ")");
    case v1::LABEL: name = "label"; break;
    case v1::DROP_REPORT: return "drop_report";
    case v1::REJECT_FOLLOW: return "reject_follow";
    default: return "unspecified";
  }
  return absl::StrCat(name, "(\"", a.argument(), "\")");
}

std::string ActionsToString(const std::vector<v1::Action>& actions) {
  std::vector<std::string> parts;
  for (const v1::Action& a : actions) parts.push_back(ActionToString(a));
  return absl::StrCat("[", absl::StrJoin(parts, ", "), "]");
}

bool SameActions(const std::vector<v1::Action>& a,
                 const std::vector<v1::Action>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].type() != b[i].type() || a[i].argument() != b[i].argument() ||
        std::abs(a[i].factor() - b[i].factor()) > 1e-9) {
      return false;
    }
  }
  return true;
}

void ApplyTestHints(const TestAst& t, absl::Time now,
                    v1::NormalizedActivity* activity) {
  v1::ServerHints* h = activity->mutable_hints();
  if (t.actor_age_seconds.has_value()) {
    absl::Time created = now - absl::Seconds(*t.actor_age_seconds);
    h->mutable_actor_created_at()->set_seconds(absl::ToUnixSeconds(created));
  }
  if (t.followers.has_value()) h->set_actor_followers(*t.followers);
  if (t.following.has_value()) h->set_actor_following(*t.following);
  if (t.posts.has_value()) h->set_actor_posts(*t.posts);
  if (t.followed_locally.has_value()) h->set_followed_locally(*t.followed_locally);
  if (t.actor_local.has_value()) h->set_actor_local(*t.actor_local);
}

}  // namespace

std::unique_ptr<EvalScratch> CompiledRuleSet::Acquire() const {
  {
    absl::MutexLock lock(&mu_);
    if (!pool_.empty()) {
      std::unique_ptr<EvalScratch> s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  return std::make_unique<EvalScratch>(*program_);
}

void CompiledRuleSet::Release(std::unique_ptr<EvalScratch> scratch) const {
  absl::MutexLock lock(&mu_);
  pool_.push_back(std::move(scratch));
}

v1::Decision CompiledRuleSet::Evaluate(const v1::NormalizedActivity& activity,
                                       absl::Time now) const {
  std::unique_ptr<EvalScratch> s = Acquire();
  v1::Decision d = rules::Evaluate(*program_, activity, now, {}, *s);
  Release(std::move(s));
  return d;
}

v1::Decision CompiledRuleSet::EvaluateNaiveForTest(
    const v1::NormalizedActivity& activity, absl::Time now) const {
  std::unique_ptr<EvalScratch> s = Acquire();
  EvalOptions opts;
  opts.naive_matching = true;
  v1::Decision d = rules::Evaluate(*program_, activity, now, opts, *s);
  Release(std::move(s));
  return d;
}

std::vector<std::string> CompiledRuleSet::rule_ids() const {
  std::vector<std::string> ids;
  for (const RuleInfo& r : rules_) ids.push_back(r.id);
  return ids;
}

size_t CompiledRuleSet::pattern_count() const {
  return program_->pattern_count;
}

std::vector<TestResult> CompiledRuleSet::RunEmbeddedTests(absl::Time now) const {
  std::vector<TestResult> results;
  std::unique_ptr<EvalScratch> scratch = Acquire();
  for (const TestCase& tc : tests_) {
    const TestAst& t = *tc.test;
    TestResult r;
    r.rule_id = tc.rule->id;
    r.name = t.name;
    r.file = tc.file;
    r.line = t.line;
    absl::Time test_now =
        t.now_seconds.has_value()
            ? absl::FromUnixSeconds(static_cast<int64_t>(*t.now_seconds))
            : now;
    absl::StatusOr<v1::NormalizedActivity> activity = NormalizeActivity(tc.json);
    if (!activity.ok()) {
      r.message = absl::StrCat("bad test activity: ", activity.status().message());
      results.push_back(std::move(r));
      continue;
    }
    ApplyTestHints(t, test_now, &*activity);
    EvalOptions opts;
    opts.enforce_rule = tc.rule;
    v1::Decision d = rules::Evaluate(*program_, *activity, test_now, opts, *scratch);
    std::vector<std::string> problems;
    if (t.has_expect) {
      std::vector<v1::Action> want_raw, want;
      for (const ActionAst& a : t.expect) want_raw.push_back(ToProtoAction(a));
      CombineActions(want_raw, true, &want);
      std::vector<v1::Action> got(d.actions().begin(), d.actions().end());
      if (!SameActions(want, got)) {
        problems.push_back(absl::StrCat("expected ", ActionsToString(want),
                                        ", got ", ActionsToString(got)));
      }
    }
    if (t.has_expect_rules) {
      std::set<std::string> hit;
      for (const auto& e : d.explanations()) hit.insert(e.rule_id());
      for (const auto& e : d.shadow_explanations()) hit.insert(e.rule_id());
      for (const ActionAst& want : t.expect_rules) {
        if (!hit.count(want.name)) {
          problems.push_back(absl::StrCat(
              "expected rule '", want.name, "' to match; matched [",
              absl::StrJoin(hit, ", "), "]"));
        }
      }
    }
    r.passed = problems.empty();
    r.message = absl::StrJoin(problems, "; ");
    results.push_back(std::move(r));
  }
  Release(std::move(scratch));
  return results;
}

absl::StatusOr<CompileResult> CompileRuleSet(
    const std::vector<SourceFile>& files, const CompileOptions& options) {
  CompileResult result;
  Diagnostics& diags = result.diagnostics;
  std::map<std::string, std::string_view> data, sources;
  std::vector<const SourceFile*> rule_files;
  for (const SourceFile& f : files) {
    if (absl::EndsWith(f.path, ".rules")) {
      rule_files.push_back(&f);
      sources[f.path] = f.content;
    } else {
      data[ResolvePath("", f.path)] = f.content;
    }
  }
  // Stages 1 and 2.
  std::vector<FileAst> asts;
  LexOptions lex_options;
  lex_options.max_file_bytes = options.max_file_bytes;
  ParseOptions parse_options;
  parse_options.max_depth = options.max_expression_depth;
  for (const SourceFile* f : rule_files) {
    ASSIGN_OR_RETURN(std::vector<Token> tokens,
                     Lex(f->path, f->content, lex_options, diags));
    ASSIGN_OR_RETURN(FileAst ast, Parse(f->path, tokens, parse_options, diags));
    asts.push_back(std::move(ast));
  }
  // Load list files, blocklists and test activities.
  auto find_data = [&](const std::string& from, const std::string& ref,
                       std::string* resolved) -> const std::string_view* {
    *resolved = ResolvePath(from, ref);
    auto it = data.find(*resolved);
    if (it == data.end()) it = data.find(ResolvePath("", ref));
    if (it == data.end()) return nullptr;
    if (it->second.size() > options.max_file_bytes) return nullptr;
    return &it->second;
  };
  std::vector<std::tuple<const RuleAst*, const TestAst*, std::string, std::string>>
      test_json;
  for (FileAst& ast : asts) {
    for (ListDecl& l : ast.lists) {
      if (!l.from_file) continue;
      std::string resolved;
      const std::string_view* content = find_data(ast.path, l.path, &resolved);
      if (content == nullptr) {
        diags.Error({ast.path, l.path_line, l.path_col},
                    absl::StrCat("list file '", l.path, "' not found"));
        continue;
      }
      l.entries = ParseListFile(resolved, *content, diags);
      l.entries_file = resolved;
      sources[resolved] = *content;
    }
    for (ImportDecl& imp : ast.imports) {
      if (!imp.format.empty() && !IsBlocklistFormat(imp.format)) {
        diags.Error({ast.path, imp.line, imp.col},
                    absl::StrCat("unknown blocklist format '", imp.format,
                                 "' (expected mastodon, oliphant, gotosocial "
                                 "or plain)"));
        continue;
      }
      std::string resolved;
      const std::string_view* content = find_data(ast.path, imp.path, &resolved);
      if (content == nullptr) {
        diags.Error({ast.path, imp.line, imp.col},
                    absl::StrCat("blocklist file '", imp.path, "' not found"));
        continue;
      }
      sources[resolved] = *content;
      for (const BlocklistEntry& e :
           ParseBlocklist(resolved, *content, imp.format, diags)) {
        imp.entries.push_back({e.domain, false, e.public_comment, e.line, 1});
        imp.entry_actions.push_back(BlocklistActions(e));
      }
    }
    for (const RuleAst& r : ast.rules) {
      for (const TestAst& t : r.tests) {
        if (!t.activity_json.empty()) {
          test_json.emplace_back(&r, &t, ast.path, t.activity_json);
          continue;
        }
        if (t.activity_path.empty()) continue;
        std::string resolved;
        const std::string_view* content =
            find_data(ast.path, t.activity_path, &resolved);
        if (content == nullptr) {
          diags.Error({ast.path, t.activity_line, t.activity_col},
                      absl::StrCat("test activity file '", t.activity_path,
                                   "' not found"));
          continue;
        }
        test_json.emplace_back(&r, &t, ast.path, std::string(*content));
      }
    }
  }
  // Stage 3.
  CheckOptions check_options;
  check_options.max_rules = options.max_rules;
  check_options.max_list_entries = options.max_list_entries;
  check_options.max_depth = options.max_expression_depth;
  ASSIGN_OR_RETURN(CheckedRuleSet checked, Check(asts, check_options, diags));
  auto finish = [&]() {
    result.rendered_diagnostics = FormatDiagnostics(diags, sources);
    return result;
  };
  if (diags.has_errors()) return finish();
  // Stage 4.
  CompileLimits limits;
  limits.max_patterns = options.max_patterns;
  limits.version = options.version;
  ASSIGN_OR_RETURN(std::unique_ptr<Program> program,
                   Compile(std::move(asts), std::move(checked), limits, diags));
  if (program == nullptr || diags.has_errors()) return finish();
  std::shared_ptr<CompiledRuleSet> set(new CompiledRuleSet);
  for (CompiledRule& r : program->rules) {
    if (r.ast != nullptr) {
      auto it = sources.find(r.file);
      if (it != sources.end() && r.ast->source_end <= static_cast<int>(it->second.size())) {
        r.source_hash = SourceHash(it->second.substr(
            r.ast->source_begin, r.ast->source_end - r.ast->source_begin));
      }
    }
    set->rules_.push_back({r.id, r.file, r.line, r.mode, r.tags, r.source_hash, r.expires});
  }
  for (auto& [rule_ast, test, file, json] : test_json) {
    for (const CompiledRule& r : program->rules) {
      if (r.ast == rule_ast) {
        set->tests_.push_back({&r, test, file, std::move(json)});
        break;
      }
    }
  }
  set->program_ = std::move(program);
  if (options.run_embedded_tests) {
    absl::Time now = options.test_now.value_or(absl::Now());
    for (const TestResult& t : set->RunEmbeddedTests(now)) {
      if (t.passed) continue;
      int col = 1;
      for (const auto& tc : set->tests_) {
        if (tc.test->name == t.name && tc.rule->id == t.rule_id) col = tc.test->col;
      }
      diags.Error({t.file, t.line, col},
                  absl::StrCat("test \"", t.name, "\" of rule '", t.rule_id,
                               "' failed: ", t.message));
    }
    if (diags.has_errors()) return finish();
  }
  result.rule_set = std::move(set);
  return finish();
}

RuleSetDiff DiffRuleSets(const CompiledRuleSet& before,
                         const CompiledRuleSet& after) {
  std::map<std::string, uint64_t> old_hashes, new_hashes;
  for (const RuleInfo& r : before.rules()) old_hashes[r.id] = r.source_hash;
  for (const RuleInfo& r : after.rules()) new_hashes[r.id] = r.source_hash;
  RuleSetDiff diff;
  for (const auto& [id, hash] : new_hashes) {
    auto it = old_hashes.find(id);
    if (it == old_hashes.end()) {
      diff.added.push_back(id);
    } else if (it->second != hash) {
      diff.changed.push_back(id);
    }
  }
  for (const auto& [id, hash] : old_hashes) {
    if (!new_hashes.count(id)) diff.removed.push_back(id);
  }
  return diff;
}

absl::StatusOr<std::vector<SourceFile>> LoadSourceFiles(
    const std::vector<std::string>& paths) {
  std::vector<SourceFile> out;
  std::set<std::string> seen;
  auto read = [](const std::string& path, std::string* content) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *content = ss.str();
    return true;
  };
  for (const std::string& path : paths) {
    SourceFile f;
    f.path = path;
    if (!read(path, &f.content)) {
      return absl::NotFoundError(absl::StrCat("cannot read rule file '", path, "'"));
    }
    Diagnostics ignored;
    auto tokens = Lex(path, f.content, {}, ignored);
    if (tokens.ok()) {
      const std::vector<Token>& t = *tokens;
      for (size_t i = 2; i < t.size(); ++i) {
        if (t[i].kind != TokenKind::kString) continue;
        bool names_file =
            (t[i - 1].kind == TokenKind::kIdent &&
             (t[i - 1].text == "from" || t[i - 1].text == "blocklist")) ||
            (t[i - 1].kind == TokenKind::kColon &&
             t[i - 2].kind == TokenKind::kIdent && t[i - 2].text == "activity");
        if (!names_file) continue;
        std::string ref = ResolvePath(path, t[i].text);
        if (!seen.insert(ref).second) continue;
        SourceFile data;
        data.path = ref;
        if (read(ref, &data.content)) out.push_back(std::move(data));
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace harrier::rules
