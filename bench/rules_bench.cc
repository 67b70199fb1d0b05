// Copyright 2026 The Harrier Authors.
//
// Rule-language benchmark (issue 4, acceptance 4 and 5):
//   - a rule set of 10,000 keywords, 100 regexes and 50 rules evaluated over
//     ~500-byte posts with Hyperscan (one scan per text field), and the same
//     rules the naive way (one RE2 per pattern per activity);
//   - compile time of that rule set;
//   - `(a+)+$` over 10 KB and 100 KB of 'a's: time grows linearly.
//
//   bazel run -c opt //bench:rules_bench
#include <sys/resource.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "harrier/v1/activity.pb.h"
#include "rules/rule_set.h"

namespace harrier::rules {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1798761600);

std::string RandomWord(std::mt19937& rng, int min_len, int max_len) {
  int len = min_len + static_cast<int>(rng() % (max_len - min_len + 1));
  std::string w;
  for (int i = 0; i < len; ++i) w.push_back(static_cast<char>('a' + rng() % 26));
  return w;
}

// 10,000 keywords in 40 lists, 100 regexes in 10 lists, 50 rules.
std::string BigRuleSet() {
  std::mt19937 rng(1);
  std::string src;
  for (int l = 0; l < 40; ++l) {
    std::vector<std::string> words;
    for (int i = 0; i < 250; ++i) {
      std::string w = RandomWord(rng, 6, 12);
      if (i % 5 == 0) w += " " + RandomWord(rng, 4, 8);  // phrases
      words.push_back(absl::StrCat("\"", w, "\""));
    }
    absl::StrAppend(&src, "list kw", l, " = [", absl::StrJoin(words, ", "), "]\n");
  }
  for (int l = 0; l < 10; ++l) {
    std::vector<std::string> res;
    for (int i = 0; i < 10; ++i) {
      res.push_back(absl::StrCat("/", RandomWord(rng, 4, 6), "\\s+(your|my)\\s+",
                                 RandomWord(rng, 3, 5), "[0-9]{2,4}/"));
    }
    absl::StrAppend(&src, "list re", l, " = [", absl::StrJoin(res, ", "), "]\n");
  }
  for (int r = 0; r < 40; ++r) {
    std::string field = r % 4 == 0 ? "object.summary" : "object.text";
    std::string op = r % 3 == 0 ? "contains_any_word" : "contains_any";
    absl::StrAppend(&src, "rule kw_rule", r, " {\n  when activity.type == \"Create\" && ",
                    field, " ", op, " kw", r, "\n  then ",
                    r % 2 == 0 ? "hold" : "flag(\"spam\")", "\n}\n");
  }
  for (int r = 0; r < 10; ++r) {
    absl::StrAppend(&src, "rule re_rule", r, " {\n  when object.text matches_any re", r,
                    " && size(object.mentions) >= 0\n  then downrank(0.5)\n}\n");
  }
  return src;
}

std::vector<v1::NormalizedActivity> Posts(int n) {
  static const char* kVocab[] = {
      "the", "fediverse", "is", "a", "lovely", "place", "to", "share", "photos",
      "of", "cats", "and", "thoughts", "about", "open", "source", "software",
      "today", "I", "walked", "along", "river", "with", "my", "friends", "we",
      "talked", "moderation", "federation", "servers", "coffee", "weather",
      "rain", "sunshine", "music", "concert", "weekend", "project", "release",
      "bug", "fix", "thanks", "everyone", "who", "helped", "#photography"};
  std::mt19937 rng(7);
  std::vector<v1::NormalizedActivity> out;
  for (int i = 0; i < n; ++i) {
    v1::NormalizedActivity a;
    a.set_id(absl::StrCat("https://social.example/activities/", i));
    a.set_type("Create");
    a.mutable_actor()->set_id("https://social.example/users/alice");
    a.mutable_actor()->set_host("social.example");
    std::string text;
    while (text.size() < 500) {
      absl::StrAppend(&text, kVocab[rng() % (sizeof(kVocab) / sizeof(kVocab[0]))], " ");
    }
    if (i % 10 == 0) absl::StrAppend(&text, "Ünïcödé café ");
    a.mutable_object()->set_text(text);
    a.mutable_object()->set_summary(i % 3 == 0 ? "cw: long post" : "");
    out.push_back(std::move(a));
  }
  return out;
}

