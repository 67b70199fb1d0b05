// Copyright 2026 The Harrier Authors.
//
// Runs NormalizeActivity over every real-world document in the shared corpus
// ($HARRIER_SHARED_DIR/fixtures/activitypub/<implementation>/*.json) and
// checks chosen fields of at least one document per implementation.
//
//   bazel test //engine/normalize:corpus_test
//       --test_env=HARRIER_SHARED_DIR=/work/shared
//
// Every file must normalise, or be rejected with INVALID_ARGUMENT "not an
// activity: ..." (actor profiles, collections, Tombstones ...). A GoToSocial
// Delete serialised without an `id` normalises with the id
// "<object id>#delete" (see normalizer.h).
//
// Without HARRIER_SHARED_DIR the test looks for ../shared next to the
// workspace (found from BUILD_WORKSPACE_DIRECTORY, or by resolving a data file
// of this package back to the source tree) and skips if nothing is found.
// With HARRIER_SHARED_DIR set, a corpus that is not there fails the test.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "engine/normalize/normalizer.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

namespace fs = std::filesystem;
using v1::NormalizedActivity;

constexpr char kCorpusSubdir[] = "fixtures/activitypub";

// Files that are rejected for a reason other than "not an activity", with the
// exact message.
const std::map<std::string, std::string>& ExpectedOtherErrors() {
  static const auto* const errors = new std::map<std::string, std::string>{
  };
  return *errors;
}

// `tried` receives every directory looked at, for the skip message.
fs::path FindCorpus(std::vector<fs::path>* tried) {
  std::vector<fs::path>& candidates = *tried;
  if (const char* shared = getenv("HARRIER_SHARED_DIR");
      shared != nullptr && *shared != '\0') {
    candidates.push_back(fs::path(shared) / kCorpusSubdir);
  }
  if (const char* workspace = getenv("BUILD_WORKSPACE_DIRECTORY");
      workspace != nullptr && *workspace != '\0') {
    candidates.push_back(fs::path(workspace) / ".." / "shared" / kCorpusSubdir);
  }
  // The runfiles link to the source tree: resolve one of this package's data
  // files back to the workspace.
  std::error_code error;
  const fs::path data =
      fs::canonical("engine/normalize/testdata/create_note_public.json", error);
  if (!error) {
    const fs::path workspace =
        data.parent_path().parent_path().parent_path().parent_path();
    candidates.push_back(workspace / ".." / "shared" / kCorpusSubdir);
  }
  for (const fs::path& candidate : candidates) {
    if (fs::is_directory(candidate, error)) return candidate;
  }
  return {};
}

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<fs::path> tried;
    corpus_ = FindCorpus(&tried);
    if (corpus_.empty()) {
      // Real servers' JSON lives beside the clone (../shared), never in it;
      // CI has it, a bare clone does not.
      std::string where;
      for (const fs::path& path : tried) where += " " + path.string();
      if (where.empty()) where = " nowhere (HARRIER_SHARED_DIR unset, source tree not found)";
      // tools/run-tests sets HARRIER_SHARED_DIR only when it found the
      // fixtures: then their absence is an error, not a reason to skip.
      if (const char* shared = getenv("HARRIER_SHARED_DIR");
          shared != nullptr && *shared != '\0') {
        FAIL() << "HARRIER_SHARED_DIR is " << shared << " but holds no " << kCorpusSubdir
               << "; looked in:" << where;
      }
      GTEST_SKIP() << "shared fixtures (" << kCorpusSubdir
                   << ") not found; looked in:" << where
                   << ". Set HARRIER_SHARED_DIR to the directory holding them.";
    }
  }

  NormalizedActivity Load(const std::string& relative) {
    const std::string json = ReadFile(corpus_ / relative);
    EXPECT_FALSE(json.empty()) << relative;
    absl::StatusOr<NormalizedActivity> result = NormalizeActivity(json);
    EXPECT_TRUE(result.ok()) << relative << ": " << result.status();
    return result.ok() ? *std::move(result) : NormalizedActivity();
  }

  fs::path corpus_;
};

