// Copyright 2026 The Harrier Authors.
#include "gtest/gtest.h"
#include "service/resource_names.h"
#include "service/status_conversion.h"

namespace harrier {
namespace {

TEST(ResourceNamesTest, ParsesInstance) {
  auto instance = ParseInstanceName("parent", "instances/example.social");
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(*instance, "example.social");
}

TEST(ResourceNamesTest, RejectsOtherShapesNamingTheField) {
  auto bad = ParseInstanceName("parent", "example.social");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "parent: expected \"instances/{instance}\", got \"example.social\"");
  EXPECT_FALSE(ParseInstanceName("parent", "instances/").ok());
  EXPECT_FALSE(ParseInstanceName("parent", "instances/A B").ok());
}

TEST(ResourceNamesTest, ParsesChild) {
  auto child = ParseChildName("name", "instances/x.y/feeds/art", "feeds");
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ(child->instance, "x.y");
  EXPECT_EQ(child->id, "art");
  EXPECT_FALSE(ParseChildName("name", "instances/x.y/rules/art", "feeds").ok());
  EXPECT_FALSE(ParseChildName("name", "instances/x.y/feeds/", "feeds").ok());
}

TEST(StatusConversionTest, CarriesCodeMessageAndField) {
  grpc::Status status = ToGrpcStatus(
      absl::InvalidArgumentError("activity_json.id: missing or not a string"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "activity_json.id: missing or not a string");
  v1::ErrorDetails details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.field(), "activity_json.id");
  EXPECT_EQ(ErrorDetailsFor(absl::InternalError("disk on fire")).field(), "");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace harrier
