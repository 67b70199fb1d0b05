// Copyright 2026 The Harrier Authors.
#include "engine/moderation/rule_set_store.h"

#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

std::string VersionKey(absl::string_view instance, int64_t version) {
  std::string encoded;
  keys::AppendBigEndian64(&encoded, static_cast<uint64_t>(version));
  return keys::Make(instance, {"v", encoded});
}

std::string ActiveKey(absl::string_view instance) {
  return keys::Make(instance, {"active"});
}

}  // namespace

absl::StatusOr<int64_t> RuleSetStore::ActiveVersion(absl::string_view instance) const {
  ASSIGN_OR_RETURN(std::string value, store_->Get(Family::kRuleSets, ActiveKey(instance)));
  return static_cast<int64_t>(keys::ReadBigEndian64(value));
}

absl::StatusOr<v1::RuleSet> RuleSetStore::Append(absl::string_view instance,
                                                 v1::RuleSet rule_set, absl::Time now,
                                                 Store::Batch batch) {
  absl::MutexLock lock(&append_mutex_);
  absl::StatusOr<int64_t> active = ActiveVersion(instance);
  if (!active.ok() && !absl::IsNotFound(active.status())) return active.status();
  const int64_t version = active.ok() ? *active + 1 : 1;
  rule_set.set_name(absl::StrCat("instances/", instance, "/ruleSet"));
  rule_set.set_version(version);
  SetTimestamp(now, rule_set.mutable_create_time());
  std::string encoded;
  keys::AppendBigEndian64(&encoded, static_cast<uint64_t>(version));
  batch.Put(Family::kRuleSets, VersionKey(instance, version), rule_set.SerializeAsString());
  batch.Put(Family::kRuleSets, ActiveKey(instance), encoded);
  RETURN_IF_ERROR(store_->Write(batch));
  return rule_set;
}

absl::StatusOr<v1::RuleSet> RuleSetStore::Get(absl::string_view instance,
                                              int64_t version) const {
  if (version == 0) {
    absl::StatusOr<int64_t> active = ActiveVersion(instance);
    if (absl::IsNotFound(active.status())) {
      return absl::NotFoundError(
          absl::StrCat("name: instance '", instance, "' has no rule set"));
    }
    if (!active.ok()) return active.status();
    version = *active;
  }
  absl::StatusOr<v1::RuleSet> rule_set =
      ReadProto<v1::RuleSet>(*store_, Family::kRuleSets, VersionKey(instance, version));
  if (absl::IsNotFound(rule_set.status())) {
    return absl::NotFoundError(absl::StrCat("version: instance '", instance,
                                            "' has no rule set version ", version));
  }
  return rule_set;
}

absl::StatusOr<std::vector<v1::RuleSet>> RuleSetStore::List(
    absl::string_view instance, int page_size, absl::string_view page_token,
    std::string* next_page_token) const {
  std::vector<v1::RuleSet> out;
  RETURN_IF_ERROR(ScanPage(
      *store_, Family::kRuleSets, keys::Make(instance, {"v", ""}), /*reverse=*/true,
      page_size, page_token,
      [&out](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::RuleSet rule_set;
        if (!rule_set.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("corrupt rule set");
        }
        rule_set.clear_files();
        out.push_back(std::move(rule_set));
        return true;
      },
      next_page_token));
  return out;
}

absl::StatusOr<std::vector<std::string>> RuleSetStore::Instances() const {
  std::vector<std::string> instances;
  std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kRuleSets);
  for (it->SeekToFirst(); it->Valid();) {
    std::string key = it->key().ToString();
    std::string instance = key.substr(0, key.find(keys::kSeparator));
    if (store_->Get(Family::kRuleSets, ActiveKey(instance)).ok()) {
      instances.push_back(instance);
    }
    // Skip to the next instance.
    std::string next = keys::InstancePrefix(instance);
    next.back() = '\x01';
    it->Seek(next);
  }
  RETURN_IF_ERROR(FromRocksDb(it->status()));
  return instances;
}

}  // namespace harrier
