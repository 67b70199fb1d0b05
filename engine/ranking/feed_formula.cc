// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_formula.h"

namespace harrier::ranking::feed_internal {
namespace {

constexpr int kMaxFormulaDepth = 64;

// ---------------------------------------------------------------------------
// Formulas.

enum class FType { kNumber, kDuration, kBool };

const char* TypeName(FType t) {
  switch (t) {
    case FType::kNumber:
      return "number";
    case FType::kDuration:
      return "duration";
    case FType::kBool:
      return "bool";
  }
  return "?";
}

enum class Var {
  kLikes, kBoosts, kReplies, kQuotes, kReactions, kDislikes, kPositive,
  kNegative, kCommunity, kAge
};

const std::vector<std::pair<std::string, Var>>& Vars() {
  static const auto* v = new std::vector<std::pair<std::string, Var>>{
      {"likes", Var::kLikes},         {"boosts", Var::kBoosts},
      {"replies", Var::kReplies},     {"quotes", Var::kQuotes},
      {"reactions", Var::kReactions}, {"dislikes", Var::kDislikes},
      {"positive", Var::kPositive},   {"negative", Var::kNegative},
      {"community_interactions", Var::kCommunity}, {"age", Var::kAge}};
  return *v;
}

struct FNode {
  enum Op {
    kConst, kVar, kNeg, kNot, kAdd, kSub, kMul, kDiv, kLt, kLe, kGt, kGe,
    kEq, kNe, kAnd, kOr, kCond, kExpDecay, kMin, kMax, kLog1p, kSqrt, kPow
  };
  Op op = kConst;
  FType type = FType::kNumber;
  double value = 0;  // constants; durations in seconds
  Var var = Var::kLikes;
  int a = -1, b = -1, c = -1;
  int height = 1;
};

struct Formula {
  std::vector<FNode> nodes;
  int root = -1;

  double Eval(int i, const RankInputs& in) const {
    const FNode& n = nodes[i];
    switch (n.op) {
      case FNode::kConst:
        return n.value;
      case FNode::kVar:
        switch (n.var) {
          case Var::kLikes: return in.likes;
          case Var::kBoosts: return in.boosts;
          case Var::kReplies: return in.replies;
          case Var::kQuotes: return in.quotes;
          case Var::kReactions: return in.reactions;
          case Var::kDislikes: return in.dislikes;
          case Var::kPositive: return in.positive;
          case Var::kNegative: return in.negative;
          case Var::kCommunity: return in.community_interactions;
          case Var::kAge: return absl::ToDoubleSeconds(in.now - in.published);
        }
        return 0;
      case FNode::kNeg: return -Eval(n.a, in);
      case FNode::kNot: return Eval(n.a, in) != 0 ? 0 : 1;
      case FNode::kAdd: return Eval(n.a, in) + Eval(n.b, in);
      case FNode::kSub: return Eval(n.a, in) - Eval(n.b, in);
      case FNode::kMul: return Eval(n.a, in) * Eval(n.b, in);
      case FNode::kDiv: {
        double d = Eval(n.b, in);
        return d == 0 ? 0 : Eval(n.a, in) / d;
      }
      case FNode::kLt: return Eval(n.a, in) < Eval(n.b, in);
      case FNode::kLe: return Eval(n.a, in) <= Eval(n.b, in);
      case FNode::kGt: return Eval(n.a, in) > Eval(n.b, in);
      case FNode::kGe: return Eval(n.a, in) >= Eval(n.b, in);
      case FNode::kEq: return Eval(n.a, in) == Eval(n.b, in);
      case FNode::kNe: return Eval(n.a, in) != Eval(n.b, in);
      case FNode::kAnd: return Eval(n.a, in) != 0 && Eval(n.b, in) != 0;
      case FNode::kOr: return Eval(n.a, in) != 0 || Eval(n.b, in) != 0;
      case FNode::kCond:
        return Eval(n.a, in) != 0 ? Eval(n.b, in) : Eval(n.c, in);
      case FNode::kExpDecay: {
        double half = Eval(n.b, in);
        if (half <= 0) return 0;
        return std::pow(0.5, std::max(0.0, Eval(n.a, in)) / half);
      }
      case FNode::kMin: return std::min(Eval(n.a, in), Eval(n.b, in));
      case FNode::kMax: return std::max(Eval(n.a, in), Eval(n.b, in));
      case FNode::kLog1p: return std::log1p(std::max(0.0, Eval(n.a, in)));
      case FNode::kSqrt: return std::sqrt(std::max(0.0, Eval(n.a, in)));
      case FNode::kPow: return std::pow(Eval(n.a, in), Eval(n.b, in));
    }
    return 0;
  }
};

class FormulaParser {
 public:
  FormulaParser(Cursor* cur, Formula* f) : cur_(cur), f_(f) {}

