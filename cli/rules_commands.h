// Copyright 2026 The Harrier Authors.
//
// rules_commands.h: the rule-language subcommands of the `harrier` CLI, as
// library functions so they can be tested without a process.
//
//   harrier check FILE...              all diagnostics at once; exit 1 on error
//                                      (embedded tests are `harrier test`'s job)
//   harrier test FILE...               run embedded tests; PASS/FAIL per test
//                                      and a summary line; exit 1 on failure
//   harrier eval --rules FILE... [--json] [--now TIME] [--hints JSON]
//                ACTIVITY.json...      decision and explanations per activity;
//                                      --hints is a harrier.v1.ServerHints in
//                                      proto JSON (account age, counts ...)
//   harrier fmt FILE... [--write]      canonical formatting (stdout, or in
//                                      place with --write)
//   harrier import-blocklist --format mastodon|oliphant|gotosocial|plain
//                            [--name PREFIX] FILE
//                                      rule-language lists and rules on stdout
//
// Each returns the process exit code: 0 success, 1 the user's rules or data
// have errors (or tests fail), 2 bad command-line usage. Normal output goes
// to `out`, diagnostics and usage errors to `err`.
//
// Thread safety: the functions share no state.
#ifndef HARRIER_CLI_RULES_COMMANDS_H_
#define HARRIER_CLI_RULES_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace harrier::cli {

int RunCheck(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err);
int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err);
int RunEval(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err);
int RunFmt(const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err);
int RunImportBlocklist(const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err);

}  // namespace harrier::cli

#endif  // HARRIER_CLI_RULES_COMMANDS_H_
