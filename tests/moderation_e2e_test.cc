// Copyright 2026 The Harrier Authors.
//
// End-to-end moderation: rule sets pushed over gRPC decide what the real
// harrierd answers; broken pushes change nothing; shadow rules only count;
// review queue, audit and stats; restarts (SIGTERM and SIGKILL) lose nothing
// acknowledged; hot swap under streaming load never mixes versions.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "engine/testing/temp_dir.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "harrier/v1/feeds.grpc.pb.h"
#include "harrier/v1/ingestion.grpc.pb.h"
#include "harrier/v1/moderation.grpc.pb.h"
#include "tests/server_harness.h"

namespace harrier {
namespace {

using ::harrier::testing::ServerProcess;

constexpr char kRules[] = R"(list spam_words = ["free eth"  # crypto spam
]

rule no_spam "spam from {actor.host}" {
  when object.text contains_any spam_words
  then reject
}

rule scam {
  when object.text contains "airdrop"
  then hold, flag("scam")
}

rule links_watch {
  when size(object.links) > 0
  then delist
  mode shadow
}
)";

std::string Note(const std::string& id, const std::string& html,
                 const std::string& host = "a.example") {
  return absl::StrCat(R"({"id":"https://)", host, "/activities/", id,
                      R"(","type":"Create","actor":"https://)", host,
                      R"(/users/alice","to":["https://www.w3.org/ns/activitystreams#Public"],)",
                      R"("object":{"id":"https://)", host, "/notes/", id,
                      R"(","type":"Note","attributedTo":"https://)", host,
                      R"(/users/alice","content":")", html,
                      R"(","to":["https://www.w3.org/ns/activitystreams#Public"]}})");
}

std::vector<v1::ActionType> Types(const google::protobuf::RepeatedPtrField<v1::Action>& actions) {
  std::vector<v1::ActionType> out;
  for (const v1::Action& action : actions) out.push_back(action.type());
  return out;
}

