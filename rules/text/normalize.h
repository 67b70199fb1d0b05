// Copyright 2026 The Harrier Authors.
//
// normalize.h: the text normalisation every text predicate matches against.
//
// Default mode, per code point of the input:
//   NFKC case folding (ICU Normalizer2::getNFKCCasefoldInstance), then
//   canonical decomposition with combining marks (Mn) and format characters
//   (Cf: zero-width joiners, soft hyphens, bidi controls ...) removed, then
//   NFC recomposition. So "ＦＲＥＥ", "fr\u200Bee", "frée" all become "free".
//   ASCII takes a fast path (lower-casing) and never calls ICU.
// Confusables mode additionally maps each resulting code point to its
// Unicode TR39 skeleton (ICU uspoof_getSkeletonUTF8), so Cyrillic "раypal"
// and "paypal" normalise to the same string. Keywords must be normalised
// with the same mode (NormalizeKeyword) to match.
//
// Every output byte keeps the byte offset of the input code point it came
// from (`offsets`), so spans found in normalised text map back to the
// original.
//
// Thread safety: all functions are thread-safe; ICU singletons are created
// on first use.
#ifndef HARRIER_RULES_TEXT_NORMALIZE_H_
#define HARRIER_RULES_TEXT_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harrier::rules {

enum class TextMode { kDefault, kConfusables };

struct NormalizedText {
  std::string text;
  // offsets[i]: byte offset in the input of the code point that produced
  // text[i]; offsets[text.size()] is the input length.
  std::vector<uint32_t> offsets;
};

// Normalises `input` (UTF-8; invalid bytes become U+FFFD) into `out`.
// With `with_offsets` false, `out->offsets` is left empty (the evaluator
// reports spans in normalised text and skips the map for speed).
void NormalizeText(std::string_view input, TextMode mode, NormalizedText* out,
                   bool with_offsets = true);

// Normalises a keyword the same way (no offset map).
std::string NormalizeKeyword(std::string_view keyword, TextMode mode);

// UAX #29 word boundaries of a UTF-8 text (ICU BreakIterator, root locale).
class WordBoundaries {
 public:
  explicit WordBoundaries(std::string_view text);
  // True if byte offset `pos` is a word boundary (0 and text.size() are).
  bool IsBoundary(size_t pos) const {
    return pos < is_boundary_.size() && is_boundary_[pos];
  }
  // True if [start, end) begins and ends on word boundaries.
  bool IsWholeWord(size_t start, size_t end) const {
    return IsBoundary(start) && IsBoundary(end);
  }

 private:
  std::vector<bool> is_boundary_;
};

}  // namespace harrier::rules

#endif  // HARRIER_RULES_TEXT_NORMALIZE_H_
