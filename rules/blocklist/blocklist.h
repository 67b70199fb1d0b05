// Copyright 2026 The Harrier Authors.
//
// blocklist.h: domain blocklists as admins share them, and their mapping to
// rule actions.
//
// Formats:
//   mastodon    CSV with header `#domain,#severity,#reject_media,
//               #reject_reports,#public_comment,#obfuscate` (Mastodon export)
//   oliphant    the same columns with no '#' and True/False values (Oliphant,
//               IFTAS); parsed by the same code, the header decides
//   gotosocial  JSON `[{"domain": "...", "public_comment": "..."}]`
//   plain       one domain per line, `# comment` allowed
// Severity: suspend -> reject, silence -> delist, noop -> nothing;
// reject_media adds strip_media, reject_reports adds drop_report. A missing
// or empty severity means suspend. When entries overlap the longest matching
// domain suffix wins (ListIndex::MatchDomain).
//
// Thread safety: pure functions.
#ifndef HARRIER_RULES_BLOCKLIST_BLOCKLIST_H_
#define HARRIER_RULES_BLOCKLIST_BLOCKLIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/common/diagnostics.h"

namespace harrier::rules {

struct BlocklistEntry {
  std::string domain;
  // "suspend", "silence" or "noop".
  std::string severity = "suspend";
  bool reject_media = false;
  bool reject_reports = false;
  std::string public_comment;
  int line = 0;
};

// "mastodon", "oliphant", "gotosocial", "plain"; "" detects from the path
// extension and content.
bool IsBlocklistFormat(std::string_view format);
std::string DetectBlocklistFormat(std::string_view path,
                                  std::string_view content);

// Parses `content`; mistakes (unknown severity, malformed JSON, ...) go to
// `diags` with the file's line.
std::vector<BlocklistEntry> ParseBlocklist(const std::string& path,
                                           std::string_view content,
                                           std::string format,
                                           Diagnostics& diags);

// The rule-language actions for an entry, e.g. {"reject"} or
// {"delist", "strip_media"}.
std::vector<std::string> BlocklistActions(const BlocklistEntry& entry);

// Rule-language text: one list per distinct action set and one rule per
// list, named `<prefix>_<actions>`. Comments become entry reasons.
std::string BlocklistToRules(const std::vector<BlocklistEntry>& entries,
                             std::string_view prefix);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_BLOCKLIST_BLOCKLIST_H_
