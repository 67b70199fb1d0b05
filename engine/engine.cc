// Copyright 2026 The Harrier Authors.
#include "engine/engine.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/normalize/normalizer.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

v1::Decision AcceptDecision(absl::string_view instance,
                            const v1::NormalizedActivity& activity,
                            absl::Time now) {
  v1::Decision decision;
  decision.set_name(absl::StrCat("instances/", instance, "/decisions/", activity.id()));
  decision.set_activity_id(activity.id());
  decision.set_activity_type(activity.type());
  decision.add_actions()->set_type(v1::ACCEPT);
  decision.set_actor_host(activity.actor().host());
  SetTimestamp(now, decision.mutable_decide_time());
  return decision;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                                     Clock clock) {
  ASSIGN_OR_RETURN(InstanceRegistry instances,
                   InstanceRegistry::LoadFromConfigDir(options.config_dir));
  Store::Options store_options;
  store_options.sync_writes = options.sync_writes;
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                   Store::Open(options.data_dir, store_options));
  return std::unique_ptr<Engine>(
      new Engine(options, clock, std::move(instances), std::move(store)));
}

Engine::Engine(EngineOptions options, Clock clock, InstanceRegistry instances,
               std::unique_ptr<Store> store)
    : options_(std::move(options)),
      clock_(clock),
      instances_(std::move(instances)),
      store_(std::move(store)),
      ledger_(store_.get()),
      decisions_(store_.get()) {}

absl::Status Engine::CheckInstance(absl::string_view field,
                                   absl::string_view instance) const {
  if (!instances_.Contains(instance)) {
    return absl::NotFoundError(
        absl::StrCat(field, ": unknown instance '", instance, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<IngestResult> Engine::Ingest(absl::string_view instance,
                                            absl::string_view json,
                                            const v1::ServerHints& hints) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  NormalizeOptions normalize_options;
  normalize_options.max_bytes = options_.max_activity_bytes;
  ASSIGN_OR_RETURN(v1::NormalizedActivity activity,
                   NormalizeActivity(std::string_view(json.data(), json.size()),
                                     normalize_options));
  RETURN_IF_ERROR(keys::ValidateKeyPart("activity_json.id", activity.id()));
  *activity.mutable_hints() = hints;

  const std::string key = keys::Make(instance, {activity.id()});
  absl::MutexLock lock(&activity_locks_.For(instance, activity.id()));

  IngestResult result;
  result.activity_id = activity.id();
  result.activity_type = activity.type();
  absl::StatusOr<v1::Decision> stored = decisions_.Get(instance, activity.id());
  if (stored.ok()) {
    result.duplicate = true;
    result.decision = *std::move(stored);
    return result;
  }
  if (!absl::IsNotFound(stored.status())) return stored.status();

  const absl::Time now = clock_();
  result.decision = AcceptDecision(instance, activity, now);

  v1::StoredActivity record;
  record.set_activity_id(activity.id());
  record.set_activity_type(activity.type());
  record.set_activity_json(std::string(json));
  record.set_ingest_time_unix_micros(absl::ToUnixMicros(now));
  *record.mutable_normalized() = std::move(activity);

  Store::Batch batch;
  batch.Put(Family::kActivities, key, record.SerializeAsString());
  decisions_.Record(instance, result.decision, &batch);

  // Engagement and objects change in the same atomic batch as the dedup
  // record: after a crash either both are there or neither.
  const v1::NormalizedActivity& normalized = record.normalized();
  std::vector<std::string> object_ids = Ledger::LockKeys(normalized);
  const bool exclusive = normalized.object().id().empty() ||
                         normalized.type() == "Delete";
  std::vector<size_t> stripes;
  for (const std::string& id : object_ids) {
    stripes.push_back(object_locks_.Index(instance, id));
  }
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  if (exclusive) {
    ledger_mutex_.WriterLock();
  } else {
    ledger_mutex_.ReaderLock();
  }
  for (size_t stripe : stripes) object_locks_.At(stripe).Lock();
  absl::Status status = ledger_.Apply(instance, normalized, record.ingest_time_unix_micros(),
                                      &batch);
  if (status.ok()) status = store_->Write(batch);
  for (auto it = stripes.rbegin(); it != stripes.rend(); ++it) object_locks_.At(*it).Unlock();
  if (exclusive) {
    ledger_mutex_.WriterUnlock();
  } else {
    ledger_mutex_.ReaderUnlock();
  }
  RETURN_IF_ERROR(status);
  return result;
}

absl::StatusOr<v1::StoredActivity> Engine::GetActivity(
    absl::string_view instance, absl::string_view activity_id) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  RETURN_IF_ERROR(keys::ValidateKeyPart("activity_id", activity_id));
  const std::string key = keys::Make(instance, {activity_id});
  absl::StatusOr<v1::StoredActivity> record =
      ReadProto<v1::StoredActivity>(*store_, Family::kActivities, key);
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError(
        absl::StrCat("activity_id: no activity '", activity_id, "' in instance '",
                     instance, "'"));
  }
  if (!record.ok()) return record.status();
  ASSIGN_OR_RETURN(*record->mutable_decision(), decisions_.Get(instance, activity_id));
  return record;
}

absl::StatusOr<v1::StoredObject> Engine::GetObject(absl::string_view instance,
                                                   absl::string_view object_id) {
  RETURN_IF_ERROR(CheckInstance("parent", instance));
  RETURN_IF_ERROR(keys::ValidateKeyPart("object_id", object_id));
  return ledger_.GetObject(instance, object_id);
}

}  // namespace harrier
