// Copyright 2026 The Harrier Authors.
#include "engine/ranking/algorithms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace harrier::ranking {
namespace {

// The score of items that a log-space algorithm ranks last (log of zero).
constexpr double kLogZero = -1e18;

double Hours(absl::Duration d) { return absl::ToDoubleHours(d); }
double UnixSeconds(absl::Time t) { return absl::ToDoubleSeconds(t - absl::UnixEpoch()); }

// Replaces NaN and infinities (hostile inputs) by 0 so keys stay ordered.
double Finite(double value) { return std::isfinite(value) ? value : 0.0; }

struct ParamDef {
  const char* name;
  double default_value;
  double min;
  double max;
};

// Resolves `spec.params` against `defs`: unknown names and out-of-range
// values are INVALID_ARGUMENT "rank: ...".
absl::StatusOr<std::map<std::string, double>> ResolveParams(
    const AlgorithmSpec& spec, std::initializer_list<ParamDef> defs) {
  std::map<std::string, double> values;
  for (const ParamDef& def : defs) values[def.name] = def.default_value;
  for (const auto& [name, value] : spec.params) {
    const ParamDef* found = nullptr;
    for (const ParamDef& def : defs) {
      if (name == def.name) found = &def;
    }
    if (found == nullptr) {
      std::vector<std::string> known;
      for (const ParamDef& def : defs) known.push_back(def.name);
      return absl::InvalidArgumentError(absl::StrCat(
          "rank: ", spec.name, " has no parameter '", name, "' (known: ",
          known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
    }
    if (!std::isfinite(value) || value < found->min || value > found->max) {
      return absl::InvalidArgumentError(
          absl::StrCat("rank: ", spec.name, "(", name, ": ", value,
                       ") must be in [", found->min, ", ", found->max, "]"));
    }
    values[name] = value;
  }
  return values;
}

class Chronological final : public RankingAlgorithm {
 public:
  Explanation Explain(const RankInputs& in) const override {
    double seconds = UnixSeconds(in.published);
    return {seconds, {{"published_unix_seconds", seconds}}};
  }
  absl::string_view name() const override { return "chronological"; }
  bool time_invariant() const override { return true; }
};

// Lemmy: log10(max(2, score + 2)) / (hours + 2)^gravity; 0 when older than
// max_age or published in the future. `scaled` divides by
// log10(2 + community interactions last month).
class LemmyHot final : public RankingAlgorithm {
 public:
  LemmyHot(bool scaled, double gravity, double max_age_hours)
      : scaled_(scaled), gravity_(gravity), max_age_hours_(max_age_hours) {}

  Explanation Explain(const RankInputs& in) const override {
    const double score = in.positive - in.negative;
    const double hours = Hours(in.now - in.published);
    Explanation out;
    out.components = {{"score", score}, {"hours", hours}, {"gravity", gravity_}};
    double hot = 0;
    if (hours >= 0 && (max_age_hours_ <= 0 || hours < max_age_hours_)) {
      hot = std::log10(std::max(2.0, score + 2)) / std::pow(hours + 2, gravity_);
    }
    out.components.push_back({"hot", hot});
    if (scaled_) {
      const double divisor = std::log10(2 + std::max(0.0, in.community_interactions));
      out.components.push_back({"community_interactions", in.community_interactions});
      out.components.push_back({"log10(2+interactions)", divisor});
      hot /= divisor;
    }
    out.score = Finite(hot);
    return out;
  }
  absl::string_view name() const override { return scaled_ ? "scaled" : "hot"; }
  bool time_invariant() const override { return false; }
  absl::Duration max_age() const override {
    return max_age_hours_ > 0 ? absl::Hours(max_age_hours_) : absl::ZeroDuration();
  }

 private:
  const bool scaled_;
  const double gravity_;
  const double max_age_hours_;
};

// Hacker News: (P - 1)^e / ((age_minutes + 120) / 60)^gravity, P - 1 = the
// net weighted engagement; e = 0.8 (news.arc) or 1 (the common
// simplification (P - 1) / (T + 2)^1.8). 0 when P - 1 <= 0 or in the future.
class HackerNews final : public RankingAlgorithm {
 public:
  HackerNews(double gravity, double exponent, double max_age_hours)
      : gravity_(gravity), exponent_(exponent), max_age_hours_(max_age_hours) {}

  Explanation Explain(const RankInputs& in) const override {
    const double points_minus_one = in.positive - in.negative;
    const double age_minutes = absl::ToDoubleMinutes(in.now - in.published);
    double score = 0;
    if (points_minus_one > 0 && age_minutes >= 0 &&
        (max_age_hours_ <= 0 || age_minutes < max_age_hours_ * 60)) {
      score = std::pow(points_minus_one, exponent_) /
              std::pow((age_minutes + 120) / 60, gravity_);
    }
    return {Finite(score),
            {{"points_minus_one", points_minus_one},
             {"age_minutes", age_minutes},
             {"points_exponent", exponent_},
             {"gravity", gravity_}}};
  }
  absl::string_view name() const override { return "hn"; }
  bool time_invariant() const override { return false; }
  absl::Duration max_age() const override {
    return max_age_hours_ > 0 ? absl::Hours(max_age_hours_) : absl::ZeroDuration();
  }

 private:
  const double gravity_;
  const double exponent_;
  const double max_age_hours_;
};

// Reddit (r2/lib/db/_sorts.pyx): round(sign(s)·log10(max(|s|,1)) +
// (t - 1134028003)/45000, 7), s = ups - downs.
class RedditHot final : public RankingAlgorithm {
 public:
  RedditHot(double divisor, double epoch) : divisor_(divisor), epoch_(epoch) {}

  Explanation Explain(const RankInputs& in) const override {
    const double s = in.positive - in.negative;
    const double order = std::log10(std::max(std::fabs(s), 1.0));
    const double sign = s > 0 ? 1 : (s < 0 ? -1 : 0);
    const double seconds = UnixSeconds(in.published) - epoch_;
    const double score = std::round((sign * order + seconds / divisor_) * 1e7) / 1e7;
    return {Finite(score),
            {{"ups_minus_downs", s}, {"order", order}, {"sign", sign},
             {"seconds", seconds}}};
  }
  absl::string_view name() const override { return "reddit_hot"; }
  bool time_invariant() const override { return true; }

 private:
  const double divisor_;
  const double epoch_;
};

// Wilson score interval lower bound ("best").
class Wilson final : public RankingAlgorithm {
 public:
  explicit Wilson(double z) : z_(z) {}

  Explanation Explain(const RankInputs& in) const override {
    const double ups = std::max(0.0, in.positive);
    const double downs = std::max(0.0, in.negative);
    const double n = ups + downs;
    double score = 0;
    if (n > 0) {
      const double p = ups / n;
      const double z2 = z_ * z_;
      score = (p + z2 / (2 * n) - z_ * std::sqrt((p * (1 - p) + z2 / (4 * n)) / n)) /
              (1 + z2 / n);
    }
    return {Finite(score), {{"ups", ups}, {"downs", downs}, {"z", z_}}};
  }
  absl::string_view name() const override { return "best"; }
  bool time_invariant() const override { return true; }

 private:
  const double z_;
};

// (up + down)^(min/max), 0 if either is 0.
class Controversial final : public RankingAlgorithm {
 public:
  Explanation Explain(const RankInputs& in) const override {
    const double ups = std::max(0.0, in.positive);
    const double downs = std::max(0.0, in.negative);
    double score = 0;
    if (ups > 0 && downs > 0) {
      score = std::pow(ups + downs, std::min(ups, downs) / std::max(ups, downs));
    }
    return {Finite(score), {{"ups", ups}, {"downs", downs}}};
  }
  absl::string_view name() const override { return "controversial"; }
  bool time_invariant() const override { return true; }
};

// Mastodon trending statuses: raw = (observed - expected)^2 / expected when
// observed >= threshold and observed >= expected, else 0; observed = boosts +
// favourites; the score decays by 0.5^(age / half_life). Stored in log space
// as log2(raw) + t_published / half_life, which orders items exactly like the
// decayed score at any time (the factor 2^(-now/half_life) is common).
class Trending final : public RankingAlgorithm {
 public:
  Trending(double half_life_hours, double threshold, double expected)
      : half_life_hours_(half_life_hours), threshold_(threshold), expected_(expected) {}

  Explanation Explain(const RankInputs& in) const override {
    const double observed = in.likes + in.boosts;
    double raw = 0;
    if (observed >= threshold_ && observed >= expected_) {
      raw = (observed - expected_) * (observed - expected_) / expected_;
    }
    const double age_hours = Hours(in.now - in.published);
    const double decayed = raw * std::pow(0.5, age_hours / half_life_hours_);
    const double key = raw > 0 ? std::log2(raw) + UnixSeconds(in.published) /
                                                      (half_life_hours_ * 3600)
                               : kLogZero;
    return {Finite(key),
            {{"observed", observed}, {"expected", expected_}, {"raw", raw},
             {"age_hours", age_hours}, {"decayed_now", Finite(decayed)}}};
  }
  absl::string_view name() const override { return "trending"; }
  bool time_invariant() const override { return true; }

 private:
  const double half_life_hours_;
  const double threshold_;
  const double expected_;
};

// Weighted engagement with exponential half-life: (1 + W)·e^(-λ·age), W =
// max(0, positive - negative), λ = ln 2 / half_life; stored as
// ln(1 + W) + λ·t_published (time-invariant order). The 1 + keeps posts
// without engagement in chronological order.
class HalfLife final : public RankingAlgorithm {
 public:
  explicit HalfLife(double half_life_hours)
      : lambda_per_second_(std::log(2.0) / (half_life_hours * 3600)) {}

  Explanation Explain(const RankInputs& in) const override {
    const double w = std::max(0.0, in.positive - in.negative);
    const double age_seconds = absl::ToDoubleSeconds(in.now - in.published);
    const double key = std::log1p(w) + lambda_per_second_ * UnixSeconds(in.published);
    const double now_value = (1 + w) * std::exp(-lambda_per_second_ * age_seconds);
    return {Finite(key),
            {{"weighted_engagement", w},
             {"lambda_per_hour", lambda_per_second_ * 3600},
             {"value_now", Finite(now_value)}}};
  }
  absl::string_view name() const override { return "half_life"; }
  bool time_invariant() const override { return true; }

 private:
  const double lambda_per_second_;
};

// Mbin: min(created, now) + clamp(votes·4500 + comments·1500 +
// unique_commenters·5000, -43200, 86400) seconds. votes = likes + boosts +
// reactions - dislikes; comments = replies; unique commenters are not kept by
// the ledger and count 0.
class Mbin final : public RankingAlgorithm {
 public:
  Mbin(double vote, double comment, double unique, double lo, double hi)
      : vote_(vote), comment_(comment), unique_(unique), lo_(lo), hi_(hi) {}

  Explanation Explain(const RankInputs& in) const override {
    const double votes = in.likes + in.boosts + in.reactions - in.dislikes;
    const double comments = in.replies;
    const double unique_commenters = 0;
    const double bonus = std::clamp(
        votes * vote_ + comments * comment_ + unique_commenters * unique_, lo_, hi_);
    const double created = UnixSeconds(std::min(in.published, in.now));
    return {Finite(created + bonus),
            {{"created_unix_seconds", created}, {"votes", votes},
             {"comments", comments}, {"bonus_seconds", bonus}}};
  }
  absl::string_view name() const override { return "mbin"; }
  bool time_invariant() const override { return true; }

 private:
  const double vote_, comment_, unique_, lo_, hi_;
};

class Custom final : public RankingAlgorithm {
 public:
  Custom(std::string name, bool time_invariant,
         std::function<Explanation(const RankInputs&)> fn)
      : name_(std::move(name)), time_invariant_(time_invariant), fn_(std::move(fn)) {}
  Explanation Explain(const RankInputs& in) const override {
    Explanation out = fn_(in);
    out.score = Finite(out.score);
    return out;
  }
  absl::string_view name() const override { return name_; }
  bool time_invariant() const override { return time_invariant_; }

 private:
  const std::string name_;
  const bool time_invariant_;
  const std::function<Explanation(const RankInputs&)> fn_;
};

constexpr double kBig = 1e12;

}  // namespace

absl::StatusOr<std::unique_ptr<const RankingAlgorithm>> MakeAlgorithm(
    const AlgorithmSpec& spec) {
  using P = std::map<std::string, double>;
  const std::string& n = spec.name;
  if (n == "chronological") {
    auto p = ResolveParams(spec, {});
    if (!p.ok()) return p.status();
    return std::make_unique<Chronological>();
  }
  if (n == "hot" || n == "scaled") {
    absl::StatusOr<P> p = ResolveParams(
        spec, {{"gravity", 1.8, 0.01, 10}, {"max_age_hours", 168, 0, kBig}});
    if (!p.ok()) return p.status();
    return std::make_unique<LemmyHot>(n == "scaled", (*p)["gravity"], (*p)["max_age_hours"]);
  }
  if (n == "hn") {
    absl::StatusOr<P> p = ResolveParams(spec, {{"gravity", 1.8, 0.01, 10},
                                               {"points_exponent", 0.8, 0.01, 10},
                                               {"max_age_hours", 0, 0, kBig}});
    if (!p.ok()) return p.status();
    return std::make_unique<HackerNews>((*p)["gravity"], (*p)["points_exponent"],
                                        (*p)["max_age_hours"]);
  }
  if (n == "reddit_hot") {
    absl::StatusOr<P> p = ResolveParams(
        spec, {{"divisor", 45000, 1, kBig}, {"epoch", 1134028003, -kBig, kBig}});
    if (!p.ok()) return p.status();
    return std::make_unique<RedditHot>((*p)["divisor"], (*p)["epoch"]);
  }
  if (n == "best") {
    absl::StatusOr<P> p = ResolveParams(spec, {{"z", 1.281551565545, 0, 10}});
    if (!p.ok()) return p.status();
    return std::make_unique<Wilson>((*p)["z"]);
  }
  if (n == "controversial") {
    auto p = ResolveParams(spec, {});
    if (!p.ok()) return p.status();
    return std::make_unique<Controversial>();
  }
  if (n == "trending") {
    absl::StatusOr<P> p = ResolveParams(spec, {{"half_life_hours", 1, 0.001, kBig},
                                               {"threshold", 5, 0, kBig},
                                               {"expected", 1, 0.001, kBig}});
    if (!p.ok()) return p.status();
    return std::make_unique<Trending>((*p)["half_life_hours"], (*p)["threshold"],
                                      (*p)["expected"]);
  }
  if (n == "half_life") {
    absl::StatusOr<P> p = ResolveParams(spec, {{"half_life_hours", 6, 0.001, kBig}});
    if (!p.ok()) return p.status();
    return std::make_unique<HalfLife>((*p)["half_life_hours"]);
  }
  if (n == "mbin") {
    absl::StatusOr<P> p = ResolveParams(spec, {{"vote_seconds", 4500, -kBig, kBig},
                                               {"comment_seconds", 1500, -kBig, kBig},
                                               {"unique_commenter_seconds", 5000, -kBig, kBig},
                                               {"min_seconds", -43200, -kBig, kBig},
                                               {"max_seconds", 86400, -kBig, kBig}});
    if (!p.ok()) return p.status();
    if ((*p)["min_seconds"] > (*p)["max_seconds"]) {
      return absl::InvalidArgumentError("rank: mbin min_seconds must be <= max_seconds");
    }
    return std::make_unique<Mbin>((*p)["vote_seconds"], (*p)["comment_seconds"],
                                  (*p)["unique_commenter_seconds"], (*p)["min_seconds"],
                                  (*p)["max_seconds"]);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "rank: unknown algorithm '", n,
      "' (known: chronological, hot, scaled, hn, reddit_hot, best, controversial, "
      "trending, half_life, mbin)"));
}

std::unique_ptr<const RankingAlgorithm> MakeCustomAlgorithm(
    std::string name, bool time_invariant,
    std::function<Explanation(const RankInputs&)> fn) {
  return std::make_unique<Custom>(std::move(name), time_invariant, std::move(fn));
}

}  // namespace harrier::ranking
