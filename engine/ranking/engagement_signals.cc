// Copyright 2026 The Harrier Authors.
#include "engine/ranking/engagement_signals.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace harrier::ranking {
namespace {

double Reactions(const v1::EngagementCounts& counts) {
  double sum = 0;
  for (const auto& [emoji, count] : counts.reactions()) sum += static_cast<double>(count);
  return sum;
}

double Magnitude(const v1::EngagementCounts& c, const EngagementWeights& w) {
  return std::fabs(w.like) * static_cast<double>(c.likes()) +
         std::fabs(w.boost) * static_cast<double>(c.boosts()) +
         std::fabs(w.reply) * static_cast<double>(c.replies()) +
         std::fabs(w.quote) * static_cast<double>(c.quotes()) +
         std::fabs(w.reaction) * Reactions(c) +
         std::fabs(w.dislike) * static_cast<double>(c.dislikes());
}

void Accumulate(const v1::EngagementCounts& c, double factor, RankInputs* in) {
  in->likes += factor * static_cast<double>(c.likes());
  in->boosts += factor * static_cast<double>(c.boosts());
  in->replies += factor * static_cast<double>(c.replies());
  in->quotes += factor * static_cast<double>(c.quotes());
  in->reactions += factor * Reactions(c);
  in->dislikes += factor * static_cast<double>(c.dislikes());
}

}  // namespace

double PerHostCapValue(std::vector<double> w, double per_host_cap, double cap_floor) {
  if (per_host_cap >= 1 || w.empty()) return std::numeric_limits<double>::infinity();
  std::sort(w.begin(), w.end(), std::greater<double>());
  const size_t n = w.size();
  std::vector<double> suffix(n + 1, 0);
  for (size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + w[i];
  // With the top k hosts capped at x: x = c · (k·x + S_rest), so
  // x = c · S_rest / (1 - c·k), valid when w[k-1] >= x >= w[k].
  double x = 0;
  for (size_t k = 0; k <= n && per_host_cap * static_cast<double>(k) < 1; ++k) {
    const double candidate =
        per_host_cap * suffix[k] / (1 - per_host_cap * static_cast<double>(k));
    const bool above_next = k == n || candidate >= w[k];
    const bool below_prev = k == 0 || w[k - 1] >= candidate;
    if (above_next && below_prev) {
      x = candidate;
      break;
    }
  }
  return std::max(x, cap_floor);
}

void ApplyRankFactor(double factor, RankInputs* in) {
  if (!(factor > 0 && factor < 1)) return;
  in->likes *= factor;
  in->boosts *= factor;
  in->replies *= factor;
  in->quotes *= factor;
  in->reactions *= factor;
  in->positive *= factor;
}

void ComputeEngagement(const storage::EngagementRecord& record,
                       const EngagementWeights& weights, RankInputs* in) {
  in->likes = in->boosts = in->replies = in->quotes = in->reactions = in->dislikes = 0;
  if (record.by_host().empty()) {
    Accumulate(record.total(), 1, in);
  } else {
    std::vector<std::pair<const v1::EngagementCounts*, double>> hosts;  // counts, trust
    std::vector<double> magnitudes;
    for (const auto& [host, counts] : record.by_host()) {
      auto trust_it = weights.host_weights.find(host);
      const double trust =
          trust_it == weights.host_weights.end() ? 1.0 : std::max(0.0, trust_it->second);
      hosts.emplace_back(&counts, trust);
      magnitudes.push_back(trust * Magnitude(counts, weights));
    }
    const double cap = PerHostCapValue(magnitudes, weights.per_host_cap, weights.cap_floor);
    for (size_t i = 0; i < hosts.size(); ++i) {
      double factor = hosts[i].second;
      if (magnitudes[i] > cap) factor *= cap / magnitudes[i];
      Accumulate(*hosts[i].first, factor, in);
    }
  }
  in->positive = weights.like * in->likes + weights.boost * in->boosts +
                 weights.reply * in->replies + weights.quote * in->quotes +
                 weights.reaction * in->reactions;
  in->negative = std::fabs(weights.dislike) * in->dislikes;
}

}  // namespace harrier::ranking
