// Copyright 2026 The Harrier Authors.
//
// Minimal normaliser for the walking skeleton: reads id, type, actor and the
// object's id. Replaced by the full normaliser (issue 3).
#include "engine/normalize/normalizer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace harrier {
namespace {

std::string IdOf(simdjson::dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  simdjson::dom::element id;
  if (value.is_object() && value["id"].get(id) == simdjson::SUCCESS &&
      id.get_string().get(text) == simdjson::SUCCESS) {
    return std::string(text);
  }
  return "";
}

}  // namespace

absl::StatusOr<v1::NormalizedActivity> NormalizeActivity(
    std::string_view json, const NormalizeOptions& options) {
  if (json.empty()) {
    return absl::InvalidArgumentError("activity_json: empty body");
  }
  if (json.size() > options.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("activity_json: ", json.size(), " bytes is over the limit of ",
                     options.max_bytes, " bytes"));
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::padded_string padded(json);
  if (auto error = parser.parse(padded).get(root); error) {
    return absl::InvalidArgumentError(
        absl::StrCat("activity_json: malformed JSON: ", simdjson::error_message(error)));
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError("activity_json: not a JSON object");
  }
  v1::NormalizedActivity activity;
  std::string_view text;
  if (root["id"].get_string().get(text) != simdjson::SUCCESS || text.empty()) {
    return absl::InvalidArgumentError("activity_json.id: missing or not a string");
  }
  activity.set_id(std::string(text));
  if (root["type"].get_string().get(text) != simdjson::SUCCESS || text.empty()) {
    return absl::InvalidArgumentError("activity_json.type: missing or not a string");
  }
  activity.set_type(std::string(text));
  simdjson::dom::element value;
  if (root["actor"].get(value) == simdjson::SUCCESS) {
    activity.mutable_actor()->set_id(IdOf(value));
  }
  if (root["object"].get(value) == simdjson::SUCCESS) {
    activity.mutable_object()->set_id(IdOf(value));
  }
  return activity;
}

}  // namespace harrier
