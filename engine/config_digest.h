// Copyright 2026 The Harrier Authors.
//
// config_digest.h: a digest of configuration files, to tell at start-up
// whether the files under --config_dir changed since they were last
// imported. Stored in the database, so it must come out the same in every
// process and on every machine — unlike absl::Hash, which is seeded per
// process. Not a security measure: nothing trusts it beyond "unchanged".
#ifndef HARRIER_ENGINE_CONFIG_DIGEST_H_
#define HARRIER_ENGINE_CONFIG_DIGEST_H_

#include <string>
#include <utility>
#include <vector>

namespace harrier {

// `files`: (name, content) pairs, in any order. The digest covers every
// name and content, length-prefixed, in name order: "fnv1a64:" and 16 hex
// digits.
std::string ConfigFilesDigest(std::vector<std::pair<std::string, std::string>> files);

}  // namespace harrier

#endif  // HARRIER_ENGINE_CONFIG_DIGEST_H_
