// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

using ::testing::HasSubstr;

constexpr char kExample[] = R"(# Feeds of example.social
feed art "Art from everywhere" {
  include  "art" in object.hashtags || "mastoart" in object.hashtags
  exclude  object.sensitive || object.visibility != "public"
  rank     hot(gravity: 1.8)
  window   7d
  diversity max_per_author: 2 per 20
  weights  like: 1, boost: 2, reply: 3, per_host_cap: 0.2
}
feed custom "Custom" {
  include  object.type == "Note"
  rank     formula((likes + 2*boosts + 3*replies) * exp_decay(age, 6h) * (age < 1h ? 1.2 : 1))
}
)";

FeedConfigResult Compile(const std::string& text,
                         const std::string& path = "a.feeds") {
  absl::StatusOr<FeedConfigResult> r = CompileFeedConfig({{path, text}});
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : FeedConfigResult{};
}

// The first error as "line:col: message".
std::string FirstError(const std::string& text) {
  FeedConfigResult r = Compile(text);
  EXPECT_TRUE(r.feeds.empty());
  for (const rules::Diagnostic& d : r.diagnostics.items()) {
    if (d.severity == rules::Severity::kError) {
      EXPECT_EQ(d.pos.file, "a.feeds");
      return absl::StrCat(d.pos.line, ":", d.pos.col, ": ", d.message);
    }
  }
  return "no error";
}

v1::NormalizedActivity Note(std::vector<std::string> hashtags) {
  v1::NormalizedActivity a;
  a.set_type("Create");
  a.set_id("https://remote.example/activities/1");
  a.mutable_actor()->set_id("https://remote.example/users/alice");
  a.mutable_actor()->set_host("remote.example");
  a.mutable_object()->set_id("https://remote.example/notes/1");
  a.mutable_object()->set_type("Note");
  a.mutable_object()->set_visibility(v1::VISIBILITY_PUBLIC);
  a.mutable_object()->set_language("en");
  for (const auto& h : hashtags) a.mutable_object()->add_hashtags(h);
  return a;
}

TEST(FeedConfigTest, ExampleCompiles) {
  FeedConfigResult r = Compile(kExample);
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.rendered_diagnostics;
  EXPECT_TRUE(r.diagnostics.empty()) << r.rendered_diagnostics;
  ASSERT_EQ(r.feeds.size(), 2u);
  const FeedDefinition& art = r.feeds[0];
  EXPECT_EQ(art.id, "art");
  EXPECT_EQ(art.title, "Art from everywhere");
  EXPECT_EQ(art.algorithm.name, "hot");
  EXPECT_EQ(art.algorithm.params.at("gravity"), 1.8);
  ASSERT_NE(art.ranker, nullptr);
  EXPECT_EQ(art.ranker->name(), "hot");
  EXPECT_EQ(art.window, absl::Hours(24 * 7));
  EXPECT_EQ(art.diversity.max_per_author, 2);
  EXPECT_EQ(art.diversity.per, 20);
  EXPECT_EQ(art.weights.like, 1);
  EXPECT_EQ(art.weights.boost, 2);
  EXPECT_EQ(art.weights.reply, 3);
  EXPECT_EQ(art.weights.quote, 1);
  EXPECT_DOUBLE_EQ(art.weights.per_host_cap, 0.2);

  EXPECT_TRUE(art.Matches(Note({"art"})));
  EXPECT_TRUE(art.Matches(Note({"cats", "mastoart"})));
  EXPECT_FALSE(art.Matches(Note({"cats"})));
  v1::NormalizedActivity sensitive = Note({"art"});
  sensitive.mutable_object()->set_sensitive(true);
  EXPECT_FALSE(art.Matches(sensitive));
  v1::NormalizedActivity unlisted = Note({"art"});
  unlisted.mutable_object()->set_visibility(v1::VISIBILITY_UNLISTED);
  EXPECT_FALSE(art.Matches(unlisted));

  const FeedDefinition& custom = r.feeds[1];
  EXPECT_EQ(custom.algorithm.name, "formula");
  ASSERT_NE(custom.ranker, nullptr);
  EXPECT_FALSE(custom.ranker->time_invariant());
  EXPECT_EQ(custom.exclude, nullptr);
  EXPECT_TRUE(custom.Matches(Note({})));
  v1::NormalizedActivity question = Note({});
  question.mutable_object()->set_type("Question");
  EXPECT_FALSE(custom.Matches(question));

  // (1 + 2*2 + 3*1) * 0.5 (one half-life) * 1 (older than 1h).
  RankInputs in;
  in.likes = 1;
  in.boosts = 2;
  in.replies = 1;
  in.published = absl::FromUnixSeconds(1000000);
  in.now = in.published + absl::Hours(6);
  EXPECT_DOUBLE_EQ(custom.ranker->Score(in), 4);
  in.now = in.published + absl::Minutes(30);
  EXPECT_DOUBLE_EQ(custom.ranker->Score(in),
                   8 * std::pow(0.5, 0.5 / 6) * 1.2);

  absl::StatusOr<std::shared_ptr<const FeedSet>> set =
      FeedSet::Create(std::move(r.feeds));
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_NE((*set)->Find("custom"), nullptr);
}

