// Copyright 2026 The Harrier Authors.
//
// evaluator.h: stage 5 of the rule pipeline. Runs a compiled Program over
// one NormalizedActivity and produces a harrier.v1.Decision.
//
//   EvalScratch scratch(program);          // one per thread, reusable
//   v1::Decision d = Evaluate(program, activity, now, {}, scratch);
//
// Per activity: every text field some rule matches on is normalised once
// (rules/text) and scanned once by its pattern database; then the rules run
// in the program's order (imported blocklists, then by descending priority,
// file order breaking ties) reading the matched-pattern sets.
//
// How actions combine (docs/RULES.md, "Combining actions"):
//   1. `mode off` rules and rules whose `expires` time is <= now are skipped.
//   2. An enforce rule that matches adds its actions, its score and an
//      explanation. A matching rule with `accept` stops the evaluation of
//      later enforce rules (and of thresholds); what earlier rules decided
//      stands.
//   3. Without an accept, every threshold whose score the total reaches
//      adds its actions.
//   4. REJECT wins over everything else: the final actions are [REJECT].
//      Otherwise the actions are merged in the order HOLD, DELIST,
//      MARK_SENSITIVE, CONTENT_WARNING (texts joined with "; "),
//      STRIP_MEDIA, FLAG (one per category), DOWNRANK (factors multiply),
//      LABEL (one per name), DROP_REPORT, REJECT_FOLLOW. Nothing at all
//      gives [ACCEPT].
//   5. Shadow rules are always evaluated; their actions, merged the same
//      way, go to shadow_actions and shadow_explanations, never to actions.
// A comparison with an unknown value (e.g. actor.age without
// hints.actor_created_at) is false. exists()/all() visit at most
// kMaxIterations elements.
//
// Thread safety: Evaluate is thread-safe for a shared const Program as long
// as each thread uses its own EvalScratch.
#ifndef HARRIER_RULES_EVAL_EVALUATOR_H_
#define HARRIER_RULES_EVAL_EVALUATOR_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "harrier/v1/activity.pb.h"
#include "harrier/v1/decision.pb.h"
#include "rules/compiler/program.h"

namespace harrier::rules {

inline constexpr int kMaxIterations = 10000;

struct EvalOptions {
  // Match with one RE2 per pattern instead of Hyperscan (tests, benchmark).
  bool naive_matching = false;
  // Evaluate this rule (by id) as `enforce` whatever its mode: embedded
  // tests check what a shadow rule would do once live.
  const CompiledRule* enforce_rule = nullptr;
};

// Per-thread working memory for Evaluate. Not thread-safe; reuse it.
class EvalScratch {
 public:
  explicit EvalScratch(const Program& program);
  ~EvalScratch();
  EvalScratch(const EvalScratch&) = delete;
  EvalScratch& operator=(const EvalScratch&) = delete;

  struct PredicateHit {
    int database = -1;
    int entry = -1;
    MatchSpan span;
  };

  const Program* program = nullptr;
  std::vector<NormalizedText> texts;
  std::vector<MatchSet> matches;
  std::vector<hs_scratch*> hs;
  std::vector<uint32_t> pred_stamp;
  std::vector<PredicateHit> pred_hit;
  uint32_t gen = 0;
  // Predicates that matched in this evaluation, and the rules to visit.
  std::vector<int> hit_predicates;
  std::vector<int> candidates;
};

v1::Decision Evaluate(const Program& program,
                      const v1::NormalizedActivity& activity, absl::Time now,
                      const EvalOptions& options, EvalScratch& scratch);

// Step 4 above: merges `actions` into `out`. With `default_accept`, an
// empty result becomes [ACCEPT].
void CombineActions(const std::vector<v1::Action>& actions,
                    bool default_accept, std::vector<v1::Action>* out);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_EVAL_EVALUATOR_H_
