// Copyright 2026 The Harrier Authors.
#include "service/auth.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/status_macros.h"

namespace harrier {
namespace {

absl::StatusOr<int> ParseScopes(absl::string_view where, absl::string_view text) {
  int scopes = 0;
  for (absl::string_view scope : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    if (scope == "ingest") {
      scopes |= static_cast<int>(Scope::kIngest);
    } else if (scope == "read") {
      scopes |= static_cast<int>(Scope::kRead);
    } else if (scope == "admin") {
      scopes |= static_cast<int>(Scope::kAdmin) | static_cast<int>(Scope::kRead);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": unknown scope '", scope, "' (ingest, read or admin)"));
    }
  }
  if (scopes == 0) return absl::InvalidArgumentError(absl::StrCat(where, ": no scopes"));
  return scopes;
}

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kIngest:
      return "ingest";
    case Scope::kRead:
      return "read";
    case Scope::kAdmin:
      return "admin";
  }
  return "?";
}

}  // namespace

std::string Authenticator::HashToken(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return absl::StrCat(
      "sha256:", absl::BytesToHexString(absl::string_view(
                     reinterpret_cast<const char*>(digest), sizeof(digest))));
}

std::string Authenticator::NewToken() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof(bytes));
  std::string encoded;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)), &encoded);
  return "hrr_" + encoded;
}

absl::Status Authenticator::AddLine(absl::string_view where, absl::string_view line,
                                    absl::string_view default_instance) {
  if (size_t hash = line.find('#'); hash != absl::string_view::npos) {
    line = line.substr(0, hash);
  }
  std::vector<absl::string_view> fields =
      absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipWhitespace());
  if (fields.empty()) return absl::OkStatus();
  if (fields.size() == 2 && !default_instance.empty()) {
    fields.insert(fields.begin(), default_instance);
  }
  if (fields.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": expected \"INSTANCE sha256:HEX SCOPES\""));
  }
  if (fields[0] != "*") RETURN_IF_ERROR(ValidateInstanceName(where, fields[0]));
  if (!default_instance.empty() && fields[0] != default_instance) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": a token in ", default_instance, "'s folder names instance ",
                     fields[0]));
  }
  if (!absl::StartsWith(fields[1], "sha256:") || fields[1].size() != 7 + 64) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": hash must be sha256: and 64 hex digits (harrier token new prints one)"));
  }
  ASSIGN_OR_RETURN(int scopes, ParseScopes(where, fields[2]));
  tokens_[absl::AsciiStrToLower(fields[1])] = Grant{std::string(fields[0]), scopes};
  return absl::OkStatus();
}

absl::StatusOr<Authenticator> Authenticator::Load(
    const std::string& config_dir, const InstanceRegistry& instances,
    const std::vector<std::string>& extra_files) {
  Authenticator auth(true);
  auto read = [&auth](const std::string& path, absl::string_view instance,
                      bool must_exist) -> absl::Status {
    std::ifstream in(path);
    if (!in) {
      return must_exist ? absl::NotFoundError(absl::StrCat(path, ": cannot open"))
                        : absl::OkStatus();
    }
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      RETURN_IF_ERROR(auth.AddLine(absl::StrCat(path, ":", number), line, instance));
    }
    return absl::OkStatus();
  };
  for (const std::string& instance : instances.names()) {
    RETURN_IF_ERROR(read(
        (std::filesystem::path(config_dir) / "instances" / instance / "tokens").string(),
        instance, false));
  }
  for (const std::string& file : extra_files) RETURN_IF_ERROR(read(file, "", true));
  return auth;
}

absl::Status Authenticator::CheckToken(absl::string_view token, absl::string_view instance,
                                       Scope scope) const {
  if (!enabled_) return absl::OkStatus();
  if (token.empty()) {
    return absl::UnauthenticatedError(
        "authorization: missing \"authorization: Bearer <token>\" metadata");
  }
  auto it = tokens_.find(HashToken(token));
  if (it == tokens_.end()) {
    return absl::UnauthenticatedError("authorization: unknown token");
  }
  const Grant& grant = it->second;
  if (grant.instance != "*" && grant.instance != instance) {
    return absl::PermissionDeniedError(absl::StrCat(
        "authorization: the token belongs to instance '", grant.instance,
        "', not '", instance, "'"));
  }
  if ((grant.scopes & static_cast<int>(scope)) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("authorization: the token lacks the '", ScopeName(scope), "' scope"));
  }
  return absl::OkStatus();
}

absl::Status Authenticator::Check(const grpc::ServerContextBase& context,
                                  absl::string_view instance, Scope scope) const {
  if (!enabled_) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return CheckToken("", instance, scope);
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
    return absl::UnauthenticatedError("authorization: expected \"Bearer <token>\"");
  }
  return CheckToken(absl::StripAsciiWhitespace(value), instance, scope);
}

}  // namespace harrier
