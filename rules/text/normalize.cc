// Copyright 2026 The Harrier Authors.
#include "rules/text/normalize.h"

#include <memory>

#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uspoof.h"
#include "unicode/utext.h"
#include "unicode/utf8.h"

namespace harrier::rules {
namespace {

struct Icu {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  USpoofChecker* spoof = nullptr;
};

const Icu& GetIcu() {
  static const Icu* icu = [] {
    auto* r = new Icu;
    UErrorCode status = U_ZERO_ERROR;
    r->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    r->nfd = icu::Normalizer2::getNFDInstance(status);
    r->nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
      r->nfkc_cf = r->nfd = r->nfc = nullptr;
    }
    UErrorCode spoof_status = U_ZERO_ERROR;
    r->spoof = uspoof_open(&spoof_status);
    if (U_FAILURE(spoof_status)) r->spoof = nullptr;
    return r;
  }();
  return *icu;
}

void AppendUtf8(UChar32 c, std::string* out) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
  if (!error) out->append(buf, len);
}

// Folds one non-ASCII code point; appends the result to `out`.
void FoldCodePoint(UChar32 c, std::string* out) {
  const Icu& icu = GetIcu();
  if (icu.nfkc_cf == nullptr) {
    AppendUtf8(c, out);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s(c);
  icu::UnicodeString folded = icu.nfkc_cf->normalize(s, status);
  icu::UnicodeString decomposed = icu.nfd->normalize(folded, status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 d = decomposed.char32At(i);
    i += U16_LENGTH(d);
    int8_t type = u_charType(d);
    if (type == U_NON_SPACING_MARK || type == U_FORMAT_CHAR) continue;
    kept.append(d);
  }
  icu::UnicodeString composed = icu.nfc->normalize(kept, status);
  if (U_FAILURE(status)) return;
  composed.toUTF8String(*out);
}

void SkeletonCodePoints(std::string_view folded, std::string* out) {
  const Icu& icu = GetIcu();
  for (size_t i = 0; i < folded.size();) {
    size_t start = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(folded.data()), i, folded.size(), c);
    std::string_view piece = folded.substr(start, i - start);
    if (icu.spoof == nullptr || c < 0) {
      out->append(piece);
      continue;
    }
    char buf[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(icu.spoof, 0, piece.data(),
                                       static_cast<int32_t>(piece.size()), buf,
                                       sizeof(buf), &status);
    if (U_FAILURE(status)) {
      out->append(piece);
      continue;
    }
    // The skeleton is NFD and may reintroduce capitals or marks: fold again.
    std::string skel(buf, n);
    for (size_t j = 0; j < skel.size();) {
      UChar32 s;
      U8_NEXT(reinterpret_cast<const uint8_t*>(skel.data()), j, skel.size(), s);
      if (s < 0) continue;
      if (s < 0x80) {
        out->push_back(static_cast<char>(s >= 'A' && s <= 'Z' ? s + 32 : s));
      } else {
        FoldCodePoint(s, out);
      }
    }
  }
}

}  // namespace

void NormalizeText(std::string_view input, TextMode mode, NormalizedText* out,
                   bool with_offsets) {
  out->text.clear();
  out->offsets.clear();
  out->text.reserve(input.size());
  if (with_offsets) out->offsets.reserve(input.size() + 1);
  std::string piece;
  for (size_t i = 0; i < input.size();) {
    size_t start = i;
    unsigned char b = static_cast<unsigned char>(input[i]);
    if (b < 0x80 && mode == TextMode::kDefault) {
      // Fast path: a run of ASCII only needs lower-casing.
      size_t end = i;
      while (end < input.size() &&
             static_cast<unsigned char>(input[end]) < 0x80) {
        ++end;
      }
      size_t old_size = out->text.size();
      out->text.resize(old_size + (end - i));
      char* dst = out->text.data() + old_size;
      for (size_t j = i; j < end; ++j) {
        char c = input[j];
        *dst++ = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      }
      if (with_offsets) {
        out->offsets.resize(old_size + (end - i));
        uint32_t* off = out->offsets.data() + old_size;
        for (size_t j = i; j < end; ++j) *off++ = static_cast<uint32_t>(j);
      }
      i = end;
      continue;
    }
    piece.clear();
    if (b < 0x80) {
      ++i;
      piece.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
    } else {
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(input.data()), i, input.size(), c);
      if (c < 0) c = 0xFFFD;
      FoldCodePoint(c, &piece);
    }
    if (mode == TextMode::kConfusables) {
      std::string skel;
      SkeletonCodePoints(piece, &skel);
      piece.swap(skel);
    }
    out->text.append(piece);
    if (with_offsets) {
      out->offsets.insert(out->offsets.end(), piece.size(),
                          static_cast<uint32_t>(start));
    }
  }
  if (with_offsets) out->offsets.push_back(static_cast<uint32_t>(input.size()));
}

std::string NormalizeKeyword(std::string_view keyword, TextMode mode) {
  NormalizedText n;
  NormalizeText(keyword, mode, &n, /*with_offsets=*/false);
  return std::move(n.text);
}

WordBoundaries::WordBoundaries(std::string_view text)
    : is_boundary_(text.size() + 1, false) {
  is_boundary_[0] = true;
  is_boundary_[text.size()] = true;
  UErrorCode status = U_ZERO_ERROR;
  // Creating a word BreakIterator is costly: keep one per thread.
  thread_local std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || it == nullptr) return;
  UText* ut = utext_openUTF8(nullptr, text.data(),
                             static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;
  }
  it->setText(ut, status);
  if (U_SUCCESS(status)) {
    for (int32_t p = it->first(); p != icu::BreakIterator::DONE;
         p = it->next()) {
      if (p >= 0 && static_cast<size_t>(p) <= text.size()) {
        is_boundary_[p] = true;
      }
    }
  }
  // Detach the iterator from `text` before the UText goes away.
  it->setText(icu::UnicodeString());
  utext_close(ut);
}

}  // namespace harrier::rules
