// Copyright 2026 The Harrier Authors.
#include "rules/blocklist/blocklist.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "simdjson.h"

namespace harrier::rules {
namespace {

absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

bool TruthValue(std::string_view v) {
  std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(AV(v)));
  return s == "true" || s == "1" || s == "yes";
}

void ParseCsv(const std::string& path, std::string_view content,
              Diagnostics& diags, std::vector<BlocklistEntry>* out) {
  std::vector<std::string> header = {"domain", "severity", "reject_media",
                                     "reject_reports", "public_comment",
                                     "obfuscate"};
  int line_no = 0;
  bool first = true;
  for (absl::string_view raw : absl::StrSplit(AV(content), '\n')) {
    ++line_no;
    std::string line(raw);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    std::vector<std::string> cells = SplitCsvLine(line);
    if (first) {
      first = false;
      std::string c0 = absl::AsciiStrToLower(absl::StripAsciiWhitespace(cells[0]));
      if (c0 == "#domain" || c0 == "domain") {
        header.clear();
        for (std::string& c : cells) {
          std::string h = absl::AsciiStrToLower(absl::StripAsciiWhitespace(c));
          if (!h.empty() && h[0] == '#') h.erase(0, 1);
          header.push_back(h);
        }
        continue;
      }
    }
    BlocklistEntry e;
    e.line = line_no;
    for (size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      std::string v(absl::StripAsciiWhitespace(cells[i]));
      const std::string& h = header[i];
      if (h == "domain") {
        e.domain = absl::AsciiStrToLower(v);
      } else if (h == "severity") {
        std::string s = absl::AsciiStrToLower(v);
        if (s.empty()) s = "suspend";
        if (s != "suspend" && s != "silence" && s != "noop") {
          diags.Error({path, line_no, 1},
                      absl::StrCat("unknown severity '", v,
                                   "' (expected suspend, silence or noop)"));
          s = "suspend";
        }
        e.severity = s;
      } else if (h == "reject_media") {
        e.reject_media = TruthValue(v);
      } else if (h == "reject_reports") {
        e.reject_reports = TruthValue(v);
      } else if (h == "public_comment" || h == "comment") {
        e.public_comment = v;
      }
    }
    if (e.domain.empty()) {
      diags.Error({path, line_no, 1}, "blocklist row has no domain");
      continue;
    }
    out->push_back(std::move(e));
  }
}

void ParsePlain(const std::string& path, std::string_view content,
                std::vector<BlocklistEntry>* out) {
  (void)path;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(AV(content), '\n')) {
    ++line_no;
    std::string line(raw);
    std::string comment;
    size_t hash = line.find('#');
    if (hash != std::string::npos) {
      comment = std::string(absl::StripAsciiWhitespace(line.substr(hash + 1)));
      line.resize(hash);
    }
    std::string d = absl::AsciiStrToLower(absl::StripAsciiWhitespace(line));
    if (d.empty()) continue;
    BlocklistEntry e;
    e.domain = d;
    e.public_comment = comment;
    e.line = line_no;
    out->push_back(std::move(e));
  }
}

void ParseGoToSocial(const std::string& path, std::string_view content,
                     Diagnostics& diags, std::vector<BlocklistEntry>* out) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(content.data(), content.size());
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    diags.Error({path, 1, 1}, "malformed GoToSocial blocklist JSON");
    return;
  }
  simdjson::dom::array arr;
  if (root.get_array().get(arr) != simdjson::SUCCESS) {
    diags.Error({path, 1, 1},
                "GoToSocial blocklist must be a JSON array of objects");
    return;
  }
  for (simdjson::dom::element item : arr) {
    std::string_view domain, comment;
    if (item["domain"].get_string().get(domain) != simdjson::SUCCESS) {
      diags.Error({path, 1, 1}, "GoToSocial blocklist entry has no \"domain\"");
      continue;
    }
    BlocklistEntry e;
    e.domain = absl::AsciiStrToLower(AV(domain));
    if (item["public_comment"].get_string().get(comment) == simdjson::SUCCESS) {
      e.public_comment = std::string(comment);
    }
    e.line = 1;
    out->push_back(std::move(e));
  }
}

}  // namespace

bool IsBlocklistFormat(std::string_view f) {
  return f == "mastodon" || f == "oliphant" || f == "gotosocial" ||
         f == "plain";
}

std::string DetectBlocklistFormat(std::string_view path,
                                  std::string_view content) {
  absl::string_view c = absl::StripLeadingAsciiWhitespace(AV(content));
  if (absl::EndsWith(AV(path), ".json") || absl::StartsWith(c, "[")) {
    return "gotosocial";
  }
  if (absl::StartsWith(c, "#domain")) return "mastodon";
  if (absl::StartsWith(c, "domain,")) return "oliphant";
  if (absl::EndsWith(AV(path), ".csv")) return "mastodon";
  return "plain";
}

std::vector<BlocklistEntry> ParseBlocklist(const std::string& path,
                                           std::string_view content,
                                           std::string format,
                                           Diagnostics& diags) {
  if (format.empty()) format = DetectBlocklistFormat(path, content);
  std::vector<BlocklistEntry> out;
  if (format == "mastodon" || format == "oliphant") {
    ParseCsv(path, content, diags, &out);
  } else if (format == "gotosocial") {
    ParseGoToSocial(path, content, diags, &out);
  } else {
    ParsePlain(path, content, &out);
  }
  return out;
}

std::vector<std::string> BlocklistActions(const BlocklistEntry& e) {
  std::vector<std::string> actions;
  if (e.severity == "suspend") {
    actions.push_back("reject");
  } else if (e.severity == "silence") {
    actions.push_back("delist");
  }
  if (e.severity != "suspend") {
    if (e.reject_media) actions.push_back("strip_media");
  }
  if (e.reject_reports) actions.push_back("drop_report");
  return actions;
}

std::string BlocklistToRules(const std::vector<BlocklistEntry>& entries,
                             std::string_view prefix) {
  std::map<std::string, std::vector<const BlocklistEntry*>> groups;
  for (const BlocklistEntry& e : entries) {
    std::vector<std::string> a = BlocklistActions(e);
    if (a.empty()) continue;
    groups[absl::StrJoin(a, ", ")].push_back(&e);
  }
  std::string out = "# Generated by `harrier import-blocklist`.\n";
  for (const auto& [actions, list] : groups) {
    std::string name = absl::StrCat(std::string(prefix), "_",
                                    absl::StrReplaceAll(actions, {{", ", "_"}}));
    absl::StrAppend(&out, "\nlist ", name, " = [\n");
    for (const BlocklistEntry* e : list) {
      absl::StrAppend(&out, "  \"", e->domain, "\",");
      if (!e->public_comment.empty()) {
        std::string c = absl::StrReplaceAll(e->public_comment, {{"\n", " "}});
        absl::StrAppend(&out, "  # ", c);
      }
      out += "\n";
    }
    absl::StrAppend(&out, "]\n\nrule ", name, " \"Imported blocklist: ",
                    actions, "\" {\n  when actor.host in ", name,
                    "\n  then ", actions, "\n}\n");
  }
  return out;
}

}  // namespace harrier::rules
