// Copyright 2026 The Harrier Authors.
#include "engine/ranking/page_token.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(PageTokenTest, RoundTrips) {
  PageToken token;
  token.snapshot_id = 0x0123456789abcdefull;
  token.generation = 7;
  token.last_score = -2.75;
  token.last_object_id = "https://a.example/notes/1";
  token.position = 40;
  token.window_authors = {{AuthorHash("alice"), 2}, {AuthorHash("bob"), 1}};
  const uint64_t fp = FeedFingerprint("a.example", "art");
  std::string text = EncodePageToken(token, fp);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos);  // URL-safe.
  absl::StatusOr<PageToken> decoded = DecodePageToken(text, fp);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->snapshot_id, token.snapshot_id);
  EXPECT_EQ(decoded->generation, 7u);
  EXPECT_EQ(decoded->last_score, -2.75);
  EXPECT_EQ(decoded->last_object_id, token.last_object_id);
  EXPECT_EQ(decoded->position, 40u);
  EXPECT_EQ(decoded->window_authors, token.window_authors);
}

TEST(PageTokenTest, RejectsGarbageWithInvalidArgument) {
  const uint64_t fp = FeedFingerprint("a", "f");
  PageToken token;
  token.last_object_id = "x";
  const std::string good = EncodePageToken(token, fp);
  for (const std::string& bad :
       {std::string("!!!"), std::string("AAAA"), std::string(""), good.substr(0, good.size() - 2),
        std::string(kMaxPageTokenLength + 1, 'A')}) {
    absl::Status status = DecodePageToken(bad, fp).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.message().substr(0, 12), "page_token: ") << status;
  }
  // A flipped bit fails the checksum.
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(good, &raw));
  raw[3] ^= 1;
  EXPECT_EQ(DecodePageToken(absl::WebSafeBase64Escape(raw), fp).status().message(),
            "page_token: corrupt page token");
  // Another feed's token.
  EXPECT_EQ(DecodePageToken(good, FeedFingerprint("a", "g")).status().message(),
            "page_token: token is for another feed");
}

}  // namespace
}  // namespace harrier::ranking
