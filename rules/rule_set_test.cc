// Copyright 2026 The Harrier Authors.
#include "rules/rule_set.h"

#include <thread>

#include "engine/normalize/normalizer.h"
#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1798761600);  // 2027-01-01

constexpr char kRules[] = R"(
list spam_hosts from "lists/spam_hosts.txt"
list scam_words = ["free eth", "airdrop",  # crypto scams
  /claim\s+your\s+(nft|tokens)/]
import blocklist "fence.csv" as fence

rule spam_wave "{actor.handle} mentioned {size(object.mentions)} accounts" {
  when  activity.type == "Create" && size(object.mentions) >= 5
        && actor.age < duration("24h") && !actor.followed_locally
        && size(object.attachments) > 0
  then  reject
  tags  [spam]
  test  "fresh account, 5 mentions, image" {
    activity: "tests/spam_wave.json"
    actor_age: 2h
    expect: reject
  }
  test "old account passes" {
    activity: "tests/spam_wave.json"
    actor_age: 30d
    expect: accept
  }
}

rule scams {
  when  object.text matches_any scam_words
  then  hold, flag("scam")
  mode  shadow
  expires 2027-06-01
  test "airdrop" { activity: {"id": "https://a.example/1", "type": "Create",
      "actor": "https://a.example/users/x",
      "object": {"id": "https://a.example/n/1", "type": "Note",
                 "content": "<p>Free AIRDROP now</p>"}}
    expect: [hold, flag("scam")] }
}

rule trusted {
  when actor.host in ["friends.example"]
  then accept
  priority 100
}

rule spam_hosts_rule {
  when actor.host in spam_hosts || exists(m, object.mentions, m.host in spam_hosts)
  then delist, content_warning("spam host")
}

rule links { when size(object.links) > 0 then flag("links") score 3 }
rule tagged { when object.hashtags contains_any ["nsfw"] then mark_sensitive score 3 }
threshold 5 then hold, label("suspicious")
)";

constexpr char kSpamWave[] = R"({
  "id": "https://spam.example/activities/1", "type": "Create",
  "actor": {"id": "https://spam.example/users/bot1", "type": "Person",
            "preferredUsername": "bot1"},
  "object": {"id": "https://spam.example/notes/1", "type": "Note",
    "content": "<p>hi @a @b @c @d @e</p>",
    "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "tag": [
      {"type": "Mention", "href": "https://m.example/users/a", "name": "@a@m.example"},
      {"type": "Mention", "href": "https://m.example/users/b", "name": "@b@m.example"},
      {"type": "Mention", "href": "https://m.example/users/c", "name": "@c@m.example"},
      {"type": "Mention", "href": "https://m.example/users/d", "name": "@d@m.example"},
      {"type": "Mention", "href": "https://m.example/users/e", "name": "@e@m.example"}],
    "attachment": [{"type": "Document", "mediaType": "image/png", "url": "https://spam.example/i.png"}]}
})";

std::vector<SourceFile> Files() {
  return {{"mod/main.rules", kRules},
          {"mod/lists/spam_hosts.txt", "junk.example  # known junk\n"},
          {"mod/fence.csv",
           "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n"
           "evil.example,suspend,false,false,evil,false\n"
           "ok.evil.example,silence,true,false,partly ok,false\n"},
          {"mod/tests/spam_wave.json", kSpamWave}};
}

std::shared_ptr<const CompiledRuleSet> CompileOk(
    const std::vector<SourceFile>& files) {
  CompileOptions opts;
  opts.version = 7;
  opts.test_now = kNow;
  auto result = CompileRuleSet(files, opts);
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->rule_set, nullptr) << result->rendered_diagnostics;
  return result->rule_set;
}

v1::NormalizedActivity Note(const std::string& text, const std::string& actor =
                                "https://x.example/users/a") {
  std::string json = absl::StrCat(
      R"({"id":"https://x.example/1","type":"Create","actor":")", actor,
      R"(","object":{"id":"https://x.example/n/1","type":"Note","content":")",
      text, R"("}})");
  auto a = NormalizeActivity(json);
  EXPECT_TRUE(a.ok()) << a.status();
  return *a;
}

std::vector<v1::ActionType> Types(const v1::Decision& d) {
  std::vector<v1::ActionType> out;
  for (const auto& a : d.actions()) out.push_back(a.type());
  return out;
}

TEST(RuleSetTest, CompilesAndRunsEmbeddedTests) {
  auto set = CompileOk(Files());
  ASSERT_NE(set, nullptr);
  auto results = set->RunEmbeddedTests(kNow);
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_TRUE(r.passed) << r.name << ": " << r.message;
  EXPECT_EQ(set->rule_ids(),
            (std::vector<std::string>{"fence", "trusted", "spam_wave", "scams",
                                      "spam_hosts_rule", "links", "tagged"}));
}

