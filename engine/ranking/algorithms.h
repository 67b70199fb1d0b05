// Copyright 2026 The Harrier Authors.
//
// algorithms.h: the ranking formulas of Harrier's feeds, each behind the
// one-method interface RankingAlgorithm (Explain; Score is its shortcut).
// Formulas, sources and parameters are in docs/RANKING.md and
// ../shared/REFERENCE.md §3.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<const RankingAlgorithm> hot,
//                    MakeAlgorithm({"hot", {{"gravity", 1.8}}}));
//   double score = hot->Score(inputs);      // higher ranks first
//
// Every algorithm is a pure function of RankInputs: same inputs, same score
// (re-scoring relies on that). Scores are finite doubles (never NaN/inf).
//
// time_invariant(): true when the order of two items never changes as time
// passes without engagement (chronological, Reddit hot, Wilson, controversial,
// Mastodon trending and weighted half-life (both stored in log space), Mbin).
// Those are re-scored on engagement only; the others (Lemmy hot/scaled,
// Hacker News) also need background re-scoring over their window.
//
// Thread safety: algorithms are immutable after construction; share freely.
// Errors: MakeAlgorithm returns INVALID_ARGUMENT "rank: ..." for an unknown
// algorithm, an unknown parameter or a parameter out of range.
#ifndef HARRIER_ENGINE_RANKING_ALGORITHMS_H_
#define HARRIER_ENGINE_RANKING_ALGORITHMS_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace harrier::ranking {

// What a score is computed from. Engagement fields are after per-host trust
// weights and caps (engagement_signals.h); `positive` and `negative` also
// apply the feed's per-kind weights.
struct RankInputs {
  double likes = 0;
  double boosts = 0;
  double replies = 0;
  double quotes = 0;
  double reactions = 0;
  double dislikes = 0;
  // Σ weight(kind) · count(kind) over likes, boosts, replies, quotes,
  // reactions ("upvotes").
  double positive = 0;
  // weight(dislike) · dislikes ("downvotes"), >= 0.
  double negative = 0;
  absl::Time published = absl::UnixEpoch();
  absl::Time now = absl::UnixEpoch();
  // Lemmy scaled: interactions in the object's community over the last month.
  double community_interactions = 0;
};

struct ScoreComponent {
  std::string name;
  double value = 0;
};

struct Explanation {
  double score = 0;
  std::vector<ScoreComponent> components;
};

// One ranking formula with its parameters.
class RankingAlgorithm {
 public:
  virtual ~RankingAlgorithm() = default;

  // The score with its named components (inputs used, intermediate values).
  virtual Explanation Explain(const RankInputs& inputs) const = 0;

  // The score alone; by default Explain(inputs).score.
  virtual double Score(const RankInputs& inputs) const {
    return Explain(inputs).score;
  }

  // The name MakeAlgorithm knows it by, e.g. "hot".
  virtual absl::string_view name() const = 0;

  // See the file comment.
  virtual bool time_invariant() const = 0;

  // Power-law algorithms: items older than this score 0 (0 = no limit).
  virtual absl::Duration max_age() const { return absl::ZeroDuration(); }
};

// An algorithm by name with numeric parameters, as written in a feed block:
// `rank hot(gravity: 1.8)` is {"hot", {{"gravity", 1.8}}}.
struct AlgorithmSpec {
  std::string name;
  std::map<std::string, double> params;
};

// Known names and parameters (defaults in parentheses):
//   chronological                      published time, newest first
//   hot       gravity (1.8), max_age_hours (168)           Lemmy hot
//   scaled    gravity (1.8), max_age_hours (168)           Lemmy scaled
//   hn        gravity (1.8), points_exponent (0.8), max_age_hours (0)
//   reddit_hot  divisor (45000), epoch (1134028003)
//   best      z (1.281551565545)                           Wilson bound
//   controversial
//   trending  half_life_hours (1), threshold (5), expected (1)   Mastodon
//   half_life half_life_hours (6)                  weighted engagement
//   mbin      vote_seconds (4500), comment_seconds (1500),
//             unique_commenter_seconds (5000), min_seconds (-43200),
//             max_seconds (86400)
absl::StatusOr<std::unique_ptr<const RankingAlgorithm>> MakeAlgorithm(
    const AlgorithmSpec& spec);

// A formula given as a function (the rule language's custom `rank` formula
// compiles to one). `fn` must be pure and thread-safe.
std::unique_ptr<const RankingAlgorithm> MakeCustomAlgorithm(
    std::string name, bool time_invariant,
    std::function<Explanation(const RankInputs&)> fn);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_ALGORITHMS_H_
