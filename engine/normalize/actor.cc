// Copyright 2026 The Harrier Authors.
#include "engine/normalize/actor.h"

#include <simdjson.h>

#include <string>
#include <string_view>

#include "engine/normalize/activity_types.h"
#include "engine/normalize/host.h"
#include "engine/normalize/json_fields.h"

namespace harrier {
namespace {

// The member of an actor array to use: the first non-Group entry with an id,
// else the first entry with an id.
json::Element PickActor(json::Element value) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return value;
  json::Element first = json::Null();
  bool have_first = false;
  for (json::Element member : array) {
    if (json::IdOf(member).empty()) continue;
    if (!have_first) {
      first = member;
      have_first = true;
    }
    if (json::TypeOf(member) != "Group") return member;
  }
  return first;
}

}  // namespace

void FillActorFromProfile(json::Element profile, v1::Actor* out) {
  const std::string_view type = json::TypeOf(profile);
  if (!type.empty()) out->set_type(std::string(type));
  if (IsBotActorType(type) || json::IsTrue(json::Field(profile, "bot"))) {
    out->set_bot(true);
  }
  const std::string_view username =
      json::StringField(profile, "preferredUsername");
  if (!username.empty() && !out->host().empty()) {
    std::string handle(username);
    handle.push_back('@');
    handle.append(out->host());
    out->set_handle(std::move(handle));
  }
}

void FillActor(json::Element value, v1::Actor* out) {
  const json::Element actor = PickActor(value);
  const std::string_view id = json::IdOf(actor);
  if (id.empty()) return;
  out->set_id(std::string(id));
  out->set_host(NormalizeHost(id));
  if (actor.type() == simdjson::dom::element_type::OBJECT) {
    FillActorFromProfile(actor, out);
  }
}

}  // namespace harrier
