// Copyright 2026 The Harrier Authors.
//
// FeedEngine writes: OnActivity, SetHidden and the member updates they share.
#include "engine/ranking/feed_engine.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/ranking/member_record.h"
#include "engine/engagement/ledger_keys.h"
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

}  // namespace

FeedEngine::FeedEngine(Store* store, FeedEngineOptions options)
    : store_(store), options_(options), index_(store), snapshots_(options.snapshots) {}

FeedEngine::~FeedEngine() { snapshots_.Clear(); }

double FeedEngine::KeyScore(const FeedDefinition& feed, const FeedMemberRecord& record,
                            const FeedGeneration& generation) {
  if (record.generation() == generation.generation()) return record.score();
  if (record.has_previous() && record.previous_generation() == generation.generation()) {
    return record.previous_score();
  }
  // Written before the generation was built: Rescore scored it from these
  // very signals at the generation's time.
  return feed.ranker->Score(InputsOf(record, absl::FromUnixMicros(generation.scored_at_unix_micros())));
}

void FeedEngine::NoteMember(absl::string_view instance, absl::string_view feed,
                            absl::Time published) {
  absl::MutexLock lock(&oldest_mutex_);
  if (oldest_.empty()) return;
  auto it = oldest_.find(RebuildKey(instance, feed));
  if (it != oldest_.end()) it->second = std::min(it->second, published);
}

bool FeedEngine::MayHoldExpired(absl::string_view instance, const FeedDefinition& feed,
                                absl::Time now) {
  if (feed.window <= absl::ZeroDuration()) return false;
  absl::MutexLock lock(&oldest_mutex_);
  auto it = oldest_.find(RebuildKey(instance, feed.id));
  return it == oldest_.end() || now - it->second > feed.window;
}

void FeedEngine::MarkDirty(absl::string_view instance, absl::string_view feed,
                           absl::string_view object_id) {
  if (active_rebuilds_.load(std::memory_order_acquire) == 0) return;
  absl::MutexLock lock(&rebuild_mutex_);
  auto it = rebuilds_.find(RebuildKey(instance, feed));
  if (it != rebuilds_.end()) it->second.dirty.insert(std::string(object_id));
}