  // Parses a whole expression; -1 after an error (reported).
  int Parse() { return Cond(0); }

 private:
  int Add(FNode n) {
    // Bound the tree's height, so that evaluation recursion is bounded too
    // (`1 + 1 + ... + 1` nests to the left without any parentheses).
    for (int kid : {n.a, n.b, n.c}) {
      if (kid >= 0) n.height = std::max(n.height, f_->nodes[kid].height + 1);
    }
    if (n.height > kMaxFormulaDepth) {
      return Fail(cur_->Peek(), "formula nested too deeply");
    }
    f_->nodes.push_back(n);
    return static_cast<int>(f_->nodes.size()) - 1;
  }
  FType T(int i) const { return f_->nodes[i].type; }
  bool Deep(int depth) {
    // Each parenthesis costs about 8 levels of the recursive descent.
    if (depth <= 8 * kMaxFormulaDepth + 16) return false;
    if (!failed_) {
      cur_->Error(cur_->Peek(), "formula nested too deeply");
      failed_ = true;
    }
    return true;
  }
  int Fail(const Tok& at, std::string msg) {
    if (!failed_) cur_->Error(at, std::move(msg));
    failed_ = true;
    return -1;
  }

  int Cond(int depth) {
    if (Deep(depth)) return -1;
    int c = Or(depth + 1);
    if (c < 0 || !cur_->IsPunct("?")) return c;
    Tok q = cur_->Next();
    if (T(c) != FType::kBool) {
      return Fail(q, absl::StrCat("condition of '?' must be bool, not ",
                                  TypeName(T(c))));
    }
    int a = Cond(depth + 1);
    if (a < 0) return -1;
    if (!cur_->IsPunct(":")) {
      return Fail(cur_->Peek(), absl::StrCat("expected ':' in '? :', got ",
                                             Describe(cur_->Peek())));
    }
    Tok colon = cur_->Next();
    int b = Cond(depth + 1);
    if (b < 0) return -1;
    if (T(a) != T(b)) {
      return Fail(colon, absl::StrCat("branches of '? :' differ: ",
                                      TypeName(T(a)), " and ", TypeName(T(b))));
    }
    FNode n;
    n.op = FNode::kCond;
    n.type = T(a);
    n.a = c;
    n.b = a;
    n.c = b;
    return Add(n);
  }