class ModerationE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_dir_ = harrier::testing::NewTempDir("config");
    std::filesystem::create_directories(config_dir_ + "/instances/a.social");
    std::filesystem::create_directories(config_dir_ + "/instances/b.social");
    data_dir_ = harrier::testing::NewTempDir("data");
    Start();
  }

  void Start() {
    auto server = ServerProcess::Start({.data_dir = data_dir_, .config_dir = config_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ingestion_ = v1::Ingestion::NewStub(server_->channel());
    moderation_ = v1::Moderation::NewStub(server_->channel());
  }

  v1::PutRuleSetResponse Push(const std::string& instance, const std::string& rules) {
    v1::PutRuleSetRequest request;
    request.set_parent("instances/" + instance);
    request.set_author("mod@" + instance);
    v1::RuleFile* file = request.add_files();
    file->set_path("main.rules");
    file->set_content(rules);
    v1::PutRuleSetResponse response;
    grpc::ClientContext context;
    grpc::Status status = moderation_->PutRuleSet(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::IngestResponse Ingest(const std::string& instance, const std::string& json) {
    v1::IngestRequest request;
    request.set_parent("instances/" + instance);
    request.set_activity_json(json);
    v1::IngestResponse response;
    grpc::ClientContext context;
    grpc::Status status = ingestion_->Ingest(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<v1::ReviewItem> Review(const std::string& instance) {
    v1::ListReviewItemsRequest request;
    request.set_parent("instances/" + instance);
    v1::ListReviewItemsResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation_->ListReviewItems(&context, request, &response).ok());
    return {response.items().begin(), response.items().end()};
  }

  std::vector<v1::AuditEntry> Audit(const std::string& instance) {
    v1::ListAuditEntriesRequest request;
    request.set_parent("instances/" + instance);
    v1::ListAuditEntriesResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation_->ListAuditEntries(&context, request, &response).ok());
    return {response.entries().begin(), response.entries().end()};
  }

  grpc::Status GetDecision(const std::string& instance, const std::string& activity_id,
                           v1::Decision* decision) {
    v1::GetDecisionRequest request;
    request.set_parent("instances/" + instance);
    request.set_activity_id(activity_id);
    grpc::ClientContext context;
    return moderation_->GetDecision(&context, request, decision);
  }

  std::string config_dir_;
  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Ingestion::Stub> ingestion_;
  std::unique_ptr<v1::Moderation::Stub> moderation_;
};

TEST_F(ModerationE2ETest, PushedRulesDecideWithExplanations) {
  v1::PutRuleSetResponse put = Push("a.social", kRules);
  ASSERT_TRUE(put.activated()) << put.DebugString();
  EXPECT_EQ(put.rule_set().version(), 1);
  EXPECT_EQ(std::vector<std::string>(put.rule_set().rules_added().begin(),
                                     put.rule_set().rules_added().end()),
            (std::vector<std::string>{"links_watch", "no_spam", "scam"}));

  v1::IngestResponse spam = Ingest("a.social", Note("1", "Get FREE ETH now"));
  EXPECT_EQ(Types(spam.decision().actions()), std::vector<v1::ActionType>{v1::REJECT});
  ASSERT_EQ(spam.decision().explanations_size(), 1);
  const v1::Explanation& why = spam.decision().explanations(0);
  EXPECT_EQ(why.rule_id(), "no_spam");
  EXPECT_EQ(why.rule_set_version(), 1);
  EXPECT_EQ(why.mode(), v1::ENFORCE);
  EXPECT_EQ(why.description(), "spam from a.example");
  EXPECT_EQ(why.matched_entry(), "free eth");
  EXPECT_EQ(why.matched_reason(), "crypto spam");
  EXPECT_EQ(why.field(), "object.text");
  EXPECT_EQ(why.span_start(), 4);
  EXPECT_EQ(why.span_end(), 12);
  EXPECT_EQ(spam.decision().rule_set_version(), 1);

  v1::IngestResponse scam = Ingest("a.social", Note("2", "Airdrop for all"));
  EXPECT_EQ(Types(scam.decision().actions()),
            (std::vector<v1::ActionType>{v1::HOLD, v1::FLAG}));

  // Shadow rules are reported apart and never change the final actions.
  v1::IngestResponse link = Ingest(
      "a.social", Note("3", "<p>see <a href=\\\"https://news.example/x\\\">this</a></p>"));
  EXPECT_EQ(Types(link.decision().actions()), std::vector<v1::ActionType>{v1::ACCEPT});
  EXPECT_EQ(Types(link.decision().shadow_actions()), std::vector<v1::ActionType>{v1::DELIST});
  ASSERT_EQ(link.decision().shadow_explanations_size(), 1);
  EXPECT_EQ(link.decision().shadow_explanations(0).rule_id(), "links_watch");

  // The same activity, another instance without rules: accepted.
  v1::IngestResponse other = Ingest("b.social", Note("1", "Get FREE ETH now"));
  EXPECT_EQ(Types(other.decision().actions()), std::vector<v1::ActionType>{v1::ACCEPT});
  EXPECT_EQ(other.decision().rule_set_version(), 0);

  // Decisions are stored and queryable per instance only.
  v1::Decision stored;
  ASSERT_TRUE(GetDecision("a.social", "https://a.example/activities/2", &stored).ok());
  EXPECT_EQ(Types(stored.actions()), (std::vector<v1::ActionType>{v1::HOLD, v1::FLAG}));
  EXPECT_EQ(GetDecision("b.social", "https://a.example/activities/2", &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  {
    v1::ListDecisionsRequest request;
    request.set_parent("instances/a.social");
    request.set_action(v1::REJECT);
    v1::ListDecisionsResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(moderation_->ListDecisions(&context, request, &response).ok());
    ASSERT_EQ(response.decisions_size(), 1);
    EXPECT_EQ(response.decisions(0).activity_id(), "https://a.example/activities/1");
  }

  // Rule insights count enforce and shadow hits.
  {
    v1::GetRuleStatsRequest request;
    request.set_parent("instances/a.social");
    v1::GetRuleStatsResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(moderation_->GetRuleStats(&context, request, &response).ok());
    std::map<std::string, v1::RuleStats> by_id;
    for (const auto& s : response.rules()) by_id[s.rule_id()] = s;
    EXPECT_EQ(by_id["no_spam"].enforce_hits_total(), 1);
    EXPECT_EQ(by_id["no_spam"].enforce_hits_24h(), 1);
    EXPECT_EQ(by_id["links_watch"].shadow_hits_total(), 1);
    EXPECT_EQ(by_id["links_watch"].enforce_hits_total(), 0);
    ASSERT_EQ(by_id["scam"].recent_activity_ids_size(), 1);
    EXPECT_EQ(by_id["scam"].recent_activity_ids(0), "https://a.example/activities/2");
  }
}

// The decisions of one IngestBatch call are stored as one time-index record
// per write group; listed, each is still its own item, newest first, and a
// page may end inside a group.
TEST_F(ModerationE2ETest, DecisionsOfABatchAreListedOneByOneAcrossPages) {
  ASSERT_TRUE(Push("a.social", kRules).activated());
  v1::IngestBatchRequest request;
  request.set_parent("instances/a.social");
  std::set<std::string> rejected;
  for (int i = 0; i < 25; ++i) {
    const bool spam = i % 5 == 0;
    request.add_activities()->set_activity_json(
        Note(absl::StrCat("batch-", i), spam ? "free eth now" : "hello"));
    if (spam) rejected.insert(absl::StrCat("https://a.example/activities/batch-", i));
  }
  {
    v1::IngestBatchResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(ingestion_->IngestBatch(&context, request, &response).ok());
    ASSERT_EQ(response.results_size(), 25);
  }
  Ingest("a.social", Note("after", "hello"));  // a later group of its own

  auto list = [&](v1::ActionType action) {
    std::vector<v1::Decision> out;
    std::string token;
    for (int pages = 0; pages < 50; ++pages) {
      v1::ListDecisionsRequest list_request;
      list_request.set_parent("instances/a.social");
      list_request.set_page_size(4);
      list_request.set_page_token(token);
      list_request.set_action(action);
      v1::ListDecisionsResponse response;
      grpc::ClientContext context;
      EXPECT_TRUE(moderation_->ListDecisions(&context, list_request, &response).ok());
      EXPECT_LE(response.decisions_size(), 4);
      out.insert(out.end(), response.decisions().begin(), response.decisions().end());
      token = response.next_page_token();
      if (token.empty()) break;
    }
    return out;
  };
  std::vector<v1::Decision> all = list(v1::ACTION_TYPE_UNSPECIFIED);
  ASSERT_EQ(all.size(), 26u);
  EXPECT_EQ(all[0].activity_id(), "https://a.example/activities/after");
  std::set<std::string> ids;
  for (size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i].activity_id());
    EXPECT_EQ(all[i].name(), "instances/a.social/decisions/" + all[i].activity_id());
    // Newest first; an activity that had to wait for a later group of its
    // call (a lock another thread held) may follow by that group's delay.
    if (i > 0) {
      EXPECT_LE(all[i].decide_time().seconds(), all[i - 1].decide_time().seconds() + 1);
    }
  }
  EXPECT_EQ(ids.size(), 26u);
  std::set<std::string> listed_rejected;
  for (const v1::Decision& decision : list(v1::REJECT)) {
    listed_rejected.insert(decision.activity_id());
  }
  EXPECT_EQ(listed_rejected, rejected);
}

TEST_F(ModerationE2ETest, BrokenPushKeepsTheOldSetDeciding) {
  ASSERT_TRUE(Push("a.social", kRules).activated());
  v1::PutRuleSetResponse broken = Push("a.social", "rule bad {\n  when object.txt == 1\n  then reject\n}\n");
  EXPECT_FALSE(broken.activated());
  ASSERT_GE(broken.diagnostics_size(), 1);
  EXPECT_EQ(broken.diagnostics(0).file(), "main.rules");
  EXPECT_EQ(broken.diagnostics(0).line(), 2);
  EXPECT_EQ(broken.diagnostics(0).column(), 8);
  EXPECT_NE(broken.diagnostics(0).message().find("did you mean"), std::string::npos)
      << broken.diagnostics(0).message();

  // A set whose embedded test fails does not load either.
  v1::PutRuleSetResponse failing = Push("a.social", R"(rule t {
  when object.text contains "x"
  then reject
  test "wrong expectation" {
    activity: {"id": "https://t/1", "type": "Create", "actor": "https://t/u",
               "object": {"id": "https://t/n", "type": "Note", "content": "x"}}
    expect: accept
  }
})");
  EXPECT_FALSE(failing.activated());

  v1::IngestResponse spam = Ingest("a.social", Note("9", "free eth"));
  EXPECT_EQ(Types(spam.decision().actions()), std::vector<v1::ActionType>{v1::REJECT});
  EXPECT_EQ(spam.decision().rule_set_version(), 1);
}

TEST_F(ModerationE2ETest, ReviewApprovalShowsHeldObjectAndIsAudited) {
  ASSERT_TRUE(Push("a.social", kRules).activated());
  Ingest("a.social", Note("2", "Airdrop for all"));
  std::vector<v1::ReviewItem> items = Review("a.social");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].reason(), v1::ReviewItem::HELD);
  EXPECT_EQ(items[1].reason(), v1::ReviewItem::FLAGGED);
  EXPECT_EQ(items[1].categories(0), "scam");
  EXPECT_TRUE(Review("b.social").empty());

  auto object_hidden = [&]() {
    v1::GetObjectRequest request;
    request.set_parent("instances/a.social");
    request.set_object_id("https://a.example/notes/2");
    v1::StoredObject object;
    grpc::ClientContext context;
    EXPECT_TRUE(ingestion_->GetObject(&context, request, &object).ok());
    return object.hidden();
  };
  EXPECT_TRUE(object_hidden());

  v1::ResolveReviewItemRequest resolve;
  resolve.set_name(items[0].name());
  resolve.set_resolution(v1::ReviewItem::APPROVED);
  resolve.set_note("not a scam");
  resolve.set_moderator("mod1");
  v1::ReviewItem resolved;
  grpc::ClientContext context;
  ASSERT_TRUE(moderation_->ResolveReviewItem(&context, resolve, &resolved).ok());
  EXPECT_EQ(resolved.state(), v1::ReviewItem::APPROVED);
  EXPECT_FALSE(object_hidden());

  std::vector<v1::AuditEntry> audit = Audit("a.social");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action(), "review.resolve");
  EXPECT_EQ(audit[0].actor(), "mod1");
  EXPECT_EQ(audit[1].action(), "ruleset.put");
  EXPECT_EQ(audit[1].actor(), "mod@a.social");
  EXPECT_TRUE(Audit("b.social").empty());

  // An incoming report becomes a review item with its reporter.
  Ingest("a.social", R"({"id":"https://r.example/flags/1","type":"Flag",
    "actor":"https://r.example/actor","content":"harassment",
    "object":["https://a.example/users/alice","https://a.example/notes/2"]})");
  items = Review("a.social");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2].reason(), v1::ReviewItem::REPORT);
  EXPECT_EQ(items[2].reporter(), "https://r.example/actor");
  EXPECT_EQ(items[2].comment(), "harassment");
  EXPECT_EQ(items[2].reported_ids_size(), 2);
}