TEST(RuleSetTest, SpamWaveRejectsWithExplanation) {
  auto set = CompileOk(Files());
  auto activity = NormalizeActivity(kSpamWave);
  ASSERT_TRUE(activity.ok());
  activity->mutable_hints()->mutable_actor_created_at()->set_seconds(
      absl::ToUnixSeconds(kNow - absl::Hours(1)));
  v1::Decision d = set->Evaluate(*activity, kNow);
  EXPECT_EQ(Types(d), std::vector<v1::ActionType>{v1::REJECT});
  ASSERT_EQ(d.explanations_size(), 1);
  EXPECT_EQ(d.explanations(0).rule_id(), "spam_wave");
  EXPECT_EQ(d.explanations(0).description(),
            "bot1@spam.example mentioned 5 accounts");
  EXPECT_EQ(d.explanations(0).rule_set_version(), 7);
  EXPECT_EQ(d.rule_set_version(), 7);
  // Unknown account age: the comparison is false, nothing matches.
  activity->mutable_hints()->clear_actor_created_at();
  EXPECT_EQ(Types(set->Evaluate(*activity, kNow)),
            std::vector<v1::ActionType>{v1::ACCEPT});
}

TEST(RuleSetTest, ShadowRulesNeverAct) {
  auto set = CompileOk(Files());
  v1::Decision d = set->Evaluate(Note("Claim   your NFT today"), kNow);
  EXPECT_EQ(Types(d), std::vector<v1::ActionType>{v1::ACCEPT});
  ASSERT_EQ(d.shadow_explanations_size(), 1);
  const auto& e = d.shadow_explanations(0);
  EXPECT_EQ(e.rule_id(), "scams");
  EXPECT_EQ(e.mode(), v1::SHADOW);
  EXPECT_EQ(e.matched_entry(), "/claim\\s+your\\s+(nft|tokens)/");
  EXPECT_EQ(e.field(), "object.text");
  EXPECT_EQ(e.span_start(), 0);
  // The normalised text collapses the run of spaces: "Claim your NFT".
  EXPECT_EQ(e.span_end(), 14);
  ASSERT_EQ(d.shadow_actions_size(), 2);
  EXPECT_EQ(d.shadow_actions(0).type(), v1::HOLD);
  EXPECT_EQ(d.shadow_actions(1).argument(), "scam");
  // A list entry's reason shows up.
  d = set->Evaluate(Note("an AIRDROP!"), kNow);
  EXPECT_EQ(d.shadow_explanations(0).matched_entry(), "airdrop");
  EXPECT_EQ(d.shadow_explanations(0).matched_reason(), "crypto scams");
  EXPECT_EQ(d.shadow_explanations(0).span_start(), 3);
  EXPECT_EQ(d.shadow_explanations(0).span_end(), 10);
}

TEST(RuleSetTest, ExpiredRulesStopMatching) {
  auto set = CompileOk(Files());
  absl::Time later = absl::FromUnixSeconds(1811808000);  // 2027-06-01
  EXPECT_EQ(set->Evaluate(Note("airdrop"), later).shadow_explanations_size(), 0);
  EXPECT_EQ(set->Evaluate(Note("airdrop"), later - absl::Seconds(1))
                .shadow_explanations_size(),
            1);
}

TEST(RuleSetTest, AcceptStopsEvaluation) {
  auto set = CompileOk(Files());
  v1::NormalizedActivity a = Note("x", "https://friends.example/users/a");
  a.mutable_object()->add_links()->set_url("https://x");
  a.mutable_object()->add_hashtags("nsfw");
  v1::Decision d = set->Evaluate(a, kNow);
  EXPECT_EQ(Types(d), std::vector<v1::ActionType>{v1::ACCEPT});
  ASSERT_EQ(d.explanations_size(), 1);
  EXPECT_EQ(d.explanations(0).rule_id(), "trusted");
}

TEST(RuleSetTest, ScoresAndThresholds) {
  auto set = CompileOk(Files());
  v1::NormalizedActivity a = Note("x");
  a.mutable_object()->add_links()->set_url("https://x");
  v1::Decision d = set->Evaluate(a, kNow);
  EXPECT_EQ(d.score(), 3);
  EXPECT_EQ(Types(d), std::vector<v1::ActionType>{v1::FLAG});
  a.mutable_object()->add_hashtags("nsfw");
  d = set->Evaluate(a, kNow);
  EXPECT_EQ(d.score(), 6);
  EXPECT_EQ(Types(d), (std::vector<v1::ActionType>{v1::HOLD, v1::MARK_SENSITIVE,
                                                   v1::FLAG, v1::LABEL}));
  EXPECT_EQ(d.labels(0), "suspicious");
}

