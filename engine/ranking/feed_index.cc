// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_index.h"

#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"

namespace harrier::ranking {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;

template <typename Message>
absl::StatusOr<std::optional<Message>> ReadMessage(const Store& store, Family family,
                                                   const std::string& key,
                                                   const rocksdb::Snapshot* snapshot) {
  absl::StatusOr<std::string> bytes = store.Get(family, key, snapshot);
  if (absl::IsNotFound(bytes.status())) return std::optional<Message>();
  if (!bytes.ok()) return bytes.status();
  Message message;
  if (!message.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("corrupt ranking record in ", std::string(FamilyName(family))));
  }
  return std::optional<Message>(std::move(message));
}

}  // namespace

std::string EncodeDescendingScore(double score) {
  if (std::isnan(score) || score == 0) score = 0;  // Also folds -0.0.
  uint64_t bits;
  std::memcpy(&bits, &score, sizeof(bits));
  // Ascending order: flip all bits of negatives, only the sign of positives.
  uint64_t ascending = (bits & kSignBit) ? ~bits : (bits | kSignBit);
  std::string out;
  keys::AppendBigEndian64(&out, ~ascending);
  return out;
}

double DecodeDescendingScore(absl::string_view bytes) {
  uint64_t ascending = ~keys::ReadBigEndian64(bytes);
  uint64_t bits = (ascending & kSignBit) ? (ascending & ~kSignBit) : ~ascending;
  double score;
  std::memcpy(&score, &bits, sizeof(score));
  return score;
}

std::string FeedIndex::GenerationPrefix(absl::string_view instance, absl::string_view feed,
                                        uint64_t generation) {
  std::string key = keys::Make(instance, {feed, ""});
  keys::AppendBigEndian64(&key, generation);
  return key;
}

std::string FeedIndex::IndexKey(absl::string_view instance, absl::string_view feed,
                                uint64_t generation, double score,
                                absl::string_view object_id) {
  std::string key = GenerationPrefix(instance, feed, generation);
  key += EncodeDescendingScore(score);
  key.append(object_id.data(), object_id.size());
  return key;
}

std::string FeedIndex::MemberKey(absl::string_view instance, absl::string_view feed,
                                 absl::string_view object_id) {
  return keys::Make(instance, {"s", feed, object_id});
}

std::string FeedIndex::MemberPrefix(absl::string_view instance, absl::string_view feed) {
  return keys::Make(instance, {"s", feed, ""});
}

std::string FeedIndex::MembershipKey(absl::string_view instance,
                                     absl::string_view object_id) {
  return keys::Make(instance, {"m", object_id});
}

std::string FeedIndex::GenerationKey(absl::string_view instance, absl::string_view feed) {
  return keys::Make(instance, {"g", feed});
}

std::string FeedIndex::MarkerKey(absl::string_view instance, uint64_t sequence) {
  std::string number;
  keys::AppendBigEndian64(&number, sequence);
  return keys::Make(instance, {"q", number});
}

std::string FeedIndex::MarkerPrefix(absl::string_view instance) {
  return keys::Make(instance, {"q", ""});
}

std::string FeedIndex::PendingKey(absl::string_view instance, absl::string_view object_id) {
  return keys::Make(instance, {"p", object_id});
}

std::string FeedIndex::PendingPrefix(absl::string_view instance) {
  return keys::Make(instance, {"p", ""});
}

absl::StatusOr<std::optional<storage::FeedMemberRecord>> FeedIndex::ReadMember(
    absl::string_view instance, absl::string_view feed, absl::string_view object_id,
    const rocksdb::Snapshot* snapshot) const {
  return ReadMessage<storage::FeedMemberRecord>(
      *store_, Family::kFeedScores, MemberKey(instance, feed, object_id), snapshot);
}

absl::StatusOr<storage::FeedMembership> FeedIndex::ReadMembership(
    absl::string_view instance, absl::string_view object_id) const {
  ASSIGN_OR_RETURN(std::optional<storage::FeedMembership> membership,
                   ReadMessage<storage::FeedMembership>(
                       *store_, Family::kFeedScores, MembershipKey(instance, object_id),
                       nullptr));
  return membership.value_or(storage::FeedMembership());
}

absl::StatusOr<storage::FeedGeneration> FeedIndex::ReadGeneration(
    absl::string_view instance, absl::string_view feed,
    const rocksdb::Snapshot* snapshot) const {
  ASSIGN_OR_RETURN(std::optional<storage::FeedGeneration> generation,
                   ReadMessage<storage::FeedGeneration>(
                       *store_, Family::kFeedScores, GenerationKey(instance, feed),
                       snapshot));
  return generation.value_or(storage::FeedGeneration());
}

absl::Status FeedIndex::Scan(absl::string_view instance, absl::string_view feed,
                             uint64_t generation, std::optional<double> after_score,
                             absl::string_view after_object_id,
                             const rocksdb::Snapshot* snapshot,
                             const std::function<bool(const IndexEntry&)>& fn) const {
  const std::string prefix = GenerationPrefix(instance, feed, generation);
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Family::kFeedIndex, prefix, snapshot);
  std::string start = prefix;
  if (after_score.has_value()) {
    start = IndexKey(instance, feed, generation, *after_score, after_object_id);
  }
  it->Seek(start);
  if (after_score.has_value() && it->Valid() && it->key() == rocksdb::Slice(start)) {
    it->Next();
  }
  IndexEntry entry;
  for (; it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key();
    if (key.size() < prefix.size() + 8) return absl::DataLossError("short feed index key");
    entry.score = DecodeDescendingScore(
        absl::string_view(key.data() + prefix.size(), 8));
    entry.object_id.assign(key.data() + prefix.size() + 8, key.size() - prefix.size() - 8);
    if (!entry.value.ParseFromArray(it->value().data(),
                                    static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt feed index value");
    }
    if (!fn(entry)) break;
  }
  return FromRocksDb(it->status());
}

absl::StatusOr<int64_t> FeedIndex::Count(absl::string_view instance, absl::string_view feed,
                                         uint64_t generation) const {
  const std::string prefix = GenerationPrefix(instance, feed, generation);
  std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kFeedIndex, prefix);
  int64_t count = 0;
  for (it->Seek(prefix); it->Valid(); it->Next()) ++count;
  RETURN_IF_ERROR(FromRocksDb(it->status()));
  return count;
}

void FeedIndex::PutEntry(Store::Batch* batch, absl::string_view instance,
                         absl::string_view feed, uint64_t generation, double score,
                         absl::string_view object_id,
                         const storage::FeedIndexValue& value) {
  batch->Put(Family::kFeedIndex, IndexKey(instance, feed, generation, score, object_id),
             value.SerializeAsString());
}

void FeedIndex::DeleteEntry(Store::Batch* batch, absl::string_view instance,
                            absl::string_view feed, uint64_t generation, double score,
                            absl::string_view object_id) {
  batch->Delete(Family::kFeedIndex, IndexKey(instance, feed, generation, score, object_id));
}

void FeedIndex::DeleteGeneration(Store::Batch* batch, absl::string_view instance,
                                 absl::string_view feed, uint64_t generation) {
  batch->DeleteRange(Family::kFeedIndex, GenerationPrefix(instance, feed, generation),
                     GenerationPrefix(instance, feed, generation + 1));
}

}  // namespace harrier::ranking
