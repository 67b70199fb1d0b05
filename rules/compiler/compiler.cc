// Copyright 2026 The Harrier Authors.
#include "rules/compiler/compiler.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace harrier::rules {

v1::Action ToProtoAction(const std::string& name) {
  ActionAst a;
  a.name = name;
  return ToProtoAction(a);
}

v1::Action ToProtoAction(const ActionAst& a) {
  static const std::map<std::string, v1::ActionType> kTypes = {
      {"accept", v1::ACCEPT},
      {"reject", v1::REJECT},
      {"hold", v1::HOLD},
      {"delist", v1::DELIST},
      {"mark_sensitive", v1::MARK_SENSITIVE},
      {"content_warning", v1::CONTENT_WARNING},
      {"strip_media", v1::STRIP_MEDIA},
      {"flag", v1::FLAG},
      {"downrank", v1::DOWNRANK},
      {"label", v1::LABEL},
      {"drop_report", v1::DROP_REPORT},
      {"reject_follow", v1::REJECT_FOLLOW},
  };
  v1::Action out;
  auto it = kTypes.find(a.name);
  out.set_type(it == kTypes.end() ? v1::ACTION_TYPE_UNSPECIFIED : it->second);
  if (a.name == "downrank") {
    out.set_factor(a.arg_number);
  } else if (a.has_arg) {
    out.set_argument(a.arg_text);
  }
  return out;
}

uint64_t SourceHash(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) {
      h = (h ^ ' ') * 1099511628211ull;
      space = false;
    }
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return h;
}

namespace {

void CollectRequired(const Expr& e, std::vector<int>* out) {
  if (e.kind == ExprKind::kBinary && e.op == Op::kAnd) {
    CollectRequired(*e.args[0], out);
    CollectRequired(*e.args[1], out);
  } else if (e.predicate >= 0) {
    out->push_back(e.predicate);
  }
}

// The host of a top-level conjunct `actor.host == "literal"` (either
// order) of `e`, if there is one: the rule cannot match an activity from
// any other host.
const std::string* RequiredHost(const Expr& e) {
  if (e.kind != ExprKind::kBinary) return nullptr;
  if (e.op == Op::kAnd) {
    const std::string* host = RequiredHost(*e.args[0]);
    return host != nullptr ? host : RequiredHost(*e.args[1]);
  }
  if (e.op != Op::kEq) return nullptr;
  auto is_host = [](const Expr& side) {
    return side.kind == ExprKind::kPath && side.var_slot < 0 &&
           side.field == static_cast<int>(Field::kActorHost);
  };
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  if (is_host(l) && r.kind == ExprKind::kStringLit) return &r.text;
  if (is_host(r) && l.kind == ExprKind::kStringLit) return &l.text;
  return nullptr;
}

struct PatternSource {
  std::string file;
  int line = 0;
  int col = 0;
  std::string text;
};

class Builder {
 public:
  Builder(Program& program, const CompileLimits& limits, Diagnostics& diags)
      : p_(program), limits_(limits), diags_(diags) {}

