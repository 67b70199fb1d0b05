// Copyright 2026 The Harrier Authors.
//
// ledger_keys.h: the ledger's keys (docs/ARCHITECTURE.md, families `objects`
// and `engagement`). For engine/engagement, and for the feed engine, which
// walks the author index when an actor is deleted.
//
//   objects     <i> o <object>                 ObjectRecord
//               <i> b <author> <object>        "" (author index)
//   engagement  <i> c <object>                 EngagementRecord (counts)
//               <i> e <object> <kind> <who>    EdgeRecord
//               <i> u <activity>               id of the Undo that came first
//               <i> x <object>                 deleted (older databases only)
#ifndef HARRIER_ENGINE_ENGAGEMENT_LEDGER_KEYS_H_
#define HARRIER_ENGINE_ENGAGEMENT_LEDGER_KEYS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/storage/keys.h"

namespace harrier::ledger_keys {

inline std::string Object(absl::string_view instance, absl::string_view object_id) {
  return keys::Make(instance, {"o", object_id});
}
inline std::string AuthorIndex(absl::string_view instance, absl::string_view author,
                               absl::string_view object_id) {
  return keys::Make(instance, {"b", author, object_id});
}
inline std::string AuthorPrefix(absl::string_view instance, absl::string_view author) {
  return keys::Make(instance, {"b", author, ""});
}
inline std::string Counts(absl::string_view instance, absl::string_view object_id) {
  return keys::Make(instance, {"c", object_id});
}
inline std::string Edge(absl::string_view instance, absl::string_view object_id,
                        absl::string_view kind, absl::string_view who) {
  return keys::Make(instance, {"e", object_id, kind, who});
}
inline std::string EdgePrefix(absl::string_view instance, absl::string_view object_id) {
  return keys::Make(instance, {"e", object_id, ""});
}
// Written by older databases once the object was deleted (now the counts
// record's `deleted`); still honoured, never written.
inline std::string Deleted(absl::string_view instance, absl::string_view object_id) {
  return keys::Make(instance, {"x", object_id});
}
inline std::string DeletedPrefix(absl::string_view instance) {
  return keys::Make(instance, {"x", ""});
}
// An Undo that arrived before the activity it undoes.
inline std::string Undone(absl::string_view instance, absl::string_view activity_id) {
  return keys::Make(instance, {"u", activity_id});
}
inline std::string UndonePrefix(absl::string_view instance) {
  return keys::Make(instance, {"u", ""});
}

}  // namespace harrier::ledger_keys

#endif  // HARRIER_ENGINE_ENGAGEMENT_LEDGER_KEYS_H_
