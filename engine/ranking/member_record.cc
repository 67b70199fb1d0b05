// Copyright 2026 The Harrier Authors.
#include "engine/ranking/member_record.h"

#include "absl/strings/str_cat.h"

namespace harrier::ranking {

using storage::FeedMemberRecord;

RankInputs InputsOf(const FeedMemberRecord& record, absl::Time now) {
  RankInputs in;
  const storage::RankSignals& s = record.signals();
  in.likes = s.likes();
  in.boosts = s.boosts();
  in.replies = s.replies();
  in.quotes = s.quotes();
  in.reactions = s.reactions();
  in.dislikes = s.dislikes();
  in.positive = s.positive();
  in.negative = s.negative();
  in.community_interactions = s.community_interactions();
  in.published = absl::FromUnixMicros(record.published_unix_micros());
  in.now = now;
  return in;
}

void SetSignals(const RankInputs& in, storage::RankSignals* s) {
  s->set_likes(in.likes);
  s->set_boosts(in.boosts);
  s->set_replies(in.replies);
  s->set_quotes(in.quotes);
  s->set_reactions(in.reactions);
  s->set_dislikes(in.dislikes);
  s->set_positive(in.positive);
  s->set_negative(in.negative);
  s->set_community_interactions(in.community_interactions);
}

bool OutsideWindow(const FeedDefinition& feed, const FeedMemberRecord& record,
                   absl::Time now) {
  return feed.window > absl::ZeroDuration() &&
         now - absl::FromUnixMicros(record.published_unix_micros()) > feed.window;
}

std::string RebuildKey(absl::string_view instance, absl::string_view feed) {
  return absl::StrCat(instance, absl::string_view("\0", 1), feed);
}

storage::FeedIndexValue IndexValueOf(const FeedMemberRecord& record) {
  storage::FeedIndexValue value;
  value.set_author_id(record.author_id());
  value.set_published_unix_micros(record.published_unix_micros());
  return value;
}

bool SameIndexValue(const FeedMemberRecord& a, const FeedMemberRecord& b) {
  return a.author_id() == b.author_id() &&
         a.published_unix_micros() == b.published_unix_micros();
}

}  // namespace harrier::ranking
