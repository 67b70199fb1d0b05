// Copyright 2026 The Harrier Authors.
//
// ast.h: the syntax tree of a `.rules` file, with source positions.
//
// The parser builds it; the checker annotates expressions in place (the
// `type`, `field`, `list_index`, `var_slot` members) and the compiler reads
// the annotated tree. After compilation the tree is immutable.
//
// Ownership: every node owns its children through unique_ptr.
#ifndef HARRIER_RULES_PARSER_AST_H_
#define HARRIER_RULES_PARSER_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/common/diagnostics.h"

namespace harrier::rules {

// Types the checker assigns. kList* are lists whose elements have the named
// type; kNamedList is a `list` declaration used by name.
enum class Type {
  kError,
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kDuration,
  kTimestamp,
  kRegex,
  kMention,
  kLink,
  kAttachment,
  kListString,
  kListMention,
  kListLink,
  kListAttachment,
  kNamedList,
};

const char* TypeName(Type type);

enum class ExprKind {
  kBoolLit,
  kIntLit,
  kFloatLit,
  kStringLit,
  kDurationLit,
  kTimestampLit,
  kRegexLit,
  kPath,     // a.b.c: a field of the activity or of a comprehension variable
  kUnary,    // op: "!" or "-"
  kBinary,   // op: "&&", "==", "in", "contains_any", ...
  kCall,     // name(args...)
  kListLit,  // [a, b]
};

// Operators of kUnary/kBinary, resolved once by the parser so evaluation
// never compares operator strings.
enum class Op : uint8_t {
  kNone, kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv,
  kIn, kContains, kContainsWord, kContainsAny, kContainsAnyWord, kMatches,
  kMatchesAny, kNot, kNeg,
};

// "&&" -> Op::kAnd ...; kNone for anything else.
Op OpFromText(const std::string& text, bool unary);

struct Expr {
  ExprKind kind = ExprKind::kBoolLit;
  Op op = Op::kNone;
  int line = 0;
  int col = 0;
  // Operator, call name, dotted path, or literal spelling.
  std::string text;
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;  // also seconds for durations/timestamps
  std::vector<std::unique_ptr<Expr>> args;

  // --- Filled in by the checker. ---
  Type type = Type::kError;
  // kPath: field id (see checker/schema.h) or -1.
  int field = -1;
  // kPath naming a list: index into the rule set's lists; -1 otherwise.
  int list_index = -1;
  // kPath rooted at a comprehension variable: its slot; -1 otherwise.
  int var_slot = -1;
  // Text predicates: index of the compiled predicate (compiler), -1 if none.
  int predicate = -1;
};

struct ListEntry {
  std::string text;
  bool regex = false;
  std::string reason;
  int line = 0;
  int col = 0;
};

struct ListDecl {
  std::string name;
  int line = 0;
  int col = 0;
  // `list x from "path"`: the path (relative to the rule file) and where it
  // is written; entries are filled from the file by the list loader.
  bool from_file = false;
  std::string path;
  int path_line = 0;
  int path_col = 0;
  // `list x confusables = ...`: keywords also match TR39 look-alikes.
  bool confusables = false;
  std::vector<ListEntry> entries;
  // File the entries' positions refer to (the list file for `from`); set by
  // the loader, defaults to the rule file.
  std::string entries_file;
};

struct ImportDecl {
  std::string path;
  std::string alias;
  // mastodon | oliphant | gotosocial | plain, or "" to detect.
  std::string format;
  int line = 0;
  int col = 0;
  // Filled by the loader: one entry per blocklisted domain (reason = public
  // comment) and the rule-language actions of each entry.
  std::vector<ListEntry> entries;
  std::vector<std::vector<std::string>> entry_actions;
};

struct ActionAst {
  std::string name;
  int line = 0;
  int col = 0;
  bool has_arg = false;
  bool arg_is_string = false;
  std::string arg_text;
  double arg_number = 0;
  int arg_line = 0;
  int arg_col = 0;
};

struct TestAst {
  std::string name;
  int line = 0;
  int col = 0;
  std::string activity_path;  // activity: "file.json"
  std::string activity_json;  // activity: {...}
  int activity_line = 0;
  int activity_col = 0;
  bool has_expect = false;
  std::vector<ActionAst> expect;
  bool has_expect_rules = false;
  std::vector<ActionAst> expect_rules;  // names only
  // Server hints for the test activity.
  std::optional<double> actor_age_seconds;
  std::optional<int64_t> followers, following, posts;
  std::optional<bool> followed_locally, actor_local;
  std::optional<double> now_seconds;  // Unix seconds
};

struct RuleAst {
  std::string id;
  std::string description;
  int line = 0;
  int col = 0;
  int desc_line = 0;
  int desc_col = 0;
  std::unique_ptr<Expr> when;
  bool has_then = false;
  std::vector<ActionAst> then;
  std::string mode = "enforce";
  int mode_line = 0;
  int mode_col = 0;
  int64_t priority = 0;
  std::optional<double> expires_seconds;  // Unix seconds
  std::optional<double> score;
  std::vector<std::string> tags;
  std::vector<TestAst> tests;
  // Byte range of the rule's source text, for the per-rule hash.
  int source_begin = 0;
  int source_end = 0;
};

struct ThresholdAst {
  double score = 0;
  int line = 0;
  int col = 0;
  std::vector<ActionAst> actions;
};

struct FileAst {
  std::string path;
  std::vector<ListDecl> lists;
  std::vector<ImportDecl> imports;
  std::vector<RuleAst> rules;
  std::vector<ThresholdAst> thresholds;
};

}  // namespace harrier::rules

#endif  // HARRIER_RULES_PARSER_AST_H_