  void Visit(Expr& e, const std::string& file) {
    for (auto& a : e.args) Visit(*a, file);
    if (e.kind != ExprKind::kBinary) return;
    const std::string& op = e.text;
    bool text_op = op == "contains" || op == "contains_word" ||
                   op == "matches" || op == "contains_any" ||
                   op == "contains_any_word" || op == "matches_any";
    if (!text_op || e.args[0]->type != Type::kString) return;
    Field field = static_cast<Field>(e.args[0]->field);
    bool word = op == "contains_word" || op == "contains_any_word";
    const Expr& r = *e.args[1];
    std::vector<ListEntry> entries;
    std::string entries_file = file;
    TextMode mode = TextMode::kDefault;
    if (r.kind == ExprKind::kStringLit) {
      entries.push_back({r.text, false, "", r.line, r.col});
    } else if (r.kind == ExprKind::kRegexLit) {
      entries.push_back({r.text, true, "", r.line, r.col});
    } else if (r.kind == ExprKind::kListLit) {
      for (const auto& a : r.args) {
        entries.push_back(
            {a->text, a->kind == ExprKind::kRegexLit, "", a->line, a->col});
      }
    } else if (r.list_index >= 0) {
      const CheckedList& list = p_.checked.lists[r.list_index];
      entries = list.entries();
      if (list.decl != nullptr) {
        entries_file = list.decl->entries_file;
        if (list.decl->confusables) mode = TextMode::kConfusables;
      }
    }
    int db = Database(field, mode);
    TextPredicate pred;
    pred.database = db;
    pred.word = word;
    int pred_index = static_cast<int>(p_.predicates.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      const ListEntry& le = entries[i];
      PatternSpec spec;
      spec.word = word;
      if (le.regex) {
        spec.expression = le.text;
      } else {
        std::string keyword = NormalizeKeyword(le.text, mode);
        spec.literal_length = keyword.size();
        spec.expression = EscapeLiteral(keyword);
      }
      if (spec.expression.empty()) continue;
      int id = Pattern(db, spec, {entries_file, le.line, le.col, le.text});
      uses_[db][id].push_back({pred_index, static_cast<int>(i)});
      pred.entries.push_back({le.text, le.regex, le.reason});
    }
    // Entry indexes must match `entries` even if some were skipped.
    if (pred.entries.size() != entries.size()) {
      pred.entries.clear();
      for (const ListEntry& le : entries) {
        pred.entries.push_back({le.text, le.regex, le.reason});
      }
    }
    e.predicate = pred_index;
    p_.predicates.push_back(std::move(pred));
  }

