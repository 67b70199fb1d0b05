// Copyright 2026 The Harrier Authors.
//
// feed_formula.h: `rank formula(EXPR)` of `.feeds` files: a small typed
// expression language (numbers, durations, bools) over a member's
// engagement signals and age, parsed with bounded depth and evaluated
// without unbounded recursion. Internal to feed_config.cc.
#ifndef HARRIER_ENGINE_RANKING_FEED_FORMULA_H_
#define HARRIER_ENGINE_RANKING_FEED_FORMULA_H_

#include "engine/ranking/feed_definition.h"
#include "engine/ranking/feed_tokens.h"

namespace harrier::ranking::feed_internal {

// Parses the formula after `formula(` up to and including the closing `)`
// and the end of the clause, reporting mistakes through `cur`; on success
// sets def->algorithm and def->ranker. `name` is the `formula` token.
void CompileFormula(Cursor& cur, const Tok& name, FeedDefinition* def);

}  // namespace harrier::ranking::feed_internal

#endif  // HARRIER_ENGINE_RANKING_FEED_FORMULA_H_
