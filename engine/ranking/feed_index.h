// Copyright 2026 The Harrier Authors.
//
// feed_index.h: the on-disk layout of feeds and the reads and writes over it.
//
//   feed_index   <instance> 0 <feed> 0 <generation: 8 bytes BE>
//                <score: 8 bytes, descending> <object id>
//                -> FeedIndexValue (author id, published)
//   feed_scores  <instance> 0 s 0 <feed> 0 <object id> -> FeedMemberRecord
//                (score of its index key, generation, signals, author,
//                published, hidden)
//   feed_scores  <instance> 0 m 0 <object id> -> FeedMembership (feed ids)
//   feed_scores  <instance> 0 g 0 <feed> -> FeedGeneration (the generation
//                readers use; absent = generation 0)
//
// Scores are encoded so that bytewise ascending order is descending score
// (EncodeDescendingScore); ties are ordered by object id. A page is one Seek
// and N Next over `<instance> 0 <feed> 0 <generation>`. A generation is an
// entire ranking; Rescore writes the next one beside the current one and
// flips the pointer, so readers see the old or the new order, never a mix.
//
// Thread safety: FeedIndex is stateless apart from the Store pointer (which
// it does not own and which must outlive it); all methods are thread-safe.
// Writes go into the caller's batch. Errors: DATA_LOSS for a record that does
// not parse; storage errors as Store reports them.
#ifndef HARRIER_ENGINE_RANKING_FEED_INDEX_H_
#define HARRIER_ENGINE_RANKING_FEED_INDEX_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/storage/store.h"
#include "harrier/storage/ranking.pb.h"

namespace harrier::ranking {

// 8 bytes whose bytewise order is the reverse of the order of `score`
// (-0.0 is 0.0, NaN is 0.0).
std::string EncodeDescendingScore(double score);
// The inverse; `bytes` must be 8 bytes.
double DecodeDescendingScore(absl::string_view bytes);

// One item of a feed as stored in the index.
struct IndexEntry {
  double score = 0;
  std::string object_id;
  storage::FeedIndexValue value;
};

class FeedIndex {
 public:
  explicit FeedIndex(Store* store) : store_(store) {}

  // --- Keys. ---
  static std::string GenerationPrefix(absl::string_view instance, absl::string_view feed,
                                      uint64_t generation);
  static std::string IndexKey(absl::string_view instance, absl::string_view feed,
                              uint64_t generation, double score,
                              absl::string_view object_id);
  static std::string MemberKey(absl::string_view instance, absl::string_view feed,
                               absl::string_view object_id);
  static std::string MemberPrefix(absl::string_view instance, absl::string_view feed);
  static std::string MembershipKey(absl::string_view instance, absl::string_view object_id);
  static std::string GenerationKey(absl::string_view instance, absl::string_view feed);
  // Marker of what one ingest write deferred to the feed flush (see
  // pending_rescores.h), by sequence number.
  static std::string MarkerKey(absl::string_view instance, uint64_t sequence);
  static std::string MarkerPrefix(absl::string_view instance);
  // An older database's marker of one object waiting for a re-score (no
  // longer written; loaded and deleted like the markers above).
  static std::string PendingKey(absl::string_view instance, absl::string_view object_id);
  static std::string PendingPrefix(absl::string_view instance);

  // --- Reads (at `snapshot` when not null). ---
  absl::StatusOr<std::optional<storage::FeedMemberRecord>> ReadMember(
      absl::string_view instance, absl::string_view feed, absl::string_view object_id,
      const rocksdb::Snapshot* snapshot = nullptr) const;
  // Empty membership when absent.
  absl::StatusOr<storage::FeedMembership> ReadMembership(
      absl::string_view instance, absl::string_view object_id) const;
  absl::StatusOr<storage::FeedGeneration> ReadGeneration(
      absl::string_view instance, absl::string_view feed,
      const rocksdb::Snapshot* snapshot = nullptr) const;

  // Calls `fn` for the entries of (`instance`, `feed`, `generation`) in rank
  // order, starting after the entry (after_score, after_object_id) when
  // `after_object_id` is set, until `fn` returns false.
  absl::Status Scan(absl::string_view instance, absl::string_view feed,
                    uint64_t generation, std::optional<double> after_score,
                    absl::string_view after_object_id,
                    const rocksdb::Snapshot* snapshot,
                    const std::function<bool(const IndexEntry&)>& fn) const;

  // Number of entries in a generation (tests, benchmarks; O(n)).
  absl::StatusOr<int64_t> Count(absl::string_view instance, absl::string_view feed,
                                uint64_t generation) const;

  // --- Writes. ---
  static void PutEntry(Store::Batch* batch, absl::string_view instance,
                       absl::string_view feed, uint64_t generation, double score,
                       absl::string_view object_id, const storage::FeedIndexValue& value);
  static void DeleteEntry(Store::Batch* batch, absl::string_view instance,
                          absl::string_view feed, uint64_t generation, double score,
                          absl::string_view object_id);
  // Deletes every entry of a generation (one range tombstone).
  static void DeleteGeneration(Store::Batch* batch, absl::string_view instance,
                               absl::string_view feed, uint64_t generation);

  Store* store() const { return store_; }

 private:
  Store* const store_;
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_FEED_INDEX_H_
