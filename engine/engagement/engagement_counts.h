// Copyright 2026 The Harrier Authors.
//
// engagement_counts.h: arithmetic on engagement counts records, shared by
// the ledger's counting (ledger.cc) and its reads and recount
// (ledger_counts.cc). Internal to engine/engagement.
#ifndef HARRIER_ENGINE_ENGAGEMENT_ENGAGEMENT_COUNTS_H_
#define HARRIER_ENGINE_ENGAGEMENT_ENGAGEMENT_COUNTS_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "harrier/storage/records.pb.h"
#include "harrier/v1/records.pb.h"

namespace harrier::engagement_counts {

inline constexpr absl::string_view kLike = "like";
inline constexpr absl::string_view kBoost = "boost";
inline constexpr absl::string_view kDislike = "dislike";
inline constexpr absl::string_view kReply = "reply";
inline constexpr absl::string_view kQuote = "quote";
inline constexpr absl::string_view kReactPrefix = "react:";
// The per-host key of an edge whose actor's host is unknown.
inline constexpr absl::string_view kUnknownHost = "(unknown)";

// Adds `delta` to the count of `kind` in `counts`, never below zero.
inline void AddToCounts(absl::string_view kind, int64_t delta, v1::EngagementCounts* counts) {
  auto bump = [delta](int64_t value) { return std::max<int64_t>(0, value + delta); };
  if (kind == kLike) {
    counts->set_likes(bump(counts->likes()));
  } else if (kind == kBoost) {
    counts->set_boosts(bump(counts->boosts()));
  } else if (kind == kDislike) {
    counts->set_dislikes(bump(counts->dislikes()));
  } else if (kind == kReply) {
    counts->set_replies(bump(counts->replies()));
  } else if (kind == kQuote) {
    counts->set_quotes(bump(counts->quotes()));
  } else if (absl::StartsWith(kind, kReactPrefix)) {
    std::string emoji(kind.substr(kReactPrefix.size()));
    int64_t value = bump((*counts->mutable_reactions())[emoji]);
    if (value == 0) {
      counts->mutable_reactions()->erase(emoji);
    } else {
      (*counts->mutable_reactions())[emoji] = value;
    }
  }
}

inline bool IsZero(const v1::EngagementCounts& counts) {
  return counts.likes() == 0 && counts.boosts() == 0 && counts.dislikes() == 0 &&
         counts.replies() == 0 && counts.quotes() == 0 && counts.reactions().empty();
}

// A counts record as read: empty when there is none.
inline absl::StatusOr<storage::EngagementRecord> ParseCounts(
    const absl::StatusOr<std::string>& bytes) {
  if (absl::IsNotFound(bytes.status())) return storage::EngagementRecord();
  if (!bytes.ok()) return bytes.status();
  storage::EngagementRecord record;
  if (!record.ParseFromString(*bytes)) return absl::DataLossError("corrupt counts");
  return record;
}

// The same, as the in-memory cache holds records: shared, null when there
// is none.
inline absl::StatusOr<std::shared_ptr<const storage::EngagementRecord>> ParseSharedCounts(
    const absl::StatusOr<std::string>& bytes) {
  if (absl::IsNotFound(bytes.status())) return nullptr;
  absl::StatusOr<storage::EngagementRecord> record = ParseCounts(bytes);
  if (!record.ok()) return record.status();
  return std::make_shared<const storage::EngagementRecord>(*std::move(record));
}

}  // namespace harrier::engagement_counts

#endif  // HARRIER_ENGINE_ENGAGEMENT_ENGAGEMENT_COUNTS_H_
