// Copyright 2026 The Harrier Authors.
#include "rules/compiler/matcher.h"

#include <hs.h>

#include <random>

#include "gtest/gtest.h"
#include "rules/text/normalize.h"

namespace harrier::rules {
namespace {

std::unique_ptr<PatternDatabase> BuildOk(const std::vector<PatternSpec>& specs) {
  std::vector<std::pair<int, std::string>> rejected;
  auto db = PatternDatabase::Build(specs, &rejected);
  EXPECT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE(rejected.empty());
  return std::move(*db);
}

TEST(MatcherTest, LiteralsRegexesAndWords) {
  auto db = BuildOk({{EscapeLiteral("free eth"), false, 8},
                     {"claim\\s+your\\s+(nft|tokens)", false},
                     {EscapeLiteral("ai"), true, 2},
                     {EscapeLiteral("a.b"), false, 3}});
  hs_scratch* scratch = db->AllocScratch();
  ASSERT_NE(scratch, nullptr);
  MatchSet m;
  m.Reset(db->size());
  std::string text = NormalizeKeyword("Get FREE ETH! j'ai. claim  your NFT", TextMode::kDefault);
  db->Scan(text, scratch, &m);
  EXPECT_TRUE(m.matched(0));
  EXPECT_EQ(m.span(0).start, 4u);
  EXPECT_EQ(m.span(0).end, 12u);
  EXPECT_TRUE(m.matched(1));
  EXPECT_TRUE(m.matched(2));         // "ai" inside "j'ai" ...
  EXPECT_FALSE(m.matched_word(2));   // ... but not as a whole word
  EXPECT_FALSE(m.matched(3));        // '.' is literal
  PatternDatabase::FreeScratch(scratch);
}

// The Hyperscan path and the RE2 path agree on which patterns match.
TEST(MatcherTest, DifferentialAgainstNaive) {
  std::vector<PatternSpec> specs;
  std::vector<std::string> words = {"spam", "eth", "nft", "free", "a b", "x",
                                    "ai", "claim", "é"};
  for (size_t i = 0; i < words.size(); ++i) {
    std::string kw = NormalizeKeyword(words[i], TextMode::kDefault);
    specs.push_back({EscapeLiteral(kw), i % 2 == 0, kw.size()});
  }
  specs.push_back({"[0-9]{3,}", false});
  specs.push_back({"(a+)+$", false});
  specs.push_back({"fr(e|3)+", true});
  auto db = BuildOk(specs);
  hs_scratch* scratch = db->AllocScratch();
  std::mt19937 rng(42);
  const std::string alphabet = "aefilmnprstx3 .'0123é";
  MatchSet fast, naive;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text;
    int len = rng() % 40;
    for (int i = 0; i < len; ++i) {
      size_t k = rng() % alphabet.size();
      if (static_cast<unsigned char>(alphabet[k]) >= 0x80) {
        text += "é";
      } else {
        text.push_back(alphabet[k]);
      }
    }
    fast.Reset(db->size());
    naive.Reset(db->size());
    db->Scan(text, scratch, &fast);
    db->ScanNaive(text, &naive);
    for (size_t id = 0; id < db->size(); ++id) {
      ASSERT_EQ(fast.matched(id), naive.matched(id))
          << "pattern " << specs[id].expression << " text '" << text << "'";
      if (specs[id].word) {
        ASSERT_EQ(fast.matched_word(id), naive.matched_word(id))
            << "pattern " << specs[id].expression << " text '" << text << "'";
      }
    }
  }
  PatternDatabase::FreeScratch(scratch);
}

TEST(MatcherTest, RejectsUnsupportedPattern) {
  std::vector<std::pair<int, std::string>> rejected;
  // Hyperscan has no support for \b{...}-style... use a lookahead-free but
  // unsupported construct: a backreference.
  auto db = PatternDatabase::Build({{"(a)\\1", false}, {"ok", false}}, &rejected);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].first, 0);
}

}  // namespace
}  // namespace harrier::rules
