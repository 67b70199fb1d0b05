// Copyright 2026 The Harrier Authors.
//
// normalizer_test_util.h: helpers shared by the normaliser's tests (testonly).
//
//   v1::NormalizedActivity got = NormalizeOrDie(json);
//   ExpectProtoEq(got, ParseTextProto<v1::NormalizedActivity>(R"pb(...)pb"));
//
// ExpectProtoEq compares every field (unset and default compare equal, as in
// proto3) and prints the differences.
#ifndef HARRIER_ENGINE_NORMALIZE_NORMALIZER_TEST_UTIL_H_
#define HARRIER_ENGINE_NORMALIZE_NORMALIZER_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/normalize/normalizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace harrier::testing {

template <typename Message>
Message ParseTextProto(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

inline void ExpectProtoEq(const google::protobuf::Message& actual,
                          const google::protobuf::Message& expected) {
  google::protobuf::util::MessageDifferencer differencer;
  std::string report;
  differencer.ReportDifferencesToString(&report);
  EXPECT_TRUE(differencer.Compare(expected, actual))
      << "differences (expected -> actual):\n"
      << report << "\nactual:\n"
      << actual.DebugString();
}

// Normalises `json`, failing the test (and returning an empty message) on
// error.
inline v1::NormalizedActivity NormalizeOrDie(
    std::string_view json, const NormalizeOptions& options = {}) {
  absl::StatusOr<v1::NormalizedActivity> result =
      NormalizeActivity(json, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : v1::NormalizedActivity();
}

// Contents of engine/normalize/testdata/<name> (a data dependency).
inline std::string ReadTestdata(const std::string& name) {
  const std::string path = "engine/normalize/testdata/" + name;
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

}  // namespace harrier::testing

#endif  // HARRIER_ENGINE_NORMALIZE_NORMALIZER_TEST_UTIL_H_
