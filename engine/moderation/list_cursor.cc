// Copyright 2026 The Harrier Authors.
#include "engine/moderation/list_cursor.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace harrier {

std::string EncodeCursor(absl::string_view suffix) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", suffix));
}

absl::StatusOr<std::string> DecodeCursor(absl::string_view token) {
  if (token.empty()) return std::string();
  std::string raw;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, "v1:") || raw.size() == 3) {
    return absl::InvalidArgumentError(
        "page_token: not a token from this server's previous page");
  }
  return raw.substr(3);
}

absl::StatusOr<int> ClampPageSize(int page_size, int fallback, int max) {
  if (page_size == 0) return fallback;
  if (page_size < 0 || page_size > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must be between 1 and ", max, ", got ", page_size));
  }
  return page_size;
}

absl::Status ScanPage(const Store& store, Family family, const std::string& prefix,
                      bool reverse, int page_size, absl::string_view page_token,
                      const PageVisitor& visit, std::string* next_page_token,
                      int max_examined) {
  next_page_token->clear();
  absl::StatusOr<std::string> cursor = DecodeCursor(page_token);
  if (!cursor.ok()) return cursor.status();
  std::unique_ptr<rocksdb::Iterator> it = store.NewIterator(family, prefix);
  const std::string start = prefix + *cursor;
  if (reverse) {
    if (cursor->empty()) {
      it->SeekToLast();
    } else {
      it->SeekForPrev(start);
      if (it->Valid() && it->key() == start) it->Prev();
    }
  } else {
    it->Seek(start);
    if (!cursor->empty() && it->Valid() && it->key() == start) it->Next();
  }
  int included = 0;
  int examined = 0;
  std::string last;
  for (; it->Valid() && it->key().starts_with(prefix); reverse ? it->Prev() : it->Next()) {
    if (included == page_size || examined == max_examined) {
      *next_page_token = EncodeCursor(last);
      break;
    }
    absl::string_view key(it->key().data(), it->key().size());
    absl::string_view value(it->value().data(), it->value().size());
    absl::string_view suffix = key.substr(prefix.size());
    absl::StatusOr<bool> take = visit(suffix, value);
    if (!take.ok()) return take.status();
    if (*take) ++included;
    ++examined;
    last = std::string(suffix);
  }
  return FromRocksDb(it->status());
}

}  // namespace harrier
