// Copyright 2026 The Harrier Authors.
//
// Behaviour of NormalizeActivity for activities about other activities and
// actors: boosts and Lemmy's wrapped activities, likes and reactions,
// follows/blocks/moves, Accept/Reject/Undo, reports, unknown types and bare
// objects. (Create, Update, Delete and visibility: normalizer_test.cc.)
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

void ExpectInvalid(const std::string& json, const std::string& message) {
  const absl::StatusOr<NormalizedActivity> result = NormalizeActivity(json);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), message);
}

TEST(NormalizeAnnounceTest, PlainBoostByReference) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/u/x/statuses/2/activity", "type": "Announce",
    "actor": "https://a.example/u/x", "published": "2025-01-01T00:00:00Z",
    "object": "https://b.example/n/1",
    "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "cc": ["https://b.example/u/y", "https://a.example/u/x/followers"]})json",
                     R"pb(
    id: "https://a.example/u/x/statuses/2/activity"
    type: "Announce"
    actor { id: "https://a.example/u/x" host: "a.example" }
    published { seconds: 1735689600 }
    object {
      id: "https://b.example/n/1"
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
      recipients: "https://b.example/u/y"
      recipients: "https://a.example/u/x/followers"
    }
  )pb");
}

TEST(NormalizeAnnounceTest, BoostWithEmbeddedNoteKeepsItsAuthor) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://a.example/boost/1", "type": "Announce", "actor": "https://a.example/u/x",
    "to": ["https://a.example/u/x/followers"],
    "object": {"id": "https://b.example/n/1", "type": "Note", "content": "hi",
               "attributedTo": "https://b.example/u/y",
               "to": ["https://www.w3.org/ns/activitystreams#Public"]}})json");
  EXPECT_EQ(got.type(), "Announce");
  EXPECT_EQ(got.object().id(), "https://b.example/n/1");
  EXPECT_EQ(got.object().author().id(), "https://b.example/u/y");
  EXPECT_EQ(got.object().text(), "hi");
  EXPECT_EQ(got.object().visibility(), v1::VISIBILITY_PUBLIC);
  EXPECT_EQ(got.announced_by(), "");
}

TEST(NormalizeAnnounceTest, LemmyCommunityAnnounceIsUnwrapped) {
  ExpectNormalizesTo(ReadTestdata("announce_lemmy_create_page.json"), R"pb(
    id: "https://feddit.example/activities/create/2"
    type: "Create"
    actor { id: "https://feddit.example/u/chef" host: "feddit.example" }
    announced_by: "https://lemmy.example/activities/announce/create/1"
    published { seconds: 1735689600 }
    object {
      id: "https://feddit.example/post/3"
      type: "Page"
      author { id: "https://feddit.example/u/chef" host: "feddit.example" }
      text: "Best bread recipe"
      name: "Best bread recipe"
      language: "en"
      community: "https://lemmy.example/c/cooking"
      published { seconds: 1735689600 }
      visibility: VISIBILITY_PUBLIC
      url: "https://blog.example/bread"
      recipients: "https://lemmy.example/c/cooking"
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

TEST(NormalizeAnnounceTest, WrappedVoteTakesCommunityFromAnnouncer) {
  ExpectNormalizesTo(R"json({
    "id": "https://lemmy.example/activities/announce/like/1", "type": "Announce",
    "actor": "https://lemmy.example/c/cooking",
    "published": "2025-01-01T00:00:01Z",
    "object": {"id": "https://feddit.example/activities/dislike/9", "type": "Dislike",
               "actor": "https://feddit.example/u/grump",
               "object": "https://lemmy.example/post/5"}})json",
                     R"pb(
    id: "https://feddit.example/activities/dislike/9"
    type: "Dislike"
    actor { id: "https://feddit.example/u/grump" host: "feddit.example" }
    announced_by: "https://lemmy.example/activities/announce/like/1"
    published { seconds: 1735689601 }
    object {
      id: "https://lemmy.example/post/5"
      community: "https://lemmy.example/c/cooking"
    }
  )pb");
}

TEST(NormalizeAnnounceTest, CommunityAnnouncingAPageIsAnImplicitCreate) {
  ExpectNormalizesTo(R"json({
    "id": "https://lemmy.example/activities/announce/page/1", "type": "Announce",
    "actor": "https://lemmy.example/c/cooking",
    "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "object": {"id": "https://feddit.example/post/3", "type": "Page",
               "attributedTo": "https://feddit.example/u/chef", "name": "Bread",
               "to": ["https://lemmy.example/c/cooking", "as:Public"]}})json",
                     R"pb(
    id: "https://feddit.example/post/3"
    type: "Create"
    actor { id: "https://feddit.example/u/chef" host: "feddit.example" }
    announced_by: "https://lemmy.example/activities/announce/page/1"
    object {
      id: "https://feddit.example/post/3"
      type: "Page"
      author { id: "https://feddit.example/u/chef" host: "feddit.example" }
      text: "Bread"
      name: "Bread"
      community: "https://lemmy.example/c/cooking"
      visibility: VISIBILITY_PUBLIC
      recipients: "https://lemmy.example/c/cooking"
      recipients: "as:Public"
    }
  )pb");
}

