// Copyright 2026 The Harrier Authors.
//
// page_token.h: the opaque GetFeed page token.
//
// A token is base64url (no padding) of:
//   version byte (1) | snapshot id (8) | generation (8) | last score (8,
//   IEEE bits) | position (varint: items returned so far) | last object id
//   (varint length + bytes) | feed fingerprint (8: hash of instance and feed,
//   so a token is only valid for the feed that issued it) | diversity window
//   (varint count, then count × (author hash (8) + varint count)) |
//   checksum (4: FNV-1a of everything before it)
//
// The checksum only detects accidents and tampering by mistake; a token is
// not a secret and grants nothing: a forged token can only start a page at
// another position of a feed the caller may read anyway.
//
// Thread safety: pure functions. Errors: DecodePageToken returns
// INVALID_ARGUMENT "page_token: ..." for anything that is not a token it
// issued (bad base64, wrong version or checksum, truncated, too long, another
// feed); it never crashes on hostile input (fuzzed by page_token_fuzz.cc).
#ifndef HARRIER_ENGINE_RANKING_PAGE_TOKEN_H_
#define HARRIER_ENGINE_RANKING_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace harrier::ranking {

inline constexpr size_t kMaxPageTokenLength = 8192;

struct PageToken {
  uint64_t snapshot_id = 0;
  uint64_t generation = 0;
  double last_score = 0;
  std::string last_object_id;
  // Items returned before the next page (positions of the paged sequence).
  uint64_t position = 0;
  // Diversity: (author hash, items of that author) in the current window.
  std::vector<std::pair<uint64_t, uint32_t>> window_authors;
};

// The fingerprint a token is bound to.
uint64_t FeedFingerprint(absl::string_view instance, absl::string_view feed);

std::string EncodePageToken(const PageToken& token, uint64_t fingerprint);

absl::StatusOr<PageToken> DecodePageToken(absl::string_view text, uint64_t fingerprint);

// A stable 64-bit hash of an author id (FNV-1a), as kept in tokens.
uint64_t AuthorHash(absl::string_view author_id);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_PAGE_TOKEN_H_
