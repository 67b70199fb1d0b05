// Copyright 2026 The Harrier Authors.
//
// actor.h: a harrier.v1.Actor from an actor reference as servers send it.
//
// `value` may be a bare id ("https://a.example/users/x"), an embedded actor
// object, or an array of either (PeerTube's attributedTo lists the Person and
// its channel Group: the first non-Group entry wins, else the first).
//
//   v1::Actor actor;
//   FillActor(json::Field(activity, "actor"), &actor);
//
// Fills id, host (NormalizeHost of the id), and, from an embedded object,
// type, handle ("preferredUsername@host") and bot (Service/Application type,
// or a `bot: true` member). Fields that cannot be read are left as they were.
//
// FillActorFromProfile copies type/handle/bot from an embedded actor object
// into `out` (used when an Update or Delete carries the actor's own profile).
//
// Thread safety: pure functions.
#ifndef HARRIER_ENGINE_NORMALIZE_ACTOR_H_
#define HARRIER_ENGINE_NORMALIZE_ACTOR_H_

#include "engine/normalize/json_fields.h"
#include "harrier/v1/activity.pb.h"

namespace harrier {

void FillActor(json::Element value, v1::Actor* out);

void FillActorFromProfile(json::Element profile, v1::Actor* out);

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_ACTOR_H_
