// Copyright 2026 The Harrier Authors.
#include "engine/moderation/moderator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/config_digest.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"

namespace harrier {
namespace {

constexpr int kRecentIds = 5;
constexpr size_t kMaxConfigFileBytes = 16 << 20;

std::string HitsPrefix(absl::string_view instance, absl::string_view rule,
                       v1::RuleMode mode) {
  return keys::Make(instance, {"h", rule, mode == v1::SHADOW ? "s" : "e", ""});
}

std::string HitsKey(absl::string_view instance, absl::string_view rule, v1::RuleMode mode,
                    absl::Time now) {
  std::string hour;
  keys::AppendBigEndian64(&hour, static_cast<uint64_t>(absl::ToUnixSeconds(now) / 3600));
  return HitsPrefix(instance, rule, mode) + hour;
}

std::string ConfigHashKey(absl::string_view instance) {
  return keys::Make(instance, {"config_rules_hash"});
}

v1::Diagnostic ToProto(const rules::Diagnostic& diagnostic) {
  v1::Diagnostic out;
  out.set_severity(diagnostic.severity == rules::Severity::kError ? v1::Diagnostic::ERROR
                                                                   : v1::Diagnostic::WARNING);
  out.set_file(diagnostic.pos.file);
  out.set_line(diagnostic.pos.line);
  out.set_column(diagnostic.pos.col);
  out.set_message(diagnostic.message);
  return out;
}

// "rules/main.rules" etc. under <config_dir>/instances/<name>/rules/.
absl::StatusOr<std::vector<v1::RuleFile>> ReadConfigRules(const std::string& config_dir,
                                                          absl::string_view instance) {
  namespace fs = std::filesystem;
  std::vector<v1::RuleFile> files;
  fs::path root = fs::path(config_dir) / "instances" / std::string(instance) / "rules";
  std::error_code error;
  if (!fs::is_directory(root, error)) return files;
  for (auto it = fs::recursive_directory_iterator(root, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    if (it->file_size() > kMaxConfigFileBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(it->path().string(), ": larger than 16 MiB"));
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    v1::RuleFile file;
    file.set_path(fs::relative(it->path(), root).string());
    file.set_content(content.str());
    files.push_back(std::move(file));
  }
  if (error) return absl::InvalidArgumentError(absl::StrCat(root.string(), ": ", error.message()));
  // Directory order is the file system's: the same files, the same set.
  std::sort(files.begin(), files.end(), [](const v1::RuleFile& a, const v1::RuleFile& b) {
    return a.path() < b.path();
  });
  std::sort(files.begin(), files.end(),
            [](const v1::RuleFile& a, const v1::RuleFile& b) { return a.path() < b.path(); });
  return files;
}

std::string FilesHash(const std::vector<v1::RuleFile>& files) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (const v1::RuleFile& file : files) parts.emplace_back(file.path(), file.content());
  return ConfigFilesDigest(std::move(parts));
}

}  // namespace

absl::StatusOr<Moderator::Compiled> Moderator::Compile(
    const std::vector<v1::RuleFile>& files, int64_t version, absl::Time now) const {
  std::vector<rules::SourceFile> sources;
  for (const v1::RuleFile& file : files) sources.push_back({file.path(), file.content()});
  rules::CompileOptions options;
  options.version = version;
  options.run_embedded_tests = false;  // Run below, to report every result.
  ASSIGN_OR_RETURN(rules::CompileResult result, rules::CompileRuleSet(sources, options));
  Compiled compiled;
  for (const rules::Diagnostic& diagnostic : result.diagnostics.items()) {
    compiled.diagnostics.push_back(ToProto(diagnostic));
  }
  if (result.rule_set == nullptr) return compiled;
  bool tests_passed = true;
  for (const rules::TestResult& test : result.rule_set->RunEmbeddedTests(now)) {
    if (test.passed) {
      compiled.test_results.push_back(absl::StrCat("PASS ", test.rule_id, ": ", test.name));
      continue;
    }
    tests_passed = false;
    compiled.test_results.push_back(
        absl::StrCat("FAIL ", test.rule_id, ": ", test.name, ": ", test.message));
    v1::Diagnostic* diagnostic = &compiled.diagnostics.emplace_back();
    diagnostic->set_severity(v1::Diagnostic::ERROR);
    diagnostic->set_file(test.file);
    diagnostic->set_line(test.line);
    diagnostic->set_column(1);
    diagnostic->set_message(absl::StrCat("test \"", test.name, "\" failed: ", test.message));
  }
  compiled.ok = tests_passed;
  if (tests_passed) compiled.rules = std::move(result.rule_set);
  return compiled;
}

std::shared_ptr<const Moderator::Active> Moderator::ActiveFor(
    absl::string_view instance) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = active_.find(instance);
  return it == active_.end() ? nullptr : it->second;
}

