// Copyright 2026 The Harrier Authors.
//
// program.h: the evaluation plan the compiler produces and the evaluator
// runs. Built once, then immutable: every member is read-only after
// Compile() returns, so one Program is shared by all evaluating threads.
//
// Layout:
//   - `databases`: one PatternDatabase per (text field, text mode), with, for
//     each pattern, the text predicates (and list entries) it satisfies;
//   - `predicates`: one per text predicate in the rules (Expr::predicate
//     indexes it);
//   - `rules`: imported blocklists first, then the rules, stably sorted by
//     descending priority (file order breaks ties) — the evaluation order;
//   - `thresholds`: score thresholds, ascending.
#ifndef HARRIER_RULES_COMPILER_PROGRAM_H_
#define HARRIER_RULES_COMPILER_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "harrier/v1/decision.pb.h"
#include "rules/checker/checker.h"
#include "rules/checker/schema.h"
#include "rules/compiler/matcher.h"
#include "rules/lists/lists.h"
#include "rules/parser/ast.h"
#include "rules/text/normalize.h"

namespace harrier::rules {

struct PatternUse {
  int predicate;
  int entry;  // index into the predicate's entries
};

struct TextDatabase {
  Field field;
  TextMode mode;
  std::unique_ptr<PatternDatabase> db;
  // For each pattern id: the predicates it satisfies.
  std::vector<std::vector<PatternUse>> uses;
};

struct PredicateEntry {
  std::string text;  // as written (keyword or regex source)
  bool regex = false;
  std::string reason;
};

struct TextPredicate {
  int database = -1;
  bool word = false;
  std::vector<PredicateEntry> entries;
};

struct CompiledRule {
  std::string id;
  std::string file;
  int line = 0;
  const Expr* when = nullptr;
  // Description template (owned by the CheckedRule in Program::checked).
  const std::vector<TemplatePart>* description = nullptr;
  std::string description_text;
  std::vector<v1::Action> actions;
  v1::RuleMode mode = v1::ENFORCE;
  int64_t priority = 0;
  std::optional<absl::Time> expires;
  std::optional<double> score;
  std::vector<std::string> tags;
  uint64_t source_hash = 0;
  // Imported blocklist: index into Program::lists; the actions come from the
  // matching entry (entry_actions) instead of `actions`.
  int blocklist = -1;
  std::vector<std::vector<v1::Action>> entry_actions;
  // Text predicates that are conjuncts of `when` at the top level: if one
  // did not match, the rule cannot match and is skipped without evaluating
  // `when` (a pure optimisation; expressions have no side effects).
  std::vector<int> required_predicates;
  // The RuleAst (nullptr for imports), for embedded tests.
  const RuleAst* ast = nullptr;
};

struct CompiledThreshold {
  double score = 0;
  std::vector<v1::Action> actions;
};

struct Program {
  // The syntax trees the plan points into.
  std::vector<FileAst> files;
  CheckedRuleSet checked;
  // One membership index per checked list (same order).
  std::vector<std::unique_ptr<ListIndex>> lists;
  std::vector<TextDatabase> databases;
  std::vector<TextPredicate> predicates;
  std::vector<CompiledRule> rules;
  // Which rules an evaluation need look at (indexes into `rules`, each list
  // ascending): a rule with required text predicates is listed under its
  // first one only and is a candidate when that predicate matched; the
  // others always are. With thousands of keyword rules, an activity visits
  // the few whose words occur instead of all of them.
  // A rule without required text but with a top-level conjunct
  // `actor.host == "literal"` (exact string equality) is listed under that
  // host instead, and is a candidate only for activities from it.
  std::vector<int> rules_always;
  std::vector<std::vector<int>> rules_by_predicate;  // per predicate
  absl::flat_hash_map<std::string, std::vector<int>> rules_by_host;
  std::vector<CompiledThreshold> thresholds;
  int64_t version = 0;
  size_t pattern_count = 0;
};

// Converts a checked action to its proto form.
v1::Action ToProtoAction(const ActionAst& action);
// Converts a rule-language action name without argument ("reject").
v1::Action ToProtoAction(const std::string& name);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_COMPILER_PROGRAM_H_
