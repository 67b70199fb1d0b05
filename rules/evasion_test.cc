// Copyright 2026 The Harrier Authors.
//
// Evasion: the documented behaviour of text matching against zero-width
// characters, fullwidth letters, look-alikes from other scripts
// (confusables mode), combining accents and whole-word matching.
#include <string>

#include "engine/normalize/normalizer.h"
#include "gtest/gtest.h"
#include "rules/rule_set.h"

namespace harrier::rules {
namespace {

constexpr char kRules[] = R"(
list scam confusables = ["paypal", "free eth"]
list plain_words = ["paypal", "free eth"]
rule scam_confusable { when object.text contains_any scam then flag("confusable") }
rule scam_plain { when object.text contains_any plain_words then flag("plain") }
rule ai_word { when object.text contains_word "AI" then label("ai") }
rule ai_sub { when object.text contains "ai" then label("ai-substring") }
rule cafe { when object.text contains_any_word ["café"] then label("cafe") }
)";

class EvasionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto result = CompileRuleSet({{"e.rules", kRules}}, {});
    ASSERT_TRUE(result.ok());
    ASSERT_NE(result->rule_set, nullptr) << result->rendered_diagnostics;
    set_ = result->rule_set;
  }

  // Rule ids that match `text`, via both the Hyperscan and the naive path.
  std::vector<std::string> Hits(const std::string& text) {
    v1::NormalizedActivity a;
    a.set_id("i");
    a.set_type("Create");
    a.mutable_object()->set_text(text);
    v1::Decision d = set_->Evaluate(a, absl::UnixEpoch());
    v1::Decision naive = set_->EvaluateNaiveForTest(a, absl::UnixEpoch());
    EXPECT_EQ(d.SerializeAsString(), naive.SerializeAsString()) << text;
    std::vector<std::string> ids;
    for (const auto& e : d.explanations()) ids.push_back(e.rule_id());
    return ids;
  }

  std::shared_ptr<const CompiledRuleSet> set_;
};

using V = std::vector<std::string>;

TEST_F(EvasionTest, ZeroWidthCharacters) {
  EXPECT_EQ(Hits("pay\u200Bpal"), (V{"scam_confusable", "scam_plain"}));
  EXPECT_EQ(Hits("fr\u200Dee\u2060 eth"), (V{"scam_confusable", "scam_plain"}));
  EXPECT_EQ(Hits("pay\u00ADpal"), (V{"scam_confusable", "scam_plain"}));  // soft hyphen
}

TEST_F(EvasionTest, FullwidthAndCase) {
  EXPECT_EQ(Hits("ＰＡＹＰＡＬ"), (V{"scam_confusable", "scam_plain"}));
  EXPECT_EQ(Hits("FREE ETH"), (V{"scam_confusable", "scam_plain"}));
}

TEST_F(EvasionTest, LookAlikesOnlyInConfusablesMode) {
  // Cyrillic р and а.
  EXPECT_EQ(Hits("\u0440\u0430ypal"), (V{"scam_confusable"}));
  // Greek α in "paypal".
  EXPECT_EQ(Hits("p\u03B1yp\u03B1l"), (V{"scam_confusable"}));
}

TEST_F(EvasionTest, CombiningAccentsAreIgnored) {
  EXPECT_EQ(Hits("pa\u0301yp\u00E4l"), (V{"scam_confusable", "scam_plain"}));
  // Keywords lose their accents too: "café" matches "cafe" and "CAFÉ".
  EXPECT_EQ(Hits("un cafe"), (V{"cafe"}));
  EXPECT_EQ(Hits("UN CAFÉ"), (V{"cafe"}));
}

TEST_F(EvasionTest, WholeWordUsesUnicodeWordBoundaries) {
  // "j'ai" is one word under UAX #29: "AI" does not match as a word.
  EXPECT_EQ(Hits("j'ai faim"), (V{"ai_sub"}));
  EXPECT_EQ(Hits("AI art"), (V{"ai_word", "ai_sub"}));
  EXPECT_EQ(Hits("l'AI, c'est"), (V{"ai_sub"}));
  EXPECT_EQ(Hits("more (AI) please"), (V{"ai_word", "ai_sub"}));
  EXPECT_EQ(Hits("said"), (V{"ai_sub"}));
}

}  // namespace
}  // namespace harrier::rules
