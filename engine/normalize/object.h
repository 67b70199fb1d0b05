// Copyright 2026 The Harrier Authors.
//
// object.h: a harrier.v1.Object from an embedded ActivityPub object (a Note,
// Page, Article, Question, Video ...).
//
//   ObjectContext context;
//   context.activity = activity;          // addressing fallback
//   context.fallback_author = &actor;     // author when attributedTo is absent
//   FillObject(note, context, &object);
//
// Field by field:
//   id, type          `id`, `type` (first string of a type array).
//   author            `attributedTo` (string, object or array), else `actor`,
//                     else *context.fallback_author when given.
//   text              plain text of `content` (see html_text.h), else of
//                     contentMap's first value, else `name` for types other
//                     than Note.
//   links             `<a href>` links of that HTML that are not mentions or
//                     hashtags, with their hosts.
//   summary           plain text of `summary` (the content warning).
//   name, sensitive   `name`, `sensitive`.
//   language          contentMap's first key, else `language` (a string or an
//                     object with `identifier`), lower-cased.
//   hashtags          `Hashtag` tags' names without '#', case-folded, unique.
//   mentions          `Mention` tags: href, host of href, name as sent.
//   emojis            `Emoji` tags: name (colons added if missing), icon url.
//   attachments       `attachment` (object, string or array): type, mediaType,
//                     url (string, Link object or array), name as alt text,
//                     sensitive.
//   poll_options      names of `oneOf`, else `anyOf`.
//   in_reply_to       id of `inReplyTo` (string, object or array).
//   quote_of          `quote` (FEP-044f), `quoteUri`, `quoteUrl`, `quoteURL`,
//                     `_misskey_quote`, else a FEP-e232 Link tag whose
//                     mediaType names application/activity+json or
//                     application/ld+json.
//   community         `audience`, else Group addressing (see addressing.h).
//   published/updated RFC 3339 `published`/`updated`; unparseable: unset.
//   url               primary `url` (a text/html Link if there are several)
//                     when it differs from the id.
//   recipients,       `to` and `cc` of the object, or of context.activity when
//   visibility        the object has neither (see addressing.h).
//
// Bounds: at most kMaxListEntries entries of each repeated field are kept.
//
// FillTags is the tag part alone (hashtags, mentions, emojis, e232 quote), for
// activities that carry tags themselves (EmojiReact, Misskey Like).
//
// Thread safety: pure functions.
#ifndef HARRIER_ENGINE_NORMALIZE_OBJECT_H_
#define HARRIER_ENGINE_NORMALIZE_OBJECT_H_

#include <cstddef>
#include <string_view>

#include "engine/normalize/json_fields.h"
#include "harrier/v1/activity.pb.h"

namespace harrier {

inline constexpr size_t kMaxListEntries = 1000;

struct ObjectContext {
  // The enclosing activity, whose `to`/`cc` apply when the object has none.
  // Null() when there is none.
  json::Element activity = json::Null();
  // The activity's actor, used as the author when the object names none.
  // nullptr: leave the author empty.
  const v1::Actor* fallback_author = nullptr;
  // The actor's followers collection URL when known, else "".
  std::string_view followers_url;
};

void FillObject(json::Element object, const ObjectContext& context,
                v1::Object* out);

void FillTags(json::Element tags, v1::Object* out);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_OBJECT_H_