TEST_F(ModerationE2ETest, EverythingSurvivesSigtermAndSigkill) {
  ASSERT_TRUE(Push("a.social", kRules).activated());
  Ingest("a.social", Note("1", "free eth"));
  Ingest("a.social", Note("2", "airdrop"));
  for (int signal : {SIGTERM, SIGKILL}) {
    server_->Stop(signal);
    Start();
    v1::GetRuleSetRequest get;
    get.set_name("instances/a.social/ruleSet");
    v1::RuleSet rule_set;
    grpc::ClientContext context;
    ASSERT_TRUE(moderation_->GetRuleSet(&context, get, &rule_set).ok()) << signal;
    EXPECT_EQ(rule_set.version(), 1);
    EXPECT_EQ(rule_set.files(0).content(), kRules);
    v1::Decision decision;
    ASSERT_TRUE(GetDecision("a.social", "https://a.example/activities/1", &decision).ok());
    EXPECT_EQ(Types(decision.actions()), std::vector<v1::ActionType>{v1::REJECT});
    EXPECT_EQ(Review("a.social").size(), 2u) << signal;
    EXPECT_EQ(Audit("a.social").size(), 1u) << signal;
    // The restored rule set still decides.
    v1::IngestResponse again = Ingest("a.social", Note(absl::StrCat("s", signal), "free eth"));
    EXPECT_EQ(Types(again.decision().actions()), std::vector<v1::ActionType>{v1::REJECT});
  }
}

