// Copyright 2026 The Harrier Authors.
//
// Fuzz target: blocklist importers (Mastodon/Oliphant CSV, GoToSocial JSON,
// plain lists) read files from the internet. The first byte picks the format.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/blocklist/blocklist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kFormats[] = {"mastodon", "oliphant", "gotosocial", "plain", ""};
  const std::string format = kFormats[data[0] % 5];
  std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  harrier::rules::Diagnostics diags;
  auto entries = harrier::rules::ParseBlocklist("fuzz.csv", content, format, diags);
  for (const auto& entry : entries) (void)harrier::rules::BlocklistActions(entry);
  (void)harrier::rules::BlocklistToRules(entries, "fuzz");
  return 0;
}
