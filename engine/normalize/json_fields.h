// Copyright 2026 The Harrier Authors.
//
// json_fields.h: tolerant accessors over a parsed simdjson DOM, for JSON-LD as
// real ActivityPub servers compact it.
//
// Almost every ActivityPub property may arrive as a string, an object or an
// array of either. These helpers read such values without failing: a value of
// the wrong type reads as absent ("" / false / nothing), never as an error.
//
//   simdjson::dom::element activity = ...;
//   std::string_view actor_id = json::IdOf(json::Field(activity, "actor"));
//   json::ForEach(json::Field(activity, "to"), [](simdjson::dom::element e) {
//     ... json::IdOf(e) ...
//   });
//
// Nothing here recurses on the input: arrays are walked one level deep.
// Returned string_views point into the parser's document and live as long as
// it does.
//
// Thread safety: pure functions over an immutable document.
#ifndef HARRIER_ENGINE_NORMALIZE_JSON_FIELDS_H_
#define HARRIER_ENGINE_NORMALIZE_JSON_FIELDS_H_

#include <simdjson.h>

#include <cstddef>
#include <string_view>

#include "google/protobuf/timestamp.pb.h"

namespace harrier::json {

using Element = simdjson::dom::element;

// An absent value: a null element (also what Field() returns for a missing
// key or a non-object).
Element Null();

bool IsNull(Element e);

// The member `key` of object `e`; Null() if `e` is not an object or lacks it.
Element Field(Element e, std::string_view key);

// `e` if it is a string, else "".
std::string_view String(Element e);

// Shorthand for String(Field(e, key)).
std::string_view StringField(Element e, std::string_view key);

// true only when `e` is the JSON literal true.
bool IsTrue(Element e);

// The id of a reference: a string is itself; an object gives its "id", else
// its "href" (Link objects); an array gives the first of its members (strings
// or objects) that yields a non-empty id. Anything else: "".
std::string_view IdOf(Element e);

// The type of an object: its "type" string, or the first string of a "type"
// array. "" if none.
std::string_view TypeOf(Element e);

// The string `e`, or the first string of array `e`; "" otherwise. (TypeOf(e)
// is FirstString(Field(e, "type")).)
std::string_view FirstString(Element e);

// Looks up several members of object `e` in one pass over its members, for
// callers that read many keys of one object: values[i] becomes the first
// member named keys[i], or Null() (also when `e` is not an object). Each
// member's key is read once, instead of once per Field() call. At most
// kMaxMembers keys are looked up; values beyond that are Null().
inline constexpr size_t kMaxMembers = 64;
void Members(Element e, const std::string_view* keys, size_t count,
             Element* values);

// Calls fn(member) for each member of an array, or fn(e) once for any other
// non-null value. Stops early when fn returns false.
template <typename Fn>
void ForEach(Element e, Fn&& fn) {
  if (IsNull(e)) return;
  simdjson::dom::array array;
  if (e.get_array().get(array) == simdjson::SUCCESS) {
    for (Element member : array) {
      if (!fn(member)) return;
    }
    return;
  }
  fn(e);
}

// Parses an RFC 3339 time ("2024-01-02T03:04:05.678Z", "+01:00"), also
// tolerating a "+0000" offset and a missing offset (read as UTC). Returns
// false, leaving `out` untouched, for anything else or a time outside
// Timestamp's range (years 1 to 9999).
bool ParseTimestamp(std::string_view text, google::protobuf::Timestamp* out);

}  // namespace harrier::json

#endif  // HARRIER_ENGINE_NORMALIZE_JSON_FIELDS_H_
