// Copyright 2026 The Harrier Authors.
//
// Fuzz target: page tokens come from clients. Decoding must never crash,
// must answer INVALID_ARGUMENT for what it rejects, and a token it accepts
// must re-encode to a token that decodes to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/ranking/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const uint64_t fingerprint = harrier::ranking::FeedFingerprint("fuzz.example", "feed");
  absl::StatusOr<harrier::ranking::PageToken> token =
      harrier::ranking::DecodePageToken(text, fingerprint);
  if (!token.ok()) {
    if (token.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const std::string again = harrier::ranking::EncodePageToken(*token, fingerprint);
  absl::StatusOr<harrier::ranking::PageToken> decoded =
      harrier::ranking::DecodePageToken(again, fingerprint);
  if (!decoded.ok() || decoded->last_object_id != token->last_object_id ||
      decoded->position != token->position || decoded->generation != token->generation) {
    std::abort();
  }
  return 0;
}
