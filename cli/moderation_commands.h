// Copyright 2026 The Harrier Authors.
//
// moderation_commands.h: `harrier rules|review|decisions ...`, the
// moderation administration commands, against a running harrierd. Each
// takes --server and --instance (or $HARRIER_SERVER / $HARRIER_INSTANCE);
// results are printed as JSON lines (one per item) unless stated.
//
//   harrier rules push FILE_OR_DIR... [--author NAME]
//   harrier rules validate FILE_OR_DIR...
//   harrier rules get [--version N]          # the files, one JSON line
//   harrier rules history [--limit N]
//   harrier rules rollback VERSION [--author NAME]
//   harrier rules stats
//   harrier review list [--state open|approved|rejected|escalated]
//                       [--reason held|flagged|report] [--limit N]
//   harrier review resolve ITEM_ID approve|reject|escalate [--note TEXT] [--moderator NAME]
//   harrier decisions get ACTIVITY_ID
//   harrier decisions list [--rule ID] [--action reject] [--host H] [--limit N]
#ifndef HARRIER_CLI_MODERATION_COMMANDS_H_
#define HARRIER_CLI_MODERATION_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace harrier::cli {

int RunRules(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int RunReview(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int RunDecisions(const std::vector<std::string>& words, std::ostream& out,
                 std::ostream& err);

}  // namespace harrier::cli

#endif  // HARRIER_CLI_MODERATION_COMMANDS_H_
