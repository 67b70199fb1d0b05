// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_engine.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/ranking/page_token.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "harrier/storage/ranking.pb.h"

namespace harrier::ranking {
namespace {

using storage::FeedGeneration;
using storage::FeedMemberRecord;
using storage::FeedMembership;

bool IsActorType(absl::string_view type) {
  return type == "Person" || type == "Service" || type == "Application" ||
         type == "Group" || type == "Organization";
}

absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

absl::Time PublishedOf(const v1::NormalizedActivity& activity, absl::Time now) {
  const auto& object_time = activity.object().published();
  if (object_time.seconds() != 0 || object_time.nanos() != 0) {
    return absl::FromUnixSeconds(object_time.seconds()) + absl::Nanoseconds(object_time.nanos());
  }
  const auto& activity_time = activity.published();
  if (activity_time.seconds() != 0 || activity_time.nanos() != 0) {
    return absl::FromUnixSeconds(activity_time.seconds()) +
           absl::Nanoseconds(activity_time.nanos());
  }
  return now;
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

bool Expired(const FeedDefinition& feed, const FeedMemberRecord& record, absl::Time now) {
  return feed.window > absl::ZeroDuration() &&
         now - FromMicros(record.published_unix_micros()) > feed.window;
}

std::string RebuildKey(absl::string_view instance, absl::string_view feed) {
  return absl::StrCat(instance, absl::string_view("\0", 1), feed);
}

storage::FeedIndexValue ValueOf(const FeedMemberRecord& record) {
  storage::FeedIndexValue value;
  value.set_author_id(record.author_id());
  value.set_published_unix_micros(record.published_unix_micros());
  return value;
}

}  // namespace

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
  in.published = FromMicros(record.published_unix_micros());
  in.now = now;
  return in;
}

FeedEngine::FeedEngine(Store* store, FeedEngineOptions options)
    : store_(store), options_(options), index_(store), snapshots_(options.snapshots) {}

FeedEngine::~FeedEngine() { snapshots_.Clear(); }

double FeedEngine::KeyScore(const FeedDefinition& feed, const FeedMemberRecord& record,
                            const FeedGeneration& generation) {
  if (record.generation() == generation.generation()) return record.score();
  // Written before the generation was built: Rescore scored it from these
  // very signals at the generation's time.
  return feed.ranker->Score(InputsOf(record, FromMicros(generation.scored_at_unix_micros())));
}

void FeedEngine::MarkDirty(absl::string_view instance, absl::string_view feed,
                           absl::string_view object_id) {
  if (active_rebuilds_.load(std::memory_order_acquire) == 0) return;
  absl::MutexLock lock(&rebuild_mutex_);
  auto it = rebuilds_.find(RebuildKey(instance, feed));
  if (it != rebuilds_.end()) it->second.dirty.insert(std::string(object_id));
}

absl::Status FeedEngine::WriteMember(absl::string_view instance, const FeedDefinition& feed,
                                     absl::string_view object_id, FeedMemberRecord record,
                                     absl::Time now, Store::Batch* batch) {
  ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed.id));
  ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                   index_.ReadMember(instance, feed.id, object_id));
  if (old.has_value() && !old->hidden()) {
    FeedIndex::DeleteEntry(batch, instance, feed.id, generation.generation(),
                           KeyScore(feed, *old, generation), object_id);
  }
  const double score = feed.ranker->Score(InputsOf(record, now));
  record.set_score(score);
  record.set_generation(generation.generation());
  if (!record.hidden()) {
    FeedIndex::PutEntry(batch, instance, feed.id, generation.generation(), score, object_id,
                        ValueOf(record));
  }
  batch->Put(Family::kFeedScores, FeedIndex::MemberKey(instance, feed.id, object_id),
             record.SerializeAsString());
  MarkDirty(instance, feed.id, object_id);
  return absl::OkStatus();
}

