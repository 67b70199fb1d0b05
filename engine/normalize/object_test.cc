// Copyright 2026 The Harrier Authors.
//
// Unit tests of FillObject/FillTags on single fields; whole-activity
// behaviour is in normalizer_test.cc.
#include "engine/normalize/object.h"

#include <simdjson.h>

#include <string_view>

#include "gtest/gtest.h"

namespace harrier {
namespace {

class FillObjectTest : public ::testing::Test {
 protected:
  v1::Object Fill(std::string_view json) {
    json::Element root;
    EXPECT_EQ(parser_.parse(json.data(), json.size()).get(root),
              simdjson::SUCCESS);
    v1::Object object;
    FillObject(root, ObjectContext(), &object);
    return object;
  }
  simdjson::dom::parser parser_;
};

TEST_F(FillObjectTest, AttachmentUrlShapes) {
  const v1::Object object = Fill(R"({"attachment": [
      "https://f/bare.png",
      {"type": "Image", "url": "https://f/a.png"},
      {"type": "Image", "url": {"type": "Link", "href": "https://f/b.png"}},
      {"type": "Video", "url": [{"type": "Link", "href": "https://f/c.mp4"}, "https://f/d.mp4"]},
      {"type": "Link", "href": "https://f/e"}]})");
  ASSERT_EQ(object.attachments_size(), 5);
  EXPECT_EQ(object.attachments(0).url(), "https://f/bare.png");
  EXPECT_EQ(object.attachments(1).url(), "https://f/a.png");
  EXPECT_EQ(object.attachments(2).url(), "https://f/b.png");
  EXPECT_EQ(object.attachments(3).url(), "https://f/c.mp4");
  EXPECT_EQ(object.attachments(4).url(), "https://f/e");
}

TEST_F(FillObjectTest, PrimaryUrlPrefersHtmlAndSkipsId) {
  EXPECT_EQ(Fill(R"({"id": "https://a/1", "url": [
      {"type": "Link", "mediaType": "video/mp4", "href": "https://a/1.mp4"},
      {"type": "Link", "mediaType": "text/html", "href": "https://a/w/1"}]})")
                .url(),
            "https://a/w/1");
  EXPECT_EQ(Fill(R"({"id": "https://a/1", "url": "https://a/1"})").url(), "");
}

TEST_F(FillObjectTest, LanguageSources) {
  EXPECT_EQ(Fill(R"({"contentMap": {"pt-BR": "<p>oi</p>"}})").language(),
            "pt-br");
  EXPECT_EQ(Fill(R"({"contentMap": {"pt-BR": "<p>oi</p>"}})").text(), "oi");
  EXPECT_EQ(Fill(R"({"language": "EN"})").language(), "en");
  EXPECT_EQ(Fill(R"({"language": {"identifier": "ja", "name": "Japanese"}})")
                .language(),
            "ja");
}

TEST_F(FillObjectTest, HashtagsFoldedAndUnique) {
  const v1::Object object = Fill(R"({"tag": [
      {"type": "Hashtag", "name": "#Straße"}, {"type": "Hashtag", "name": "STRASSE"},
      {"type": "Hashtag", "name": "#"}, {"type": "Hashtag", "name": "#Fedi"}]})");
  ASSERT_EQ(object.hashtags_size(), 2);
  EXPECT_EQ(object.hashtags(0), "strasse");
  EXPECT_EQ(object.hashtags(1), "fedi");
}

TEST_F(FillObjectTest, AuthorHandleFromSelfMention) {
  const v1::Object object = Fill(R"({"attributedTo": "https://a.example/u/me",
      "tag": {"type": "Mention", "href": "https://a.example/u/me", "name": "@me@a.example"}})");
  EXPECT_EQ(object.author().handle(), "me@a.example");
}

TEST_F(FillObjectTest, InReplyToShapes) {
  EXPECT_EQ(Fill(R"({"inReplyTo": "https://a/1"})").in_reply_to(),
            "https://a/1");
  EXPECT_EQ(Fill(R"({"inReplyTo": {"id": "https://a/2"}})").in_reply_to(),
            "https://a/2");
  EXPECT_EQ(Fill(R"({"inReplyTo": ["https://a/3"]})").in_reply_to(),
            "https://a/3");
}

}  // namespace
}  // namespace harrier