  bool BuildDatabases() {
    size_t total = 0;
    for (const auto& s : specs_) total += s.size();
    p_.pattern_count = total;
    if (total > limits_.max_patterns) {
      diags_.Error({sources_.empty() || sources_[0].empty()
                        ? ""
                        : sources_[0][0].file,
                    0, 0},
                   absl::StrCat("rule set has ", total,
                                " patterns, over the limit of ",
                                limits_.max_patterns));
      return false;
    }
    // Databases are independent: compile them in parallel (Hyperscan's
    // compiler dominates load time for large rule sets).
    size_t n = p_.databases.size();
    std::vector<absl::StatusOr<std::unique_ptr<PatternDatabase>>> results;
    for (size_t d = 0; d < n; ++d) results.emplace_back(absl::UnknownError("not built"));
    std::vector<std::vector<std::pair<int, std::string>>> rejections(n);
    size_t workers = std::max<size_t>(
        1, std::min<size_t>(n, std::thread::hardware_concurrency()));
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t d = next++; d < n; d = next++) {
        results[d] = PatternDatabase::Build(specs_[d], &rejections[d]);
      }
    };
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
    for (size_t d = 0; d < n; ++d) {
      std::vector<std::pair<int, std::string>>& rejected = rejections[d];
      auto& built = results[d];
      if (!built.ok()) {
        status_ = built.status();
        return false;
      }
      for (const auto& [index, message] : rejected) {
        const PatternSource& src = sources_[d][index];
        diags_.Error({src.file, src.line, src.col},
                     absl::StrCat("pattern /", src.text,
                                  "/ is not supported by the matching "
                                  "engine: ", message));
      }
      p_.databases[d].db = std::move(*built);
      p_.databases[d].uses = std::move(uses_[d]);
    }
    return !diags_.has_errors();
  }

  absl::Status status() const { return status_; }

 private:
  int Database(Field field, TextMode mode) {
    for (size_t i = 0; i < p_.databases.size(); ++i) {
      if (p_.databases[i].field == field && p_.databases[i].mode == mode) {
        return static_cast<int>(i);
      }
    }
    p_.databases.push_back({field, mode, nullptr, {}});
    specs_.emplace_back();
    sources_.emplace_back();
    uses_.emplace_back();
    index_.emplace_back();
    return static_cast<int>(p_.databases.size()) - 1;
  }

  int Pattern(int db, const PatternSpec& spec, PatternSource source) {
    std::string key = absl::StrCat(spec.word ? "w:" : "s:", spec.expression);
    auto [it, inserted] =
        index_[db].emplace(key, static_cast<int>(specs_[db].size()));
    if (inserted) {
      specs_[db].push_back(spec);
      sources_[db].push_back(std::move(source));
      uses_[db].emplace_back();
    }
    return it->second;
  }

  Program& p_;
  const CompileLimits& limits_;
  Diagnostics& diags_;
  absl::Status status_;
  std::vector<std::vector<PatternSpec>> specs_;
  std::vector<std::vector<PatternSource>> sources_;
  std::vector<std::vector<std::vector<PatternUse>>> uses_;
  std::vector<absl::flat_hash_map<std::string, int>> index_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Program>> Compile(std::vector<FileAst> files,
                                                 CheckedRuleSet checked,
                                                 const CompileLimits& limits,
                                                 Diagnostics& diags) {
  auto program = std::make_unique<Program>();
  Program& p = *program;
  p.files = std::move(files);
  p.checked = std::move(checked);
  p.version = limits.version;
  for (const CheckedList& l : p.checked.lists) {
    p.lists.push_back(std::make_unique<ListIndex>(l.entries()));
  }
  // Imported blocklists become rules of their own.
  for (int index : p.checked.imports) {
    const CheckedList& l = p.checked.lists[index];
    CompiledRule r;
    r.id = l.import->alias;
    r.file = l.file;
    r.line = l.import->line;
    r.blocklist = index;
    r.description_text = absl::StrCat("Blocklist ", l.import->path);
    for (const auto& names : l.import->entry_actions) {
      std::vector<v1::Action> actions;
      for (const std::string& n : names) actions.push_back(ToProtoAction(n));
      r.entry_actions.push_back(std::move(actions));
    }
    r.source_hash = SourceHash(absl::StrCat(l.import->path, l.import->format));
    p.rules.push_back(std::move(r));
  }
  size_t first_rule = p.rules.size();
  Builder builder(p, limits, diags);
  for (CheckedRule& cr : p.checked.rules) {
    const RuleAst& ast = *cr.rule;
    CompiledRule r;
    r.id = ast.id;
    r.file = cr.file;
    r.line = ast.line;
    r.when = ast.when.get();
    r.description = &cr.description;
    r.description_text = ast.description;
    for (const ActionAst& a : ast.then) r.actions.push_back(ToProtoAction(a));
    r.mode = ast.mode == "shadow" ? v1::SHADOW
             : ast.mode == "off"  ? v1::OFF
                                  : v1::ENFORCE;
    r.priority = ast.priority;
    if (ast.expires_seconds.has_value()) {
      r.expires = absl::FromUnixSeconds(
          static_cast<int64_t>(*ast.expires_seconds));
    }
    r.score = ast.score;
    r.tags = ast.tags;
    r.ast = &ast;
    if (ast.when != nullptr) {
      builder.Visit(*const_cast<Expr*>(r.when), cr.file);
      CollectRequired(*r.when, &r.required_predicates);
    }
    for (TemplatePart& part : cr.description) {
      if (part.expr != nullptr) builder.Visit(*part.expr, cr.file);
    }
    p.rules.push_back(std::move(r));
  }
  std::stable_sort(p.rules.begin() + first_rule, p.rules.end(),
                   [](const CompiledRule& a, const CompiledRule& b) {
                     return a.priority > b.priority;
                   });
  p.rules_by_predicate.assign(p.predicates.size(), {});
  for (size_t i = 0; i < p.rules.size(); ++i) {
    const std::vector<int>& required = p.rules[i].required_predicates;
    const std::string* host =
        p.rules[i].when != nullptr ? RequiredHost(*p.rules[i].when) : nullptr;
    if (required.empty() && host != nullptr) {
      p.rules_by_host[*host].push_back(static_cast<int>(i));
    } else if (required.empty()) {
      p.rules_always.push_back(static_cast<int>(i));
    } else {
      p.rules_by_predicate[required.front()].push_back(static_cast<int>(i));
    }
  }
  for (const ThresholdAst* th : p.checked.thresholds) {
    CompiledThreshold t;
    t.score = th->score;
    for (const ActionAst& a : th->actions) t.actions.push_back(ToProtoAction(a));
    p.thresholds.push_back(std::move(t));
  }
  std::stable_sort(p.thresholds.begin(), p.thresholds.end(),
                   [](const CompiledThreshold& a, const CompiledThreshold& b) {
                     return a.score < b.score;
                   });
  if (!builder.BuildDatabases()) {
    if (!builder.status().ok()) return builder.status();
    return std::unique_ptr<Program>();
  }
  return program;
}

}  // namespace harrier::rules
