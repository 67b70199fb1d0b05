// Copyright 2026 The Harrier Authors.
#include "engine/moderation/decision_index.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

constexpr char kSingle = '\0';  // after the time: one decision (older versions)
constexpr char kGroup = '\1';   // after the time: a write group's decisions
constexpr size_t kTimeBytes = 8;
// A group's page cursor: its key suffix, then how many of its entries are
// still to list (8 bytes BE).
constexpr size_t kLeftBytes = 8;

std::string IndexPrefix(absl::string_view instance) { return keys::Make(instance, {"t", ""}); }

// Decisions are indexed and ordered by their decide time in microseconds.
int64_t MicrosOf(const v1::Decision& decision) {
  return absl::ToUnixMicros(FromTimestamp(decision.decide_time()));
}

absl::Status BadToken() {
  return absl::InvalidArgumentError("page_token: not a token from this server's previous page");
}

}  // namespace

void DecisionIndexBuffer::Add(absl::string_view activity_id, v1::Decision decision) {
  storage::DecisionIndexGroup::Entry* entry = group_.add_entries();
  entry->set_activity_id(activity_id.data(), activity_id.size());
  decision.clear_name();
  decision.clear_activity_id();
  *entry->mutable_decision() = std::move(decision);
}

void DecisionIndexBuffer::MoveTo(DecisionIndexBuffer* other) {
  for (storage::DecisionIndexGroup::Entry& entry : *group_.mutable_entries()) {
    other->group_.add_entries()->Swap(&entry);
  }
  group_.Clear();
}

void DecisionIndexBuffer::Flush(absl::string_view instance, Store::Batch* batch) {
  if (empty()) return;
  auto* entries = group_.mutable_entries();
  auto older = [](const storage::DecisionIndexGroup::Entry& a,
                  const storage::DecisionIndexGroup::Entry& b) {
    const int64_t ta = MicrosOf(a.decision());
    const int64_t tb = MicrosOf(b.decision());
    return ta != tb ? ta < tb : a.activity_id() < b.activity_id();
  };
  std::sort(entries->pointer_begin(), entries->pointer_end(),
            [&older](const auto* a, const auto* b) { return older(*a, *b); });
  const storage::DecisionIndexGroup::Entry& newest = *entries->rbegin();
  std::string key = IndexPrefix(instance);
  keys::AppendBigEndian64(&key, static_cast<uint64_t>(MicrosOf(newest.decision())));
  key.push_back(kGroup);
  key.append(newest.activity_id());
  batch->Put(Family::kDecisions, key, group_.SerializeAsString());
  group_.Clear();
}

absl::Status ScanDecisionIndex(const Store& store, absl::string_view instance, int page_size,
                               absl::string_view page_token, const DecisionVisitor& visit,
                               std::string* next_page_token, int max_examined) {
  next_page_token->clear();
  absl::StatusOr<std::string> cursor = DecodeCursor(page_token);
  if (!cursor.ok()) return cursor.status();
  const std::string prefix = IndexPrefix(instance);
  std::unique_ptr<rocksdb::Iterator> it = store.NewIterator(Family::kDecisions, prefix);
  // Entries of the group at the cursor still to list (-1: none, start with
  // the key before the cursor's).
  int64_t left_in_group = -1;
  if (cursor->empty()) {
    it->SeekToLast();
  } else {
    std::string suffix = *cursor;
    if (suffix.size() > kTimeBytes && suffix[kTimeBytes] == kGroup) {
      if (suffix.size() < kTimeBytes + 1 + kLeftBytes) return BadToken();
      left_in_group = static_cast<int64_t>(std::min<uint64_t>(
          keys::ReadBigEndian64(absl::string_view(suffix).substr(suffix.size() - kLeftBytes)),
          INT32_MAX));
      suffix.resize(suffix.size() - kLeftBytes);
    }
    const std::string start = prefix + suffix;
    it->SeekForPrev(start);
    if (!it->Valid() || it->key() != start) {
      left_in_group = -1;  // the key is gone (not expected): what is before it
    } else if (left_in_group <= 0) {
      it->Prev();  // the key was listed whole
      left_in_group = -1;
    }
  }
  int included = 0;
  int examined = 0;
  std::string last;  // cursor of the last entry visited
  // One entry: false when the page is full (the token is set).
  auto take = [&](absl::string_view activity_id, v1::Decision& decision) -> absl::StatusOr<bool> {
    if (included == page_size || examined == max_examined) {
      *next_page_token = EncodeCursor(last);
      return false;
    }
    absl::StatusOr<bool> include = visit(activity_id, decision);
    if (!include.ok()) return include.status();
    if (*include) ++included;
    ++examined;
    return true;
  };
  storage::DecisionIndexGroup group;
  v1::Decision single;
  for (; it->Valid() && it->key().starts_with(prefix); it->Prev()) {
    const absl::string_view suffix(it->key().data() + prefix.size(),
                                   it->key().size() - prefix.size());
    if (suffix.size() <= kTimeBytes + 1) {
      return absl::DataLossError("malformed decision index key");
    }
    if (suffix[kTimeBytes] == kGroup) {
      if (!group.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt decision index group");
      }
      int64_t i = group.entries_size();
      if (left_in_group >= 0) i = std::min<int64_t>(i, left_in_group);
      left_in_group = -1;
      for (--i; i >= 0; --i) {
        storage::DecisionIndexGroup::Entry& entry = *group.mutable_entries(static_cast<int>(i));
        absl::StatusOr<bool> more = take(entry.activity_id(), *entry.mutable_decision());
        if (!more.ok()) return more.status();
        if (!*more) return absl::OkStatus();
        last = std::string(suffix);
        keys::AppendBigEndian64(&last, static_cast<uint64_t>(i));
      }
    } else if (suffix[kTimeBytes] == kSingle) {
      if (!single.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt decision record");
      }
      absl::StatusOr<bool> more = take(suffix.substr(kTimeBytes + 1), single);
      if (!more.ok()) return more.status();
      if (!*more) return absl::OkStatus();
      last = std::string(suffix);
    } else {
      return absl::DataLossError("malformed decision index key");
    }
  }
  return FromRocksDb(it->status());
}

}  // namespace harrier
