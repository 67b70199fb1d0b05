// Copyright 2026 The Harrier Authors.
#include "rules/checker/checker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"
#include "rules/checker/schema.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/parser.h"

namespace harrier::rules {
namespace {

constexpr int kMaxComprehensionNesting = 4;

const std::vector<std::string>& ActionNames() {
  static const auto* names = new std::vector<std::string>{
      "accept", "reject", "hold", "delist", "mark_sensitive",
      "content_warning", "strip_media", "flag", "downrank", "label",
      "drop_report", "reject_follow"};
  return *names;
}

bool IsNumeric(Type t) { return t == Type::kInt || t == Type::kFloat; }
bool IsList(Type t) {
  return t == Type::kListString || t == Type::kListMention ||
         t == Type::kListLink || t == Type::kListAttachment;
}

std::string DidYouMean(const std::string& name,
                       const std::vector<std::string>& candidates) {
  std::string best = ClosestMatch(name, candidates);
  return best.empty() ? "" : absl::StrCat(" (did you mean '", best, "'?)");
}

class ExprChecker {
 public:
  ExprChecker(const std::string& file, const CheckedRuleSet& set,
              Diagnostics& diags)
      : file_(file), set_(set), diags_(diags) {}

  // Checks `e`; returns its type (kError after reporting a mistake).
  Type Check(Expr& e) {
    e.type = CheckInner(e);
    return e.type;
  }

 private:
  Type Error(const Expr& e, std::string msg) {
    diags_.Error({file_, e.line, e.col}, std::move(msg));
    return Type::kError;
  }

  std::vector<std::string> ListNames() const {
    std::vector<std::string> out;
    for (const CheckedList& l : set_.lists) out.push_back(l.name());
    return out;
  }

  Type CheckInner(Expr& e) {
    switch (e.kind) {
      case ExprKind::kBoolLit: return Type::kBool;
      case ExprKind::kIntLit: return Type::kInt;
      case ExprKind::kFloatLit: return Type::kFloat;
      case ExprKind::kStringLit: return Type::kString;
      case ExprKind::kDurationLit: return Type::kDuration;
      case ExprKind::kTimestampLit: return Type::kTimestamp;
      case ExprKind::kRegexLit: {
        RE2::Options opts;
        opts.set_log_errors(false);
        RE2 re(e.text, opts);
        if (!re.ok()) {
          return Error(e, absl::StrCat("bad regex /", e.text, "/: ", re.error()));
        }
        return Type::kRegex;
      }
      case ExprKind::kPath: return CheckPath(e);
      case ExprKind::kUnary: return CheckUnary(e);
      case ExprKind::kBinary: return CheckBinary(e);
      case ExprKind::kCall: return CheckCall(e);
      case ExprKind::kListLit: {
        for (auto& a : e.args) {
          Type t = Check(*a);
          if (t == Type::kError) return Type::kError;
          if (t != Type::kString && t != Type::kRegex) {
            return Error(*a, absl::StrCat("list literals hold strings and "
                                          "/regexes/, not ", TypeName(t)));
          }
        }
        return Type::kListString;
      }
    }
    return Type::kError;
  }

  Type CheckPath(Expr& e) {
    std::string root = e.text.substr(0, e.text.find('.'));
    for (int i = static_cast<int>(vars_.size()) - 1; i >= 0; --i) {
      if (vars_[i].first != root) continue;
      e.var_slot = i;
      Type elem = vars_[i].second;
      if (root == e.text) return elem;
      std::string member = e.text.substr(root.size() + 1);
      const FieldInfo* f = FindElementField(elem, member);
      if (f == nullptr) {
        return Error(e, absl::StrCat("unknown field '", member, "' of ",
                                     TypeName(elem), " '", root, "'",
                                     DidYouMean(member, ElementFieldNames(elem))));
      }
      e.field = static_cast<int>(f->field);
      return f->type;
    }
    if (root == e.text) {
      auto it = set_.list_by_name.find(e.text);
      if (it != set_.list_by_name.end()) {
        e.list_index = it->second;
        return Type::kNamedList;
      }
      std::vector<std::string> names = ListNames();
      for (const auto& v : vars_) names.push_back(v.first);
      return Error(e, absl::StrCat("unknown name '", e.text, "'",
                                   DidYouMean(e.text, names)));
    }
    const FieldInfo* f = FindActivityField(e.text);
    if (f == nullptr) {
      return Error(e, absl::StrCat("unknown field '", e.text, "'",
                                   DidYouMean(e.text, ActivityFieldNames())));
    }
    e.field = static_cast<int>(f->field);
    return f->type;
  }