TEST(NormalizeAnnounceTest, WrappedActivityWithoutIdIsRejected) {
  ExpectInvalid(R"json({"id": "https://l.example/a/1", "type": "Announce",
      "actor": "https://l.example/c/x",
      "object": {"type": "Like", "object": "https://l.example/post/1"}})json",
                "activity_json.object.id: missing");
}

TEST(NormalizeAnnounceTest, UnwrapsOnlyOnce) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://l.example/a/1", "type": "Announce", "actor": "https://l.example/c/x",
    "object": {"id": "https://l.example/a/2", "type": "Announce", "actor": "https://l.example/c/y",
               "object": {"id": "https://l.example/a/3", "type": "Like",
                          "object": "https://l.example/p/1"}}})json");
  EXPECT_EQ(got.type(), "Announce");
  EXPECT_EQ(got.id(), "https://l.example/a/2");
  EXPECT_EQ(got.announced_by(), "https://l.example/a/1");
  EXPECT_EQ(got.object().id(), "https://l.example/a/3");
  EXPECT_EQ(got.object().type(), "Like");
}

// --- Reactions ---

TEST(NormalizeLikeTest, PlainLike) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/u/x#likes/1", "type": "Like",
    "actor": "https://a.example/u/x", "object": "https://b.example/n/1"})json",
                     R"pb(
    id: "https://a.example/u/x#likes/1"
    type: "Like"
    actor { id: "https://a.example/u/x" host: "a.example" }
    object { id: "https://b.example/n/1" }
  )pb");
}

TEST(NormalizeLikeTest, MisskeyReactionWithCustomEmoji) {
  ExpectNormalizesTo(R"json({
    "id": "https://mk.example/likes/1", "type": "Like", "actor": "https://mk.example/users/9",
    "object": {"id": "https://b.example/n/1", "type": "Note"},
    "content": ":party:", "_misskey_reaction": ":party@.:",
    "tag": [{"type": "Emoji", "name": "party", "icon": "https://mk.example/e/party.png"}]})json",
                     R"pb(
    id: "https://mk.example/likes/1"
    type: "Like"
    actor { id: "https://mk.example/users/9" host: "mk.example" }
    reaction: ":party@.:"
    object {
      id: "https://b.example/n/1"
      type: "Note"
      emojis { shortcode: ":party:" icon_url: "https://mk.example/e/party.png" }
    }
  )pb");
}

TEST(NormalizeLikeTest, LemmyDislike) {
  ExpectNormalizesTo(R"json({
    "id": "https://l.example/activities/dislike/1", "type": "Dislike",
    "actor": "https://l.example/u/a", "object": "https://l.example/post/1",
    "audience": "https://l.example/c/x"})json",
                     R"pb(
    id: "https://l.example/activities/dislike/1"
    type: "Dislike"
    actor { id: "https://l.example/u/a" host: "l.example" }
    object { id: "https://l.example/post/1" community: "https://l.example/c/x" }
  )pb");
}

TEST(NormalizeLikeTest, EmojiReact) {
  ExpectNormalizesTo(R"json({
    "id": "https://p.example/activities/r1", "type": "EmojiReact",
    "actor": "https://p.example/users/lain", "object": "https://b.example/n/1",
    "content": "👍", "to": ["https://b.example/u/y"]})json",
                     R"pb(
    id: "https://p.example/activities/r1"
    type: "EmojiReact"
    actor { id: "https://p.example/users/lain" host: "p.example" }
    reaction: "👍"
    object {
      id: "https://b.example/n/1"
      visibility: VISIBILITY_DIRECT
      recipients: "https://b.example/u/y"
    }
  )pb");
}

