// Copyright 2026 The Harrier Authors.
//
// schema.h: the fields rules can read, mapped onto harrier.v1.
// NormalizedActivity, with their types.
//
// Activity fields are named by dotted paths ("actor.age"); element fields
// are read through a comprehension variable ("m.host" in
// `exists(m, object.mentions, m.host in bad_hosts)`).
//
// Derived fields (computed at evaluation, `now` given by the caller):
//   actor.age   = now - hints.actor_created_at   (null when unknown)
//   object.age  = now - object.published         (null when unknown)
//   actor.followers/following/posts              (null when unknown)
//   actor.followed_locally, actor.local          (false when unknown)
//   object.has_media = size(object.attachments) > 0
//   object.host = host of object.id
//   object.visibility = "public" | "unlisted" | "followers" | "direct" | ""
//   object.published, activity.published: timestamps (null when unset)
// A comparison with a null value is false (so `actor.age < 24h` and
// `actor.age >= 24h` are both false for an actor of unknown age).
#ifndef HARRIER_RULES_CHECKER_SCHEMA_H_
#define HARRIER_RULES_CHECKER_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/parser/ast.h"

namespace harrier::rules {

enum class Field {
  kActivityType,
  kActivityId,
  kActivityReaction,
  kActivityInnerType,
  kActivityTarget,
  kActorId,
  kActorHost,
  kActorHandle,
  kActorType,
  kActorBot,
  kActorAge,
  kActorFollowers,
  kActorFollowing,
  kActorPosts,
  kActorFollowedLocally,
  kActorLocal,
  kObjectId,
  kObjectText,
  kObjectSummary,
  kObjectName,
  kObjectType,
  kObjectLanguage,
  kObjectSensitive,
  kObjectVisibility,
  kObjectHashtags,
  kObjectMentions,
  kObjectLinks,
  kObjectAttachments,
  kObjectRecipients,
  kObjectHasMedia,
  kObjectAge,
  kObjectInReplyTo,
  kObjectQuoteOf,
  kObjectCommunity,
  kObjectHost,
  kObjectInReplyToHost,
  kObjectQuoteOfHost,
  kObjectUrl,
  kObjectPublished,
  kActivityPublished,
  // Element fields.
  kMentionHost,
  kMentionActorId,
  kMentionName,
  kLinkUrl,
  kLinkHost,
  kAttachmentType,
  kAttachmentMediaType,
  kAttachmentUrl,
  kAttachmentAltText,
  kFieldCount,
};

struct FieldInfo {
  Field field;
  // "actor.age", or for element fields the member name ("host").
  const char* name;
  Type type;
  // Element type owning the member (kMention ...), kError for activity
  // fields.
  Type owner;
  // `in` uses domain semantics.
  bool is_host;
};

const FieldInfo& GetFieldInfo(Field field);
// Activity field by dotted path, or nullptr.
const FieldInfo* FindActivityField(std::string_view path);
// Member of an element type, or nullptr.
const FieldInfo* FindElementField(Type owner, std::string_view member);
// All activity field paths / members of an element type (for suggestions).
std::vector<std::string> ActivityFieldNames();
std::vector<std::string> ElementFieldNames(Type owner);
// Element type of a list type (kListMention -> kMention, ...).
Type ElementType(Type list_type);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_CHECKER_SCHEMA_H_
