// Copyright 2026 The Harrier Authors.
//
// args.h: the harrier CLI's argument parsing. Each subcommand gets the words
// after its name and declares which flags it takes:
//
//   Args args;
//   if (!args.Parse(words, {"server", "instance"}, {"json"}, err)) return 2;
//   std::string server = args.Get("server", "127.0.0.1:50051");
//
// Flags are `--name value` or `--name=value`; boolean flags take no value;
// "-" alone and words not starting with "--" are positional; "--" ends flags.
#ifndef HARRIER_CLI_ARGS_H_
#define HARRIER_CLI_ARGS_H_

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace harrier::cli {

class Args {
 public:
  // Returns false (after printing the problem to `err`) on an unknown flag
  // or a missing value.
  bool Parse(const std::vector<std::string>& words,
             const std::set<std::string>& value_flags,
             const std::set<std::string>& bool_flags, std::ostream& err);

  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value given for a repeatable flag, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace harrier::cli

#endif  // HARRIER_CLI_ARGS_H_
