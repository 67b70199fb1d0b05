// Copyright 2026 The Harrier Authors.
#include "rules/eval/evaluator.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rules/compiler/compiler.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/parser.h"

namespace harrier::rules {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1798761600);  // 2027-01-01

std::unique_ptr<Program> Build(std::string_view src) {
  Diagnostics diags;
  auto tokens = Lex("e.rules", src, {}, diags);
  std::vector<FileAst> files;
  files.push_back(*Parse("e.rules", *tokens, {}, diags));
  auto checked = Check(files, {}, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  auto p = Compile(std::move(files), std::move(*checked), {}, diags);
  EXPECT_TRUE(p.ok() && *p != nullptr);
  return std::move(*p);
}

v1::NormalizedActivity Activity() {
  v1::NormalizedActivity a;
  a.set_id("https://x.example/a/1");
  a.set_type("Create");
  a.mutable_actor()->set_id("https://x.example/users/al");
  a.mutable_actor()->set_host("x.example");
  a.mutable_actor()->set_handle("al@x.example");
  a.mutable_object()->set_id("https://obj.example/n/1");
  a.mutable_object()->set_text("hello world");
  a.mutable_object()->add_hashtags("cats");
  a.mutable_object()->set_visibility(v1::VISIBILITY_UNLISTED);
  for (const char* host : {"a.example", "b.bad.example"}) {
    v1::Mention* m = a.mutable_object()->add_mentions();
    m->set_host(host);
    m->set_actor_id(absl::StrCat("https://", host, "/u"));
  }
  return a;
}

// Rule ids that match, one rule per line of `rules`.
std::vector<std::string> Matching(std::string_view rules,
                                  const v1::NormalizedActivity& a = Activity()) {
  auto p = Build(rules);
  EvalScratch scratch(*p);
  v1::Decision d = Evaluate(*p, a, kNow, {}, scratch);
  std::vector<std::string> ids;
  for (const auto& e : d.explanations()) ids.push_back(e.rule_id());
  return ids;
}

using V = std::vector<std::string>;

TEST(EvaluatorTest, FieldsAndOperators) {
  EXPECT_EQ(Matching(R"(
rule t1 { when activity.type == "Create" && object.visibility == "unlisted" then hold }
rule t2 { when object.host == "obj.example" then hold }
rule t3 { when size(object.mentions) * 2 + 1 == 5 then hold }
rule t4 { when 7 / 2 == 3 && 7.0 / 2 == 3.5 then hold }
rule t5 { when -size(object.mentions) < -1 then hold }
rule t6 { when 1d + 12h == 36h then hold }
rule t7 { when "cats" in object.hashtags && !("dogs" in object.hashtags) then hold }
rule t8 { when activity.type in ["create", "Update"] then hold }
rule nope { when activity.type != "Create" || object.sensitive then hold }
rule unpublished { when object.published < 2030-01-01 then hold }
)"),
            (V{"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"}));
}

TEST(EvaluatorTest, ComprehensionsAndDomains) {
  EXPECT_EQ(Matching(R"(
list bad = ["bad.example"]
rule ex { when exists(m, object.mentions, m.host in bad) then hold }
rule al { when all(m, object.mentions, m.host in ["example"]) then hold }
rule lit { when exists(m, object.mentions, m.host in ["a.example"]) then hold }
rule none { when all(m, object.mentions, m.host in bad) then hold }
rule nested { when exists(m, object.mentions, exists(n, object.mentions, m.host == n.host && m.actor_id != n.actor_id)) then hold }
)"),
            (V{"ex", "al", "lit"}));
}

TEST(EvaluatorTest, UnknownValuesCompareFalse) {
  EXPECT_EQ(Matching(R"(
rule young { when actor.age < 24h then hold }
rule old { when actor.age >= 24h then hold }
rule not_young { when !(actor.age < 24h) then hold }
rule no_followers { when actor.followers == 0 then hold }
rule not_followed { when !actor.followed_locally then hold }
)"),
            (V{"not_young", "not_followed"}));
  v1::NormalizedActivity a = Activity();
  a.mutable_hints()->mutable_actor_created_at()->set_seconds(
      absl::ToUnixSeconds(kNow - absl::Hours(1)));
  a.mutable_hints()->set_actor_followers(0);
  EXPECT_EQ(Matching(R"(
rule young { when actor.age < 24h then hold }
rule no_followers { when actor.followers == 0 then hold }
)", a),
            (V{"young", "no_followers"}));
}

TEST(EvaluatorTest, ModesOrderAndAccept) {
  auto p = Build(R"(
rule off_rule { when true then reject mode off }
rule later { when true then flag("x") }
rule allow { when actor.host in ["x.example"] then accept priority 10 }
rule shadow_rule { when true then hold mode shadow }
threshold 1 then hold
rule scored { when true score 5 }
)");
  EvalScratch scratch(*p);
  v1::Decision d = Evaluate(*p, Activity(), kNow, {}, scratch);
  ASSERT_EQ(d.actions_size(), 1);
  EXPECT_EQ(d.actions(0).type(), v1::ACCEPT);
  ASSERT_EQ(d.explanations_size(), 1);
  EXPECT_EQ(d.explanations(0).rule_id(), "allow");
  EXPECT_EQ(d.score(), 0);  // later rules and thresholds do not run
  ASSERT_EQ(d.shadow_explanations_size(), 1);
  EXPECT_EQ(d.shadow_actions(0).type(), v1::HOLD);
  EXPECT_EQ(d.decide_time().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(d.activity_id(), "https://x.example/a/1");
  EXPECT_EQ(d.actor_host(), "x.example");
}

// Rules keyed on `actor.host == "..."` are visited only for that host
// (Program::rules_by_host), still in rule order among the others.
TEST(EvaluatorTest, HostRulesMatchOnlyTheirHostInRuleOrder) {
  constexpr std::string_view kRules = R"(
rule first { when true then flag("a") }
rule here { when size(object.mentions) > 1 && actor.host == "x.example" then flag("b") }
rule flipped { when "x.example" == actor.host then flag("c") }
rule other_host { when actor.host == "y.example" && true then flag("d") }
rule either { when actor.host == "y.example" || true then flag("e") }
rule not_host { when !(actor.host == "y.example") then flag("f") }
rule word { when object.text contains "hello" && actor.host == "x.example" then flag("g") }
rule last { when true then flag("h") }
)";
  auto program = Build(kRules);
  EXPECT_EQ(program->rules_always.size(), 4u);  // first, either, not_host, last
  EXPECT_EQ(program->rules_by_host.size(), 2u);
  EXPECT_EQ(program->rules_by_host.at("x.example").size(), 2u);  // here, flipped
  EXPECT_EQ(Matching(kRules), (V{"first", "here", "flipped", "either", "not_host", "word", "last"}));
  v1::NormalizedActivity a = Activity();
  a.mutable_actor()->set_host("y.example");
  EXPECT_EQ(Matching(kRules, a), (V{"first", "other_host", "either", "last"}));
  a.mutable_actor()->set_host("X.example");  // equality is exact
  EXPECT_EQ(Matching(kRules, a), (V{"first", "either", "not_host", "last"}));
  // An accepting host rule still stops later enforcing rules.
  EXPECT_EQ(Matching(R"(
rule allow { when actor.host == "x.example" then accept priority 5 }
rule later { when true then flag("x") }
)"),
            (V{"allow"}));
}

TEST(EvaluatorTest, DescriptionTemplates) {
  auto p = Build(R"(
rule d "{actor.handle}: {size(object.mentions)} mentions, {object.sensitive}, age {actor.age}" {
  when true then hold }
)");
  EvalScratch scratch(*p);
  v1::Decision d = Evaluate(*p, Activity(), kNow, {}, scratch);
  EXPECT_EQ(d.explanations(0).description(),
            "al@x.example: 2 mentions, false, age unknown");
  v1::NormalizedActivity a = Activity();
  a.mutable_hints()->mutable_actor_created_at()->set_seconds(
      absl::ToUnixSeconds(kNow - absl::Hours(25)));
  d = Evaluate(*p, a, kNow, {}, scratch);
  EXPECT_EQ(d.explanations(0).description(),
            "al@x.example: 2 mentions, false, age 25h");
}

}  // namespace
}  // namespace harrier::rules