absl::Status FeedEngine::RemoveFromFeed(absl::string_view instance, const FeedSet& feeds,
                                        absl::string_view feed_id,
                                        absl::string_view object_id, Store::Batch* batch) {
  ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                   index_.ReadMember(instance, feed_id, object_id));
  if (!old.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed_id));
  const FeedDefinition* feed = feeds.Find(feed_id);
  if (!old->hidden() && (feed != nullptr || old->generation() == generation.generation())) {
    const double score = feed != nullptr ? KeyScore(*feed, *old, generation) : old->score();
    FeedIndex::DeleteEntry(batch, instance, feed_id, generation.generation(), score, object_id);
  }
  batch->Delete(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id));
  MarkDirty(instance, feed_id, object_id);
  return absl::OkStatus();
}

absl::Status FeedEngine::UpsertObject(absl::string_view instance, const FeedSet& feeds,
                                      const v1::NormalizedActivity& activity,
                                      const storage::EngagementRecord* counts, bool visible,
                                      absl::Time now, Store::Batch* batch) {
  const v1::Object& object = activity.object();
  // A Create after the object's Delete is ignored, as the ledger does.
  absl::StatusOr<std::string> stored =
      store_->Get(Family::kObjects, keys::Make(instance, {"o", object.id()}));
  if (stored.ok()) {
    storage::ObjectRecord record;
    if (record.ParseFromString(*stored) && record.deleted()) return absl::OkStatus();
  } else if (!absl::IsNotFound(stored.status())) {
    return stored.status();
  }

  ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object.id()));
  const absl::Time published = PublishedOf(activity, now);
  const std::string& author =
      object.author().id().empty() ? activity.actor().id() : object.author().id();
  FeedMembership next;
  next.set_hidden(!visible);
  next.set_community(object.community());
  double interactions = 0;
  if (!object.community().empty()) {
    interactions = activity.type() == "Create"
                       ? communities_.Add(instance, object.community(), now)
                       : communities_.LastMonth(instance, object.community(), now);
  }
  for (const FeedDefinition& feed : feeds.feeds()) {
    if (!feed.Matches(activity)) continue;
    if (feed.window > absl::ZeroDuration() && now - published > feed.window) continue;
    next.add_feed_ids(feed.id);
  }
  for (const std::string& feed_id : membership.feed_ids()) {
    if (std::find(next.feed_ids().begin(), next.feed_ids().end(), feed_id) ==
        next.feed_ids().end()) {
      RETURN_IF_ERROR(RemoveFromFeed(instance, feeds, feed_id, object.id(), batch));
    }
  }
  for (const std::string& feed_id : next.feed_ids()) {
    const FeedDefinition& feed = *feeds.Find(feed_id);
    ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                     index_.ReadMember(instance, feed_id, object.id()));
    FeedMemberRecord record;
    if (counts != nullptr) {
      RankInputs in;
      ComputeEngagement(*counts, feed.weights, &in);
      SetSignals(in, record.mutable_signals());
    } else if (old.has_value()) {
      *record.mutable_signals() = old->signals();
    }
    record.mutable_signals()->set_community_interactions(interactions);
    record.set_author_id(author);
    record.set_published_unix_micros(absl::ToUnixMicros(published));
    record.set_hidden(!visible);
    RETURN_IF_ERROR(WriteMember(instance, feed, object.id(), std::move(record), now, batch));
  }
  const std::string key = FeedIndex::MembershipKey(instance, object.id());
  if (next.feed_ids().empty()) {
    if (!membership.feed_ids().empty()) batch->Delete(Family::kFeedScores, key);
  } else {
    batch->Put(Family::kFeedScores, key, next.SerializeAsString());
  }
  return absl::OkStatus();
}

absl::Status FeedEngine::RescoreObject(absl::string_view instance, const FeedSet& feeds,
                                       absl::string_view object_id,
                                       const storage::EngagementRecord& counts,
                                       absl::Time now, Store::Batch* batch) {
  ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object_id));
  if (membership.feed_ids().empty()) return absl::OkStatus();
  const double interactions =
      membership.community().empty()
          ? 0
          : communities_.Add(instance, membership.community(), now);
  for (const std::string& feed_id : membership.feed_ids()) {
    const FeedDefinition* feed = feeds.Find(feed_id);
    if (feed == nullptr) continue;
    ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                     index_.ReadMember(instance, feed_id, object_id));
    if (!old.has_value()) continue;
    FeedMemberRecord record = *old;
    RankInputs in;
    ComputeEngagement(counts, feed->weights, &in);
    in.community_interactions = interactions;
    SetSignals(in, record.mutable_signals());
    RETURN_IF_ERROR(WriteMember(instance, *feed, object_id, std::move(record), now, batch));
  }
  return absl::OkStatus();
}

