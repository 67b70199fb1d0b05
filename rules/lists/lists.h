// Copyright 2026 The Harrier Authors.
//
// lists.h: named lists of the rule language and their lookup structures.
//
// A list holds entries; each entry is a string (word, phrase, domain, actor
// id, hashtag) or a /regex/ (RE2 syntax), and may carry a reason that shows
// up in explanations. A list is used in two ways:
//   - by text predicates (`object.text contains_any scam_words`): entries
//     become Hyperscan patterns (see rules/compiler);
//   - by `x in list`: a ListIndex answers membership. When `x` is a host
//     (actor.host, object.host, m.host, l.host) domain semantics apply:
//     "example.com" covers example.com and every subdomain, "*.example.com"
//     covers only the subdomains, and the longest matching suffix wins.
//     Other strings compare exactly, ignoring ASCII case; regex entries must
//     match the whole string.
//
// List files hold one entry per line: `entry  # reason`. Blank lines and
// lines starting with '#' are skipped; `/.../` lines are regexes.
//
// Thread safety: a built ListIndex is immutable and safe to share.
#ifndef HARRIER_RULES_LISTS_LISTS_H_
#define HARRIER_RULES_LISTS_LISTS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "re2/re2.h"
#include "rules/common/diagnostics.h"
#include "rules/parser/ast.h"

namespace harrier::rules {

// Parses a list file. Entries carry the file's line/col. Bad regexes are
// reported against `path`.
std::vector<ListEntry> ParseListFile(const std::string& path,
                                     std::string_view content,
                                     Diagnostics& diags);

// Membership index over a list's entries.
class ListIndex {
 public:
  // Builds the index. Regex entries that RE2 rejects are skipped (the
  // checker reports them).
  explicit ListIndex(const std::vector<ListEntry>& entries);

  // Index of the entry that `host` falls under (longest suffix), or -1.
  int MatchDomain(std::string_view host) const;
  // Index of the entry equal to `value` (ASCII case-insensitive) or whose
  // regex fully matches it, or -1.
  int MatchString(std::string_view value) const;

 private:
  // domain -> entry covering the domain itself and its subdomains.
  absl::flat_hash_map<std::string, int> domains_;
  // domain -> entry covering only its subdomains ("*.domain").
  absl::flat_hash_map<std::string, int> wildcard_domains_;
  absl::flat_hash_map<std::string, int> strings_;
  std::vector<std::pair<std::unique_ptr<RE2>, int>> regexes_;
};

// Lower-cases, trims a trailing dot and any scheme/path from a domain entry.
std::string CanonicalDomain(std::string_view domain);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_LISTS_LISTS_H_
