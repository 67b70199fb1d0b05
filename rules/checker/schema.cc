// Copyright 2026 The Harrier Authors.
#include "rules/checker/schema.h"

namespace harrier::rules {
namespace {

constexpr FieldInfo kFields[] = {
    {Field::kActivityType, "activity.type", Type::kString, Type::kError, false},
    {Field::kActivityId, "activity.id", Type::kString, Type::kError, false},
    {Field::kActivityReaction, "activity.reaction", Type::kString, Type::kError, false},
    {Field::kActivityInnerType, "activity.inner_type", Type::kString, Type::kError, false},
    {Field::kActivityTarget, "activity.target", Type::kString, Type::kError, false},
    {Field::kActorId, "actor.id", Type::kString, Type::kError, false},
    {Field::kActorHost, "actor.host", Type::kString, Type::kError, true},
    {Field::kActorHandle, "actor.handle", Type::kString, Type::kError, false},
    {Field::kActorType, "actor.type", Type::kString, Type::kError, false},
    {Field::kActorBot, "actor.bot", Type::kBool, Type::kError, false},
    {Field::kActorAge, "actor.age", Type::kDuration, Type::kError, false},
    {Field::kActorFollowers, "actor.followers", Type::kInt, Type::kError, false},
    {Field::kActorFollowing, "actor.following", Type::kInt, Type::kError, false},
    {Field::kActorPosts, "actor.posts", Type::kInt, Type::kError, false},
    {Field::kActorFollowedLocally, "actor.followed_locally", Type::kBool, Type::kError, false},
    {Field::kActorLocal, "actor.local", Type::kBool, Type::kError, false},
    {Field::kObjectId, "object.id", Type::kString, Type::kError, false},
    {Field::kObjectText, "object.text", Type::kString, Type::kError, false},
    {Field::kObjectSummary, "object.summary", Type::kString, Type::kError, false},
    {Field::kObjectName, "object.name", Type::kString, Type::kError, false},
    {Field::kObjectType, "object.type", Type::kString, Type::kError, false},
    {Field::kObjectLanguage, "object.language", Type::kString, Type::kError, false},
    {Field::kObjectSensitive, "object.sensitive", Type::kBool, Type::kError, false},
    {Field::kObjectVisibility, "object.visibility", Type::kString, Type::kError, false},
    {Field::kObjectHashtags, "object.hashtags", Type::kListString, Type::kError, false},
    {Field::kObjectMentions, "object.mentions", Type::kListMention, Type::kError, false},
    {Field::kObjectLinks, "object.links", Type::kListLink, Type::kError, false},
    {Field::kObjectAttachments, "object.attachments", Type::kListAttachment, Type::kError, false},
    {Field::kObjectRecipients, "object.recipients", Type::kListString, Type::kError, false},
    {Field::kObjectHasMedia, "object.has_media", Type::kBool, Type::kError, false},
    {Field::kObjectAge, "object.age", Type::kDuration, Type::kError, false},
    {Field::kObjectInReplyTo, "object.in_reply_to", Type::kString, Type::kError, false},
    {Field::kObjectQuoteOf, "object.quote_of", Type::kString, Type::kError, false},
    {Field::kObjectCommunity, "object.community", Type::kString, Type::kError, false},
    {Field::kObjectHost, "object.host", Type::kString, Type::kError, true},
    // Hosts of the replied-to and quoted posts (Akkoma's handle_threads).
    {Field::kObjectInReplyToHost, "object.in_reply_to_host", Type::kString, Type::kError, true},
    {Field::kObjectQuoteOfHost, "object.quote_of_host", Type::kString, Type::kError, true},
    {Field::kObjectUrl, "object.url", Type::kString, Type::kError, false},
    {Field::kObjectPublished, "object.published", Type::kTimestamp, Type::kError, false},
    {Field::kActivityPublished, "activity.published", Type::kTimestamp, Type::kError, false},
    {Field::kMentionHost, "host", Type::kString, Type::kMention, true},
    {Field::kMentionActorId, "actor_id", Type::kString, Type::kMention, false},
    {Field::kMentionName, "name", Type::kString, Type::kMention, false},
    {Field::kLinkUrl, "url", Type::kString, Type::kLink, false},
    {Field::kLinkHost, "host", Type::kString, Type::kLink, true},
    {Field::kAttachmentType, "type", Type::kString, Type::kAttachment, false},
    {Field::kAttachmentMediaType, "media_type", Type::kString, Type::kAttachment, false},
    {Field::kAttachmentUrl, "url", Type::kString, Type::kAttachment, false},
    {Field::kAttachmentAltText, "alt_text", Type::kString, Type::kAttachment, false},
};

static_assert(sizeof(kFields) / sizeof(kFields[0]) ==
              static_cast<size_t>(Field::kFieldCount));

}  // namespace

const FieldInfo& GetFieldInfo(Field field) {
  return kFields[static_cast<int>(field)];
}

const FieldInfo* FindActivityField(std::string_view path) {
  for (const FieldInfo& f : kFields) {
    if (f.owner == Type::kError && path == f.name) return &f;
  }
  return nullptr;
}

const FieldInfo* FindElementField(Type owner, std::string_view member) {
  for (const FieldInfo& f : kFields) {
    if (f.owner == owner && member == f.name) return &f;
  }
  return nullptr;
}

std::vector<std::string> ActivityFieldNames() {
  std::vector<std::string> out;
  for (const FieldInfo& f : kFields) {
    if (f.owner == Type::kError) out.push_back(f.name);
  }
  return out;
}

std::vector<std::string> ElementFieldNames(Type owner) {
  std::vector<std::string> out;
  for (const FieldInfo& f : kFields) {
    if (f.owner == owner) out.push_back(f.name);
  }
  return out;
}

Type ElementType(Type list_type) {
  switch (list_type) {
    case Type::kListString: return Type::kString;
    case Type::kListMention: return Type::kMention;
    case Type::kListLink: return Type::kLink;
    case Type::kListAttachment: return Type::kAttachment;
    default: return Type::kError;
  }
}

}  // namespace harrier::rules
