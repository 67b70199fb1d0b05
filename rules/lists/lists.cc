// Copyright 2026 The Harrier Authors.
#include "rules/lists/lists.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace harrier::rules {

std::vector<ListEntry> ParseListFile(const std::string& path,
                                     std::string_view content,
                                     Diagnostics& diags) {
  std::vector<ListEntry> out;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(
           absl::string_view(content.data(), content.size()), '\n')) {
    ++line_no;
    std::string line(raw);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    ListEntry e;
    e.line = line_no;
    e.col = static_cast<int>(start) + 1;
    size_t rest = start;
    if (line[start] == '/') {
      size_t end = start + 1;
      while (end < line.size() && line[end] != '/') {
        if (line[end] == '\\') ++end;
        ++end;
      }
      if (end >= line.size()) {
        diags.Error({path, line_no, e.col}, "unterminated regex literal");
        continue;
      }
      e.regex = true;
      e.text = line.substr(start + 1, end - start - 1);
      rest = end + 1;
    } else {
      size_t hash = line.find(" #", start);
      if (hash == std::string::npos) hash = line.find("\t#", start);
      size_t end = hash == std::string::npos ? line.size() : hash;
      e.text = std::string(
          absl::StripAsciiWhitespace(line.substr(start, end - start)));
      rest = end;
    }
    size_t hash = line.find('#', rest);
    if (hash != std::string::npos) {
      e.reason = std::string(absl::StripAsciiWhitespace(line.substr(hash + 1)));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string CanonicalDomain(std::string_view domain) {
  std::string d = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(domain.data(), domain.size())));
  size_t scheme = d.find("://");
  if (scheme != std::string::npos) d = d.substr(scheme + 3);
  size_t slash = d.find('/');
  if (slash != std::string::npos) d.resize(slash);
  while (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

ListIndex::ListIndex(const std::vector<ListEntry>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const ListEntry& e = entries[i];
    int idx = static_cast<int>(i);
    if (e.regex) {
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_case_sensitive(false);
      auto re = std::make_unique<RE2>(e.text, opts);
      if (re->ok()) regexes_.emplace_back(std::move(re), idx);
      continue;
    }
    std::string d = CanonicalDomain(e.text);
    if (d.rfind("*.", 0) == 0) {
      wildcard_domains_.emplace(d.substr(2), idx);
    } else {
      domains_.emplace(d, idx);
    }
    strings_.emplace(absl::AsciiStrToLower(e.text), idx);
  }
}

int ListIndex::MatchDomain(std::string_view host_in) const {
  std::string host = CanonicalDomain(host_in);
  std::string_view h = host;
  bool is_self = true;
  while (!h.empty()) {
    std::string key(h);
    auto it = domains_.find(key);
    if (it != domains_.end()) return it->second;
    if (!is_self) {
      auto w = wildcard_domains_.find(key);
      if (w != wildcard_domains_.end()) return w->second;
    }
    size_t dot = h.find('.');
    if (dot == std::string_view::npos) break;
    h.remove_prefix(dot + 1);
    is_self = false;
  }
  for (const auto& [re, idx] : regexes_) {
    if (RE2::FullMatch(host, *re)) return idx;
  }
  return -1;
}

int ListIndex::MatchString(std::string_view value) const {
  auto it = strings_.find(absl::AsciiStrToLower(
      absl::string_view(value.data(), value.size())));
  if (it != strings_.end()) return it->second;
  for (const auto& [re, idx] : regexes_) {
    if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *re)) {
      return idx;
    }
  }
  return -1;
}

}  // namespace harrier::rules
