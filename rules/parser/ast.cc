// Copyright 2026 The Harrier Authors.
#include "rules/parser/ast.h"

namespace harrier::rules {

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
