// Copyright 2026 The Harrier Authors.
//
// NormalizeActivity on hostile and malformed input: every case names the
// exact status code and the field in the message, and nothing crashes.
#include <string>

#include "absl/status/status.h"
#include "engine/normalize/normalizer.h"
#include "engine/normalize/normalizer_test_util.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

using ::harrier::testing::NormalizeOrDie;
using v1::NormalizedActivity;

void ExpectInvalid(const std::string& json, const std::string& message,
                   const NormalizeOptions& options = {}) {
  const absl::StatusOr<NormalizedActivity> result =
      NormalizeActivity(json, options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << json.substr(0, 100);
  EXPECT_EQ(result.status().message(), message) << json.substr(0, 100);
}

TEST(NormalizeHostileTest, EmptyBody) {
  ExpectInvalid("", "activity_json: empty body");
  ExpectInvalid(" \n\t\r ", "activity_json: empty body");
}

TEST(NormalizeHostileTest, DeepNesting) {
  ExpectInvalid(std::string(10000, '['),
                "activity_json: nesting deeper than max_depth 64");
  std::string closed = std::string(10000, '[') + std::string(10000, ']');
  ExpectInvalid(closed, "activity_json: nesting deeper than max_depth 64");
  std::string objects;
  for (int i = 0; i < 5000; ++i) objects += R"({"a":)";
  ExpectInvalid(objects, "activity_json: nesting deeper than max_depth 64");
}

TEST(NormalizeHostileTest, NestingWithinLimitIsFine) {
  // 60 levels inside a field that is ignored.
  const std::string json =
      R"({"id": "https://a.example/1", "type": "Like", "actor": "https://a.example/u", "x": )" +
      std::string(60, '[') + std::string(60, ']') + "}";
  EXPECT_EQ(NormalizeOrDie(json).type(), "Like");
  NormalizeOptions shallow;
  shallow.max_depth = 8;
  ExpectInvalid(json, "activity_json: nesting deeper than max_depth 8",
                shallow);
}

std::string HugeNote(size_t content_bytes) {
  return R"({"id": "https://a.example/n/1", "type": "Create", "actor": "https://a.example/u",)"
         R"( "object": {"id": "https://a.example/n/1o", "type": "Note", "content": ")" +
         std::string(content_bytes, 'x') + R"("}})";
}

TEST(NormalizeHostileTest, TenMegabyteStringOverLimit) {
  const std::string json = HugeNote(10 << 20);
  ExpectInvalid(json, "activity_json: " + std::to_string(json.size()) +
                          " bytes exceeds max_bytes 1048576");
}

TEST(NormalizeHostileTest, TenMegabyteStringAcceptedWhenAllowed) {
  const std::string json = HugeNote(10 << 20);
  NormalizeOptions options;
  options.max_bytes = 16 << 20;
  const NormalizedActivity got = NormalizeOrDie(json, options);
  EXPECT_EQ(got.object().text().size(), size_t{10} << 20);
  // The thread's small parser still works afterwards.
  EXPECT_EQ(NormalizeOrDie(HugeNote(10)).object().text(), "xxxxxxxxxx");
}

TEST(NormalizeHostileTest, InvalidUtf8) {
  ExpectInvalid("{\"id\": \"https://a.example/\xff\", \"type\": \"Like\"}",
                "activity_json: invalid UTF-8");
  // Overlong encoding and a lone surrogate.
  ExpectInvalid("{\"id\": \"\xC0\xAF\", \"type\": \"Like\"}",
                "activity_json: invalid UTF-8");
  ExpectInvalid("{\"id\": \"\xED\xA0\x80\", \"type\": \"Like\"}",
                "activity_json: invalid UTF-8");
}

TEST(NormalizeHostileTest, TruncatedJson) {
  const std::string full =
      R"({"id": "https://a.example/1", "type": "Like", "actor": "https://a.example/u", "object": "https://b.example/n"})";
  for (size_t length = 1; length < full.size(); ++length) {
    const absl::StatusOr<NormalizedActivity> result =
        NormalizeActivity(full.substr(0, length));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << length;
    EXPECT_EQ(result.status().message().substr(0, 15), "activity_json: ")
        << result.status();
  }
  const absl::StatusOr<NormalizedActivity> result =
      NormalizeActivity(full.substr(0, full.size() - 10));
  EXPECT_EQ(result.status().message().substr(0, 29),
            "activity_json: malformed JSON");
}

TEST(NormalizeHostileTest, NotAnObject) {
  ExpectInvalid("[1, 2]", "activity_json: not a JSON object");
  ExpectInvalid("\"Create\"", "activity_json: not a JSON object");
  ExpectInvalid("42", "activity_json: not a JSON object");
}

TEST(NormalizeHostileTest, DeleteWithoutIdIsKeyedByItsObject) {
  auto activity = NormalizeActivity(
      R"({"type": "Delete", "actor": "https://g.example/users/admin",
          "object": "https://g.example/users/admin/statuses/01F8"})");
  ASSERT_TRUE(activity.ok()) << activity.status();
  EXPECT_EQ(activity->id(), "https://g.example/users/admin/statuses/01F8#delete");
  ExpectInvalid(R"({"type": "Delete", "actor": "https://g.example/users/admin"})",
                "activity_json.id: missing");
}