absl::Status Moderator::ActivateStored(absl::string_view instance, absl::Time now) {
  absl::StatusOr<v1::RuleSet> stored = versions_.Get(instance, 0);
  if (absl::IsNotFound(stored.status())) return absl::OkStatus();
  if (!stored.ok()) return stored.status();
  std::vector<v1::RuleFile> stored_files(stored->files().begin(), stored->files().end());
  ASSIGN_OR_RETURN(Compiled compiled, Compile(stored_files, stored->version(), now));
  if (compiled.rules == nullptr) {
    // Tests can fail later than they passed (e.g. expiry); the stored set
    // was accepted, so it still serves.
    std::vector<rules::SourceFile> sources;
    for (const auto& f : stored_files) sources.push_back({f.path(), f.content()});
    rules::CompileOptions options;
    options.version = stored->version();
    options.run_embedded_tests = false;
    ASSIGN_OR_RETURN(rules::CompileResult result, rules::CompileRuleSet(sources, options));
    if (result.rule_set == nullptr) {
      return absl::DataLossError(absl::StrCat("stored rule set version ", stored->version(),
                                              " of instance '", instance,
                                              "' no longer compiles"));
    }
    compiled.rules = result.rule_set;
  }
  auto active = std::make_shared<Active>();
  active->version = stored->version();
  active->rules = compiled.rules;
  absl::MutexLock lock(&mu_);
  active_[std::string(instance)] = std::move(active);
  return absl::OkStatus();
}

absl::Status Moderator::Load(const InstanceRegistry& instances,
                             const std::string& config_dir, absl::Time now) {
  absl::MutexLock put_lock(&put_mutex_);
  for (const std::string& instance : instances.names()) {
    // The active stored version first: a changed configuration is imported
    // as the version after it. A stored version that no longer compiles (a
    // rule written for an older engine) is replaced by a changed
    // configuration that does; with none, the instance does not start:
    // serving it without its rules would let through what they block.
    const absl::Status stored = ActivateStored(instance, now);
    if (!stored.ok() && !absl::IsDataLoss(stored)) return stored;
    ASSIGN_OR_RETURN(std::vector<v1::RuleFile> files, ReadConfigRules(config_dir, instance));
    const std::string hash = FilesHash(files);
    absl::StatusOr<std::string> imported = store_->Get(Family::kMeta, ConfigHashKey(instance));
    if (!imported.ok() && !absl::IsNotFound(imported.status())) return imported.status();
    const bool changed = !files.empty() && (!imported.ok() || *imported != hash);
    if (!changed) {
      if (stored.ok()) continue;
      return absl::DataLossError(absl::StrCat(
          stored.message(), "; edit the rule files in ", config_dir, "/instances/", instance,
          "/rules/ so that they compile, and they are imported as the next version"));
    }
    Store::Batch batch;
    batch.Put(Family::kMeta, ConfigHashKey(instance), hash);
    ASSIGN_OR_RETURN(
        v1::PutRuleSetResponse response,
        PutLocked(instance, files, absl::StrCat("config:", config_dir), "ruleset.import", 0, now,
                  std::move(batch)));
    if (!response.activated()) {
      std::string problems;
      for (const v1::Diagnostic& d : response.diagnostics()) {
        absl::StrAppend(&problems, "\n", config_dir, "/instances/", instance, "/rules/",
                        d.file(), ":", d.line(), ":", d.column(), ": error: ", d.message());
      }
      if (!stored.ok()) absl::StrAppend(&problems, "\n(", stored.message(), ")");
      return absl::InvalidArgumentError(
          absl::StrCat("rule set of instance '", instance, "' does not load:", problems));
    }
  }
  return absl::OkStatus();
}

