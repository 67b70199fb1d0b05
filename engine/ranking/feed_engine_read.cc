// Copyright 2026 The Harrier Authors.
//
// FeedEngine reads: GetFeed (snapshot paging, diversity) and ExplainRanking.
#include "engine/ranking/feed_engine.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/ranking/member_record.h"
#include "engine/ranking/page_token.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "harrier/storage/ranking.pb.h"

namespace harrier::ranking {

using storage::FeedGeneration;
using storage::FeedMemberRecord;
using storage::FeedMembership;

absl::StatusOr<FeedPage> FeedEngine::GetFeed(absl::string_view instance,
                                             absl::string_view feed_id, int page_size,
                                             absl::string_view page_token) {
  if (before_read_) RETURN_IF_ERROR(before_read_(instance));
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  const FeedDefinition* feed = feeds->Find(feed_id);
  if (feed == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("name: no feed '", feed_id, "' in instance '", instance, "'"));
  }
  if (page_size < 1 || page_size > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must be between 1 and 100, got ", page_size));
  }
  const uint64_t fingerprint = FeedFingerprint(instance, feed_id);
  PageToken token;
  std::shared_ptr<const rocksdb::Snapshot> snapshot;
  uint64_t generation = 0;
  bool resume = false;
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(page_token, fingerprint));
    resume = true;
    snapshot = snapshots_.Find(token.snapshot_id);
    generation = token.generation;
  }
  if (snapshot == nullptr) {
    // First page, or the token's snapshot expired (or the server restarted):
    // pin a new one; a resumed sequence goes on by keyset from there.
    snapshot = store_->GetSnapshot();
    token.snapshot_id = 0;
    ASSIGN_OR_RETURN(FeedGeneration current,
                     index_.ReadGeneration(instance, feed_id, snapshot.get()));
    generation = current.generation();
  }

  const DiversityLimit& diversity = feed->diversity;
  absl::flat_hash_map<uint64_t, uint32_t> window;
  for (const auto& [hash, count] : token.window_authors) window[hash] = count;

  FeedPage page;
  bool more = false;
  int scanned = 0;
  std::optional<double> after_score;
  if (resume) after_score = token.last_score;
  std::string last_id = resume ? token.last_object_id : std::string();
  double last_score = token.last_score;
  uint64_t position = token.position;
  RETURN_IF_ERROR(index_.Scan(
      instance, feed_id, generation, after_score, last_id, snapshot.get(),
      [&](const IndexEntry& entry) {
        if (static_cast<int>(page.items.size()) == page_size || scanned >= options_.max_scan_per_page) {
          more = true;
          return false;
        }
        ++scanned;
        last_score = entry.score;
        last_id = entry.object_id;
        if (diversity.max_per_author > 0) {
          uint32_t& count = window[AuthorHash(entry.value.author_id())];
          if (count >= static_cast<uint32_t>(diversity.max_per_author)) return true;
          ++count;
        }
        page.items.push_back({entry.object_id, entry.score, entry.value.author_id(),
                              absl::FromUnixMicros(entry.value.published_unix_micros())});
        ++position;
        if (diversity.max_per_author > 0 && position % diversity.per == 0) window.clear();
        return true;
      }));
  if (more) {
    PageToken next;
    next.snapshot_id =
        token.snapshot_id != 0 ? token.snapshot_id : snapshots_.Insert(snapshot);
    next.generation = generation;
    next.last_score = last_score;
    next.last_object_id = last_id;
    next.position = position;
    for (const auto& [hash, count] : window) {
      if (count > 0) next.window_authors.emplace_back(hash, count);
    }
    std::sort(next.window_authors.begin(), next.window_authors.end());
    page.next_page_token = EncodePageToken(next, fingerprint);
  }
  return page;
}

absl::StatusOr<RankingExplanation> FeedEngine::ExplainRanking(absl::string_view instance,
                                                              absl::string_view feed_id,
                                                              absl::string_view object_id,
                                                              absl::Time now) {
  if (before_read_) RETURN_IF_ERROR(before_read_(instance));
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  const FeedDefinition* feed = feeds->Find(feed_id);
  if (feed == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("name: no feed '", feed_id, "' in instance '", instance, "'"));
  }
  RETURN_IF_ERROR(keys::ValidateKeyPart("object_id", object_id));
  ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> record,
                   index_.ReadMember(instance, feed_id, object_id));
  if (!record.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("object_id: '", object_id, "' is not in feed '", feed_id, "'"));
  }
  ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed_id));
  RankingExplanation out;
  out.algorithm = std::string(feed->ranker->name());
  out.score = KeyScore(*feed, *record, generation);
  Explanation explanation = feed->ranker->Explain(InputsOf(*record, now));
  const storage::RankSignals& s = record->signals();
  out.components = {{"likes", s.likes()},         {"boosts", s.boosts()},
                    {"replies", s.replies()},     {"quotes", s.quotes()},
                    {"reactions", s.reactions()}, {"dislikes", s.dislikes()},
                    {"positive", s.positive()},   {"negative", s.negative()}};
  for (ScoreComponent& c : explanation.components) out.components.push_back(std::move(c));
  out.components.push_back({"score_now", explanation.score});
  out.components.push_back({"hidden", record->hidden() ? 1.0 : 0.0});
  out.components.push_back({"generation", static_cast<double>(generation.generation())});
  return out;
}

}  // namespace harrier::ranking