absl::StatusOr<FeedGeneration> FeedEngine::WriterGeneration(absl::string_view instance,
                                                            absl::string_view feed) {
  const std::string key = RebuildKey(instance, feed);
  {
    absl::MutexLock lock(&generation_mutex_);
    auto it = generations_.find(key);
    if (it != generations_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(FeedGeneration generation, index_.ReadGeneration(instance, feed));
  absl::MutexLock lock(&generation_mutex_);
  generations_[key] = generation;
  return generation;
}

void FeedEngine::ForgetGeneration(absl::string_view instance, absl::string_view feed) {
  absl::MutexLock lock(&generation_mutex_);
  generations_.erase(RebuildKey(instance, feed));
}

absl::Status FeedEngine::WriteMember(absl::string_view instance, const FeedDefinition& feed,
                                     absl::string_view object_id,
                                     const std::optional<FeedMemberRecord>& old,
                                     FeedMemberRecord record, absl::Time now,
                                     Store::Batch* batch) {
  ASSIGN_OR_RETURN(FeedGeneration generation, WriterGeneration(instance, feed.id));
  const double score = feed.ranker->Score(InputsOf(record, now));
  const bool had_entry = old.has_value() && !old->hidden();
  const double old_score = had_entry ? KeyScore(feed, *old, generation) : 0;
  // An entry whose key and value stay the same is left as it is (a like in
  // a chronological feed, a post below a trending threshold): deleting and
  // putting it again would only add two memtable entries and a tombstone.
  const bool unchanged = had_entry && !record.hidden() &&
                         EncodeDescendingScore(old_score) == EncodeDescendingScore(score) &&
                         SameIndexValue(*old, record);
  if (had_entry && !unchanged) {
    FeedIndex::DeleteEntry(batch, instance, feed.id, generation.generation(), old_score,
                           object_id);
  }
  record.set_score(score);
  record.set_generation(generation.generation());
  record.clear_has_previous();
  record.clear_previous_generation();
  record.clear_previous_score();
  if (!record.hidden() && !unchanged) {
    FeedIndex::PutEntry(batch, instance, feed.id, generation.generation(), score, object_id,
                        IndexValueOf(record));
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
  ASSIGN_OR_RETURN(FeedGeneration generation, WriterGeneration(instance, feed_id));
  const FeedDefinition* feed = feeds.Find(feed_id);
  if (!old->hidden() && (feed != nullptr || old->generation() == generation.generation())) {
    const double score = feed != nullptr ? KeyScore(*feed, *old, generation) : old->score();
    FeedIndex::DeleteEntry(batch, instance, feed_id, generation.generation(), score, object_id);
  }
  batch->Delete(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id));
  MarkDirty(instance, feed_id, object_id);
  return absl::OkStatus();
}

std::shared_ptr<PendingCreate> FeedEngine::MakeCreate(std::shared_ptr<const FeedSet> feeds,
                                                     const v1::NormalizedActivity& activity,
                                                     double rank_factor, bool visible,
                                                     absl::Time ingested, bool new_object) {
  auto create = std::make_shared<PendingCreate>();
  const v1::Object& object = activity.object();
  create->matching = feeds->Matching(activity);
  create->feeds = std::move(feeds);
  create->author_id = object.author().id().empty() ? activity.actor().id() : object.author().id();
  create->published = PublishedOf(activity, ingested);
  create->community = object.community();
  create->is_create = activity.type() == "Create";
  create->rank_factor = rank_factor;
  create->visible = visible;
  create->new_object = new_object;
  create->activity_id = activity.id();
  return create;
}

absl::Status FeedEngine::UpsertObject(absl::string_view instance, const FeedSet& feeds,
                                      absl::string_view object_id, const PendingCreate& create,
                                      const storage::EngagementRecord* counts, absl::Time now,
                                      Store::Batch* batch, int events) {
  FeedMembership membership;
  if (!create.new_object) {
    // A Create after the object's Delete is ignored, as the ledger does.
    absl::StatusOr<std::string> stored =
        store_->Get(Family::kObjects, keys::Make(instance, {"o", object_id}));
    if (stored.ok()) {
      storage::ObjectRecord record;
      if (record.ParseFromString(*stored) && record.deleted()) return absl::OkStatus();
    } else if (!absl::IsNotFound(stored.status())) {
      return stored.status();
    }
    ASSIGN_OR_RETURN(membership, index_.ReadMembership(instance, object_id));
  }
  FeedMembership next;
  next.set_hidden(!create.visible);
  next.set_community(create.community);
  // A later Update keeps the factor moderation gave the Create.
  const double factor = create.rank_factor > 0 && create.rank_factor < 1
                            ? create.rank_factor
                            : membership.rank_factor();
  if (factor > 0 && factor < 1) next.set_rank_factor(factor);
  double interactions = 0;
  if (!create.community.empty()) {
    const int added = (create.is_create ? 1 : 0) + events;
    interactions = added > 0 ? communities_.Add(instance, create.community, now, added)
                             : communities_.LastMonth(instance, create.community, now);
  }
  for (size_t i = 0; i < create.matching.size(); ++i) {
    if (!create.matching[i]) continue;
    const FeedDefinition& matched = create.feeds->feeds()[i];
    const FeedDefinition* feed = create.feeds.get() == &feeds ? &matched : feeds.Find(matched.id);
    if (feed == nullptr) continue;
    if (feed->window > absl::ZeroDuration() && now - create.published > feed->window) continue;
    next.add_feed_ids(feed->id);
  }
  for (const std::string& feed_id : membership.feed_ids()) {
    if (std::find(next.feed_ids().begin(), next.feed_ids().end(), feed_id) ==
        next.feed_ids().end()) {
      RETURN_IF_ERROR(RemoveFromFeed(instance, feeds, feed_id, object_id, batch));
    }
  }
  for (const std::string& feed_id : next.feed_ids()) {
    const FeedDefinition& feed = *feeds.Find(feed_id);
    std::optional<FeedMemberRecord> old;
    if (!create.new_object) {
      ASSIGN_OR_RETURN(old, index_.ReadMember(instance, feed_id, object_id));
    }
    FeedMemberRecord record;
    if (next.rank_factor() > 0) record.set_rank_factor(next.rank_factor());
    if (counts != nullptr) {
      RankInputs in;
      ComputeEngagement(*counts, feed.weights, &in);
      ApplyRankFactor(record.rank_factor(), &in);
      SetSignals(in, record.mutable_signals());
    } else if (old.has_value()) {
      *record.mutable_signals() = old->signals();
    }
    record.mutable_signals()->set_community_interactions(interactions);
    record.set_author_id(create.author_id);
    record.set_published_unix_micros(absl::ToUnixMicros(create.published));
    record.set_hidden(!create.visible);
    NoteMember(instance, feed_id, create.published);
    RETURN_IF_ERROR(WriteMember(instance, feed, object_id, old, std::move(record), now, batch));
  }
  const std::string key = FeedIndex::MembershipKey(instance, object_id);
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
                                       absl::Time now, Store::Batch* batch, int events) {
  ASSIGN_OR_RETURN(FeedMembership membership, index_.ReadMembership(instance, object_id));
  if (membership.feed_ids().empty()) return absl::OkStatus();
  const double interactions =
      membership.community().empty()
          ? 0
          : communities_.Add(instance, membership.community(), now, events);
  for (const std::string& feed_id : membership.feed_ids()) {
    const FeedDefinition* feed = feeds.Find(feed_id);
    if (feed == nullptr) continue;
    ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> old,
                     index_.ReadMember(instance, feed_id, object_id));
    if (!old.has_value()) continue;
    FeedMemberRecord record = *old;
    RankInputs in;
    ComputeEngagement(counts, feed->weights, &in);
    ApplyRankFactor(record.rank_factor(), &in);
    in.community_interactions = interactions;
    SetSignals(in, record.mutable_signals());
    RETURN_IF_ERROR(WriteMember(instance, *feed, object_id, old, std::move(record), now, batch));
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
    updates.push_back(
        {activity.object().id(), std::make_shared<storage::EngagementRecord>(*counts_after)});
  }
  return OnActivity(instance, activity, updates, visible, now, batch);
}

absl::Status FeedEngine::OnActivity(absl::string_view instance,
                                    const v1::NormalizedActivity& activity,
                                    const std::vector<CountsUpdate>& counts_after,
                                    bool visible, absl::Time now, Store::Batch* batch,
                                    double rank_factor, std::vector<Deferred>* deferred,
                                    bool new_object) {
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  if (feeds->feeds().empty()) return absl::OkStatus();
  const std::string& type = activity.type();
  const v1::Object& object = activity.object();

  // The last update of each object wins.
  absl::flat_hash_map<std::string, const storage::EngagementRecord*> counts;
  const storage::EngagementRecord* const none = &storage::EngagementRecord::default_instance();
  for (const CountsUpdate& update : counts_after) {
    if (keys::ValidateKeyPart("object_id", update.object_id).ok()) {
      counts[update.object_id] = update.counts != nullptr ? update.counts.get() : none;
    }
  }
  const bool has_object = keys::ValidateKeyPart("object.id", object.id()).ok();

  if (type == "Delete") {
    if (!has_object) return absl::OkStatus();
    if (object.id() == activity.actor().id() || IsActorType(object.type())) {
      // Every object the actor authored (the ledger's author index).
      const std::string prefix = ledger_keys::AuthorPrefix(instance, object.id());
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
    std::shared_ptr<PendingCreate> create =
        MakeCreate(feeds, activity, rank_factor, visible, now, new_object);
    if (deferred != nullptr) {
      deferred->push_back({created, std::move(create)});
    } else {
      auto it = counts.find(created);
      RETURN_IF_ERROR(UpsertObject(instance, *feeds, created, *create,
                                   it == counts.end() ? nullptr : it->second, now, batch));
    }
  }
  for (const auto& [object_id, record] : counts) {
    if (object_id == created) continue;
    if (deferred != nullptr) {
      deferred->push_back({object_id, nullptr});
      continue;
    }
    RETURN_IF_ERROR(RescoreObject(instance, *feeds, object_id, *record, now, batch));
  }
  return absl::OkStatus();
}

std::string FeedEngine::AddMarker(absl::string_view instance,
                                  const std::vector<Deferred>& deferred, Store::Batch* batch) {
  if (deferred.empty()) return "";
  storage::PendingMarker marker;
  for (const Deferred& item : deferred) {
    storage::PendingMarker::Item* stored = marker.add_items();
    stored->set_object_id(item.object_id);
    if (item.create != nullptr) stored->set_activity_id(item.create->activity_id);
  }
  std::string key = FeedIndex::MarkerKey(instance, next_marker_.fetch_add(1));
  batch->Put(Family::kFeedScores, key, marker.SerializeAsString());
  return key;
}

absl::Status FeedEngine::ApplyPending(absl::string_view instance, absl::string_view object_id,
                                      const storage::EngagementRecord& counts,
                                      const PendingRescores::Entry& entry, absl::Time now,
                                      Store::Batch* batch) {
  std::shared_ptr<const FeedSet> feeds = registry_.Get(instance);
  if (feeds->feeds().empty()) return absl::OkStatus();
  if (entry.create == nullptr) {
    return RescoreObject(instance, *feeds, object_id, counts, now, batch, entry.events);
  }
  // Deleted since: its Delete found nothing in the feeds to remove.
  if (counts.deleted()) return absl::OkStatus();
  const PendingCreate* create = entry.create.get();
  std::shared_ptr<PendingCreate> again;
  if (create->feeds != feeds && load_create_ != nullptr && !create->activity_id.empty()) {
    // The instance's feeds were replaced since it was matched: matched
    // again, keeping what the pending set knows (a downrank factor an
    // earlier Create carried over, whether anything was written yet).
    ASSIGN_OR_RETURN(again, load_create_(instance, create->activity_id));
    if (again != nullptr) {
      if (!(again->rank_factor > 0 && again->rank_factor < 1)) {
        again->rank_factor = create->rank_factor;
      }
      again->new_object = create->new_object;
      create = again.get();
    }
  }
  return UpsertObject(instance, *feeds, object_id, *create, &counts, now, batch, entry.events);
}

void FeedEngine::DeleteMarkers(const std::vector<std::string>& markers, Store::Batch* batch) {
  for (const std::string& key : markers) batch->Delete(Family::kFeedScores, key);
}

absl::Status FeedEngine::LoadPending(absl::string_view instance) {
  // What each marker lists, in the order written.
  const std::string prefix = FeedIndex::MarkerPrefix(instance);
  std::vector<std::pair<std::string, std::string>> markers;
  std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kFeedScores, prefix);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    markers.emplace_back(it->key().ToString(), it->value().ToString());
  }
  RETURN_IF_ERROR(FromRocksDb(it->status()));
  for (const auto& [key, value] : markers) {
    storage::PendingMarker marker;
    if (!marker.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("corrupt feed marker in instance '", instance, "'"));
    }
    const uint64_t sequence = keys::ReadBigEndian64(absl::string_view(key).substr(prefix.size()));
    uint64_t next = next_marker_.load();
    while (next <= sequence && !next_marker_.compare_exchange_weak(next, sequence + 1)) {
    }
    std::vector<Deferred> deferred;
    for (const storage::PendingMarker::Item& item : marker.items()) {
      Deferred entry{item.object_id(), nullptr};
      if (!item.activity_id().empty()) {
        if (load_create_ == nullptr) {
          return absl::FailedPreconditionError("LoadPending: no CreateLoader set");
        }
        ASSIGN_OR_RETURN(entry.create, load_create_(instance, item.activity_id()));
        if (entry.create == nullptr) continue;
        entry.create->new_object = false;
      }
      deferred.push_back(std::move(entry));
    }
    pending_.Add(instance, std::move(deferred), key);
  }
  // An older database's per-object markers: re-scores.
  const std::string legacy = FeedIndex::PendingPrefix(instance);
  it = store_->NewIterator(Family::kFeedScores, legacy);
  for (it->Seek(legacy); it->Valid(); it->Next()) {
    pending_.Add(instance, {{it->key().ToString().substr(legacy.size()), nullptr}},
                 it->key().ToString());
  }
  return FromRocksDb(it->status());
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
      ASSIGN_OR_RETURN(FeedGeneration generation, WriterGeneration(instance, feed_id));
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
      record.clear_has_previous();
      // Not re-reading `old` inside WriteMember as visible: write directly.
      ASSIGN_OR_RETURN(FeedGeneration generation, WriterGeneration(instance, feed_id));
      const double score = feed->ranker->Score(InputsOf(record, now));
      record.set_score(score);
      record.set_generation(generation.generation());
      FeedIndex::PutEntry(batch, instance, feed_id, generation.generation(), score, object_id,
                          IndexValueOf(record));
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

}  // namespace harrier::ranking
