// Copyright 2026 The Harrier Authors.
#include "cli/args.h"
#include "cli/commands.h"
#include "service/auth.h"

namespace harrier::cli {

int RunToken(const Words& words, std::ostream& out, std::ostream& err) {
  Args args;
  if (!args.Parse(words, {"instance", "scopes"}, {}, err)) return 2;
  if (args.positional().size() != 1 || args.positional()[0] != "new") {
    err << "usage: harrier token new [--instance NAME] [--scopes ingest,read,admin]\n";
    return 2;
  }
  const std::string token = Authenticator::NewToken();
  out << "token: " << token << "\n"
      << "config line (for a tokens file; keep the token itself secret):\n"
      << args.Get("instance", "INSTANCE") << " " << Authenticator::HashToken(token) << " "
      << args.Get("scopes", "ingest,read,admin") << "\n";
  return 0;
}

}  // namespace harrier::cli