TEST(NormalizeHostileTest, MissingOrWrongIdAndType) {
  ExpectInvalid(R"({"type": "Like", "actor": "https://a.example/u"})",
                "activity_json.id: missing");
  ExpectInvalid(R"({"id": 7, "type": "Like", "actor": "https://a.example/u"})",
                "activity_json.id: not a non-empty string");
  ExpectInvalid(R"({"id": "", "type": "Like"})",
                "activity_json.id: not a non-empty string");
  ExpectInvalid(R"({"id": "https://a.example/1"})",
                "activity_json.type: missing");
  ExpectInvalid(R"({"id": "https://a.example/1", "type": 3})",
                "activity_json.type: not a string");
  ExpectInvalid(R"({"id": "https://a.example/1", "type": [1, {}]})",
                "activity_json.type: not a string");
  ExpectInvalid(R"({"id": "https://a.example/1", "type": "Thing"})",
                "not an activity: document is a Thing object");
}

TEST(NormalizeHostileTest, WrongTypesEverywhereAreIgnored) {
  // Every field the normaliser reads, with a value of the wrong type.
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://a.example/1", "type": "Create",
    "actor": 5, "published": 12, "to": {"x": 1}, "cc": true, "audience": [],
    "target": 1.5, "content": [], "_misskey_reaction": {}, "tag": "nope",
    "object": {
      "id": ["https://a.example/n"], "type": {"a": 1},
      "attributedTo": 3, "content": {"html": 1}, "contentMap": ["x"],
      "summary": false, "name": 9, "sensitive": "yes", "language": [1],
      "tag": [1, "x", null, {"type": 5}, {"type": "Mention", "href": 3, "name": []},
              {"type": "Hashtag", "name": {}}, {"type": "Emoji", "name": 2, "icon": 3}],
      "attachment": [1, null, {"type": 2, "url": 3, "name": 4, "mediaType": 5}],
      "oneOf": {"name": 5}, "anyOf": 5, "inReplyTo": 4, "quoteUri": [],
      "quote": {"id": 5}, "audience": {}, "published": "yesterday",
      "updated": [], "url": 3, "to": [null, 1, {}], "cc": "as:Public"}
  })json");
  EXPECT_EQ(got.id(), "https://a.example/1");
  EXPECT_EQ(got.type(), "Create");
  EXPECT_FALSE(got.has_actor());
  EXPECT_FALSE(got.has_published());
  EXPECT_EQ(got.object().id(), "");
  EXPECT_EQ(got.object().type(), "");
  EXPECT_EQ(got.object().text(), "");
  EXPECT_FALSE(got.object().sensitive());
  EXPECT_EQ(got.object().mentions_size(), 0);
  EXPECT_EQ(got.object().hashtags_size(), 0);
  EXPECT_EQ(got.object().emojis_size(), 0);
  EXPECT_EQ(got.object().attachments_size(), 1);
  EXPECT_EQ(got.object().attachments(0).url(), "");
  EXPECT_EQ(got.object().poll_options_size(), 0);
  EXPECT_EQ(got.object().visibility(), v1::VISIBILITY_UNLISTED);
  EXPECT_EQ(got.object().recipients_size(), 1);
}

TEST(NormalizeHostileTest, WrongTypesInEveryActivityKind) {
  for (const char* type : {"Create", "Update", "Delete", "Announce", "Like",
                           "Dislike", "EmojiReact", "Follow", "Block", "Move",
                           "Accept", "Reject", "Undo", "Flag", "Lock"}) {
    for (const char* object :
         {"1", "true", "null", "[]", "{}", "[[[]]]", R"({"type": 3})",
          R"({"type": "Create", "id": "https://a.example/i", "object": 1})"}) {
      const std::string json =
          std::string(R"({"id": "https://a.example/1", "type": ")") + type +
          R"(", "actor": [], "object": )" + object +
          R"(, "target": {}, "content": 1})";
      const absl::StatusOr<NormalizedActivity> result = NormalizeActivity(json);
      EXPECT_TRUE(result.ok()) << json << " " << result.status();
      if (result.ok()) {
        // An Announce of an activity is unwrapped to the inner Create.
        const bool unwrapped =
            std::string(type) == "Announce" &&
            std::string(object).find("Create") != std::string::npos;
        EXPECT_EQ(result->type(), unwrapped ? "Create" : type);
      }
    }
  }
}

TEST(NormalizeHostileTest, ManyListEntriesAreBounded) {
  std::string tags;
  for (int i = 0; i < 5000; ++i) {
    if (i > 0) tags += ",";
    tags += R"({"type": "Hashtag", "name": "#t)" + std::to_string(i) + "\"}";
  }
  const NormalizedActivity got = NormalizeOrDie(
      R"({"id": "https://a.example/n", "type": "Note", "tag": [)" + tags +
      "]}");
  EXPECT_EQ(got.object().hashtags_size(), 1000);
}

}  // namespace
}  // namespace harrier