  Type CheckUnary(Expr& e) {
    Type t = Check(*e.args[0]);
    if (t == Type::kError) return t;
    if (e.text == "!") {
      if (t != Type::kBool) {
        return Error(e, absl::StrCat("'!' expects bool, got ", TypeName(t)));
      }
      return Type::kBool;
    }
    if (!IsNumeric(t) && t != Type::kDuration) {
      return Error(e, absl::StrCat("unary '-' expects a number or duration, "
                                   "got ", TypeName(t)));
    }
    return t;
  }

  bool IsHostOperand(const Expr& e) const {
    return e.kind == ExprKind::kPath && e.field >= 0 &&
           GetFieldInfo(static_cast<Field>(e.field)).is_host;
  }

  Type CheckBinary(Expr& e) {
    const std::string& op = e.text;
    Expr& l = *e.args[0];
    Expr& r = *e.args[1];
    Type lt = Check(l);
    Type rt = Check(r);
    if (lt == Type::kError || rt == Type::kError) return Type::kError;
    if (op == "&&" || op == "||") {
      if (lt != Type::kBool || rt != Type::kBool) {
        return Error(e, absl::StrCat("'", op, "' expects bool operands, got ",
                                     TypeName(lt), " and ", TypeName(rt)));
      }
      return Type::kBool;
    }
    if (op == "==" || op == "!=") {
      bool ok = lt == rt || (IsNumeric(lt) && IsNumeric(rt));
      if (!ok || IsList(lt) || lt == Type::kNamedList || lt == Type::kRegex) {
        return Error(e, absl::StrCat("cannot compare ", TypeName(lt), " with ",
                                     TypeName(rt), " using '", op, "'"));
      }
      return Type::kBool;
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      bool ok = (IsNumeric(lt) && IsNumeric(rt)) ||
                (lt == rt && (lt == Type::kDuration || lt == Type::kTimestamp));
      if (!ok) {
        return Error(e, absl::StrCat("cannot compare ", TypeName(lt), " with ",
                                     TypeName(rt), " using '", op, "'"));
      }
      return Type::kBool;
    }
    if (op == "+" || op == "-" || op == "*" || op == "/") {
      if (IsNumeric(lt) && IsNumeric(rt)) {
        return lt == Type::kFloat || rt == Type::kFloat ? Type::kFloat
                                                        : Type::kInt;
      }
      if ((op == "+" || op == "-") && lt == Type::kDuration &&
          rt == Type::kDuration) {
        return Type::kDuration;
      }
      if ((op == "*" || op == "/") && lt == Type::kDuration && IsNumeric(rt)) {
        return Type::kDuration;
      }
      return Error(e, absl::StrCat("'", op, "' cannot combine ", TypeName(lt),
                                   " and ", TypeName(rt)));
    }
    if (op == "in") {
      if (lt != Type::kString) {
        return Error(e, absl::StrCat("left side of 'in' must be a string, got ",
                                     TypeName(lt)));
      }
      if (rt != Type::kNamedList && rt != Type::kListString) {
        return Error(r, absl::StrCat("right side of 'in' must be a list, got ",
                                     TypeName(rt)));
      }
      return Type::kBool;
    }
    // Text predicates.
    if (lt == Type::kListString && op == "contains_any") {
      if (rt != Type::kNamedList && rt != Type::kListString) {
        return Error(r, absl::StrCat("right side of 'contains_any' must be a "
                                     "list, got ", TypeName(rt)));
      }
      return Type::kBool;
    }
    if (lt != Type::kString) {
      return Error(l, absl::StrCat("left side of '", op,
                                   "' must be a text field, got ",
                                   TypeName(lt)));
    }
    if (l.kind != ExprKind::kPath || l.var_slot >= 0) {
      return Error(l, absl::StrCat("'", op, "' applies to a text field of the "
                                   "activity (e.g. object.text)"));
    }
    if (op == "contains" || op == "contains_word") {
      if (r.kind != ExprKind::kStringLit) {
        return Error(r, absl::StrCat("right side of '", op,
                                     "' must be a string literal"));
      }
      return Type::kBool;
    }
    if (op == "matches") {
      if (r.kind != ExprKind::kRegexLit) {
        return Error(r, "right side of 'matches' must be a /regex/ literal");
      }
      return Type::kBool;
    }
    // contains_any, contains_any_word, matches_any.
    if (rt != Type::kNamedList && rt != Type::kListString) {
      return Error(r, absl::StrCat("right side of '", op,
                                   "' must be a list, got ", TypeName(rt)));
    }
    if (rt == Type::kListString && r.kind != ExprKind::kListLit) {
      return Error(r, absl::StrCat("right side of '", op,
                                   "' must be a list name or a list literal"));
    }
    return Type::kBool;
  }

