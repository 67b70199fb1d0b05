// Copyright 2026 The Harrier Authors.
#include "engine/storage/keys.h"

#include "absl/strings/str_cat.h"

namespace harrier::keys {

std::string Make(absl::string_view instance,
                 std::initializer_list<absl::string_view> parts) {
  // Sized once: keys are built for every read and write of every activity.
  size_t size = instance.size() + parts.size();
  for (absl::string_view part : parts) size += part.size();
  std::string key;
  key.reserve(size);
  key.append(instance.data(), instance.size());
  key.push_back(kSeparator);
  bool first = true;
  for (absl::string_view part : parts) {
    if (!first) key.push_back(kSeparator);
    key.append(part.data(), part.size());
    first = false;
  }
  return key;
}

std::string InstancePrefix(absl::string_view instance) {
  std::string prefix(instance.data(), instance.size());
  prefix.push_back(kSeparator);
  return prefix;
}

absl::Status ValidateKeyPart(absl::string_view field, absl::string_view part) {
  if (part.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must not be empty"));
  }
  if (part.find(kSeparator) != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must not contain a NUL character"));
  }
  return absl::OkStatus();
}

void AppendBigEndian64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t ReadBigEndian64(absl::string_view in) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8 && i < in.size(); ++i) {
    value = (value << 8) | static_cast<uint8_t>(in[i]);
  }
  return value;
}

}  // namespace harrier::keys