TEST(FeedConfigTest, MembershipPredicates) {
  FeedConfigResult r = Compile(R"(
feed local "Local" {
  include actor.host == "example.social"
}
feed lemmy_art "Lemmy art" {
  include object.community == "https://lemmy.example/c/art"
}
feed german "Auf Deutsch" {
  include object.language == "de"
          && !object.sensitive   # continuation line
}
feed everything "Everything" {
  rank trending(half_life_hours: 2)
}
)");
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.rendered_diagnostics;
  ASSERT_EQ(r.feeds.size(), 4u);
  v1::NormalizedActivity a = Note({});
  EXPECT_FALSE(r.feeds[0].Matches(a));
  a.mutable_actor()->set_host("example.social");
  EXPECT_TRUE(r.feeds[0].Matches(a));
  EXPECT_FALSE(r.feeds[1].Matches(a));
  a.mutable_object()->set_community("https://lemmy.example/c/art");
  EXPECT_TRUE(r.feeds[1].Matches(a));
  EXPECT_FALSE(r.feeds[2].Matches(a));
  a.mutable_object()->set_language("de");
  EXPECT_TRUE(r.feeds[2].Matches(a));
  a.mutable_object()->set_sensitive(true);
  EXPECT_FALSE(r.feeds[2].Matches(a));
  EXPECT_TRUE(r.feeds[3].Matches(a));
  EXPECT_EQ(r.feeds[3].algorithm.name, "trending");
  EXPECT_EQ(r.feeds[3].algorithm.params.at("half_life_hours"), 2);
  // No rank clause: chronological.
  EXPECT_EQ(r.feeds[0].algorithm.name, "chronological");
  EXPECT_TRUE(FeedSet::Create(std::move(r.feeds)).ok());
}

TEST(FeedConfigTest, EveryAlgorithmAndParameter) {
  FeedConfigResult r = Compile(R"(
feed a {
  rank chronological
}
feed b {
  rank hot(gravity: 1.5, max_age_hours: 48)
}
feed c {
  rank scaled(gravity: 2, max_age_hours: 24)
}
feed d {
  rank hn(gravity: 1.8, points_exponent: 0.8, max_age_hours: 0)
}
feed e {
  rank reddit_hot(divisor: 45000, epoch: 1134028003)
}
feed f {
  rank best(z: 1.96)
}
feed g {
  rank controversial()
}
feed h {
  rank trending(half_life_hours: 1, threshold: 5, expected: 1)
}
feed i {
  rank half_life(half_life_hours: 6)
}
feed j {
  rank mbin(vote_seconds: 4500, comment_seconds: 1500,
            unique_commenter_seconds: 5000, min_seconds: -43200,
            max_seconds: 86400)
}
)");
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.rendered_diagnostics;
  ASSERT_EQ(r.feeds.size(), 10u);
  for (const FeedDefinition& f : r.feeds) {
    ASSERT_NE(f.ranker, nullptr) << f.id;
    EXPECT_EQ(f.ranker->name(), f.algorithm.name) << f.id;
  }
  EXPECT_EQ(r.feeds[9].algorithm.params.at("min_seconds"), -43200);
  EXPECT_TRUE(FeedSet::Create(std::move(r.feeds)).ok());
}

