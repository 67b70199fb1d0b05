// Copyright 2026 The Harrier Authors.
#include "service/json_log.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(JsonLogTest, QuotesControlCharactersAndQuotes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(JsonLogTest, LineHasLevelMessageAndFields) {
  std::string line = FormatJsonLog("info", "started", {{"listen", "127.0.0.1:1"}});
  EXPECT_EQ(line.front(), '{');
  EXPECT_EQ(line.back(), '}');
  EXPECT_NE(line.find("\"level\":\"info\""), std::string::npos);
  EXPECT_NE(line.find("\"msg\":\"started\""), std::string::npos);
  EXPECT_NE(line.find("\"listen\":\"127.0.0.1:1\""), std::string::npos);
}

}  // namespace
}  // namespace harrier
