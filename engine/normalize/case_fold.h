// Copyright 2026 The Harrier Authors.
//
// case_fold.h: Unicode full case folding (ICU u_strFoldCase semantics), for
// comparing hashtags and similar identifiers case-insensitively.
//
//   FoldCase("FediVerse") == "fediverse"
//   FoldCase("Straße")    == "strasse"
//   FoldCase("ΣΊΣΥΦΟΣ")   == "σίσυφοσ"
//
// Input must be valid UTF-8 (ill-formed sequences become U+FFFD). ASCII input
// takes a fast path without ICU.
//
// Thread safety: pure function.
#ifndef HARRIER_ENGINE_NORMALIZE_CASE_FOLD_H_
#define HARRIER_ENGINE_NORMALIZE_CASE_FOLD_H_

#include <string>
#include <string_view>

namespace harrier {

std::string FoldCase(std::string_view utf8);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_CASE_FOLD_H_
