// Copyright 2026 The Harrier Authors.
//
// json_log.h: structured log lines, one JSON object per line on stderr:
//
//   {"time":"2026-11-26T10:00:00.123Z","level":"info","msg":"harrierd started",
//    "listen":"127.0.0.1:50051"}
//
// Thread safety: thread-safe; each line is written with a single write.
#ifndef HARRIER_SERVICE_JSON_LOG_H_
#define HARRIER_SERVICE_JSON_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace harrier {

using LogFields = std::vector<std::pair<std::string, std::string>>;

// Formats one log line (without the trailing newline).
std::string FormatJsonLog(absl::string_view level, absl::string_view message,
                          const LogFields& fields);

// Writes FormatJsonLog(...) and a newline to stderr.
void LogJson(absl::string_view level, absl::string_view message,
             const LogFields& fields = {});

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace harrier

#endif  // HARRIER_SERVICE_JSON_LOG_H_
