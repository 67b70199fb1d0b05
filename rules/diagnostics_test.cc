// Copyright 2026 The Harrier Authors.
//
// One test per kind of mistake a moderator can make: each asserts the exact
// "file:line:col: error: message".
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/rule_set.h"

namespace harrier::rules {
namespace {

struct Case {
  const char* name;
  const char* source;
  std::vector<std::string> expected;
};

std::vector<std::string> Diagnose(const std::string& source,
                                  CompileOptions opts = {}) {
  std::vector<SourceFile> files = {
      {"a.rules", source},
      {"words.txt", "ok\n/(bad/  # broken\n"},
      {"t.json", R"({"id":"i","type":"Create","actor":"https://a.example/u"})"}};
  auto result = CompileRuleSet(files, opts);
  EXPECT_TRUE(result.ok());
  std::vector<std::string> out;
  for (const Diagnostic& d : result->diagnostics.items()) {
    out.push_back(d.ToString());
  }
  return out;
}

const Case kCases[] = {
    {"unknown_field", "rule r {\n  when actor.hots == \"x\"\n  then reject\n}",
     {"a.rules:2:8: error: unknown field 'actor.hots' (did you mean 'actor.host'?)"}},
    {"type_mismatch", "rule r { when actor.bot && 3 then reject }",
     {"a.rules:1:25: error: '&&' expects bool operands, got bool and int"}},
    {"bad_regex", "rule r { when object.text matches /(a/ then reject }",
     {"a.rules:1:35: error: bad regex /(a/: missing ): (a"}},
    {"bad_regex_in_list_file", "list w from \"words.txt\"\nrule r { when object.text contains_any w then reject }",
     {"words.txt:2:1: error: bad regex /(bad/: missing ): (bad"}},
    {"unknown_list",
     "list scam_words = [\"x\"]\nrule r { when object.text contains_any scam_wrds then reject }",
     {"a.rules:2:40: error: unknown name 'scam_wrds' (did you mean 'scam_words'?)"}},
    {"duplicate_rule_id",
     "rule r { when true then reject }\nrule r { when true then hold }",
     {"a.rules:2:6: error: duplicate rule id 'r' (first defined at a.rules:1:6)"}},
    {"bad_duration", "rule r { when actor.age < duration(\"24x\") then reject }",
     {"a.rules:1:36: error: bad duration \"24x\" (expected e.g. 30s, 15m, 24h, 7d)"}},
    {"bad_duration_unit", "rule r { when actor.age < 24x then reject }",
     {"a.rules:1:27: error: bad duration unit 'x' (use ms, s, m, h, d or w)"}},
    {"unterminated_string", "rule r { when object.text contains \"abc then reject }",
     {"a.rules:1:36: error: unterminated string literal", "a.rules:1:8: error: unterminated block: '{' of rule 'r' is never closed"}},
    {"unknown_action", "rule r { when true then rejct }",
     {"a.rules:1:25: error: unknown action 'rejct' (did you mean 'reject'?)"}},
    {"bad_action_argument", "rule r { when true then downrank(2) }",
     {"a.rules:1:34: error: downrank factor must be in (0, 1], got 2"}},
    {"missing_action_argument", "rule r { when true then flag }",
     {"a.rules:1:25: error: action 'flag' needs a string argument, e.g. flag(\"spam\")"}},
    {"missing_when", "rule r {\n  then reject\n}",
     {"a.rules:1:6: error: rule 'r' has no 'when' clause"}},
    {"missing_then", "rule r {\n  when true\n}",
     {"a.rules:1:6: error: rule 'r' has no 'then' clause (or 'score')"}},
    {"bad_expires_date", "rule r { when true then reject expires 2027-13-45 }",
     {"a.rules:1:40: error: bad date '2027-13-45' in 'expires' (expected YYYY-MM-DD or RFC 3339)"}},
    {"unknown_mode", "rule r { when true then reject mode shadw }",
     {"a.rules:1:37: error: unknown mode 'shadw' (expected enforce, shadow or off)"}},
    {"unexpected_token", "rule r { when true then reject }\n}",
     {"a.rules:2:1: error: unexpected '}', expected 'rule', 'list', 'import' or 'threshold'"}},
    {"unterminated_block", "rule r {\n  when true\n  then reject\n",
     {"a.rules:1:8: error: unterminated block: '{' of rule 'r' is never closed"}},
    {"list_file_not_found", "list w from \"nope.txt\"",
     {"a.rules:1:13: error: list file 'nope.txt' not found"}},
    {"bad_threshold", "threshold 0 then hold",
     {"a.rules:1:1: error: threshold score must be positive, got 0"}},
    {"size_of_non_list", "rule r { when size(object.text) > 3 then reject }",
     {"a.rules:1:15: error: size() expects a list, got string"}},
    {"string_vs_int", "rule r { when object.text == 3 then reject }",
     {"a.rules:1:27: error: cannot compare string with int using '=='"}},
    {"unknown_expectation",
     "rule r { when true then reject\n  test \"t\" { activity: \"t.json\" expect: explode } }",
     {"a.rules:2:41: error: unknown action 'explode' in expectation"}},
    {"unknown_function", "rule r { when lenght(object.mentions) > 3 then reject }",
     {"a.rules:1:15: error: unknown function 'lenght'"}},
    {"unknown_blocklist_format", "import blocklist \"b.csv\" format csv as b",
     {"a.rules:1:18: error: unknown blocklist format 'csv' (expected mastodon, oliphant, gotosocial or plain)"}},
    {"blocklist_not_found", "import blocklist \"b.csv\" as b",
     {"a.rules:1:18: error: blocklist file 'b.csv' not found"}},
    {"test_activity_not_found",
     "rule r { when true then reject\n  test \"t\" { activity: \"none.json\" expect: reject } }",
     {"a.rules:2:24: error: test activity file 'none.json' not found"}},
    {"unknown_test_field",
     "rule r { when true then reject\n  test \"t\" { activity: \"t.json\" expekt: reject } }",
     {"a.rules:2:33: error: unknown test field 'expekt' (expected activity, expect, expect_rules, actor_age, followers, following, posts, followed_locally, local or now)"}},
    {"unknown_rule_in_expect_rules",
     "rule r { when true then reject\n  test \"t\" { activity: \"t.json\" expect_rules: [rr] } }",
     {"a.rules:2:48: error: unknown rule 'rr' in expect_rules (did you mean 'r'?)"}},
    {"when_not_bool", "rule r { when object.text then reject }",
     {"a.rules:1:15: error: 'when' must be a bool expression, got string"}},
    {"contains_needs_literal", "rule r { when object.text contains object.name then reject }",
     {"a.rules:1:36: error: right side of 'contains' must be a string literal"}},
    {"duplicate_list", "list a = [\"x\"]\nlist a = [\"y\"]",
     {"a.rules:2:1: error: duplicate list 'a' (first defined at a.rules:1:1)"}},
    {"action_without_argument_given_one", "rule r { when true then reject(\"x\") }",
     {"a.rules:1:32: error: action 'reject' takes no argument"}},
    {"unknown_element_field",
     "rule r { when exists(m, object.mentions, m.hots == \"x\") then reject }",
     {"a.rules:1:42: error: unknown field 'hots' of mention 'm' (did you mean 'host'?)"}},
    {"template_unknown_field", "rule r \"hi {actor.hots}\" { when true then hold }",
     {"a.rules:1:13: error: unknown field 'actor.hots' (did you mean 'actor.host'?)"}},
    {"template_unterminated", "rule r \"hi {actor.host\" { when true then hold }",
     {"a.rules:1:12: error: unterminated '{' in description template"}},
};

TEST(DiagnosticsTest, EachMistake) {
  EXPECT_GE(std::size(kCases), 20u);
  for (const Case& c : kCases) {
    EXPECT_EQ(Diagnose(c.source), c.expected) << c.name;
  }
}

TEST(DiagnosticsTest, Limits) {
  CompileOptions opts;
  opts.max_rules = 1;
  EXPECT_EQ(Diagnose("rule a { when true then hold }\nrule b { when true then hold }", opts),
            std::vector<std::string>{
                "a.rules: error: rule set has 2 rules, over the limit of 1"});
  opts = {};
  opts.max_patterns = 2;
  EXPECT_EQ(Diagnose("rule a { when object.text contains_any [\"x\", \"y\", \"z\"] then hold }", opts),
            std::vector<std::string>{
                "a.rules: error: rule set has 3 patterns, over the limit of 2"});
  opts = {};
  opts.max_file_bytes = 10;
  EXPECT_EQ(Diagnose("rule a { when true then hold }", opts),
            std::vector<std::string>{
                "a.rules:1:1: error: file is 30 bytes, over the limit of 10 bytes"});
  opts = {};
  opts.max_list_entries = 1;
  EXPECT_EQ(Diagnose("list l = [\"a\", \"b\"]", opts),
            std::vector<std::string>{
                "a.rules:1:1: error: list 'l' has 2 entries, over the limit of 1"});
  std::string deep = "rule a { when " + std::string(80, '!') + "true then hold }";
  EXPECT_EQ(Diagnose(deep),
            std::vector<std::string>{
                "a.rules:1:79: error: expression nests deeper than the limit of 64"});
}

TEST(DiagnosticsTest, RenderedWithSourceLineAndCaret) {
  auto result = CompileRuleSet(
      {{"a.rules", "rule r {\n  when actor.hots == \"x\"\n  then reject\n}"}}, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rendered_diagnostics,
            "a.rules:2:8: error: unknown field 'actor.hots' (did you mean "
            "'actor.host'?)\n"
            "    when actor.hots == \"x\"\n"
            "         ^\n");
}

}  // namespace
}  // namespace harrier::rules