v1::Decision Moderator::Decide(absl::string_view instance,
                               const v1::NormalizedActivity& activity,
                               absl::Time now) const {
  std::shared_ptr<const Active> active = ActiveFor(instance);
  if (active == nullptr) {
    v1::Decision decision;
    decision.add_actions()->set_type(v1::ACCEPT);
    return decision;
  }
  return active->rules->Evaluate(activity, now);
}

void Moderator::RecordHits(absl::string_view instance, const v1::Decision& decision,
                           absl::Time now, Store::Batch* batch) {
  std::set<std::pair<std::string, v1::RuleMode>> hits;
  for (const v1::Explanation& e : decision.explanations()) hits.insert({e.rule_id(), v1::ENFORCE});
  for (const v1::Explanation& e : decision.shadow_explanations()) {
    hits.insert({e.rule_id(), v1::SHADOW});
  }
  if (hits.empty()) return;
  absl::MutexLock lock(&recent_mu_);
  for (const auto& [rule, mode] : hits) {
    batch->Add(Family::kCounters, HitsKey(instance, rule, mode, now), 1);
    std::deque<std::string>& recent = recent_[absl::StrCat(instance, "\n", rule)];
    if (!recent.empty() && recent.front() == decision.activity_id()) continue;
    recent.push_front(decision.activity_id());
    if (recent.size() > kRecentIds) recent.pop_back();
  }
}

absl::StatusOr<v1::ValidateRuleSetResponse> Moderator::Validate(
    absl::string_view instance, const std::vector<v1::RuleFile>& files) const {
  std::shared_ptr<const Active> active = ActiveFor(instance);
  ASSIGN_OR_RETURN(Compiled compiled,
                   Compile(files, active == nullptr ? 1 : active->version + 1, absl::Now()));
  v1::ValidateRuleSetResponse response;
  response.set_valid(compiled.ok);
  for (auto& d : compiled.diagnostics) *response.add_diagnostics() = std::move(d);
  for (auto& t : compiled.test_results) response.add_test_results(std::move(t));
  return response;
}

absl::StatusOr<v1::PutRuleSetResponse> Moderator::Put(absl::string_view instance,
                                                      const std::vector<v1::RuleFile>& files,
                                                      absl::string_view author,
                                                      absl::Time now) {
  absl::MutexLock put_lock(&put_mutex_);
  return PutLocked(instance, files, author, "ruleset.put", 0, now, {});
}

absl::StatusOr<v1::PutRuleSetResponse> Moderator::Rollback(absl::string_view instance,
                                                           int64_t version,
                                                           absl::string_view author,
                                                           absl::Time now) {
  absl::MutexLock put_lock(&put_mutex_);
  ASSIGN_OR_RETURN(v1::RuleSet old, versions_.Get(instance, version));
  std::vector<v1::RuleFile> files(old.files().begin(), old.files().end());
  return PutLocked(instance, files, author, "ruleset.rollback", version, now, {});
}

