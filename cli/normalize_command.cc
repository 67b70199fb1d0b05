// Copyright 2026 The Harrier Authors.
#include <string>

#include "cli/client.h"
#include "cli/commands.h"
#include "engine/normalize/normalizer.h"
#include "service/json_log.h"

namespace harrier::cli {

int RunNormalize(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, {}, {}, err)) return 2;
  if (args.positional().empty()) {
    err << "usage: harrier normalize FILE... (- for stdin)\n";
    return 2;
  }
  int failures = 0;
  for (const std::string& file : args.positional()) {
    absl::StatusOr<std::string> json = ReadInput(file);
    if (!json.ok()) {
      err << "error: " << json.status().message() << "\n";
      ++failures;
      continue;
    }
    absl::StatusOr<v1::NormalizedActivity> activity = NormalizeActivity(*json);
    if (!activity.ok()) {
      out << "{\"file\":" << JsonQuote(file) << ",\"error\":"
          << JsonQuote(activity.status().message()) << "}\n";
      ++failures;
      continue;
    }
    out << "{\"file\":" << JsonQuote(file) << ",\"activity\":" << ToJson(*activity)
        << "}\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace harrier::cli
