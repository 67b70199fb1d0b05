// Copyright 2026 The Harrier Authors.
//
// activity_types.h: what kind of ActivityStreams document a `type` names.
//
//   ClassifyType("Create")            == TypeKind::kActivity
//   ClassifyType("Note")              == TypeKind::kContentObject
//   ClassifyType("Person")            == TypeKind::kActor
//   ClassifyType("OrderedCollection") == TypeKind::kCollection
//   ClassifyType("Tombstone")         == TypeKind::kOther
//
// Unknown names are kOther; the normaliser still passes through unknown
// activity types that carry an `actor`. Matching is exact (JSON-LD terms are
// case-sensitive).
//
// Thread safety: pure functions.
#ifndef HARRIER_ENGINE_NORMALIZE_ACTIVITY_TYPES_H_
#define HARRIER_ENGINE_NORMALIZE_ACTIVITY_TYPES_H_

#include <string_view>

namespace harrier {

enum class TypeKind {
  // Create, Update, Delete, Announce, Like, Dislike, EmojiReact, Follow,
  // Accept, Reject, Undo, Flag, Block, Move, Add, Remove, Lock and the other
  // ActivityStreams activity types.
  kActivity,
  // Posts: Note, Article, Page, Question, Image, Video, Audio, Event,
  // Document, ChatMessage, and a few implementation-specific ones.
  kContentObject,
  // Person, Service, Application, Group, Organization.
  kActor,
  // Collection, OrderedCollection and their pages.
  kCollection,
  // Anything else (Tombstone, Place, Link, unknown names ...).
  kOther,
};

TypeKind ClassifyType(std::string_view type);

inline bool IsActivityType(std::string_view type) {
  return ClassifyType(type) == TypeKind::kActivity;
}
inline bool IsActorType(std::string_view type) {
  return ClassifyType(type) == TypeKind::kActor;
}
// Service and Application actors are automated.
inline bool IsBotActorType(std::string_view type) {
  return type == "Service" || type == "Application";
}

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_ACTIVITY_TYPES_H_
