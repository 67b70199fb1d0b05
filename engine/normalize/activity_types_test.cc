// Copyright 2026 The Harrier Authors.
#include "engine/normalize/activity_types.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(ClassifyTypeTest, Kinds) {
  for (const char* type : {"Create", "Update", "Delete", "Announce", "Like",
                           "Dislike", "EmojiReact", "Follow", "Accept",
                           "Reject", "Undo", "Flag", "Block", "Move"}) {
    EXPECT_EQ(ClassifyType(type), TypeKind::kActivity) << type;
  }
  for (const char* type : {"Note", "Article", "Page", "Question", "Image",
                           "Video", "Audio", "Event", "ChatMessage"}) {
    EXPECT_EQ(ClassifyType(type), TypeKind::kContentObject) << type;
  }
  for (const char* type :
       {"Person", "Service", "Application", "Group", "Organization"}) {
    EXPECT_EQ(ClassifyType(type), TypeKind::kActor) << type;
  }
  EXPECT_EQ(ClassifyType("OrderedCollectionPage"), TypeKind::kCollection);
  EXPECT_EQ(ClassifyType("Tombstone"), TypeKind::kOther);
  EXPECT_EQ(ClassifyType("create"), TypeKind::kOther);
  EXPECT_EQ(ClassifyType(""), TypeKind::kOther);
}

TEST(ClassifyTypeTest, Helpers) {
  EXPECT_TRUE(IsActivityType("Undo"));
  EXPECT_FALSE(IsActivityType("Note"));
  EXPECT_TRUE(IsActorType("Group"));
  EXPECT_TRUE(IsBotActorType("Service"));
  EXPECT_TRUE(IsBotActorType("Application"));
  EXPECT_FALSE(IsBotActorType("Person"));
}

}  // namespace
}  // namespace harrier
