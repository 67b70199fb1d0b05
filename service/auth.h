// Copyright 2026 The Harrier Authors.
//
// auth.h: per-instance bearer tokens with scopes.
//
// Callers send `authorization: Bearer <token>` metadata. The server keeps
// only SHA-256 hashes of tokens, in token files with one token per line:
//
//   # instance   hash                                             scopes
//   example.social sha256:5e88489...e4a6c  ingest,read,admin   # label
//   *            sha256:...                                      admin      # operator
//
// Scopes: `ingest` (Ingest, IngestStream), `read` (lookups, feeds, decisions,
// rule sets, stats, audit), `admin` (changing rules and feeds, the review
// queue; implies read). A token names one instance and reaches only that
// instance's resources; instance `*` is an operator token for server-wide
// calls (checkpoints) and every instance.
//
// Files: `<config_dir>/instances/<name>/tokens` (instance column may be
// omitted there: it is <name>) and any --tokens_file.
//
// Errors from Check: UNAUTHENTICATED when the metadata is missing, malformed
// or names no known token; PERMISSION_DENIED when the token belongs to
// another instance or lacks the scope. With auth disabled Check allows all.
//
// Thread safety: immutable after Load.
#ifndef HARRIER_SERVICE_AUTH_H_
#define HARRIER_SERVICE_AUTH_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/instances.h"
#include "grpcpp/server_context.h"

namespace harrier {

enum class Scope { kIngest = 1, kRead = 2, kAdmin = 4 };

class Authenticator {
 public:
  // Allows every call (--auth=off).
  static Authenticator Disabled() { return Authenticator(false); }

  // Reads every instance's tokens file and the `extra_files`. A malformed
  // line is an INVALID_ARGUMENT naming file:line.
  static absl::StatusOr<Authenticator> Load(const std::string& config_dir,
                                            const InstanceRegistry& instances,
                                            const std::vector<std::string>& extra_files);

  // Checks the call's bearer token against `instance` ("*" for server-wide
  // calls) and `scope`.
  absl::Status Check(const grpc::ServerContextBase& context,
                     absl::string_view instance, Scope scope) const;
  // Same, with the token given directly (tests).
  absl::Status CheckToken(absl::string_view token, absl::string_view instance,
                          Scope scope) const;

  bool enabled() const { return enabled_; }
  size_t token_count() const { return tokens_.size(); }

  // "sha256:<hex>" of `token`.
  static std::string HashToken(absl::string_view token);
  // A new random token ("hrr_" + 43 base64url characters, 256 bits).
  static std::string NewToken();

 private:
  struct Grant {
    std::string instance;
    int scopes = 0;
  };
  explicit Authenticator(bool enabled) : enabled_(enabled) {}
  absl::Status AddLine(absl::string_view where, absl::string_view line,
                       absl::string_view default_instance);

  bool enabled_ = true;
  absl::flat_hash_map<std::string, Grant> tokens_;  // by hash
};

}  // namespace harrier

#endif  // HARRIER_SERVICE_AUTH_H_
