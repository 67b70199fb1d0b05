// Copyright 2026 The Harrier Authors.
//
// checker.h: stage 3 of the rule pipeline. Resolves names and types across
// all files of a rule set and validates everything a moderator can get
// wrong before the rule set goes live.
//
//   Diagnostics diags;
//   ASSIGN_OR_RETURN(CheckedRuleSet checked, Check(files, {}, diags));
//   if (diags.has_errors()) ...  // do not compile
//
// The checker annotates the expressions of `files` in place (Expr::type,
// field, list_index, var_slot); `files` must outlive the result, which
// points into it. It checks: field names (with "did you mean"), list names,
// function calls, operand types, regex syntax (RE2, at the entry's
// position), actions and their arguments, modes, thresholds, test
// expectations, description templates, duplicate rule/list ids and the
// size limits in CheckOptions. Mistakes go to `diags`; a non-OK status is
// never returned for user input.
#ifndef HARRIER_RULES_CHECKER_CHECKER_H_
#define HARRIER_RULES_CHECKER_CHECKER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "rules/common/diagnostics.h"
#include "rules/parser/ast.h"

namespace harrier::rules {

struct CheckOptions {
  size_t max_rules = 10000;
  size_t max_list_entries = 1000000;
  int max_depth = 64;
};

// A piece of a description template: literal text, or an expression in
// braces.
struct TemplatePart {
  std::string literal;
  std::unique_ptr<Expr> expr;
};

struct CheckedList {
  const ListDecl* decl = nullptr;    // set for `list`
  const ImportDecl* import = nullptr;  // set for `import blocklist`
  std::string file;
  const std::vector<ListEntry>& entries() const {
    return decl != nullptr ? decl->entries : import->entries;
  }
  const std::string& name() const {
    return decl != nullptr ? decl->name : import->alias;
  }
};

struct CheckedRule {
  const RuleAst* rule = nullptr;
  std::string file;
  std::vector<TemplatePart> description;
};

struct CheckedRuleSet {
  std::vector<CheckedList> lists;
  absl::flat_hash_map<std::string, int> list_by_name;
  std::vector<CheckedRule> rules;
  std::vector<const ThresholdAst*> thresholds;
  // Indexes into `lists` of imported blocklists, in file order.
  std::vector<int> imports;
};

absl::StatusOr<CheckedRuleSet> Check(std::vector<FileAst>& files,
                                     const CheckOptions& options,
                                     Diagnostics& diags);

// Validates one action (name and argument). `in_expectation` words the
// errors for `expect:`.
bool CheckAction(const std::string& file, const ActionAst& action,
                 bool in_expectation, Diagnostics& diags);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_CHECKER_CHECKER_H_