TEST_F(CorpusTest, EveryFileNormalisesOrIsNotAnActivity) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(corpus_)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 100u)
      << "corpus at " << corpus_ << " looks incomplete";

  int normalised = 0;
  int not_activity = 0;
  int other = 0;
  for (const fs::path& path : files) {
    const std::string relative = fs::relative(path, corpus_).generic_string();
    const absl::StatusOr<NormalizedActivity> result =
        NormalizeActivity(ReadFile(path));
    if (result.ok()) {
      ++normalised;
      EXPECT_FALSE(result->id().empty()) << relative;
      EXPECT_FALSE(result->type().empty()) << relative;
      continue;
    }
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << relative;
    const std::string message(result.status().message());
    if (message.rfind("not an activity", 0) == 0) {
      ++not_activity;
      continue;
    }
    ++other;
    const auto expected = ExpectedOtherErrors().find(relative);
    if (expected == ExpectedOtherErrors().end()) {
      ADD_FAILURE() << relative << ": " << result.status();
    } else {
      EXPECT_EQ(message, expected->second) << relative;
    }
  }
  EXPECT_EQ(other, static_cast<int>(ExpectedOtherErrors().size()));
  RecordProperty("normalised", normalised);
  RecordProperty("not_an_activity", not_activity);
  std::cout << "corpus: " << files.size() << " files, " << normalised
            << " normalised, " << not_activity << " not an activity, " << other
            << " other errors\n";
}

// --- One or more documents per implementation ---

TEST_F(CorpusTest, Akkoma) {
  const NormalizedActivity a =
      Load("akkoma/create-note-reply-edited-formerrepresentations.json");
  EXPECT_EQ(a.type(), "Create");
  EXPECT_EQ(a.actor().host(), "akkoma.example.com");
  EXPECT_EQ(a.object().in_reply_to(), "{{LOCAL_POST_URL}}");
  EXPECT_EQ(a.object().language(), "en");
  EXPECT_TRUE(a.object().sensitive());
  ASSERT_EQ(a.object().mentions_size(), 1);
  EXPECT_EQ(a.object().mentions(0).name(), "@someone@example.com");
  EXPECT_EQ(a.object().visibility(), v1::VISIBILITY_PUBLIC);
  EXPECT_TRUE(a.object().has_updated());
}

TEST_F(CorpusTest, BookWyrm) {
  const NormalizedActivity a = Load("bookwyrm/review-article.json");
  EXPECT_EQ(a.type(), "Create");  // implicit Create of a bare Article
  EXPECT_EQ(a.object().type(), "Article");
  EXPECT_EQ(a.object().text(), "review");
  ASSERT_EQ(a.object().attachments_size(), 1);
  EXPECT_EQ(a.object().attachments(0).type(), "Document");
  EXPECT_EQ(a.object().attachments(0).alt_text(),
            "Death's End (The Three-Body Problem) (2018, Head of Zeus)");
}

TEST_F(CorpusTest, BridgyFed) {
  const NormalizedActivity a = Load("bridgy-fed/note-bluesky-quote-reply.json");
  EXPECT_EQ(a.actor().host(), "bsky.brid.gy");
  EXPECT_EQ(a.object().language(), "en");
  EXPECT_EQ(
      a.object().quote_of(),
      "https://bsky.brid.gy/convert/ap/at://did:plc:hf7ezrajxadu7v3tzcyij424/"
      "app.bsky.feed.post/3mhg4guilx225");
  EXPECT_EQ(a.object().in_reply_to(), a.object().quote_of());
}

TEST_F(CorpusTest, Discourse) {
  const NormalizedActivity a = Load("discourse/object-note.json");
  EXPECT_EQ(a.object().name(), "Our next meeting");
  EXPECT_EQ(a.object().community(),
            "https://socialhub.activitypub.rocks/ap/actor/"
            "797217cf18c0e819dfafc52425590146");
  ASSERT_GE(a.object().links_size(), 1);
  EXPECT_EQ(a.object().links(0).host(), "us06web.zoom.us");
}

