// Copyright 2026 The Harrier Authors.
//
// format.h: the canonical layout of a `.rules` file (`harrier fmt`).
//
//   Diagnostics diags;
//   std::string pretty = Format("a.rules", text, diags);
//
// Layout: one blank line between top-level declarations; rule clauses and
// test fields one per line, indented by two spaces per block; single spaces
// around binary operators and after commas; line breaks the author put
// inside an expression or a list are kept (as a continuation indented four
// more spaces, or one list entry per line); comments are kept, trailing
// comments two spaces after their line. Inline JSON is copied verbatim.
// Format is idempotent: Format(Format(x)) == Format(x).
//
// The file must lex and parse; otherwise `diags` has the errors and the
// input is returned unchanged.
#ifndef HARRIER_RULES_FORMAT_FORMAT_H_
#define HARRIER_RULES_FORMAT_FORMAT_H_

#include <string>
#include <string_view>

#include "rules/common/diagnostics.h"

namespace harrier::rules {

std::string Format(const std::string& path, std::string_view source,
                   Diagnostics& diags);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_FORMAT_FORMAT_H_
