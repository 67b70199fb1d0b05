// Copyright 2026 The Harrier Authors.
#include <algorithm>
#include <string>

#include "absl/strings/str_join.h"
#include "rules/eval/evaluator.h"

namespace harrier::rules {

void CombineActions(const std::vector<v1::Action>& actions,
                    bool default_accept, std::vector<v1::Action>* out) {
  out->clear();
  for (const v1::Action& a : actions) {
    if (a.type() == v1::REJECT) {
      out->push_back(a);
      return;
    }
  }
  auto has = [&](v1::ActionType t) {
    for (const v1::Action& a : actions) {
      if (a.type() == t) return true;
    }
    return false;
  };
  auto push = [&](v1::ActionType t) {
    v1::Action a;
    a.set_type(t);
    out->push_back(a);
  };
  auto distinct_args = [&](v1::ActionType t) {
    std::vector<std::string> seen;
    for (const v1::Action& a : actions) {
      if (a.type() != t) continue;
      if (std::find(seen.begin(), seen.end(), a.argument()) != seen.end()) {
        continue;
      }
      seen.push_back(a.argument());
    }
    return seen;
  };
  if (has(v1::HOLD)) push(v1::HOLD);
  if (has(v1::DELIST)) push(v1::DELIST);
  if (has(v1::MARK_SENSITIVE)) push(v1::MARK_SENSITIVE);
  std::vector<std::string> warnings = distinct_args(v1::CONTENT_WARNING);
  if (!warnings.empty()) {
    v1::Action a;
    a.set_type(v1::CONTENT_WARNING);
    a.set_argument(absl::StrJoin(warnings, "; "));
    out->push_back(a);
  }
  if (has(v1::STRIP_MEDIA)) push(v1::STRIP_MEDIA);
  for (const std::string& c : distinct_args(v1::FLAG)) {
    v1::Action a;
    a.set_type(v1::FLAG);
    a.set_argument(c);
    out->push_back(a);
  }
  if (has(v1::DOWNRANK)) {
    double factor = 1;
    for (const v1::Action& a : actions) {
      if (a.type() == v1::DOWNRANK) factor *= a.factor();
    }
    v1::Action a;
    a.set_type(v1::DOWNRANK);
    a.set_factor(factor);
    out->push_back(a);
  }
  for (const std::string& l : distinct_args(v1::LABEL)) {
    v1::Action a;
    a.set_type(v1::LABEL);
    a.set_argument(l);
    out->push_back(a);
  }
  if (has(v1::DROP_REPORT)) push(v1::DROP_REPORT);
  if (has(v1::REJECT_FOLLOW)) push(v1::REJECT_FOLLOW);
  if (out->empty() && default_accept) push(v1::ACCEPT);
}

}  // namespace harrier::rules
