// Copyright 2026 The Harrier Authors.
#include "engine/feed_configs.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/config_digest.h"
#include "engine/ranking/feed_config.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"

namespace harrier {
namespace {

std::string FeedKey(absl::string_view instance, absl::string_view feed) {
  return keys::Make(instance, {"feed", feed});
}

std::string ConfigHashKey(absl::string_view instance) {
  return keys::Make(instance, {"feeds_config_hash"});
}

// The text of each `feed ID ... { ... }` block of `source`, by id. Braces
// inside strings and comments do not count. `source` has compiled already.
std::map<std::string, std::string> SplitBlocks(absl::string_view source) {
  std::map<std::string, std::string> blocks;
  size_t i = 0;
  while (i < source.size()) {
    // Find "feed" at the start of a line (after indentation).
    size_t line_start = i;
    while (i < source.size() && (source[i] == ' ' || source[i] == '\t')) ++i;
    if (source.substr(i, 5) == "feed " || source.substr(i, 5) == "feed\t") {
      size_t id_start = i + 5;
      while (id_start < source.size() && absl::ascii_isspace(source[id_start])) ++id_start;
      size_t id_end = id_start;
      while (id_end < source.size() &&
             (absl::ascii_isalnum(source[id_end]) || source[id_end] == '_' ||
              source[id_end] == '-' || source[id_end] == '.')) {
        ++id_end;
      }
      std::string id(source.substr(id_start, id_end - id_start));
      int depth = 0;
      bool opened = false;
      size_t j = id_end;
      for (; j < source.size(); ++j) {
        char c = source[j];
        if (c == '"') {
          for (++j; j < source.size() && source[j] != '"'; ++j) {
            if (source[j] == '\\') ++j;
          }
        } else if (c == '#') {
          while (j < source.size() && source[j] != '\n') ++j;
        } else if (c == '{') {
          ++depth;
          opened = true;
        } else if (c == '}') {
          if (--depth == 0 && opened) break;
        }
      }
      size_t end = std::min(j + 1, source.size());
      blocks[id] = std::string(source.substr(line_start, end - line_start)) + "\n";
      i = end;
      continue;
    }
    while (i < source.size() && source[i] != '\n') ++i;
    ++i;
  }
  return blocks;
}

std::string Render(const std::vector<rules::Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const rules::Diagnostic& d : diagnostics) lines.push_back(d.ToString());
  return absl::StrJoin(lines, "\n");
}

}  // namespace

struct FeedConfigs::Compiled {
  std::vector<rules::Diagnostic> diagnostics;
  std::vector<ranking::FeedDefinition> feeds;
};

FeedConfigs::~FeedConfigs() { WaitForRebuildsForTest(); }

void FeedConfigs::WaitForRebuildsForTest() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mutex_);
    threads.swap(rebuilds_);
  }
  for (std::thread& thread : threads) thread.join();
}

absl::StatusOr<FeedConfigs::Compiled> FeedConfigs::Compile(
    absl::string_view /*instance*/, const std::vector<v1::FeedConfig>& configs) const {
  // A stored feed is compiled as "<id>.feeds"; a submitted document keeps
  // the file name it came with (its name ends in ".feeds").
  std::vector<rules::SourceFile> files;
  for (const v1::FeedConfig& config : configs) {
    std::string file = config.name();
    if (!absl::EndsWith(file, ".feeds")) file = file.substr(file.rfind('/') + 1) + ".feeds";
    files.push_back({file, config.source()});
  }
  ASSIGN_OR_RETURN(ranking::FeedConfigResult result, ranking::CompileFeedConfig(files));
  Compiled compiled;
  for (const rules::Diagnostic& d : result.diagnostics.items()) compiled.diagnostics.push_back(d);
  compiled.feeds = std::move(result.feeds);
  return compiled;
}

absl::StatusOr<std::vector<v1::FeedConfig>> FeedConfigs::List(
    absl::string_view instance) const {
  std::vector<v1::FeedConfig> configs;
  const std::string prefix = keys::Make(instance, {"feed", ""});
  std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kRuleSets, prefix);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    v1::FeedConfig config;
    if (!ParseValue(*it, &config)) return absl::DataLossError("corrupt feed config");
    configs.push_back(std::move(config));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status()));
  return configs;
}

