// Copyright 2026 The Harrier Authors.
//
// addressing.h: visibility and recipients from ActivityPub addressing
// (`to`, `cc`).
//
// Rules, in order:
//   1. The Public collection in `to`: VISIBILITY_PUBLIC.
//   2. The Public collection in `cc`: VISIBILITY_UNLISTED.
//   3. The actor's followers collection addressed: VISIBILITY_FOLLOWERS
//      (the actor's `followers` URL when known, else any addressee ending
//      in "/followers").
//   4. Any other addressee (mentioned actors, a chat peer): VISIBILITY_DIRECT.
//   5. No addressees at all: VISIBILITY_UNSPECIFIED.
//
// The Public collection is recognised in its three spellings:
// "https://www.w3.org/ns/activitystreams#Public", "as:Public" and "Public".
//
//   FillAddressing(note, "https://a.example/users/x/followers", &object);
//   // object.recipients(): every id in `to` then `cc`, in order.
//   // object.visibility(): as above.
//   // object.community(): an embedded Group addressee, else a Lemmy "/c/name"
//   //                     or Mbin "/m/name" addressee (only if still empty).
//
// At most kMaxRecipients addressees are recorded; the visibility still looks
// at all of them.
//
// Thread safety: pure functions.
#ifndef HARRIER_ENGINE_NORMALIZE_ADDRESSING_H_
#define HARRIER_ENGINE_NORMALIZE_ADDRESSING_H_

#include <cstddef>
#include <string_view>

#include "engine/normalize/json_fields.h"
#include "harrier/v1/activity.pb.h"

namespace harrier {

inline constexpr size_t kMaxRecipients = 10000;

bool IsPublicCollection(std::string_view id);

// True when `source` (an object or activity) has a `to` or `cc` member.
bool HasAddressing(json::Element source);

// Sets `out`'s recipients and visibility from `source`'s `to` and `cc`, and
// the community when it is empty and a Group addressee can be told.
void FillAddressing(json::Element source, std::string_view followers_url,
                    v1::Object* out);

// The community named by an `audience` value (string, object or array), or ""
// when it names the Public collection or a followers collection instead.
std::string_view CommunityFromAudience(json::Element audience);

// True when `id` looks like a Lemmy community or Mbin magazine URL
// ("https://lemmy.example/c/name", "https://kbin.example/m/name").
bool LooksLikeCommunityUrl(std::string_view id);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_ADDRESSING_H_
