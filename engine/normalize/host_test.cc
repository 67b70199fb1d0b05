// Copyright 2026 The Harrier Authors.
#include "engine/normalize/host.h"

#include <string>

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(NormalizeHostTest, LowerCasesAsciiHosts) {
  EXPECT_EQ(NormalizeHost("Mastodon.Social"), "mastodon.social");
  EXPECT_EQ(NormalizeHost("https://Mastodon.Social/users/Gargron"),
            "mastodon.social");
}

TEST(NormalizeHostTest, UnicodeAndPunycodeCompareEqual) {
  const std::string unicode = NormalizeHost("https://Bücher.example/@a");
  const std::string puny = NormalizeHost("https://XN--BCHER-KVA.example/@a");
  EXPECT_EQ(unicode, "xn--bcher-kva.example");
  EXPECT_EQ(puny, "xn--bcher-kva.example");
  EXPECT_EQ(NormalizeHost("мастодон.рф"), "xn--80aiwgdbsi.xn--p1ai");
  EXPECT_EQ(NormalizeHost("XN--80AIWGDBSI.xn--p1ai"),
            "xn--80aiwgdbsi.xn--p1ai");
}

TEST(NormalizeHostTest, StripsDefaultPortsOnly) {
  EXPECT_EQ(NormalizeHost("https://example.com:443/x"), "example.com");
  EXPECT_EQ(NormalizeHost("http://example.com:80/x"), "example.com");
  EXPECT_EQ(NormalizeHost("http://localhost:8080/users/admin"),
            "localhost:8080");
  EXPECT_EQ(NormalizeHost("https://example.com:80/x"), "example.com:80");
  EXPECT_EQ(NormalizeHost("example.com:443"), "example.com");
  EXPECT_EQ(NormalizeHost("example.com:3000"), "example.com:3000");
}

TEST(NormalizeHostTest, Handles) {
  EXPECT_EQ(NormalizeHost("@alice@Example.COM"), "example.com");
  EXPECT_EQ(NormalizeHost("alice@example.com"), "example.com");
  EXPECT_EQ(NormalizeHost("acct:alice@example.com"), "example.com");
  EXPECT_EQ(NormalizeHost("https://user:pw@example.com/"), "example.com");
}

TEST(NormalizeHostTest, EdgeCases) {
  EXPECT_EQ(NormalizeHost(""), "");
  EXPECT_EQ(NormalizeHost("https://"), "");
  EXPECT_EQ(NormalizeHost("https:///path"), "");
  EXPECT_EQ(NormalizeHost("example.com."), "example.com");
  EXPECT_EQ(NormalizeHost("http://[::1]:8080/x"), "[::1]:8080");
  EXPECT_EQ(NormalizeHost("http://[::1/x"), "");
  EXPECT_EQ(NormalizeHost("https://example.com:abc/"), "");
  EXPECT_EQ(NormalizeHost("https://Under_Score.example/"),
            "under_score.example");
  EXPECT_EQ(NormalizeHost("https://example.com?q=1"), "example.com");
  EXPECT_EQ(NormalizeHost(std::string(kMaxHostInputBytes + 1, 'a')), "");
  // Invalid UTF-8 in a host never crashes; it yields "".
  EXPECT_EQ(NormalizeHost("https://\xff\xfe.example/"), "");
}

}  // namespace
}  // namespace harrier
