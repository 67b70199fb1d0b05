// Copyright 2026 The Harrier Authors.
//
// engine_internal.h: helpers shared by the engine's source files (engine*.cc);
// not part of the engine's interface.
#ifndef HARRIER_ENGINE_ENGINE_INTERNAL_H_
#define HARRIER_ENGINE_ENGINE_INTERNAL_H_

#include "harrier/v1/decision.pb.h"

namespace harrier::engine_internal {

// Whether `decision`'s final actions include one of `type`.
inline bool HasAction(const v1::Decision& decision, v1::ActionType type) {
  for (const v1::Action& action : decision.actions()) {
    if (action.type() == type) return true;
  }
  return false;
}

}  // namespace harrier::engine_internal

#endif  // HARRIER_ENGINE_ENGINE_INTERNAL_H_
