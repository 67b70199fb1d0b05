// Copyright 2026 The Harrier Authors.
//
// member_record.h: conversions between a feed member's stored record
// (FeedMemberRecord) and what the algorithms and the index need. Internal to
// engine/ranking (FeedEngine's write, read and rescore paths share them).
//
// Thread safety: pure functions.
#ifndef HARRIER_ENGINE_RANKING_MEMBER_RECORD_H_
#define HARRIER_ENGINE_RANKING_MEMBER_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/ranking/algorithms.h"
#include "engine/ranking/feed_definition.h"
#include "harrier/storage/ranking.pb.h"

namespace harrier::ranking {

// RankInputs of a stored member at `now`.
RankInputs InputsOf(const storage::FeedMemberRecord& record, absl::Time now);

// Stores the engagement fields of `in` (and community interactions).
void SetSignals(const RankInputs& in, storage::RankSignals* signals);

// The index value (author, published) of a member.
storage::FeedIndexValue IndexValueOf(const storage::FeedMemberRecord& record);
// Whether IndexValueOf(a) and IndexValueOf(b) are the same (without
// building either); changes with IndexValueOf.
bool SameIndexValue(const storage::FeedMemberRecord& a, const storage::FeedMemberRecord& b);

// True when the member was published longer than the feed's window ago.
bool OutsideWindow(const FeedDefinition& feed, const storage::FeedMemberRecord& record,
                   absl::Time now);

// Key of a running rebuild: instance 0 feed.
std::string RebuildKey(absl::string_view instance, absl::string_view feed);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_MEMBER_RECORD_H_