absl::Status FeedEngine::RemoveObject(absl::string_view instance, const FeedSet& feeds,
                                      absl::string_view object_id, Store::Batch* batch) {
  ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object_id));
  if (membership.feed_ids().empty()) return absl::OkStatus();
  for (const std::string& feed_id : membership.feed_ids()) {
    RETURN_IF_ERROR(RemoveFromFeed(instance, feeds, feed_id, object_id, batch));
  }
  batch->Delete(Family::kFeedScores, FeedIndex::MembershipKey(instance, object_id));
  return absl::OkStatus();
}

absl::Status FeedEngine::OnActivity(absl::string_view instance,
                                    const v1::NormalizedActivity& activity,
                                    const storage::EngagementRecord* counts_after,
                                    bool visible, absl::Time now, Store::Batch* batch) {
  std::vector<CountsUpdate> updates;
  if (counts_after != nullptr && !activity.object().id().empty()) {
    updates.push_back({activity.object().id(), *counts_after});
  }
  return OnActivity(instance, activity, updates, visible, now, batch);
}

absl::Status FeedEngine::OnActivity(absl::string_view instance,
                                    const v1::NormalizedActivity& activity,
                                    const std::vector<CountsUpdate>& counts_after,
                                    bool visible, absl::Time now, Store::Batch* batch) {
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  if (feeds->feeds().empty()) return absl::OkStatus();
  const std::string& type = activity.type();
  const v1::Object& object = activity.object();

  // The last update of each object wins.
  absl::flat_hash_map<std::string, const storage::EngagementRecord*> counts;
  for (const CountsUpdate& update : counts_after) {
    if (keys::ValidateKeyPart("object_id", update.object_id).ok()) {
      counts[update.object_id] = &update.counts;
    }
  }
  const bool has_object = keys::ValidateKeyPart("object.id", object.id()).ok();

  if (type == "Delete") {
    if (!has_object) return absl::OkStatus();
    if (object.id() == activity.actor().id() || IsActorType(object.type())) {
      // Every object the actor authored (the ledger's author index).
      const std::string prefix = keys::Make(instance, {"b", object.id(), ""});
      std::vector<std::string> ids;
      std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kObjects, prefix);
      for (it->Seek(prefix); it->Valid(); it->Next()) {
        ids.push_back(it->key().ToString().substr(prefix.size()));
      }
      RETURN_IF_ERROR(FromRocksDb(it->status()));
      for (const std::string& id : ids) {
        RETURN_IF_ERROR(RemoveObject(instance, *feeds, id, batch));
      }
      return absl::OkStatus();
    }
    return RemoveObject(instance, *feeds, object.id(), batch);
  }

  std::string created;
  if ((type == "Create" || type == "Update") && has_object && !object.type().empty() &&
      !IsActorType(object.type())) {
    created = object.id();
    auto it = counts.find(created);
    RETURN_IF_ERROR(UpsertObject(instance, *feeds, activity,
                                 it == counts.end() ? nullptr : it->second, visible, now,
                                 batch));
  }
  for (const auto& [object_id, record] : counts) {
    if (object_id == created) continue;
    RETURN_IF_ERROR(RescoreObject(instance, *feeds, object_id, *record, now, batch));
  }
  return absl::OkStatus();
}