absl::StatusOr<v1::FeedConfig> FeedConfigs::Get(absl::string_view instance,
                                                absl::string_view feed) const {
  absl::StatusOr<v1::FeedConfig> config =
      ReadProto<v1::FeedConfig>(*store_, Family::kRuleSets, FeedKey(instance, feed));
  if (absl::IsNotFound(config.status())) {
    return absl::NotFoundError(
        absl::StrCat("name: instance '", instance, "' has no feed '", feed, "'"));
  }
  return config;
}

absl::Status FeedConfigs::Activate(absl::string_view instance,
                                   const std::vector<v1::FeedConfig>& configs) {
  ASSIGN_OR_RETURN(Compiled compiled, Compile(instance, configs));
  if (!compiled.diagnostics.empty()) {
    return absl::DataLossError(absl::StrCat("stored feeds of instance '", instance,
                                            "' no longer compile:\n",
                                            Render(compiled.diagnostics)));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const ranking::FeedSet> set,
                   ranking::FeedSet::Create(std::move(compiled.feeds)));
  feeds_->registry().Set(instance, std::move(set));
  return absl::OkStatus();
}

absl::Status FeedConfigs::Load(const InstanceRegistry& instances,
                               const std::string& config_dir, absl::Time now) {
  namespace fs = std::filesystem;
  absl::MutexLock lock(&mutex_);
  for (const std::string& instance : instances.names()) {
    fs::path root = fs::path(config_dir) / "instances" / instance / "feeds";
    std::error_code error;
    std::map<std::string, std::string> files;
    if (fs::is_directory(root, error)) {
      for (const fs::directory_entry& entry : fs::directory_iterator(root, error)) {
        if (entry.path().extension() != ".feeds") continue;
        std::ifstream in(entry.path());
        std::stringstream content;
        content << in.rdbuf();
        files[entry.path().filename().string()] = content.str();
      }
    }
    const std::string hash = ConfigFilesDigest({files.begin(), files.end()});
    absl::StatusOr<std::string> imported = store_->Get(Family::kMeta, ConfigHashKey(instance));
    if (!imported.ok() && !absl::IsNotFound(imported.status())) return imported.status();
    if (!files.empty() && (!imported.ok() || *imported != hash)) {
      for (const auto& [name, content] : files) {
        Store::Batch batch;
        batch.Put(Family::kMeta, ConfigHashKey(instance), hash);
        absl::StatusOr<std::vector<v1::FeedConfig>> put =
            PutLocked(instance, content, (root / name).string(),
                      absl::StrCat("config:", config_dir), now, std::move(batch));
        if (!put.ok()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "feeds of instance '", instance, "' do not load:\n", put.status().message()));
        }
      }
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<v1::FeedConfig> stored, List(instance));
    if (!stored.empty()) RETURN_IF_ERROR(Activate(instance, stored));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ValidateRuleSetResponse> FeedConfigs::Validate(
    absl::string_view instance, absl::string_view source) const {
  v1::FeedConfig config;
  config.set_name("source.feeds");
  config.set_source(std::string(source));
  ASSIGN_OR_RETURN(Compiled compiled, Compile(instance, {config}));
  v1::ValidateRuleSetResponse response;
  response.set_valid(compiled.diagnostics.empty());
  for (const rules::Diagnostic& d : compiled.diagnostics) {
    v1::Diagnostic* out = response.add_diagnostics();
    out->set_severity(d.severity == rules::Severity::kError ? v1::Diagnostic::ERROR
                                                            : v1::Diagnostic::WARNING);
    out->set_file(d.pos.file);
    out->set_line(d.pos.line);
    out->set_column(d.pos.col);
    out->set_message(d.message);
  }
  return response;
}

absl::StatusOr<std::vector<v1::FeedConfig>> FeedConfigs::Put(absl::string_view instance,
                                                             absl::string_view source,
                                                             absl::string_view author,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  return PutLocked(instance, source, "source.feeds", author, now, {});
}