TEST(FeedConfigTest, WeightsAndHostWeights) {
  FeedConfigResult r = Compile(R"(feed f {
  weights quote: 4, reaction: 0.5, dislike: 2, cap_floor: 3,
          host_weight("Spam.Example"): 0, host_weight("good.example"): 1.5
})");
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.rendered_diagnostics;
  ASSERT_EQ(r.feeds.size(), 1u);
  const EngagementWeights& w = r.feeds[0].weights;
  EXPECT_EQ(w.quote, 4);
  EXPECT_EQ(w.reaction, 0.5);
  EXPECT_EQ(w.dislike, 2);
  EXPECT_EQ(w.cap_floor, 3);
  EXPECT_EQ(w.host_weights.at("spam.example"), 0);
  EXPECT_EQ(w.host_weights.at("good.example"), 1.5);
}

TEST(FeedConfigTest, ErrorPositions) {
  // Unknown clause, with a suggestion.
  EXPECT_EQ(FirstError("feed f {\n  windw 7d\n}\n"),
            "2:3: unknown clause 'windw' (did you mean 'window'?)");
  // Duplicate feed id.
  EXPECT_EQ(FirstError("feed f {\n}\n  feed f {\n}\n"),
            "3:3: duplicate feed id 'f' (first at a.feeds:1)");
  // Missing '{'.
  EXPECT_EQ(FirstError("feed f \"T\"\n"), "1:11: expected '{' after feed 'f'");
  // Missing '}'.
  EXPECT_EQ(FirstError("\nfeed f {\n  window 7d\n"),
            "2:1: missing '}' for feed 'f'");
  // Unknown algorithm, with a suggestion.
  EXPECT_EQ(FirstError("feed f {\n  rank   hott(gravity: 1)\n}\n"),
            "2:10: unknown algorithm 'hott' (did you mean 'hot'?)");
  // Unknown parameter, with a suggestion.
  EXPECT_EQ(FirstError("feed f {\n  rank hot(gravty: 1)\n}\n"),
            "2:12: unknown parameter 'gravty' of hot (did you mean 'gravity'?)");
  // Parameter out of range (MakeAlgorithm's message).
  EXPECT_EQ(FirstError("feed f {\n  rank hot(gravity: 50)\n}\n"),
            "2:21: rank: hot(gravity: 50) must be in [0.01, 10]");
  EXPECT_EQ(FirstError("feed f {\n  rank mbin(min_seconds: 10, max_seconds: 5)\n}\n"),
            "2:8: rank: mbin min_seconds must be <= max_seconds");
  // Parameter that is not a number.
  EXPECT_EQ(FirstError("feed f {\n  rank hot(gravity: \"x\")\n}\n"),
            "2:21: bad number for gravity: \"x\"");
  // Bad duration.
  EXPECT_EQ(FirstError("feed f {\n  window 7y\n}\n"),
            "2:10: bad duration '7y' (use e.g. 30s, 15m, 6h, 7d, 2w)");
  EXPECT_EQ(FirstError("feed f {\n  window 12\n}\n"),
            "2:10: bad duration '12' for window (use e.g. 36h, 7d)");
  // Bad number.
  EXPECT_EQ(FirstError("feed f {\n  weights like: 1.2.3\n}\n"),
            "2:17: bad number '1.2.3'");
  // Bad weights key.
  EXPECT_EQ(FirstError("feed f {\n  weights like: 1, boots: 2\n}\n"),
            "2:20: bad weights key 'boots' (did you mean 'boost'?)");
  EXPECT_EQ(FirstError("feed f {\n  weights per_host_cap: 2\n}\n"),
            "2:25: per_host_cap must be in (0, 1]");
  // Bad diversity.
  EXPECT_EQ(FirstError("feed f {\n  diversity max_per_author: 2 per 0\n}\n"),
            "2:35: bad diversity: per must be an integer >= 1, got '0'");
  EXPECT_EQ(FirstError("feed f {\n  diversity max_author: 2\n}\n"),
            "2:13: bad diversity: expected 'max_per_author: N per M', got "
            "'max_author'");
  // Duplicate clause.
  EXPECT_EQ(FirstError("feed f {\n  window 1d\n  window 2d\n}\n"),
            "3:3: duplicate 'window' clause in feed 'f'");
  // Empty include.
  EXPECT_EQ(FirstError("feed f {\n  include\n}\n"),
            "2:3: expected an expression after 'include'");
  // Formula errors.
  EXPECT_EQ(FirstError("feed f {\n  rank formula(likes * (object.has_media ? 2 : 1))\n}\n"),
            "2:25: 'object.has_media' is not available in a formula (only "
            "engagement counts and age)");
  EXPECT_EQ(FirstError("feed f {\n  rank formula(like + 1)\n}\n"),
            "2:16: unknown formula variable 'like' (did you mean 'likes'?)");
  EXPECT_EQ(FirstError("feed f {\n  rank formula(likes + age)\n}\n"),
            "2:22: cannot apply '+' to number and duration");
  EXPECT_EQ(FirstError("feed f {\n  rank formula(exp_decay(likes, 6h))\n}\n"),
            "2:26: argument 1 of exp_decay must be duration, not number");
  EXPECT_EQ(FirstError("feed f {\n  rank formula(age)\n}\n"),
            "2:8: a formula must be a number, not duration");
}

