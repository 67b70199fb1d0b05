// Copyright 2026 The Harrier Authors.
#include "engine/normalize/actor.h"

#include <simdjson.h>

#include <string_view>

#include "gtest/gtest.h"

namespace harrier {
namespace {

class FillActorTest : public ::testing::Test {
 protected:
  v1::Actor Fill(std::string_view json) {
    json::Element root;
    EXPECT_EQ(parser_.parse(json.data(), json.size()).get(root),
              simdjson::SUCCESS);
    v1::Actor actor;
    FillActor(root, &actor);
    return actor;
  }
  simdjson::dom::parser parser_;
};

TEST_F(FillActorTest, BareId) {
  const v1::Actor actor = Fill(R"("https://Bücher.example/users/a")");
  EXPECT_EQ(actor.id(), "https://Bücher.example/users/a");
  EXPECT_EQ(actor.host(), "xn--bcher-kva.example");
  EXPECT_EQ(actor.handle(), "");
  EXPECT_EQ(actor.type(), "");
  EXPECT_FALSE(actor.bot());
}

TEST_F(FillActorTest, EmbeddedServiceIsBot) {
  const v1::Actor actor = Fill(
      R"({"id": "https://a.example/u/bot", "type": "Service", "preferredUsername": "bot"})");
  EXPECT_EQ(actor.host(), "a.example");
  EXPECT_EQ(actor.handle(), "bot@a.example");
  EXPECT_EQ(actor.type(), "Service");
  EXPECT_TRUE(actor.bot());
}

TEST_F(FillActorTest, ArrayPrefersNonGroup) {
  const v1::Actor actor = Fill(
      R"([{"id": "https://p.example/c/chan", "type": "Group"}, {"id": "https://p.example/a/me", "type": "Person"}])");
  EXPECT_EQ(actor.id(), "https://p.example/a/me");
  EXPECT_EQ(actor.type(), "Person");
  EXPECT_EQ(
      Fill(R"([{"id": "https://p.example/c/chan", "type": "Group"}])").id(),
      "https://p.example/c/chan");
}

TEST_F(FillActorTest, WrongTypesLeaveItEmpty) {
  EXPECT_EQ(Fill("5").id(), "");
  EXPECT_EQ(Fill("[]").id(), "");
  EXPECT_EQ(Fill(R"({"type": "Person"})").id(), "");
}

}  // namespace
}  // namespace harrier
