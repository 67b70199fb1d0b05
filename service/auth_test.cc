// Copyright 2026 The Harrier Authors.
#include "service/auth.h"

#include <filesystem>

#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::NewTempDir("auth");
    std::filesystem::create_directories(config_ + "/instances/a.social");
    std::filesystem::create_directories(config_ + "/instances/b.social");
    testing::WriteFile(config_ + "/instances/a.social/tokens",
                       "# a.social's tokens\n" + Authenticator::HashToken("a-admin") +
                           " admin,ingest  # moderators\n" +
                           Authenticator::HashToken("a-read") + " read\n");
    testing::WriteFile(config_ + "/ops-tokens",
                       "b.social " + Authenticator::HashToken("b-ingest") + " ingest\n" +
                           "* " + Authenticator::HashToken("operator") + " admin\n");
  }

  absl::StatusOr<Authenticator> Load() {
    return Authenticator::Load(config_, InstanceRegistry({"a.social", "b.social"}),
                               {config_ + "/ops-tokens"});
  }
  std::string config_;
};

TEST_F(AuthTest, ScopesAndInstances) {
  auto auth = Load();
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ(auth->token_count(), 4u);
  EXPECT_TRUE(auth->CheckToken("a-admin", "a.social", Scope::kAdmin).ok());
  EXPECT_TRUE(auth->CheckToken("a-admin", "a.social", Scope::kRead).ok());  // implied
  EXPECT_TRUE(auth->CheckToken("a-admin", "a.social", Scope::kIngest).ok());
  EXPECT_TRUE(auth->CheckToken("a-read", "a.social", Scope::kRead).ok());
  EXPECT_EQ(auth->CheckToken("a-read", "a.social", Scope::kAdmin).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(auth->CheckToken("a-read", "a.social", Scope::kIngest).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(auth->CheckToken("a-admin", "b.social", Scope::kRead).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(auth->CheckToken("b-ingest", "b.social", Scope::kIngest).ok());
  EXPECT_TRUE(auth->CheckToken("operator", "*", Scope::kAdmin).ok());
  EXPECT_TRUE(auth->CheckToken("operator", "b.social", Scope::kRead).ok());
  EXPECT_EQ(auth->CheckToken("", "a.social", Scope::kRead).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth->CheckToken("guess", "a.social", Scope::kRead).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(Authenticator::Disabled().CheckToken("", "x", Scope::kAdmin).ok());
}

TEST_F(AuthTest, MalformedLinesNameFileAndLine) {
  testing::WriteFile(config_ + "/ops-tokens", "b.social sha256:abc ingest\n");
  auto auth = Load();
  EXPECT_EQ(auth.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(auth.status().message().find("ops-tokens:1: hash must be sha256:"),
            absl::string_view::npos)
      << auth.status();
  testing::WriteFile(config_ + "/ops-tokens",
                     "\nb.social " + Authenticator::HashToken("x") + " write\n");
  auth = Load();
  EXPECT_NE(auth.status().message().find("ops-tokens:2: unknown scope 'write'"),
            absl::string_view::npos)
      << auth.status();
  testing::WriteFile(config_ + "/instances/a.social/tokens",
                     "b.social " + Authenticator::HashToken("x") + " read\n");
  EXPECT_FALSE(Load().ok());
}

TEST_F(AuthTest, NewTokensAreDistinctAndHashed) {
  std::string one = Authenticator::NewToken();
  std::string two = Authenticator::NewToken();
  EXPECT_NE(one, two);
  EXPECT_EQ(one.substr(0, 4), "hrr_");
  EXPECT_EQ(Authenticator::HashToken("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace harrier