TEST(FeedConfigTest, ExpressionErrorsMapToFeedFile) {
  // Unknown field: the rule checker's message at the feed file's position.
  std::string e = FirstError(
      "feed f {\n  include  \"art\" in object.hashtag\n}\n");
  EXPECT_THAT(e, HasSubstr("2:21: unknown field 'object.hashtag'"));
  EXPECT_THAT(e, HasSubstr("did you mean 'object.hashtags'?"));
  // Type mismatch on a continuation line of a second feed.
  e = FirstError(
      "feed a {\n  include object.type == \"Note\"\n}\n"
      "feed b {\n  exclude object.sensitive\n     || object.sensitive == 3\n}\n");
  EXPECT_THAT(e, HasSubstr("6:"));
  FeedConfigResult r = Compile(
      "feed b {\n  exclude object.sensitive\n     || object.sensitive == 3\n}\n");
  ASSERT_TRUE(r.diagnostics.has_errors());
  EXPECT_EQ(r.diagnostics.items()[0].pos.file, "a.feeds");
  EXPECT_EQ(r.diagnostics.items()[0].pos.line, 3);
  EXPECT_THAT(r.rendered_diagnostics, HasSubstr("a.feeds:3:"));
  EXPECT_EQ(r.diagnostics.items()[0].ToString(),
            "a.feeds:3:26: error: cannot compare bool with int using '=='");
  // Expressions cannot escape their rule.
  EXPECT_EQ(FirstError("feed f {\n  include true then reject\n}\n"),
            "2:16: unexpected 'then' in 'include' expression");
  EXPECT_EQ(FirstError("feed f {\n  exclude \"}\" == object.type }\n}\n"),
            "2:30: unexpected '}' in 'exclude' expression");
  // Feed ids with capitals and digits make valid rule ids.
  FeedConfigResult ok = Compile("feed Art2 {\n  include object.sensitive\n}\n");
  EXPECT_FALSE(ok.diagnostics.has_errors()) << ok.rendered_diagnostics;
}

TEST(FeedConfigTest, DiagnosticsInSourceOrder) {
  FeedConfigResult r = Compile(
      "feed f {\n  include object.sensitiv\n  window 7y\n}\nfeed f {\n}\n");
  std::vector<std::string> got;
  for (const rules::Diagnostic& d : r.diagnostics.items()) {
    got.push_back(absl::StrCat(d.pos.line, ":", d.pos.col));
  }
  EXPECT_THAT(got, ::testing::ElementsAre("2:11", "3:10", "5:1"))
      << r.rendered_diagnostics;
}

