// Copyright 2026 The Harrier Authors.
#include "engine/ranking/page_token.h"

#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace harrier::ranking {
namespace {

constexpr uint8_t kVersion = 1;
constexpr uint64_t kMaxWindowAuthors = 1000;
constexpr uint64_t kMaxObjectIdBytes = 4096;

uint64_t Fnv1a(absl::string_view data, uint64_t hash = 14695981039346656037ull) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

void PutFixed64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads from the front of `in`, failing once anything is short.
class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {}
  bool Fixed64(uint64_t* v) {
    if (in_.size() < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= uint64_t{static_cast<uint8_t>(in_[i])} << (8 * i);
    in_.remove_prefix(8);
    return true;
  }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return false;
      uint8_t byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      *v |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool Bytes(uint64_t n, std::string* out) {
    if (in_.size() < n) return false;
    out->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool Byte(uint8_t* b) {
    if (in_.empty()) return false;
    *b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  absl::string_view in_;
};

absl::Status Invalid(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", why));
}

}  // namespace

uint64_t FeedFingerprint(absl::string_view instance, absl::string_view feed) {
  return Fnv1a(feed, Fnv1a(absl::string_view("\0", 1), Fnv1a(instance)));
}

uint64_t AuthorHash(absl::string_view author_id) { return Fnv1a(author_id); }

std::string EncodePageToken(const PageToken& token, uint64_t fingerprint) {
  std::string raw;
  raw.push_back(static_cast<char>(kVersion));
  PutFixed64(&raw, token.snapshot_id);
  PutFixed64(&raw, token.generation);
  uint64_t score_bits;
  std::memcpy(&score_bits, &token.last_score, sizeof(score_bits));
  PutFixed64(&raw, score_bits);
  PutVarint(&raw, token.position);
  PutVarint(&raw, token.last_object_id.size());
  raw += token.last_object_id;
  PutFixed64(&raw, fingerprint);
  PutVarint(&raw, token.window_authors.size());
  for (const auto& [hash, count] : token.window_authors) {
    PutFixed64(&raw, hash);
    PutVarint(&raw, count);
  }
  const uint32_t checksum = static_cast<uint32_t>(Fnv1a(raw));
  for (int i = 0; i < 4; ++i) raw.push_back(static_cast<char>((checksum >> (8 * i)) & 0xff));
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<PageToken> DecodePageToken(absl::string_view text, uint64_t fingerprint) {
  if (text.size() > kMaxPageTokenLength) return Invalid("too long");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(text, &raw)) return Invalid("not a page token");
  if (raw.size() < 5) return Invalid("not a page token");
  const absl::string_view body(raw.data(), raw.size() - 4);
  uint32_t checksum = 0;
  for (int i = 0; i < 4; ++i) {
    checksum |= uint32_t{static_cast<uint8_t>(raw[raw.size() - 4 + i])} << (8 * i);
  }
  if (checksum != static_cast<uint32_t>(Fnv1a(body))) return Invalid("corrupt page token");
  Reader reader(body);
  uint8_t version = 0;
  if (!reader.Byte(&version) || version != kVersion) {
    return Invalid("unsupported page token version");
  }
  PageToken token;
  uint64_t score_bits = 0, id_size = 0, token_fingerprint = 0, authors = 0;
  if (!reader.Fixed64(&token.snapshot_id) || !reader.Fixed64(&token.generation) ||
      !reader.Fixed64(&score_bits) || !reader.Varint(&token.position) ||
      !reader.Varint(&id_size) || id_size > kMaxObjectIdBytes ||
      !reader.Bytes(id_size, &token.last_object_id) ||
      !reader.Fixed64(&token_fingerprint) || !reader.Varint(&authors) ||
      authors > kMaxWindowAuthors) {
    return Invalid("truncated page token");
  }
  std::memcpy(&token.last_score, &score_bits, sizeof(score_bits));
  for (uint64_t i = 0; i < authors; ++i) {
    uint64_t hash = 0, count = 0;
    if (!reader.Fixed64(&hash) || !reader.Varint(&count) || count > UINT32_MAX) {
      return Invalid("truncated page token");
    }
    token.window_authors.emplace_back(hash, static_cast<uint32_t>(count));
  }
  if (!reader.done()) return Invalid("trailing bytes in page token");
  if (token_fingerprint != fingerprint) return Invalid("token is for another feed");
  if (token.last_object_id.empty() || token.last_object_id.find('\0') != std::string::npos) {
    return Invalid("corrupt page token");
  }
  return token;
}

}  // namespace harrier::ranking
