// Copyright 2026 The Harrier Authors.
#include "engine/config_digest.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace harrier {
namespace {

constexpr uint64_t kOffsetBasis = 14695981039346656037ull;
constexpr uint64_t kPrime = 1099511628211ull;

void Add(std::string_view bytes, uint64_t* hash) {
  for (unsigned char c : bytes) {
    *hash ^= c;
    *hash *= kPrime;
  }
}

// The length first, so ("ab", "c") and ("a", "bc") differ.
void AddPart(std::string_view part, uint64_t* hash) {
  char length[24];
  const int n = std::snprintf(length, sizeof(length), "%zu:", part.size());
  Add(std::string_view(length, static_cast<size_t>(n)), hash);
  Add(part, hash);
}

}  // namespace

std::string ConfigFilesDigest(std::vector<std::pair<std::string, std::string>> files) {
  std::sort(files.begin(), files.end());
  uint64_t hash = kOffsetBasis;
  for (const auto& [name, content] : files) {
    AddPart(name, &hash);
    AddPart(content, &hash);
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return std::string("fnv1a64:") + hex;
}

}  // namespace harrier