TEST(FeedConfigTest, DeepFormulaIsAnErrorNotACrash) {
  std::string deep = "feed f {\n  rank formula(";
  for (int i = 0; i < 5000; ++i) deep += "(";
  deep += "1";
  for (int i = 0; i < 5000; ++i) deep += ")";
  deep += ")\n}\n";
  EXPECT_THAT(FirstError(deep), HasSubstr("formula nested too deeply"));
  std::string sum = "feed f {\n  rank formula(likes";
  for (int i = 0; i < 10000; ++i) sum += " + 1";
  sum += ")\n}\n";
  EXPECT_THAT(FirstError(sum), HasSubstr("formula nested too deeply"));
  // Moderate nesting is fine.
  std::string nested = "feed f {\n  rank formula(";
  for (int i = 0; i < 40; ++i) nested += "(";
  nested += "likes";
  for (int i = 0; i < 40; ++i) nested += " + 1)";
  nested += ")\n}\n";
  FeedConfigResult r = Compile(nested);
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.rendered_diagnostics;
  RankInputs in;
  in.likes = 2;
  EXPECT_EQ(r.feeds[0].ranker->Score(in), 42);
}

TEST(FeedConfigTest, EveryPrefixOfTheExampleIsHandled) {
  const std::string text = kExample;
  for (size_t n = 0; n <= text.size(); ++n) {
    absl::StatusOr<FeedConfigResult> r =
        CompileFeedConfig({{"a.feeds", text.substr(0, n)}});
    ASSERT_TRUE(r.ok()) << n;
    if (r->diagnostics.has_errors()) {
      EXPECT_TRUE(r->feeds.empty()) << n;
    }
  }
  // And some garbage.
  for (const char* junk : {"}", "{", "feed", "feed {", "feed f {\n}\n}",
                           "feed f {\n  rank (\n}", "feed f {\n  rank hot(\n}",
                           "feed f {\n  weights host_weight(\n}",
                           "feed f {\n  rank formula(exp_decay(\n}",
                           "feed f {\n  include \"\n}", "\xff\xfe feed"}) {
    absl::StatusOr<FeedConfigResult> r = CompileFeedConfig({{"a.feeds", junk}});
    ASSERT_TRUE(r.ok()) << junk;
    EXPECT_TRUE(r->diagnostics.has_errors()) << junk;
  }
}

TEST(FeedConfigTest, IgnoresOtherFiles) {
  absl::StatusOr<FeedConfigResult> r = CompileFeedConfig(
      {{"main.rules", "garbage"}, {"a.feeds", "feed f {\n}\n"}});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->diagnostics.has_errors()) << r->rendered_diagnostics;
  EXPECT_EQ(r->feeds.size(), 1u);
}

TEST(FeedConfigTest, ExampleInstanceFeedsCompile) {
  namespace fs = std::filesystem;
  const fs::path root = "examples/instances";
  ASSERT_TRUE(fs::is_directory(root));
  int instances = 0;
  for (const fs::directory_entry& inst : fs::directory_iterator(root)) {
    fs::path dir = inst.path() / "feeds";
    if (!fs::is_directory(dir)) continue;
    ++instances;
    std::vector<rules::SourceFile> files;
    for (const fs::directory_entry& f : fs::recursive_directory_iterator(dir)) {
      if (!f.is_regular_file()) continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      files.push_back({f.path().string(), ss.str()});
    }
    absl::StatusOr<FeedConfigResult> r = CompileFeedConfig(files);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->diagnostics.has_errors()) << r->rendered_diagnostics;
    EXPECT_GE(r->feeds.size(), 5u) << dir;
    EXPECT_TRUE(FeedSet::Create(std::move(r->feeds)).ok()) << dir;
  }
  EXPECT_GE(instances, 1);
}

}  // namespace
}  // namespace harrier::ranking
