// Copyright 2026 The Harrier Authors.
#include "cli/args.h"

namespace harrier::cli {

bool Args::Parse(const std::vector<std::string>& words,
                 const std::set<std::string>& value_flags,
                 const std::set<std::string>& bool_flags, std::ostream& err) {
  bool flags_done = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (flags_done || word.size() < 3 || word.compare(0, 2, "--") != 0) {
      if (word == "--") {
        flags_done = true;
        continue;
      }
      positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (bool_flags.count(name)) {
      values_.emplace(name, has_value ? value : "true");
    } else if (value_flags.count(name)) {
      if (!has_value) {
        if (i + 1 >= words.size()) {
          err << "error: --" << name << " needs a value\n";
          return false;
        }
        value = words[++i];
      }
      values_.emplace(name, value);
    } else {
      err << "error: unknown flag --" << name << "\n";
      return false;
    }
  }
  return true;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return fallback;
  return std::prev(range.second)->second;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> all;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) all.push_back(it->second);
  return all;
}

}  // namespace harrier::cli