  Type CheckCall(Expr& e) {
    const std::string fn = e.text;
    auto arity = [&](size_t n) {
      if (e.args.size() != n) {
        Error(e, absl::StrCat(fn, "() takes ", n, " argument",
                              n == 1 ? "" : "s", ", got ", e.args.size()));
        return false;
      }
      return true;
    };
    if (fn == "size") {
      if (!arity(1)) return Type::kError;
      Type t = Check(*e.args[0]);
      if (t == Type::kError) return t;
      if (!IsList(t)) {
        return Error(e, absl::StrCat("size() expects a list, got ", TypeName(t)));
      }
      return Type::kInt;
    }
    if (fn == "duration" || fn == "timestamp") {
      if (!arity(1)) return Type::kError;
      Expr& a = *e.args[0];
      if (a.kind != ExprKind::kStringLit) {
        return Error(a, absl::StrCat(fn, "() expects a string literal"));
      }
      double secs = 0;
      if (fn == "duration") {
        if (!ParseDurationSeconds(a.text, &secs)) {
          return Error(a, absl::StrCat("bad duration \"", a.text,
                                       "\" (expected e.g. 30s, 15m, 24h, 7d)"));
        }
        e.kind = ExprKind::kDurationLit;
      } else {
        if (!ParseDateSeconds(a.text, &secs)) {
          return Error(a, absl::StrCat("bad timestamp \"", a.text,
                                       "\" (expected YYYY-MM-DD or RFC 3339)"));
        }
        e.kind = ExprKind::kTimestampLit;
      }
      e.float_value = secs;
      e.text = a.text;
      e.args.clear();
      return fn == "duration" ? Type::kDuration : Type::kTimestamp;
    }
    if (fn == "exists" || fn == "all") {
      if (!arity(3)) return Type::kError;
      Expr& var = *e.args[0];
      if (var.kind != ExprKind::kPath || var.text.find('.') != std::string::npos) {
        return Error(var, absl::StrCat("first argument of ", fn,
                                       "() must be a variable name"));
      }
      Type lt = Check(*e.args[1]);
      if (lt == Type::kError) return lt;
      if (!IsList(lt)) {
        return Error(*e.args[1], absl::StrCat(fn, "() iterates over a list, got ",
                                              TypeName(lt)));
      }
      if (vars_.size() >= kMaxComprehensionNesting) {
        return Error(e, absl::StrCat("comprehensions nest deeper than ",
                                     kMaxComprehensionNesting));
      }
      vars_.emplace_back(var.text, ElementType(lt));
      var.var_slot = static_cast<int>(vars_.size()) - 1;
      var.type = ElementType(lt);
      Type pt = Check(*e.args[2]);
      vars_.pop_back();
      if (pt == Type::kError) return pt;
      if (pt != Type::kBool) {
        return Error(*e.args[2], absl::StrCat("predicate of ", fn,
                                              "() must be bool, got ",
                                              TypeName(pt)));
      }
      return Type::kBool;
    }
    return Error(e, absl::StrCat("unknown function '", fn, "'",
                                 DidYouMean(fn, {"size", "duration", "timestamp",
                                                 "exists", "all"})));
  }

