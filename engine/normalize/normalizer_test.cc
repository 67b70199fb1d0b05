// Copyright 2026 The Harrier Authors.
//
// Behaviour of NormalizeActivity for each activity type and each visibility,
// on hand-written documents shaped like real servers' (testdata/ and inline):
// Create, quotes, visibility, Update, Delete. Boosts, likes, relationships,
// Undo, reports and bare objects: normalizer_interactions_test.cc.
// Every test compares the whole normalised message, so every field is
// asserted (an unexpected field fails the test).
#include "engine/normalize/normalizer.h"

#include <string>

#include "absl/status/status.h"
#include "engine/normalize/normalizer_test_util.h"
#include "gtest/gtest.h"

// The JSON inputs and expected text protos are laid out by hand, to read
// side by side.
// clang-format off
namespace harrier {
namespace {

using ::harrier::testing::ExpectProtoEq;
using ::harrier::testing::NormalizeOrDie;
using ::harrier::testing::ParseTextProto;
using ::harrier::testing::ReadTestdata;
using v1::NormalizedActivity;

void ExpectNormalizesTo(const std::string& json, const std::string& expected) {
  ExpectProtoEq(NormalizeOrDie(json),
                ParseTextProto<NormalizedActivity>(expected));
}

TEST(NormalizeCreateTest, MastodonNoteEveryField) {
  ExpectNormalizesTo(ReadTestdata("create_note_public.json"), R"pb(
    id: "https://Social.Example/users/alice/statuses/1/activity"
    type: "Create"
    actor { id: "https://Social.Example/users/alice" host: "social.example" }
    published { seconds: 1741064767 }
    object {
      id: "https://social.example/users/alice/statuses/1"
      type: "Note"
      author { id: "https://social.example/users/alice" host: "social.example" }
      text: "Hi @bob look :blobcat: #Caturday\n\nRead this"
      summary: "CW: cats & dogs"
      sensitive: true
      language: "en-gb"
      hashtags: "caturday"
      mentions {
        actor_id: "https://other.example/users/bob"
        host: "other.example"
        name: "@bob@other.example"
      }
      emojis {
        shortcode: ":blobcat:"
        icon_url: "https://files.example/emoji/blobcat.png"
      }
      links { url: "https://news.example:443/a?b=1&c=2" host: "news.example" }
      attachments {
        type: "Document"
        media_type: "image/png"
        url: "https://files.example/a.png"
        alt_text: "A cat on a mat"
      }
      attachments {
        type: "Video"
        media_type: "video/mp4"
        url: "https://files.example/b.mp4"
        sensitive: true
      }
      in_reply_to: "https://other.example/notes/9"
      quote_of: "https://third.example/notes/5"
      published { seconds: 1741064767 nanos: 250000000 }
      updated { seconds: 1741064400 }
      visibility: VISIBILITY_PUBLIC
      url: "https://social.example/@alice/1"
      recipients: "https://www.w3.org/ns/activitystreams#Public"
      recipients: "https://social.example/users/alice/followers"
      recipients: "https://other.example/users/bob"
    }
  )pb");
}

TEST(NormalizeCreateTest, QuestionPollWithEmbeddedActorAndContentMap) {
  ExpectNormalizesTo(R"json({
    "id": "https://poll.example/q/1/activity", "type": "Create",
    "actor": {"id": "https://poll.example/u/pat", "type": "Person",
              "preferredUsername": "pat",
              "followers": "https://poll.example/u/pat/fans"},
    "object": {
      "id": "https://poll.example/q/1", "type": "Question",
      "contentMap": {"DE": "<p>Kaffee oder Tee?</p>"},
      "anyOf": [{"type": "Note", "name": "Kaffee"}, {"type": "Note", "name": "Tee"}, {"type": "Note"}],
      "to": "https://poll.example/u/pat/fans",
      "url": [{"type": "Link", "mediaType": "text/html", "href": "https://poll.example/@pat/q1"}]
    }
  })json", R"pb(
    id: "https://poll.example/q/1/activity"
    type: "Create"
    actor {
      id: "https://poll.example/u/pat"
      host: "poll.example"
      handle: "pat@poll.example"
      type: "Person"
    }
    object {
      id: "https://poll.example/q/1"
      type: "Question"
      author {
        id: "https://poll.example/u/pat"
        host: "poll.example"
        handle: "pat@poll.example"
        type: "Person"
      }
      text: "Kaffee oder Tee?"
      language: "de"
      poll_options: "Kaffee"
      poll_options: "Tee"
      visibility: VISIBILITY_FOLLOWERS
      url: "https://poll.example/@pat/q1"
      recipients: "https://poll.example/u/pat/fans"
    }
  )pb");
}

TEST(NormalizeCreateTest, TextFallsBackToNameForNonNotes) {
  ExpectNormalizesTo(R"json({
    "id": "https://v.example/a/1", "type": "Create", "actor": "https://v.example/c/x",
    "object": {"id": "https://v.example/videos/1", "type": "Video",
               "name": "My &amp; video", "oneOf": "wrong type",
               "attributedTo": [{"type": "Group", "id": "https://v.example/c/x"},
                                {"type": "Person", "id": "https://v.example/a/me"}],
               "language": "FR",
               "attachment": {"type": "Link", "href": "https://v.example/f.mp4", "mediaType": "video/mp4"},
               "cc": "Public"}
  })json", R"pb(
    id: "https://v.example/a/1"
    type: "Create"
    actor { id: "https://v.example/c/x" host: "v.example" }
    object {
      id: "https://v.example/videos/1"
      type: "Video"
      author { id: "https://v.example/a/me" host: "v.example" type: "Person" }
      text: "My & video"
      name: "My &amp; video"
      language: "fr"
      attachments {
        type: "Link"
        media_type: "video/mp4"
        url: "https://v.example/f.mp4"
      }
      visibility: VISIBILITY_UNLISTED
      recipients: "Public"
    }
  )pb");
}

