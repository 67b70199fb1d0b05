// Copyright 2026 The Harrier Authors.
//
// feed_commands.h: `harrier feed` and `harrier feeds`, against a running
// harrierd (--server, --instance, --token as every client command).
//
//   harrier feed NAME [--limit N] [--page_token T] [--explain]
//       one JSON line per item, in rank order; with --explain each item's
//       score components; the last line {"next_page_token": ...} if any.
//   harrier feeds push FILE.feeds... [--author NAME]
//   harrier feeds validate FILE.feeds...
//   harrier feeds get NAME | list | delete NAME
#ifndef HARRIER_CLI_FEED_COMMANDS_H_
#define HARRIER_CLI_FEED_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace harrier::cli {

int RunFeed(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int RunFeeds(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

}  // namespace harrier::cli

#endif  // HARRIER_CLI_FEED_COMMANDS_H_