TEST_F(CorpusTest, Fedibird) {
  const NormalizedActivity a = Load("fedibird/note-quote-quoteuri.json");
  EXPECT_EQ(a.object().quote_of(), "https://misskey.io/notes/8vsn2izjwh");
  EXPECT_EQ(a.object().language(), "ja");
  const NormalizedActivity unlisted = Load("fedibird/note-quote-unlisted.json");
  EXPECT_EQ(unlisted.object().visibility(), v1::VISIBILITY_UNLISTED);
}

TEST_F(CorpusTest, Friendica) {
  const NormalizedActivity a = Load("friendica/dislike-page.json");
  EXPECT_EQ(a.type(), "Dislike");
  EXPECT_EQ(a.actor().host(), "pirati.ca");
  EXPECT_EQ(a.object().id(),
            "https://pirati.ca/objects/ec054ce7-2062-3bfa-8687-ca8313624820");
  EXPECT_EQ(a.object().community(), "https://ds9.lemmy.ml/c/testcom");
  const NormalizedActivity undo = Load("friendica/undo-dislike-page.json");
  EXPECT_EQ(undo.type(), "Undo");
  EXPECT_EQ(undo.inner_type(), "Dislike");
}

TEST_F(CorpusTest, Funkwhale) {
  const NormalizedActivity a = Load("funkwhale/create-audio.json");
  EXPECT_EQ(a.object().type(), "Audio");
  EXPECT_EQ(a.object().name(), "Compositions - Test Audio for Pleroma");
  EXPECT_EQ(a.object().hashtags_size(), 3);
  EXPECT_EQ(a.object().hashtags(0), "funkwhale");
}

TEST_F(CorpusTest, GnuSocial) {
  const NormalizedActivity a = Load("gnusocial/create-note.json");
  EXPECT_EQ(a.object().text(), "yay ^^");
  EXPECT_EQ(a.object().in_reply_to(),
            "https://instance.gnusocial.test/object/note/1338");
  EXPECT_EQ(a.object().visibility(), v1::VISIBILITY_PUBLIC);
}

TEST_F(CorpusTest, GoToSocial) {
  const NormalizedActivity a = Load("gotosocial/create-note-wrapped.json");
  EXPECT_EQ(a.actor().host(), "localhost:8080");
  EXPECT_EQ(a.object().summary(), "introduction post");
  EXPECT_TRUE(a.object().sensitive());
  EXPECT_EQ(a.object().text(), "hello everyone!");
  const NormalizedActivity boost =
      Load("gotosocial/announce-self-boost-followers-only.json");
  EXPECT_EQ(boost.type(), "Announce");
  EXPECT_EQ(boost.object().visibility(), v1::VISIBILITY_FOLLOWERS);
}

TEST_F(CorpusTest, Hubzilla) {
  const NormalizedActivity a = Load("hubzilla/create-image.json");
  EXPECT_EQ(a.object().type(), "Image");
  EXPECT_EQ(a.object().text(), "testc6 lala posted a new photo to test");
  EXPECT_EQ(a.object().visibility(), v1::VISIBILITY_PUBLIC);
}

TEST_F(CorpusTest, Lemmy) {
  const NormalizedActivity undo = Load("lemmy/undo-like-note.json");
  EXPECT_EQ(undo.inner_type(), "Like");
  EXPECT_EQ(undo.object().id(), "http://ds9.lemmy.ml/comment/1");
  const NormalizedActivity announced =
      Load("lemmy/announce-wrapped-create-page.json");
  EXPECT_EQ(announced.type(), "Create");
  EXPECT_EQ(announced.object().type(), "Page");
  EXPECT_EQ(announced.object().text(), "post 4");
  EXPECT_EQ(announced.announced_by(),
            "http://enterprise.lemmy.ml/activities/announce/"
            "8030b171-803a-4108-94b1-342688f375cf");
  const NormalizedActivity flag = Load("lemmy/flag-report-page.json");
  EXPECT_EQ(flag.type(), "Flag");
  EXPECT_GE(flag.reported_ids_size(), 1);
}

