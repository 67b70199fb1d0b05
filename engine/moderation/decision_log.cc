// Copyright 2026 The Harrier Authors.
#include "engine/moderation/decision_log.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/normalize/normalizer.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"
#include "harrier/storage/records.pb.h"

namespace harrier {
namespace {

std::string ActivityKey(absl::string_view instance, absl::string_view activity_id) {
  return keys::Make(instance, {activity_id});
}

// Puts back what DecisionLog::Record leaves out of a stored decision (the
// name, activity id and, in the activity record, type); records written
// before it kept everything, and their fields are left as they are.
void RestoreDecision(absl::string_view instance, absl::string_view activity_id,
                     absl::string_view activity_type, v1::Decision* decision) {
  if (decision->name().empty()) {
    decision->set_name(absl::StrCat("instances/", instance, "/decisions/", activity_id));
  }
  if (decision->activity_id().empty()) decision->set_activity_id(std::string(activity_id));
  if (decision->activity_type().empty() && !activity_type.empty()) {
    decision->set_activity_type(std::string(activity_type));
  }
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
                         absl::string_view activity_json, Store::Batch* batch,
                         DecisionIndexBuffer* index) const {
  const v1::Decision& decision = record.decision();
  // The record keeps the JSON as received, the decision and the server's
  // hints; the normalised activity is derived from the JSON again when read
  // (GetActivity), which saves about a third of the bytes every activity
  // writes (write-ahead log, memtable, blob files).
  storage::ActivityRecord stored;
  stored.set_activity_type(record.activity_type());
  stored.set_activity_json(activity_json.data(), activity_json.size());
  stored.set_ingest_time_unix_micros(record.ingest_time_unix_micros());
  if (record.normalized().hints().ByteSizeLong() > 0) {
    *stored.mutable_hints() = record.normalized().hints();
  }
  // Without what the key gives back, nor the type (the record's own).
  v1::Decision* kept = stored.mutable_decision();
  *kept = decision;
  kept->clear_name();
  kept->clear_activity_id();
  kept->clear_activity_type();
  batch->Put(Family::kActivities, ActivityKey(instance, record.activity_id()),
             stored.SerializeAsString());
  // The time index keeps what listing filters on and returns.
  kept->set_activity_type(record.activity_type());
  if (index != nullptr) {
    index->Add(record.activity_id(), std::move(*kept));
  } else {
    DecisionIndexBuffer own;
    own.Add(record.activity_id(), std::move(*kept));
    own.Flush(instance, batch);
  }
}

absl::StatusOr<v1::StoredActivity> DecisionLog::RecordFrom(absl::string_view instance,
                                                           absl::string_view activity_id,
                                                           absl::StatusOr<std::string> bytes) {
  if (absl::IsNotFound(bytes.status())) {
    return absl::NotFoundError(absl::StrCat("activity_id: no activity '", activity_id,
                                            "' in instance '", instance, "'"));
  }
  if (!bytes.ok()) return bytes.status();
  storage::ActivityRecord stored;
  if (!stored.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("corrupt ", stored.GetTypeName(), " in ",
                                            std::string(FamilyName(Family::kActivities))));
  }
  v1::StoredActivity record;
  record.set_activity_id(std::string(activity_id));
  record.set_activity_type(std::move(*stored.mutable_activity_type()));
  record.set_activity_json(std::move(*stored.mutable_activity_json()));
  record.set_ingest_time_unix_micros(stored.ingest_time_unix_micros());
  if (stored.has_normalized()) record.mutable_normalized()->Swap(stored.mutable_normalized());
  if (stored.has_hints()) record.mutable_normalized()->mutable_hints()->Swap(stored.mutable_hints());
  record.mutable_decision()->Swap(stored.mutable_decision());
  RestoreDecision(instance, activity_id, record.activity_type(), record.mutable_decision());
  return record;
}

absl::StatusOr<v1::StoredActivity> DecisionLog::ReadRecord(absl::string_view instance,
                                                           absl::string_view activity_id) const {
  return RecordFrom(instance, activity_id,
                    store_->Get(Family::kActivities, ActivityKey(instance, activity_id)));
}

void DecisionLog::Normalize(v1::StoredActivity* record) {
  if (!record->normalized().id().empty() || record->activity_json().empty()) return;
  // Written without its normalised activity: derived again. The JSON was
  // accepted when it arrived, whatever size limit applied then.
  NormalizeOptions options;
  options.max_bytes = std::max(options.max_bytes, record->activity_json().size());
  absl::StatusOr<v1::NormalizedActivity> normalized =
      NormalizeActivity(record->activity_json(), options);
  // Only if the normaliser no longer accepts what it once did; the record is
  // still answered, with the hints alone.
  if (!normalized.ok()) return;
  normalized->mutable_hints()->Swap(record->mutable_normalized()->mutable_hints());
  record->mutable_normalized()->Swap(&*normalized);
}

absl::StatusOr<v1::StoredActivity> DecisionLog::GetActivity(
    absl::string_view instance, absl::string_view activity_id) const {
  ASSIGN_OR_RETURN(v1::StoredActivity record, ReadRecord(instance, activity_id));
  Normalize(&record);
  return record;
}

std::vector<absl::StatusOr<v1::StoredActivity>> DecisionLog::GetActivities(
    absl::string_view instance, const std::vector<std::string>& activity_ids) const {
  std::vector<std::string> keys;
  keys.reserve(activity_ids.size());
  for (const std::string& id : activity_ids) keys.push_back(ActivityKey(instance, id));
  std::vector<absl::StatusOr<std::string>> values = store_->MultiGet(Family::kActivities, keys);
  std::vector<absl::StatusOr<v1::StoredActivity>> records;
  records.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    records.push_back(RecordFrom(instance, activity_ids[i], std::move(values[i])));
    if (records.back().ok()) Normalize(&*records.back());
  }
  return records;
}

absl::StatusOr<v1::Decision> DecisionLog::Get(absl::string_view instance,
                                              absl::string_view activity_id) const {
  absl::StatusOr<v1::StoredActivity> record = ReadRecord(instance, activity_id);
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
  RETURN_IF_ERROR(ScanDecisionIndex(
      *store_, instance, page_size, page_token,
      [&](absl::string_view activity_id, v1::Decision& decision) -> absl::StatusOr<bool> {
        const int64_t micros = absl::ToUnixMicros(FromTimestamp(decision.decide_time()));
        if (micros < start || micros >= end) return false;
        RestoreDecision(instance, activity_id, "", &decision);
        if (!Matches(decision, filter)) return false;
        out.push_back(std::move(decision));
        return true;
      },
      next_page_token));
  return out;
}

}  // namespace harrier