absl::StatusOr<v1::PutRuleSetResponse> Moderator::PutLocked(
    absl::string_view instance, const std::vector<v1::RuleFile>& files,
    absl::string_view author, absl::string_view action, int64_t rollback_of,
    absl::Time now, Store::Batch extra) {
  if (files.empty()) {
    return absl::InvalidArgumentError("files: a rule set needs at least one file");
  }
  std::shared_ptr<const Active> previous = ActiveFor(instance);
  int64_t version = previous == nullptr ? 1 : previous->version + 1;
  if (previous == nullptr) {
    // None active, yet one may be stored: one that no longer compiles (Load).
    absl::StatusOr<v1::RuleSet> stored = versions_.Get(instance, 0);
    if (stored.ok()) {
      version = stored->version() + 1;
    } else if (!absl::IsNotFound(stored.status())) {
      return stored.status();
    }
  }
  ASSIGN_OR_RETURN(Compiled compiled, Compile(files, version, now));
  v1::PutRuleSetResponse response;
  for (auto& d : compiled.diagnostics) *response.add_diagnostics() = std::move(d);
  for (auto& t : compiled.test_results) response.add_test_results(std::move(t));
  if (!compiled.ok) return response;

  // What changed against the active version.
  v1::RuleSet rule_set;
  for (const v1::RuleFile& file : files) *rule_set.add_files() = file;
  rule_set.set_author(author.empty() ? "unknown" : std::string(author));
  rule_set.set_rollback_of(rollback_of);
  std::map<std::string, uint64_t> before, after;
  if (previous != nullptr) {
    for (const rules::RuleInfo& r : previous->rules->rules()) before[r.id] = r.source_hash;
  }
  for (const rules::RuleInfo& r : compiled.rules->rules()) after[r.id] = r.source_hash;
  for (const auto& [id, hash] : after) {
    auto it = before.find(id);
    if (it == before.end()) {
      rule_set.add_rules_added(id);
    } else if (it->second != hash) {
      rule_set.add_rules_changed(id);
    }
  }
  for (const auto& [id, hash] : before) {
    if (!after.count(id)) rule_set.add_rules_removed(id);
  }
  std::string summary = absl::StrCat(
      "version ", version, ": added [", absl::StrJoin(rule_set.rules_added(), ", "),
      "], removed [", absl::StrJoin(rule_set.rules_removed(), ", "), "], changed [",
      absl::StrJoin(rule_set.rules_changed(), ", "), "]");
  if (rollback_of != 0) absl::StrAppend(&summary, ", rollback to version ", rollback_of);
  audit_->Record(instance, rule_set.author(), action,
                 absl::StrCat("instances/", instance, "/ruleSet"), summary, now, &extra);
  ASSIGN_OR_RETURN(v1::RuleSet stored,
                   versions_.Append(instance, std::move(rule_set), now, std::move(extra)));
  if (stored.version() != version) {
    return absl::InternalError("rule set version changed during put");
  }
  auto active = std::make_shared<Active>();
  active->version = version;
  active->rules = std::move(compiled.rules);
  {
    absl::MutexLock lock(&mu_);
    active_[std::string(instance)] = std::move(active);
  }
  stored.clear_files();
  response.set_activated(true);
  *response.mutable_rule_set() = std::move(stored);
  return response;
}

absl::StatusOr<v1::GetRuleStatsResponse> Moderator::Stats(absl::string_view instance,
                                                          absl::Time now) const {
  v1::GetRuleStatsResponse response;
  std::shared_ptr<const Active> active = ActiveFor(instance);
  if (active == nullptr) return response;
  const uint64_t hour_now = static_cast<uint64_t>(absl::ToUnixSeconds(now) / 3600);
  for (const rules::RuleInfo& rule : active->rules->rules()) {
    v1::RuleStats* stats = response.add_rules();
    stats->set_rule_id(rule.id);
    stats->set_mode(rule.mode);
    stats->set_expired(rule.expires.has_value() && *rule.expires <= now);
    for (v1::RuleMode mode : {v1::ENFORCE, v1::SHADOW}) {
      int64_t total = 0, day = 0, week = 0;
      const std::string prefix = HitsPrefix(instance, rule.id, mode);
      std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kCounters, prefix);
      for (it->Seek(prefix); it->Valid(); it->Next()) {
        uint64_t hour = keys::ReadBigEndian64(
            absl::string_view(it->key().data() + prefix.size(), it->key().size() - prefix.size()));
        int64_t count = DecodeCounter(std::string_view(it->value().data(), it->value().size()));
        total += count;
        if (hour + 24 > hour_now) day += count;
        if (hour + 24 * 7 > hour_now) week += count;
      }
      RETURN_IF_ERROR(FromRocksDb(it->status()));
      if (mode == v1::ENFORCE) {
        stats->set_enforce_hits_total(total);
        stats->set_enforce_hits_24h(day);
        stats->set_enforce_hits_7d(week);
      } else {
        stats->set_shadow_hits_total(total);
        stats->set_shadow_hits_24h(day);
        stats->set_shadow_hits_7d(week);
      }
    }
    absl::MutexLock lock(&recent_mu_);
    auto it = recent_.find(absl::StrCat(instance, "\n", rule.id));
    if (it != recent_.end()) {
      for (const std::string& id : it->second) stats->add_recent_activity_ids(id);
    }
  }
  return response;
}

}  // namespace harrier
