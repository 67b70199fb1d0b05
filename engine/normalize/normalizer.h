// Copyright 2026 The Harrier Authors.
//
// normalizer.h: turns raw ActivityPub JSON, as real servers send it, into a
// harrier.v1.NormalizedActivity.
//
//   harrier::NormalizeOptions options;
//   absl::StatusOr<harrier::v1::NormalizedActivity> activity =
//       harrier::NormalizeActivity(json, options);
//
// Errors: INVALID_ARGUMENT whose message names the field at fault
// ("activity_json: ...", "activity_json.id: ...") for malformed JSON, an
// empty body, a body over `max_bytes`, nesting deeper than `max_depth`, a
// missing or non-string id/type, or a document that is not an activity
// (e.g. an actor profile: "not an activity: document is a Person actor").
// Fields of the wrong type are ignored, never fatal. Unknown types and
// fields pass through.
//
// The messages, exactly:
//   "activity_json: empty body"                  (empty or whitespace only)
//   "activity_json: N bytes exceeds max_bytes M" (checked before parsing)
//   "activity_json: nesting deeper than max_depth D"
//   "activity_json: invalid UTF-8"   simdjson validates the whole document;
//                                    any ill-formed sequence rejects it.
//   "activity_json: malformed JSON (<simdjson's reason>)"
//   "activity_json: not a JSON object"
//   "activity_json.type: missing" / "activity_json.type: not a string"
//   "activity_json.id: missing" / "activity_json.id: not a non-empty string"
//                                   (a Delete without an id, as GoToSocial
//                                   sends some, gets "<object id>#delete")
//   "activity_json.object.id: missing"   (a community Announce wrapping an
//                                         activity that has no id)
//   "not an activity: document is a <T> actor"      Person, Service, ...
//   "not an activity: document is a <T> collection" OrderedCollection, ...
//   "not an activity: document is a <T> object"     Tombstone, Place, and
//                                    unknown types that carry no `actor`.
//
// Decisions (see the fields' comments in harrier/v1/activity.proto):
// - A bare post with no activity around it (Note, Article, Page, Question,
//   Image, Video, Audio, Event, Document, ChatMessage ...) is an implicit
//   Create: type "Create", id = the object's id, actor = its author.
// - Announce: an embedded activity (Lemmy/Mbin community announce) is
//   unwrapped once: the result is the inner activity with `announced_by` = the
//   Announce id, and the announcer as object.community when none is known. A
//   post embedded in an Announce by a community it is addressed to is
//   unwrapped likewise, as an implicit Create. Anything else is a boost: type
//   "Announce", object = the boosted post (by reference or normalised).
// - Delete: object.type is "Tombstone" unless the object is embedded with a
//   type (e.g. "Person" for an account deletion).
// - Objects by reference (Like, Follow, Delete of an id ...) get only id, the
//   activity's addressing, and `audience` as community; their author is left
//   empty (the liker is not the author). Embedded objects of Create/Update
//   fall back to the activity's actor as author.
// - Update/Delete carrying an actor profile: the profile fills object (name,
//   bio as text, url) and, when it is the activity's actor, actor.type,
//   actor.handle and actor.bot.
// - Like/EmojiReact: `reaction` from `_misskey_reaction`, else `content`;
//   custom emoji tags of the activity go to object.emojis.
// - Undo/Accept/Reject: inner_type/inner_id from the wrapped activity, and
//   object.id = the wrapped activity's object (e.g. the liked post); `target`
//   for wrapped Follow/Block.
// - Flag: reported_ids from `object` (ids or objects), object.text from
//   `content`.
// - `hints` is never set here: it is what the calling server adds.
//
// Limits: at most 1000 entries per repeated field (10,000 recipients);
// nesting is capped by `max_depth` and nothing recurses on the input.
//
// Thread safety: NormalizeActivity is thread-safe. Each thread keeps one
// simdjson parser (sized for documents up to 64 KiB) for reuse; larger
// documents get a parser of their own, freed on return.
#ifndef HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_
#define HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "harrier/v1/activity.pb.h"

namespace harrier {

struct NormalizeOptions {
  // Largest accepted document, in bytes.
  size_t max_bytes = 1 << 20;
  // Deepest accepted nesting of arrays and objects (values below 1 count
  // as 1).
  int max_depth = 64;
};

absl::StatusOr<v1::NormalizedActivity> NormalizeActivity(
    std::string_view json, const NormalizeOptions& options = {});

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_
