// Copyright 2026 The Harrier Authors.
#include "engine/normalize/activity_types.h"

#include <string_view>

namespace harrier {
namespace {

constexpr std::string_view kActivities[] = {
    "Create",
    "Update",
    "Delete",
    "Announce",
    "Like",
    "Dislike",
    "EmojiReact",
    "EmojiReaction",
    "Follow",
    "Accept",
    "Reject",
    "Undo",
    "Flag",
    "Block",
    "Move",
    "Add",
    "Remove",
    "Lock",
    "Arrive",
    "Ignore",
    "Invite",
    "Join",
    "Leave",
    "Listen",
    "Offer",
    "Read",
    "TentativeAccept",
    "TentativeReject",
    "Travel",
    "View",
    "QuoteRequest",
    "Activity",
};
constexpr std::string_view kContentObjects[] = {
    "Note",   "Article", "Page",      "Question", "Image",
    "Video",  "Audio",   "Event",     "Document", "ChatMessage",
    "Review", "Comment", "Quotation", "Story",    "Object",
};
constexpr std::string_view kActors[] = {
    "Person", "Service", "Application", "Group", "Organization",
};
constexpr std::string_view kCollections[] = {
    "Collection",
    "OrderedCollection",
    "CollectionPage",
    "OrderedCollectionPage",
};

template <size_t N>
bool Contains(const std::string_view (&names)[N], std::string_view type) {
  for (std::string_view name : names) {
    if (name == type) return true;
  }
  return false;
}

}  // namespace

TypeKind ClassifyType(std::string_view type) {
  if (Contains(kActivities, type)) return TypeKind::kActivity;
  if (Contains(kContentObjects, type)) return TypeKind::kContentObject;
  if (Contains(kActors, type)) return TypeKind::kActor;
  if (Contains(kCollections, type)) return TypeKind::kCollection;
  return TypeKind::kOther;
}

}  // namespace harrier