std::shared_ptr<const CompiledRuleSet> Compile(const std::string& src) {
  CompileOptions opts;
  opts.run_embedded_tests = false;
  auto result = CompileRuleSet({{"bench.rules", src}}, opts);
  if (!result.ok() || result->rule_set == nullptr) {
    fprintf(stderr, "compile failed: %s\n",
            result.ok() ? result->rendered_diagnostics.c_str()
                        : result.status().ToString().c_str());
    abort();
  }
  return result->rule_set;
}

const std::shared_ptr<const CompiledRuleSet>& BigSet() {
  static auto* set = new std::shared_ptr<const CompiledRuleSet>(Compile(BigRuleSet()));
  return *set;
}

double ProcessCpuSeconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

// "Time" is wall clock; the CPU column counts only the calling thread, so
// `cpu_all_threads_ms` reports the CPU of every thread (databases are
// compiled in parallel).
void BM_CompileRuleSet(benchmark::State& state) {
  std::string src = BigRuleSet();
  double cpu = 0;
  for (auto _ : state) {
    double before = ProcessCpuSeconds();
    auto set = Compile(src);
    benchmark::DoNotOptimize(set.get());
    cpu += ProcessCpuSeconds() - before;
    state.counters["patterns"] = static_cast<double>(set->pattern_count());
  }
  state.counters["cpu_all_threads_ms"] = 1000 * cpu / state.iterations();
}
BENCHMARK(BM_CompileRuleSet)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_EvaluateHyperscan(benchmark::State& state) {
  const auto& set = BigSet();
  auto posts = Posts(256);
  size_t i = 0;
  for (auto _ : state) {
    v1::Decision d = set->Evaluate(posts[i++ % posts.size()], kNow);
    benchmark::DoNotOptimize(d);
  }
  state.counters["evals/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EvaluateHyperscan);

void BM_EvaluateNaiveRe2(benchmark::State& state) {
  const auto& set = BigSet();
  auto posts = Posts(16);
  size_t i = 0;
  for (auto _ : state) {
    v1::Decision d = set->EvaluateNaiveForTest(posts[i++ % posts.size()], kNow);
    benchmark::DoNotOptimize(d);
  }
  state.counters["evals/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EvaluateNaiveRe2)->Unit(benchmark::kMillisecond);

// Both paths over the same posts; reports how many times faster Hyperscan is.
void BM_SpeedupOverNaive(benchmark::State& state) {
  const auto& set = BigSet();
  auto posts = Posts(16);
  double ratio = 0;
  for (auto _ : state) {
    absl::Time t0 = absl::Now();
    for (int rep = 0; rep < 100; ++rep) {
      for (const auto& p : posts) benchmark::DoNotOptimize(set->Evaluate(p, kNow));
    }
    absl::Duration fast = (absl::Now() - t0) / 100;
    t0 = absl::Now();
    for (const auto& p : posts) {
      benchmark::DoNotOptimize(set->EvaluateNaiveForTest(p, kNow));
    }
    absl::Duration naive = absl::Now() - t0;
    ratio = absl::FDivDuration(naive, fast);
  }
  state.counters["speedup_x"] = ratio;
}
BENCHMARK(BM_SpeedupOverNaive)->Iterations(3)->Unit(benchmark::kMillisecond);

// (a+)+$ over N bytes of 'a': linear time (compare 10 KB with 100 KB).
void BM_CatastrophicPattern(benchmark::State& state) {
  static auto* set = new std::shared_ptr<const CompiledRuleSet>(
      Compile("rule redos { when object.text matches /(a+)+$/ then reject }\n"));
  v1::NormalizedActivity a;
  a.set_id("x");
  a.set_type("Create");
  a.mutable_object()->set_text(std::string(state.range(0), 'a') + "!");
  for (auto _ : state) {
    v1::Decision d = (*set)->Evaluate(a, kNow);
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CatastrophicPattern)->Arg(10 << 10)->Arg(100 << 10)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace harrier::rules