  const std::string& file_;
  const CheckedRuleSet& set_;
  Diagnostics& diags_;
  std::vector<std::pair<std::string, Type>> vars_;
};

std::string PosString(const std::string& file, int line, int col) {
  return absl::StrCat(file, ":", line, ":", col);
}

void CheckDescription(const std::string& file, const RuleAst& rule,
                      const CheckedRuleSet& set, const CheckOptions& options,
                      CheckedRule* out, Diagnostics& diags) {
  const std::string& d = rule.description;
  size_t i = 0;
  std::string literal;
  while (i < d.size()) {
    if (d[i] != '{') {
      literal.push_back(d[i++]);
      continue;
    }
    size_t close = d.find('}', i);
    int col = rule.desc_col + 1 + static_cast<int>(i);
    if (close == std::string::npos) {
      diags.Error({file, rule.desc_line, col},
                  "unterminated '{' in description template");
      return;
    }
    std::string expr_text = d.substr(i + 1, close - i - 1);
    Diagnostics local;
    auto tokens = Lex(file, expr_text, {}, local);
    std::unique_ptr<Expr> expr;
    if (tokens.ok() && !local.has_errors()) {
      for (Token& t : *tokens) {
        t.line = rule.desc_line;
        t.col += col;
      }
      ParseOptions popts;
      popts.max_depth = options.max_depth;
      auto parsed = ParseExpression(file, *tokens, popts, local);
      if (parsed.ok()) expr = std::move(*parsed);
    }
    if (expr != nullptr && !local.has_errors()) {
      ExprChecker checker(file, set, local);
      checker.Check(*expr);
    }
    diags.Append(local);
    if (expr == nullptr || local.has_errors()) return;
    out->description.push_back({literal, nullptr});
    literal.clear();
    out->description.push_back({"", std::move(expr)});
    i = close + 1;
  }
  if (!literal.empty()) out->description.push_back({literal, nullptr});
}

}  // namespace

bool CheckAction(const std::string& file, const ActionAst& a,
                 bool in_expectation, Diagnostics& diags) {
  const auto& names = ActionNames();
  if (std::find(names.begin(), names.end(), a.name) == names.end()) {
    diags.Error({file, a.line, a.col},
                absl::StrCat("unknown action '", a.name, "'",
                             in_expectation ? " in expectation" : "",
                             DidYouMean(a.name, names)));
    return false;
  }
  bool wants_string = a.name == "content_warning" || a.name == "flag" ||
                      a.name == "label";
  if (wants_string) {
    if (!a.has_arg || !a.arg_is_string) {
      diags.Error({file, a.line, a.col},
                  absl::StrCat("action '", a.name,
                               "' needs a string argument, e.g. ", a.name,
                               "(\"spam\")"));
      return false;
    }
    return true;
  }
  if (a.name == "downrank") {
    if (!a.has_arg || a.arg_is_string) {
      diags.Error({file, a.line, a.col},
                  "action 'downrank' needs a factor, e.g. downrank(0.5)");
      return false;
    }
    if (!(a.arg_number > 0 && a.arg_number <= 1)) {
      diags.Error({file, a.arg_line, a.arg_col},
                  absl::StrCat("downrank factor must be in (0, 1], got ",
                               a.arg_text));
      return false;
    }
    return true;
  }
  if (a.has_arg) {
    diags.Error({file, a.arg_line, a.arg_col},
                absl::StrCat("action '", a.name, "' takes no argument"));
    return false;
  }
  return true;
}

absl::StatusOr<CheckedRuleSet> Check(std::vector<FileAst>& files,
                                     const CheckOptions& options,
                                     Diagnostics& diags) {
  CheckedRuleSet set;
  absl::flat_hash_map<std::string, std::string> list_pos;
  // Pass 1: lists and imports, so rules may use lists declared later.
  for (FileAst& f : files) {
    auto add = [&](CheckedList l, int line, int col) {
      const std::string& name = l.name();
      auto [it, inserted] =
          list_pos.emplace(name, PosString(f.path, line, col));
      if (!inserted) {
        diags.Error({f.path, line, col},
                    absl::StrCat("duplicate list '", name,
                                 "' (first defined at ", it->second, ")"));
        return;
      }
      set.list_by_name[name] = static_cast<int>(set.lists.size());
      set.lists.push_back(std::move(l));
    };
    for (ListDecl& l : f.lists) {
      if (l.entries_file.empty()) l.entries_file = f.path;
      if (l.entries.size() > options.max_list_entries) {
        diags.Error({f.path, l.line, l.col},
                    absl::StrCat("list '", l.name, "' has ", l.entries.size(),
                                 " entries, over the limit of ",
                                 options.max_list_entries));
      }
      for (const ListEntry& e : l.entries) {
        if (!e.regex) continue;
        RE2::Options opts;
        opts.set_log_errors(false);
        RE2 re(e.text, opts);
        if (!re.ok()) {
          diags.Error({l.entries_file, e.line, e.col},
                      absl::StrCat("bad regex /", e.text, "/: ", re.error()));
        }
      }
      CheckedList cl;
      cl.decl = &l;
      cl.file = f.path;
      add(std::move(cl), l.line, l.col);
    }
    for (ImportDecl& imp : f.imports) {
      CheckedList cl;
      cl.import = &imp;
      cl.file = f.path;
      int before = static_cast<int>(set.lists.size());
      add(std::move(cl), imp.line, imp.col);
      if (static_cast<int>(set.lists.size()) > before) {
        set.imports.push_back(before);
      }
    }
  }
  // Pass 2: rules.
  absl::flat_hash_map<std::string, std::string> rule_pos;
  size_t rule_count = 0;
  for (FileAst& f : files) {
    for (const ImportDecl& imp : f.imports) {
      rule_pos.emplace(imp.alias, PosString(f.path, imp.line, imp.col));
    }
  }
  for (FileAst& f : files) {
    for (RuleAst& r : f.rules) {
      ++rule_count;
      auto [it, inserted] =
          rule_pos.emplace(r.id, PosString(f.path, r.line, r.col));
      if (!inserted) {
        diags.Error({f.path, r.line, r.col},
                    absl::StrCat("duplicate rule id '", r.id,
                                 "' (first defined at ", it->second, ")"));
      }
      if (r.when != nullptr) {
        ExprChecker checker(f.path, set, diags);
        Type t = checker.Check(*r.when);
        if (t != Type::kError && t != Type::kBool) {
          diags.Error({f.path, r.when->line, r.when->col},
                      absl::StrCat("'when' must be a bool expression, got ",
                                   TypeName(t)));
        }
      }
      for (const ActionAst& a : r.then) CheckAction(f.path, a, false, diags);
      if (r.mode != "enforce" && r.mode != "shadow" && r.mode != "off") {
        diags.Error({f.path, r.mode_line, r.mode_col},
                    absl::StrCat("unknown mode '", r.mode,
                                 "' (expected enforce, shadow or off)"));
      }
      CheckedRule cr;
      cr.rule = &r;
      cr.file = f.path;
      CheckDescription(f.path, r, set, options, &cr, diags);
      set.rules.push_back(std::move(cr));
    }
    for (const ThresholdAst& th : f.thresholds) {
      if (!(th.score > 0)) {
        diags.Error({f.path, th.line, th.col},
                    absl::StrCat("threshold score must be positive, got ",
                                 th.score));
      }
      for (const ActionAst& a : th.actions) {
        CheckAction(f.path, a, false, diags);
        if (a.name == "accept") {
          diags.Error({f.path, a.line, a.col},
                      "a threshold cannot 'accept'");
        }
      }
      set.thresholds.push_back(&th);
    }
  }
  // Pass 3: tests (they may name any rule).
  for (FileAst& f : files) {
    for (RuleAst& r : f.rules) {
      for (const TestAst& t : r.tests) {
        if (t.activity_path.empty() && t.activity_json.empty()) {
          diags.Error({f.path, t.line, t.col},
                      absl::StrCat("test \"", t.name, "\" has no 'activity:'"));
        }
        if (!t.has_expect && !t.has_expect_rules) {
          diags.Error({f.path, t.line, t.col},
                      absl::StrCat("test \"", t.name,
                                   "\" has no 'expect:' or 'expect_rules:'"));
        }
        for (const ActionAst& a : t.expect) CheckAction(f.path, a, true, diags);
        for (const ActionAst& a : t.expect_rules) {
          if (!rule_pos.contains(a.name)) {
            std::vector<std::string> ids;
            for (const auto& [id, pos] : rule_pos) ids.push_back(id);
            diags.Error({f.path, a.line, a.col},
                        absl::StrCat("unknown rule '", a.name,
                                     "' in expect_rules", DidYouMean(a.name, ids)));
          }
        }
      }
    }
  }
  if (rule_count > options.max_rules) {
    diags.Error({files.empty() ? "" : files[0].path, 0, 0},
                absl::StrCat("rule set has ", rule_count,
                             " rules, over the limit of ", options.max_rules));
  }
  return set;
}

}  // namespace harrier::rules
