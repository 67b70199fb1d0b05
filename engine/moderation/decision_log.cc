// Copyright 2026 The Harrier Authors.
#include "engine/moderation/decision_log.h"

#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

std::string ActivityKey(absl::string_view instance, absl::string_view activity_id) {
  return keys::Make(instance, {activity_id});
}

bool Matches(const v1::Decision& decision, const DecisionFilter& filter) {
  if (!filter.actor_host.empty() && decision.actor_host() != filter.actor_host) {
    return false;
  }
  if (filter.action != v1::ACTION_TYPE_UNSPECIFIED) {
    bool found = false;
    for (const v1::Action& action : decision.actions()) {
      found = found || action.type() == filter.action;
    }
    if (!found) return false;
  }
  if (!filter.rule_id.empty()) {
    bool found = false;
    for (const auto* list : {&decision.explanations(), &decision.shadow_explanations()}) {
      for (const v1::Explanation& explanation : *list) {
        found = found || explanation.rule_id() == filter.rule_id;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<bool>> DecisionLog::Missing(
    absl::string_view instance, const std::vector<std::string>& activity_ids) const {
  std::vector<std::string> keys;
  keys.reserve(activity_ids.size());
  for (const std::string& id : activity_ids) keys.push_back(ActivityKey(instance, id));
  std::vector<bool> missing;
  missing.reserve(keys.size());
  for (const absl::StatusOr<std::string>& value : store_->MultiGet(Family::kActivities, keys)) {
    if (!value.ok() && !absl::IsNotFound(value.status())) return value.status();
    missing.push_back(!value.ok());
  }
  return missing;
}

void DecisionLog::Record(absl::string_view instance, const v1::StoredActivity& record,
                         Store::Batch* batch) const {
  const v1::Decision& decision = record.decision();
  std::string time;
  keys::AppendBigEndian64(
      &time, static_cast<uint64_t>(absl::ToUnixMicros(FromTimestamp(decision.decide_time()))));
  batch->Put(Family::kActivities, ActivityKey(instance, record.activity_id()),
             record.SerializeAsString());
  batch->Put(Family::kDecisions, keys::Make(instance, {"t", time, record.activity_id()}),
             decision.SerializeAsString());
}

absl::StatusOr<v1::StoredActivity> DecisionLog::GetActivity(
    absl::string_view instance, absl::string_view activity_id) const {
  absl::StatusOr<v1::StoredActivity> record = ReadProto<v1::StoredActivity>(
      *store_, Family::kActivities, ActivityKey(instance, activity_id));
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError(absl::StrCat("activity_id: no activity '", activity_id,
                                            "' in instance '", instance, "'"));
  }
  return record;
}

absl::StatusOr<v1::Decision> DecisionLog::Get(absl::string_view instance,
                                              absl::string_view activity_id) const {
  absl::StatusOr<v1::StoredActivity> record = GetActivity(instance, activity_id);
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError(absl::StrCat("activity_id: no decision for '", activity_id,
                                            "' in instance '", instance, "'"));
  }
  if (!record.ok()) return record.status();
  return std::move(*record->mutable_decision());
}

absl::StatusOr<std::vector<v1::Decision>> DecisionLog::List(
    absl::string_view instance, const DecisionFilter& filter, int page_size,
    absl::string_view page_token, std::string* next_page_token) const {
  std::vector<v1::Decision> out;
  const int64_t start = filter.start == absl::InfinitePast()
                            ? 0
                            : absl::ToUnixMicros(filter.start);
  const int64_t end = filter.end == absl::InfiniteFuture()
                          ? INT64_MAX
                          : absl::ToUnixMicros(filter.end);
  RETURN_IF_ERROR(ScanPage(
      *store_, Family::kDecisions, keys::Make(instance, {"t", ""}), /*reverse=*/true,
      page_size, page_token,
      [&](absl::string_view suffix, absl::string_view value) -> absl::StatusOr<bool> {
        if (suffix.size() < 9) return absl::DataLossError("malformed decision index key");
        int64_t micros = static_cast<int64_t>(keys::ReadBigEndian64(suffix.substr(0, 8)));
        if (micros < start || micros >= end) return false;
        v1::Decision decision;
        if (!decision.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("corrupt decision record");
        }
        if (!Matches(decision, filter)) return false;
        out.push_back(std::move(decision));
        return true;
      },
      next_page_token));
  return out;
}

}  // namespace harrier