TEST(NormalizeCreateTest, NoteWithoutContentHasNoText) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://a.example/n/1", "type": "Note", "name": "not used for Notes",
    "attributedTo": "https://a.example/u/x"})json");
  EXPECT_EQ(got.object().text(), "");
  EXPECT_EQ(got.object().name(), "not used for Notes");
}

TEST(NormalizeQuoteTest, EveryQuoteSpelling) {
  for (const char* key :
       {"quote", "quoteUri", "quoteUrl", "quoteURL", "_misskey_quote"}) {
    const std::string json =
        std::string(R"({"id": "https://a.example/n/1", "type": "Note", ")") +
        key + R"(": "https://b.example/n/2"})";
    EXPECT_EQ(NormalizeOrDie(json).object().quote_of(), "https://b.example/n/2")
        << key;
  }
  // FEP-e232 object link, as Threads and Mitra send it.
  EXPECT_EQ(NormalizeOrDie(R"json({
      "id": "https://a.example/n/1", "type": "Note",
      "tag": [{"type": "Link", "href": "https://b.example/n/3",
               "mediaType": "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""}]
    })json").object().quote_of(),
            "https://b.example/n/3");
  EXPECT_EQ(NormalizeOrDie(R"json({
      "id": "https://a.example/n/1", "type": "Note",
      "tag": {"type": "Link", "href": "https://b.example/n/4", "mediaType": "application/activity+json"}
    })json").object().quote_of(),
            "https://b.example/n/4");
}

// --- Visibility ---

struct VisibilityCase {
  const char* addressing;
  v1::Visibility expected;
};

TEST(NormalizeVisibilityTest, EveryRule) {
  const VisibilityCase cases[] = {
      {R"("to": ["https://www.w3.org/ns/activitystreams#Public"])",
       v1::VISIBILITY_PUBLIC},
      {R"("to": "as:Public")", v1::VISIBILITY_PUBLIC},
      {R"("to": ["Public"], "cc": [])", v1::VISIBILITY_PUBLIC},
      {R"("to": ["https://a.example/u/x/followers"], "cc": ["as:Public"])",
       v1::VISIBILITY_UNLISTED},
      {R"("to": ["https://a.example/u/x/followers"], "cc": ["https://b.example/u/y"])",
       v1::VISIBILITY_FOLLOWERS},
      {R"("to": ["https://b.example/u/y"], "cc": [])", v1::VISIBILITY_DIRECT},
      {R"("to": [], "cc": [])", v1::VISIBILITY_UNSPECIFIED},
      {R"("to": 5, "cc": {"no": "id"})", v1::VISIBILITY_UNSPECIFIED},
  };
  for (const VisibilityCase& c : cases) {
    const std::string json =
        std::string(R"({"id": "https://a.example/n/1", "type": "Create",)"
                    R"( "actor": "https://a.example/u/x", "object": )"
                    R"({"id": "https://a.example/n/1o", "type": "Note", )") +
        c.addressing + "}}";
    EXPECT_EQ(NormalizeOrDie(json).object().visibility(), c.expected)
        << c.addressing;
  }
}

TEST(NormalizeVisibilityTest, KnownFollowersUrlIsExact) {
  // The actor's own followers URL is known: a "/followers" suffix elsewhere
  // does not count.
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://a.example/n/1", "type": "Create",
    "actor": {"id": "https://a.example/u/x", "followers": "https://a.example/u/x/fans"},
    "object": {"id": "https://a.example/n/1o", "type": "Note",
               "to": ["https://b.example/u/y/followers"]}})json");
  EXPECT_EQ(got.object().visibility(), v1::VISIBILITY_DIRECT);
}

