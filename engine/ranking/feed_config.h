// Copyright 2026 The Harrier Authors.
//
// feed_config.h: the feed definition language. Community admins define
// ranked feeds in `.feeds` files next to their rule files:
//
//   feed art "Art from everywhere" {
//     include  "art" in object.hashtags || "mastoart" in object.hashtags
//     exclude  object.sensitive || object.visibility != "public"
//     rank     hot(gravity: 1.8)
//     window   7d
//     diversity max_per_author: 2 per 20
//     weights  like: 1, boost: 2, reply: 3, per_host_cap: 0.2
//   }
//
//   absl::StatusOr<FeedConfigResult> r = CompileFeedConfig(files);
//   if (!r.ok()) ...                          // machinery failure
//   if (r->diagnostics.has_errors()) ...      // the admin's mistakes
//   ASSIGN_OR_RETURN(auto set, FeedSet::Create(std::move(r->feeds)));
//
// Syntax (docs/RANKING.md, "Feeds"): clauses start a line; a clause runs
// until the next line that starts with a clause keyword or `}`. `#` starts a
// comment. Clauses: include EXPR, exclude EXPR (rule-language expressions,
// type-checked by the rule checker), rank NAME[(param: number, ...)],
// rank formula(EXPR) (see below), window DURATION, diversity
// max_per_author: N per M, weights KEY: NUMBER, ... (like, boost, reply,
// quote, reaction, dislike, per_host_cap, cap_floor, host_weight("host")).
// A feed without `rank` is ranked chronologically.
//
// include/exclude: all expressions of all files compile into ONE synthetic
// rule set (rule `__feed_<id>_<include|exclude>` labelling
// "__feed:<id>:<include|exclude>"); diagnostics are mapped back to the
// feed file's line:col. Each predicate evaluates that whole rule set once
// per call (at absl::Now()), so a feed with include and exclude costs two
// evaluations per activity.
//
// Formulas: a typed arithmetic expression over the engagement counts
// (likes, boosts, replies, quotes, reactions, dislikes, positive, negative,
// community_interactions: numbers), `age` (duration: now - published),
// numbers, durations (30s, 15m, 6h, 7d, 2w), + - * /, comparisons, && || !,
// cond ? a : b, and exp_decay(duration, half_life) = 0.5^(age/half_life),
// min(a, b), max(a, b), log1p(x), sqrt(x), pow(x, y). It must be a number.
// Object fields are not available at ranking time (RankInputs has none), so
// `object.*` in a formula is an error. Nesting is limited to 64 levels.
//
// Thread safety: pure function; the predicates and rankers it returns are
// thread-safe. Errors: the admin's mistakes are diagnostics (and `feeds` is
// then empty); a non-OK Status means the machinery failed.
#ifndef HARRIER_ENGINE_RANKING_FEED_CONFIG_H_
#define HARRIER_ENGINE_RANKING_FEED_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/ranking/feed_definition.h"
#include "rules/common/diagnostics.h"
#include "rules/rule_set.h"

namespace harrier::ranking {

struct FeedConfigResult {
  rules::Diagnostics diagnostics;
  // "file:line:col: error: ..." with source lines and carets.
  std::string rendered_diagnostics;
  // In file order; empty when diagnostics has errors.
  std::vector<FeedDefinition> feeds;
};

// Compiles every file in `files` whose path ends in ".feeds" (others are
// ignored). Feed ids are unique across all the files.
absl::StatusOr<FeedConfigResult> CompileFeedConfig(
    const std::vector<rules::SourceFile>& files);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_FEED_CONFIG_H_
