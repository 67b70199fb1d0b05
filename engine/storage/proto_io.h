// Copyright 2026 The Harrier Authors.
//
// proto_io.h: reading serialised protos from the Store, and time <->
// google.protobuf.Timestamp.
#ifndef HARRIER_ENGINE_STORAGE_PROTO_IO_H_
#define HARRIER_ENGINE_STORAGE_PROTO_IO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/status_macros.h"
#include "engine/storage/store.h"
#include "google/protobuf/timestamp.pb.h"

namespace harrier {

// The message at `key`; NOT_FOUND when absent, DATA_LOSS when unparsable.
template <typename Message>
absl::StatusOr<Message> ReadProto(const Store& store, Family family,
                                  const std::string& key) {
  ASSIGN_OR_RETURN(std::string bytes, store.Get(family, key));
  Message message;
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("corrupt ", message.GetTypeName(),
                                            " in ", std::string(FamilyName(family))));
  }
  return message;
}

// Parses an iterator's value; false when unparsable.
template <typename Message>
bool ParseValue(const rocksdb::Iterator& it, Message* message) {
  return message->ParseFromArray(it.value().data(), static_cast<int>(it.value().size()));
}

inline void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) {
  int64_t micros = absl::ToUnixMicros(time);
  out->set_seconds(micros / 1000000);
  out->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

inline absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace harrier

#endif  // HARRIER_ENGINE_STORAGE_PROTO_IO_H_