TEST(RuleSetTest, ListFileAndSubdomains) {
  auto set = CompileOk(Files());
  v1::Decision d = set->Evaluate(Note("x", "https://a.junk.example/u/1"), kNow);
  EXPECT_EQ(Types(d), (std::vector<v1::ActionType>{v1::DELIST, v1::CONTENT_WARNING}));
  EXPECT_EQ(d.content_warning(), "spam host");
  EXPECT_EQ(d.explanations(0).matched_entry(), "junk.example");
  EXPECT_EQ(d.explanations(0).matched_reason(), "known junk");
}

TEST(RuleSetTest, BlocklistLongestSuffixWins) {
  auto set = CompileOk(Files());
  v1::Decision d = set->Evaluate(Note("x", "https://evil.example/u/1"), kNow);
  EXPECT_EQ(Types(d), std::vector<v1::ActionType>{v1::REJECT});
  EXPECT_EQ(d.explanations(0).matched_reason(), "evil");
  d = set->Evaluate(Note("x", "https://a.ok.evil.example/u/1"), kNow);
  EXPECT_EQ(Types(d), (std::vector<v1::ActionType>{v1::DELIST, v1::STRIP_MEDIA}));
}

TEST(RuleSetTest, RuleHashesTrackChanges) {
  auto a = CompileOk(Files());
  std::vector<SourceFile> files = Files();
  size_t pos = files[0].content.find("score 3 }");
  files[0].content.replace(pos, 9, "score 4 }");
  files[0].content.insert(files[0].content.find("rule scams"), "\n\n");
  auto b = CompileOk(files);
  std::map<std::string, uint64_t> ha, hb;
  for (const auto& r : a->rules()) ha[r.id] = r.source_hash;
  for (const auto& r : b->rules()) hb[r.id] = r.source_hash;
  EXPECT_EQ(ha["scams"], hb["scams"]);
  EXPECT_NE(ha["links"], hb["links"]);
  // Remove one rule, add another.
  size_t tagged = files[0].content.find("rule tagged");
  files[0].content.replace(tagged, 11, "rule tagged2");
  auto c = CompileOk(files);
  RuleSetDiff diff = DiffRuleSets(*a, *c);
  EXPECT_EQ(diff.added, std::vector<std::string>{"tagged2"});
  EXPECT_EQ(diff.removed, std::vector<std::string>{"tagged"});
  EXPECT_EQ(diff.changed, std::vector<std::string>{"links"});
}

TEST(RuleSetTest, FailingEmbeddedTestBlocksLoading) {
  std::vector<SourceFile> files = {{"a.rules", R"(rule r {
  when object.text contains "x"
  then reject
  test "wrong" { activity: {"id": "i", "type": "Create", "actor": "https://a.example/u",
    "object": {"id": "o", "type": "Note", "content": "y"}} expect: reject }
})"}};
  auto result = CompileRuleSet(files, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rule_set, nullptr);
  ASSERT_EQ(result->diagnostics.items().size(), 1u);
  EXPECT_EQ(result->diagnostics.items()[0].ToString(),
            "a.rules:4:8: error: test \"wrong\" of rule 'r' failed: expected "
            "[reject], got [accept]");
}

TEST(RuleSetTest, NaiveAndHyperscanAgree) {
  auto set = CompileOk(Files());
  for (const char* text : {"free eth", "claim your tokens", "nothing", "AIRDROP!"}) {
    v1::Decision fast = set->Evaluate(Note(text), kNow);
    v1::Decision naive = set->EvaluateNaiveForTest(Note(text), kNow);
    EXPECT_EQ(fast.SerializeAsString(), naive.SerializeAsString()) << text;
  }
}

TEST(RuleSetTest, ConcurrentEvaluation) {
  auto set = CompileOk(Files());
  std::vector<std::thread> threads;
  std::atomic<int> holds{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        v1::Decision d = set->Evaluate(Note("free eth"), kNow);
        if (d.shadow_actions_size() == 2) ++holds;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(holds.load(), 800);
}

TEST(ResolvePathTest, Relative) {
  EXPECT_EQ(ResolvePath("rules/a.rules", "lists/x.txt"), "rules/lists/x.txt");
  EXPECT_EQ(ResolvePath("rules/a.rules", "../x.txt"), "x.txt");
  EXPECT_EQ(ResolvePath("a.rules", "./x.txt"), "x.txt");
  EXPECT_EQ(ResolvePath("a/b.rules", "/abs/x"), "/abs/x");
}

}  // namespace
}  // namespace harrier::rules
