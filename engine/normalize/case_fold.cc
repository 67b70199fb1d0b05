// Copyright 2026 The Harrier Authors.
#include "engine/normalize/case_fold.h"

#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

#include "engine/normalize/ascii.h"

namespace harrier {

std::string FoldCase(std::string_view utf8) {
  bool ascii = true;
  for (char c : utf8) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return ascii::Lower(utf8);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.foldCase(U_FOLD_CASE_DEFAULT);
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace harrier
