// Copyright 2026 The Harrier Authors.
#include "engine/moderation/review_queue.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

std::string ItemKey(absl::string_view instance, uint64_t id) {
  std::string encoded;
  keys::AppendBigEndian64(&encoded, id);
  return keys::Make(instance, {"i", encoded});
}

}  // namespace

absl::StatusOr<uint64_t> ReviewQueue::ParseId(absl::string_view text) {
  uint64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: review item id must be a positive number, got '",
                     text.substr(0, 40), "'"));
  }
  return id;
}

v1::ReviewItem ReviewQueue::Add(absl::string_view instance, v1::ReviewItem item,
                                absl::Time now, Store::Batch* batch) {
  const uint64_t id = ids_.Next(now);
  item.set_name(absl::StrCat("instances/", instance, "/reviewItems/", id));
  item.set_state(v1::ReviewItem::OPEN);
  SetTimestamp(now, item.mutable_create_time());
  batch->Put(Family::kReview, ItemKey(instance, id), item.SerializeAsString());
  return item;
}

absl::StatusOr<v1::ReviewItem> ReviewQueue::Get(absl::string_view instance,
                                                uint64_t id) const {
  absl::StatusOr<v1::ReviewItem> item =
      ReadProto<v1::ReviewItem>(*store_, Family::kReview, ItemKey(instance, id));
  if (absl::IsNotFound(item.status())) {
    return absl::NotFoundError(
        absl::StrCat("name: no review item ", id, " in instance '", instance, "'"));
  }
  return item;
}

absl::StatusOr<std::vector<v1::ReviewItem>> ReviewQueue::List(
    absl::string_view instance, v1::ReviewItem::State state,
    v1::ReviewItem::Reason reason, int page_size, absl::string_view page_token,
    std::string* next_page_token) const {
  std::vector<v1::ReviewItem> out;
  RETURN_IF_ERROR(ScanPage(
      *store_, Family::kReview, keys::Make(instance, {"i", ""}), /*reverse=*/false,
      page_size, page_token,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::ReviewItem item;
        if (!item.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("corrupt review item");
        }
        if (state != v1::ReviewItem::STATE_UNSPECIFIED && item.state() != state) return false;
        if (reason != v1::ReviewItem::REASON_UNSPECIFIED && item.reason() != reason) {
          return false;
        }
        out.push_back(std::move(item));
        return true;
      },
      next_page_token));
  return out;
}

absl::StatusOr<int64_t> ReviewQueue::CountOpen(absl::string_view instance) const {
  int64_t open = 0;
  const std::string prefix = keys::Make(instance, {"i", ""});
  std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kReview, prefix);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    v1::ReviewItem item;
    if (!ParseValue(*it, &item)) return absl::DataLossError("corrupt review item");
    if (item.state() == v1::ReviewItem::OPEN || item.state() == v1::ReviewItem::ESCALATED) {
      ++open;
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status()));
  return open;
}

absl::StatusOr<v1::ReviewItem> ReviewQueue::Resolve(
    absl::string_view instance, uint64_t id, v1::ReviewItem::State resolution,
    absl::string_view note, absl::string_view moderator, absl::Time now,
    Store::Batch* batch) const {
  if (resolution != v1::ReviewItem::APPROVED && resolution != v1::ReviewItem::REJECTED &&
      resolution != v1::ReviewItem::ESCALATED) {
    return absl::InvalidArgumentError(
        "resolution: must be APPROVED, REJECTED or ESCALATED");
  }
  ASSIGN_OR_RETURN(v1::ReviewItem item, Get(instance, id));
  if (item.state() == v1::ReviewItem::APPROVED || item.state() == v1::ReviewItem::REJECTED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "name: review item ", id, " is already ", v1::ReviewItem::State_Name(item.state())));
  }
  item.set_state(resolution);
  SetTimestamp(now, item.mutable_resolve_time());
  item.set_resolved_by(moderator.empty() ? "unknown" : std::string(moderator));
  item.set_resolution_note(std::string(note));
  batch->Put(Family::kReview, ItemKey(instance, id), item.SerializeAsString());
  return item;
}

}  // namespace harrier
