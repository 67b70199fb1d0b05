// Copyright 2026 The Harrier Authors.
//
// FeedEngine::Rescore: a new generation, bulk-loaded, published atomically.
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

absl::StatusOr<RescoreStats> FeedEngine::Rescore(absl::string_view instance,
                                                 absl::string_view feed_id, absl::Time now) {
  return RescoreImpl(instance, feed_id, now, /*reread_engagement=*/false);
}

absl::StatusOr<RescoreStats> FeedEngine::Rebuild(absl::string_view instance,
                                                 absl::string_view feed_id, absl::Time now) {
  return RescoreImpl(instance, feed_id, now, /*reread_engagement=*/true);
}

absl::StatusOr<RescoreStats> FeedEngine::RescoreImpl(absl::string_view instance,
                                                     absl::string_view feed_id,
                                                     absl::Time now, bool reread) {
  const absl::Time start = absl::Now();
  // The generation keeps its time in microseconds, and later events predict
  // a member's key from it (KeyScore): score at exactly that time, or those
  // predictions miss the keys written here and leave them behind.
  now = absl::FromUnixMicros(absl::ToUnixMicros(now));
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
  auto finish_rebuild = [&]() -> RebuildState {
    absl::MutexLock lock(&rebuild_mutex_);
    RebuildState rebuild = std::move(rebuilds_[rebuild_key]);
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
  // Rebuild: the member as the new generation sees it (signals from the
  // ledger's counts at the snapshot, with the feed's current weights).
  auto as_built = [&](absl::string_view object_id,
                      FeedMemberRecord* record) -> absl::Status {
    if (!reread) return absl::OkStatus();
    storage::EngagementRecord counts;
    absl::StatusOr<std::string> bytes = store_->Get(
        Family::kEngagement, keys::Make(instance, {"c", object_id}), snapshot.get());
    if (bytes.ok()) {
      if (!counts.ParseFromString(*bytes)) return absl::DataLossError("corrupt counts");
    } else if (!absl::IsNotFound(bytes.status())) {
      return bytes.status();
    }
    RankInputs in;
    ComputeEngagement(counts, feed->weights, &in);
    ApplyRankFactor(record->rank_factor(), &in);
    in.community_interactions = record->signals().community_interactions();
    SetSignals(in, record->mutable_signals());
    return absl::OkStatus();
  };
  std::vector<std::pair<std::string, storage::RankSignals>> rewrites;
  // The oldest member the new generation keeps (MayHoldExpired).
  absl::Time oldest = absl::InfiniteFuture();

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
    // Object ids and index values live in one arena (no allocation per
    // member); an item points into it.
    struct Item {
      double score;
      size_t offset;
      uint32_t id_size;
      uint32_t value_size;
    };
    std::vector<Item> items;
    std::string arena;
    storage::FeedIndexValue value;
    auto id_of = [&arena](const Item& item) {
      return absl::string_view(arena.data() + item.offset, item.id_size);
    };
    auto value_of = [&arena](const Item& item) {
      return absl::string_view(arena.data() + item.offset + item.id_size, item.value_size);
    };
    const std::string generation_prefix =
        FeedIndex::GenerationPrefix(instance, feed_id, next);
    // Members are scored, sorted and loaded in runs of at most
    // options_.rescore_run_items,
    // one SST file each, so memory stays bounded however large the feed
    // (the runs overlap in key order; readers see none of them until the
    // flip). A feed smaller than the bulk-load threshold is one write batch.
    bool bulk = false;
    auto flush_run = [&](bool last) -> absl::Status {
      // Index order: descending encoded score (as a big-endian integer, so
      // the sort compares integers), then object id. Items arrive in object
      // id order (the member scan's key order), so among equal scores the
      // item's position is the id's: no string compares (many members tie,
      // e.g. every unliked post published in the same second).
      std::vector<std::pair<uint64_t, uint32_t>> order;
      order.reserve(items.size());
      for (uint32_t i = 0; i < items.size(); ++i) {
        order.emplace_back(keys::ReadBigEndian64(EncodeDescendingScore(items[i].score)), i);
      }
      std::sort(order.begin(), order.end());
      auto key_of = [&](uint64_t score_bits, const Item& item, std::string* key) {
        key->assign(generation_prefix);
        keys::AppendBigEndian64(key, score_bits);
        const absl::string_view id = id_of(item);
        key->append(id.data(), id.size());
      };
      std::string key;
      if (last && !bulk && static_cast<int64_t>(items.size()) < options_.bulk_load_threshold) {
        // Small feeds: one write batch (no SST file per feed and run).
        Store::Batch real;
        for (const auto& [score_bits, i] : order) {
          key_of(score_bits, items[i], &key);
          const absl::string_view bytes = value_of(items[i]);
          real.Put(Family::kFeedIndex, key, std::string_view(bytes.data(), bytes.size()));
        }
        return store_->Write(real);
      }
      bulk = true;
      ASSIGN_OR_RETURN(std::unique_ptr<Store::BulkLoader> loader,
                       store_->NewBulkLoader(Family::kFeedIndex));
      for (const auto& [score_bits, i] : order) {
        key_of(score_bits, items[i], &key);
        const absl::string_view bytes = value_of(items[i]);
        RETURN_IF_ERROR(loader->Add(key, std::string_view(bytes.data(), bytes.size())));
      }
      RETURN_IF_ERROR(loader->Finish());
      items.clear();
      items.shrink_to_fit();
      arena.clear();
      arena.shrink_to_fit();
      return absl::OkStatus();
    };
    const std::string prefix = FeedIndex::MemberPrefix(instance, feed_id);
    std::unique_ptr<rocksdb::Iterator> it =
        store_->NewScanIterator(Family::kFeedScores, prefix, snapshot.get());
    FeedMemberRecord record;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt feed member record");
      }
      const absl::string_view object_id(it->key().data() + prefix.size(),
                                        it->key().size() - prefix.size());
      if (OutsideWindow(*feed, record, now)) {
        expired.emplace_back(object_id);
        continue;
      }
      oldest = std::min(oldest, absl::FromUnixMicros(record.published_unix_micros()));
      RETURN_IF_ERROR(as_built(object_id, &record));
      if (reread) rewrites.emplace_back(std::string(object_id), record.signals());
      if (record.hidden()) continue;
      value.set_author_id(record.author_id());
      value.set_published_unix_micros(record.published_unix_micros());
      const size_t offset = arena.size();
      arena.append(object_id.data(), object_id.size());
      const size_t value_size = value.ByteSizeLong();
      arena.resize(offset + object_id.size() + value_size);
      value.SerializeWithCachedSizesToArray(
          reinterpret_cast<uint8_t*>(arena.data() + offset + object_id.size()));
      items.push_back({feed->ranker->Score(InputsOf(record, now)), offset,
                       static_cast<uint32_t>(object_id.size()),
                       static_cast<uint32_t>(value_size)});
      ++stats.members;
      if (static_cast<int64_t>(items.size()) >= options_.rescore_run_items) {
        RETURN_IF_ERROR(flush_run(/*last=*/false));
      }
    }
    RETURN_IF_ERROR(FromRocksDb(it->status()));
    if (items.empty() && bulk) return absl::OkStatus();
    return flush_run(/*last=*/true);
  }();
  // Rebuild: rewrite the member records for the new generation, in chunks,
  // each while no writer batch is in flight; members changed since the
  // snapshot are left to the publish step.
  constexpr size_t kChunk = 5000;
  for (size_t begin = 0; status.ok() && begin < rewrites.size(); begin += kChunk) {
    absl::WriterMutexLock publish(&publish_mutex_);
    absl::flat_hash_set<std::string> dirty;
    {
      absl::MutexLock lock(&rebuild_mutex_);
      dirty = rebuilds_[rebuild_key].dirty;
    }
    status = [&]() -> absl::Status {
      Store::Batch batch;
      for (size_t i = begin; i < std::min(rewrites.size(), begin + kChunk); ++i) {
        const std::string& object_id = rewrites[i].first;
        if (dirty.contains(object_id)) continue;
        ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> live,
                         index_.ReadMember(instance, feed_id, object_id));
        if (!live.has_value()) continue;
        FeedMemberRecord record = *live;
        record.set_has_previous(true);
        record.set_previous_generation(current->generation());
        record.set_previous_score(KeyScore(*feed, *live, *current));
        *record.mutable_signals() = rewrites[i].second;
        record.set_generation(next);
        record.set_score(feed->ranker->Score(InputsOf(record, now)));
        batch.Put(Family::kFeedScores, FeedIndex::MemberKey(instance, feed_id, object_id),
                  record.SerializeAsString());
      }
      return store_->Write(batch);
    }();
  }
  // Members changed since the snapshot: the new generation's key for each
  // is brought to the member's live record. Most of them are caught up in
  // rounds while writers go on (each round takes the objects marked so
  // far, with no writer batch in flight, then reads and writes without the
  // lock; objects changed meanwhile are marked again for the next round);
  // only the last few are done under the exclusive lock at the flip, so
  // writers pause for those alone, however large the feed. Member records
  // are not rewritten: one written since the snapshot predicts its key in
  // the new generation as algorithm(signals, scored_at) (KeyScore), which
  // is the key written here.
  absl::flat_hash_set<std::string> expired_set(expired.begin(), expired.end());
  // The score of each caught-up member's key in the new generation (none:
  // no key).
  absl::flat_hash_map<std::string, std::optional<double>> caught_up;
  auto catch_up = [&](const absl::flat_hash_set<std::string>& ids,
                      Store::Batch* batch) -> absl::Status {
    for (const std::string& object_id : ids) {
      std::optional<double> had;
      auto it = caught_up.find(object_id);
      if (it != caught_up.end()) {
        had = it->second;
      } else {
        // The key the generation was built with, from the snapshot.
        ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> before,
                         index_.ReadMember(instance, feed_id, object_id, snapshot.get()));
        if (before.has_value()) RETURN_IF_ERROR(as_built(object_id, &*before));
        if (before.has_value() && !before->hidden() && !OutsideWindow(*feed, *before, now)) {
          had = feed->ranker->Score(InputsOf(*before, now));
        }
      }
      if (had.has_value()) {
        FeedIndex::DeleteEntry(batch, instance, feed_id, next, *had, object_id);
      }
      std::optional<double>& has = caught_up[object_id];
      has.reset();
      ASSIGN_OR_RETURN(std::optional<FeedMemberRecord> live,
                       index_.ReadMember(instance, feed_id, object_id));
      expired_set.erase(object_id);
      if (!live.has_value()) continue;
      if (OutsideWindow(*feed, *live, now)) {
        expired_set.insert(object_id);
        continue;
      }
      oldest = std::min(oldest, absl::FromUnixMicros(live->published_unix_micros()));
      if (live->hidden()) continue;
      const double score = feed->ranker->Score(InputsOf(*live, now));
      FeedIndex::PutEntry(batch, instance, feed_id, next, score, object_id, IndexValueOf(*live));
      has = score;
    }
    return absl::OkStatus();
  };
  constexpr int kMaxRounds = 8;
  for (int round = 0; status.ok() && round < kMaxRounds; ++round) {
    absl::flat_hash_set<std::string> ids;
    {
      absl::WriterMutexLock publish(&publish_mutex_);
      absl::MutexLock lock(&rebuild_mutex_);
      absl::flat_hash_set<std::string>& dirty = rebuilds_[rebuild_key].dirty;
      if (static_cast<int64_t>(dirty.size()) <= options_.rescore_flip_changes) break;
      ids.swap(dirty);
    }
    Store::Batch batch;
    status = catch_up(ids, &batch);
    if (status.ok()) status = store_->Write(batch);
  }
  if (!status.ok()) {
    RebuildState abandoned = finish_rebuild();
    Store::Batch cleanup;
    FeedIndex::DeleteGeneration(&cleanup, instance, feed_id, next);
    (void)store_->Write(cleanup);
    return status;
  }

  // Publish: catch up the rest, flip, drop the old generation.
  absl::WriterMutexLock publish(&publish_mutex_);
  const absl::Time paused = absl::Now();
  RebuildState rebuild = finish_rebuild();
  FeedGeneration flipped;
  flipped.set_generation(next);
  flipped.set_scored_at_unix_micros(absl::ToUnixMicros(now));
  Store::Batch batch;
  status = [&]() -> absl::Status {
    RETURN_IF_ERROR(catch_up(rebuild.dirty, &batch));
    stats.changed_during_rescore = static_cast<int64_t>(caught_up.size());
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
    // Writers read the generation from the cache; they are paused (publish
    // lock) until it is forgotten.
    ForgetGeneration(instance, feed_id);
    return store_->Write(batch);
  }();
  {
    // Still under the publish lock: every member written since the snapshot
    // is among the dirty ones above, every later one lowers this.
    absl::MutexLock lock(&oldest_mutex_);
    if (status.ok()) {
      oldest_[rebuild_key] = oldest;
    } else {
      oldest_.erase(rebuild_key);
    }
  }
  if (!status.ok()) {
    Store::Batch cleanup;
    FeedIndex::DeleteGeneration(&cleanup, instance, feed_id, next);
    (void)store_->Write(cleanup);
    return status;
  }
  stats.elapsed = absl::Now() - start;
  stats.flip_pause = absl::Now() - paused;
  return stats;
}

}  // namespace harrier::ranking