TEST(NormalizeVisibilityTest, ActivityAddressingWhenObjectHasNone) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://a.example/n/1", "type": "Create", "actor": "https://a.example/u/x",
    "cc": ["https://www.w3.org/ns/activitystreams#Public"],
    "object": {"id": "https://a.example/n/1o", "type": "Note"}})json");
  EXPECT_EQ(got.object().visibility(), v1::VISIBILITY_UNLISTED);
  EXPECT_EQ(got.object().recipients_size(), 1);
}

// --- Update / Delete ---

TEST(NormalizeUpdateTest, NoteEditIgnoresFormerRepresentations) {
  ExpectNormalizesTo(R"json({
    "id": "https://ak.example/activities/u1", "type": "Update",
    "actor": "https://ak.example/users/kim",
    "object": {"id": "https://ak.example/objects/1", "type": "Note",
               "content": "edited", "updated": "2024-06-01T12:00:00Z",
               "formerRepresentations": {"type": "OrderedCollection", "orderedItems": [
                   {"type": "Note", "content": "original"}]},
               "to": ["https://www.w3.org/ns/activitystreams#Public"]}
  })json", R"pb(
    id: "https://ak.example/activities/u1"
    type: "Update"
    actor { id: "https://ak.example/users/kim" host: "ak.example" }
    object {
      id: "https://ak.example/objects/1"
      type: "Note"
      author { id: "https://ak.example/users/kim" host: "ak.example" }
      text: "edited"
      updated { seconds: 1717243200 }
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

TEST(NormalizeUpdateTest, ServiceProfileFillsActor) {
  ExpectNormalizesTo(ReadTestdata("update_service_profile.json"), R"pb(
    id: "https://bots.example/users/newsbot#updates/1"
    type: "Update"
    actor {
      id: "https://bots.example/users/newsbot"
      host: "bots.example"
      handle: "newsbot@bots.example"
      type: "Service"
      bot: true
    }
    object {
      id: "https://bots.example/users/newsbot"
      type: "Service"
      author {
        id: "https://bots.example/users/newsbot"
        host: "bots.example"
        handle: "newsbot@bots.example"
        type: "Service"
        bot: true
      }
      text: "I post news"
      name: "News Bot"
      url: "https://bots.example/@newsbot"
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

TEST(NormalizeDeleteTest, BareIdIsTombstone) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/d/1", "type": "Delete", "actor": "https://a.example/u/x",
    "object": "https://a.example/n/1", "to": ["as:Public"]})json", R"pb(
    id: "https://a.example/d/1"
    type: "Delete"
    actor { id: "https://a.example/u/x" host: "a.example" }
    object {
      id: "https://a.example/n/1"
      type: "Tombstone"
      visibility: VISIBILITY_PUBLIC
      recipients: "as:Public"
    }
  )pb");
}

TEST(NormalizeDeleteTest, EmbeddedTombstone) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/d/2", "type": "Delete", "actor": "https://a.example/u/x",
    "object": {"id": "https://a.example/n/2", "type": "Tombstone", "atomUri": "x"},
    "to": ["https://www.w3.org/ns/activitystreams#Public"]})json", R"pb(
    id: "https://a.example/d/2"
    type: "Delete"
    actor { id: "https://a.example/u/x" host: "a.example" }
    object {
      id: "https://a.example/n/2"
      type: "Tombstone"
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

TEST(NormalizeDeleteTest, WholeActor) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/u/x#delete", "type": "Delete", "actor": "https://a.example/u/x",
    "object": {"id": "https://a.example/u/x", "type": "Person", "preferredUsername": "x"},
    "to": ["https://www.w3.org/ns/activitystreams#Public"]})json", R"pb(
    id: "https://a.example/u/x#delete"
    type: "Delete"
    actor {
      id: "https://a.example/u/x"
      host: "a.example"
      handle: "x@a.example"
      type: "Person"
    }
    object {
      id: "https://a.example/u/x"
      type: "Person"
      author {
        id: "https://a.example/u/x"
        host: "a.example"
        handle: "x@a.example"
        type: "Person"
      }
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

// --- Announce ---

}  // namespace
}  // namespace harrier
