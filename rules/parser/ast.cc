// Copyright 2026 The Harrier Authors.
#include "rules/parser/ast.h"

#include <utility>

namespace harrier::rules {

Op OpFromText(const std::string& t, bool unary) {
  if (unary) return t == "!" ? Op::kNot : t == "-" ? Op::kNeg : Op::kNone;
  static const std::pair<const char*, Op> kOps[] = {
      {"&&", Op::kAnd}, {"||", Op::kOr}, {"==", Op::kEq}, {"!=", Op::kNe},
      {"<", Op::kLt}, {"<=", Op::kLe}, {">", Op::kGt}, {">=", Op::kGe},
      {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}, {"/", Op::kDiv},
      {"in", Op::kIn}, {"contains", Op::kContains},
      {"contains_word", Op::kContainsWord}, {"contains_any", Op::kContainsAny},
      {"contains_any_word", Op::kContainsAnyWord}, {"matches", Op::kMatches},
      {"matches_any", Op::kMatchesAny}};
  for (const auto& [text, op] : kOps) {
    if (t == text) return op;
  }
  return Op::kNone;
}

const char* TypeName(Type type) {
  switch (type) {
    case Type::kError: return "error";
    case Type::kNull: return "null";
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kFloat: return "float";
    case Type::kString: return "string";
    case Type::kDuration: return "duration";
    case Type::kTimestamp: return "timestamp";
    case Type::kRegex: return "regex";
    case Type::kMention: return "mention";
    case Type::kLink: return "link";
    case Type::kAttachment: return "attachment";
    case Type::kListString: return "list<string>";
    case Type::kListMention: return "list<mention>";
    case Type::kListLink: return "list<link>";
    case Type::kListAttachment: return "list<attachment>";
    case Type::kNamedList: return "list";
  }
  return "?";
}

}  // namespace harrier::rules
