// Copyright 2026 The Harrier Authors.
//
// commands.h: the harrier CLI's subcommands. Each takes the words after the
// subcommand's name, writes results to `out` and problems to `err`, and
// returns the process exit code (0 ok, 1 failure, 2 usage error).
#ifndef HARRIER_CLI_COMMANDS_H_
#define HARRIER_CLI_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace harrier::cli {

using Words = std::vector<std::string>;

// harrier ingest [--server ADDR] --instance NAME FILE...   ("-": JSON lines
// on stdin, sent over one IngestStream). One JSON result per activity.
int RunIngest(const Words& words, std::ostream& out, std::ostream& err);

// harrier get-activity [--server ADDR] --instance NAME ACTIVITY_ID
int RunGetActivity(const Words& words, std::ostream& out, std::ostream& err);

// harrier backup DIR: a consistent checkpoint of the server's store in DIR
// (on the server's filesystem). Needs an operator token.
int RunBackup(const Words& words, std::ostream& out, std::ostream& err);

// harrier get-object [--server ADDR] --instance NAME OBJECT_ID
// The stored normalised object with its engagement counts.
int RunGetObject(const Words& words, std::ostream& out, std::ostream& err);

// harrier normalize FILE...: the normalised activity, as rules see it, one
// JSON line per file; documents that are not activities are reported.
int RunNormalize(const Words& words, std::ostream& out, std::ostream& err);

// harrier token new [--instance NAME] [--scopes ingest,read,admin]: a new
// random bearer token and the line that grants it in a tokens file.
int RunToken(const Words& words, std::ostream& out, std::ostream& err);

}  // namespace harrier::cli

#endif  // HARRIER_CLI_COMMANDS_H_