  int Logical(int depth, std::string_view op, FNode::Op kind, int (FormulaParser::*sub)(int)) {
    if (Deep(depth)) return -1;
    int l = (this->*sub)(depth + 1);
    while (l >= 0 && cur_->IsPunct(op)) {
      Tok t = cur_->Next();
      int r = (this->*sub)(depth + 1);
      if (r < 0) return -1;
      if (T(l) != FType::kBool || T(r) != FType::kBool) {
        return Fail(t, absl::StrCat("'", std::string(op), "' needs bools, not ",
                                    TypeName(T(l)), " and ", TypeName(T(r))));
      }
      FNode n;
      n.op = kind;
      n.type = FType::kBool;
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }
  int Or(int depth) { return Logical(depth, "||", FNode::kOr, &FormulaParser::And); }
  int And(int depth) { return Logical(depth, "&&", FNode::kAnd, &FormulaParser::Cmp); }

  int Cmp(int depth) {
    if (Deep(depth)) return -1;
    int l = Sum(depth + 1);
    static const std::pair<std::string_view, FNode::Op> kOps[] = {
        {"<", FNode::kLt}, {"<=", FNode::kLe}, {">", FNode::kGt},
        {">=", FNode::kGe}, {"==", FNode::kEq}, {"!=", FNode::kNe}};
    if (l < 0) return l;
    for (const auto& [text, op] : kOps) {
      if (!cur_->IsPunct(text)) continue;
      Tok t = cur_->Next();
      int r = Sum(depth + 1);
      if (r < 0) return -1;
      if (T(l) != T(r) || T(l) == FType::kBool) {
        return Fail(t, absl::StrCat("cannot compare ", TypeName(T(l)),
                                    " with ", TypeName(T(r))));
      }
      FNode n;
      n.op = op;
      n.type = FType::kBool;
      n.a = l;
      n.b = r;
      return Add(n);
    }
    return l;
  }

  int Sum(int depth) {
    if (Deep(depth)) return -1;
    int l = Product(depth + 1);
    while (l >= 0 && (cur_->IsPunct("+") || cur_->IsPunct("-"))) {
      Tok t = cur_->Next();
      int r = Product(depth + 1);
      if (r < 0) return -1;
      if (T(l) != T(r) || T(l) == FType::kBool) {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(T(l)), " and ", TypeName(T(r))));
      }
      FNode n;
      n.op = t.text == "+" ? FNode::kAdd : FNode::kSub;
      n.type = T(l);
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }

  int Product(int depth) {
    if (Deep(depth)) return -1;
    int l = Unary(depth + 1);
    while (l >= 0 && (cur_->IsPunct("*") || cur_->IsPunct("/"))) {
      Tok t = cur_->Next();
      int r = Unary(depth + 1);
      if (r < 0) return -1;
      FType a = T(l), b = T(r), out = FType::kBool;
      bool mul = t.text == "*";
      if (a == FType::kNumber && b == FType::kNumber) {
        out = FType::kNumber;
      } else if (mul && ((a == FType::kNumber && b == FType::kDuration) ||
                         (a == FType::kDuration && b == FType::kNumber))) {
        out = FType::kDuration;
      } else if (!mul && a == FType::kDuration && b == FType::kNumber) {
        out = FType::kDuration;
      } else if (!mul && a == FType::kDuration && b == FType::kDuration) {
        out = FType::kNumber;
      } else {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(a), " and ", TypeName(b)));
      }
      FNode n;
      n.op = mul ? FNode::kMul : FNode::kDiv;
      n.type = out;
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }

