// Copyright 2026 The Harrier Authors.
//
// list_cursor.h: opaque page tokens for the List* calls of the moderation
// API. A token wraps the storage key suffix after which the next page starts
// ("v1:" + suffix, base64url), so a page is one Seek and N Next() calls and
// items added while paging never shift later pages.
//
// DecodeCursor returns INVALID_ARGUMENT naming "page_token" for anything
// EncodeCursor did not produce. An empty token is the first page.
#ifndef HARRIER_ENGINE_MODERATION_LIST_CURSOR_H_
#define HARRIER_ENGINE_MODERATION_LIST_CURSOR_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/storage/store.h"

namespace harrier {

std::string EncodeCursor(absl::string_view suffix);
absl::StatusOr<std::string> DecodeCursor(absl::string_view token);

// page_size 0 -> `fallback`; over `max` or negative -> INVALID_ARGUMENT
// "page_size: ...".
absl::StatusOr<int> ClampPageSize(int page_size, int fallback, int max);

// Decides whether one stored entry belongs on the page: true to include it
// (it counts toward page_size), false to skip it (a filter), an error to stop.
using PageVisitor =
    std::function<absl::StatusOr<bool>(absl::string_view suffix, absl::string_view value)>;

// Visits the entries of `family` whose keys start with `prefix`, in key order
// (or reverse order), starting after the cursor in `page_token`, until
// `page_size` entries were included or `max_examined` entries were looked at.
// Sets `next_page_token` (empty at the end). Suffix = key without `prefix`.
absl::Status ScanPage(const Store& store, Family family, const std::string& prefix,
                      bool reverse, int page_size, absl::string_view page_token,
                      const PageVisitor& visit, std::string* next_page_token,
                      int max_examined = 10000);

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_LIST_CURSOR_H_