absl::Status FeedEngine::SetHidden(absl::string_view instance, absl::string_view object_id,
                                   bool hidden, absl::Time now, Store::Batch* batch) {
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object_id));
  if (membership.feed_ids().empty()) return absl::OkStatus();
  for (const std::string& feed_id : membership.feed_ids()) {
    const FeedDefinition* feed = feeds->Find(feed_id);
    if (feed == nullptr) continue;
    ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                     index_.ReadMember(instance, feed_id, object_id));
    if (!old.has_value() || old->hidden() == hidden) continue;
    if (hidden) {
      ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed_id));
      FeedIndex::DeleteEntry(batch, instance, feed_id, generation.generation(),
                             KeyScore(*feed, *old, generation), object_id);
      old->set_hidden(true);
      batch->Put(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id),
                 old->SerializeAsString());
      MarkDirty(instance, feed_id, object_id);
    } else {
      // WriteMember deletes no old entry for a hidden record.
      FeedMemberRecord record = *old;
      record.set_hidden(false);
      // Not re-reading `old` inside WriteMember as visible: write directly.
      ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed_id));
      const double score = feed->ranker->Score(InputsOf(record, now));
      record.set_score(score);
      record.set_generation(generation.generation());
      FeedIndex::PutEntry(batch, instance, feed_id, generation.generation(), score, object_id,
                          ValueOf(record));
      batch->Put(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id),
                 record.SerializeAsString());
      MarkDirty(instance, feed_id, object_id);
    }
  }
  membership.set_hidden(hidden);
  batch->Put(Family::kFeedScores, FeedIndex::MembershipKey(instance, object_id),
             membership.SerializeAsString());
  return absl::OkStatus();
}

absl::StatusOr<FeedPage> FeedEngine::GetFeed(absl::string_view instance,
                                             absl::string_view feed_id, int page_size,
                                             absl::string_view page_token) {
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
                              FromMicros(entry.value.published_unix_micros())});
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

