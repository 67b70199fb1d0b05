// Copyright 2026 The Harrier Authors.
#include "rules/lists/lists.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

TEST(ListFileTest, EntriesAndReasons) {
  Diagnostics diags;
  auto entries = ParseListFile("l.txt",
                               "# header\n"
                               "spam.example  # known spam\n"
                               "\n"
                               "/claim\\s+now/ # scam\n"
                               "plain\n",
                               diags);
  ASSERT_FALSE(diags.has_errors());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].text, "spam.example");
  EXPECT_EQ(entries[0].reason, "known spam");
  EXPECT_EQ(entries[0].line, 2);
  EXPECT_TRUE(entries[1].regex);
  EXPECT_EQ(entries[1].text, "claim\\s+now");
  EXPECT_EQ(entries[1].reason, "scam");
  EXPECT_EQ(entries[2].reason, "");
}

TEST(ListIndexTest, DomainSemantics) {
  std::vector<ListEntry> entries = {{"bad.example", false, "", 1, 1},
                                    {"*.wild.example", false, "", 2, 1},
                                    {"deep.bad.example", false, "", 3, 1}};
  ListIndex index(entries);
  EXPECT_EQ(index.MatchDomain("bad.example"), 0);
  EXPECT_EQ(index.MatchDomain("BAD.example."), 0);
  EXPECT_EQ(index.MatchDomain("x.bad.example"), 0);
  EXPECT_EQ(index.MatchDomain("a.deep.bad.example"), 2);  // longest suffix
  EXPECT_EQ(index.MatchDomain("notbad.example"), -1);
  EXPECT_EQ(index.MatchDomain("wild.example"), -1);
  EXPECT_EQ(index.MatchDomain("a.wild.example"), 1);
}

TEST(ListIndexTest, Strings) {
  std::vector<ListEntry> entries = {{"NSFW", false, "", 1, 1},
                                    {"bot[0-9]+", true, "", 2, 1}};
  ListIndex index(entries);
  EXPECT_EQ(index.MatchString("nsfw"), 0);
  EXPECT_EQ(index.MatchString("bot42"), 1);
  EXPECT_EQ(index.MatchString("bot42x"), -1);
}

}  // namespace
}  // namespace harrier::rules
