// Copyright 2026 The Harrier Authors.
#include "engine/normalize/json_fields.h"

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace harrier::json {
namespace {

using ::testing::ElementsAre;

class JsonFieldsTest : public ::testing::Test {
 protected:
  Element Parse(std::string_view json) {
    Element root;
    EXPECT_EQ(parser_.parse(json.data(), json.size()).get(root),
              simdjson::SUCCESS);
    return root;
  }
  simdjson::dom::parser parser_;
};

TEST_F(JsonFieldsTest, FieldAndString) {
  const Element e = Parse(R"({"a": "x", "b": 3, "c": null, "d": true})");
  EXPECT_EQ(StringField(e, "a"), "x");
  EXPECT_EQ(StringField(e, "b"), "");
  EXPECT_TRUE(IsNull(Field(e, "c")));
  EXPECT_TRUE(IsNull(Field(e, "missing")));
  EXPECT_TRUE(IsNull(Field(Field(e, "a"), "x")));
  EXPECT_TRUE(IsTrue(Field(e, "d")));
  EXPECT_FALSE(IsTrue(Field(e, "a")));
}

TEST_F(JsonFieldsTest, IdOfEveryShape) {
  const Element e = Parse(R"({
    "s": "https://a/1",
    "o": {"id": "https://a/2"},
    "l": {"type": "Link", "href": "https://a/3"},
    "a": [{"type": "Link"}, 7, "https://a/4"],
    "n": 5, "e": []})");
  EXPECT_EQ(IdOf(Field(e, "s")), "https://a/1");
  EXPECT_EQ(IdOf(Field(e, "o")), "https://a/2");
  EXPECT_EQ(IdOf(Field(e, "l")), "https://a/3");
  EXPECT_EQ(IdOf(Field(e, "a")), "https://a/4");
  EXPECT_EQ(IdOf(Field(e, "n")), "");
  EXPECT_EQ(IdOf(Field(e, "e")), "");
  EXPECT_EQ(IdOf(Field(e, "missing")), "");
}

TEST_F(JsonFieldsTest, TypeOfStringOrArray) {
  EXPECT_EQ(TypeOf(Parse(R"({"type": "Note"})")), "Note");
  EXPECT_EQ(TypeOf(Parse(R"({"type": [1, "Place", "geo:F"]})")), "Place");
  EXPECT_EQ(TypeOf(Parse(R"({"type": 1})")), "");
  EXPECT_EQ(TypeOf(Parse(R"("Note")")), "");
}

TEST_F(JsonFieldsTest, MembersInOnePass) {
  const Element e = Parse(R"({"b": 2, "a": "x", "a": "second", "c": null})");
  constexpr std::string_view kKeys[] = {"a", "b", "c", "missing"};
  Element values[4];
  Members(e, kKeys, 4, values);
  EXPECT_EQ(String(values[0]), "x");  // the first "a" wins, as with Field()
  int64_t b = 0;
  EXPECT_EQ(values[1].get_int64().get(b), simdjson::SUCCESS);
  EXPECT_EQ(b, 2);
  EXPECT_TRUE(IsNull(values[2]));
  EXPECT_TRUE(IsNull(values[3]));
  Members(Parse("[1]"), kKeys, 4, values);
  EXPECT_TRUE(IsNull(values[0]));
}

TEST_F(JsonFieldsTest, FirstString) {
  EXPECT_EQ(FirstString(Parse(R"("a")")), "a");
  EXPECT_EQ(FirstString(Parse(R"([1, "b", "c"])")), "b");
  EXPECT_EQ(FirstString(Parse("{}")), "");
}

TEST_F(JsonFieldsTest, ForEachArrayOrSingle) {
  std::vector<std::string> seen;
  auto collect = [&](Element m) {
    seen.push_back(std::string(IdOf(m)));
    return true;
  };
  ForEach(Parse(R"(["a", {"id": "b"}])"), collect);
  ForEach(Parse(R"("c")"), collect);
  ForEach(Parse("null"), collect);
  EXPECT_THAT(seen, ElementsAre("a", "b", "c"));
}

TEST(ParseTimestampTest, Rfc3339AndTolerances) {
  google::protobuf::Timestamp ts;
  ASSERT_TRUE(ParseTimestamp("2021-11-01T12:11:22.871846Z", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
  EXPECT_EQ(ts.nanos(), 871846000);
  ASSERT_TRUE(ParseTimestamp("2021-11-01T13:11:22+01:00", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
  EXPECT_EQ(ts.nanos(), 0);
  ASSERT_TRUE(ParseTimestamp("2021-11-01T12:11:22+0000", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
  ASSERT_TRUE(ParseTimestamp("2021-11-01T12:11:22", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
}

TEST(ParseTimestampTest, FastPathEdgeCases) {
  google::protobuf::Timestamp ts;
  ASSERT_TRUE(ParseTimestamp("2021-11-01t12:11:22.1z", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
  EXPECT_EQ(ts.nanos(), 100000000);
  ASSERT_TRUE(ParseTimestamp("2021-11-01T12:11:22.123456789123Z", &ts));
  EXPECT_EQ(ts.nanos(), 123456789);
  ASSERT_TRUE(ParseTimestamp("2021-11-01T07:41:22-04:30", &ts));
  EXPECT_EQ(ts.seconds(), 1635768682);
  ASSERT_TRUE(ParseTimestamp("1969-12-31T23:59:59.5Z", &ts));
  EXPECT_EQ(ts.seconds(), -1);
  EXPECT_EQ(ts.nanos(), 500000000);
  ts.Clear();
  EXPECT_FALSE(ParseTimestamp("2021-02-30T00:00:00Z", &ts));
  EXPECT_FALSE(ParseTimestamp("2021-11-01T12:11:22.Z", &ts));
  EXPECT_FALSE(ParseTimestamp("2021-11-01T25:11:22Z", &ts));
  EXPECT_FALSE(ParseTimestamp("2021-11-01T12:11:22+24:00", &ts));
  EXPECT_FALSE(ParseTimestamp("2021-11-01T12:11:22Zjunk", &ts));
  EXPECT_EQ(ts.seconds(), 0);
}

TEST(ParseTimestampTest, RejectsGarbageAndLeavesOutputAlone) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(42);
  EXPECT_FALSE(ParseTimestamp("SCRUBBED_DATE", &ts));
  EXPECT_FALSE(ParseTimestamp("", &ts));
  EXPECT_FALSE(ParseTimestamp("2021-13-01T00:00:00Z", &ts));
  EXPECT_FALSE(ParseTimestamp("99999-01-01T00:00:00Z", &ts));
  EXPECT_EQ(ts.seconds(), 42);
}

}  // namespace
}  // namespace harrier::json