absl::StatusOr<RescoreStats> FeedEngine::Rescore(absl::string_view instance,
                                                 absl::string_view feed_id, absl::Time now) {
  const absl::Time start = absl::Now();
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  const FeedDefinition* feed = feeds->Find(feed_id);
  if (feed == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("name: no feed '", feed_id, "' in instance '", instance, "'"));
  }
  const std::string rebuild_key = RebuildKey(instance, feed_id);
  std::shared_ptr<const rocksdb::Snapshot> snapshot;
  {
    // No writer batch is in flight: everything before is in the snapshot,
    // everything after is marked dirty.
    absl::WriterMutexLock publish(&publish_mutex_);
    absl::MutexLock lock(&rebuild_mutex_);
    if (rebuilds_.contains(rebuild_key)) {
      return absl::FailedPreconditionError(
          absl::StrCat("feed '", feed_id, "' is being re-scored already"));
    }
    rebuilds_[rebuild_key];
    active_rebuilds_.fetch_add(1, std::memory_order_acq_rel);
    snapshot = store_->GetSnapshot();
  }
  auto finish_rebuild = [&]() -> Rebuild {
    absl::MutexLock lock(&rebuild_mutex_);
    Rebuild rebuild = std::move(rebuilds_[rebuild_key]);
    rebuilds_.erase(rebuild_key);
    active_rebuilds_.fetch_sub(1, std::memory_order_acq_rel);
    return rebuild;
  };

  RescoreStats stats;
  absl::StatusOr<FeedGeneration> current =
      index_.ReadGeneration(instance, feed_id, snapshot.get());
  if (!current.ok()) {
    finish_rebuild();
    return current.status();
  }
  const uint64_t next = current->generation() + 1;
  stats.generation = next;
  std::vector<std::string> expired;

  // Build the next generation beside the current one: score every member
  // at the snapshot, sort by index key and bulk-load one SST file (no
  // memtable inserts, no WAL; visible atomically, and to no reader until
  // the generation pointer flips).
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t leftovers, index_.Count(instance, feed_id, next));
    if (leftovers > 0) {  // Left by a crash between bulk load and flip.
      Store::Batch stale;
      FeedIndex::DeleteGeneration(&stale, instance, feed_id, next);
      RETURN_IF_ERROR(store_->Write(stale));
    }
    struct Item {
      double score;
      std::string object_id;
      std::string value;
    };
    std::vector<Item> items;
    const std::string prefix = FeedIndex::MemberPrefix(instance, feed_id);
    std::unique_ptr<rocksdb::Iterator> it =
        store_->NewIterator(Family::kFeedScores, prefix, snapshot.get());
    FeedMemberRecord record;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt feed member record");
      }
      const absl::string_view object_id(it->key().data() + prefix.size(),
                                        it->key().size() - prefix.size());
      if (Expired(*feed, record, now)) {
        expired.emplace_back(object_id);
        continue;
      }
      if (record.hidden()) continue;
      items.push_back({feed->ranker->Score(InputsOf(record, now)), std::string(object_id),
                       ValueOf(record).SerializeAsString()});
    }
    RETURN_IF_ERROR(FromRocksDb(it->status()));
    stats.members = static_cast<int64_t>(items.size());
    // Index order: descending encoded score, then object id.
    std::vector<std::pair<std::string, uint32_t>> order;
    order.reserve(items.size());
    for (uint32_t i = 0; i < items.size(); ++i) {
      order.emplace_back(EncodeDescendingScore(items[i].score), i);
    }
    std::sort(order.begin(), order.end(), [&items](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return items[a.second].object_id < items[b.second].object_id;
    });
    ASSIGN_OR_RETURN(std::unique_ptr<Store::BulkLoader> loader,
                     store_->NewBulkLoader(Family::kFeedIndex));
    const std::string generation_prefix =
        FeedIndex::GenerationPrefix(instance, feed_id, next);
    std::string key;
    for (const auto& [score_bytes, i] : order) {
      key.assign(generation_prefix);
      key += score_bytes;
      key += items[i].object_id;
      RETURN_IF_ERROR(loader->Add(key, items[i].value));
    }
    return loader->Finish();
  }();
  if (!status.ok()) {
    Rebuild abandoned = finish_rebuild();
    Store::Batch cleanup;
    FeedIndex::DeleteGeneration(&cleanup, instance, feed_id, next);
    (void)store_->Write(cleanup);
    return status;
  }

  // Publish: fix up what changed meanwhile, flip, drop the old generation.
  absl::WriterMutexLock publish(&publish_mutex_);
  Rebuild rebuild = finish_rebuild();
  stats.changed_during_rescore = static_cast<int64_t>(rebuild.dirty.size());
  FeedGeneration flipped;
  flipped.set_generation(next);
  flipped.set_scored_at_unix_micros(absl::ToUnixMicros(now));
  Store::Batch batch;
  absl::flat_hash_set<std::string> expired_set(expired.begin(), expired.end());
  status = [&]() -> absl::Status {
    for (const std::string& object_id : rebuild.dirty) {
      ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> before,
                       index_.ReadMember(instance, feed_id, object_id, snapshot.get()));
      if (before.has_value() && !before->hidden() && !Expired(*feed, *before, now)) {
        FeedIndex::DeleteEntry(&batch, instance, feed_id, next,
                               feed->ranker->Score(InputsOf(*before, now)), object_id);
      }
      ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> live,
                       index_.ReadMember(instance, feed_id, object_id));
      expired_set.erase(object_id);
      if (!live.has_value()) continue;
      if (Expired(*feed, *live, now)) {
        expired_set.insert(object_id);
        continue;
      }
      const double score = feed->ranker->Score(InputsOf(*live, now));
      live->set_score(score);
      live->set_generation(next);
      if (!live->hidden()) {
        FeedIndex::PutEntry(&batch, instance, feed_id, next, score, object_id, ValueOf(*live));
      }
      batch.Put(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id),
                live->SerializeAsString());
    }
    for (const std::string& object_id : expired_set) {
      batch.Delete(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id));
      ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object_id));
      FeedMembership kept;
      kept.set_hidden(membership.hidden());
      for (const std::string& id : membership.feed_ids()) {
        if (id != feed_id) kept.add_feed_ids(id);
      }
      const std::string key = FeedIndex::MembershipKey(instance, object_id);
      if (kept.feed_ids().empty()) {
        batch.Delete(Family::kFeedScores, key);
      } else {
        batch.Put(Family::kFeedScores, key, kept.SerializeAsString());
      }
    }
    stats.expired = static_cast<int64_t>(expired_set.size());
    batch.Put(Family::kFeedScores, FeedIndex::GenerationKey(instance, feed_id),
              flipped.SerializeAsString());
    FeedIndex::DeleteGeneration(&batch, instance, feed_id, current->generation());
    return store_->Write(batch);
  }();
  if (!status.ok()) {
    Store::Batch cleanup;
    FeedIndex::DeleteGeneration(&cleanup, instance, feed_id, next);
    (void)store_->Write(cleanup);
    return status;
  }
  stats.elapsed = absl::Now() - start;
  return stats;
}

}  // namespace harrier::ranking
