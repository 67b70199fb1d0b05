// Copyright 2026 The Harrier Authors.
#include "engine/normalize/json_fields.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace harrier::json {

Element Null() {
  // simdjson's default-constructed element is unusable, so absent values are a
  // JSON null from a document parsed once and never modified (read-only, hence
  // safe to share across threads). Intentionally leaked.
  static const Element null_element = [] {
    static simdjson::dom::parser* const parser = new simdjson::dom::parser();
    Element element;
    if (parser->parse("null", 4).get(element) != simdjson::SUCCESS) abort();
    return element;
  }();
  return null_element;
}

bool IsNull(Element e) { return e.is_null(); }

Element Field(Element e, std::string_view key) {
  simdjson::dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return Null();
  Element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return Null();
  return value;
}

std::string_view String(Element e) {
  std::string_view value;
  if (e.get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

std::string_view StringField(Element e, std::string_view key) {
  return String(Field(e, key));
}

bool IsTrue(Element e) {
  bool value = false;
  return e.get_bool().get(value) == simdjson::SUCCESS && value;
}

namespace {

std::string_view IdOfScalarOrObject(Element e) {
  std::string_view value;
  if (e.get_string().get(value) == simdjson::SUCCESS) return value;
  if (e.type() != simdjson::dom::element_type::OBJECT) return {};
  value = StringField(e, "id");
  if (value.empty()) value = StringField(e, "href");
  return value;
}

}  // namespace

std::string_view IdOf(Element e) {
  simdjson::dom::array array;
  if (e.get_array().get(array) == simdjson::SUCCESS) {
    for (Element member : array) {
      const std::string_view id = IdOfScalarOrObject(member);
      if (!id.empty()) return id;
    }
    return {};
  }
  return IdOfScalarOrObject(e);
}

std::string_view TypeOf(Element e) {
  const Element type = Field(e, "type");
  simdjson::dom::array array;
  if (type.get_array().get(array) == simdjson::SUCCESS) {
    for (Element member : array) {
      const std::string_view value = String(member);
      if (!value.empty()) return value;
    }
    return {};
  }
  return String(type);
}

bool ParseTimestamp(std::string_view text, google::protobuf::Timestamp* out) {
  // Longest sensible RFC 3339 text, with nanoseconds and offset, is ~35.
  if (text.empty() || text.size() > 64) return false;
  const absl::string_view input(text.data(), text.size());
  static constexpr const char* kFormats[] = {
      "%Y-%m-%d%ET%H:%M:%E*S%Ez",  // RFC 3339 (absl::RFC3339_full).
      "%Y-%m-%d%ET%H:%M:%E*S%z",   // "+0000".
      "%Y-%m-%d%ET%H:%M:%E*S",     // No offset: UTC.
  };
  absl::Time time;
  bool parsed = false;
  for (const char* format : kFormats) {
    std::string error;
    if (absl::ParseTime(format, input, absl::UTCTimeZone(), &time, &error)) {
      parsed = true;
      break;
    }
  }
  if (!parsed) return false;
  constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  if (time < absl::FromUnixSeconds(kMinSeconds) ||
      time > absl::FromUnixSeconds(kMaxSeconds + 1)) {
    return false;
  }
  const int64_t seconds = absl::ToUnixSeconds(time);
  if (seconds > kMaxSeconds) return false;
  const int64_t nanos =
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds));
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(nanos));
  return true;
}

}  // namespace harrier::json