  int Unary(int depth) {
    if (Deep(depth)) return -1;
    if (cur_->IsPunct("-") || cur_->IsPunct("!")) {
      Tok t = cur_->Next();
      int a = Unary(depth + 1);
      if (a < 0) return -1;
      bool neg = t.text == "-";
      if (neg ? T(a) == FType::kBool : T(a) != FType::kBool) {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(T(a))));
      }
      FNode n;
      n.op = neg ? FNode::kNeg : FNode::kNot;
      n.type = T(a);
      n.a = a;
      return Add(n);
    }
    return Primary(depth + 1);
  }

  int Primary(int depth) {
    if (Deep(depth)) return -1;
    const Tok t = cur_->Peek();
    if (t.kind == Tok::kNumber || t.kind == Tok::kDuration) {
      cur_->Next();
      FNode n;
      n.op = FNode::kConst;
      n.type = t.kind == Tok::kNumber ? FType::kNumber : FType::kDuration;
      n.value = t.kind == Tok::kNumber ? t.num : absl::ToDoubleSeconds(t.dur);
      return Add(n);
    }
    if (cur_->Accept("(")) {
      int e = Cond(depth + 1);
      if (e < 0) return -1;
      if (!cur_->IsPunct(")")) {
        return Fail(cur_->Peek(), absl::StrCat("expected ')', got ",
                                               Describe(cur_->Peek())));
      }
      cur_->Next();
      return e;
    }
    if (t.kind != Tok::kIdent) {
      return Fail(t, absl::StrCat("expected a formula term, got ", Describe(t)));
    }
    cur_->Next();
    if (cur_->IsPunct("(")) return Call(t, depth);
    for (const auto& [name, var] : Vars()) {
      if (t.text == name) {
        FNode n;
        n.op = FNode::kVar;
        n.var = var;
        n.type = var == Var::kAge ? FType::kDuration : FType::kNumber;
        return Add(n);
      }
    }
    std::vector<std::string> names;
    for (const auto& [name, var] : Vars()) names.push_back(name);
    if (t.text.rfind("object.", 0) == 0 || t.text.rfind("actor.", 0) == 0) {
      return Fail(t, absl::StrCat("'", t.text,
                                  "' is not available in a formula (only "
                                  "engagement counts and age)"));
    }
    return Fail(t, absl::StrCat("unknown formula variable '", t.text, "'",
                                DidYouMean(t.text, names)));
  }

  int Call(const Tok& name, int depth) {
    struct Fn {
      const char* name;
      FNode::Op op;
      std::vector<FType> args;
    };
    static const auto* kFns = new std::vector<Fn>{
        {"exp_decay", FNode::kExpDecay, {FType::kDuration, FType::kDuration}},
        {"min", FNode::kMin, {FType::kNumber, FType::kNumber}},
        {"max", FNode::kMax, {FType::kNumber, FType::kNumber}},
        {"log1p", FNode::kLog1p, {FType::kNumber}},
        {"sqrt", FNode::kSqrt, {FType::kNumber}},
        {"pow", FNode::kPow, {FType::kNumber, FType::kNumber}},
    };
    const Fn* fn = nullptr;
    std::vector<std::string> names;
    for (const Fn& f : *kFns) {
      names.push_back(f.name);
      if (name.text == f.name) fn = &f;
    }
    if (fn == nullptr) {
      return Fail(name, absl::StrCat("unknown formula function '", name.text,
                                     "'", DidYouMean(name.text, names)));
    }
    cur_->Next();  // (
    std::vector<int> args;
    if (!cur_->IsPunct(")")) {
      while (true) {
        Tok at = cur_->Peek();
        int a = Cond(depth + 1);
        if (a < 0) return -1;
        size_t k = args.size();
        if (k < fn->args.size() && T(a) != fn->args[k]) {
          return Fail(at, absl::StrCat("argument ", k + 1, " of ", fn->name,
                                       " must be ", TypeName(fn->args[k]),
                                       ", not ", TypeName(T(a))));
        }
        args.push_back(a);
        if (!cur_->Accept(",")) break;
      }
    }
    if (!cur_->IsPunct(")")) {
      return Fail(cur_->Peek(), absl::StrCat("expected ')', got ",
                                             Describe(cur_->Peek())));
    }
    cur_->Next();
    if (args.size() != fn->args.size()) {
      return Fail(name, absl::StrCat(fn->name, " takes ", fn->args.size(),
                                     " argument(s), got ", args.size()));
    }
    FNode n;
    n.op = fn->op;
    n.type = FType::kNumber;
    n.a = args[0];
    if (args.size() > 1) n.b = args[1];
    return Add(n);
  }

  Cursor* cur_;
  Formula* f_;
  bool failed_ = false;
};


}  // namespace

void CompileFormula(Cursor& cur, const Tok& name, FeedDefinition* def) {
  auto formula = std::make_shared<Formula>();
  FormulaParser parser(&cur, formula.get());
  int root = parser.Parse();
  if (root < 0) return;
  if (formula->nodes[root].type != FType::kNumber) {
    cur.Error(name, absl::StrCat("a formula must be a number, not ",
                                 TypeName(formula->nodes[root].type)));
    return;
  }
  if (!cur.Expect(")", "to close 'formula('") || !cur.ExpectEnd()) return;
  formula->root = root;
  def->algorithm = {"formula", {}};
  def->ranker = MakeCustomAlgorithm(
      "formula", /*time_invariant=*/false,
      [formula](const RankInputs& in) {
        Explanation e;
        e.score = formula->Eval(formula->root, in);
        e.components.push_back({"formula", e.score});
        return e;
      });
}

}  // namespace harrier::ranking::feed_internal
