// Copyright 2026 The Harrier Authors.
//
// keys.h: encoding of RocksDB keys. Every key starts with the instance name
// and a 0x00 separator, so one instance's data is a contiguous key range and
// never collides with another's:
//
//   <instance> 0x00 <part> [0x00 <part> ...]
//
// Note: Debian's Abseil is built with its own absl::string_view (not an
// alias of absl::string_view); functions that build messages take it.
//
// Parts must not contain 0x00 (ValidateKeyPart); callers reject such input
// before it reaches storage. The full layout per column family is in
// docs/ARCHITECTURE.md.
#ifndef HARRIER_ENGINE_STORAGE_KEYS_H_
#define HARRIER_ENGINE_STORAGE_KEYS_H_

#include <cstdint>
#include <initializer_list>
#include <string>


#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace harrier::keys {

inline constexpr char kSeparator = '\0';

// Joins `instance` and `parts` with the separator.
std::string Make(absl::string_view instance,
                 std::initializer_list<absl::string_view> parts);

// The prefix shared by every key of `instance` (instance + separator).
std::string InstancePrefix(absl::string_view instance);

// OK when `part` is non-empty and has no 0x00 byte; else INVALID_ARGUMENT
// naming `field`.
absl::Status ValidateKeyPart(absl::string_view field, absl::string_view part);

// Big-endian fixed-width encodings that sort like the numbers they encode.
void AppendBigEndian64(std::string* out, uint64_t value);
uint64_t ReadBigEndian64(absl::string_view in);

}  // namespace harrier::keys

#endif  // HARRIER_ENGINE_STORAGE_KEYS_H_
