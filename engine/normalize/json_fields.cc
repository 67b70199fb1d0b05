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

std::string_view FirstString(Element e) {
  simdjson::dom::array array;
  if (e.get_array().get(array) == simdjson::SUCCESS) {
    for (Element member : array) {
      const std::string_view value = String(member);
      if (!value.empty()) return value;
    }
    return {};
  }
  return String(e);
}

std::string_view TypeOf(Element e) { return FirstString(Field(e, "type")); }

void Members(Element e, const std::string_view* keys, size_t count,
             Element* values) {
  const Element null = Null();
  for (size_t i = 0; i < count; ++i) values[i] = null;
  simdjson::dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return;
  if (count > kMaxMembers) count = kMaxMembers;
  uint64_t found = 0;
  for (simdjson::dom::key_value_pair member : object) {
    const std::string_view key = member.key;
    for (size_t i = 0; i < count; ++i) {
      if (keys[i].size() == key.size() && keys[i] == key) {
        // The first member of a name wins, as with Field().
        const uint64_t bit = uint64_t{1} << i;
        if ((found & bit) == 0) {
          values[i] = member.value;
          found |= bit;
        }
        break;
      }
    }
  }
}

namespace {

// Stores `time` in `out` if it is within Timestamp's range.
bool ToTimestamp(absl::Time time, google::protobuf::Timestamp* out) {
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

// Reads exactly `digits` decimal digits at text[*pos].
bool ReadDigits(std::string_view text, size_t* pos, int digits, int* value) {
  if (*pos + static_cast<size_t>(digits) > text.size()) return false;
  int result = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = text[*pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(digits);
  *value = result;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// The common shapes, without absl::ParseTime's generality:
// "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM|+HHMM|-HHMM)".
bool ParseCommonRfc3339(std::string_view text, absl::Time* time) {
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day) ||
      !(Expect(text, &pos, 'T') || Expect(text, &pos, 't')) ||
      !ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100000000;
    const size_t begin = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      nanos += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == begin) return false;
  }
  int offset_seconds = 0;
  if (Expect(text, &pos, 'Z') || Expect(text, &pos, 'z')) {
    // UTC.
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offset_hours, offset_minutes;
    if (!ReadDigits(text, &pos, 2, &offset_hours)) return false;
    Expect(text, &pos, ':');
    if (!ReadDigits(text, &pos, 2, &offset_minutes)) return false;
    if (offset_hours > 23 || offset_minutes > 59) return false;
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return false;
  }
  if (pos != text.size()) return false;
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  // CivilSecond normalises out-of-range fields (Feb 30 -> Mar 2): reject.
  if (civil.year() != year || civil.month() != month || civil.day() != day ||
      civil.second() != second) {
    return false;
  }
  *time = absl::FromCivil(civil, absl::UTCTimeZone()) -
          absl::Seconds(offset_seconds) + absl::Nanoseconds(nanos);
  return true;
}

}  // namespace

bool ParseTimestamp(std::string_view text, google::protobuf::Timestamp* out) {
  // Longest sensible RFC 3339 text, with nanoseconds and offset, is ~35.
  if (text.empty() || text.size() > 64) return false;
  absl::Time time;
  if (ParseCommonRfc3339(text, &time)) return ToTimestamp(time, out);
  const absl::string_view input(text.data(), text.size());
  static constexpr const char* kFormats[] = {
      "%Y-%m-%d%ET%H:%M:%E*S%Ez",  // RFC 3339 (absl::RFC3339_full).
      "%Y-%m-%d%ET%H:%M:%E*S%z",   // "+0000".
      "%Y-%m-%d%ET%H:%M:%E*S",     // No offset: UTC.
  };
  bool parsed = false;
  for (const char* format : kFormats) {
    std::string error;
    if (absl::ParseTime(format, input, absl::UTCTimeZone(), &time, &error)) {
      parsed = true;
      break;
    }
  }
  if (!parsed) return false;
  return ToTimestamp(time, out);
}

}  // namespace harrier::json