// Rule and feed files under --config_dir are imported once, not again at
// every start (the stored digest must mean the same in the next process),
// and an edited file becomes the version after the stored one.
TEST_F(ModerationE2ETest, ConfigFilesImportOnceAndAgainOnlyWhenEdited) {
  auto write = [&](const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << content;
  };
  const std::string instance_dir = config_dir_ + "/instances/a.social";
  write(instance_dir + "/rules/main.rules", kRules);
  write(instance_dir + "/rules/extra/more.rules",
        "rule extra { when object.text contains \"zzq\" then flag(\"x\") }\n");
  write(instance_dir + "/feeds/main.feeds",
        "feed local \"Local\" {\n  include actor.host == \"a.example\"\n  rank hot()\n}\n");
  auto rule_set = [&] {
    v1::GetRuleSetRequest get;
    get.set_name("instances/a.social/ruleSet");
    v1::RuleSet got;
    grpc::ClientContext context;
    EXPECT_TRUE(moderation_->GetRuleSet(&context, get, &got).ok());
    return got;
  };
  auto feed_version = [&] {
    auto feeds = v1::Feeds::NewStub(server_->channel());
    v1::GetFeedConfigRequest get;
    get.set_name("instances/a.social/feeds/local");
    v1::FeedConfig config;
    grpc::ClientContext context;
    grpc::Status status = feeds->GetFeedConfig(&context, get, &config);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return config.version();
  };
  for (int start = 0; start < 3; ++start) {
    ASSERT_EQ(server_->Stop(SIGTERM), 0);
    ASSERT_NO_FATAL_FAILURE(Start()) << "start " << start;
    EXPECT_EQ(rule_set().version(), 1) << "start " << start;
    EXPECT_EQ(feed_version(), 1) << "start " << start;
  }
  const size_t audited = Audit("a.social").size();
  EXPECT_EQ(Types(Ingest("a.social", Note("1", "free eth")).decision().actions()),
            std::vector<v1::ActionType>{v1::REJECT});

  write(instance_dir + "/rules/main.rules", "rule only_zzz { when object.text contains \"zzz\" then reject }\n");
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  ASSERT_NO_FATAL_FAILURE(Start());
  EXPECT_EQ(rule_set().version(), 2);
  EXPECT_EQ(feed_version(), 1);
  EXPECT_EQ(Audit("a.social").size(), audited + 1);
  EXPECT_EQ(Types(Ingest("a.social", Note("2", "free eth")).decision().actions()),
            std::vector<v1::ActionType>{v1::ACCEPT});
}