TEST_F(CorpusTest, Lotide) {
  const NormalizedActivity a = Load("lotide/create-note-image-titled.json");
  EXPECT_EQ(a.actor().host(), "ltthostname.local:3334");
  EXPECT_EQ(a.object().community(), "http://localhost:8536/c/elsewhere");
  EXPECT_EQ(a.object().visibility(), v1::VISIBILITY_UNLISTED);
  ASSERT_EQ(a.object().attachments_size(), 1);
  EXPECT_EQ(a.object().attachments(0).type(), "Image");
}

TEST_F(CorpusTest, Mastodon) {
  const NormalizedActivity a =
      Load("mastodon/create-note-image-hashtags-nonascii-signed.json");
  EXPECT_EQ(a.object().hashtags_size(), 5);
  EXPECT_EQ(a.object().hashtags(1), "gdansk");
  ASSERT_EQ(a.object().attachments_size(), 1);
  EXPECT_EQ(a.object().attachments(0).media_type(), "image/png");
  const NormalizedActivity dm = Load("mastodon/note-direct-message.json");
  EXPECT_EQ(dm.object().visibility(), v1::VISIBILITY_DIRECT);
  const NormalizedActivity poll = Load("mastodon/create-question-poll.json");
  EXPECT_EQ(poll.object().poll_options_size(), 4);
  const NormalizedActivity flag = Load("mastodon/flag-report.json");
  EXPECT_EQ(flag.reported_ids_size(), 3);
  EXPECT_EQ(flag.object().text(),
            "Please take a look at this user and their posts");
  const NormalizedActivity self_delete =
      Load("mastodon/delete-actor-self.json");
  EXPECT_EQ(self_delete.object().type(), "Person");
}

TEST_F(CorpusTest, Mbin) {
  const NormalizedActivity a = Load("mbin/announce-wrapped-like.json");
  EXPECT_EQ(a.type(), "Like");
  EXPECT_EQ(a.actor().id(), "https://kbin.test/u/user2");
  EXPECT_EQ(a.object().community(), "https://kbin.test/m/test");
  EXPECT_EQ(a.announced_by(), "SCRUBBED_ID");
  const NormalizedActivity poll = Load("mbin/create-note-with-poll-anyof.json");
  EXPECT_GE(poll.object().poll_options_size(), 2);
}

TEST_F(CorpusTest, Misc) {
  const NormalizedActivity a =
      Load("misc/move-handwritten-mastodon-style.json");
  EXPECT_EQ(a.type(), "Move");
  EXPECT_EQ(a.target(), "https://turnip.farm/users/turniplover6969");
  EXPECT_EQ(a.object().id(), "http://fossbros-anonymous.io/users/foss_satan");
  EXPECT_EQ(a.object().visibility(), v1::VISIBILITY_FOLLOWERS);
}

TEST_F(CorpusTest, Misskey) {
  const NormalizedActivity a =
      Load("misskey/like-misskey-reaction-custom-emoji.json");
  EXPECT_EQ(a.reaction(), ":hanapog:");
  ASSERT_EQ(a.object().emojis_size(), 1);
  EXPECT_EQ(a.object().emojis(0).shortcode(), ":hanapog:");
  const NormalizedActivity legacy =
      Load("misskey/like-misskey-reaction-legacy.json");
  EXPECT_EQ(legacy.reaction(), "pudding");
  const NormalizedActivity quote =
      Load("misskey/note-quote-misskey-quote.json");
  EXPECT_FALSE(quote.object().quote_of().empty());
}

TEST_F(CorpusTest, Mitra) {
  const NormalizedActivity a = Load("mitra/create-note.json");
  EXPECT_EQ(a.object().text(), "Remote post 5");
  EXPECT_EQ(a.object().community(), "https://voyager.lemmy.ml/c/pubtest0906");
  const NormalizedActivity follow = Load("mitra/follow-fep8b32-proof.json");
  EXPECT_EQ(follow.type(), "Follow");
  EXPECT_FALSE(follow.target().empty());
}

