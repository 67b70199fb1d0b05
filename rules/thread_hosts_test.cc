// Copyright 2026 The Harrier Authors.
//
// object.in_reply_to_host and object.quote_of_host: domain policies that
// also apply to the thread a post replies to or quotes (Akkoma's
// handle_threads), with subdomain semantics like actor.host.
#include "engine/normalize/normalizer.h"
#include "gtest/gtest.h"
#include "rules/rule_set.h"

namespace harrier::rules {
namespace {

constexpr char kRules[] = R"(list blocked = ["bad.example"]
rule thread_block {
  when actor.host in blocked || object.in_reply_to_host in blocked
       || object.quote_of_host in blocked
  then reject
}
)";

v1::ActionType Decide(const std::string& json) {
  auto compiled = CompileRuleSet({{"t.rules", kRules}}, {});
  EXPECT_TRUE(compiled.ok() && compiled->rule_set != nullptr) << compiled->rendered_diagnostics;
  auto activity = NormalizeActivity(json);
  EXPECT_TRUE(activity.ok()) << activity.status();
  return compiled->rule_set->Evaluate(*activity, absl::Now()).actions(0).type();
}

TEST(ThreadHostsTest, RepliesAndQuotesIntoABlockedDomainAreRejected) {
  EXPECT_EQ(Decide(R"({"id":"https://ok.example/1","type":"Create","actor":"https://ok.example/u",
    "object":{"id":"https://ok.example/n/1","type":"Note","content":"hi",
      "inReplyTo":"https://sub.bad.example/notes/9"}})"),
            v1::REJECT);
  EXPECT_EQ(Decide(R"({"id":"https://ok.example/2","type":"Create","actor":"https://ok.example/u",
    "object":{"id":"https://ok.example/n/2","type":"Note","content":"look",
      "quoteUrl":"https://bad.example/notes/3"}})"),
            v1::REJECT);
  EXPECT_EQ(Decide(R"({"id":"https://ok.example/3","type":"Create","actor":"https://ok.example/u",
    "object":{"id":"https://ok.example/n/3","type":"Note","content":"fine",
      "inReplyTo":"https://notbad.example/notes/9"}})"),
            v1::ACCEPT);
}

}  // namespace
}  // namespace harrier::rules