// --- Follow / Block / Move ---

TEST(NormalizeRelationshipTest, Follow) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/f/1", "type": "Follow",
    "actor": "https://a.example/u/x", "object": {"id": "https://b.example/u/y", "type": "Person"}})json",
                     R"pb(
    id: "https://a.example/f/1"
    type: "Follow"
    actor { id: "https://a.example/u/x" host: "a.example" }
    target: "https://b.example/u/y"
    object { id: "https://b.example/u/y" type: "Person" }
  )pb");
}

TEST(NormalizeRelationshipTest, Block) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/b/1", "type": "Block",
    "actor": "https://a.example/u/x", "object": "https://b.example/u/y",
    "to": "https://b.example/u/y"})json",
                     R"pb(
    id: "https://a.example/b/1"
    type: "Block"
    actor { id: "https://a.example/u/x" host: "a.example" }
    target: "https://b.example/u/y"
    object {
      id: "https://b.example/u/y"
      visibility: VISIBILITY_DIRECT
      recipients: "https://b.example/u/y"
    }
  )pb");
}

TEST(NormalizeRelationshipTest, Move) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/u/x/moves/1", "type": "Move",
    "actor": "https://a.example/u/x", "object": "https://a.example/u/x",
    "target": "https://new.example/u/x", "to": "https://a.example/u/x/followers"})json",
                     R"pb(
    id: "https://a.example/u/x/moves/1"
    type: "Move"
    actor { id: "https://a.example/u/x" host: "a.example" }
    target: "https://new.example/u/x"
    object {
      id: "https://a.example/u/x"
      visibility: VISIBILITY_FOLLOWERS
      recipients: "https://a.example/u/x/followers"
    }
  )pb");
}

// --- Accept / Reject / Undo ---

TEST(NormalizeWrappedTest, AcceptEmbeddedFollow) {
  ExpectNormalizesTo(R"json({
    "id": "https://b.example/u/y#accepts/1", "type": "Accept", "actor": "https://b.example/u/y",
    "object": {"id": "https://a.example/f/1", "type": "Follow",
               "actor": "https://a.example/u/x", "object": "https://b.example/u/y"}})json",
                     R"pb(
    id: "https://b.example/u/y#accepts/1"
    type: "Accept"
    actor { id: "https://b.example/u/y" host: "b.example" }
    inner_type: "Follow"
    inner_id: "https://a.example/f/1"
    target: "https://b.example/u/y"
    object { id: "https://b.example/u/y" }
  )pb");
}

TEST(NormalizeWrappedTest, RejectBareId) {
  ExpectNormalizesTo(R"json({
    "id": "https://b.example/r/1", "type": "Reject", "actor": "https://b.example/u/y",
    "object": "https://a.example/f/1"})json",
                     R"pb(
    id: "https://b.example/r/1"
    type: "Reject"
    actor { id: "https://b.example/u/y" host: "b.example" }
    inner_id: "https://a.example/f/1"
    object {}
  )pb");
}

TEST(NormalizeWrappedTest, UndoLikeNamesTheLikedObject) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/u/x#likes/1/undo", "type": "Undo", "actor": "https://a.example/u/x",
    "object": {"id": "https://a.example/u/x#likes/1", "type": "Like",
               "actor": "https://a.example/u/x", "object": "https://b.example/n/1"}})json",
                     R"pb(
    id: "https://a.example/u/x#likes/1/undo"
    type: "Undo"
    actor { id: "https://a.example/u/x" host: "a.example" }
    inner_type: "Like"
    inner_id: "https://a.example/u/x#likes/1"
    object { id: "https://b.example/n/1" }
  )pb");
}

TEST(NormalizeWrappedTest, UndoEmojiReactKeepsReaction) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://p.example/u/1", "type": "Undo", "actor": "https://p.example/users/l",
    "object": {"id": "https://p.example/r/1", "type": "EmojiReact", "content": "🔥",
               "object": "https://b.example/n/1"}})json");
  EXPECT_EQ(got.inner_type(), "EmojiReact");
  EXPECT_EQ(got.reaction(), "🔥");
  EXPECT_EQ(got.object().id(), "https://b.example/n/1");
}

// --- Flag ---