TEST_F(CorpusTest, Mobilizon) {
  const NormalizedActivity a = Load("mobilizon/object-event.json");
  EXPECT_EQ(a.type(), "Create");
  EXPECT_EQ(a.object().type(), "Event");
  EXPECT_EQ(a.object().name(), "Caledonian scottish dance class");
  EXPECT_EQ(a.actor().id(),
            "https://rendezvous.nomagic.uk/@devon_caledonian_society");
  EXPECT_EQ(a.object().hashtags_size(), 3);
}

TEST_F(CorpusTest, NodeBB) {
  const NormalizedActivity a = Load("nodebb/object-article-topic.json");
  EXPECT_EQ(a.object().name(), "Welcome to your NodeBB!");
  EXPECT_EQ(a.object().community(), "https://bb.devnull.land/category/2");
  EXPECT_EQ(a.object().links_size(), 4);
}

TEST_F(CorpusTest, Owncast) {
  const NormalizedActivity a =
      Load("owncast/note-single-attachment-object.json");
  ASSERT_EQ(a.object().attachments_size(), 1);
  EXPECT_EQ(a.object().attachments(0).type(), "Image");
  EXPECT_EQ(a.object().community(), "");  // its audience is Public
  EXPECT_EQ(a.object().hashtags_size(), 2);
}

TEST_F(CorpusTest, PeerTube) {
  const NormalizedActivity a = Load("peertube/create-video-hls-only.json");
  EXPECT_EQ(a.object().type(), "Video");
  EXPECT_EQ(a.object().language(), "fr");
  EXPECT_EQ(a.object().author().id(),
            "https://peertube.stream/accounts/createurs");
  EXPECT_EQ(a.object().author().type(), "Person");
  EXPECT_EQ(a.object().hashtags_size(), 2);
}

TEST_F(CorpusTest, Pixelfed) {
  const NormalizedActivity a =
      Load("pixelfed/create-note-reply-tag-single-object.json");
  ASSERT_EQ(a.object().mentions_size(), 1);
  EXPECT_EQ(a.object().mentions(0).host(), "gram.social");
  const NormalizedActivity boost = Load("pixelfed/announce.json");
  EXPECT_EQ(boost.type(), "Announce");
  EXPECT_TRUE(boost.has_published());  // "+0000" offset
}

TEST_F(CorpusTest, Pleroma) {
  const NormalizedActivity a =
      Load("pleroma/note-custom-emoji-in-summary.json");
  EXPECT_EQ(a.object().summary(), ":joker_smile:");
  EXPECT_EQ(a.object().emojis_size(), 2);
  const NormalizedActivity react = Load("pleroma/emojireact-unicode.json");
  EXPECT_EQ(react.type(), "EmojiReact");
  EXPECT_EQ(react.reaction(), "\xF0\x9F\x91\x8C");
  const NormalizedActivity followers = Load("pleroma/note-followers-only.json");
  EXPECT_EQ(followers.object().visibility(), v1::VISIBILITY_FOLLOWERS);
}

TEST_F(CorpusTest, Plume) {
  const NormalizedActivity a = Load("plume/object-article.json");
  EXPECT_EQ(a.object().name(), "This Month in Plume: June 2018");
  EXPECT_EQ(a.object().mentions_size(), 2);  // duplicates dropped
}

TEST_F(CorpusTest, Smithereen) {
  const NormalizedActivity a = Load("smithereen/question-poll-cyrillic.json");
  EXPECT_EQ(a.object().type(), "Question");
  EXPECT_EQ(a.object().poll_options_size(), 3);
  const NormalizedActivity note = Load("smithereen/create-note.json");
  EXPECT_EQ(note.type(), "Create");
}

TEST_F(CorpusTest, WordPress) {
  const NormalizedActivity a = Load("wordpress/announce-wrapping-update.json");
  EXPECT_EQ(a.type(), "Update");
  EXPECT_EQ(a.object().name(), "Lemmy (Part 4)");
  EXPECT_EQ(a.announced_by(),
            "https://pfefferle.org/lemmy-part-4/#activity#activity");
  const NormalizedActivity long_article =
      Load("wordpress/object-article-very-long-html.json");
  EXPECT_GT(long_article.object().text().size(), 1000u);
}

}  // namespace
}  // namespace harrier
