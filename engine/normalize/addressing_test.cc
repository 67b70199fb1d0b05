// Copyright 2026 The Harrier Authors.
#include "engine/normalize/addressing.h"

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(IsPublicCollectionTest, ThreeSpellings) {
  EXPECT_TRUE(
      IsPublicCollection("https://www.w3.org/ns/activitystreams#Public"));
  EXPECT_TRUE(IsPublicCollection("as:Public"));
  EXPECT_TRUE(IsPublicCollection("Public"));
  EXPECT_FALSE(IsPublicCollection("public"));
  EXPECT_FALSE(IsPublicCollection("https://a.example/Public"));
}

TEST(LooksLikeCommunityUrlTest, LemmyAndMbin) {
  EXPECT_TRUE(LooksLikeCommunityUrl("https://lemmy.example/c/cooking"));
  EXPECT_TRUE(LooksLikeCommunityUrl("https://kbin.example/m/tech/"));
  EXPECT_FALSE(
      LooksLikeCommunityUrl("https://lemmy.example/c/cooking/followers"));
  EXPECT_FALSE(LooksLikeCommunityUrl("https://lemmy.example/u/alice"));
  EXPECT_FALSE(LooksLikeCommunityUrl("https://lemmy.example/c/"));
  EXPECT_FALSE(LooksLikeCommunityUrl("/c/x"));
}

TEST(CommunityFromAudienceTest, SkipsPublicAndFollowers) {
  simdjson::dom::parser parser;
  json::Element root;
  const std::string_view doc =
      R"(["https://l/c/x", "as:Public", "https://a/u/x/followers"])";
  ASSERT_EQ(parser.parse(doc.data(), doc.size()).get(root), simdjson::SUCCESS);
  simdjson::dom::array array;
  ASSERT_EQ(root.get_array().get(array), simdjson::SUCCESS);
  std::vector<std::string> got;
  for (json::Element e : array) got.emplace_back(CommunityFromAudience(e));
  EXPECT_EQ(got, (std::vector<std::string>{"https://l/c/x", "", ""}));
}

class FillAddressingTest : public ::testing::Test {
 protected:
  v1::Object Fill(std::string_view json, std::string_view followers = "") {
    json::Element root;
    EXPECT_EQ(parser_.parse(json.data(), json.size()).get(root),
              simdjson::SUCCESS);
    v1::Object object;
    FillAddressing(root, followers, &object);
    return object;
  }
  simdjson::dom::parser parser_;
};

TEST_F(FillAddressingTest, Visibilities) {
  EXPECT_EQ(Fill(R"({"to": "as:Public"})").visibility(), v1::VISIBILITY_PUBLIC);
  EXPECT_EQ(Fill(R"({"to": [], "cc": ["Public"]})").visibility(),
            v1::VISIBILITY_UNLISTED);
  EXPECT_EQ(Fill(R"({"to": ["https://a/u/x/followers"]})").visibility(),
            v1::VISIBILITY_FOLLOWERS);
  EXPECT_EQ(Fill(R"({"to": ["https://a/u/x/fans"]})", "https://a/u/x/fans")
                .visibility(),
            v1::VISIBILITY_FOLLOWERS);
  EXPECT_EQ(Fill(R"({"to": ["https://a/u/y/followers"]})", "https://a/u/x/fans")
                .visibility(),
            v1::VISIBILITY_DIRECT);
  EXPECT_EQ(Fill(R"({"to": [{"id": "https://b/u/y", "type": "Person"}]})")
                .visibility(),
            v1::VISIBILITY_DIRECT);
  EXPECT_EQ(Fill(R"({})").visibility(), v1::VISIBILITY_UNSPECIFIED);
}

TEST_F(FillAddressingTest, RecipientsInOrderAndCommunity) {
  const v1::Object object = Fill(
      R"({"to": ["https://l/c/food", "as:Public"], "cc": {"id": "https://b/u/y"}})");
  ASSERT_EQ(object.recipients_size(), 3);
  EXPECT_EQ(object.recipients(0), "https://l/c/food");
  EXPECT_EQ(object.recipients(1), "as:Public");
  EXPECT_EQ(object.recipients(2), "https://b/u/y");
  EXPECT_EQ(object.community(), "https://l/c/food");
  EXPECT_EQ(
      Fill(R"({"to": [{"id": "https://g/x", "type": "Group"}]})").community(),
      "https://g/x");
}

}  // namespace
}  // namespace harrier
