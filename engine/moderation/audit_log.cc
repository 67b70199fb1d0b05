// Copyright 2026 The Harrier Authors.
#include "engine/moderation/audit_log.h"

#include "absl/strings/str_cat.h"
#include "engine/moderation/list_cursor.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {

v1::AuditEntry AuditLog::Record(absl::string_view instance, absl::string_view actor,
                                absl::string_view action, absl::string_view target,
                                absl::string_view summary, absl::Time now,
                                Store::Batch* batch) {
  const uint64_t id = ids_.Next(now);
  v1::AuditEntry entry;
  entry.set_name(absl::StrCat("instances/", instance, "/auditEntries/", id));
  SetTimestamp(now, entry.mutable_time());
  entry.set_actor(actor.empty() ? "unknown" : std::string(actor));
  entry.set_action(std::string(action));
  entry.set_target(std::string(target));
  entry.set_summary(std::string(summary));
  std::string encoded;
  keys::AppendBigEndian64(&encoded, ~id);
  batch->Put(Family::kAudit, keys::Make(instance, {encoded}), entry.SerializeAsString());
  return entry;
}

absl::StatusOr<std::vector<v1::AuditEntry>> AuditLog::List(
    absl::string_view instance, int page_size, absl::string_view page_token,
    std::string* next_page_token) const {
  std::vector<v1::AuditEntry> out;
  RETURN_IF_ERROR(ScanPage(
      *store_, Family::kAudit, keys::InstancePrefix(instance), /*reverse=*/false,
      page_size, page_token,
      [&out](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::AuditEntry entry;
        if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("corrupt audit entry");
        }
        out.push_back(std::move(entry));
        return true;
      },
      next_page_token));
  return out;
}

}  // namespace harrier
