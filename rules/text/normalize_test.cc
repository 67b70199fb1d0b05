// Copyright 2026 The Harrier Authors.
#include "rules/text/normalize.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

std::string Norm(std::string_view s, TextMode m = TextMode::kDefault) {
  NormalizedText n;
  NormalizeText(s, m, &n);
  EXPECT_EQ(n.offsets.size(), n.text.size() + 1);
  return n.text;
}

TEST(NormalizeTest, CaseFoldAndAscii) {
  EXPECT_EQ(Norm("Free ETH"), "free eth");
  EXPECT_EQ(Norm("STRASSE Straße"), "strasse strasse");
}

TEST(NormalizeTest, ZeroWidthRemoved) {
  EXPECT_EQ(Norm("fr\u200Bee e\u200Dt\u2060h a\u00ADb"), "free eth ab");
}

TEST(NormalizeTest, Fullwidth) { EXPECT_EQ(Norm("ＦＲＥＥ ＥＴＨ"), "free eth"); }

TEST(NormalizeTest, CombiningAccentsStripped) {
  EXPECT_EQ(Norm("fre\u0301e"), "free");
  EXPECT_EQ(Norm("fr\u00E9e"), "free");
  EXPECT_EQ(Norm("a\u0308i\u0302r\u0327drop"), "airdrop");
}

TEST(NormalizeTest, OffsetsPointIntoInput) {
  NormalizedText n;
  NormalizeText("Ａb", TextMode::kDefault, &n);  // Ａ is 3 bytes
  EXPECT_EQ(n.text, "ab");
  EXPECT_EQ(n.offsets, (std::vector<uint32_t>{0, 3, 4}));
}

TEST(NormalizeTest, ConfusablesSkeleton) {
  // Cyrillic р and а.
  std::string cyr = Norm("\u0440\u0430ypal", TextMode::kConfusables);
  EXPECT_EQ(cyr, NormalizeKeyword("paypal", TextMode::kConfusables));
  // Greek omicron in "gοοgle".
  EXPECT_EQ(Norm("g\u03BF\u03BFgle", TextMode::kConfusables),
            NormalizeKeyword("google", TextMode::kConfusables));
  // Default mode leaves other scripts alone.
  EXPECT_NE(Norm("\u0440\u0430ypal"), "paypal");
}

TEST(WordBoundariesTest, JaiIsOneWord) {
  std::string text = Norm("j'ai faim, AI rocks");
  WordBoundaries wb(text);
  // "ai" inside "j'ai" (bytes 2..4) is not a whole word.
  EXPECT_FALSE(wb.IsWholeWord(2, 4));
  size_t ai = text.find("ai rocks");
  EXPECT_TRUE(wb.IsWholeWord(ai, ai + 2));
}

}  // namespace
}  // namespace harrier::rules
