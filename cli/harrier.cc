// Copyright 2026 The Harrier Authors.
//
// harrier: the command-line tool for moderators and operators.
//
//   harrier version
//   harrier ingest --instance example.social examples/activities/create-note.json
//
// `harrier help` lists every subcommand.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/feed_commands.h"
#include "cli/moderation_commands.h"
#include "cli/rules_commands.h"
#include "service/version.h"

namespace {

using Runner = int (*)(const harrier::cli::Words&, std::ostream&, std::ostream&);

struct Command {
  const char* name;
  Runner run;
  const char* summary;
};

int RunVersion(const harrier::cli::Words&, std::ostream& out, std::ostream&) {
  out << "harrier " << harrier::kVersion << "\n";
  return 0;
}

const Command kCommands[] = {
    {"version", &RunVersion, "print the version"},
    {"check", &harrier::cli::RunCheck,
     "check rule files; every problem as file:line:col: FILE..."},
    {"test", &harrier::cli::RunTest, "run the tests inside rule files: FILE..."},
    {"eval", &harrier::cli::RunEval,
     "decide activities with rule files: --rules FILE... [--json] ACTIVITY.json..."},
    {"fmt", &harrier::cli::RunFmt, "format rule files canonically: FILE... [--write]"},
    {"import-blocklist", &harrier::cli::RunImportBlocklist,
     "turn a blocklist into rules: --format mastodon|oliphant|gotosocial|plain FILE"},
    {"normalize", &harrier::cli::RunNormalize,
     "print activities as rules see them: FILE... (- for stdin)"},
    {"ingest", &harrier::cli::RunIngest,
     "send activities to a server: --instance NAME FILE... (- = JSON lines on stdin)"},
    {"get-activity", &harrier::cli::RunGetActivity,
     "print a stored activity: --instance NAME ACTIVITY_ID"},
    {"rules", &harrier::cli::RunRules,
     "a server's rule set: push|validate|get|history|rollback|stats"},
    {"review", &harrier::cli::RunReview,
     "the review queue: list [--state S] | resolve ITEM_ID approve|reject|escalate"},
    {"decisions", &harrier::cli::RunDecisions,
     "decisions: get ACTIVITY_ID | list [--rule ID] [--action A] [--host H]"},
    {"backup", &harrier::cli::RunBackup,
     "checkpoint the server's store: /absolute/dir (operator token)"},
    {"feed", &harrier::cli::RunFeed, "page through a ranked feed: NAME [--limit N] [--explain]"},
    {"feeds", &harrier::cli::RunFeeds,
     "feed configuration: push|validate FILE.feeds... | get NAME | list | delete NAME"},
    {"token", &harrier::cli::RunToken,
     "new bearer token and its config line: new [--instance NAME] [--scopes S]"},
    {"get-object", &harrier::cli::RunGetObject,
     "print a stored object and its engagement: --instance NAME OBJECT_ID"},
};

int Usage(std::ostream& out) {
  out << "usage: harrier COMMAND [flags] [args]\n\ncommands:\n";
  for (const Command& command : kCommands) {
    out << "  " << command.name << std::string(16 - std::strlen(command.name), ' ')
        << command.summary << "\n";
  }
  out << "\nclient commands take --server ADDR (default $HARRIER_SERVER or "
         "127.0.0.1:50051),\n--instance NAME (default $HARRIER_INSTANCE) and --token T "
         "(default $HARRIER_TOKEN).\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage(std::cerr);
  std::string name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    Usage(std::cout);
    return 0;
  }
  harrier::cli::Words words(argv + 2, argv + argc);
  for (const Command& command : kCommands) {
    if (name == command.name) return command.run(words, std::cout, std::cerr);
  }
  std::cerr << "harrier: unknown command '" << name << "'\n";
  return Usage(std::cerr);
}