TEST_F(ModerationE2ETest, HotSwapUnderStreamingLoadNeverMixesVersions) {
  auto rules_for = [](int n) {
    return absl::StrCat("rule tag { when true then label(\"v", n, "\") }\n");
  };
  ASSERT_TRUE(Push("a.social", rules_for(1)).activated());
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, responses{0}, inconsistent{0}, regressions{0};
  std::thread streamer([&] {
    grpc::ClientContext context;
    auto stream = ingestion_->IngestStream(&context);
    std::thread reader([&] {
      v1::IngestResponse response;
      int64_t last_version = 0;
      while (stream->Read(&response)) {
        ++responses;
        if (response.has_error()) {
          ++failures;
          continue;
        }
        const v1::Decision& d = response.decision();
        if (d.labels_size() != 1 || d.labels(0) != absl::StrCat("v", d.rule_set_version())) {
          ++inconsistent;
        }
        if (d.rule_set_version() < last_version) ++regressions;
        last_version = d.rule_set_version();
      }
    });
    for (int i = 0; !done.load() || i < 200; ++i) {
      v1::IngestRequest request;
      request.set_parent("instances/a.social");
      request.set_activity_json(Note(absl::StrCat("load", i), "hello"));
      request.set_sequence(i);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
    reader.join();
    EXPECT_TRUE(stream->Finish().ok());
  });
  for (int n = 2; n <= 101; ++n) {
    v1::PutRuleSetResponse put = Push("a.social", rules_for(n));
    ASSERT_TRUE(put.activated());
    EXPECT_EQ(put.rule_set().version(), n);
  }
  done = true;
  streamer.join();
  EXPECT_GT(responses.load(), 200);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_EQ(regressions.load(), 0);
}

}  // namespace
}  // namespace harrier