absl::StatusOr<std::vector<v1::FeedConfig>> FeedConfigs::PutLocked(
    absl::string_view instance, absl::string_view source, absl::string_view file,
    absl::string_view author, absl::Time now, Store::Batch batch) {
  // The new blocks, checked on their own first so positions name `file`.
  v1::FeedConfig submitted;
  submitted.set_name(std::string(file));
  submitted.set_source(std::string(source));
  ASSIGN_OR_RETURN(Compiled alone, Compile(instance, {submitted}));
  if (!alone.diagnostics.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("source: ", Render(alone.diagnostics)));
  }
  if (alone.feeds.empty()) return absl::InvalidArgumentError("source: no feed blocks");
  std::map<std::string, std::string> blocks = SplitBlocks(source);

  ASSIGN_OR_RETURN(std::vector<v1::FeedConfig> stored, List(instance));
  std::map<std::string, v1::FeedConfig> next;
  for (v1::FeedConfig& config : stored) {
    std::string id = config.name().substr(config.name().rfind('/') + 1);
    next[id] = std::move(config);
  }
  std::vector<v1::FeedConfig> changed;
  std::vector<std::string> rebuild;
  for (const ranking::FeedDefinition& feed : alone.feeds) {
    v1::FeedConfig config;
    config.set_name(absl::StrCat("instances/", instance, "/feeds/", feed.id));
    config.set_title(feed.title);
    auto block = blocks.find(feed.id);
    config.set_source(block != blocks.end() ? block->second : std::string(source));
    auto old = next.find(feed.id);
    config.set_version(old == next.end() ? 1 : old->second.version() + 1);
    if (old != next.end() && old->second.source() != config.source()) rebuild.push_back(feed.id);
    next[feed.id] = config;
    changed.push_back(config);
  }
  std::vector<v1::FeedConfig> all;
  for (auto& [id, config] : next) all.push_back(config);
  // Everything together (ids unique across blocks, etc.).
  ASSIGN_OR_RETURN(Compiled together, Compile(instance, all));
  if (!together.diagnostics.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("source: ", Render(together.diagnostics)));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const ranking::FeedSet> set,
                   ranking::FeedSet::Create(std::move(together.feeds)));
  std::vector<std::string> ids;
  for (const v1::FeedConfig& config : changed) {
    batch.Put(Family::kRuleSets,
              FeedKey(instance, config.name().substr(config.name().rfind('/') + 1)),
              config.SerializeAsString());
    ids.push_back(config.name());
  }
  audit_->Record(instance, author, "feeds.put", absl::StrJoin(ids, ","),
                 absl::StrCat("feeds put: ", absl::StrJoin(ids, ", ")), now, &batch);
  RETURN_IF_ERROR(store_->Write(batch));
  feeds_->registry().Set(instance, std::move(set));
  for (const std::string& feed : rebuild) {
    for (v1::FeedConfig& config : changed) {
      if (absl::EndsWith(config.name(), "/" + feed)) config.set_rebuilding(true);
    }
    rebuilds_.emplace_back([this, instance = std::string(instance), feed, now] {
      (void)feeds_->Rebuild(instance, feed, now);
    });
  }
  return changed;
}

absl::StatusOr<v1::FeedConfig> FeedConfigs::Delete(absl::string_view instance,
                                                   absl::string_view feed,
                                                   absl::string_view author, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(v1::FeedConfig deleted, Get(instance, feed));
  ASSIGN_OR_RETURN(std::vector<v1::FeedConfig> stored, List(instance));
  std::vector<v1::FeedConfig> rest;
  for (v1::FeedConfig& config : stored) {
    if (config.name() != deleted.name()) rest.push_back(std::move(config));
  }
  Store::Batch batch;
  batch.Delete(Family::kRuleSets, FeedKey(instance, feed));
  audit_->Record(instance, author, "feeds.delete", deleted.name(), "feed deleted", now, &batch);
  std::shared_ptr<const ranking::FeedSet> set = ranking::FeedSet::Empty();
  if (!rest.empty()) {
    ASSIGN_OR_RETURN(Compiled compiled, Compile(instance, rest));
    ASSIGN_OR_RETURN(set, ranking::FeedSet::Create(std::move(compiled.feeds)));
  }
  RETURN_IF_ERROR(store_->Write(batch));
  feeds_->registry().Set(instance, std::move(set));
  return deleted;
}

}  // namespace harrier