TEST(NormalizeFlagTest, ReportedActorsAndPostsAndComment) {
  ExpectNormalizesTo(R"json({
    "id": "https://m.example/reports/1", "type": "Flag", "actor": "https://m.example/actor",
    "content": "<p>Spam &amp; abuse</p>",
    "object": ["https://s.example/u/spammer", {"id": "https://s.example/n/1", "type": "Note"}, 3],
    "to": "https://s.example/u/spammer"})json",
                     R"pb(
    id: "https://m.example/reports/1"
    type: "Flag"
    actor { id: "https://m.example/actor" host: "m.example" }
    reported_ids: "https://s.example/u/spammer"
    reported_ids: "https://s.example/n/1"
    object {
      text: "Spam & abuse"
      visibility: VISIBILITY_DIRECT
      recipients: "https://s.example/u/spammer"
    }
  )pb");
}

// --- Pass-through and bare documents ---

TEST(NormalizePassThroughTest, UnknownActivityType) {
  ExpectNormalizesTo(R"json({
    "id": "https://l.example/activities/lock/1", "type": "Lock",
    "actor": ["https://l.example/u/mod"], "object": "https://l.example/post/1",
    "future": {"x": 1}})json",
                     R"pb(
    id: "https://l.example/activities/lock/1"
    type: "Lock"
    actor { id: "https://l.example/u/mod" host: "l.example" }
    object { id: "https://l.example/post/1" }
  )pb");
  const NormalizedActivity custom = NormalizeOrDie(R"json({
    "id": "https://x.example/1", "type": "FutureThing", "actor": "https://x.example/u",
    "object": {"id": "https://x.example/o", "type": "Widget"}})json");
  EXPECT_EQ(custom.type(), "FutureThing");
  EXPECT_EQ(custom.object().id(), "https://x.example/o");
  EXPECT_EQ(custom.object().type(), "Widget");
}

TEST(NormalizeBareObjectTest, NoteIsAnImplicitCreate) {
  ExpectNormalizesTo(R"json({
    "id": "https://a.example/n/1", "type": "Note", "content": "<p>hello</p>",
    "attributedTo": {"id": "https://a.example/u/x", "type": "Person", "preferredUsername": "x"},
    "published": "2025-01-01T00:00:00Z",
    "to": "https://www.w3.org/ns/activitystreams#Public"})json",
                     R"pb(
    id: "https://a.example/n/1"
    type: "Create"
    actor {
      id: "https://a.example/u/x"
      host: "a.example"
      handle: "x@a.example"
      type: "Person"
    }
    published { seconds: 1735689600 }
    object {
      id: "https://a.example/n/1"
      type: "Note"
      author {
        id: "https://a.example/u/x"
        host: "a.example"
        handle: "x@a.example"
        type: "Person"
      }
      text: "hello"
      published { seconds: 1735689600 }
      visibility: VISIBILITY_PUBLIC
      recipients: "https://www.w3.org/ns/activitystreams#Public"
    }
  )pb");
}

TEST(NormalizeBareObjectTest, LemmyPageCommunityFromGroupAddressee) {
  const NormalizedActivity got = NormalizeOrDie(R"json({
    "id": "https://l.example/post/1", "type": "Page", "name": "Title",
    "attributedTo": "https://l.example/u/a",
    "to": [{"id": "https://l.example/groups/food", "type": "Group"}, "as:Public"]})json");
  EXPECT_EQ(got.object().community(), "https://l.example/groups/food");
  EXPECT_EQ(got.object().text(), "Title");
  const NormalizedActivity by_url = NormalizeOrDie(R"json({
    "id": "https://l.example/post/2", "type": "Page",
    "to": ["https://l.example/c/food", "as:Public"]})json");
  EXPECT_EQ(by_url.object().community(), "https://l.example/c/food");
}

TEST(NormalizeBareObjectTest, NonActivitiesAreRejected) {
  ExpectInvalid(R"({"id": "https://a.example/u/x", "type": "Person"})",
                "not an activity: document is a Person actor");
  ExpectInvalid(R"({"id": "https://a.example/u/x", "type": "Application"})",
                "not an activity: document is a Application actor");
  ExpectInvalid(R"({"id": "https://a.example/o", "type": "OrderedCollection"})",
                "not an activity: document is a OrderedCollection collection");
  ExpectInvalid(R"({"id": "https://a.example/t", "type": "Tombstone"})",
                "not an activity: document is a Tombstone object");
}

}  // namespace
}  // namespace harrier
