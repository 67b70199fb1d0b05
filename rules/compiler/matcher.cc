// Copyright 2026 The Harrier Authors.
#include "rules/compiler/matcher.h"

#include <hs.h>

#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rules/text/normalize.h"

namespace harrier::rules {

void MatchSet::Reset(size_t n) {
  if (stamp_.size() < n) {
    stamp_.resize(n, 0);
    word_stamp_.resize(n, 0);
    span_.resize(n);
    word_span_.resize(n);
  }
  ids_.clear();
  if (++gen_ == 0) {  // wrapped: clear for real
    std::fill(stamp_.begin(), stamp_.end(), 0);
    std::fill(word_stamp_.begin(), word_stamp_.end(), 0);
    gen_ = 1;
  }
}

void MatchSet::Record(int id, MatchSpan span, bool whole_word) {
  if (stamp_[id] != gen_) {
    stamp_[id] = gen_;
    span_[id] = span;
    ids_.push_back(id);
  }
  if (whole_word && word_stamp_[id] != gen_) {
    word_stamp_[id] = gen_;
    word_span_[id] = span;
  }
}

std::string EscapeLiteral(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", u));
    }
  }
  return out;
}

PatternDatabase::~PatternDatabase() {
  if (db_ != nullptr) hs_free_database(db_);
}

namespace {

unsigned BaseFlags() { return HS_FLAG_CASELESS | HS_FLAG_UTF8; }

std::string CompileError(hs_compile_error_t* err) {
  std::string msg = err != nullptr && err->message != nullptr ? err->message
                                                              : "unknown error";
  if (err != nullptr) hs_free_compile_error(err);
  return msg;
}

// Tries one expression; returns the error message or nullopt.
std::optional<std::string> TryCompile(const std::string& expr, unsigned flags) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(expr.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) !=
      HS_SUCCESS) {
    return CompileError(err);
  }
  hs_free_database(db);
  return std::nullopt;
}

struct ScanContext {
  const std::vector<PatternSpec>* specs;
  const std::vector<bool>* has_som;
  std::string_view text;
  std::optional<WordBoundaries>* words;
  MatchSet* matches;
};

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to,
            unsigned int, void* ctx_ptr) {
  auto* ctx = static_cast<ScanContext*>(ctx_ptr);
  const PatternSpec& spec = (*ctx->specs)[id];
  unsigned long long start = (*ctx->has_som)[id] ? from
                             : spec.literal_length > 0 ? to - spec.literal_length
                                                       : to;
  MatchSpan span{static_cast<uint32_t>(start), static_cast<uint32_t>(to)};
  bool word = false;
  if (spec.word) {
    if (!ctx->words->has_value()) ctx->words->emplace(ctx->text);
    const WordBoundaries& wb = **ctx->words;
    word = (*ctx->has_som)[id] || spec.literal_length > 0
               ? wb.IsWholeWord(span.start, span.end)
               : wb.IsBoundary(span.end);
  }
  ctx->matches->Record(static_cast<int>(id), span, word);
  return 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PatternDatabase>> PatternDatabase::Build(
    const std::vector<PatternSpec>& specs,
    std::vector<std::pair<int, std::string>>* rejected) {
  std::unique_ptr<PatternDatabase> db(new PatternDatabase);
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  db->specs_ = specs;
  db->has_som_.assign(specs.size(), true);
  db->naive_.resize(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    exprs.push_back(db->specs_[i].expression.c_str());
    unsigned f = BaseFlags();
    if (specs[i].literal_length > 0) {
      // Keywords and text are both case-folded already: an exact byte match
      // is enough, and much cheaper to compile than a caseless one.
      f = 0;
      db->has_som_[i] = false;
      if (!specs[i].word) f |= HS_FLAG_SINGLEMATCH;
    } else {
      f |= HS_FLAG_SOM_LEFTMOST;
    }
    flags.push_back(f);
    ids.push_back(static_cast<unsigned>(i));
  }
  if (exprs.empty()) return db;
  auto compile_all = [&](hs_compile_error_t** err) {
    return hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                            static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                            nullptr, &db->db_, err);
  };
  hs_compile_error_t* err = nullptr;
  if (compile_all(&err) == HS_SUCCESS) return db;
  hs_free_compile_error(err);
  // Something does not compile: test the regexes one by one (literals always
  // compile), drop SOM where it is the problem, reject what still fails.
  std::vector<const char*> kept_exprs;
  std::vector<unsigned> kept_flags, kept_ids;
  for (size_t k = 0; k < exprs.size(); ++k) {
    size_t i = ids[k];
    unsigned f = flags[k];
    if (specs[i].literal_length == 0) {
      if (auto e = TryCompile(specs[i].expression, f); e.has_value()) {
        f &= ~HS_FLAG_SOM_LEFTMOST;
        if (!specs[i].word) f |= HS_FLAG_SINGLEMATCH;
        if (auto e2 = TryCompile(specs[i].expression, f); e2.has_value()) {
          rejected->emplace_back(static_cast<int>(i), *e);
          continue;
        }
        db->has_som_[i] = false;
      }
    }
    kept_exprs.push_back(exprs[k]);
    kept_flags.push_back(f);
    kept_ids.push_back(ids[k]);
  }
  exprs.swap(kept_exprs);
  flags.swap(kept_flags);
  ids.swap(kept_ids);
  if (exprs.empty()) return db;
  if (compile_all(&err) != HS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("hyperscan: compiling the pattern database failed: ",
                     CompileError(err)));
  }
  return db;
}

hs_scratch* PatternDatabase::AllocScratch() const {
  hs_scratch_t* scratch = nullptr;
  if (db_ == nullptr) return nullptr;
  if (hs_alloc_scratch(db_, &scratch) != HS_SUCCESS) return nullptr;
  return scratch;
}

void PatternDatabase::FreeScratch(hs_scratch* scratch) {
  if (scratch != nullptr) hs_free_scratch(scratch);
}

void PatternDatabase::Scan(std::string_view text, hs_scratch* scratch,
                           MatchSet* matches) const {
  if (db_ == nullptr || scratch == nullptr) return;
  std::optional<WordBoundaries> words;
  ScanContext ctx{&specs_, &has_som_, text, &words, matches};
  hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
          &OnMatch, &ctx);
}

void PatternDatabase::ScanNaive(std::string_view text, MatchSet* matches) const {
  std::call_once(naive_once_, [this] {
    for (size_t i = 0; i < specs_.size(); ++i) {
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_case_sensitive(specs_[i].literal_length > 0);
      naive_[i] = std::make_unique<RE2>(specs_[i].expression, opts);
    }
  });
  std::optional<WordBoundaries> words;
  re2::StringPiece input(text.data(), text.size());
  for (size_t i = 0; i < specs_.size(); ++i) {
    const RE2* re = naive_[i].get();
    if (re == nullptr || !re->ok()) continue;
    size_t pos = 0;
    re2::StringPiece m;
    while (pos <= text.size() &&
           re->Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      MatchSpan span{static_cast<uint32_t>(m.data() - text.data()),
                     static_cast<uint32_t>(m.data() - text.data() + m.size())};
      bool word = false;
      if (specs_[i].word) {
        if (!words.has_value()) words.emplace(text);
        word = words->IsWholeWord(span.start, span.end);
      }
      matches->Record(static_cast<int>(i), span, word);
      if (!specs_[i].word || word) break;
      pos = span.start + 1;
    }
  }
}

}  // namespace harrier::rules
